import { CURRENT_EVENT_DAYS } from '../answers/event-answers.ts';
import type { ArticleStore, PruneResult } from '../store/article-store.ts';

const DAY_MS = 86_400_000;

export interface PruneSettings {
  readonly now: Date;
  /** Articles published more than this many days before `now` are pruned, unless their event is still current. */
  readonly retentionDays: number;
}

/** The times `pruneOldArticles` works with, for logs and `newsbot prune`. */
export interface PrunePlan {
  /** Articles published before this are old. */
  readonly publishedBefore: Date;
  /** Events whose last article was published at or after this are still current: none of their articles goes. */
  readonly keepEventsActiveSince: Date;
}

/**
 * What "still current" means for retention, the same rule `/events` and `newsbot events` list by: an event is current
 * while its last article was published within CURRENT_EVENT_DAYS (7) days of the newest stored article — measured
 * from the newest article rather than from today, so that a bot that stopped ingesting for a while keeps the stories it
 * would still show as current, and nothing is pruned merely because no news came in.
 *
 * Two guards on "newest": it is capped at `now`, so that one article with a wrong date in the future cannot make every
 * real story look stale; and it is the newest article of the whole store, the latest point any server's list is
 * measured from (each server measures from the newest article it may see, which is never later). A story current for
 * a server whose own newest article is older than the store's could therefore count as not current here; it loses only
 * articles older than the retention period, which is 90 days by default against 7 for currency.
 */
export async function prunePlan(store: ArticleStore, settings: PruneSettings): Promise<PrunePlan> {
  if (!Number.isFinite(settings.retentionDays) || settings.retentionDays <= 0) {
    throw new RangeError(`retentionDays must be greater than 0, not ${settings.retentionDays}`);
  }
  const now = settings.now.getTime();
  const newest = Math.min((await store.newestPublished()) ?? now, now);
  return {
    publishedBefore: new Date(now - settings.retentionDays * DAY_MS),
    keepEventsActiveSince: new Date(newest - CURRENT_EVENT_DAYS * DAY_MS),
  };
}

/**
 * Deletes articles older than the retention period, except those of events still current (see `prunePlan`), with
 * everything derived from them; events left without articles go too. Safe to run while the bot serves: the store
 * works in short transactions.
 */
export async function pruneOldArticles(store: ArticleStore, settings: PruneSettings): Promise<PruneResult> {
  const plan = await prunePlan(store, settings);
  return store.pruneArticles({
    publishedBefore: plan.publishedBefore.getTime(),
    keepEventsActiveSince: plan.keepEventsActiveSince.getTime(),
  });
}
