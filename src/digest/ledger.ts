/**
 * Between the store's rows and the pure schedule: a subscription's timing, the ledger as a lookup, and the window of
 * articles a digest covers.
 */
import type { ArticleStore } from '../store/article-store.ts';
import type { DigestDelivery, DigestSubscription } from '../store/digest-store.ts';
import type { DigestTiming, LedgerState } from './schedule.ts';

const DAY_MS = 86_400_000;

export function timingOf(subscription: DigestSubscription): DigestTiming {
  return {
    subscriptionId: subscription.id,
    minutes: subscription.minutes,
    timeZone: subscription.timeZone,
    createdAt: subscription.createdAt,
    paused: subscription.pausedReason !== null,
  };
}

export function ledgerOf(deliveries: readonly DigestDelivery[]): (subscriptionId: string, localDate: string) => LedgerState | undefined {
  const rows = new Map(
    deliveries.map((delivery) => [
      `${delivery.subscriptionId} ${delivery.localDate}`,
      { status: delivery.status, claimedAt: delivery.claimedAt ?? 0, nextAttemptAt: delivery.nextAttemptAt },
    ]),
  );
  return (subscriptionId, localDate) => rows.get(`${subscriptionId} ${localDate}`);
}

/**
 * The articles a subscription's digest covers: those stored since its previous digest, or for the first one, in the
 * day before it was due.
 */
export async function digestWindow(
  store: ArticleStore,
  subscription: DigestSubscription,
  scheduledAt: number,
): Promise<{ afterSeq: number; since: number }> {
  const previous = await store.digests.lastCovered(subscription.id);
  if (previous !== null && previous.throughArticleSeq !== null) return { afterSeq: previous.throughArticleSeq, since: previous.scheduledAt };
  const since = scheduledAt - DAY_MS;
  return { afterSeq: await store.digests.articleSeqBefore(since), since };
}
