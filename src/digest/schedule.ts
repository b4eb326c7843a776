/**
 * Which digests are due: a pure function of the time, the subscriptions and the delivery ledger, so that any clock
 * (a test's, a restarted bot's, one tick late) gets the same answer.
 */
import type { DeliveryStatus } from '../store/digest-store.ts';
import { addDays, localDateOf, zonedInstant } from './zoned-time.ts';
import type { LocalDate } from './zoned-time.ts';

const MINUTE_MS = 60_000;

/** When a subscription's digest is posted: every day at `minutes` past local midnight in `timeZone`. */
export interface DigestTiming {
  readonly subscriptionId: string;
  readonly minutes: number;
  readonly timeZone: string;
  /** ms; a digest whose time had already passed when the subscription was made waits for the next day. */
  readonly createdAt: number;
  readonly paused: boolean;
}

export type { DeliveryStatus } from '../store/digest-store.ts';

export interface LedgerState {
  readonly status: DeliveryStatus;
  /** ms; for `claimed`: when the claim was last renewed. */
  readonly claimedAt: number;
  /** ms; for `retry`. */
  readonly nextAttemptAt: number | null;
}

export type Ledger = (subscriptionId: string, localDate: LocalDate) => LedgerState | undefined;

export interface DueDigest {
  readonly subscriptionId: string;
  readonly localDate: LocalDate;
  /** ms: the instant the digest was due. */
  readonly scheduledAt: number;
  /** Why it is due now: its time came, it is tried again after a failure, or a crashed claim is taken over. */
  readonly reason: 'scheduled' | 'retry' | 'abandoned-claim';
}

export interface DueDigests {
  readonly due: readonly DueDigest[];
  /**
   * Yesterday's digests that its day ended without (the bot was down, Discord failed every retry, or a run died while
   * posting): recorded as missed, never posted late.
   */
  readonly missed: readonly DueDigest[];
}

/**
 * A claim not renewed for this long belongs to a process that died: another may take it over (after checking the
 * channel for what the dead one had already posted). Longer than any one message can take, 429s included.
 */
export const CLAIM_LEASE_MS = 10 * MINUTE_MS;

export function scheduledInstant(timing: DigestTiming, localDate: LocalDate): number {
  return zonedInstant(localDate, timing.minutes, timing.timeZone);
}

function dueToday(timing: DigestTiming, now: number, ledger: Ledger): DueDigest | null {
  const localDate = localDateOf(now, timing.timeZone);
  const scheduledAt = scheduledInstant(timing, localDate);
  if (now < scheduledAt || scheduledAt < timing.createdAt) return null;
  const state = ledger(timing.subscriptionId, localDate);
  const digest = { subscriptionId: timing.subscriptionId, localDate, scheduledAt };
  if (state === undefined) return { ...digest, reason: 'scheduled' };
  if (state.status === 'retry' && state.nextAttemptAt !== null && state.nextAttemptAt <= now) return { ...digest, reason: 'retry' };
  if (state.status === 'claimed' && state.claimedAt + CLAIM_LEASE_MS <= now) return { ...digest, reason: 'abandoned-claim' };
  return null;
}

/**
 * Yesterday's digest if its day ended without it: never started (the bot was down), still waiting for a retry, or
 * claimed by a run that died. The reason says which.
 */
function missedYesterday(timing: DigestTiming, now: number, ledger: Ledger): DueDigest | null {
  const localDate = addDays(localDateOf(now, timing.timeZone), -1);
  const scheduledAt = scheduledInstant(timing, localDate);
  if (scheduledAt < timing.createdAt || scheduledAt > now) return null;
  const state = ledger(timing.subscriptionId, localDate);
  const digest = { subscriptionId: timing.subscriptionId, localDate, scheduledAt };
  if (state === undefined) return { ...digest, reason: 'scheduled' };
  if (state.status === 'retry') return { ...digest, reason: 'retry' };
  if (state.status === 'claimed' && state.claimedAt + CLAIM_LEASE_MS <= now) return { ...digest, reason: 'abandoned-claim' };
  return null;
}

/**
 * The digests to post now, and yesterday's that can no longer be posted. A digest is due from its local time until
 * the end of that local day (so a bot that was down posts it when it is back, once); the ledger says which were
 * delivered, failed for good, are being posted, or wait for a retry.
 */
export function dueDigests(now: number, timings: readonly DigestTiming[], ledger: Ledger): DueDigests {
  const due: DueDigest[] = [];
  const missed: DueDigest[] = [];
  for (const timing of timings) {
    if (timing.paused) continue;
    const today = dueToday(timing, now, ledger);
    if (today !== null) due.push(today);
    const yesterday = missedYesterday(timing, now, ledger);
    if (yesterday !== null) missed.push(yesterday);
  }
  due.sort((a, b) => a.scheduledAt - b.scheduledAt || (a.subscriptionId < b.subscriptionId ? -1 : 1));
  return { due, missed };
}

/** The next instant the subscription's digest will be posted (after `now`, or now when one is due and not yet sent). */
export function nextRun(timing: DigestTiming, now: number, ledger: Ledger): number {
  const today = localDateOf(now, timing.timeZone);
  for (const localDate of [today, addDays(today, 1), addDays(today, 2)]) {
    const at = scheduledInstant(timing, localDate);
    if (at < timing.createdAt) continue;
    const state = ledger(timing.subscriptionId, localDate);
    if (at >= now && state === undefined) return at;
    if (at < now && localDate === today && (state === undefined || state.status === 'claimed')) return now;
    if (at < now && localDate === today && state?.status === 'retry' && state.nextAttemptAt !== null) return Math.max(now, state.nextAttemptAt);
  }
  return scheduledInstant(timing, addDays(today, 3));
}

/** Waits before the next try after `failures` transient failures in a row: 1, 2, 4 … at most 30 minutes. */
export function retryDelayMs(failures: number): number {
  return Math.min(30, 2 ** Math.max(0, failures - 1)) * MINUTE_MS;
}
