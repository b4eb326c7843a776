import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  afterFailure,
  afterSuccess,
  DEFAULT_INTERVAL_MS,
  effectiveInterval,
  failureMessage,
  initialPollState,
  isDue,
  itemKeys,
  justPaused,
  nextPollAt,
  parseRetryAfter,
  resume,
} from '../../src/feeds/poll-policy.ts';
import type { FeedPollState } from '../../src/feeds/poll-policy.ts';
import { FetchError } from '../../src/net/safe-fetch.ts';
import { FeedParseError } from '../../src/feeds/parse-feed.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.parse('2026-11-26T10:00:00Z');

const serverError = () => new FetchError('http_error', 'The site had a problem answering (HTTP 500).', { status: 500 });

describe('poll intervals', () => {
  it('starts due at once with the default interval of 15 minutes', () => {
    const state = initialPollState(NOW);
    assert.deepEqual(state, { intervalMs: 15 * MINUTE, consecutiveFailures: 0, nextPollAt: NOW, pausedReason: null, lastError: null });
    assert.equal(isDue(state, NOW), true);
    assert.equal(DEFAULT_INTERVAL_MS, 15 * MINUTE);
  });

  it('never polls more often than every 5 minutes', () => {
    assert.equal(initialPollState(NOW, MINUTE).intervalMs, 5 * MINUTE);
    assert.equal(effectiveInterval(30 * 1000), 5 * MINUTE);
    assert.equal(effectiveInterval(Number.NaN), 15 * MINUTE);
    assert.equal(effectiveInterval(60 * MINUTE), 60 * MINUTE);
    assert.equal(nextPollAt({ intervalMs: MINUTE, consecutiveFailures: 0, pausedReason: null }, NOW), NOW + 5 * MINUTE);
  });

  it('schedules the next poll one interval after a success and clears failures', () => {
    const failing: FeedPollState = { intervalMs: 30 * MINUTE, consecutiveFailures: 3, nextPollAt: NOW, pausedReason: null, lastError: 'x' };
    const state = afterSuccess(failing, NOW);
    assert.deepEqual(state, { intervalMs: 30 * MINUTE, consecutiveFailures: 0, nextPollAt: NOW + 30 * MINUTE, pausedReason: null, lastError: null });
    assert.equal(isDue(state, NOW + 29 * MINUTE), false);
    assert.equal(isDue(state, NOW + 30 * MINUTE), true);
  });

  it('backs off exponentially (interval × 2^n), capped at 6 hours, deterministically', () => {
    let state = initialPollState(NOW);
    const waits: number[] = [];
    for (let n = 1; n <= 7; n += 1) {
      state = afterFailure(state, NOW, serverError());
      waits.push(((state.nextPollAt ?? 0) - NOW) / MINUTE);
    }
    assert.deepEqual(waits, [30, 60, 120, 240, 360, 360, 360]);
    assert.equal(state.consecutiveFailures, 7);
    assert.equal(state.lastError, 'The site had a problem answering (HTTP 500).');
    assert.equal(state.pausedReason, null);
    // Same inputs, same schedule.
    assert.deepEqual(afterFailure(initialPollState(NOW), NOW, serverError()), afterFailure(initialPollState(NOW), NOW, serverError()));
  });

  it('pauses after 8 consecutive failures with a reason for the channel, once', () => {
    let state = initialPollState(NOW);
    let pausedAt = -1;
    for (let n = 1; n <= 8; n += 1) {
      const next = afterFailure(state, NOW, serverError());
      if (justPaused(state, next)) pausedAt = n;
      state = next;
    }
    assert.equal(pausedAt, 8);
    assert.equal(state.nextPollAt, null);
    assert.match(state.pausedReason ?? '', /failed 8 times in a row.*HTTP 500/);
    assert.equal(isDue(state, NOW + 100 * HOUR), false);
    assert.equal(nextPollAt(state, NOW), null);
    assert.equal(justPaused(state, afterFailure(state, NOW, serverError())), false);
  });

  it('resumes polling after a success', () => {
    let state = initialPollState(NOW);
    for (let n = 1; n <= 8; n += 1) state = afterFailure(state, NOW, serverError());
    const resumed = afterSuccess(state, NOW);
    assert.equal(resumed.pausedReason, null);
    assert.equal(resumed.nextPollAt, NOW + 15 * MINUTE);
  });

  it('resume makes a paused feed due at once with failures forgotten', () => {
    let state = initialPollState(NOW);
    for (let n = 1; n <= 8; n += 1) state = afterFailure(state, NOW, serverError());
    const resumed = resume(state, NOW + HOUR);
    assert.deepEqual(resumed, { intervalMs: 15 * MINUTE, consecutiveFailures: 0, nextPollAt: NOW + HOUR, pausedReason: null, lastError: null });
    assert.equal(isDue(resumed, NOW + HOUR), true);
  });

  it('pauses at once when the feed is gone (HTTP 410)', () => {
    const state = afterFailure(initialPollState(NOW), NOW, new FetchError('http_error', 'The site says there is no such page (HTTP 410).', { status: 410 }));
    assert.equal(state.nextPollAt, null);
    assert.match(state.pausedReason ?? '', /gone for good/);
  });

  it('honours Retry-After (seconds or a date) when longer than the back-off, up to 24 hours', () => {
    const busy = (retryAfter: string) => new FetchError('http_error', 'The site had a problem answering (HTTP 503).', { status: 503, retryAfter });
    assert.equal(afterFailure(initialPollState(NOW), NOW, busy('7200')).nextPollAt, NOW + 2 * HOUR);
    assert.equal(afterFailure(initialPollState(NOW), NOW, busy('Thu, 26 Nov 2026 13:00:00 GMT')).nextPollAt, NOW + 3 * HOUR);
    // Shorter than the back-off: the back-off stands.
    assert.equal(afterFailure(initialPollState(NOW), NOW, busy('10')).nextPollAt, NOW + 30 * MINUTE);
    // Absurdly long: capped.
    assert.equal(afterFailure(initialPollState(NOW), NOW, busy(String(30 * 24 * 3600))).nextPollAt, NOW + 24 * HOUR);
    assert.equal(nextPollAt({ intervalMs: 15 * MINUTE, consecutiveFailures: 0, pausedReason: null }, NOW, { retryAfterMs: HOUR }), NOW + HOUR);
  });

  it('parses Retry-After', () => {
    assert.equal(parseRetryAfter('120', NOW), 120_000);
    assert.equal(parseRetryAfter('Thu, 26 Nov 2026 10:05:00 GMT', NOW), 5 * MINUTE);
    assert.equal(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', NOW), 0);
    assert.equal(parseRetryAfter('soon', NOW), null);
    assert.equal(parseRetryAfter(null, NOW), null);
    assert.equal(parseRetryAfter('', NOW), null);
  });

  it('takes messages only from user-facing errors', () => {
    assert.equal(failureMessage(new FeedParseError('This is a web page, not a feed.')), 'This is a web page, not a feed.');
    assert.equal(failureMessage(new Error('ECONNRESET at 10.0.0.3 secret')), 'Something went wrong while reading the feed.');
    assert.equal(afterFailure(initialPollState(NOW), NOW, 'weird').lastError, 'Something went wrong while reading the feed.');
  });

  it('accepts policy options', () => {
    const state = afterFailure(initialPollState(NOW, 10 * MINUTE), NOW, serverError(), { maxConsecutiveFailures: 1 });
    assert.notEqual(state.pausedReason, null);
    const short = afterFailure(initialPollState(NOW, 10 * MINUTE), NOW, serverError(), { maxBackoffMs: 15 * MINUTE });
    assert.equal(short.nextPollAt, NOW + 15 * MINUTE);
  });
});

describe('itemKeys', () => {
  const FEED = 'https://herald.example/feed.xml';

  it('gives a canonical link key and a feed-scoped GUID key', () => {
    const keys = itemKeys({ guid: 'herald-4711', url: 'https://www.herald.example/news/strike/?utm_source=rss&utm_medium=feed#comments' }, FEED);
    assert.deepEqual(keys, ['url:https://herald.example/news/strike', 'guid:https://herald.example/feed.xml herald-4711']);
  });

  it('matches the same story when the feed changes its GUID and date (by link)', () => {
    const before = itemKeys({ guid: 'tag:herald,2026:4711', url: 'https://herald.example/news/strike?utm_campaign=a' }, FEED);
    const after = itemKeys({ guid: 'tag:herald,2026:4711-v2', url: 'http://herald.example/news/strike/?utm_campaign=b#top' }, FEED);
    assert.ok(after.some((key) => before.includes(key)));
  });

  it('matches the same story when the feed changes its link (by GUID)', () => {
    const before = itemKeys({ guid: '4711', url: 'https://herald.example/news/strike' }, FEED);
    const after = itemKeys({ guid: '4711', url: 'https://herald.example/news/strike-ends-update' }, FEED);
    assert.ok(after.some((key) => before.includes(key)));
  });

  it('does not confuse the same GUID in two feeds', () => {
    const a = itemKeys({ guid: '1', url: null }, 'https://a.example/feed');
    const b = itemKeys({ guid: '1', url: null }, 'https://b.example/feed');
    assert.ok(!a.some((key) => b.includes(key)));
  });

  it('resolves relative links against the feed URL and ignores non-web links', () => {
    assert.deepEqual(itemKeys({ guid: null, url: '/news/strike' }, FEED), ['url:https://herald.example/news/strike']);
    assert.deepEqual(itemKeys({ guid: 'g', url: 'mailto:desk@herald.example' }, FEED), ['guid:https://herald.example/feed.xml g']);
  });

  it('falls back to a title key only when there is neither link nor GUID', () => {
    const keys = itemKeys({ guid: null, url: null, title: '  Ferry   timetable changes ' }, FEED);
    assert.equal(keys.length, 1);
    assert.match(keys[0] ?? '', /^title:[0-9a-f]{32}$/);
    assert.deepEqual(itemKeys({ guid: null, url: null, title: 'ferry timetable changes' }, FEED), keys);
    assert.deepEqual(itemKeys({ guid: null, url: null }, FEED), []);
  });
});
