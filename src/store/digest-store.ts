import type { ArticleSummary, GuildScope } from '../domain/article.ts';
import type { EventSummary } from './event-store.ts';

export type WhenEmpty = 'line' | 'silent';

/**
 * A ledger row's state. `claimed`: a process is posting it (or crashed while posting); `retry`: a transient failure,
 * tried again from `nextAttemptAt`; the others are final for that day.
 */
export type DeliveryStatus = 'claimed' | 'posted' | 'empty' | 'retry' | 'failed' | 'missed';

/** A channel's daily digest. */
export interface DigestSubscription {
  readonly id: string;
  readonly guildId: string;
  readonly channelId: string;
  /** Local time of day, minutes after midnight, in `timeZone` (IANA). */
  readonly minutes: number;
  readonly timeZone: string;
  /** Words (comma-separated topics) an event must match; null for every event. */
  readonly topics: string | null;
  /** Events per digest at most. */
  readonly size: number;
  readonly pingRoleId: string | null;
  readonly whenEmpty: WhenEmpty;
  readonly chart: boolean;
  readonly createdBy: string;
  /** ms */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Why the bot stopped posting it (channel gone, permission lost); null while active. */
  readonly pausedReason: string | null;
  readonly pausedAt: number | null;
}

export type DigestSettings = Omit<DigestSubscription, 'id' | 'createdAt' | 'updatedAt' | 'pausedReason' | 'pausedAt'>;

/** One ledger row: a subscription's digest of one local date. */
export interface DigestDelivery {
  readonly subscriptionId: string;
  readonly localDate: string;
  readonly status: DeliveryStatus;
  readonly scheduledAt: number;
  readonly claimToken: string | null;
  readonly claimedAt: number | null;
  /** Failed attempts so far. */
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  /** The messages posted, in order, as recorded after each was sent. */
  readonly messageIds: readonly string[];
  /** The newest article (store sequence number) the digest covered. */
  readonly throughArticleSeq: number | null;
  /** What happened, in words for `/digest status`. */
  readonly detail: string | null;
  readonly finishedAt: number | null;
}

export interface ClaimRequest {
  readonly subscriptionId: string;
  readonly localDate: string;
  readonly scheduledAt: number;
  /** Unique to the claiming run: only its holder may record messages or finish the delivery. */
  readonly token: string;
  readonly now: number;
  /** A claim older than this (ms) may be taken over: its process died. */
  readonly leaseMs: number;
}

export interface Claim {
  readonly delivery: DigestDelivery;
  /** True when a crashed run's claim was taken over: it may have posted some messages it never recorded. */
  readonly takenOver: boolean;
}

export type DeliveryOutcome =
  | { readonly status: 'posted' | 'empty'; readonly detail: string; readonly throughArticleSeq: number }
  | { readonly status: 'failed'; readonly detail: string }
  | { readonly status: 'retry'; readonly detail: string; readonly nextAttemptAt: number };

/** What happened to one event since an article sequence number. */
export interface EventActivity {
  readonly event: EventSummary;
  /** True when the event's first article came after the window start: new, not updated. */
  readonly isNew: boolean;
  readonly newArticleCount: number;
  /** Outlets of the window's articles (sources; '' for none), sorted. */
  readonly newOutlets: readonly string[];
  /** Published time (ms) of the newest article in the window. */
  readonly newestPublished: number;
}

export interface DigestStore {
  /** Creates the channel's subscription, or replaces its settings (and lifts a pause). */
  saveSubscription(settings: DigestSettings, now: number): Promise<{ subscription: DigestSubscription; created: boolean }>;
  removeSubscription(guildId: string, channelId: string): Promise<DigestSubscription | null>;
  getSubscription(id: string): Promise<DigestSubscription | null>;
  subscriptionForChannel(guildId: string, channelId: string): Promise<DigestSubscription | null>;
  listSubscriptions(guildId: string): Promise<DigestSubscription[]>;
  /** Every subscription not paused, of every server: what the minute's tick looks at. */
  activeSubscriptions(): Promise<DigestSubscription[]>;
  pauseSubscription(id: string, reason: string, at: number): Promise<void>;

  /** Ledger rows of every subscription for local dates on or after `localDate`. */
  deliveriesSince(localDate: string): Promise<DigestDelivery[]>;
  /** Each subscription's newest ledger row. */
  latestDeliveries(guildId: string): Promise<Map<string, DigestDelivery>>;
  /** The newest delivery that covered articles (posted or empty): the next digest starts after it. */
  lastCovered(subscriptionId: string): Promise<DigestDelivery | null>;
  /**
   * Claims a digest atomically: a new ledger row, or a row whose retry is due, or an abandoned claim. Null when
   * another run holds it or it is finished — then nothing may be posted.
   */
  claim(request: ClaimRequest): Promise<Claim | null>;
  /** Records a posted message (and renews the claim); false when the claim was lost. */
  recordMessage(subscriptionId: string, localDate: string, token: string, messageId: string, now: number): Promise<boolean>;
  finish(subscriptionId: string, localDate: string, token: string, outcome: DeliveryOutcome, now: number): Promise<boolean>;
  /** A digest that could not be posted on its day; ignored when that day has a row already. */
  recordMissed(subscriptionId: string, localDate: string, scheduledAt: number, detail: string, now: number): Promise<void>;
  /**
   * Closes a day whose digest was still waiting for a retry, or held by a claim older than `leaseMs` (its run died),
   * as missed; false when the row is in neither state.
   */
  closeMissedDay(subscriptionId: string, localDate: string, detail: string, now: number, leaseMs: number): Promise<boolean>;

  /** The newest article's sequence number (0 when none). */
  latestArticleSeq(): Promise<number>;
  /** The sequence number before the first article stored at or after `time` (ms): a window starting then. */
  articleSeqBefore(time: number): Promise<number>;
  /** Events of the viewer's scopes with articles stored in (afterSeq, throughSeq]. */
  eventActivity(viewer: GuildScope, afterSeq: number, throughSeq: number): Promise<EventActivity[]>;
  /** An event's articles stored in (afterSeq, throughSeq], newest first, at most `limit`. */
  newArticlesOf(eventId: string, viewer: GuildScope, afterSeq: number, throughSeq: number, limit: number): Promise<ArticleSummary[]>;
}
