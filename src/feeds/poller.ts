/**
 * Polls feeds: fetches each (conditionally), turns its new items into articles in the feed's scope, groups them into
 * events and asks the publisher to show those events in the feed's channel.
 *
 * - New means no identity key of the item (see `itemKeys`) was seen in the scope before, so a feed that re-dates its
 *   items or changes their GUIDs posts nothing twice, and one story in two feeds of a server is taken once.
 * - An item with a full text in the feed is stored as given; a teaser is replaced by its page's main text, and when
 *   the page cannot be read the teaser is stored anyway: an item is never lost to a slow or oversized page.
 * - The first successful poll of a feed stores its items without posting (the feed is then `primed`), so adding a
 *   feed never floods its channel with its backlog.
 * - The per-channel hourly cap is the publisher's: it knows which publications are new messages and which are edits.
 * - Failures follow poll-policy.ts (back-off, Retry-After, pause after repeated failures); the channel is told once
 *   when its feed is paused.
 */
import type { Logger } from 'pino';
import type { RawArticle } from '../domain/article.ts';
import { UserFacingError } from '../errors.ts';
import { groupArticle } from '../events/assign.ts';
import { siteHost } from '../ingest/canonical-url.ts';
import { decodeText } from '../ingest/decode.ts';
import { htmlFragmentToText, parseHtml } from '../ingest/formats/html.ts';
import { prepareArticle } from '../ingest/prepare.ts';
import { analyzeArticle, ANALYSIS_VERSION } from '../nlp/pipeline.ts';
import type { FetchPage } from '../net/safe-fetch.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { Feed } from '../store/feed-store.ts';
import { matchesFilter } from './filter.ts';
import { mapLimited } from '../async/map-limited.ts';
import { parseFeed } from './parse-feed.ts';
import type { FeedItem, ParsedFeed } from './parse-feed.ts';
import { afterFailure, afterSuccess, failureMessage, itemKeys, justPaused } from './poll-policy.ts';
import type { FeedPollState } from './poll-policy.ts';
import type { EventPublisher } from './publisher.ts';

export interface FeedPollerDeps {
  readonly store: ArticleStore;
  readonly fetchPage: FetchPage;
  readonly clock: () => Date;
  readonly limits: {
    /** Longer texts are cut at a paragraph (a feed item is never refused for its length). */
    readonly maxArticleBytes: number;
    /** Item pages larger than this are not read (the teaser is kept); the fetcher's own cap applies as well. */
    readonly maxPageBytes?: number;
  };
  /** Null stores items without posting them (the command line). */
  readonly publisher: EventPublisher | null;
  readonly logger?: Logger;
}

export interface FeedPollReport {
  readonly feedId: string;
  /** `paused`: the feed was paused by this poll (repeated failures, a gone feed, or its channel gone). */
  readonly status: 'ok' | 'not_modified' | 'failed' | 'paused';
  /** Items stored as new articles. */
  readonly added: number;
  /** Items taken before (by any key), or whose article was already stored. */
  readonly seen: number;
  /** Publications that showed something in the channel (a new message or an edited one). */
  readonly posted: number;
  /** The failure, safe to show; null when the poll worked. */
  readonly error: string | null;
}

export interface PollManyOptions {
  /** Feeds polled this round at most (the soonest due first); default 50. */
  readonly limit?: number;
  /** Feeds polled at the same time at most; default 4. */
  readonly concurrency?: number;
}

/** A teaser shorter than this (in characters of text) is replaced by the item's page. */
export const FULL_TEXT_MIN_CHARACTERS = 600;
/**
 * Items read per poll at most, the newest: a feed listing hundreds of items (an archive feed) is not fetched page by
 * page in one go. The older ones are marked seen, so they are never posted late either.
 */
export const MAX_ITEMS_PER_POLL = 50;
const DEFAULT_DUE_LIMIT = 50;
const DEFAULT_CONCURRENCY = 4;

/** Polls one feed once. Fetch and parse failures become a `failed` (or `paused`) report; a broken store throws. */
export async function pollFeed(feed: Feed, deps: FeedPollerDeps): Promise<FeedPollReport> {
  const startedAt = deps.clock();
  const now = startedAt.getTime();
  const report = { feedId: feed.id, added: 0, seen: 0, posted: 0 };

  let parsed: ParsedFeed;
  let validators: { etag: string | null; lastModified: string | null };
  try {
    const page = await deps.fetchPage(feed.url, { etag: feed.etag, lastModified: feed.lastModified });
    if (page.status === 'not_modified') {
      await deps.store.feeds.updateFeedAfterPoll(feed.id, { poll: afterSuccess(feed.poll, now), lastPolledAt: startedAt.toISOString() });
      return { ...report, status: 'not_modified', error: null };
    }
    parsed = parseFeed(page.body, page.contentType ?? undefined, { baseUrl: page.url });
    validators = { etag: page.etag, lastModified: page.lastModified };
  } catch (error) {
    return failed(feed, deps, startedAt, error, report);
  }

  const source = parsed.title ?? feed.title ?? siteHost(parsed.siteUrl) ?? siteHost(feed.url);
  const { read, skipped } = itemsToRead(parsed.items);
  const posting = new Posting(feed, deps);
  for (const item of skipped) {
    const keys = itemKeys(item, feed.url);
    if (keys.length > 0) await deps.store.feeds.markItemsSeen(feed.id, feed.guildId, keys, now);
  }
  for (const item of read) {
    let outcome: ItemOutcome;
    try {
      outcome = await takeItem(feed, item, source, deps, startedAt);
    } catch (error) {
      // Not marked seen: the next poll tries the item again (an article stored meanwhile then counts as seen).
      deps.logger?.warn({ err: error, feedId: feed.id, item: item.url ?? item.guid }, 'feed item could not be stored');
      continue;
    }
    if (outcome.kind === 'seen') report.seen += 1;
    if (outcome.kind !== 'added') continue;
    report.added += 1;
    try {
      if (await posting.publish(outcome.articleId, outcome.eventId, outcome.title, outcome.text)) report.posted += 1;
    } catch (error) {
      // The article is stored and its item seen; only this post is lost (the event is posted if it grows again).
      deps.logger?.warn({ err: error, feedId: feed.id, articleId: outcome.articleId }, 'feed item could not be published');
    }
  }

  const poll = posting.pausedState() ?? afterSuccess(feed.poll, now);
  await deps.store.feeds.updateFeedAfterPoll(feed.id, {
    poll,
    lastPolledAt: startedAt.toISOString(),
    etag: validators.etag,
    lastModified: validators.lastModified,
    title: parsed.title ?? feed.title,
    primed: true,
  });
  return { ...report, status: poll.pausedReason === null ? 'ok' : 'paused', error: poll.pausedReason };
}

async function failed(
  feed: Feed,
  deps: FeedPollerDeps,
  startedAt: Date,
  error: unknown,
  counts: Pick<FeedPollReport, 'feedId' | 'added' | 'seen' | 'posted'>,
): Promise<FeedPollReport> {
  if (!(error instanceof UserFacingError)) deps.logger?.warn({ err: error, feedId: feed.id }, 'feed poll failed unexpectedly');
  const poll = afterFailure(feed.poll, startedAt.getTime(), error);
  await deps.store.feeds.updateFeedAfterPoll(feed.id, { poll, lastPolledAt: startedAt.toISOString() });
  if (justPaused(feed.poll, poll) && poll.pausedReason !== null) await announcePause(feed, poll.pausedReason, deps);
  return { ...counts, status: poll.pausedReason === null ? 'failed' : 'paused', error: poll.lastError ?? failureMessage(error) };
}

async function announcePause(feed: Feed, reason: string, deps: FeedPollerDeps): Promise<void> {
  try {
    await deps.publisher?.announcePause(feed, reason);
  } catch (error) {
    // The pause is stored either way; only the notice is lost.
    deps.logger?.warn({ err: error, feedId: feed.id }, 'could not announce a paused feed');
  }
}

/** Publishes a feed's new items during one poll, and pauses the feed once if its channel is gone. */
class Posting {
  private paused: FeedPollState | null = null;

  constructor(
    private readonly feed: Feed,
    private readonly deps: FeedPollerDeps,
  ) {}

  /** Whether the publisher showed the event (posted or edited). */
  async publish(articleId: string, eventId: string | null, title: string, text: string): Promise<boolean> {
    const { feed, deps } = this;
    const { publisher } = deps;
    // Unprimed: the first poll's items are the feed's backlog, stored silently.
    if (!feed.primed || feed.channelId === null || publisher === null || eventId === null || this.paused !== null) return false;
    if (!matchesFilter(feed.filter, title, text)) return false;
    const outcome = await publisher.publish({ feedId: feed.id, guildId: feed.guildId, channelId: feed.channelId, eventId, articleId });
    if (outcome.kind === 'channel_unavailable') {
      this.paused = { ...feed.poll, nextPollAt: null, pausedReason: outcome.reason };
      await announcePause(feed, outcome.reason, deps);
      return false;
    }
    return outcome.kind === 'posted' || outcome.kind === 'updated';
  }

  /** The feed's poll state when its channel turned out to be gone; null otherwise. */
  pausedState(): FeedPollState | null {
    return this.paused;
  }
}

/**
 * The items to read this poll, oldest first (so events are posted in the order they happened), and the ones beyond
 * MAX_ITEMS_PER_POLL. Feeds list the newest first; when every item is dated, the dates decide instead.
 */
function itemsToRead(items: readonly FeedItem[]): { read: FeedItem[]; skipped: FeedItem[] } {
  const oldestFirst = [...items].reverse();
  const dated = oldestFirst.map((item) => (item.published === null ? Number.NaN : Date.parse(item.published)));
  if (dated.every((time) => !Number.isNaN(time))) {
    const order = oldestFirst.map((item, index) => ({ item, time: dated[index] ?? 0, index }));
    order.sort((a, b) => a.time - b.time || a.index - b.index);
    oldestFirst.splice(0, oldestFirst.length, ...order.map(({ item }) => item));
  }
  const cut = Math.max(0, oldestFirst.length - MAX_ITEMS_PER_POLL);
  return { read: oldestFirst.slice(cut), skipped: oldestFirst.slice(0, cut) };
}

type ItemOutcome =
  | { readonly kind: 'seen' }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'added'; readonly articleId: string; readonly eventId: string | null; readonly title: string; readonly text: string };

/** Stores one item as an article (unless seen), groups it, and marks it seen. */
async function takeItem(feed: Feed, item: FeedItem, source: string | null, deps: FeedPollerDeps, now: Date): Promise<ItemOutcome> {
  const keys = itemKeys(item, feed.url);
  // Neither link, GUID nor title: nothing to tell it from the next poll's copy, and nothing worth storing.
  if (keys.length === 0) return { kind: 'dropped' };
  if ((await deps.store.feeds.seenItemKeys(feed.guildId, keys)).size > 0) return { kind: 'seen' };

  const raw = await rawArticleOf(item, source, deps, feed);
  const prepared = prepareArticle(raw, { guildId: feed.guildId, now });
  if (!prepared.ok) {
    await deps.store.feeds.markItemsSeen(feed.id, feed.guildId, keys, now.getTime());
    return { kind: 'dropped' };
  }
  const { article } = prepared;
  const analysis = analyzeArticle(article, { title: article.title });
  const { saved, eventId } = await oneAtATime(deps.store, async () => {
    const [outcome] = await deps.store.saveArticles([{ article, analysis, analysisVersion: ANALYSIS_VERSION }]);
    if (outcome === undefined) throw new Error('the store returned no outcome for a saved article');
    return { saved: outcome, eventId: outcome.status === 'added' ? await groupArticle(deps.store, outcome.id, feed.guildId) : null };
  });
  await deps.store.feeds.markItemsSeen(feed.id, feed.guildId, keys, now.getTime());
  if (saved.status === 'duplicate') return { kind: 'seen' };
  return { kind: 'added', articleId: saved.id, eventId, title: article.title, text: article.text };
}

/** The last storing step queued per store. */
const storing = new WeakMap<ArticleStore, Promise<unknown>>();

/**
 * Runs storing steps of one store one at a time. Feeds are polled in parallel, and grouping reads the candidate
 * events before it writes: two outlets' reports of one story grouped at the same moment would each start an event.
 */
function oneAtATime<T>(store: ArticleStore, work: () => Promise<T>): Promise<T> {
  const previous = storing.get(store) ?? Promise.resolve();
  const result = previous.then(work);
  storing.set(store, result.catch(() => undefined));
  return result;
}

/** The item's article: its own full text, else its page's main text, else its teaser (or at least its title). */
async function rawArticleOf(item: FeedItem, source: string | null, deps: FeedPollerDeps, feed: Feed): Promise<RawArticle> {
  const given = { title: item.title, url: item.url, source, published: item.published };
  const content = item.contentHtml === null ? '' : htmlFragmentToText(item.contentHtml);
  const summary = item.summaryHtml === null ? '' : htmlFragmentToText(item.summaryHtml);
  const teaser = content.length >= summary.length ? content : summary;
  if (teaser.length >= FULL_TEXT_MIN_CHARACTERS) return { ...given, text: fitText(teaser, deps.limits.maxArticleBytes) };

  const page = item.url === null ? null : await readItemPage(item.url, deps, feed);
  if (page !== null && page.text.trim().length > teaser.length) {
    return {
      ...given,
      title: item.title ?? page.title,
      published: item.published ?? page.published,
      text: fitText(page.text, deps.limits.maxArticleBytes),
    };
  }
  return { ...given, text: fitText(teaser !== '' ? teaser : (item.title ?? ''), deps.limits.maxArticleBytes) };
}

/** The page's article, or null when it cannot be fetched or read (too large, not HTML, an error…). */
async function readItemPage(url: string, deps: FeedPollerDeps, feed: Feed): Promise<RawArticle | null> {
  try {
    const page = await deps.fetchPage(url);
    if (page.status !== 'ok') return null;
    const { maxPageBytes } = deps.limits;
    if (maxPageBytes !== undefined && page.body.byteLength > maxPageBytes) return null;
    if (page.contentType !== null && !/html|xml|text\/plain/i.test(page.contentType)) return null;
    const decoded = decodeText(page.body);
    return decoded.ok ? parseHtml(decoded.text, page.url) : null;
  } catch (error) {
    deps.logger?.info({ err: error, feedId: feed.id, url }, 'feed item page not read; keeping the teaser');
    return null;
  }
}

/** The text cut at the last paragraph (else line, else word) that fits in `maxBytes` of UTF-8. */
function fitText(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  // Bytes per character is at most 4: start from a character count that surely fits, then back off to a boundary.
  let cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
  for (const boundary of ['\n\n', '\n', ' ']) {
    const at = cut.lastIndexOf(boundary);
    if (at > cut.length / 2) {
      cut = cut.slice(0, at);
      break;
    }
  }
  return cut.trimEnd();
}

/** Feeds being polled, per store: a poll still running when its feed is due again is not started twice. */
const inFlight = new WeakMap<ArticleStore, Set<string>>();

/**
 * Polls the given feeds, a few at a time. Each feed has its own error boundary: an unexpected exception becomes a
 * `failed` report (and is logged, and counts as a failure in the feed's schedule), never a rejection.
 */
export async function pollFeeds(feeds: readonly Feed[], deps: FeedPollerDeps, options: Pick<PollManyOptions, 'concurrency'> = {}): Promise<FeedPollReport[]> {
  let running = inFlight.get(deps.store);
  if (running === undefined) {
    running = new Set();
    inFlight.set(deps.store, running);
  }
  const active = running;
  const todo = feeds.filter((feed) => !active.has(feed.id));
  return mapLimited(todo, options.concurrency ?? DEFAULT_CONCURRENCY, async (feed) => {
    active.add(feed.id);
    try {
      return await pollFeed(feed, deps);
    } catch (error) {
      deps.logger?.error({ err: error, feedId: feed.id, url: feed.url }, 'feed poll crashed');
      await recordCrash(feed, deps, error);
      return { feedId: feed.id, status: 'failed' as const, added: 0, seen: 0, posted: 0, error: failureMessage(error) };
    } finally {
      active.delete(feed.id);
    }
  });
}

/** Counts a crashed poll as a failure, so a feed that always crashes backs off (and pauses) like a failing one. */
async function recordCrash(feed: Feed, deps: FeedPollerDeps, error: unknown): Promise<void> {
  try {
    const startedAt = deps.clock();
    const poll = afterFailure(feed.poll, startedAt.getTime(), error);
    await deps.store.feeds.updateFeedAfterPoll(feed.id, { poll, lastPolledAt: startedAt.toISOString() });
    if (justPaused(feed.poll, poll) && poll.pausedReason !== null) await announcePause(feed, poll.pausedReason, deps);
  } catch (again) {
    deps.logger?.error({ err: again, feedId: feed.id }, 'could not record a crashed feed poll');
  }
}

/** Polls every feed due now (the soonest due first, at most `limit`), a few at a time. */
export async function pollDueFeeds(deps: FeedPollerDeps, options: PollManyOptions = {}): Promise<FeedPollReport[]> {
  const feeds = await deps.store.feeds.dueFeeds(deps.clock().getTime(), options.limit ?? DEFAULT_DUE_LIMIT);
  return pollFeeds(feeds, deps, options.concurrency === undefined ? {} : { concurrency: options.concurrency });
}
