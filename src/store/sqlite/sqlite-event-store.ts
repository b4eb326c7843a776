import type Database from 'better-sqlite3';
import type { ArticleSummary, GuildScope } from '../../domain/article.ts';
import type { EventCandidate, EventStore, EventSummary, GroupingChange, ListEventsOptions, TermStatistics } from '../event-store.ts';
import { SUMMARY_COLUMNS, toSummary } from './rows.ts';
import type { ArticleRow } from './rows.ts';

const DAY_MS = 86_400_000;
/** Each key looks at this many of its newest events: a common name must not make a lookup read thousands. */
const EVENTS_PER_KEY = 40;

/** The event columns plus its outlet count and first report (`a`: the first report's article row). */
const EVENT_SELECT = `
  SELECT e.seq AS event_seq_, e.id AS event_id_, e.guild_id AS event_guild_, e.title AS event_title_,
    e.article_count AS event_articles_, e.first_published_ts AS event_first_, e.last_published_ts AS event_last_,
    e.outlet_count AS event_outlets_,
    ${SUMMARY_COLUMNS}
  FROM events e
  JOIN articles a ON a.seq = (SELECT f.seq FROM articles f WHERE f.event_seq = e.seq ORDER BY f.published_ts, f.seq LIMIT 1)`;

type EventSelectRow = ArticleRow & {
  event_seq_: number;
  event_id_: string;
  event_guild_: string | null;
  event_title_: string;
  event_articles_: number;
  event_first_: number;
  event_last_: number;
  event_outlets_: number;
};

function toEvent(row: EventSelectRow): EventSummary {
  return {
    id: row.event_id_,
    guildId: row.event_guild_,
    title: row.event_title_,
    articleCount: row.event_articles_,
    outletCount: row.event_outlets_,
    firstSeen: new Date(row.event_first_).toISOString(),
    lastSeen: new Date(row.event_last_).toISOString(),
    firstReport: toSummary(row),
  };
}

function scopeKey(guildId: GuildScope): string {
  return guildId ?? '';
}

/** Events in the same SQLite database as the articles; every change is one transaction. */
export class SqliteEventStore implements EventStore {
  private readonly statements;
  private readonly apply: (change: GroupingChange) => string;
  /**
   * Inside a batch transaction (see `beginBatch`), term counts wait here and are written once per term at the end:
   * an article adds one to some eighty terms, and writing each of them per article was most of the cost of grouping.
   */
  private pendingTerms: Map<string, Map<string, number>> | null = null;
  /** Term document frequencies per scope key, as `termStatistics` serves them. */
  private readonly statistics = new Map<string, Map<string, number>>();
  private statisticsVersion = -1;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      // Deferred articles (analysis version 0) have no names yet: they are grouped once analysed.
      ungrouped: db.prepare<[number]>(`SELECT id, guild_id FROM articles WHERE event_seq IS NULL AND analysis_version > 0 ORDER BY seq LIMIT ?`),
      article: db.prepare<[string]>(`SELECT seq, guild_id, published_ts, event_seq, COALESCE(source, '') AS outlet FROM articles WHERE id = ?`),
      addOutlet: db.prepare<[number, string]>(`INSERT OR IGNORE INTO event_outlets (event_seq, outlet) VALUES (?, ?)`),
      countOutlet: db.prepare<[number]>(`UPDATE events SET outlet_count = outlet_count + 1 WHERE seq = ?`),
      moveOutlets: db.prepare<[number, number]>(`UPDATE OR IGNORE event_outlets SET event_seq = ? WHERE event_seq = ?`),
      recountOutlets: db.prepare<[number]>(
        `UPDATE events SET outlet_count = (SELECT COUNT(*) FROM event_outlets WHERE event_seq = events.seq) WHERE seq = ?`,
      ),
      rebuildOutlets: db.prepare<[number]>(`DELETE FROM event_outlets WHERE event_seq = ?`),
      refillOutlets: db.prepare<[number, number]>(
        `INSERT OR IGNORE INTO event_outlets (event_seq, outlet) SELECT ?, COALESCE(source, '') FROM articles WHERE event_seq = ?`,
      ),
      eventById: db.prepare<[string]>(`SELECT seq, guild_id FROM events WHERE id = ?`),
      idOf: db.prepare<[number]>(`SELECT id FROM events WHERE seq = ?`),
      eventByAlias: db.prepare<[string]>(`SELECT e.seq, e.guild_id FROM event_aliases s JOIN events e ON e.seq = s.event_seq WHERE s.old_id = ?`),
      insertEvent: db.prepare(
        `INSERT INTO events (id, guild_id, title, title_score, article_count, first_published_ts, last_published_ts,
           first_article_seq, last_article_seq, profile)
         VALUES (@id, @guildId, @title, @titleScore, 1, @published, @published, @articleSeq, @articleSeq, @profile)`,
      ),
      joinEvent: db.prepare(
        `UPDATE events SET profile = @profile, article_count = article_count + 1,
           first_published_ts = MIN(first_published_ts, @published), last_published_ts = MAX(last_published_ts, @published),
           last_article_seq = MAX(last_article_seq, @articleSeq)
         WHERE seq = @seq`,
      ),
      retitle: db.prepare<[string, number, number]>(`UPDATE events SET title = ?, title_score = ? WHERE seq = ?`),
      setArticleEvent: db.prepare<[number, number]>(`UPDATE articles SET event_seq = ? WHERE seq = ?`),
      // Many rows in one statement: a statement per key cost more in crossings into SQLite than in SQLite itself.
      insertKeys: db.prepare<[string, number, string]>(
        `INSERT OR IGNORE INTO event_keys (scope, key, event_seq) SELECT ?, value, ? FROM json_each(?)`,
      ),
      moveKeys: db.prepare<[number, number]>(`UPDATE OR IGNORE event_keys SET event_seq = ? WHERE event_seq = ?`),
      countTerms: db.prepare<[string, string]>(
        `INSERT INTO event_term_stats (scope, term, documents) SELECT ?, value, 1 FROM json_each(?) WHERE true
         ON CONFLICT (scope, term) DO UPDATE SET documents = documents + 1`,
      ),
      // [term, count] pairs: a batch's counts, each term written once however many of its articles hold it.
      addTermCounts: db.prepare<[string, string]>(
        `INSERT INTO event_term_stats (scope, term, documents)
           SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?) WHERE true
         ON CONFLICT (scope, term) DO UPDATE SET documents = documents + excluded.documents`,
      ),
      eventsForKey: db.prepare<[string, string, number]>(
        `SELECT event_seq FROM event_keys WHERE scope = ? AND key = ? ORDER BY event_seq DESC LIMIT ?`,
      ).pluck(),
      candidate: db.prepare<[number]>(`SELECT id, profile, title_score FROM events WHERE seq = ?`),
      scopeTerms: db.prepare<[string]>(`SELECT term, documents FROM event_term_stats WHERE scope = ?`),
      moveArticles: db.prepare<[number, number]>(`UPDATE articles SET event_seq = ? WHERE event_seq = ?`),
      moveAliases: db.prepare<[number, number]>(`UPDATE event_aliases SET event_seq = ? WHERE event_seq = ?`),
      // A channel that showed either event keeps its message for the merged one (the target's wins if both did).
      movePosts: db.prepare<[number, number]>(`UPDATE OR IGNORE event_posts SET event_seq = ? WHERE event_seq = ?`),
      addAlias: db.prepare<[string, number]>(`INSERT OR REPLACE INTO event_aliases (old_id, event_seq) VALUES (?, ?)`),
      deleteEvent: db.prepare<[number]>(`DELETE FROM events WHERE seq = ?`),
      anyArticle: db.prepare<[number]>(`SELECT 1 FROM articles WHERE event_seq = ? LIMIT 1`),
      restat: db.prepare<[number]>(
        `UPDATE events SET
           article_count = (SELECT COUNT(*) FROM articles WHERE event_seq = events.seq),
           first_published_ts = (SELECT MIN(published_ts) FROM articles WHERE event_seq = events.seq),
           last_published_ts = (SELECT MAX(published_ts) FROM articles WHERE event_seq = events.seq),
           first_article_seq = (SELECT MIN(seq) FROM articles WHERE event_seq = events.seq),
           last_article_seq = (SELECT MAX(seq) FROM articles WHERE event_seq = events.seq)
         WHERE seq = ?`,
      ),
      select: db.prepare<[number]>(`${EVENT_SELECT} WHERE e.seq = ?`),
      articles: db.prepare<[number]>(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.event_seq = ? ORDER BY a.published_ts, a.seq`),
      // Both scopes the viewer sees, each read through the (scope, last_published_ts) index.
      newestVisible: db.prepare<[string]>(
        `SELECT MAX(ts) AS ts FROM (SELECT MAX(last_published_ts) AS ts FROM events WHERE COALESCE(guild_id, '') = ''
           UNION ALL SELECT MAX(last_published_ts) FROM events WHERE COALESCE(guild_id, '') = ?)`,
      ),
      listSince: db.prepare<[string, number, number, number]>(
        `SELECT seq FROM events WHERE COALESCE(guild_id, '') IN ('', ?) AND last_published_ts >= ?
         ORDER BY outlet_count DESC, article_count DESC, last_published_ts DESC, id LIMIT ? OFFSET ?`,
      ),
      eventOfArticle: db.prepare<[string, string]>(
        `SELECT event_seq FROM articles WHERE id = ? AND (guild_id IS NULL OR guild_id = ?) AND event_seq IS NOT NULL`,
      ),
    };
    this.apply = db.transaction((change: GroupingChange) => this.applyNow(change));
  }

  /** From now until `endBatch`, term counts are collected instead of written one article at a time. */
  beginBatch(): void {
    this.pendingTerms ??= new Map();
  }

  /** Writes the collected term counts (before the batch commits) or forgets them (when it rolls back). */
  endBatch(commit: boolean): void {
    const pending = this.pendingTerms;
    this.pendingTerms = null;
    if (!commit || pending === null) return;
    for (const [scope, counts] of pending) this.statements.addTermCounts.run(scope, JSON.stringify([...counts]));
  }

  /**
   * Called in the transaction that deleted one or more articles of this event: the event is restated from the
   * articles it has left, or deleted (with its keys, aliases and posts) when it has none. True when it was deleted.
   */
  articleRemoved(eventSeq: number): boolean {
    const s = this.statements;
    if (s.anyArticle.get(eventSeq) === undefined) {
      s.deleteEvent.run(eventSeq);
      return true;
    }
    s.restat.run(eventSeq);
    return false;
  }

  async listUngroupedArticles(limit: number): Promise<{ id: string; guildId: GuildScope }[]> {
    return (this.statements.ungrouped.all(limit) as { id: string; guild_id: string | null }[]).map((row) => ({ id: row.id, guildId: row.guild_id }));
  }

  async candidateEvents(scope: GuildScope, keys: readonly string[], limit: number): Promise<EventCandidate[]> {
    if (keys.length === 0 || limit <= 0) return [];
    const shared = new Map<number, number>();
    for (const key of new Set(keys)) {
      for (const seq of this.statements.eventsForKey.all(scopeKey(scope), key, EVENTS_PER_KEY) as number[]) {
        shared.set(seq, (shared.get(seq) ?? 0) + 1);
      }
    }
    // Most keys shared first; among equals the newest (higher seq: created later).
    const best = [...shared].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, limit);
    return best.flatMap(([seq]) => {
      const row = this.statements.candidate.get(seq) as { id: string; profile: string; title_score: number } | undefined;
      return row ? [{ id: row.id, profile: row.profile, titleScore: row.title_score }] : [];
    });
  }

  async termStatistics(scope: GuildScope): Promise<TermStatistics> {
    const counts = this.loadedStatistics(scopeKey(scope));
    return { documents: counts.get(DOCUMENTS_TERM) ?? 0, documentFrequency: (term) => counts.get(term) ?? 0 };
  }

  /** The scope's counts in memory, loaded once, and again when another connection has written to the database. */
  private loadedStatistics(scope: string): Map<string, number> {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.statisticsVersion) {
      this.statistics.clear();
      this.statisticsVersion = version;
    }
    let counts = this.statistics.get(scope);
    if (!counts) {
      counts = new Map();
      for (const row of this.statements.scopeTerms.iterate(scope) as Iterable<{ term: string; documents: number }>) counts.set(row.term, row.documents);
      this.statistics.set(scope, counts);
    }
    return counts;
  }

  async applyGrouping(change: GroupingChange): Promise<string> {
    const scope = (this.statements.article.get(change.articleId) as { guild_id: string | null } | undefined)?.guild_id ?? null;
    const counts = this.loadedStatistics(scopeKey(scope));
    const id = this.apply(change);
    // This connection's own commits leave data_version alone, so the counts in memory follow them here, once committed.
    for (const term of new Set([...change.terms, DOCUMENTS_TERM])) counts.set(term, (counts.get(term) ?? 0) + 1);
    return id;
  }

  private resolve(id: string): { seq: number; guild_id: string | null } | undefined {
    return (this.statements.eventById.get(id) ?? this.statements.eventByAlias.get(id)) as { seq: number; guild_id: string | null } | undefined;
  }

  private applyNow(change: GroupingChange): string {
    const s = this.statements;
    const article = s.article.get(change.articleId) as
      | { seq: number; guild_id: string | null; published_ts: number; event_seq: number | null; outlet: string }
      | undefined;
    if (!article) throw new Error(`no stored article ${change.articleId}`);
    if (article.event_seq !== null) throw new Error(`article ${change.articleId} is already in an event`);
    const scope = scopeKey(article.guild_id);

    let target: { seq: number; id: string };
    if (change.event.kind === 'new') {
      const id = change.articleId;
      const { lastInsertRowid } = s.insertEvent.run({
        id,
        guildId: article.guild_id,
        title: change.event.title,
        titleScore: change.event.titleScore,
        published: article.published_ts,
        articleSeq: article.seq,
        profile: change.event.profile,
      });
      target = { seq: Number(lastInsertRowid), id };
    } else {
      const found = this.resolve(change.event.id);
      if (!found) throw new Error(`no event ${change.event.id}`);
      if (scopeKey(found.guild_id) !== scope) throw new Error(`event ${change.event.id} is in another scope than article ${change.articleId}`);
      s.joinEvent.run({ seq: found.seq, profile: change.event.profile, published: article.published_ts, articleSeq: article.seq });
      if (change.event.title) s.retitle.run(change.event.title.text, change.event.title.score, found.seq);
      target = { seq: found.seq, id: (s.idOf.get(found.seq) as { id: string }).id };
    }
    s.setArticleEvent.run(target.seq, article.seq);
    if (s.addOutlet.run(target.seq, article.outlet).changes > 0) s.countOutlet.run(target.seq);

    for (const mergeId of change.mergeIds) {
      const other = this.resolve(mergeId);
      if (!other || other.seq === target.seq) continue;
      if (scopeKey(other.guild_id) !== scope) throw new Error(`cannot merge event ${mergeId} across scopes`);
      const otherId = (s.idOf.get(other.seq) as { id: string }).id;
      s.moveArticles.run(target.seq, other.seq);
      s.moveAliases.run(target.seq, other.seq);
      s.movePosts.run(target.seq, other.seq);
      s.moveKeys.run(target.seq, other.seq);
      s.moveOutlets.run(target.seq, other.seq);
      s.deleteEvent.run(other.seq);
      s.addAlias.run(otherId, target.seq);
    }
    if (change.mergeIds.length > 0) {
      s.restat.run(target.seq);
      s.recountOutlets.run(target.seq);
    }

    s.insertKeys.run(scope, target.seq, JSON.stringify([...new Set(change.event.keys)]));
    const terms = [...new Set([...change.terms, DOCUMENTS_TERM])];
    if (this.pendingTerms === null) s.countTerms.run(scope, JSON.stringify(terms));
    else {
      const pending = this.pendingTerms.get(scope) ?? new Map<string, number>();
      for (const term of terms) pending.set(term, (pending.get(term) ?? 0) + 1);
      this.pendingTerms.set(scope, pending);
    }
    return target.id;
  }

  /** An event by its sequence number, whatever its scope: for the other stores of this database. */
  summaryOf(seq: number): EventSummary | null {
    const row = this.statements.select.get(seq) as EventSelectRow | undefined;
    return row ? toEvent(row) : null;
  }

  async listEvents(options: ListEventsOptions): Promise<EventSummary[]> {
    const viewer = scopeKey(options.guildId);
    let since = Number.MIN_SAFE_INTEGER;
    if (options.currentWithinDays !== undefined) {
      const newest = (this.statements.newestVisible.get(viewer) as { ts: number | null }).ts;
      if (newest === null) return [];
      since = newest - options.currentWithinDays * DAY_MS;
    }
    const limit = Math.min(options.limit, Number.MAX_SAFE_INTEGER);
    const seqs = this.statements.listSince.all(viewer, since, limit === Number.MAX_SAFE_INTEGER ? -1 : limit, 0) as { seq: number }[];
    return seqs.map(({ seq }) => this.summaryOf(seq)).filter((event): event is EventSummary => event !== null);
  }

  /** The event's sequence number when the viewer may see it (by id or an old id of a merged event). */
  visible(id: string, viewer: GuildScope): number | null {
    const found = this.resolve(id.trim());
    if (!found || (found.guild_id !== null && found.guild_id !== viewer)) return null;
    return found.seq;
  }

  async getEvent(id: string, viewer: GuildScope): Promise<EventSummary | null> {
    const seq = this.visible(id, viewer);
    return seq === null ? null : this.summaryOf(seq);
  }

  async eventOfArticle(articleId: string, viewer: GuildScope): Promise<EventSummary | null> {
    const row = this.statements.eventOfArticle.get(articleId, scopeKey(viewer)) as { event_seq: number } | undefined;
    return row ? this.summaryOf(row.event_seq) : null;
  }

  async eventArticles(id: string, viewer: GuildScope): Promise<ArticleSummary[]> {
    const seq = this.visible(id, viewer);
    if (seq === null) return [];
    return (this.statements.articles.all(seq) as ArticleRow[]).map(toSummary);
  }
}

/** The row of `event_term_stats` that counts the scope's grouped articles (no real term starts with a space). */
const DOCUMENTS_TERM = ' documents';
