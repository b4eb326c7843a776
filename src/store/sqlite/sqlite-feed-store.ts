import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { GuildScope } from '../../domain/article.ts';
import type { EventPost, Feed, FeedPollState, FeedPollUpdate, FeedStore, NewFeed } from '../feed-store.ts';

interface FeedRow {
  id: string;
  guild_id: string | null;
  channel_id: string | null;
  url: string;
  title: string | null;
  filter: string | null;
  added_by: string | null;
  added_at: string;
  etag: string | null;
  last_modified: string | null;
  poll_state: string;
  last_polled_at: string | null;
  primed: number;
}

function toFeed(row: FeedRow): Feed {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    url: row.url,
    title: row.title,
    filter: row.filter,
    addedBy: row.added_by,
    addedAt: row.added_at,
    etag: row.etag,
    lastModified: row.last_modified,
    poll: JSON.parse(row.poll_state) as FeedPollState,
    lastPolledAt: row.last_polled_at,
    primed: row.primed === 1,
  };
}

function scopeKey(guildId: GuildScope): string {
  return guildId ?? '';
}

const FEED_COLUMNS = 'id, guild_id, channel_id, url, title, filter, added_by, added_at, etag, last_modified, poll_state, last_polled_at, primed';

/** Feeds, the items they have given and the event messages, in the articles' database. */
export class SqliteFeedStore implements FeedStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO feeds (id, guild_id, channel_id, url, title, filter, added_by, added_at, poll_state, next_poll_at)
         VALUES (@id, @guildId, @channelId, @url, @title, @filter, @addedBy, @addedAt, @pollState, @nextPollAt)`,
      ),
      byId: db.prepare<[string]>(`SELECT ${FEED_COLUMNS} FROM feeds WHERE id = ?`),
      byScope: db.prepare<[string]>(`SELECT ${FEED_COLUMNS} FROM feeds WHERE COALESCE(guild_id, '') = ? ORDER BY seq`),
      all: db.prepare(`SELECT ${FEED_COLUMNS} FROM feeds ORDER BY seq`),
      remove: db.prepare<[string, string]>(`DELETE FROM feeds WHERE id = ? AND COALESCE(guild_id, '') = ?`),
      due: db.prepare<[number, number]>(`SELECT ${FEED_COLUMNS} FROM feeds WHERE next_poll_at <= ? ORDER BY next_poll_at LIMIT ?`),
      update: db.prepare(
        `UPDATE feeds SET poll_state = @pollState, next_poll_at = @nextPollAt, last_polled_at = @lastPolledAt,
           etag = CASE WHEN @setEtag THEN @etag ELSE etag END,
           last_modified = CASE WHEN @setLastModified THEN @lastModified ELSE last_modified END,
           title = CASE WHEN @setTitle THEN @title ELSE title END,
           primed = CASE WHEN @setPrimed THEN @primed ELSE primed END
         WHERE id = @id`,
      ),
      inChannel: db.prepare<[string]>(`SELECT ${FEED_COLUMNS} FROM feeds WHERE channel_id = ? ORDER BY seq`),
      seen: db.prepare<[string, string]>(`SELECT key FROM feed_item_keys WHERE scope = ? AND key IN (SELECT value FROM json_each(?))`),
      markSeen: db.prepare<[string, number, number, string]>(
        `INSERT OR IGNORE INTO feed_item_keys (scope, key, feed_seq, seen_at) SELECT ?, value, ?, ? FROM json_each(?)`,
      ),
      feedSeq: db.prepare<[string]>(`SELECT seq FROM feeds WHERE id = ?`),
      eventSeq: db.prepare<[string, string]>(
        `SELECT seq FROM events WHERE id = ? UNION ALL SELECT event_seq FROM event_aliases WHERE old_id = ? LIMIT 1`,
      ),
      getPost: db.prepare<[string, number]>(
        `SELECT p.channel_id, e.id AS event_id, p.message_id, p.outlet_count, p.posted_at, p.updated_at
         FROM event_posts p JOIN events e ON e.seq = p.event_seq WHERE p.channel_id = ? AND p.event_seq = ?`,
      ),
      savePost: db.prepare(
        `INSERT INTO event_posts (channel_id, event_seq, message_id, guild_id, outlet_count, posted_at, updated_at)
         VALUES (@channelId, @eventSeq, @messageId, @guildId, @outletCount, @postedAt, @updatedAt)
         ON CONFLICT (channel_id, event_seq) DO UPDATE SET message_id = excluded.message_id,
           outlet_count = excluded.outlet_count, posted_at = excluded.posted_at, updated_at = excluded.updated_at`,
      ),
      countPosts: db.prepare<[string, number]>(`SELECT COUNT(*) AS n FROM event_posts WHERE channel_id = ? AND posted_at >= ?`),
    };
  }

  async addFeed(feed: NewFeed): Promise<Feed | null> {
    const id = randomBytes(4).toString('hex');
    const { changes } = this.statements.insert.run({
      id,
      guildId: feed.guildId,
      channelId: feed.channelId,
      url: feed.url,
      title: feed.title,
      filter: feed.filter,
      addedBy: feed.addedBy,
      addedAt: feed.addedAt,
      pollState: JSON.stringify(feed.poll),
      nextPollAt: feed.poll.nextPollAt,
    });
    if (changes === 0) return null;
    return toFeed(this.statements.byId.get(id) as FeedRow);
  }

  async getFeed(id: string, guildId: GuildScope): Promise<Feed | null> {
    const row = this.statements.byId.get(id.trim()) as FeedRow | undefined;
    return row && row.guild_id === guildId ? toFeed(row) : null;
  }

  async listFeeds(guildId: GuildScope): Promise<Feed[]> {
    return (this.statements.byScope.all(scopeKey(guildId)) as FeedRow[]).map(toFeed);
  }

  async listAllFeeds(): Promise<Feed[]> {
    return (this.statements.all.all() as FeedRow[]).map(toFeed);
  }

  async removeFeed(id: string, guildId: GuildScope): Promise<boolean> {
    return this.statements.remove.run(id.trim(), scopeKey(guildId)).changes > 0;
  }

  async dueFeeds(now: number, limit: number): Promise<Feed[]> {
    return (this.statements.due.all(now, limit) as FeedRow[]).map(toFeed);
  }

  async updateFeedAfterPoll(id: string, update: FeedPollUpdate): Promise<void> {
    this.statements.update.run({
      id,
      pollState: JSON.stringify(update.poll),
      nextPollAt: update.poll.pausedReason === null ? update.poll.nextPollAt : null,
      lastPolledAt: update.lastPolledAt,
      setEtag: update.etag === undefined ? 0 : 1,
      etag: update.etag ?? null,
      setLastModified: update.lastModified === undefined ? 0 : 1,
      lastModified: update.lastModified ?? null,
      setTitle: update.title === undefined ? 0 : 1,
      title: update.title ?? null,
      setPrimed: update.primed === undefined ? 0 : 1,
      primed: update.primed === true ? 1 : 0,
    });
  }

  async feedsInChannel(channelId: string): Promise<Feed[]> {
    return (this.statements.inChannel.all(channelId) as FeedRow[]).map(toFeed);
  }

  async seenItemKeys(guildId: GuildScope, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = this.statements.seen.all(scopeKey(guildId), JSON.stringify([...keys])) as { key: string }[];
    return new Set(rows.map((row) => row.key));
  }

  async markItemsSeen(feedId: string, guildId: GuildScope, keys: readonly string[], at: number): Promise<void> {
    const feed = this.statements.feedSeq.get(feedId) as { seq: number } | undefined;
    if (!feed || keys.length === 0) return;
    this.statements.markSeen.run(scopeKey(guildId), feed.seq, at, JSON.stringify([...new Set(keys)]));
  }

  private eventSeqOf(eventId: string): number | null {
    return (this.statements.eventSeq.get(eventId, eventId) as { seq: number } | undefined)?.seq ?? null;
  }

  async getEventPost(channelId: string, eventId: string): Promise<EventPost | null> {
    const seq = this.eventSeqOf(eventId);
    if (seq === null) return null;
    const row = this.statements.getPost.get(channelId, seq) as
      | { channel_id: string; event_id: string; message_id: string; outlet_count: number; posted_at: number; updated_at: number }
      | undefined;
    return row
      ? { channelId: row.channel_id, eventId: row.event_id, messageId: row.message_id, outletCount: row.outlet_count, postedAt: row.posted_at, updatedAt: row.updated_at }
      : null;
  }

  async saveEventPost(post: EventPost & { readonly guildId: GuildScope }): Promise<void> {
    const seq = this.eventSeqOf(post.eventId);
    if (seq === null) throw new Error(`no event ${post.eventId}`);
    this.statements.savePost.run({
      channelId: post.channelId,
      eventSeq: seq,
      messageId: post.messageId,
      guildId: post.guildId,
      outletCount: post.outletCount,
      postedAt: post.postedAt,
      updatedAt: post.updatedAt,
    });
  }

  async countPostsSince(channelId: string, since: number): Promise<number> {
    return (this.statements.countPosts.get(channelId, since) as { n: number }).n;
  }
}
