import type { ArticleSummary, GuildScope } from '../domain/article.ts';

/** An event as lists and overviews show it. */
export interface EventSummary {
  readonly id: string;
  readonly guildId: GuildScope;
  readonly title: string;
  readonly articleCount: number;
  /** Distinct outlets (sources) among its articles. */
  readonly outletCount: number;
  /** Published times of its first and last articles (ingest time for undated ones), ISO 8601. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** The earliest published article: who reported it first. */
  readonly firstReport: ArticleSummary;
}

export interface TermStatistics {
  readonly documents: number;
  documentFrequency(term: string): number;
}

/** What the grouping keeps about an event between articles: opaque to the store. */
export interface EventCandidate {
  readonly id: string;
  readonly profile: string;
  readonly titleScore: number;
}

/** One article's place in the events, as the grouping decided it, applied atomically. */
export interface GroupingChange {
  readonly articleId: string;
  /** The article's terms, counted once each towards the scope's document frequencies. */
  readonly terms: readonly string[];
  readonly event:
    | { readonly kind: 'new'; readonly title: string; readonly titleScore: number; readonly profile: string; readonly keys: readonly string[] }
    | {
        readonly kind: 'join';
        readonly id: string;
        readonly profile: string;
        readonly keys: readonly string[];
        /** A better title for the event, when this article represents it better. */
        readonly title?: { readonly text: string; readonly score: number };
      };
  /** Other events this article shows to be the same story: moved into the target, their ids kept as aliases. */
  readonly mergeIds: readonly string[];
}

export interface ListEventsOptions {
  readonly guildId: GuildScope;
  /** Only events whose last article is within this many days of the newest article the viewer may see. */
  readonly currentWithinDays?: number;
  readonly limit: number;
}

/** Events: every stored article belongs to exactly one, in its own scope (shared, or one guild). */
export interface EventStore {
  /** Analysed articles not yet in an event, in storage order. */
  listUngroupedArticles(limit: number): Promise<{ id: string; guildId: GuildScope }[]>;
  /** Events of exactly this scope sharing the most keys with the given ones, most recently active first among equals. */
  candidateEvents(scope: GuildScope, keys: readonly string[], limit: number): Promise<EventCandidate[]>;
  /**
   * How many grouped articles of the scope contain each term, and how many there are in all: read for every key of
   * every candidate, so it answers from memory (kept in step with this process's writes and reloaded after another
   * process's).
   */
  termStatistics(scope: GuildScope): Promise<TermStatistics>;
  /** Applies one decision; returns the id of the article's event. */
  applyGrouping(change: GroupingChange): Promise<string>;
  /** Most outlets first, then most articles, then most recent. */
  listEvents(options: ListEventsOptions): Promise<EventSummary[]>;
  /** By id or by the id of an event merged into it. */
  getEvent(id: string, viewer: GuildScope): Promise<EventSummary | null>;
  /** The event an article belongs to. */
  eventOfArticle(articleId: string, viewer: GuildScope): Promise<EventSummary | null>;
  /** Its articles, oldest published first. */
  eventArticles(id: string, viewer: GuildScope): Promise<ArticleSummary[]>;
}
