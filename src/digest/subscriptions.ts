/**
 * What `/digest` does, behind its handler: subscribing (validated, one per channel), unsubscribing, the status of a
 * server's digests and a preview of what would be posted now.
 */
import type { GuildScope } from '../domain/article.ts';
import { UserFacingError } from '../errors.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { DigestDelivery, DigestSubscription, WhenEmpty } from '../store/digest-store.ts';
import type { Digest } from './build-digest.ts';
import { collectDigest, DigestReader, MAX_TOPICS, splitTopics } from './collect.ts';
import { digestWindow, ledgerOf, timingOf } from './ledger.ts';
import { nextRun } from './schedule.ts';
import { addDays, canonicalTimeZone, localDateOf, parseTimeOfDay } from './zoned-time.ts';

export const DEFAULT_DIGEST_SIZE = 5;
export const MAX_DIGEST_SIZE = 10;
/** Digests a server may have: one per channel, and not one per channel of a large server. */
export const MAX_SUBSCRIPTIONS_PER_SERVER = 25;
export const MAX_TOPICS_LENGTH = 300;
const DAY_MS = 86_400_000;

export interface SubscribeRequest {
  readonly guildId: string;
  readonly channelId: string;
  readonly time: string;
  readonly timeZone: string;
  readonly topics: string | null;
  readonly size: number | null;
  readonly pingRoleId: string | null;
  readonly whenEmpty: WhenEmpty | null;
  readonly chart: boolean | null;
  readonly requestedBy: string;
}

/** Checks every setting at once, so the person fixes them in one go. */
export async function subscribeDigest(
  store: ArticleStore,
  request: SubscribeRequest,
  now: Date,
): Promise<{ subscription: DigestSubscription; created: boolean; nextRun: number }> {
  const problems: string[] = [];
  const minutes = parseTimeOfDay(request.time);
  if (minutes === null) problems.push(`“${request.time.slice(0, 20)}” is not a time of day: use HH:MM in 24-hour form, e.g. 07:30 or 18:00.`);
  const timeZone = canonicalTimeZone(request.timeZone);
  if (timeZone === null) problems.push(`“${request.timeZone.slice(0, 64)}” is not a time zone I know: pick one from the list, e.g. Europe/Paris or America/New_York.`);
  const size = request.size ?? DEFAULT_DIGEST_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_DIGEST_SIZE) problems.push(`The size is the number of events, from 1 to ${MAX_DIGEST_SIZE}.`);
  const topics = request.topics === null ? [] : splitTopics(request.topics);
  if (request.topics !== null && request.topics.length > MAX_TOPICS_LENGTH) problems.push(`Topics are at most ${MAX_TOPICS_LENGTH} characters.`);
  else if (request.topics !== null && request.topics.split(/[,;\n]/).filter((topic) => topic.trim() !== '').length > MAX_TOPICS) {
    problems.push(`At most ${MAX_TOPICS} topics, separated by commas.`);
  }
  const existing = await store.digests.subscriptionForChannel(request.guildId, request.channelId);
  if (existing === null && (await store.digests.listSubscriptions(request.guildId)).length >= MAX_SUBSCRIPTIONS_PER_SERVER) {
    problems.push(`This server has ${MAX_SUBSCRIPTIONS_PER_SERVER} digests already; unsubscribe one first.`);
  }
  if (problems.length > 0 || minutes === null || timeZone === null) throw new UserFacingError(problems.join('\n'));
  const saved = await store.digests.saveSubscription(
    {
      guildId: request.guildId,
      channelId: request.channelId,
      minutes,
      timeZone,
      topics: topics.length > 0 ? topics.join(', ') : null,
      size,
      pingRoleId: request.pingRoleId,
      whenEmpty: request.whenEmpty ?? existing?.whenEmpty ?? 'line',
      chart: request.chart ?? existing?.chart ?? false,
      createdBy: request.requestedBy,
    },
    now.getTime(),
  );
  const ledger = ledgerOf(await store.digests.deliveriesSince(addDays(localDateOf(now.getTime(), saved.subscription.timeZone), -1)));
  return { ...saved, nextRun: nextRun(timingOf(saved.subscription), now.getTime(), ledger) };
}

export async function unsubscribeDigest(store: ArticleStore, guildId: string, channelId: string): Promise<DigestSubscription> {
  const removed = await store.digests.removeSubscription(guildId, channelId);
  if (removed === null) throw new UserFacingError(`<#${channelId}> has no daily digest. \`/digest status\` lists this server’s digests.`);
  return removed;
}

export interface DigestStatus {
  readonly subscription: DigestSubscription;
  /** ms; null while paused. */
  readonly nextRun: number | null;
  readonly lastDelivery: DigestDelivery | null;
}

/** Each of the server's digests: when it runs next and how the last one went. */
export async function digestStatus(store: ArticleStore, guildId: string, now: Date): Promise<DigestStatus[]> {
  const subscriptions = await store.digests.listSubscriptions(guildId);
  const latest = await store.digests.latestDeliveries(guildId);
  const ledger = ledgerOf(await store.digests.deliveriesSince(addDays(now.toISOString().slice(0, 10), -2)));
  return subscriptions.map((subscription) => ({
    subscription,
    nextRun: subscription.pausedReason === null ? nextRun(timingOf(subscription), now.getTime(), ledger) : null,
    lastDelivery: latest.get(subscription.id) ?? null,
  }));
}

export interface AdHocDigestRequest {
  readonly viewer: GuildScope;
  readonly topics: string | null;
  readonly size: number;
  readonly timeZone: string;
  /** ms: articles stored since then; null for every stored article. */
  readonly since: number | null;
}

/** A digest of the articles stored since a time, outside any subscription: `newsbot digest` and previews. */
export async function adHocDigest(store: ArticleStore, request: AdHocDigestRequest, now: Date): Promise<Digest> {
  const timeZone = canonicalTimeZone(request.timeZone);
  if (timeZone === null) throw new UserFacingError(`“${request.timeZone.slice(0, 64)}” is not a time zone I know, e.g. Europe/Paris or America/New_York.`);
  const afterSeq = request.since === null ? 0 : await store.digests.articleSeqBefore(request.since);
  const { digest } = await collectDigest(new DigestReader(store), {
    viewer: request.viewer,
    topics: request.topics,
    size: request.size,
    localDate: localDateOf(now.getTime(), timeZone),
    timeZone,
    afterSeq,
    since: request.since,
  });
  return digest;
}

/**
 * What the channel's digest would post now (or, for a channel without one, a digest of the last day with the
 * default settings): nothing is recorded, so the real digest still covers the same news.
 */
export async function previewDigest(
  store: ArticleStore,
  guildId: string,
  channelId: string,
  now: Date,
): Promise<{ digest: Digest; subscription: DigestSubscription | null }> {
  const subscription = await store.digests.subscriptionForChannel(guildId, channelId);
  if (subscription === null) {
    const digest = await adHocDigest(store, { viewer: guildId, topics: null, size: DEFAULT_DIGEST_SIZE, timeZone: 'UTC', since: now.getTime() - DAY_MS }, now);
    return { digest, subscription };
  }
  const window = await digestWindow(store, subscription, now.getTime());
  const { digest } = await collectDigest(new DigestReader(store), {
    viewer: guildId,
    topics: subscription.topics,
    size: subscription.size,
    localDate: localDateOf(now.getTime(), subscription.timeZone),
    timeZone: subscription.timeZone,
    afterSeq: window.afterSeq,
    since: window.since,
    chart: subscription.chart,
  });
  return { digest, subscription };
}
