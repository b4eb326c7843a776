// The digest for the terminal and as JSON (src/render/digest-text.ts): golden text for a small fixed digest (a new
// and an updated event, a quote, links with and without addresses, an unnamed outlet, events left out), the empty
// digest's wordings, the rule under the title, and the JSON shape. Invented fixtures: the (fictional) Kelby ferry
// strike and Bellmere flood, digest of Friday 2026-11-27 in Europe/Paris.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Digest, DigestEntry } from '../../src/digest/build-digest.ts';
import type { ArticleSummary } from '../../src/domain/article.ts';
import { digestJson, renderDigestText } from '../../src/render/digest-text.ts';

function article(id: string, source: string | null, title: string, url: string | null): ArticleSummary {
  return {
    id,
    guildId: null,
    title,
    url,
    canonicalUrl: url,
    source,
    publishedAt: '2026-11-27T05:00:00Z',
    publishedAtIsIngestTime: false,
    language: 'en',
    ingestedAt: '2026-11-27T05:10:00Z',
    contentHash: `hash-${id}`,
    addedBy: null,
  };
}

const HERALD = article('h1', 'Kelby Herald', 'Crews vote to strike', 'https://herald.example/ferry');
const POST = article('p1', 'Valley Post', 'Strike set\nfor Monday', null);
const UNNAMED = article('u1', null, 'Flood update', 'https://blog.example/flood');

const FERRY: DigestEntry = {
  eventId: 'ferry',
  title: 'Kelby ferry crews  vote to strike',
  status: 'new',
  whatsNew: null,
  sentences: [
    { text: 'Ferry crews in Kelby voted\n to strike from Monday.', source: HERALD },
    { text: 'The operator plans a reduced timetable.', source: POST },
  ],
  quote: { text: 'We have run out\nof patience.', speaker: 'Ada Morven', sources: [POST, HERALD] },
  outletCount: 2,
  links: [HERALD, POST],
};

const FLOOD: DigestEntry = {
  eventId: 'flood',
  title: 'Bellmere flood waters recede',
  status: 'updated',
  whatsNew: '1 new article, from Valley Post',
  sentences: [{ text: 'The river fell by a metre overnight.', source: null }],
  quote: { text: 'The worst is over.', speaker: 'Mayor of Bellmere', sources: [] },
  outletCount: 1,
  links: [UNNAMED],
};

const DIGEST: Digest = {
  chart: null,
  localDate: '2026-11-27',
  timeZone: 'Europe/Paris',
  title: 'Daily digest · Friday 27 November 2026',
  sinceLine: 'Since Thursday 26 November, 08:00 (Europe/Paris)',
  topics: 'ferry, flood',
  entries: [FERRY, FLOOD],
  moreEvents: 2,
};

describe('renderDigestText', () => {
  test('golden: a small digest', () => {
    const expected = `📰 Daily digest · Friday 27 November 2026
Since Thursday 26 November, 08:00 (Europe/Paris) · topics: ferry, flood
═════════════════════════════════════════

1. [new] Kelby ferry crews vote to strike
   2 outlets · event ferry
   Ferry crews in Kelby voted to strike from Monday. (Kelby Herald)
   The operator plans a reduced timetable. (Valley Post)
   “We have run out of patience.” — Ada Morven (Valley Post)
   Read: Kelby Herald: Crews vote to strike https://herald.example/ferry
   Read: Valley Post: Strike set for Monday

2. [updated] Bellmere flood waters recede
   1 outlet · event flood
   Updated: 1 new article, from Valley Post
   The river fell by a metre overnight. (unnamed outlet)
   “The worst is over.” — Mayor of Bellmere (unnamed outlet)
   Read: unnamed outlet: Flood update https://blog.example/flood

…and 2 more events with news (newsbot events).
`;
    assert.equal(renderDigestText(DIGEST), expected);
  });

  const cases: { name: string; digest: Digest; expected: string }[] = [
    {
      name: 'empty, no window start, no topics',
      digest: { ...DIGEST, sinceLine: null, topics: null, entries: [], moreEvents: 0 },
      expected: `📰 Daily digest · Friday 27 November 2026
═════════════════════════════════════════
No new events.
`,
    },
    {
      name: 'empty, about topics',
      digest: { ...DIGEST, sinceLine: null, entries: [], moreEvents: 0 },
      expected: `📰 Daily digest · Friday 27 November 2026
topics: ferry, flood
═════════════════════════════════════════
No new events about these topics.
`,
    },
    {
      name: 'a short title: the rule is at least 8 wide; one more event, singular',
      digest: { ...DIGEST, title: 'Hi', sinceLine: null, topics: null, entries: [FLOOD], moreEvents: 1 },
      expected: `📰 Hi
════════

1. [updated] Bellmere flood waters recede
   1 outlet · event flood
   Updated: 1 new article, from Valley Post
   The river fell by a metre overnight. (unnamed outlet)
   “The worst is over.” — Mayor of Bellmere (unnamed outlet)
   Read: unnamed outlet: Flood update https://blog.example/flood

…and 1 more event with news (newsbot events).
`,
    },
    {
      name: 'a long title: the rule is at most 78 wide',
      digest: { ...DIGEST, title: 'T'.repeat(120), sinceLine: null, topics: null, entries: [], moreEvents: 0 },
      expected: `📰 ${'T'.repeat(120)}\n${'═'.repeat(78)}\nNo new events.\n`,
    },
  ];
  for (const c of cases) test(c.name, () => assert.equal(renderDigestText(c.digest), c.expected));

  test('ends with one newline and has no trailing spaces', () => {
    const text = renderDigestText(DIGEST);
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));
    for (const line of text.split('\n')) assert.equal(line, line.trimEnd());
  });
});

describe('digestJson', () => {
  test('the same content as data, with article ids for sources', () => {
    assert.deepEqual(digestJson(DIGEST), {
      date: '2026-11-27',
      timeZone: 'Europe/Paris',
      title: 'Daily digest · Friday 27 November 2026',
      since: 'Since Thursday 26 November, 08:00 (Europe/Paris)',
      topics: 'ferry, flood',
      events: [
        {
          id: 'ferry',
          title: 'Kelby ferry crews  vote to strike',
          status: 'new',
          whatsNew: null,
          outletCount: 2,
          summary: [
            { text: 'Ferry crews in Kelby voted\n to strike from Monday.', articleId: 'h1' },
            { text: 'The operator plans a reduced timetable.', articleId: 'p1' },
          ],
          quote: { text: 'We have run out\nof patience.', speaker: 'Ada Morven', articleIds: ['p1', 'h1'] },
          links: [
            { id: 'h1', url: 'https://herald.example/ferry', title: 'Crews vote to strike', source: 'Kelby Herald' },
            { id: 'p1', url: null, title: 'Strike set\nfor Monday', source: 'Valley Post' },
          ],
        },
        {
          id: 'flood',
          title: 'Bellmere flood waters recede',
          status: 'updated',
          whatsNew: '1 new article, from Valley Post',
          outletCount: 1,
          summary: [{ text: 'The river fell by a metre overnight.', articleId: null }],
          quote: { text: 'The worst is over.', speaker: 'Mayor of Bellmere', articleIds: [] },
          links: [{ id: 'u1', url: 'https://blog.example/flood', title: 'Flood update', source: null }],
        },
      ],
      moreEvents: 2,
    });
  });

  test('an empty digest', () => {
    assert.deepEqual(digestJson({ ...DIGEST, sinceLine: null, topics: null, entries: [], moreEvents: 0 }), {
      date: '2026-11-27',
      timeZone: 'Europe/Paris',
      title: 'Daily digest · Friday 27 November 2026',
      since: null,
      topics: null,
      events: [],
      moreEvents: 0,
    });
  });

  test('survives a JSON round trip unchanged', () => {
    const json = digestJson(DIGEST);
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
  });
});
