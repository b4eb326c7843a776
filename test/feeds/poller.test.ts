/** The feed poller against a real HTTP server on 127.0.0.1 serving invented feeds and pages, and a real store. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { initialPollState } from '../../src/feeds/poll-policy.ts';
import { FULL_TEXT_MIN_CHARACTERS, pollDueFeeds, pollFeed } from '../../src/feeds/poller.ts';
import type { FeedPollerDeps } from '../../src/feeds/poller.ts';
import { createSafeFetcher } from '../../src/net/safe-fetch.ts';
import type { FetchPage } from '../../src/net/safe-fetch.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import type { Feed, NewFeed } from '../../src/store/feed-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startServer } from '../net/local-server.ts';
import type { LocalServer } from '../net/local-server.ts';
import { tempDirectory } from '../helpers/temp.ts';
import { newsPage, paragraphs, RecordingPublisher, rss } from './helpers.ts';
import type { TestItem } from './helpers.ts';

const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';
const START = Date.parse('2026-11-27T08:00:00Z');
const MINUTE = 60_000;
const directory = tempDirectory('newsbot-poller-');

/** An invented story long enough to count as a full text in the feed. */
function story(subject: string, place: string, person: string): string {
  const text = paragraphs(
    `The ${subject} in ${place} drew hundreds of residents on Thursday, organisers said.`,
    `${person}, who led the ${subject} planning committee, said the turnout exceeded every forecast made in the spring.`,
    `Volunteers in ${place} spent three weeks preparing the grounds, and the local brass band played until late evening.`,
    `“We wanted something the whole of ${place} could share,” ${person} said. “It has been a difficult year for many families here.”`,
    `The ${subject} is expected to return next year, with a larger programme and a second day added for schools.`,
    `Tickets for next year will go on sale in ${place} in March, and ${person} said prices would stay the same.`,
  );
  assert.ok(text.replace(/<[^>]+>/g, '').length > FULL_TEXT_MIN_CHARACTERS);
  return text;
}

const BRIDGE_POST = paragraphs(
  'The Holm bridge in Ostby collapsed into the river Tana on Monday morning, injuring four people, the fire service said.',
  'Mayor Ida Brun said engineers had warned about cracks in the Holm bridge last year and that repairs had been scheduled for the spring.',
  'Two cars and a delivery van fell into the Tana when the middle span of the bridge gave way shortly after eight o’clock.',
  '“This should never have happened,” Ida Brun told reporters at the riverbank. “We will find out why the Holm bridge failed.”',
  'Divers from the Ostby fire service searched the river until noon; all four injured people were taken to the regional hospital.',
);
const BRIDGE_TIMES = paragraphs(
  'Four people were hurt when the Holm bridge over the Tana collapsed in Ostby on Monday, emergency services reported.',
  'Engineers had flagged cracks in the Holm bridge more than a year ago, Mayor Ida Brun said at the scene of the collapse in Ostby.',
  'The middle span of the bridge dropped into the river Tana with two cars and a van on it, witnesses said.',
  'Ida Brun promised an inquiry into the Holm bridge collapse and said the Ostby council would publish the engineering reports.',
  'The injured were taken to hospital; the fire service said none of the four was in a life-threatening condition.',
  'Traffic between the two halves of Ostby is being diverted over the old Tana ferry landing until a temporary bridge is built.',
);

assert.ok(BRIDGE_POST.replace(/<[^>]+>/g, '').length > FULL_TEXT_MIN_CHARACTERS);
assert.ok(BRIDGE_TIMES.replace(/<[^>]+>/g, '').length > FULL_TEXT_MIN_CHARACTERS);

function rfc822(minutesAfterStart: number): string {
  return new Date(START + minutesAfterStart * MINUTE).toUTCString();
}

describe('pollFeed', () => {
  let server: LocalServer;
  let now = START;
  const clock = () => new Date(now);
  const fetcher = createSafeFetcher({ userAgent: 'newsbot-test/1.0', timeoutMs: 5000, maxBytes: 64 * 1024, maxRedirects: 3, allowLoopback: true });
  let stores = 0;
  let store: ArticleStore;
  let publisher: RecordingPublisher;

  function deps(overrides: Partial<FeedPollerDeps> = {}): FeedPollerDeps {
    return { store, fetchPage: fetcher.fetchPage, clock, limits: { maxArticleBytes: 200_000 }, publisher, ...overrides };
  }

  async function follow(path: string, fields: Partial<NewFeed> = {}): Promise<Feed> {
    const feed = await store.feeds.addFeed({
      guildId: GUILD,
      channelId: CHANNEL,
      url: `${server.origin}${path}`,
      title: null,
      filter: null,
      addedBy: null,
      addedAt: new Date(now).toISOString(),
      poll: initialPollState(now),
      ...fields,
    });
    assert.ok(feed !== null);
    return feed;
  }

  /** The feed as stored now (polls read the stored state, as the bot's scheduler does). */
  async function reload(feed: Feed): Promise<Feed> {
    const fresh = await store.feeds.getFeed(feed.id, feed.guildId);
    assert.ok(fresh !== null);
    return fresh;
  }

  async function poll(feed: Feed, overrides: Partial<FeedPollerDeps> = {}) {
    return pollFeed(await reload(feed), deps(overrides));
  }

  /** Serves an RSS feed whose items the test changes between polls. */
  function serveFeed(path: string, title: string, items: TestItem[], headers: Record<string, string> = {}): TestItem[] {
    server.route(path, (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ...headers }).end(rss(title, items)));
    return items;
  }

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(async () => {
    stores += 1;
    store = openSqliteStore(join(directory, `poller-${stores}.db`));
    publisher = new RecordingPublisher();
    now = START;
  });

  it('stores the first poll’s items silently, then posts a new item, in the feed’s guild', async () => {
    const items = serveFeed('/first/feed.xml', 'Valley Courier', [
      { title: 'Harvest fair returns', link: 'https://valley.example/fair', guid: 'v-1', pubDate: rfc822(-120), content: story('harvest fair', 'Lindale', 'Mara Olsen') },
    ]);
    const feed = await follow('/first/feed.xml');
    assert.equal(feed.primed, false);

    const first = await poll(feed);
    assert.deepEqual({ ...first, feedId: undefined }, { feedId: undefined, status: 'ok', added: 1, seen: 0, posted: 0, error: null });
    assert.equal(publisher.published.length, 0, 'the backlog is not posted');
    const primed = await reload(feed);
    assert.equal(primed.primed, true);
    assert.equal(primed.title, 'Valley Courier');
    assert.equal(primed.poll.nextPollAt, now + 15 * MINUTE);

    items.unshift({ title: 'Choir festival opens', link: 'https://valley.example/choir', guid: 'v-2', pubDate: rfc822(0), content: story('choir festival', 'Brekke', 'Jon Aas') });
    now += 15 * MINUTE;
    const second = await poll(feed);
    assert.equal(second.status, 'ok');
    assert.equal(second.added, 1);
    assert.equal(second.seen, 1);
    assert.equal(second.posted, 1);
    assert.equal(publisher.published.length, 1);
    const [request] = publisher.published;
    assert.equal(request?.feedId, feed.id);
    assert.equal(request?.guildId, GUILD);
    assert.equal(request?.channelId, CHANNEL);

    const articleId = request?.articleId ?? '';
    const article = await store.getArticle(articleId, GUILD);
    assert.equal(article?.title, 'Choir festival opens');
    assert.equal(article?.guildId, GUILD);
    assert.equal(article?.source, 'Valley Courier');
    assert.equal(article?.url, 'https://valley.example/choir');
    assert.equal(article?.publishedAt, '2026-11-27T08:00:00Z');
    assert.equal(await store.getArticle(articleId, null), null, 'another scope does not see it');
    const event = await store.events.eventOfArticle(articleId, GUILD);
    assert.equal(event?.id, request?.eventId);
  });

  it('sends the ETag back and reads nothing when the site answers 304', async () => {
    let served = 0;
    server.route('/etag/feed.xml', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      served += 1;
      res
        .writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"v1"', 'Last-Modified': 'Thu, 26 Nov 2026 09:00:00 GMT' })
        .end(rss('Etag Gazette', [{ title: 'Harbour reopens', link: 'https://etag.example/harbour', content: story('harbour reopening', 'Sandvik', 'Eva Lund') }]));
    });
    const feed = await follow('/etag/feed.xml');
    assert.equal((await poll(feed)).added, 1);
    const stored = await reload(feed);
    assert.equal(stored.etag, '"v1"');
    assert.equal(stored.lastModified, 'Thu, 26 Nov 2026 09:00:00 GMT');

    now += 15 * MINUTE;
    const report = await poll(feed);
    assert.deepEqual({ ...report, feedId: undefined }, { feedId: undefined, status: 'not_modified', added: 0, seen: 0, posted: 0, error: null });
    assert.equal(served, 1);
    const requests = server.requests.filter((request) => request.path === '/etag/feed.xml');
    assert.equal(requests.at(-1)?.headers['if-none-match'], '"v1"');
    assert.equal(requests.at(-1)?.headers['if-modified-since'], 'Thu, 26 Nov 2026 09:00:00 GMT');
    assert.equal((await reload(feed)).poll.nextPollAt, now + 15 * MINUTE);
  });

  it('posts nothing twice from a feed that changes GUIDs and dates on every fetch, and posts its new story once', async () => {
    let fetches = 0;
    server.route('/shifty/feed.xml', (_req, res) => {
      fetches += 1;
      const items: TestItem[] = [
        { title: 'Harvest fair returns', link: `https://shifty.example/fair?utm_source=rss&utm_content=${fetches}`, guid: `fair-${fetches}`, pubDate: rfc822(fetches), content: story('harvest fair', 'Lindale', 'Mara Olsen') },
        { title: 'Choir festival opens', link: `http://www.shifty.example/choir/#fetch-${fetches}`, guid: `choir-${fetches}`, pubDate: rfc822(fetches + 1), content: story('choir festival', 'Brekke', 'Jon Aas') },
      ];
      if (fetches >= 3) {
        items.unshift({ title: 'Ferry route announced', link: 'https://shifty.example/ferry', guid: `ferry-${fetches}`, pubDate: rfc822(fetches + 2), content: story('ferry launch', 'Tromvik', 'Siri Berg') });
      }
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss('Shifty Gazette', items));
    });
    const feed = await follow('/shifty/feed.xml');
    assert.equal((await poll(feed)).added, 2);
    now += 15 * MINUTE;
    const second = await poll(feed);
    assert.deepEqual([second.added, second.seen, second.posted], [0, 2, 0]);
    now += 15 * MINUTE;
    const third = await poll(feed);
    assert.deepEqual([third.added, third.seen, third.posted], [1, 2, 1]);
    now += 15 * MINUTE;
    const fourth = await poll(feed);
    assert.deepEqual([fourth.added, fourth.seen, fourth.posted], [0, 3, 0]);
    assert.equal(publisher.published.length, 1);
  });

  it('replaces a teaser by its page’s main text', async () => {
    server.route('/teaser/ferry.html', (_req, res) =>
      void res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(newsPage('Ferry route announced', story('ferry launch', 'Tromvik', 'Siri Berg') + '<p>The first crossing to Tromvik is fully booked already, the operator Nordsjø Lines said.</p>')),
    );
    serveFeed('/teaser/feed.xml', 'Teaser Times', [
      { title: 'Ferry route announced', link: `${server.origin}/teaser/ferry.html`, guid: 't-1', description: 'A new ferry will link Tromvik and the mainland. <a href="#">Read more</a>' },
    ]);
    const feed = await follow('/teaser/feed.xml');
    const report = await poll(feed);
    assert.equal(report.added, 1);
    const [found] = await store.searchArticles('Nordsjø Lines', { guildId: GUILD, limit: 5 });
    assert.ok(found !== undefined, 'the page’s text was stored');
    const article = await store.getArticle(found.article.id, GUILD);
    assert.match(article?.text ?? '', /fully booked already/);
    assert.doesNotMatch(article?.text ?? '', /All rights reserved|Sport/, 'without the site’s furniture');
    assert.equal(article?.title, 'Ferry route announced', 'the item’s title');
    assert.equal(article?.source, 'Teaser Times');
  });

  it('keeps the teaser when the page is too large or fails, and still reads the other items', async () => {
    server.route('/fallback/huge.html', (_req, res) =>
      void res.writeHead(200, { 'Content-Type': 'text/html' }).end(newsPage('Huge', paragraphs(...Array.from({ length: 3000 }, (_, i) => `Paragraph ${i} of a page far too large.`)))),
    );
    server.route('/fallback/broken.html', (_req, res) => void res.writeHead(500).end('oops'));
    serveFeed('/fallback/feed.xml', 'Fallback Herald', [
      { title: 'Museum roof repaired', link: `${server.origin}/fallback/huge.html`, guid: 'f-1', pubDate: rfc822(-30), description: 'The museum roof in Lindale is repaired after the storm.' },
      { title: 'Library extends hours', link: `${server.origin}/fallback/broken.html`, guid: 'f-2', pubDate: rfc822(-20), description: '<p>The Brekke library opens until nine on weekdays.</p>' },
      { title: 'Marathon route set', link: 'https://fallback.example/marathon', guid: 'f-3', pubDate: rfc822(-10), content: story('marathon', 'Sandvik', 'Per Dahl') },
    ]);
    const feed = await follow('/fallback/feed.xml');
    const report = await poll(feed);
    assert.equal(report.status, 'ok');
    assert.equal(report.added, 3);
    const museum = (await store.searchArticles('museum roof', { guildId: GUILD, limit: 5 }))[0];
    assert.equal((await store.getArticle(museum?.article.id ?? '', GUILD))?.text, 'The museum roof in Lindale is repaired after the storm.');
    const library = (await store.searchArticles('library', { guildId: GUILD, limit: 5 }))[0];
    assert.equal((await store.getArticle(library?.article.id ?? '', GUILD))?.text, 'The Brekke library opens until nine on weekdays.');
    // Marked seen: the next poll takes nothing again.
    now += 15 * MINUTE;
    assert.deepEqual([(await poll(feed)).added, (await poll(feed)).seen], [0, 3]);
  });

  it('backs off on malformed XML, pauses after repeated failures and tells the channel once', async () => {
    server.route('/broken/feed.xml', (_req, res) =>
      void res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end('<?xml version="1.0"?><rss version="2.0"><channel><title>Half</title><item><title>Cut'),
    );
    const feed = await follow('/broken/feed.xml');
    const first = await poll(feed);
    assert.equal(first.status, 'failed');
    assert.match(first.error ?? '', /well-formed/);
    const state = (await reload(feed)).poll;
    assert.equal(state.consecutiveFailures, 1);
    assert.equal(state.nextPollAt, now + 30 * MINUTE, 'twice the interval');
    assert.equal((await store.feeds.dueFeeds(now, 10)).length, 0);

    let last = first;
    for (let attempt = 2; attempt <= 8; attempt += 1) {
      now = (await reload(feed)).poll.nextPollAt ?? now;
      last = await poll(feed);
    }
    assert.equal(last.status, 'paused');
    assert.match(last.error ?? '', /well-formed/);
    const paused = await reload(feed);
    assert.match(paused.poll.pausedReason ?? '', /failed 8 times in a row/);
    assert.equal(paused.poll.nextPollAt, null);
    assert.deepEqual(publisher.pauses, [{ feedId: feed.id, reason: paused.poll.pausedReason }]);
    assert.equal((await store.feeds.dueFeeds(now + 365 * 24 * 60 * MINUTE, 10)).length, 0);
    // Polled anyway (a person asked): another failure does not announce the pause again.
    await poll(feed);
    assert.equal(publisher.pauses.length, 1);
  });

  it('reports server errors (500, and 503 with Retry-After) and backs off', async () => {
    server.route('/down/feed.xml', (_req, res) => void res.writeHead(503, { 'Retry-After': '7200' }).end('down'));
    const feed = await follow('/down/feed.xml');
    const report = await poll(feed);
    assert.deepEqual({ ...report, feedId: undefined }, {
      feedId: undefined,
      status: 'failed',
      added: 0,
      seen: 0,
      posted: 0,
      error: 'The site had a problem answering (HTTP 503).',
    });
    const state = (await reload(feed)).poll;
    assert.equal(state.nextPollAt, now + 120 * MINUTE);
    assert.equal(state.lastError, 'The site had a problem answering (HTTP 503).');
    assert.equal((await reload(feed)).primed, false);

    server.route('/down/500.xml', (_req, res) => void res.writeHead(500).end('oops'));
    const plain = await follow('/down/500.xml');
    assert.equal((await poll(plain)).error, 'The site had a problem answering (HTTP 500).');
    assert.equal((await reload(plain)).poll.nextPollAt, now + 30 * MINUTE, 'twice the interval without Retry-After');
    assert.deepEqual(publisher.pauses, []);
  });

  it('posts only items with one of the filter words, and stores the others', async () => {
    const items = serveFeed('/filter/feed.xml', 'Filter Post', []);
    const feed = await follow('/filter/feed.xml', { filter: 'ferry harbour' });
    await poll(feed);
    items.push(
      { title: 'Harvest fair returns', link: 'https://filter.example/fair', guid: 'x-1', pubDate: rfc822(1), content: story('harvest fair', 'Lindale', 'Mara Olsen') },
      { title: 'New FERRY route', link: 'https://filter.example/ferry', guid: 'x-2', pubDate: rfc822(2), content: story('ferry launch', 'Tromvik', 'Siri Berg') },
      { title: 'Quay works finished', link: 'https://filter.example/quay', guid: 'x-3', pubDate: rfc822(3), content: story('Harbour festival', 'Sandvik', 'Eva Lund') },
    );
    now += 15 * MINUTE;
    const report = await poll(feed);
    assert.equal(report.added, 3);
    assert.equal(report.posted, 2);
    const posted = await Promise.all(publisher.published.map(async (request) => (await store.getArticle(request.articleId, GUILD))?.title));
    assert.deepEqual(posted, ['New FERRY route', 'Quay works finished'], 'matched in the title or (case-insensitively) in the text');
  });

  it('pauses the feed and tells the server when its channel is gone', async () => {
    const items = serveFeed('/gone/feed.xml', 'Gone Daily', []);
    const feed = await follow('/gone/feed.xml');
    await poll(feed);
    items.push(
      { title: 'Harvest fair returns', link: 'https://gone.example/fair', guid: 'g-1', pubDate: rfc822(1), content: story('harvest fair', 'Lindale', 'Mara Olsen') },
      { title: 'Choir festival opens', link: 'https://gone.example/choir', guid: 'g-2', pubDate: rfc822(2), content: story('choir festival', 'Brekke', 'Jon Aas') },
    );
    publisher.outcome = { kind: 'channel_unavailable', reason: 'The channel was deleted.' };
    now += 15 * MINUTE;
    const report = await poll(feed);
    assert.equal(report.status, 'paused');
    assert.equal(report.error, 'The channel was deleted.');
    assert.equal(report.added, 2, 'items are still stored');
    assert.equal(publisher.published.length, 1, 'no more publishing once the channel is gone');
    assert.deepEqual(publisher.pauses, [{ feedId: feed.id, reason: 'The channel was deleted.' }]);
    const paused = await reload(feed);
    assert.equal(paused.poll.pausedReason, 'The channel was deleted.');
    assert.equal((await store.feeds.dueFeeds(now + 24 * 60 * MINUTE, 10)).length, 0);
  });

  it('puts two outlets’ reports of one story in one event, and publishes that event for both', async () => {
    const post = serveFeed('/bridge/post.xml', 'Ostby Post', []);
    const times = serveFeed('/bridge/times.xml', 'Tana Times', []);
    const feedPost = await follow('/bridge/post.xml');
    const feedTimes = await follow('/bridge/times.xml');
    await pollDueFeeds(deps());
    post.push({ title: 'Holm bridge collapses into the Tana', link: 'https://ostbypost.example/bridge', guid: 'p-1', pubDate: rfc822(1), content: BRIDGE_POST });
    times.push(
      { title: 'Four hurt as Ostby bridge falls', link: 'https://tanatimes.example/bridge', guid: 't-1', pubDate: rfc822(2), content: BRIDGE_TIMES },
      { title: 'Choir festival opens', link: 'https://tanatimes.example/choir', guid: 't-2', pubDate: rfc822(3), content: story('choir festival', 'Brekke', 'Jon Aas') },
    );
    now += 15 * MINUTE;
    // Both at once, as the scheduler polls them: storing and grouping still happen one article at a time.
    const reports = await pollDueFeeds(deps());
    assert.deepEqual(reports.map(({ added }) => added), [1, 2]);
    assert.equal(publisher.published.length, 3);
    const fromPost = publisher.published.find((request) => request.feedId === feedPost.id);
    const [fromTimes, choir] = publisher.published.filter((request) => request.feedId === feedTimes.id);
    assert.equal(fromPost?.eventId, fromTimes?.eventId, 'one event');
    assert.notEqual(choir?.eventId, fromPost?.eventId);
    const event = await store.events.getEvent(fromPost?.eventId ?? '', GUILD);
    assert.equal(event?.articleCount, 2);
    assert.equal(event?.outletCount, 2);
    assert.equal(await store.events.getEvent(fromPost?.eventId ?? '', null), null, 'the event is the guild’s own');
  });

  it('isolates one feed’s unexpected error in pollDueFeeds', async () => {
    const goodItems = serveFeed('/isolated/good.xml', 'Good News', [{ title: 'Harvest fair returns', link: 'https://good.example/fair', content: story('harvest fair', 'Lindale', 'Mara Olsen') }]);
    const good = await follow('/isolated/good.xml');
    const bad = await follow('/isolated/bad.xml');
    const exploding: FetchPage = async (url, conditional) => {
      if (url.endsWith('/isolated/bad.xml')) throw new TypeError('boom: a bug, not a site failure');
      return fetcher.fetchPage(url, conditional);
    };
    const reports = await pollDueFeeds(deps({ fetchPage: exploding }));
    const byFeed = new Map(reports.map((report) => [report.feedId, report]));
    assert.equal(byFeed.get(good.id)?.status, 'ok');
    assert.equal(byFeed.get(good.id)?.added, 1);
    assert.equal(byFeed.get(bad.id)?.status, 'failed');
    assert.equal(byFeed.get(bad.id)?.error, 'Something went wrong while reading the feed.');
    assert.equal((await reload(bad)).poll.consecutiveFailures, 1, 'counted as a failure, so it backs off');

    // A publisher that throws costs that item its post, never the poll or the stored article.
    const throwing = new RecordingPublisher();
    throwing.publish = async () => {
      throw new Error('discord is down');
    };
    goodItems.push({ title: 'Choir festival opens', link: 'https://good.example/choir', content: story('choir festival', 'Brekke', 'Jon Aas') });
    now += 15 * MINUTE;
    const [again] = await pollDueFeeds(deps({ fetchPage: exploding, publisher: throwing }));
    assert.deepEqual([again?.feedId, again?.status, again?.added, again?.posted], [good.id, 'ok', 1, 0]);

    // A crash past the fetch (here the store failing to record the poll) is isolated too, and still counted.
    const updates = store.feeds.updateFeedAfterPoll.bind(store.feeds);
    let broken = true;
    store.feeds.updateFeedAfterPoll = async (id, update) => {
      if (id === bad.id && broken) {
        broken = false;
        throw new Error('disk I/O error');
      }
      return updates(id, update);
    };
    server.route('/isolated/bad.xml', (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss('Bad News', [])));
    now = (await reload(bad)).poll.nextPollAt ?? now;
    const crashed = await pollDueFeeds(deps());
    const crash = crashed.find(({ feedId }) => feedId === bad.id);
    assert.deepEqual([crash?.status, crash?.error], ['failed', 'Something went wrong while reading the feed.']);
    assert.equal(crashed.find(({ feedId }) => feedId === good.id)?.status, 'ok', 'the other feed polled normally');
    assert.equal((await reload(bad)).poll.consecutiveFailures, 2);
  });
});
