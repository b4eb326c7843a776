// The digest as data (src/digest/build-digest.ts): which events come first (rankActivity), the "what's new" line of
// an updated event, one entry from the store's answers (sources found, one link per outlet, at most three), the
// digest's title, "since" line and count of events left out, and the date wordings.
// Invented fixtures: the (fictional) Kelby ferry dispute and Bellmere flood, told by (fictional) outlets.
// Reference: the digest of Friday 2026-11-27, Europe/Paris (CET, +1); the window starts 2026-11-26 08:00 local.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeDigest, digestEntry, localMoment, longDate, rankActivity, whatsNew } from '../../src/digest/build-digest.ts';
import type { DigestEntry, EventContent } from '../../src/digest/build-digest.ts';
import type { ArticleSummary } from '../../src/domain/article.ts';
import type { EventActivity } from '../../src/store/digest-store.ts';
import type { EventSummary } from '../../src/store/event-store.ts';

const NOW = Date.parse('2026-11-27T07:00:00Z');
const HOUR_MS = 3_600_000;

function article(id: string, source: string | null, overrides: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id,
    guildId: null,
    title: `Article ${id}`,
    url: `https://${(source ?? 'nosource').toLowerCase().replace(/\s+/g, '-')}.example/${id}`,
    canonicalUrl: null,
    source,
    publishedAt: '2026-11-26T12:00:00Z',
    publishedAtIsIngestTime: false,
    language: 'en',
    ingestedAt: '2026-11-26T12:05:00Z',
    contentHash: `hash-${id}`,
    addedBy: null,
    ...overrides,
  };
}

function event(id: string, overrides: Partial<EventSummary> = {}): EventSummary {
  return {
    id,
    guildId: null,
    title: `Event ${id}`,
    articleCount: 4,
    outletCount: 2,
    firstSeen: '2026-11-20T09:00:00Z',
    lastSeen: '2026-11-26T18:00:00Z',
    firstReport: article(`${id}-first`, 'Kelby Herald'),
    ...overrides,
  };
}

function activity(id: string, overrides: Partial<Omit<EventActivity, 'event'>> & { event?: Partial<EventSummary> } = {}): EventActivity {
  const { event: eventOverrides, ...rest } = overrides;
  return {
    event: event(id, eventOverrides),
    isNew: false,
    newArticleCount: 1,
    newOutlets: ['Kelby Herald'],
    newestPublished: NOW - 10 * HOUR_MS,
    ...rest,
  };
}

describe('rankActivity', () => {
  const cases: { name: string; activity: EventActivity[]; order: string[] }[] = [
    {
      name: 'more new outlets first, whatever the order given',
      activity: [
        activity('one', { newOutlets: ['Valley Post'], newArticleCount: 1 }),
        activity('three', { newOutlets: ['Harbor Times', 'Kelby Herald', 'Valley Post'], newArticleCount: 3 }),
        activity('two', { newOutlets: ['Kelby Herald', 'Valley Post'], newArticleCount: 2 }),
      ],
      order: ['three', 'two', 'one'],
    },
    {
      name: 'a story others pick up beats one outlet writing a lot',
      activity: [
        activity('busy', { newOutlets: ['Kelby Herald'], newArticleCount: 15 }),
        activity('spreading', { newOutlets: ['Harbor Times', 'Northern Ledger', 'Valley Post'], newArticleCount: 3 }),
      ],
      order: ['spreading', 'busy'],
    },
    {
      name: 'equal news: the more widely told event first',
      activity: [activity('narrow', { event: { outletCount: 1 } }), activity('wide', { event: { outletCount: 6 } })],
      order: ['wide', 'narrow'],
    },
    {
      name: 'equal outlets: more articles first',
      activity: [activity('few', { newArticleCount: 1 }), activity('many', { newArticleCount: 7 })],
      order: ['many', 'few'],
    },
    {
      name: 'equal weight: a new story before an update',
      activity: [activity('updated', { isNew: false }), activity('fresh', { isNew: true })],
      order: ['fresh', 'updated'],
    },
    {
      name: 'ties: newest first',
      activity: [
        activity('older', { newestPublished: NOW - 5 * HOUR_MS }),
        activity('newest', { newestPublished: NOW - HOUR_MS }),
        activity('oldest', { newestPublished: NOW - 9 * HOUR_MS }),
      ],
      order: ['newest', 'older', 'oldest'],
    },
    {
      name: 'full ties: by id, so the order is stable',
      activity: [activity('b'), activity('c'), activity('a')],
      order: ['a', 'b', 'c'],
    },
    {
      name: "articles without an outlet ('') do not count as new outlets",
      activity: [
        activity('unnamed', { newOutlets: ['', ''], newArticleCount: 2 }),
        activity('named', { newOutlets: ['', 'Valley Post'], newArticleCount: 2 }),
      ],
      order: ['named', 'unnamed'],
    },
    { name: 'one event', activity: [activity('only')], order: ['only'] },
    { name: 'no events', activity: [], order: [] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const given = [...c.activity];
      assert.deepEqual(rankActivity(given).map((a) => a.event.id), c.order);
      assert.deepEqual(given, c.activity, 'the input is not reordered');
    });
  }
});

describe('whatsNew', () => {
  const cases: { name: string; count: number; outlets: string[]; expected: string }[] = [
    { name: 'one article, one outlet', count: 1, outlets: ['Kelby Herald'], expected: '1 new article, from Kelby Herald' },
    { name: 'two outlets', count: 2, outlets: ['Kelby Herald', 'Valley Post'], expected: '2 new articles, from Kelby Herald and Valley Post' },
    { name: 'three outlets', count: 4, outlets: ['Harbor Times', 'Kelby Herald', 'Valley Post'], expected: '4 new articles, from Harbor Times, Kelby Herald and Valley Post' },
    { name: 'four outlets: three and "1 more"', count: 4, outlets: ['A Daily', 'B Weekly', 'C Times', 'D Post'], expected: '4 new articles, from A Daily, B Weekly, C Times and 1 more' },
    { name: 'six outlets: three and "3 more"', count: 9, outlets: ['A', 'B', 'C', 'D', 'E', 'F'], expected: '9 new articles, from A, B, C and 3 more' },
    { name: 'several articles from one outlet', count: 3, outlets: ['Valley Post'], expected: '3 new articles, from Valley Post' },
    // Negative cases: nothing to name.
    { name: 'no outlet names', count: 2, outlets: ['', ''], expected: '2 new articles' },
    { name: 'unnamed outlets are skipped, named kept', count: 3, outlets: ['', 'Valley Post'], expected: '3 new articles, from Valley Post' },
    { name: 'unnamed outlets do not count towards "more"', count: 5, outlets: ['', '', 'A', 'B', 'C'], expected: '5 new articles, from A, B and C' },
    { name: 'no outlets at all', count: 1, outlets: [], expected: '1 new article' },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(whatsNew(activity('e', { newArticleCount: c.count, newOutlets: c.outlets })), c.expected));
  }
});

describe('digestEntry', () => {
  const herald1 = article('h1', 'Kelby Herald', { publishedAt: '2026-11-27T05:00:00Z' });
  const post1 = article('p1', 'Valley Post', { publishedAt: '2026-11-27T04:00:00Z' });
  const herald2 = article('h2', 'Kelby Herald', { publishedAt: '2026-11-27T03:00:00Z' });
  const ledger1 = article('l1', 'Northern Ledger', { publishedAt: '2026-11-26T22:00:00Z' });
  const times1 = article('t1', 'Harbor Times', { publishedAt: '2026-11-26T20:00:00Z' });
  /** Cited but from before the window: only in `cited`. */
  const olderPost = article('p0', 'Valley Post', { publishedAt: '2026-11-20T10:00:00Z' });

  function content(overrides: Partial<EventContent> = {}): EventContent {
    return {
      sentences: [
        { articleId: 'h1', text: 'Ferry crews in Kelby voted to strike from Monday.' },
        { articleId: 'p0', text: 'The dispute over rotas began last month.' },
      ],
      quote: { text: 'We have run out of patience.', speaker: 'Ada Morven', articleIds: ['p1', 'h1'] },
      newArticles: [herald1, post1, herald2, ledger1, times1],
      cited: [herald1, olderPost, post1],
      ...overrides,
    };
  }

  test('an updated event: what is new, sources found, one link per outlet, newest first, at most three', () => {
    const entry = digestEntry(
      activity('ferry', {
        isNew: false,
        newArticleCount: 5,
        newOutlets: ['Harbor Times', 'Kelby Herald', 'Northern Ledger', 'Valley Post'],
        event: { title: 'Kelby ferry crews vote to strike', outletCount: 4 },
      }),
      content(),
    );
    const expected: DigestEntry = {
      eventId: 'ferry',
      title: 'Kelby ferry crews vote to strike',
      status: 'updated',
      whatsNew: '5 new articles, from Harbor Times, Kelby Herald, Northern Ledger and 1 more',
      sentences: [
        { text: 'Ferry crews in Kelby voted to strike from Monday.', source: herald1 },
        { text: 'The dispute over rotas began last month.', source: olderPost },
      ],
      quote: { text: 'We have run out of patience.', speaker: 'Ada Morven', sources: [post1, herald1] },
      outletCount: 4,
      links: [herald1, post1, ledger1],
    };
    assert.deepEqual(entry, expected);
  });

  test('a new event has no "what is new" line', () => {
    const entry = digestEntry(activity('ferry', { isNew: true }), content());
    assert.equal(entry.status, 'new');
    assert.equal(entry.whatsNew, null);
  });

  const cases: { name: string; content: Partial<EventContent>; check: (entry: DigestEntry) => void }[] = [
    {
      name: 'a sentence whose article is neither cited nor new has no source',
      content: { sentences: [{ articleId: 'gone', text: 'Talks resume on Friday.' }] },
      check: (entry) => assert.deepEqual(entry.sentences, [{ text: 'Talks resume on Friday.', source: null }]),
    },
    {
      name: 'a quote keeps only the sources it can find, in its order',
      content: { quote: { text: 'Not one more sailing.', speaker: 'Union spokesperson', articleIds: ['gone', 'l1', 'h1'] } },
      check: (entry) => assert.deepEqual(entry.quote?.sources.map((a) => a.id), ['l1', 'h1']),
    },
    {
      name: 'no quote',
      content: { quote: null },
      check: (entry) => assert.equal(entry.quote, null),
    },
    {
      name: 'no sentences',
      content: { sentences: [] },
      check: (entry) => assert.deepEqual(entry.sentences, []),
    },
    {
      name: 'no new articles: no links',
      content: { newArticles: [] },
      check: (entry) => assert.deepEqual(entry.links, []),
    },
    {
      name: 'fewer than three outlets: one link each',
      content: { newArticles: [herald1, herald2, post1] },
      check: (entry) => assert.deepEqual(entry.links.map((a) => a.id), ['h1', 'p1']),
    },
    {
      name: 'articles without an outlet are told apart by address, then by id',
      content: {
        newArticles: [
          article('n1', null, { url: 'https://one.example/a' }),
          article('n2', null, { url: 'https://one.example/a' }),
          article('n3', null, { url: null }),
          article('n4', null, { url: null }),
        ],
      },
      check: (entry) => assert.deepEqual(entry.links.map((a) => a.id), ['n1', 'n3', 'n4']),
    },
  ];
  for (const c of cases) test(c.name, () => c.check(digestEntry(activity('ferry'), content(c.content))));
});

describe('composeDigest', () => {
  const entry: DigestEntry = {
    eventId: 'flood',
    title: 'River Orrin bursts its banks at Bellmere',
    status: 'new',
    whatsNew: null,
    sentences: [],
    quote: null,
    outletCount: 1,
    links: [],
  };
  const cases: {
    name: string;
    frame: { localDate: string; timeZone: string; since: number | null; topics: string | null };
    entries: DigestEntry[];
    eventsWithNews: number;
    title: string;
    sinceLine: string | null;
    moreEvents: number;
  }[] = [
    {
      name: 'a window with a start, in Paris',
      frame: { localDate: '2026-11-27', timeZone: 'Europe/Paris', since: Date.parse('2026-11-26T07:00:00Z'), topics: null },
      entries: [entry],
      eventsWithNews: 1,
      title: 'Daily digest · Friday 27 November 2026',
      sinceLine: 'Since Thursday 26 November, 08:00 (Europe/Paris)',
      moreEvents: 0,
    },
    {
      name: 'more events with news than entries',
      frame: { localDate: '2026-11-27', timeZone: 'America/New_York', since: Date.parse('2026-11-26T13:00:00Z'), topics: 'ferry, flood' },
      entries: [entry, { ...entry, eventId: 'ferry' }],
      eventsWithNews: 7,
      title: 'Daily digest · Friday 27 November 2026',
      sinceLine: 'Since Thursday 26 November, 08:00 (America/New_York)',
      moreEvents: 5,
    },
    {
      name: 'everything stored (no start): no since line',
      frame: { localDate: '2026-03-08', timeZone: 'UTC', since: null, topics: null },
      entries: [],
      eventsWithNews: 0,
      title: 'Daily digest · Sunday 8 March 2026',
      sinceLine: null,
      moreEvents: 0,
    },
    {
      name: 'never a negative count of more events',
      frame: { localDate: '2026-03-08', timeZone: 'UTC', since: null, topics: null },
      entries: [entry],
      eventsWithNews: 0,
      title: 'Daily digest · Sunday 8 March 2026',
      sinceLine: null,
      moreEvents: 0,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const digest = composeDigest(c.frame, c.entries, c.eventsWithNews);
      assert.deepEqual(digest, {
        localDate: c.frame.localDate,
        timeZone: c.frame.timeZone,
        title: c.title,
        sinceLine: c.sinceLine,
        topics: c.frame.topics,
        entries: c.entries,
        moreEvents: c.moreEvents,
        chart: null,
      });
    });
  }
});

describe('longDate and localMoment', () => {
  const dates: { date: string; expected: string }[] = [
    { date: '2026-11-27', expected: 'Friday 27 November 2026' },
    { date: '2026-03-08', expected: 'Sunday 8 March 2026' },
    { date: '2026-01-01', expected: 'Thursday 1 January 2026' },
    { date: '2026-12-31', expected: 'Thursday 31 December 2026' },
    { date: '2028-02-29', expected: 'Tuesday 29 February 2028' },
  ];
  for (const c of dates) test(`longDate ${c.date}`, () => assert.equal(longDate(c.date), c.expected));

  const moments: { instant: string; zone: string; expected: string }[] = [
    { instant: '2026-11-26T07:00:00Z', zone: 'Europe/Paris', expected: 'Thursday 26 November, 08:00' },
    { instant: '2026-06-01T00:00:00Z', zone: 'UTC', expected: 'Monday 1 June, 00:00' },
    { instant: '2026-06-01T23:59:00Z', zone: 'UTC', expected: 'Monday 1 June, 23:59' },
    { instant: '2026-06-01T18:15:00Z', zone: 'Asia/Kathmandu', expected: 'Tuesday 2 June, 00:00' },
    // Both 01:30s of the New York fall-back night read the same on the wall.
    { instant: '2026-11-01T05:30:00Z', zone: 'America/New_York', expected: 'Sunday 1 November, 01:30' },
    { instant: '2026-11-01T06:30:00Z', zone: 'America/New_York', expected: 'Sunday 1 November, 01:30' },
  ];
  for (const c of moments) test(`localMoment ${c.instant} in ${c.zone}`, () => assert.equal(localMoment(Date.parse(c.instant), c.zone), c.expected));
});
