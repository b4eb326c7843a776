/**
 * The minute's digest round: asks the pure schedule which digests are due, claims each in the ledger, builds it and
 * hands it to the sender. Every digest is its own error boundary, and they go out side by side, so one server's
 * slow or failing channel never holds up another's.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { mapLimited } from '../async/map-limited.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { DigestSubscription } from '../store/digest-store.ts';
import { collectDigest, DigestReader } from './collect.ts';
import { digestWindow, ledgerOf, timingOf } from './ledger.ts';
import { CLAIM_LEASE_MS, dueDigests, retryDelayMs } from './schedule.ts';
import type { DueDigest } from './schedule.ts';
import type { DigestSender } from './sender.ts';
import { addDays } from './zoned-time.ts';

/** Digests posted at once: enough to keep Discord's per-channel buckets busy, few enough to stay under its global limit. */
export const DIGEST_CONCURRENCY = 25;

export interface DigestRunDeps {
  readonly store: ArticleStore;
  readonly sender: DigestSender;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly concurrency?: number;
}

export type DigestOutcome = 'posted' | 'empty' | 'retry' | 'failed' | 'skipped';

export interface DigestRoundReport {
  readonly due: number;
  readonly missed: number;
  readonly outcomes: Readonly<Record<DigestOutcome, number>>;
}

/** A reason a person can read, without paths or stack traces: the log has the details. */
function publicReason(error: unknown): string {
  const status = typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : NaN;
  if (status >= 500) return `Discord was unavailable (HTTP ${status})`;
  if (error instanceof Error && error.name === 'AbortError') return 'Discord did not answer in time';
  return 'an unexpected error (the bot’s log has the details)';
}

export async function runDigestRound(deps: DigestRunDeps): Promise<DigestRoundReport> {
  const { store, logger } = deps;
  const now = deps.clock().getTime();
  const subscriptions = await store.digests.activeSubscriptions();
  const outcomes: Record<DigestOutcome, number> = { posted: 0, empty: 0, retry: 0, failed: 0, skipped: 0 };
  if (subscriptions.length === 0) return { due: 0, missed: 0, outcomes };
  // Two days back in UTC covers "yesterday" in every zone.
  const ledger = ledgerOf(await store.digests.deliveriesSince(addDays(new Date(now).toISOString().slice(0, 10), -2)));
  const { due, missed } = dueDigests(now, subscriptions.map(timingOf), ledger);

  for (const digest of missed) {
    if (digest.reason === 'scheduled') {
      await store.digests.recordMissed(digest.subscriptionId, digest.localDate, digest.scheduledAt, 'not posted: the bot was offline for the rest of that day', now);
    } else {
      const detail = digest.reason === 'retry' ? 'not posted: Discord failed every try that day' : 'not posted: the bot stopped while posting it';
      await store.digests.closeMissedDay(digest.subscriptionId, digest.localDate, detail, now, CLAIM_LEASE_MS);
    }
    logger.warn({ subscription: digest.subscriptionId, date: digest.localDate, reason: digest.reason }, 'digest missed');
  }

  const byId = new Map(subscriptions.map((subscription) => [subscription.id, subscription]));
  const reader = new DigestReader(store);
  await mapLimited(due, deps.concurrency ?? DIGEST_CONCURRENCY, async (digest) => {
    const subscription = byId.get(digest.subscriptionId);
    if (subscription === undefined) return;
    try {
      outcomes[await deliverOne(deps, reader, subscription, digest)] += 1;
    } catch (error) {
      // deliverOne records its own failures; this catches a failure to record them (a locked database, say).
      outcomes.skipped += 1;
      logger.error({ err: error, subscription: subscription.id, date: digest.localDate }, 'digest round failed for a subscription');
    }
  });
  if (due.length > 0) logger.info({ due: due.length, missed: missed.length, ...outcomes }, 'digest round done');
  return { due: due.length, missed: missed.length, outcomes };
}

async function deliverOne(deps: DigestRunDeps, reader: DigestReader, subscription: DigestSubscription, due: DueDigest): Promise<DigestOutcome> {
  const { store, logger } = deps;
  const token = randomUUID();
  const started = deps.clock().getTime();
  const claim = await store.digests.claim({
    subscriptionId: subscription.id,
    localDate: due.localDate,
    scheduledAt: due.scheduledAt,
    token,
    now: started,
    leaseMs: CLAIM_LEASE_MS,
  });
  if (claim === null) return 'skipped';
  const finish = (outcome: Parameters<typeof store.digests.finish>[3]) =>
    store.digests.finish(subscription.id, due.localDate, token, outcome, deps.clock().getTime());
  const log = { subscription: subscription.id, guild: subscription.guildId, channel: subscription.channelId, date: due.localDate };

  try {
    const window = await digestWindow(store, subscription, due.scheduledAt);
    const { digest, throughArticleSeq } = await collectDigest(reader, {
      viewer: subscription.guildId,
      topics: subscription.topics,
      size: subscription.size,
      localDate: due.localDate,
      timeZone: subscription.timeZone,
      afterSeq: window.afterSeq,
      since: window.since,
      chart: subscription.chart,
    });
    if (digest.entries.length === 0 && subscription.whenEmpty === 'silent') {
      await finish({ status: 'empty', detail: 'nothing new; stayed silent', throughArticleSeq });
      return 'empty';
    }
    const result = await deps.sender.deliver({
      subscription,
      digest,
      posted: claim.delivery.messageIds,
      recover: claim.takenOver,
      onPosted: async (messageId) => {
        if (!(await store.digests.recordMessage(subscription.id, due.localDate, token, messageId, deps.clock().getTime()))) {
          logger.warn({ ...log, message: messageId }, 'digest claim lost while posting');
        }
      },
    });
    if (result.kind === 'channel_unavailable') {
      await finish({ status: 'failed', detail: `paused: ${result.reason}` });
      await store.digests.pauseSubscription(subscription.id, result.reason, deps.clock().getTime());
      logger.warn({ ...log, reason: result.reason }, 'digest channel unavailable; subscription paused');
      await deps.sender.announcePause(subscription, result.reason);
      return 'failed';
    }
    const events = digest.entries.length;
    const detail =
      events === 0
        ? 'posted: no new events'
        : `posted ${events} event${events === 1 ? '' : 's'} in ${result.messageIds.length} message${result.messageIds.length === 1 ? '' : 's'}`;
    await finish({ status: 'posted', detail, throughArticleSeq });
    logger.info({ ...log, events, messages: result.messageIds.length, ms: deps.clock().getTime() - started }, 'digest posted');
    return 'posted';
  } catch (error) {
    const attempts = claim.delivery.attempts + 1;
    const nextAttemptAt = deps.clock().getTime() + retryDelayMs(attempts);
    const reason = publicReason(error);
    logger.error({ ...log, err: error, attempts }, 'digest not posted; will retry');
    await finish({ status: 'retry', detail: `attempt ${attempts} failed: ${reason}; trying again`, nextAttemptAt });
    return 'retry';
  }
}

/** Why a digest stops when its channel is deleted: the same words the check before posting would give. */
export const CHANNEL_DELETED = 'its channel was deleted';

/**
 * A channel was deleted: its digest (if any) is paused now and the server told, rather than at its next run. The
 * pre-post check stays the safety net for what this misses (a deletion while the bot was offline).
 */
export async function pauseDigestOfDeletedChannel(
  deps: Pick<DigestRunDeps, 'store' | 'sender' | 'clock' | 'logger'>,
  channel: { readonly id: string; readonly guildId: string },
): Promise<boolean> {
  const subscription = await deps.store.digests.subscriptionForChannel(channel.guildId, channel.id);
  if (subscription === null || subscription.pausedReason !== null) return false;
  await deps.store.digests.pauseSubscription(subscription.id, CHANNEL_DELETED, deps.clock().getTime());
  deps.logger.info({ subscription: subscription.id, channel: channel.id }, 'digest channel deleted; subscription paused');
  await deps.sender.announcePause(subscription, CHANNEL_DELETED);
  return true;
}
