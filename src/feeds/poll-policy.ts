/**
 * When to poll a feed next, and how to tell one feed item from another — pure functions, no clock, no I/O.
 *
 * Times are milliseconds since the epoch. A feed is polled every `intervalMs` (15 minutes unless set, never more often
 * than every 5 minutes). After a failure the wait doubles with each consecutive failure (interval × 2^n, capped at
 * 6 hours), or is as long as the site's `Retry-After` asks (capped at 24 hours) if that is longer; no jitter, so a
 * schedule can be tested and explained. After 8 consecutive failures, or at once when the site says the feed is gone
 * for good (HTTP 410), the feed is paused with a reason to tell its channel; it is polled again only after `resume`.
 */
import { createHash } from 'node:crypto';
import { canonicalUrl, parseWebUrl } from '../ingest/canonical-url.ts';
import { UserFacingError } from '../errors.ts';
import { FetchError } from '../net/safe-fetch.ts';
import type { FeedPollState } from '../store/feed-store.ts';

export type { FeedPollState } from '../store/feed-store.ts';

export interface PollPolicyOptions {
  readonly minIntervalMs: number;
  readonly maxBackoffMs: number;
  readonly maxRetryAfterMs: number;
  readonly maxConsecutiveFailures: number;
}

export const DEFAULT_INTERVAL_MS = 15 * 60_000;
export const DEFAULT_POLL_POLICY: PollPolicyOptions = {
  minIntervalMs: 5 * 60_000,
  maxBackoffMs: 6 * 60 * 60_000,
  maxRetryAfterMs: 24 * 60 * 60_000,
  maxConsecutiveFailures: 8,
};

function policy(options: Partial<PollPolicyOptions> | undefined): PollPolicyOptions {
  return { ...DEFAULT_POLL_POLICY, ...options };
}

/** The interval actually used: at least the minimum, at most the back-off cap. */
export function effectiveInterval(intervalMs: number, options?: Partial<PollPolicyOptions>): number {
  const { minIntervalMs, maxBackoffMs } = policy(options);
  if (!Number.isFinite(intervalMs)) return DEFAULT_INTERVAL_MS;
  return Math.min(Math.max(intervalMs, minIntervalMs), Math.max(maxBackoffMs, minIntervalMs));
}

/** The state of a newly added feed: due at once. */
export function initialPollState(now: number, intervalMs: number = DEFAULT_INTERVAL_MS, options?: Partial<PollPolicyOptions>): FeedPollState {
  return { intervalMs: effectiveInterval(intervalMs, options), consecutiveFailures: 0, nextPollAt: now, pausedReason: null, lastError: null };
}

/**
 * When to poll next from `now`, given the state's interval and failure count; null when paused. `retryAfterMs` (from
 * the site's Retry-After) lengthens the wait, up to `maxRetryAfterMs`, never shortens it.
 */
export function nextPollAt(
  state: Pick<FeedPollState, 'intervalMs' | 'consecutiveFailures' | 'pausedReason'>,
  now: number,
  options: Partial<PollPolicyOptions> & { readonly retryAfterMs?: number | null } = {},
): number | null {
  if (state.pausedReason !== null) return null;
  const settings = policy(options);
  const interval = effectiveInterval(state.intervalMs, settings);
  const failures = Math.max(0, Math.floor(state.consecutiveFailures));
  // 2^n grows past any cap quickly; stop doubling at 2^20 to stay in exact integers.
  const backoff = failures === 0 ? interval : Math.max(interval, Math.min(interval * 2 ** Math.min(failures, 20), settings.maxBackoffMs));
  const retryAfter = options.retryAfterMs ?? null;
  const wait = retryAfter !== null && retryAfter > 0 ? Math.max(backoff, Math.min(retryAfter, settings.maxRetryAfterMs)) : backoff;
  return now + wait;
}

/** Whether the feed should be polled at `now`. */
export function isDue(state: FeedPollState, now: number): boolean {
  return state.pausedReason === null && state.nextPollAt !== null && state.nextPollAt <= now;
}

export function afterSuccess(state: FeedPollState, now: number, options?: Partial<PollPolicyOptions>): FeedPollState {
  const next = { ...state, consecutiveFailures: 0, pausedReason: null, lastError: null };
  return { ...next, nextPollAt: nextPollAt(next, now, options ?? {}) };
}

/** A failure's safe message: a UserFacingError's own (FetchError, FeedParseError…), else a generic one. */
export function failureMessage(error: unknown): string {
  return error instanceof UserFacingError ? error.message : 'Something went wrong while reading the feed.';
}

/**
 * The state after a failed poll. `error` is what the fetch or parse threw; a FetchError's Retry-After is honoured.
 * The feed is paused (nextPollAt null, pausedReason set) after `maxConsecutiveFailures` failures in a row, or at once
 * on HTTP 410 Gone; see `justPaused` to tell the channel once.
 */
export function afterFailure(state: FeedPollState, now: number, error: unknown, options?: Partial<PollPolicyOptions>): FeedPollState {
  const settings = policy(options);
  const message = failureMessage(error);
  const failures = state.consecutiveFailures + 1;
  const gone = error instanceof FetchError && error.status === 410;
  if (gone || failures >= settings.maxConsecutiveFailures) {
    const why = gone
      ? `the site says the feed is gone for good (${message})`
      : `it failed ${failures} times in a row; the last error was: ${message}`;
    return { ...state, consecutiveFailures: failures, lastError: message, nextPollAt: null, pausedReason: `Stopped checking this feed: ${why}` };
  }
  const retryAfterMs = error instanceof FetchError ? parseRetryAfter(error.retryAfter, now) : null;
  const next = { ...state, consecutiveFailures: failures, lastError: message, pausedReason: null };
  return { ...next, nextPollAt: nextPollAt(next, now, { ...settings, retryAfterMs }) };
}

/** Whether this transition paused the feed (so the caller tells the channel once). */
export function justPaused(before: FeedPollState, after: FeedPollState): boolean {
  return before.pausedReason === null && after.pausedReason !== null;
}

/** Polling again after a pause (a person asked for it): due at once, failures forgotten. */
export function resume(state: FeedPollState, now: number): FeedPollState {
  return { ...state, consecutiveFailures: 0, pausedReason: null, lastError: null, nextPollAt: now };
}

/** A Retry-After header (seconds, or an HTTP date) as milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  const text = value?.trim();
  if (text === undefined || text === '') return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

export interface KeyedItem {
  readonly guid: string | null;
  readonly url: string | null;
  readonly title?: string | null;
}

/**
 * The identity keys of a feed item, for de-duplication: an item was seen if ANY of its keys was.
 *
 * - `url:` the canonical link (resolved against the feed URL; tracking parameters, fragment, `www.`, scheme and
 *   trailing slash ignored: see canonicalUrl). Not scoped to the feed: the same article in two feeds has one key.
 * - `guid:` the GUID, scoped to the feed (GUIDs are only unique within one feed).
 * - `title:` only when the item has neither: a hash of the feed and the title.
 *
 * Dates are deliberately not part of any key: a feed that re-dates items, or changes GUIDs, still matches by link.
 */
export function itemKeys(item: KeyedItem, feedUrl: string): string[] {
  const keys: string[] = [];
  const feed = parseWebUrl(feedUrl);
  const feedKey = feed === null ? feedUrl.trim() : canonicalUrl(feed);
  const link = item.url === null ? null : resolveWebUrl(item.url, feed);
  if (link !== null) keys.push(`url:${canonicalUrl(link)}`);
  const guid = item.guid?.trim();
  if (guid !== undefined && guid !== '') keys.push(`guid:${feedKey} ${guid}`);
  if (keys.length === 0) {
    const title = item.title?.replace(/\s+/g, ' ').trim().toLowerCase();
    if (title !== undefined && title !== '') {
      keys.push(`title:${createHash('sha256').update(`${feedKey}\n${title}`).digest('hex').slice(0, 32)}`);
    }
  }
  return keys;
}

/** Alias of `itemKeys`. */
export const itemKey = itemKeys;

function resolveWebUrl(text: string, base: URL | null): URL | null {
  try {
    const url = base === null ? new URL(text.trim()) : new URL(text.trim(), base);
    return parseWebUrl(url.href);
  } catch {
    return null;
  }
}
