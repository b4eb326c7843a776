import type { Article, ArticleSummary, GuildScope, NewArticle } from '../domain/article.ts';

export type SaveOutcome = { readonly status: 'added'; readonly id: string } | { readonly status: 'duplicate'; readonly id: string };

export interface SearchOptions {
  readonly limit: number;
  readonly offset?: number;
  /** Shared articles are always visible; a guild's own articles only to that guild. */
  readonly guildId: GuildScope;
}

export interface SearchHit {
  readonly article: ArticleSummary;
  /** A short excerpt of the text around the matched words. */
  readonly snippet: string;
}

/**
 * The article store's domain operations. SQLite is the first engine; every engine-specific detail (SQL dialect,
 * full-text syntax, pragmas) stays behind this interface. Operations are asynchronous so that a networked engine
 * fits the same shape.
 */
export interface ArticleStore {
  /** Saves each article that is not already stored (same canonical URL or same text in the same scope), atomically per article. */
  saveArticles(articles: readonly NewArticle[]): Promise<SaveOutcome[]>;
  getArticle(id: string, viewer: GuildScope): Promise<Article | null>;
  /** Ranked by relevance (title weighted), newest first among equals. Any text is a valid query. */
  searchArticles(query: string, options: SearchOptions): Promise<SearchHit[]>;
  countArticles(): Promise<number>;
  close(): Promise<void>;
}
