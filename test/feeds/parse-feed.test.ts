import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FeedParseError, parseFeed } from '../../src/feeds/parse-feed.ts';
import { UserFacingError } from '../../src/errors.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

function parseFails(input: string | Uint8Array, pattern: RegExp, contentType?: string): void {
  assert.throws(
    () => parseFeed(input, contentType),
    (error: unknown) => {
      assert.ok(error instanceof FeedParseError, String(error));
      assert.ok(error instanceof UserFacingError);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

const BILLION_LAUGHS = fixture('billion-laughs.xml');

describe('parseFeed: RSS 2.0', () => {
  const feed = parseFeed(fixture('herald.rss.xml'), 'application/rss+xml; charset=utf-8', { baseUrl: 'https://herald.example/feed.xml' });

  it('reads the channel', () => {
    assert.equal(feed.format, 'rss');
    assert.equal(feed.title, 'Norland Herald & Courier');
    assert.equal(feed.siteUrl, 'https://herald.example/');
    assert.equal(feed.items.length, 3);
  });

  it('reads an item with content:encoded, dc:creator and an RFC 822 date', () => {
    assert.deepEqual(feed.items[0], {
      guid: 'herald-4711',
      url: 'https://herald.example/news/2026/11/26/rail-strike-ends?utm_source=rss&utm_medium=feed',
      title: 'Rail strike ends; union weighs December walkouts',
      summaryHtml: '<p>Trains ran normally across Norland on Wednesday.</p>',
      contentHtml:
        '<p>Trains ran normally across Norland on Wednesday after the 48-hour national rail strike ended at midnight.</p><p>“The strength of feeling was remarkable,” said Marta Kovač.</p>',
      published: '2026-11-26T07:30:00+01:00',
      author: 'Ingrid Solberg',
    });
  });

  it('resolves relative links, decodes entities (HTML ones too), reads dc:date', () => {
    const item = feed.items[1];
    assert.equal(item?.url, 'https://herald.example/news/2026/11/25/kelmsford-flood');
    assert.equal(item?.title, 'Kelmsford flood defences hold – for now');
    assert.equal(item?.summaryHtml, 'Water levels on the Kelm fell overnight & residents returned\u00a0home.');
    assert.equal(item?.published, '2026-11-25T18:05:00Z');
    assert.equal(item?.contentHtml, null);
  });

  it('uses a permalink GUID as the link when there is none, and an unreadable date as null', () => {
    const item = feed.items[2];
    assert.equal(item?.url, 'https://herald.example/news/ferry-timetable');
    assert.equal(item?.guid, 'https://herald.example/news/ferry-timetable');
    assert.equal(item?.published, null);
  });

  it('keeps links as written without a base URL', () => {
    assert.equal(parseFeed(fixture('herald.rss.xml')).items[1]?.url, '/news/2026/11/25/kelmsford-flood');
  });

  it('reads an RSS 0.91 document with the Netscape DOCTYPE (no entities declared)', () => {
    const rss = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old Times</title><link>https://old.example/</link>
<item><title>First</title><link>https://old.example/1</link></item></channel></rss>`;
    const parsed = parseFeed(rss);
    assert.equal(parsed.title, 'Old Times');
    assert.equal(parsed.items[0]?.url, 'https://old.example/1');
  });

  it('reads an RSS 1.0 (RDF) feed as rss', () => {
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF Times</title><link>https://rdf.example/</link><description>d</description></channel>
  <item rdf:about="https://rdf.example/a"><title>A story</title><link>https://rdf.example/a</link><dc:date>2026-11-20T10:00:00Z</dc:date><dc:creator>Per</dc:creator></item>
</rdf:RDF>`;
    const parsed = parseFeed(rdf);
    assert.equal(parsed.format, 'rss');
    assert.equal(parsed.items[0]?.url, 'https://rdf.example/a');
    assert.equal(parsed.items[0]?.published, '2026-11-20T10:00:00Z');
    assert.equal(parsed.items[0]?.author, 'Per');
  });
});

describe('parseFeed: Atom', () => {
  const feed = parseFeed(fixture('meridian.atom.xml'), 'application/atom+xml');

  it('reads the feed', () => {
    assert.equal(feed.format, 'atom');
    assert.equal(feed.title, 'Meridian Post — Europe');
    assert.equal(feed.siteUrl, 'https://meridianpost.example/europe/');
  });

  it('reads an entry: html title as text, text summary as escaped HTML, the alternate link', () => {
    assert.deepEqual(feed.items[0], {
      guid: 'tag:meridianpost.example,2026:norland-rail-strike-begins',
      url: 'https://meridianpost.example/europe/norland-rail-strike-begins',
      title: 'Norland rail strike begins as stations fall silent',
      summaryHtml: '<p>Stations across Norland stood empty &amp; quiet.</p>',
      contentHtml: '<p>Stations across Norland stood empty on Tuesday.</p>',
      published: '2026-11-24T06:00:00+01:00',
      author: 'Erik Lund',
    });
  });

  it('falls back to updated and the feed author; reads xhtml content', () => {
    const entry = feed.items[1];
    assert.equal(entry?.published, '2026-11-25T12:00:00Z');
    assert.equal(entry?.author, 'Meridian Desk');
    assert.equal(entry?.contentHtml, '<p>The council met <b>on Wednesday</b>.</p>');
  });
});

describe('parseFeed: JSON Feed', () => {
  const feed = parseFeed(fixture('bulletin.feed.json'), 'application/feed+json');

  it('reads the feed and its items', () => {
    assert.equal(feed.format, 'json');
    assert.equal(feed.title, 'Kelm Valley Bulletin');
    assert.equal(feed.siteUrl, 'https://bulletin.example/');
    assert.deepEqual(feed.items[0], {
      guid: 'bulletin-2026-11-26-river',
      url: 'https://www.bulletin.example/river-levels/#latest',
      title: 'River levels fall below warning mark',
      summaryHtml: '<p>The Kelm dropped 40 cm overnight.</p>',
      contentHtml: '<p>The Kelm dropped 40 cm overnight, the flood office said.</p>',
      published: '2026-11-26T05:45:00+01:00',
      author: 'Anna Berg',
    });
  });

  it('takes a numeric id as text, external_url as link, content_text as escaped HTML, the feed author', () => {
    assert.deepEqual(feed.items[1], {
      guid: '1029',
      url: 'https://herald.example/news/2026/11/26/rail-strike-ends',
      title: null,
      summaryHtml: null,
      contentHtml: '<p>Linked: the Herald on the end of the strike.</p>\n<p>Worth a read &lt; 5 min.</p>',
      published: '2026-11-26T08:00:00Z',
      author: 'Bulletin Staff',
    });
  });

  it('accepts a string as well as bytes', () => {
    assert.deepEqual(parseFeed(fixture('bulletin.feed.json').toString('utf8')), feed);
  });
});

describe('parseFeed: character sets', () => {
  const latin1Rss = (declaration: string) =>
    Buffer.concat([
      Buffer.from(`<?xml version="1.0"${declaration}?><rss version="2.0"><channel><title>`, 'latin1'),
      Buffer.from([0x4b, 0xf8, 0x62, 0x65, 0x6e, 0x68, 0x61, 0x76, 0x6e, 0x20, 0x93, 0x6e, 0x79, 0x94]), // København “ny”
      Buffer.from('</title></channel></rss>', 'latin1'),
    ]);

  it('uses the XML declaration', () => {
    assert.equal(parseFeed(latin1Rss(' encoding="windows-1252"')).title, 'København “ny”');
  });

  it('lets the HTTP charset win over the declaration', () => {
    assert.equal(parseFeed(latin1Rss(' encoding="utf-8"'), 'text/xml; charset=ISO-8859-1').title, 'København “ny”');
  });

  it('falls back from invalid UTF-8 to windows-1252 when nothing is declared', () => {
    assert.equal(parseFeed(latin1Rss('')).title, 'København “ny”');
  });

  it('reads UTF-16 with a byte order mark', () => {
    const text = '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Ærø</title></channel></rss>';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.equal(parseFeed(bytes).title, 'Ærø');
  });
});

describe('parseFeed: refusals', () => {
  it('refuses malformed XML: mismatched tags', () => {
    parseFails('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</item></channel></rss>', /not well-formed XML/);
  });

  it('refuses malformed XML: a truncated document', () => {
    parseFails('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</title>', /not well-formed XML/);
  });

  it('refuses a billion-laughs document quickly, without expanding it', () => {
    const started = Date.now();
    parseFails(BILLION_LAUGHS, /declares its own XML entities/);
    assert.ok(Date.now() - started < 500);
  });

  it('refuses external entities (XXE)', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>`;
    parseFails(xxe, /declares its own XML entities/);
  });

  it('says a web page is a web page', () => {
    parseFails('<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hello</p></body></html>', /web page, not a feed/, 'text/html');
  });

  it('refuses other XML, JSON that is not a JSON Feed, malformed JSON, plain text and empty input', () => {
    parseFails('<?xml version="1.0"?><note><to>Ann</to></note>', /not a feed/);
    parseFails('{"hello": "world"}', /not a JSON Feed/);
    parseFails('{"version": "https://jsonfeed.org/version/1.1", "items": [', /malformed/);
    parseFails('just some words', /neither XML nor JSON/);
    parseFails(new Uint8Array(), /empty/);
    parseFails(new Uint8Array([0, 1, 2, 3, 0, 0]), /not text/);
  });
});

describe('parseFeed: size', () => {
  it('parses an entity-heavy feed of several MB in linear time', () => {
    const item = (n: number) =>
      `<item><title>Story ${n} &amp; more &lt;b&gt; &#233;&#x2014;&nbsp;x</title><link>https://big.example/${n}?a=1&amp;b=2</link>` +
      `<guid>big-${n}</guid><description>${'&lt;p&gt;Text &amp;amp; more&lt;/p&gt; '.repeat(20)}</description></item>`;
    const build = (count: number) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${Array.from({ length: count }, (_, n) => item(n)).join('')}</channel></rss>`;
    const small = build(2_000);
    const large = build(8_000);
    assert.ok(large.length > 5_000_000, `${large.length} chars`);
    const time = (text: string) => {
      const started = process.hrtime.bigint();
      const feed = parseFeed(text);
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, feed };
    };
    time(small); // warm up
    const a = time(small);
    const b = time(large);
    assert.equal(b.feed.items.length, 8_000);
    assert.equal(b.feed.items[7_999]?.title, 'Story 7999 & more <b> é—\u00a0x');
    assert.equal(b.feed.items[0]?.url, 'https://big.example/0?a=1&b=2');
    assert.ok(b.ms < 10_000, `took ${b.ms} ms`);
    // Four times the input may take at most ~4× as long, with generous slack for noise; quadratic would be ~16×.
    assert.ok(b.ms < a.ms * 10 + 200, `small ${a.ms} ms, large ${b.ms} ms`);
  });

  it('parses a single text node with a million entities', () => {
    const text = `<rss version="2.0"><channel><title>t</title><item><title>${'&amp;'.repeat(1_000_000)}</title></item></channel></rss>`;
    const started = Date.now();
    assert.equal(parseFeed(text).items[0]?.title?.length, 1_000_000);
    assert.ok(Date.now() - started < 5000);
  });
});
