import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { RawArticle } from '../../src/domain/article.ts';
import { decodeEntities, parseHtml } from '../../src/ingest/formats/html.ts';
import { isJsonReject, parseJsonArticle, parseJsonDocument, parseJsonLine } from '../../src/ingest/formats/json.ts';
import { FrontMatterError, parseMarkdown, parsePlainText } from '../../src/ingest/formats/text.ts';

const FIXTURES = new URL('../fixtures/ingest/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

function raw(fields: Partial<RawArticle> & { text: string }): RawArticle {
  return { title: null, url: null, source: null, published: null, ...fields };
}

describe('parsePlainText', () => {
  it('reads the front matter and keeps the body as written', () => {
    const article = parsePlainText(fixture('harbour-strike.txt'));
    assert.deepEqual(article, {
      title: 'Harbour workers end three-day strike',
      url: 'https://news.example.org/2024/03/harbour-strike-ends',
      source: 'Example Gazette',
      published: '2024-03-02T08:15:00+01:00',
      text:
        'Dock workers at the port of Westhaven returned to work on Saturday after the union accepted a revised pay offer.\n\n' +
        'The strike had left more than forty container ships waiting offshore. Port officials said the backlog would take about a week to clear.\n',
    });
  });

  const cases: [name: string, input: string, expected: RawArticle][] = [
    ['no front matter', 'Snow closed the mountain pass.\n', raw({ text: 'Snow closed the mountain pass.\n' })],
    ['`published` instead of `publishedAt`', '---\npublished: 2024-01-05\n---\nBody.', raw({ text: 'Body.', published: '2024-01-05' })],
    [
      '`publishedAt` wins over `published`',
      '---\npublished: 2024-01-05\npublishedAt: 2024-01-06T10:00:00Z\n---\nBody.',
      raw({ text: 'Body.', published: '2024-01-06T10:00:00Z' }),
    ],
    ['a YAML timestamp becomes ISO 8601 again', '---\npublished: !!timestamp 2024-03-01T10:00:00Z\n---\nBody.', raw({ text: 'Body.', published: '2024-03-01T10:00:00.000Z' })],
    ['a numeric title becomes text', '---\ntitle: 1984\n---\nBody.', raw({ text: 'Body.', title: '1984' })],
    ['unknown keys are ignored', '---\ntags: [council, budget]\nauthor: {name: Ana}\n---\nBody.', raw({ text: 'Body.' })],
    ['an empty front matter', '---\n---\nBody.', raw({ text: 'Body.' })],
    ['a blank title is no title', '---\ntitle: "  "\n---\nBody.', raw({ text: 'Body.' })],
    ['CRLF line endings', '---\r\ntitle: Dam repaired\r\n---\r\nBody.\r\n', raw({ text: 'Body.\r\n', title: 'Dam repaired' })],
    ['`...` closes the block too', '---\ntitle: Dam repaired\n...\nBody.', raw({ text: 'Body.', title: 'Dam repaired' })],
    ['an unclosed block is ordinary text', '---\ntitle: nothing closes this\nBody.', raw({ text: '---\ntitle: nothing closes this\nBody.' })],
    ['`---` later in the text is not front matter', 'Intro.\n---\ntitle: x\n---\n', raw({ text: 'Intro.\n---\ntitle: x\n---\n' })],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(parsePlainText(input), expected));
  }

  it('passes a non-English article through untouched', () => {
    const body = 'Le conseil municipal a voté le budget mardi soir.\n\n市議会は火曜日に予算を承認した。\n\nالمجلس وافق على الميزانية.\n';
    const article = parsePlainText(`---\ntitle: Budget voté\n---\n${body}`);
    assert.equal(article.text, body);
    assert.equal(article.title, 'Budget voté');
  });

  const errors: [name: string, input: string, message: RegExp][] = [
    ['invalid YAML', '---\ntitle: [unclosed\n---\nBody.', /not valid YAML/],
    ['a list instead of a mapping', '---\n- a\n- b\n---\nBody.', /mapping/],
    ['a scalar instead of a mapping', '---\njust words\n---\nBody.', /mapping/],
    ['a title that is a list', '---\ntitle: [a, b]\n---\nBody.', /title must be text/],
  ];
  for (const [name, input, message] of errors) {
    it(`throws a FrontMatterError for ${name}`, () => {
      assert.throws(() => parsePlainText(input), (error: unknown) => error instanceof FrontMatterError && message.test(error.message));
    });
  }
});

describe('parseMarkdown', () => {
  it('turns the fixture into plain paragraphs, the opening heading being the title', () => {
    const article = parseMarkdown(fixture('library-reopens.md'));
    assert.equal(article.title, 'Old library reopens after renovation');
    assert.equal(
      article.text,
      [
        'The Millbrook public library reopened on Monday after a two-year renovation that cost about 4.2 million euros, the town council said.',
        'What changed',
        "A larger children's corner\nLate opening on Thursdays\nSolar panels on the roof",
        '"People kept asking when they could come back," said head librarian Ana Ruiz.',
        'Entry remains free for residents.',
      ].join('\n\n'),
    );
  });

  const cases: [name: string, input: string, title: string | null, text: string][] = [
    ['a level-2 opening heading is not the title', '## Weather\n\nRain all week.', null, 'Weather\n\nRain all week.'],
    ['a level-1 heading after a paragraph is not the title', 'Intro.\n\n# Later\n\nMore.', null, 'Intro.\n\nLater\n\nMore.'],
    ['a setext heading counts as level 1', 'Floods recede\n=============\n\nWater levels fell.', 'Floods recede', 'Water levels fell.'],
    ['the front matter title wins; a different heading stays', '---\ntitle: Front\n---\n# Other heading\n\nBody.', 'Front', 'Other heading\n\nBody.'],
    ['a heading repeating the front matter title is dropped', '---\ntitle: Same Title\n---\n# Same  title\n\nBody.', 'Same Title', 'Body.'],
    ['emphasis, code and strike-through markers go', 'A *b* **c** _d_ `e` ~~f~~ g.', null, 'A b c d e f g.'],
    ['links keep their text; images go', 'See [the report](https://x.example/r) ![chart](c.png) now.', null, 'See the report now.'],
    ['autolinks keep the address', 'Visit <https://x.example/> today.', null, 'Visit https://x.example/ today.'],
    ['soft breaks join lines; hard breaks stay', 'one\ntwo  \nthree\\\nfour', null, 'one two\nthree\nfour'],
    ['CJK soft breaks join without a space', '市議会は\n予算を承認した。', null, '市議会は予算を承認した。'],
    ['entities and escapes', 'Fish &amp; chips &copy; \\*not emphasis\\*', null, 'Fish & chips © *not emphasis*'],
    ['nested and loose lists, one item a line', '- a\n  - a1\n- b\n\n1. first\n\n   more\n2. second', null, 'a\na1\nb\n\nfirst more\nsecond'],
    ['blockquotes keep their paragraphs', '> First.\n>\n> Second.', null, 'First.\n\nSecond.'],
    ['code blocks keep their text', '```\nconst a = 1;\n  indented();\n```', null, 'const a = 1;\n  indented();'],
    ['tables, one row a line', '| Team | Score |\n|---|---|\n| Reds | 2 |\n| Blues | 1 |', null, 'Team | Score\nReds | 2\nBlues | 1'],
    ['HTML blocks keep only their text', '<div class="note">\n<p>Polls close at <b>8 pm</b>.</p>\n</div>\n\nAfter.', null, 'Polls close at 8 pm.\n\nAfter.'],
    ['inline HTML tags go', 'Turnout was <span class="n">61%</span>.', null, 'Turnout was 61%.'],
    ['HTML comments go', '<!-- draft -->\n# Title\n\nText.', 'Title', 'Text.'],
    ['horizontal rules only separate', 'Before.\n\n---\n\nAfter.', null, 'Before.\n\nAfter.'],
    ['a lone title leaves no body', '# Only a title\n', 'Only a title', ''],
  ];
  for (const [name, input, title, text] of cases) {
    it(name, () => {
      const article = parseMarkdown(input);
      assert.equal(article.title, title);
      assert.equal(article.text, text);
    });
  }

  it('takes url, source and published from the front matter', () => {
    const article = parseMarkdown('---\nurl: https://m.example/a\nsource: M\npublishedAt: 2024-06-01\n---\nBody.');
    assert.deepEqual(article, raw({ text: 'Body.', url: 'https://m.example/a', source: 'M', published: '2024-06-01' }));
  });

  it('throws a FrontMatterError for invalid front matter', () => {
    assert.throws(() => parseMarkdown('---\n: : :\n  - [\n---\nBody'), FrontMatterError);
  });

  describe('pathological input stays fast', () => {
    const cases: [name: string, markdown: string][] = [
      ['150,000 nested divs in an HTML block', `Intro.\n\n<div>${'<div>'.repeat(150_000)}deep</div>\n\nAfter.`],
      ['unbalanced emphasis', '**a *b** c* '.repeat(50_000)],
      ['unclosed brackets', '['.repeat(100_000)],
      ['many links', '[a](b) '.repeat(50_000)],
    ];
    for (const [name, markdown] of cases) {
      it(name, () => {
        const started = performance.now();
        parseMarkdown(markdown);
        const elapsed = performance.now() - started;
        assert.ok(elapsed < 10_000, `took ${Math.round(elapsed)} ms`);
      });
    }
  });
});

/** A news story long enough for Readability (over 500 characters of text). */
const LONG_STORY = [
  'The city council voted on Thursday to turn the disused rail yard behind the central station into a public park, ending a debate that had lasted almost a decade.',
  'Work is due to start next spring. The plan includes a playground, a community garden and a cycle path that links the station with the river promenade.',
  'Opponents had argued that the land should be used for housing. The mayor said the council would look for other sites for new homes in the coming year.',
]
  .map((p) => `<p>${p}</p>`)
  .join('\n');

function page(head: string, body: string): string {
  return `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;
}

describe('parseHtml', () => {
  it('extracts the story and metadata from a news page full of noise', () => {
    const article = parseHtml(fixture('bridge-closure.html'));
    assert.equal(article.title, 'River bridge to close for repairs');
    assert.equal(article.url, 'https://herald.example.com/local/bridge-closure');
    assert.equal(article.source, 'The Riverside Herald');
    assert.equal(article.published, '2024-05-14T06:45:00+02:00');
    assert.equal(
      article.text,
      [
        'The Old Mill bridge over the river Wend will close to all traffic from 3 June for six weeks while engineers replace its worn steel bearings, the county roads department said on Tuesday.',
        'Buses on routes 12 and 14 will be diverted through the industrial estate, adding about ten minutes to journeys. Cyclists and pedestrians will be able to use a temporary footbridge that opens on 1 June.',
        'Why now?',
        'An inspection in March found corrosion on four of the bridge’s eight bearings. “We would rather close it for six weeks now than for six months later,” said county engineer Tomas Berg.',
        'Local shop owners on Mill Street said they were worried about losing passing trade during the summer.\nThe council has promised extra signs pointing to the town centre.',
        'Closure: 3 June to 15 July',
        'Diversion: via Station Road',
      ].join('\n\n'),
    );
    for (const noise of ['Advertisement', 'Related stories', 'All rights reserved', 'Politics', 'dataLayer', 'border:', 'Search', 'Mara Lindqvist']) {
      assert.ok(!article.text.includes(noise), `text should not contain ${noise}`);
    }
  });

  const metadata: [name: string, html: string, fallbackUrl: string | undefined, expected: Partial<RawArticle>][] = [
    [
      'article:published_time comes first',
      page(
        '<meta property="article:published_time" content="2024-01-01T10:00:00Z"><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-12-31"}</script>',
        `<article><time datetime="2023-11-11">x</time>${LONG_STORY}</article>`,
      ),
      undefined,
      { published: '2024-01-01T10:00:00Z' },
    ],
    ['itemprop datePublished', page('', `<article><meta itemprop="datePublished" content="2024-02-02">${LONG_STORY}</article>`), undefined, { published: '2024-02-02' }],
    [
      'JSON-LD datePublished in a top-level array',
      page('<script type="application/ld+json">[{"@type":"Organization","name":"X"},{"@type":["NewsArticle"],"datePublished":"2024-03-03T03:03:03Z"}]</script>', LONG_STORY),
      undefined,
      { published: '2024-03-03T03:03:03Z' },
    ],
    [
      'JSON-LD in @graph, article types preferred',
      page('<script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":"2020-01-01"},{"@type":"BlogPosting","datePublished":"2024-04-04"}]}</script>', LONG_STORY),
      undefined,
      { published: '2024-04-04' },
    ],
    ['invalid JSON-LD is ignored', page('<script type="application/ld+json">{not json</script>', LONG_STORY), undefined, { published: null }],
    ['<time datetime> inside the article', page('', `<header><time datetime="2030-01-01">today</time></header><article><time datetime="2024-05-05T05:05:05Z">May 5</time>${LONG_STORY}</article>`), undefined, { published: '2024-05-05T05:05:05Z' }],
    ['<title> when there is no og:title', page('<title>Park plan approved</title>', LONG_STORY), undefined, { title: 'Park plan approved' }],
    [
      'a site suffix is removed only when it is the og:site_name',
      page('<title>Park plan approved | City Times</title><meta property="og:site_name" content="City Times">', LONG_STORY),
      undefined,
      { title: 'Park plan approved', source: 'City Times' },
    ],
    [
      'a suffix that is not the site name stays',
      page('<meta property="og:title" content="Park plan approved - Opinion"><meta property="og:site_name" content="City Times">', LONG_STORY),
      undefined,
      { title: 'Park plan approved - Opinion' },
    ],
    ['og:url when there is no canonical link', page('<meta property="og:url" content="https://www.times.example/park">', LONG_STORY), undefined, { url: 'https://www.times.example/park', source: 'times.example' }],
    ['a relative canonical link resolves against the fallback URL', page('<link rel="canonical" href="/news/park">', LONG_STORY), 'https://city.example/x?y=1', { url: 'https://city.example/news/park', source: 'city.example' }],
    ['the fallback URL when the page names none', page('', LONG_STORY), 'https://city.example/park', { url: 'https://city.example/park', source: 'city.example' }],
    ['no URL at all', page('<link rel="canonical" href="/relative/only">', LONG_STORY), undefined, { url: null, source: null }],
    ['a non-http canonical is ignored', page('<link rel="canonical" href="javascript:alert(1)">', LONG_STORY), undefined, { url: null }],
  ];
  for (const [name, html, fallbackUrl, expected] of metadata) {
    it(`metadata: ${name}`, () => {
      const article = parseHtml(html, fallbackUrl);
      for (const [key, value] of Object.entries(expected)) assert.equal(article[key as keyof RawArticle], value, key);
      assert.ok(article.text.includes('disused rail yard'));
    });
  }

  const texts: [name: string, html: string, text: string][] = [
    ['a fragment', '<p>First &amp; foremost.</p><p>Second.</p>', 'First & foremost.\n\nSecond.'],
    ['a page without a body tag', '<html><head><title>T</title></head><p>Body text.</p></html>', 'Body text.'],
    ['plain text', 'Just a sentence &mdash; no tags.', 'Just a sentence — no tags.'],
    [
      'a short page falls back to the body without furniture',
      '<body><header><a href="/">Site</a></header><nav>Home | World</nav><p>Short note about the fair.</p><aside>Popular</aside><footer>(c) Site</footer></body>',
      'Short note about the fair.',
    ],
    ['the only <article> of a short page', '<body><div>Cookie notice</div><article><p>The fair opens Friday.</p></article></body>', 'The fair opens Friday.'],
    ['inline whitespace collapses; <br> breaks the line', '<p>  Polls   open\n at <b>7</b>&nbsp;am.<br>Polls close at 8.</p>', 'Polls open at 7 am.\nPolls close at 8.'],
    ['headings and list items are paragraphs', '<h2>Result</h2><ul><li>Reds 2</li><li>Blues <i>1</i></li></ul>', 'Result\n\nReds 2\n\nBlues 1'],
    ['scripts, styles, templates and hidden parts are dropped', '<p>Seen.</p><script>var x = "<p>no</p>";</script><style>p{}</style><template><p>no</p></template><p hidden>no</p><p aria-hidden="true">no</p>', 'Seen.'],
    ['preformatted text keeps its lines', '<pre>line 1\nline 2</pre>', 'line 1\nline 2'],
    ['table cells in a row share a line', '<table><tr><th>Team</th><th>Score</th></tr><tr><td>Reds</td><td>2</td></tr></table>', 'Team Score\n\nReds 2'],
    ['numeric character references', '<p>&#8220;Yes&#x201D; &#169;</p>', '“Yes” ©'],
    ['a page with nothing but scripts', '<html><body><script>track()</script></body></html>', ''],
    ['Readability\'s short pick stays when the fallback finds nothing', '<html><body><nav>Menu</nav></body></html>', 'Menu'],
    ['a page wrapped in a form (ASP.NET) keeps its text', '<body><form id="aspnetForm"><input name="q"><p>Council meets Monday.</p></form></body>', 'Council meets Monday.'],
  ];
  for (const [name, html, text] of texts) {
    it(`text: ${name}`, () => assert.equal(parseHtml(html).text, text));
  }

  it('keeps the heading that repeats the title out of the text', () => {
    const article = parseHtml(page('<title>Short news</title>', '<h1>Short news</h1><p>One line.</p>'));
    assert.equal(article.title, 'Short news');
    assert.equal(article.text, 'One line.');
  });

  it('passes non-English text through', () => {
    const article = parseHtml(page('<title>予算</title>', '<article><p>市議会は火曜日に予算を承認した。</p><p>Le conseil a voté.</p></article>'));
    assert.equal(article.text, '市議会は火曜日に予算を承認した。\n\nLe conseil a voté.');
  });

  describe('pathological input stays fast', () => {
    const cases: [name: string, html: string][] = [
      ['200,000 nested divs', `${'<div>'.repeat(200_000)}deep text`],
      ['300 nested divs (too deep for Readability)', `${'<div>'.repeat(300)}${LONG_STORY}`],
      ['200,000 unclosed paragraphs', '<p>x'.repeat(200_000)],
      ['a million stray "<"', `${'<'.repeat(1_000_000)}x`],
      ['unclosed attribute soup', '<<<>>><a <b c="d>'.repeat(100_000)],
      ['100,000 unclosed scripts', '<script>'.repeat(100_000)],
    ];
    for (const [name, html] of cases) {
      it(name, () => {
        const started = performance.now();
        const article = parseHtml(html);
        const elapsed = performance.now() - started;
        assert.equal(typeof article.text, 'string');
        assert.ok(elapsed < 20_000, `took ${Math.round(elapsed)} ms`);
      });
    }

    it('a generated 5 MB page', (t) => {
      const parts = ['<!DOCTYPE html><html><head><title>Port report</title></head><body><nav><a href="/">Home</a></nav><main><article><h1>Port report</h1>'];
      let size = 0;
      for (let i = 0; size < 5 * 1024 * 1024; i++) {
        const block = `<div class="block"><p>Update ${i}: the harbour authority extended <a href="/t/${i}">night shifts</a>, citing a <em>${i % 97}%</em> rise in container traffic &amp; delays.</p><aside class="ad">Advertisement ${i}</aside></div>\n`;
        parts.push(block);
        size += block.length;
      }
      parts.push('</article></main><footer>Footer</footer></body></html>');
      const html = parts.join('');
      const started = performance.now();
      const article = parseHtml(html);
      const elapsed = performance.now() - started;
      t.diagnostic(`${(html.length / 1024 / 1024).toFixed(1)} MB parsed in ${Math.round(elapsed)} ms`);
      assert.ok(article.text.startsWith('Update 0: the harbour authority extended night shifts, citing a 0% rise in container traffic & delays.'));
      assert.ok(!article.text.includes('Advertisement'));
      assert.ok(elapsed < 60_000, `took ${Math.round(elapsed)} ms`);
    });
  });
});

describe('decodeEntities', () => {
  const cases: [input: string, expected: string][] = [
    ['&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['&copy 2024 &amp more', '© 2024 & more'],
    ['&mdash;&hellip;&euro;', '—…€'],
    ['&#65;&#x42;&#X43;', 'ABC'],
    ['&#0; &#xD800; &#99999999;', '\ufffd \ufffd \ufffd'],
    ['&unknown; &hellip no semicolon', '&unknown; &hellip no semicolon'],
    ['AT&T', 'AT&T'],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.equal(decodeEntities(input), expected));
  }
});

describe('parseJsonArticle', () => {
  it('reads every field', () => {
    assert.deepEqual(
      parseJsonArticle({ title: 'T', text: 'Body', url: 'https://x.example/a', source: 'X', publishedAt: '2024-01-01T00:00:00Z', extra: [1] }),
      { title: 'T', text: 'Body', url: 'https://x.example/a', source: 'X', published: '2024-01-01T00:00:00Z' },
    );
  });

  const accepted: [name: string, value: unknown, expected: RawArticle][] = [
    ['only text', { text: 'Body' }, raw({ text: 'Body' })],
    ['`published` is accepted', { text: 'Body', published: '2024-02-02' }, raw({ text: 'Body', published: '2024-02-02' })],
    ['`publishedAt` wins over `published`', { text: 'Body', published: '2024-02-02', publishedAt: '2024-03-03' }, raw({ text: 'Body', published: '2024-03-03' })],
    ['nulls are missing values', { text: 'Body', title: null, url: null }, raw({ text: 'Body' })],
    ['blank optional fields are missing values', { text: 'Body', title: '  ', source: '' }, raw({ text: 'Body' })],
    ['text is kept as written', { text: '  Indented\n\nbody  ' }, raw({ text: '  Indented\n\nbody  ' })],
  ];
  for (const [name, value, expected] of accepted) {
    it(name, () => assert.deepEqual(parseJsonArticle(value), expected));
  }

  const rejected: [name: string, value: unknown, reason: 'empty' | 'parse_error', detail: RegExp][] = [
    ['missing text', { title: 'T' }, 'empty', /missing/],
    ['null text', { text: null }, 'empty', /missing/],
    ['blank text', { text: ' \n ' }, 'empty', /blank/],
    ['text of the wrong type', { text: 42 }, 'parse_error', /text must be a string/],
    ['a title of the wrong type', { text: 'Body', title: ['a'] }, 'parse_error', /title must be a string/],
    ['a date of the wrong type', { text: 'Body', publishedAt: 1700000000 }, 'parse_error', /publishedAt must be a string/],
    ['an array', [{ text: 'Body' }], 'parse_error', /got an array/],
    ['a string', 'Body', 'parse_error', /got a string/],
    ['null', null, 'parse_error', /got null/],
  ];
  for (const [name, value, reason, detail] of rejected) {
    it(`rejects ${name}`, () => {
      const result = parseJsonArticle(value);
      assert.ok(isJsonReject(result));
      assert.equal(result.reason, reason);
      assert.match(result.detail, detail);
    });
  }
});

describe('parseJsonDocument', () => {
  it('reads the fixture array, element by element', () => {
    const document = parseJsonDocument(fixture('articles.json'));
    assert.ok(document.ok);
    assert.deepEqual(
      document.items.map(({ index, result }) => [index, isJsonReject(result) ? result.reason : result.title]),
      [
        [0, 'Tram line extension approved'],
        [1, 'Bakery wins national award'],
        [2, 'empty'],
      ],
    );
  });

  it('reads a single object', () => {
    assert.deepEqual(parseJsonDocument('{"text": "Body"}'), { ok: true, items: [{ index: null, result: raw({ text: 'Body' }) }] });
  });

  const rejected: [name: string, text: string, reason: 'empty' | 'parse_error', detail: RegExp][] = [
    ['invalid JSON', '{"text": "Body"', 'parse_error', /invalid JSON/],
    ['a number', '42', 'parse_error', /got a number/],
    ['an empty array', '[]', 'empty', /no articles/],
  ];
  for (const [name, text, reason, detail] of rejected) {
    it(`rejects ${name}`, () => {
      const document = parseJsonDocument(text);
      assert.equal(document.ok, false);
      if (document.ok) return;
      assert.equal(document.reason, reason);
      assert.match(document.detail, detail);
    });
  }

  it('keeps going past bad elements', () => {
    const document = parseJsonDocument('[{"text": 1}, "x", {"text": "Fine"}]');
    assert.ok(document.ok);
    assert.deepEqual(
      document.items.map(({ result }) => (isJsonReject(result) ? result.reason : result.text)),
      ['parse_error', 'parse_error', 'Fine'],
    );
  });
});

describe('parseJsonLine', () => {
  it('reads one object', () => assert.deepEqual(parseJsonLine('{"text":"Body","title":"T"}'), raw({ text: 'Body', title: 'T' })));
  it('rejects invalid JSON', () => {
    const result = parseJsonLine('{"text":');
    assert.ok(isJsonReject(result));
    assert.equal(result.reason, 'parse_error');
  });
});
