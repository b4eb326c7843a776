import { existsSync, mkdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { UserFacingError } from '../../errors.ts';
import type { GuildDataRemoved, PruneOptions, PruneResult } from '../article-store.ts';
import type { SqliteEventStore } from './sqlite-event-store.ts';

/**
 * Articles deleted per transaction. Each batch is one short write transaction (a few milliseconds for 500 articles
 * with their segments, analysis and full-text rows), and the event loop gets a turn between batches, so a prune of
 * a hundred thousand articles never holds the database or the bot for long. A crash between batches leaves a
 * consistent database: every batch restates or deletes the events it touched before it commits.
 */
export const MAINTENANCE_BATCH = 500;

/** Pages copied per backup step (4 MB at the default page size). */
const BACKUP_STEP_PAGES = 1_000;

interface DoomedRow {
  seq: number;
  title: string;
  text: string;
  event_seq: number | null;
  published_ts: number;
}

interface BatchResult {
  readonly articles: number;
  readonly events: number;
  /** The (published_ts, seq) of the last row read, where the next batch starts. */
  readonly cursor: readonly [number, number] | null;
}

/** Retention, server removal and backups: the store's housekeeping, on the same connection as the articles. */
export class SqliteMaintenance {
  private readonly statements;
  private readonly pruneBatch: Database.Transaction<(before: number, keepSince: number, cursorTs: number, cursorSeq: number) => BatchResult>;
  private readonly guildBatch: Database.Transaction<(guildId: string) => BatchResult>;
  private readonly guildRest: Database.Transaction<(guildId: string) => { events: number; feeds: number; digests: number }>;

  constructor(
    private readonly db: Database.Database,
    private readonly events: SqliteEventStore,
  ) {
    this.statements = {
      // Read in (published_ts, seq) order from the articles_published index (which holds the rowid), after a cursor:
      // the old articles of kept events are passed over once, not read again by every batch.
      pruneCandidates: db.prepare<[number, number, number, number]>(
        `SELECT a.seq, a.title, a.text, a.event_seq, a.published_ts FROM articles a INDEXED BY articles_published
         WHERE a.published_ts < ? AND (a.published_ts, a.seq) > (?, ?)
         ORDER BY a.published_ts, a.seq LIMIT ?`,
      ),
      // An event is kept (with every article in it) while its last article is at or after the cutoff.
      eventKept: db.prepare<[number, number]>(`SELECT 1 FROM events WHERE seq = ? AND COALESCE(last_published_ts, 0) >= ?`),
      guildArticles: db.prepare<[string, number]>(
        `SELECT seq, title, text, event_seq, published_ts FROM articles WHERE guild_id = ? ORDER BY seq LIMIT ?`,
      ),
      // The full-text index keeps no copy of the text (external content), so it is told exactly what to forget.
      deleteFts: db.prepare<[number, string, string]>(`INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)`),
      // Paragraphs, sentences and every analysis table go with it (ON DELETE CASCADE).
      deleteArticle: db.prepare<[number]>(`DELETE FROM articles WHERE seq = ?`),
      // Keys, aliases and posts cascade. Only events without articles are left in a guild once its articles are gone.
      deleteGuildEvents: db.prepare<[string]>(`DELETE FROM events WHERE guild_id = ? AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.event_seq = events.seq)`),
      // Item keys cascade with their feed.
      deleteGuildFeeds: db.prepare<[string]>(`DELETE FROM feeds WHERE guild_id = ?`),
      // Their ledger rows cascade.
      deleteGuildDigests: db.prepare<[string]>(`DELETE FROM digest_subscriptions WHERE guild_id = ?`),
      deleteGuildItemKeys: db.prepare<[string]>(`DELETE FROM feed_item_keys WHERE scope = ?`),
      // Posts of shared events in the guild's channels (its own events' posts went with the events).
      deleteGuildPosts: db.prepare<[string]>(`DELETE FROM event_posts WHERE guild_id = ?`),
      deleteGuildTermStats: db.prepare<[string]>(`DELETE FROM event_term_stats WHERE scope = ?`),
    };

    this.pruneBatch = db.transaction((before: number, keepSince: number, cursorTs: number, cursorSeq: number): BatchResult => {
      const s = this.statements;
      const rows = s.pruneCandidates.all(before, cursorTs, cursorSeq, MAINTENANCE_BATCH) as DoomedRow[];
      const kept = new Map<number, boolean>();
      const isKept = (eventSeq: number): boolean => {
        let answer = kept.get(eventSeq);
        if (answer === undefined) {
          answer = s.eventKept.get(eventSeq, keepSince) !== undefined;
          kept.set(eventSeq, answer);
        }
        return answer;
      };
      const doomed = rows.filter((row) => row.event_seq === null || !isKept(row.event_seq));
      const last = rows.at(-1);
      return { ...this.deleteRows(doomed), cursor: rows.length < MAINTENANCE_BATCH || last === undefined ? null : [last.published_ts, last.seq] };
    });

    this.guildBatch = db.transaction((guildId: string): BatchResult => {
      const rows = this.statements.guildArticles.all(guildId, MAINTENANCE_BATCH) as DoomedRow[];
      return { ...this.deleteRows(rows), cursor: rows.length < MAINTENANCE_BATCH ? null : [0, 0] };
    });

    this.guildRest = db.transaction((guildId: string) => {
      const s = this.statements;
      const events = s.deleteGuildEvents.run(guildId).changes;
      s.deleteGuildPosts.run(guildId);
      const feeds = s.deleteGuildFeeds.run(guildId).changes;
      s.deleteGuildItemKeys.run(guildId);
      s.deleteGuildTermStats.run(guildId);
      const digests = s.deleteGuildDigests.run(guildId).changes;
      return { events, feeds, digests };
    });
  }

  /** Deletes the articles with their full-text rows, then restates or deletes each event they were in. */
  private deleteRows(rows: readonly DoomedRow[]): { articles: number; events: number } {
    const s = this.statements;
    const touched = new Set<number>();
    for (const row of rows) {
      s.deleteFts.run(row.seq, row.title, row.text);
      s.deleteArticle.run(row.seq);
      if (row.event_seq !== null) touched.add(row.event_seq);
    }
    let events = 0;
    for (const eventSeq of touched) if (this.events.articleRemoved(eventSeq)) events += 1;
    return { articles: rows.length, events };
  }

  async pruneArticles(options: PruneOptions): Promise<PruneResult> {
    let articles = 0;
    let events = 0;
    let cursor: readonly [number, number] = [Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    for (;;) {
      const batch = this.pruneBatch.immediate(options.publishedBefore, options.keepEventsActiveSince, cursor[0], cursor[1]);
      articles += batch.articles;
      events += batch.events;
      if (batch.cursor === null) return { articles, events };
      cursor = batch.cursor;
      await nextTurn();
    }
  }

  async deleteGuildData(guildId: string): Promise<GuildDataRemoved> {
    // '' is the shared scope's key in several tables: a blank id must never reach the deletes.
    if (guildId.trim() === '') throw new Error('deleteGuildData needs a guild id');
    let articles = 0;
    let events = 0;
    for (;;) {
      const batch = this.guildBatch.immediate(guildId);
      articles += batch.articles;
      events += batch.events;
      if (batch.cursor === null) break;
      await nextTurn();
    }
    const rest = this.guildRest.immediate(guildId);
    return { articles, events: events + rest.events, feeds: rest.feeds, digests: rest.digests };
  }

  /**
   * A consistent copy of the database, made with SQLite's online backup while the bot goes on using it: written to a
   * temporary file next to the target and renamed into place, so the target is either the old file or a whole copy.
   */
  async backup(path: string): Promise<void> {
    const target = resolve(path);
    if (this.isLiveFile(target)) {
      throw new UserFacingError(`${path} is the live database itself; give another file name for the backup.`);
    }
    mkdirSync(dirname(target), { recursive: true });
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
    try {
      // Large steps: another connection's write restarts the copy, so fewer steps finish sooner under a busy bot
      // (WAL readers never block writers; a step of BACKUP_STEP_PAGES pages takes a few milliseconds).
      await this.db.backup(temporary, { progress: () => BACKUP_STEP_PAGES });
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  /** Whether `target` is the database file (or its WAL, shared-memory or journal file), symbolic links followed. */
  private isLiveFile(target: string): boolean {
    if (this.db.memory) return false;
    const live = canonical(resolve(this.db.name));
    const candidate = canonical(target);
    return [live, `${live}-wal`, `${live}-shm`, `${live}-journal`].includes(candidate);
  }
}

/** The path with symbolic links resolved, for the file or (when it does not exist yet) its folder. */
function canonical(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const folder = dirname(path);
  return existsSync(folder) ? join(realpathSync(folder), basename(path)) : path;
}
