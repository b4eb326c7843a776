import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ArticleSummary, GuildScope } from '../../domain/article.ts';
import type {
  Claim,
  ClaimRequest,
  DeliveryOutcome,
  DeliveryStatus,
  DigestDelivery,
  DigestSettings,
  DigestStore,
  DigestSubscription,
  EventActivity,
  WhenEmpty,
} from '../digest-store.ts';
import { SUMMARY_COLUMNS, toSummary } from './rows.ts';
import type { ArticleRow } from './rows.ts';
import type { SqliteEventStore } from './sqlite-event-store.ts';

interface SubscriptionRow {
  seq: number;
  id: string;
  guild_id: string;
  channel_id: string;
  minutes: number;
  time_zone: string;
  topics: string | null;
  size: number;
  ping_role_id: string | null;
  when_empty: string;
  chart: number;
  created_by: string;
  created_at: number;
  updated_at: number;
  paused_reason: string | null;
  paused_at: number | null;
}

interface DeliveryRow {
  subscription_id: string;
  local_date: string;
  status: string;
  scheduled_at: number;
  claim_token: string | null;
  claimed_at: number | null;
  attempts: number;
  next_attempt_at: number | null;
  message_ids: string;
  through_article_seq: number | null;
  detail: string | null;
  finished_at: number | null;
}

function toSubscription(row: SubscriptionRow): DigestSubscription {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    minutes: row.minutes,
    timeZone: row.time_zone,
    topics: row.topics,
    size: row.size,
    pingRoleId: row.ping_role_id,
    whenEmpty: row.when_empty as WhenEmpty,
    chart: row.chart === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    pausedReason: row.paused_reason,
    pausedAt: row.paused_at,
  };
}

function toDelivery(row: DeliveryRow): DigestDelivery {
  return {
    subscriptionId: row.subscription_id,
    localDate: row.local_date,
    status: row.status as DeliveryStatus,
    scheduledAt: row.scheduled_at,
    claimToken: row.claim_token,
    claimedAt: row.claimed_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    messageIds: JSON.parse(row.message_ids) as string[],
    throughArticleSeq: row.through_article_seq,
    detail: row.detail,
    finishedAt: row.finished_at,
  };
}

const SUBSCRIPTION_COLUMNS = `seq, id, guild_id, channel_id, minutes, time_zone, topics, size, ping_role_id, when_empty, chart,
  created_by, created_at, updated_at, paused_reason, paused_at`;
const DELIVERY_SELECT = `SELECT s.id AS subscription_id, d.local_date, d.status, d.scheduled_at, d.claim_token, d.claimed_at, d.attempts,
    d.next_attempt_at, d.message_ids, d.through_article_seq, d.detail, d.finished_at
  FROM digest_deliveries d JOIN digest_subscriptions s ON s.seq = d.subscription_seq`;

/** Digest subscriptions and their delivery ledger, in the articles' database. */
export class SqliteDigestStore implements DigestStore {
  private readonly statements;
  private readonly claimOne: Database.Transaction<(request: ClaimRequest) => Claim | null>;
  private readonly saveOne: Database.Transaction<(settings: DigestSettings, now: number) => { subscription: DigestSubscription; created: boolean }>;

  constructor(
    private readonly db: Database.Database,
    private readonly events: SqliteEventStore,
  ) {
    this.statements = {
      byChannel: db.prepare<[string]>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM digest_subscriptions WHERE channel_id = ?`),
      byId: db.prepare<[string]>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM digest_subscriptions WHERE id = ?`),
      byGuild: db.prepare<[string]>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM digest_subscriptions WHERE guild_id = ? ORDER BY seq`),
      active: db.prepare(`SELECT ${SUBSCRIPTION_COLUMNS} FROM digest_subscriptions WHERE paused_reason IS NULL ORDER BY seq`),
      insert: db.prepare(
        `INSERT INTO digest_subscriptions (id, guild_id, channel_id, minutes, time_zone, topics, size, ping_role_id, when_empty, chart,
           created_by, created_at, updated_at)
         VALUES (@id, @guildId, @channelId, @minutes, @timeZone, @topics, @size, @pingRoleId, @whenEmpty, @chart, @createdBy, @now, @now)`,
      ),
      // A changed time counts from now (as a new subscription would): a digest whose new time already passed today
      // waits for tomorrow rather than going out at once.
      update: db.prepare(
        `UPDATE digest_subscriptions SET minutes = @minutes, time_zone = @timeZone, topics = @topics, size = @size,
           ping_role_id = @pingRoleId, when_empty = @whenEmpty, chart = @chart, updated_at = @now,
           created_at = CASE WHEN minutes = @minutes AND time_zone = @timeZone AND paused_reason IS NULL THEN created_at ELSE @now END,
           paused_reason = NULL, paused_at = NULL
         WHERE channel_id = @channelId`,
      ),
      remove: db.prepare<[string, string]>(`DELETE FROM digest_subscriptions WHERE guild_id = ? AND channel_id = ?`),
      pause: db.prepare<[string, number, string]>(`UPDATE digest_subscriptions SET paused_reason = ?, paused_at = ? WHERE id = ?`),
      seqOf: db.prepare<[string]>(`SELECT seq FROM digest_subscriptions WHERE id = ?`).pluck(),
      deliveriesSince: db.prepare<[string]>(`${DELIVERY_SELECT} WHERE d.local_date >= ?`),
      latestByGuild: db.prepare<[string]>(
        `${DELIVERY_SELECT} WHERE s.guild_id = ? AND d.local_date = (SELECT MAX(local_date) FROM digest_deliveries WHERE subscription_seq = s.seq)`,
      ),
      lastCovered: db.prepare<[number]>(
        `${DELIVERY_SELECT} WHERE d.subscription_seq = ? AND d.status IN ('posted', 'empty') ORDER BY d.local_date DESC LIMIT 1`,
      ),
      delivery: db.prepare<[number, string]>(`${DELIVERY_SELECT} WHERE d.subscription_seq = ? AND d.local_date = ?`),
      insertClaim: db.prepare(
        `INSERT OR IGNORE INTO digest_deliveries (subscription_seq, local_date, status, scheduled_at, claim_token, claimed_at)
         VALUES (@seq, @localDate, 'claimed', @scheduledAt, @token, @now)`,
      ),
      takeOver: db.prepare(
        `UPDATE digest_deliveries SET status = 'claimed', claim_token = @token, claimed_at = @now
         WHERE subscription_seq = @seq AND local_date = @localDate
           AND ((status = 'retry' AND next_attempt_at <= @now) OR (status = 'claimed' AND claimed_at <= @now - @leaseMs))`,
      ),
      recordMessage: db.prepare(
        `UPDATE digest_deliveries SET message_ids = json_insert(message_ids, '$[#]', @messageId), claimed_at = @now
         WHERE subscription_seq = @seq AND local_date = @localDate AND status = 'claimed' AND claim_token = @token`,
      ),
      finish: db.prepare(
        `UPDATE digest_deliveries SET status = @status, detail = @detail, finished_at = @now, claim_token = NULL,
           through_article_seq = @throughArticleSeq, next_attempt_at = @nextAttemptAt,
           attempts = attempts + CASE WHEN @status IN ('retry', 'failed') THEN 1 ELSE 0 END
         WHERE subscription_seq = @seq AND local_date = @localDate AND status = 'claimed' AND claim_token = @token`,
      ),
      missed: db.prepare(
        `INSERT OR IGNORE INTO digest_deliveries (subscription_seq, local_date, status, scheduled_at, detail, finished_at)
         VALUES (@seq, @localDate, 'missed', @scheduledAt, @detail, @now)`,
      ),
      closeDay: db.prepare(
        `UPDATE digest_deliveries SET status = 'missed', claim_token = NULL, finished_at = @now,
           detail = @detail || CASE WHEN json_array_length(message_ids) > 0
             THEN ' (' || json_array_length(message_ids) || ' message(s) had been posted)' ELSE '' END
         WHERE subscription_seq = @seq AND local_date = @localDate
           AND (status = 'retry' OR (status = 'claimed' AND claimed_at <= @now - @leaseMs))`,
      ),
      latestArticleSeq: db.prepare(`SELECT COALESCE(MAX(seq), 0) FROM articles`).pluck(),
      ingestedAtOf: db.prepare<[number]>(`SELECT ingested_at FROM articles WHERE seq >= ? ORDER BY seq LIMIT 1`).pluck(),
      minArticleSeq: db.prepare(`SELECT COALESCE(MIN(seq), 0) FROM articles`).pluck(),
      activity: db.prepare<[number, number, number, string]>(
        `SELECT a.event_seq AS event_seq, COUNT(*) AS articles, e.first_article_seq > ? AS is_new,
           json_group_array(DISTINCT COALESCE(a.source, '')) AS outlets, MAX(a.published_ts) AS newest
         FROM articles a JOIN events e ON e.seq = a.event_seq
         WHERE a.seq > ? AND a.seq <= ? AND COALESCE(a.guild_id, '') IN ('', ?)
         GROUP BY a.event_seq`,
      ),
      newArticles: db.prepare<[number, number, number, number]>(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.event_seq = ? AND a.seq > ? AND a.seq <= ? ORDER BY a.seq DESC LIMIT ?`,
      ),
    };

    this.saveOne = db.transaction((settings: DigestSettings, now: number) => {
      const values = {
        ...settings,
        chart: settings.chart ? 1 : 0,
        now,
      };
      const existing = this.statements.byChannel.get(settings.channelId) as SubscriptionRow | undefined;
      if (existing !== undefined) {
        if (existing.guild_id !== settings.guildId) throw new Error('a channel belongs to one server');
        this.statements.update.run(values);
      } else {
        this.statements.insert.run({ ...values, id: randomBytes(4).toString('hex') });
      }
      const row = this.statements.byChannel.get(settings.channelId) as SubscriptionRow;
      return { subscription: toSubscription(row), created: existing === undefined };
    });

    this.claimOne = db.transaction((request: ClaimRequest): Claim | null => {
      const seq = this.statements.seqOf.get(request.subscriptionId) as number | undefined;
      if (seq === undefined) return null;
      const params = { seq, localDate: request.localDate, scheduledAt: request.scheduledAt, token: request.token, now: request.now };
      let takenOver = false;
      if (this.statements.insertClaim.run(params).changes === 0) {
        const before = this.statements.delivery.get(seq, request.localDate) as DeliveryRow | undefined;
        if (this.statements.takeOver.run({ ...params, leaseMs: request.leaseMs }).changes === 0) return null;
        takenOver = before?.status === 'claimed';
      }
      const row = this.statements.delivery.get(seq, request.localDate) as DeliveryRow;
      return { delivery: toDelivery(row), takenOver };
    });
  }

  private seq(subscriptionId: string): number | null {
    return (this.statements.seqOf.get(subscriptionId) as number | undefined) ?? null;
  }

  async saveSubscription(settings: DigestSettings, now: number): Promise<{ subscription: DigestSubscription; created: boolean }> {
    return this.saveOne.immediate(settings, now);
  }

  async removeSubscription(guildId: string, channelId: string): Promise<DigestSubscription | null> {
    const row = this.statements.byChannel.get(channelId) as SubscriptionRow | undefined;
    if (row === undefined || row.guild_id !== guildId) return null;
    this.statements.remove.run(guildId, channelId);
    return toSubscription(row);
  }

  async getSubscription(id: string): Promise<DigestSubscription | null> {
    const row = this.statements.byId.get(id) as SubscriptionRow | undefined;
    return row ? toSubscription(row) : null;
  }

  async subscriptionForChannel(guildId: string, channelId: string): Promise<DigestSubscription | null> {
    const row = this.statements.byChannel.get(channelId) as SubscriptionRow | undefined;
    return row && row.guild_id === guildId ? toSubscription(row) : null;
  }

  async listSubscriptions(guildId: string): Promise<DigestSubscription[]> {
    return (this.statements.byGuild.all(guildId) as SubscriptionRow[]).map(toSubscription);
  }

  async activeSubscriptions(): Promise<DigestSubscription[]> {
    return (this.statements.active.all() as SubscriptionRow[]).map(toSubscription);
  }

  async pauseSubscription(id: string, reason: string, at: number): Promise<void> {
    this.statements.pause.run(reason, at, id);
  }

  async deliveriesSince(localDate: string): Promise<DigestDelivery[]> {
    return (this.statements.deliveriesSince.all(localDate) as DeliveryRow[]).map(toDelivery);
  }

  async latestDeliveries(guildId: string): Promise<Map<string, DigestDelivery>> {
    return new Map((this.statements.latestByGuild.all(guildId) as DeliveryRow[]).map((row) => [row.subscription_id, toDelivery(row)]));
  }

  async lastCovered(subscriptionId: string): Promise<DigestDelivery | null> {
    const seq = this.seq(subscriptionId);
    if (seq === null) return null;
    const row = this.statements.lastCovered.get(seq) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async claim(request: ClaimRequest): Promise<Claim | null> {
    return this.claimOne.immediate(request);
  }

  async recordMessage(subscriptionId: string, localDate: string, token: string, messageId: string, now: number): Promise<boolean> {
    const seq = this.seq(subscriptionId);
    return seq !== null && this.statements.recordMessage.run({ seq, localDate, token, messageId, now }).changes === 1;
  }

  async finish(subscriptionId: string, localDate: string, token: string, outcome: DeliveryOutcome, now: number): Promise<boolean> {
    const seq = this.seq(subscriptionId);
    if (seq === null) return false;
    const changes = this.statements.finish.run({
      seq,
      localDate,
      token,
      now,
      status: outcome.status,
      detail: outcome.detail,
      throughArticleSeq: 'throughArticleSeq' in outcome ? outcome.throughArticleSeq : null,
      nextAttemptAt: outcome.status === 'retry' ? outcome.nextAttemptAt : null,
    }).changes;
    return changes === 1;
  }

  async recordMissed(subscriptionId: string, localDate: string, scheduledAt: number, detail: string, now: number): Promise<void> {
    const seq = this.seq(subscriptionId);
    if (seq !== null) this.statements.missed.run({ seq, localDate, scheduledAt, detail, now });
  }

  async closeMissedDay(subscriptionId: string, localDate: string, detail: string, now: number, leaseMs: number): Promise<boolean> {
    const seq = this.seq(subscriptionId);
    return seq !== null && this.statements.closeDay.run({ seq, localDate, detail, now, leaseMs }).changes === 1;
  }

  async latestArticleSeq(): Promise<number> {
    return this.statements.latestArticleSeq.get() as number;
  }

  /**
   * Articles are stored in time order, so their sequence numbers and ingest times rise together: a binary search over
   * the primary key finds the boundary without an index on the ingest time (which every insert would pay for).
   */
  async articleSeqBefore(time: number): Promise<number> {
    const iso = new Date(time).toISOString();
    let low = (this.statements.minArticleSeq.get() as number) - 1;
    let high = this.statements.latestArticleSeq.get() as number;
    // Invariant: articles up to `low` were stored before `time`; the first stored at or after it is past `low`.
    while (low < high) {
      const middle = low + Math.ceil((high - low) / 2);
      const ingestedAt = this.statements.ingestedAtOf.get(middle) as string | undefined;
      if (ingestedAt !== undefined && ingestedAt < iso) low = middle;
      else high = middle - 1;
    }
    return Math.max(0, low);
  }

  async eventActivity(viewer: GuildScope, afterSeq: number, throughSeq: number): Promise<EventActivity[]> {
    const rows = this.statements.activity.all(afterSeq, afterSeq, throughSeq, viewer ?? '') as {
      event_seq: number;
      articles: number;
      is_new: number;
      outlets: string;
      newest: number;
    }[];
    const out: EventActivity[] = [];
    for (const row of rows) {
      const event = this.events.summaryOf(row.event_seq);
      if (event === null) continue;
      out.push({
        event,
        isNew: row.is_new === 1,
        newArticleCount: row.articles,
        newOutlets: (JSON.parse(row.outlets) as string[]).sort(),
        newestPublished: row.newest,
      });
    }
    return out;
  }

  async newArticlesOf(eventId: string, viewer: GuildScope, afterSeq: number, throughSeq: number, limit: number): Promise<ArticleSummary[]> {
    const seq = this.events.visible(eventId, viewer);
    if (seq === null) return [];
    return (this.statements.newArticles.all(seq, afterSeq, throughSeq, limit) as ArticleRow[]).map(toSummary);
  }
}
