import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Article, ArticleSummary, GuildScope, Paragraph, ParagraphKind, Sentence } from '../../domain/article.ts';
import type { ArticleAnalysis, DateGranularity, EntityType, SpeakerCue, StageName } from '../../nlp/analysis-types.ts';
import type {
  AnalyzedArticle,
  ArticleStore,
  GuildDataRemoved,
  PruneOptions,
  PruneResult,
  RecentArticlesOptions,
  SaveOutcome,
  SearchHit,
  SearchOptions,
  StoredAnalysis,
} from '../article-store.ts';
import { toFtsQuery } from './fts-query.ts';
import { SqliteMaintenance } from './maintenance.ts';
import { migrate } from './migrations.ts';
import { SqliteEventStore } from './sqlite-event-store.ts';
import { SqliteDigestStore } from './sqlite-digest-store.ts';
import { SqliteFeedStore } from './sqlite-feed-store.ts';
import { SUMMARY_COLUMNS, toSummary } from './rows.ts';
import type { ArticleRow } from './rows.ts';

interface ArticleRowWithText extends ArticleRow {
  text: string;
}

/** Title matches weigh this many times a match in the body. */
const TITLE_WEIGHT = 10.0;
const SNIPPET_TOKENS = 24;
/**
 * A query with more matches than this is ranked among its newest RANK_WINDOW matches only (see searchArticles). bm25
 * costs about 1–2 µs per scored match, on top of a fixed cost per query word that grows with how common the word is.
 */
export const RANK_WINDOW = 1_000;
/**
 * The window is used only when the viewer may see at least this many of its articles (five pages of ten); when other
 * guilds' private articles crowd the newest matches, every match is ranked instead.
 */
export const MIN_VISIBLE_IN_WINDOW = 50;

/** A ranked match, as read to decide the order: `visible` is 1 when the viewer may see it. */
interface RankedRow {
  seq: number;
  score: number;
  published_ts: number;
  visible: number;
}

/** Result order: best bm25 score (lowest) first, then newest published, then newest stored, a total order for paging. */
function resultOrder(a: RankedRow, b: RankedRow): number {
  return a.score - b.score || b.published_ts - a.published_ts || b.seq - a.seq;
}

interface QuoteRow {
  start: number;
  end: number;
  speaker: string | null;
  speaker_cue: SpeakerCue | null;
  fragment: number;
  is_key: number;
  key_score: number;
  sentence_idx: number;
}

interface DateRow {
  date: string;
  granularity: DateGranularity;
  start: number;
  end: number;
  sentence_idx: number;
}

interface SummaryRow {
  rank: number;
  sentence_idx: number;
  score: number;
  start: number;
  end: number;
}

const ANALYSIS_TABLES = ['entities', 'quotes', 'date_mentions', 'summary_ranks', 'analysis_skips'] as const;


/** The scope key stored in unique indexes: '' for shared. */
function scopeKey(guildId: GuildScope): string {
  return guildId ?? '';
}

export class SqliteArticleStore implements ArticleStore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly saveBatch: (articles: readonly AnalyzedArticle[]) => SaveOutcome[];
  private readonly replaceOne: (seq: number, analysis: ArticleAnalysis, version: number) => void;
  private readonly deleteOne: (id: string, guildId: string) => boolean;
  readonly events: SqliteEventStore;
  readonly feeds: SqliteFeedStore;
  readonly digests: SqliteDigestStore;
  private readonly maintenance: SqliteMaintenance;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL stays consistent after a crash; only the last commits may be lost.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // SQLite's default page cache is 2 MB; at 100,000 articles the indexes that every ingest and search touches are
    // far larger, and each miss is a read call. 64 MB of cache and memory-mapped reads keep them close.
    this.db.pragma('cache_size = -65536');
    this.db.pragma('mmap_size = 268435456');
    migrate(this.db);
    this.events = new SqliteEventStore(this.db);
    this.feeds = new SqliteFeedStore(this.db);
    this.digests = new SqliteDigestStore(this.db, this.events);
    this.maintenance = new SqliteMaintenance(this.db, this.events);

    const db = this.db;
    this.statements = {
      findByUrl: db.prepare<[string, string, string]>(
        `SELECT id FROM articles WHERE COALESCE(guild_id, '') IN (?, ?) AND canonical_url = ? LIMIT 1`,
      ),
      findByHash: db.prepare<[string, string, string]>(
        `SELECT id FROM articles WHERE COALESCE(guild_id, '') IN (?, ?) AND content_hash = ? LIMIT 1`,
      ),
      findById: db.prepare<[string]>(`SELECT id FROM articles WHERE id = ?`),
      insertArticle: db.prepare(
        `INSERT INTO articles (id, guild_id, title, text, url, canonical_url, source, published_at, published_ts,
           published_is_ingest_time, language, ingested_at, content_hash, added_by)
         VALUES (@id, @guildId, @title, @text, @url, @canonicalUrl, @source, @publishedAt, @publishedTs,
           @publishedAtIsIngestTime, @language, @ingestedAt, @contentHash, @addedBy)`,
      ),
      insertFts: db.prepare<[number | bigint, string, string]>(`INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)`),
      insertParagraph: db.prepare<[number | bigint, number, number, number, ParagraphKind]>(
        `INSERT INTO paragraphs (article_seq, idx, start, "end", kind) VALUES (?, ?, ?, ?, ?)`,
      ),
      insertSentence: db.prepare<[number | bigint, number, number, number, number]>(
        `INSERT INTO sentences (article_seq, idx, paragraph_idx, start, "end") VALUES (?, ?, ?, ?, ?)`,
      ),
      getArticle: db.prepare<[string, string]>(
        `SELECT ${SUMMARY_COLUMNS}, a.text FROM articles a WHERE a.id = ? AND (a.guild_id IS NULL OR a.guild_id = ?)`,
      ),
      getParagraphs: db.prepare<[number]>(`SELECT idx, start, "end", kind FROM paragraphs WHERE article_seq = ? ORDER BY idx`),
      getSentences: db.prepare<[number]>(
        `SELECT idx, paragraph_idx, start, "end" FROM sentences WHERE article_seq = ? ORDER BY idx`,
      ),
      // The newest `window` matches (LIMIT -1: all) scored by FTS5 alone, and the best `fetch` of them joined to
      // `articles` for scope and date. window_size tells whether the window held every match.
      rankWindow: db.prepare<[string, number, number, string]>(
        `WITH windowed AS MATERIALIZED (
           SELECT rowid AS seq, bm25(articles_fts, ${TITLE_WEIGHT}, 1.0) AS score FROM articles_fts
           WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?),
         best AS MATERIALIZED (SELECT seq, score FROM windowed ORDER BY score LIMIT ?)
         SELECT b.seq, b.score, a.published_ts, (a.guild_id IS NULL OR a.guild_id = ?) AS visible,
           (SELECT COUNT(*) FROM windowed) AS window_size
         FROM best b JOIN articles a ON a.seq = b.seq`,
      ),
      // FTS5 applies a rowid constraint only when its value is an INTEGER, and better-sqlite3 binds a JS number as a
      // REAL: without the CAST, `rowid = ?` would be dropped and every match returned.
      hit: db.prepare<[string, number]>(
        `SELECT ${SUMMARY_COLUMNS}, snippet(articles_fts, 1, '', '', '…', ${SNIPPET_TOKENS}) AS snippet
         FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
         WHERE articles_fts MATCH ? AND articles_fts.rowid = CAST(? AS INTEGER)`,
      ),
      anyMatch: db.prepare<[string, string]>(
        `SELECT 1 FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
         WHERE articles_fts MATCH ? AND (a.guild_id IS NULL OR a.guild_id = ?) LIMIT 1`,
      ),
      count: db.prepare(`SELECT COUNT(*) AS n FROM articles`),
      newest: db.prepare(`SELECT MAX(published_ts) AS ts FROM articles`),
      seqOf: db.prepare<[string]>(`SELECT seq FROM articles WHERE id = ?`),
      setVersion: db.prepare<[number, number | bigint]>(`UPDATE articles SET analysis_version = ? WHERE seq = ?`),
      stale: db.prepare<[number, number]>(`SELECT id, guild_id FROM articles WHERE analysis_version < ? ORDER BY seq LIMIT ?`),
      insertEntity: db.prepare<[number | bigint, number, string, EntityType, number]>(
        `INSERT INTO entities (article_seq, idx, name, type, mentions) VALUES (?, ?, ?, ?, ?)`,
      ),
      insertQuote: db.prepare<[number | bigint, number, number, number, string | null, SpeakerCue | null, number, number, number, number]>(
        `INSERT INTO quotes (article_seq, idx, start, "end", speaker, speaker_cue, fragment, is_key, key_score, sentence_idx)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertDate: db.prepare<[number | bigint, number, string, DateGranularity, number, number, number]>(
        `INSERT INTO date_mentions (article_seq, idx, date, granularity, start, "end", sentence_idx) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertSummaryRank: db.prepare<[number | bigint, number, number, number]>(
        `INSERT INTO summary_ranks (article_seq, rank, sentence_idx, score) VALUES (?, ?, ?, ?)`,
      ),
      insertSkip: db.prepare<[number | bigint, StageName, string, string]>(
        `INSERT INTO analysis_skips (article_seq, stage, reason, detail) VALUES (?, ?, ?, ?)`,
      ),
      getEntities: db.prepare<[number]>(`SELECT name, type, mentions FROM entities WHERE article_seq = ? ORDER BY idx`),
      getQuotes: db.prepare<[number]>(
        `SELECT start, "end", speaker, speaker_cue, fragment, is_key, key_score, sentence_idx FROM quotes WHERE article_seq = ? ORDER BY idx`,
      ),
      getDates: db.prepare<[number]>(
        `SELECT date, granularity, start, "end", sentence_idx FROM date_mentions WHERE article_seq = ? ORDER BY idx`,
      ),
      getSummaryRanks: db.prepare<[number]>(
        `SELECT r.rank, r.sentence_idx, r.score, s.start, s."end" FROM summary_ranks r
         JOIN sentences s ON s.article_seq = r.article_seq AND s.idx = r.sentence_idx
         WHERE r.article_seq = ? ORDER BY r.rank`,
      ),
      getSkips: db.prepare<[number]>(`SELECT stage, reason, detail FROM analysis_skips WHERE article_seq = ? ORDER BY stage`),
      getVersion: db.prepare<[number]>(`SELECT analysis_version AS version FROM articles WHERE seq = ?`),
      recentVisible: db.prepare<[string, number]>(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.guild_id IS NULL OR a.guild_id = ? ORDER BY a.seq DESC LIMIT ?`,
      ),
      recentOwn: db.prepare<[string, number]>(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.guild_id = ? ORDER BY a.seq DESC LIMIT ?`),
      guildArticle: db.prepare<[string, string]>(`SELECT seq, title, text, event_seq FROM articles WHERE id = ? AND guild_id = ?`),
      deleteFts: db.prepare<[number, string, string]>(
        `INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)`,
      ),
      deleteArticle: db.prepare<[number]>(`DELETE FROM articles WHERE seq = ?`),
    };
    const clearAnalysis = ANALYSIS_TABLES.map((table) => db.prepare<[number]>(`DELETE FROM ${table} WHERE article_seq = ?`));
    this.replaceOne = db.transaction((seq: number, analysis: ArticleAnalysis, version: number) => {
      for (const deleteRows of clearAnalysis) deleteRows.run(seq);
      this.insertAnalysis(seq, analysis, version);
    });

    this.deleteOne = db.transaction((id: string, guildId: string): boolean => {
      const row = this.statements.guildArticle.get(id, guildId) as { seq: number; title: string; text: string; event_seq: number | null } | undefined;
      if (!row) return false;
      // The full-text index keeps no copy of the text (external content), so it is told exactly what to forget.
      this.statements.deleteFts.run(row.seq, row.title, row.text);
      this.statements.deleteArticle.run(row.seq);
      if (row.event_seq !== null) this.events.articleRemoved(row.event_seq);
      return true;
    });

    const saveOne = db.transaction((item: AnalyzedArticle): SaveOutcome => this.insertIfNew(item));
    // One outer transaction per batch for speed; each article is its own savepoint inside it, so a failure in one
    // article rolls back that article whole and a crash loses at most the uncommitted batch, never half an article.
    this.saveBatch = db.transaction((items: readonly AnalyzedArticle[]) => items.map((item) => saveOne(item)));
  }

  private insertIfNew({ article, analysis, analysisVersion }: AnalyzedArticle): SaveOutcome {
    const s = this.statements;
    const scope = scopeKey(article.guildId);
    const shared = scopeKey(null);
    const existing =
      (article.canonicalUrl !== null ? (s.findByUrl.get(scope, shared, article.canonicalUrl) as { id: string } | undefined) : undefined) ??
      (s.findByHash.get(scope, shared, article.contentHash) as { id: string } | undefined) ??
      (s.findById.get(article.id) as { id: string } | undefined);
    if (existing) return { status: 'duplicate', id: existing.id };

    const { lastInsertRowid: seq } = s.insertArticle.run({
      id: article.id,
      guildId: article.guildId,
      title: article.title,
      text: article.text,
      url: article.url,
      canonicalUrl: article.canonicalUrl,
      source: article.source,
      publishedAt: article.publishedAt,
      publishedTs: Date.parse(article.publishedAt),
      publishedAtIsIngestTime: article.publishedAtIsIngestTime ? 1 : 0,
      language: article.language,
      ingestedAt: article.ingestedAt,
      contentHash: article.contentHash,
      addedBy: article.addedBy,
    });
    s.insertFts.run(seq, article.title, article.text);
    for (const p of article.segmentation.paragraphs) s.insertParagraph.run(seq, p.index, p.start, p.end, p.kind);
    for (const t of article.segmentation.sentences) s.insertSentence.run(seq, t.index, t.paragraphIndex, t.start, t.end);
    this.insertAnalysis(seq, analysis, analysisVersion);
    return { status: 'added', id: article.id };
  }

  private insertAnalysis(seq: number | bigint, analysis: ArticleAnalysis, version: number): void {
    const s = this.statements;
    analysis.entities.forEach((entity, index) => s.insertEntity.run(seq, index, entity.name, entity.type, entity.mentions));
    analysis.quotes.forEach((quote, index) =>
      s.insertQuote.run(
        seq,
        index,
        quote.start,
        quote.end,
        quote.speaker,
        quote.speakerCue,
        quote.fragment ? 1 : 0,
        quote.key ? 1 : 0,
        quote.keyScore,
        quote.sentenceIndex,
      ),
    );
    analysis.dates.forEach((date, index) =>
      s.insertDate.run(seq, index, date.date, date.granularity, date.start, date.end, date.sentenceIndex),
    );
    for (const sentence of analysis.summaryRanking) s.insertSummaryRank.run(seq, sentence.rank, sentence.sentenceIndex, sentence.score);
    for (const skip of analysis.skipped) s.insertSkip.run(seq, skip.stage, skip.reason, skip.detail);
    s.setVersion.run(version, seq);
  }

  async saveArticles(articles: readonly AnalyzedArticle[]): Promise<SaveOutcome[]> {
    return this.saveBatch(articles);
  }

  async getAnalysis(id: string, viewer: GuildScope): Promise<StoredAnalysis | null> {
    const row = this.statements.getArticle.get(id, scopeKey(viewer)) as ArticleRowWithText | undefined;
    if (!row) return null;
    return this.readAnalysis(row);
  }

  private readAnalysis(row: ArticleRowWithText): StoredAnalysis {
    const s = this.statements;
    const article = this.readArticle(row);
    const text = article.text;
    const quotes = (s.getQuotes.all(row.seq) as QuoteRow[]).map((q) => ({
      start: q.start,
      end: q.end,
      text: text.slice(q.start, q.end),
      speaker: q.speaker,
      speakerCue: q.speaker_cue,
      fragment: q.fragment === 1,
      key: q.is_key === 1,
      keyScore: q.key_score,
      sentenceIndex: q.sentence_idx,
      stage: 'quotes' as const,
    }));
    const dates = (s.getDates.all(row.seq) as DateRow[]).map((d) => ({
      date: d.date,
      granularity: d.granularity,
      start: d.start,
      end: d.end,
      mention: text.slice(d.start, d.end),
      sentenceIndex: d.sentence_idx,
      stage: 'dates' as const,
    }));
    const summaryRanking = (s.getSummaryRanks.all(row.seq) as SummaryRow[]).map((r) => ({
      sentenceIndex: r.sentence_idx,
      start: r.start,
      end: r.end,
      text: text.slice(r.start, r.end),
      score: r.score,
      rank: r.rank,
      stage: 'summary' as const,
    }));
    return {
      article,
      analysisVersion: (s.getVersion.get(row.seq) as { version: number }).version,
      entities: s.getEntities.all(row.seq) as { name: string; type: EntityType; mentions: number }[],
      quotes,
      dates,
      summaryRanking,
      skipped: s.getSkips.all(row.seq) as { stage: StageName; reason: 'language' | 'failed'; detail: string }[],
    };
  }

  async listStaleArticles(version: number, limit: number): Promise<{ id: string; guildId: GuildScope }[]> {
    return (this.statements.stale.all(version, limit) as { id: string; guild_id: string | null }[]).map((row) => ({
      id: row.id,
      guildId: row.guild_id,
    }));
  }

  async replaceAnalysis(id: string, analysis: ArticleAnalysis, analysisVersion: number): Promise<void> {
    const row = this.statements.seqOf.get(id) as { seq: number } | undefined;
    if (!row) throw new Error(`no stored article ${id}`);
    this.replaceOne(row.seq, analysis, analysisVersion);
  }

  async getArticle(id: string, viewer: GuildScope): Promise<Article | null> {
    const row = this.statements.getArticle.get(id, scopeKey(viewer)) as ArticleRowWithText | undefined;
    return row ? this.readArticle(row) : null;
  }

  private readArticle(row: ArticleRowWithText): Article {
    const paragraphs = (this.statements.getParagraphs.all(row.seq) as { idx: number; start: number; end: number; kind: ParagraphKind }[]).map(
      (p): Paragraph => ({ index: p.idx, start: p.start, end: p.end, kind: p.kind }),
    );
    const sentences = (
      this.statements.getSentences.all(row.seq) as { idx: number; paragraph_idx: number; start: number; end: number }[]
    ).map((t): Sentence => ({ index: t.idx, paragraphIndex: t.paragraph_idx, start: t.start, end: t.end }));
    return { ...toSummary(row), text: row.text, segmentation: { paragraphs, sentences } };
  }

  /**
   * Results are ordered by bm25 with the title weighted TITLE_WEIGHT times, then newest published first, then newest
   * stored: a total order, so that pages are slices of one list and never overlap or skip.
   *
   * Scoring, joining and sorting every match is what made common words slow: "said" is in 97% of the bench's 100,000
   * articles and took ~300 ms. Three changes, each measured on that corpus:
   *
   * 1. Recency window, the one trade-off. A query with more than RANK_WINDOW matches is ranked among its RANK_WINDOW
   *    most recently stored matches only. FTS5 walks a posting list by rowid cheaply (newest first with `ORDER BY
   *    rowid DESC LIMIT`), so bm25 scores 1,000 matches instead of 97,000. Rowid order is storage order, which for a
   *    news bot that ingests the news as it comes is close to publication order: a common word finds its best
   *    matches among the latest articles that contain it, and an older article that would score better is not
   *    listed (an archive imported late counts as recent, by the same rule). Queries with fewer matches, which are
   *    most queries, are ranked exactly as before, and the scores themselves are unchanged (bm25 takes its document
   *    frequencies from the whole index). Paging stays within the window: a common query lists at most RANK_WINDOW
   *    results.
   * 2. FTS5 scores alone, with no join and no snippet per match; only the best few are joined to `articles` (scope,
   *    date), and only the page's rows get a snippet. (FTS5's `rank MATCH 'bm25(10.0, 1.0)' ORDER BY rank` cut the
   *    unbounded "said" from ~300 to ~90 ms, but within the window it was 3 times slower than bm25() sorted by SQLite.)
   * 3. Scope after ranking: another guild's private articles are dropped after ranking, and more ranked rows are read
   *    while too few survive. The window counts matches in every scope, so when the viewer may see fewer than
   *    MIN_VISIBLE_IN_WINDOW of them (other guilds' private articles crowding the newest matches), every match is
   *    ranked instead, and the viewer still finds older shared articles.
   *
   * What remains is mostly FTS5's own cost: bm25 counts each query word's documents by walking its whole posting list
   * (~3 ms for a word in every article), and each snippet costs a lookup per word (~0.1 ms per hit).
   *
   * Which articles are ranked depends only on the query and the viewer, never on `limit` or `offset`, so pages are
   * consistent.
   */
  async searchArticles(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const viewer = scopeKey(options.guildId);
    const offset = Math.max(0, options.offset ?? 0);
    const allWords = toFtsQuery(query, 'AND');
    if (allWords === null || options.limit <= 0) return [];
    // Articles with every word when there are any; otherwise any of the words, still ranked by relevance. The choice
    // is made for the whole query, not per page, so that pages stay consistent.
    const match = this.statements.anyMatch.get(allWords, viewer) !== undefined ? allWords : (toFtsQuery(query, 'OR') ?? allWords);
    const count = offset + options.limit;
    const ranked = this.rankWithin(match, viewer, RANK_WINDOW, count) ?? this.rankWithin(match, viewer, -1, count) ?? [];
    return ranked.slice(offset).flatMap(({ seq }) => {
      const row = this.statements.hit.get(match, seq) as (ArticleRow & { snippet: string }) | undefined;
      return row ? [{ article: toSummary(row), snippet: row.snippet }] : [];
    });
  }

  /**
   * The first `count` matches the viewer may see among the newest `window` matches (-1: all), in result order; null
   * when the query has more matches than the window and the viewer may see fewer than MIN_VISIBLE_IN_WINDOW of them.
   * Ranked rows are read best first, in growing batches, until the answer is certain.
   */
  private rankWithin(match: string, viewer: string, window: number, count: number): RankedRow[] | null {
    for (let fetch = 2 * Math.max(count, MIN_VISIBLE_IN_WINDOW); ; fetch *= 4) {
      const rows = this.statements.rankWindow.all(match, window, fetch, viewer) as (RankedRow & { window_size: number })[];
      const visible = rows.filter((row) => row.visible === 1).sort(resultOrder);
      const minVisible = window >= 0 && (rows[0]?.window_size ?? 0) >= window ? MIN_VISIBLE_IN_WINDOW : 0;
      if (rows.length < fetch) return visible.length >= minVisible ? visible.slice(0, count) : null;
      // Rows not read yet score no better than the worst row read. The first `count` visible rows are final once the
      // last of them scores strictly better than that: an equal score could still belong to a newer row not read yet.
      const worstRead = rows.reduce((worst, row) => Math.max(worst, row.score), -Infinity);
      const last = visible[count - 1];
      if (visible.length >= minVisible && last !== undefined && last.score < worstRead) return visible.slice(0, count);
    }
  }

  async listRecentArticles(options: RecentArticlesOptions): Promise<ArticleSummary[]> {
    if (options.limit <= 0) return [];
    if (options.ownOnly) {
      if (options.guildId === null) return [];
      return (this.statements.recentOwn.all(options.guildId, options.limit) as ArticleRow[]).map(toSummary);
    }
    return (this.statements.recentVisible.all(scopeKey(options.guildId), options.limit) as ArticleRow[]).map(toSummary);
  }

  async deleteGuildArticle(id: string, guildId: string): Promise<boolean> {
    return this.deleteOne(id, guildId);
  }

  async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.db.inTransaction) return work();
    this.db.exec('BEGIN IMMEDIATE');
    this.events.beginBatch();
    try {
      const result = await work();
      this.events.endBatch(true);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.events.endBatch(false);
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async countArticles(): Promise<number> {
    return (this.statements.count.get() as { n: number }).n;
  }

  async newestPublished(): Promise<number | null> {
    return (this.statements.newest.get() as { ts: number | null }).ts;
  }

  async pruneArticles(options: PruneOptions): Promise<PruneResult> {
    return this.maintenance.pruneArticles(options);
  }

  async deleteGuildData(guildId: string): Promise<GuildDataRemoved> {
    return this.maintenance.deleteGuildData(guildId);
  }

  async backup(path: string): Promise<void> {
    return this.maintenance.backup(path);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export function openSqliteStore(path: string): ArticleStore {
  return new SqliteArticleStore(path);
}
