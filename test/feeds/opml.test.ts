import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OpmlError, parseOpml, toOpml } from '../../src/feeds/opml.ts';
import { UserFacingError } from '../../src/errors.ts';

const SUBSCRIPTIONS = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Norland">
      <outline type="rss" text="Norland Herald &amp; Courier" title="Norland Herald" xmlUrl="https://herald.example/feed.xml?edition=north&amp;lang=en" htmlUrl="https://herald.example/"/>
      <outline text="Regional">
        <outline type="rss" text="Kelm Valley Bulletin" xmlUrl="https://bulletin.example/feed.json"/>
        <outline text="A note without a feed"/>
      </outline>
    </outline>
    <outline type="atom" xmlUrl="https://meridianpost.example/europe/atom.xml"/>
    <outline type="rss" text="Duplicate" xmlUrl="https://bulletin.example/feed.json"/>
    <outline type="link" text="Just a web page" url="https://page.example/"/>
    <outline type="rss" text="Not the web" xmlUrl="ftp://files.example/feed"/>
    <outline type="rss" text="Broken" xmlUrl="not a url"/>
  </body>
</opml>`;

function opmlFails(input: string, pattern: RegExp): void {
  assert.throws(
    () => parseOpml(input),
    (error: unknown) => {
      assert.ok(error instanceof OpmlError && error instanceof UserFacingError, String(error));
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('parseOpml', () => {
  it('reads feeds from nested outlines, skipping folders, notes, duplicates and non-web addresses', () => {
    assert.deepEqual(parseOpml(SUBSCRIPTIONS), [
      { url: 'https://herald.example/feed.xml?edition=north&lang=en', title: 'Norland Herald' },
      { url: 'https://bulletin.example/feed.json', title: 'Kelm Valley Bulletin' },
      { url: 'https://meridianpost.example/europe/atom.xml', title: null },
    ]);
  });

  it('reads bytes as well as text, and OPML 1.0 without a head', () => {
    const opml = '<opml version="1.0"><body><outline text="Old" xmlUrl="http://old.example/rss"/></body></opml>';
    assert.deepEqual(parseOpml(new TextEncoder().encode(opml)), [{ url: 'http://old.example/rss', title: 'Old' }]);
  });

  it('returns an empty list for an OPML file without feeds', () => {
    assert.deepEqual(parseOpml('<opml version="2.0"><head/><body><outline text="empty folder"/></body></opml>'), []);
  });

  it('refuses malformed XML', () => {
    opmlFails('<opml version="2.0"><body><outline xmlUrl="https://a.example/"></body></opml>', /not well-formed XML/);
    opmlFails('<opml version="2.0"><body>', /not well-formed XML/);
  });

  it('refuses documents that are not OPML, and plain text', () => {
    opmlFails('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>', /not an OPML file/);
    opmlFails('https://a.example/feed.xml', /not XML/);
    opmlFails('', /empty/);
  });

  it('refuses entity declarations (billion laughs)', () => {
    const lol = readFileSync(new URL('fixtures/billion-laughs.xml', import.meta.url), 'utf8').replace(/<rss[\s\S]*$/, '<opml version="2.0"><body><outline text="&lol9;" xmlUrl="https://a.example/"/></body></opml>');
    opmlFails(lol, /declares its own XML entities/);
  });
});

describe('toOpml', () => {
  const feeds = [
    { url: 'https://herald.example/feed.xml?edition=north&lang=en', title: 'Herald <North> & "friends" \'n\' co' },
    { url: 'https://bulletin.example/feed.json', title: null },
    { url: 'https://odd.example/rss', title: 'Tab\tand\nnewline and a control\u0001 character' },
  ];
  const text = toOpml(feeds, 'newsbot feeds for #news & <stuff>', new Date('2026-11-26T10:00:00Z'));

  it('writes a well-formed OPML 2.0 document with everything escaped', () => {
    assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    assert.match(text, /<title>newsbot feeds for #news &amp; &lt;stuff&gt;<\/title>/);
    assert.match(text, /<dateCreated>Thu, 26 Nov 2026 10:00:00 GMT<\/dateCreated>/);
    assert.match(text, /xmlUrl="https:\/\/herald.example\/feed.xml\?edition=north&amp;lang=en"/);
    assert.match(text, /text="Herald &lt;North&gt; &amp; &quot;friends&quot; &apos;n&apos; co"/);
    assert.ok(!text.includes('\u0001'));
  });

  it('round-trips through parseOpml, the URL standing in for a missing title', () => {
    assert.deepEqual(parseOpml(text), [
      { url: feeds[0]?.url, title: 'Herald <North> & "friends" \'n\' co' },
      { url: 'https://bulletin.example/feed.json', title: 'https://bulletin.example/feed.json' },
      { url: 'https://odd.example/rss', title: 'Tab and newline and a control character' },
    ]);
  });

  it('writes an empty list', () => {
    assert.deepEqual(parseOpml(toOpml([], 'none')), []);
  });
});
