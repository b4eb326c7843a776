import type { Article, ArticleSummary, GuildScope, NewArticle } from '../domain/article.ts';
import type { DigestStore } from './digest-store.ts';
import type { EventStore } from './event-store.ts';
import type { FeedStore } from './feed-store.ts';
import type { ArticleAnalysis, DateMention, Entity, RankedQuote, SkippedStage, SummarySentence } from '../nlp/analysis-types.ts';

export type SaveOutcome = { readonly status: 'added'; readonly id: string } | { readonly status: 'duplicate'; readonly id: string };

/** An article with what the analysis pipeline found in it: what ingest hands to the store. */
export interface AnalyzedArticle {
  readonly article: NewArticle;
  readonly analysis: ArticleAnalysis;
  /** The pipeline version that produced the analysis. */
  readonly analysisVersion: number;
}

export interface SearchOptions {
  readonly limit: number;
  readonly offset?: number;
  /** Shared articles are always visible; a guild's own articles only to that guild. */
  readonly guildId: GuildScope;
}

export interface RecentArticlesOptions {
  readonly limit: number;
  readonly guildId: GuildScope;
  /** Only the guild's own articles (none for the shared scope), not the shared ones. */
  readonly ownOnly: boolean;
}

export interface SearchHit {
  readonly article: ArticleSummary;
  /** A short excerpt of the text around the matched words. */
  readonly snippet: string;
}

export type StoredEntity = Pick<Entity, 'name' | 'type' | 'mentions'>;

/** An article's stored analysis, as read back: offsets index the article's text. */
export interface StoredAnalysis {
  readonly article: Article;
  readonly analysisVersion: number;
  readonly entities: readonly StoredEntity[];
  readonly quotes: readonly RankedQuote[];
  readonly dates: readonly DateMention[];
  /** In order of selection (rank 0 first). */
  readonly summaryRanking: readonly SummarySentence[];
  readonly skipped: readonly SkippedStage[];
}

export interface PruneOptions {
  /** Articles published before this time (ms since the epoch) are deleted… */
  readonly publishedBefore: number;
  /** …unless their event's last article was published at or after this time (ms): the story is still current. */
  readonly keepEventsActiveSince: number;
}

export interface PruneResult {
  readonly articles: number;
  /** Events deleted because no article was left in them. */
  readonly events: number;
}

export interface GuildDataRemoved {
  readonly articles: number;
  readonly events: number;
  readonly feeds: number;
  readonly digests: number;
}

/**
 * The article store's domain operations. SQLite is the first engine; every engine-specific detail (SQL dialect,
 * full-text syntax, pragmas) stays behind this interface. Operations are asynchronous so that a networked engine
 * fits the same shape.
 */
export interface ArticleStore {
  /** The events the stored articles are grouped into, in the same database. */
  readonly events: EventStore;
  /** The feeds articles arrive from, and the messages that post their events. */
  readonly feeds: FeedStore;
  /** Daily digest subscriptions and their delivery ledger. */
  readonly digests: DigestStore;
  /**
   * Saves each article that is not already stored (same canonical URL or same text in the same scope) with its
   * analysis, atomically per article.
   */
  saveArticles(articles: readonly AnalyzedArticle[]): Promise<SaveOutcome[]>;
  getArticle(id: string, viewer: GuildScope): Promise<Article | null>;
  getAnalysis(id: string, viewer: GuildScope): Promise<StoredAnalysis | null>;
  /** Ranked by relevance (title weighted), newest first among equals. Any text is a valid query. */
  searchArticles(query: string, options: SearchOptions): Promise<SearchHit[]>;
  /** Ids of up to `limit` articles analysed by a pipeline older than `version`, in storage order. */
  listStaleArticles(version: number, limit: number): Promise<{ id: string; guildId: GuildScope }[]>;
  /** Replaces an article's analysis whole (for `newsbot reanalyze`). */
  replaceAnalysis(id: string, analysis: ArticleAnalysis, analysisVersion: number): Promise<void>;
  /** The most recently stored articles the viewer may see (or only its own), newest first. */
  listRecentArticles(options: RecentArticlesOptions): Promise<ArticleSummary[]>;
  /**
   * Deletes one of a guild's own articles with everything derived from it; false when the guild has no such article.
   * Shared articles are never deleted through a guild.
   */
  deleteGuildArticle(id: string, guildId: string): Promise<boolean>;
  countArticles(): Promise<number>;
  /** The publication time (ms) of the newest stored article in any scope, or null when there is none. */
  newestPublished(): Promise<number | null>;
  /**
   * Retention: deletes the articles published before `publishedBefore` with everything derived from them (segments,
   * analysis, full-text rows), except those of events still active since `keepEventsActiveSince`. Events left empty
   * are deleted, the others restated. Works in short transactions, so that it may run while the bot serves.
   * Term statistics and feed item keys are kept: the counts are corpus-wide estimates, and a pruned feed item must
   * not come back as new.
   */
  pruneArticles(options: PruneOptions): Promise<PruneResult>;
  /**
   * Everything stored for one server, for when the bot is removed from it: its own articles (with everything derived
   * from them), events, feeds (with their item keys), digest subscriptions (with their ledger), event posts in its channels and its term statistics. Shared
   * articles and other servers' data are untouched.
   */
  deleteGuildData(guildId: string): Promise<GuildDataRemoved>;
  /** A consistent copy of the whole database at `path`, made while the store is in use; never over the live file. */
  backup(path: string): Promise<void>;
  /**
   * Runs `work` as one transaction (writes inside it commit together, or not at all if it throws): many small writes,
   * such as grouping a batch of articles, commit once instead of once each. Nested calls join the outer one.
   */
  inTransaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
