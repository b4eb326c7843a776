/**
 * Answers about events: the event a topic or id points to, and its summary, quotes and timeline drawn from all its
 * articles. Reads the store; the choosing is done by the pure functions in src/events/.
 */
import type { ArticleSummary, GuildScope } from '../domain/article.ts';
import { mergeEventQuotes, summarizeEvent } from '../events/event-summary.ts';
import type { CandidateSentence, ReportedQuote } from '../events/event-summary.ts';
import { buildTimeline } from '../events/timeline.ts';
import type { TimelineSource } from '../events/timeline.ts';
import type { ArticleStore, StoredAnalysis } from '../store/article-store.ts';
import type { EventSummary } from '../store/event-store.ts';

/** An autocomplete choice's value names an event this way, so that picking a suggestion picks that very event. */
export const EVENT_REFERENCE_PREFIX = 'event:';
/** Summaries and quotes read at most this many of an event's articles: the first report and the most recent ones. */
const MAX_ARTICLES_READ = 40;
/** A timeline reads more: dates are counted across articles, and an old article may be the only one naming a day. */
const MAX_TIMELINE_ARTICLES = 3_000;
/** Of each article, the sentences its own summary ranks highest are the event summary's candidates. */
const CANDIDATES_PER_ARTICLE = 4;
/** Matches looked at to decide which event a topic means. */
const TOPIC_MATCHES = 10;

/** An event is current while its last article is at most this many days older than the newest article one may see. */
export const CURRENT_EVENT_DAYS = 7;

/** The current events, most outlets first. */
export function currentEvents(store: ArticleStore, viewer: GuildScope, limit: number): Promise<EventSummary[]> {
  return store.events.listEvents({ guildId: viewer, currentWithinDays: CURRENT_EVENT_DAYS, limit });
}

export type EventSelector = { readonly eventId: string } | { readonly topic: string };

export interface EventAnswer<Item> {
  readonly event: EventSummary;
  /** The articles the items cite, in the order they are first cited (reference numbers follow it). */
  readonly articles: readonly ArticleSummary[];
  readonly items: readonly Item[];
}

export interface EventSummaryItem {
  readonly articleId: string;
  readonly text: string;
}

export interface EventQuoteItem {
  readonly text: string;
  readonly speaker: string;
  readonly key: boolean;
  /** Every article that carried it; the text is verbatim from the first. */
  readonly articleIds: readonly string[];
}

export interface EventTimelineItem {
  readonly date: string;
  readonly sentences: readonly { readonly articleId: string; readonly text: string }[];
  readonly articleIds: readonly string[];
}

/**
 * The event a selector means: an id (or `event:ID` from autocomplete), or the event holding the best matches of a
 * topic (matches vote, the better ranked the more).
 */
export async function resolveEvent(store: ArticleStore, selector: EventSelector, viewer: GuildScope): Promise<EventSummary | null> {
  if ('eventId' in selector) return store.events.getEvent(selector.eventId, viewer);
  const topic = selector.topic.trim();
  if (topic.startsWith(EVENT_REFERENCE_PREFIX)) {
    const byReference = await store.events.getEvent(topic.slice(EVENT_REFERENCE_PREFIX.length), viewer);
    if (byReference) return byReference;
  }
  const hits = await store.searchArticles(topic, { limit: TOPIC_MATCHES, guildId: viewer });
  const votes = new Map<string, { event: EventSummary; score: number }>();
  for (const [rank, hit] of hits.entries()) {
    const event = await store.events.eventOfArticle(hit.article.id, viewer);
    if (!event) continue;
    const entry = votes.get(event.id) ?? { event, score: 0 };
    entry.score += 1 / (rank + 1);
    votes.set(event.id, entry);
  }
  let best: { event: EventSummary; score: number } | undefined;
  for (const entry of votes.values()) if (!best || entry.score > best.score) best = entry;
  return best?.event ?? null;
}

async function eventArticleIds(store: ArticleStore, event: EventSummary, viewer: GuildScope): Promise<string[]> {
  return (await store.events.eventArticles(event.id, viewer)).map((article) => article.id);
}

/** Which of an event's articles to read when there may be many: the first report and the most recent. */
function sampleIds(ids: readonly string[], max: number): string[] {
  if (ids.length <= max) return [...ids];
  return [ids[0] as string, ...ids.slice(ids.length - (max - 1))];
}

async function analysesOf(store: ArticleStore, ids: readonly string[], viewer: GuildScope): Promise<StoredAnalysis[]> {
  const analyses: StoredAnalysis[] = [];
  for (const id of ids) {
    const analysis = await store.getAnalysis(id, viewer);
    if (analysis) analyses.push(analysis);
  }
  return analyses;
}

function summaryOf(analysis: StoredAnalysis): ArticleSummary {
  const { text: _text, segmentation: _segmentation, ...summary } = analysis.article;
  return summary;
}

/** The cited articles in order of first citation. */
function citedArticles(analyses: readonly StoredAnalysis[], citations: readonly string[]): ArticleSummary[] {
  const byId = new Map(analyses.map((analysis) => [analysis.article.id, analysis]));
  const seen = new Set<string>();
  const out: ArticleSummary[] = [];
  for (const id of citations) {
    const analysis = byId.get(id);
    if (!analysis || seen.has(id)) continue;
    seen.add(id);
    out.push(summaryOf(analysis));
  }
  return out;
}

export async function eventSummary(
  store: ArticleStore,
  event: EventSummary,
  viewer: GuildScope,
  options: {
    readonly sentences: number;
    /** Summarise only these of its articles (what is new in it), when some of them are the event's. */
    readonly onlyArticles?: readonly string[];
  },
): Promise<EventAnswer<EventSummaryItem>> {
  const all = await eventArticleIds(store, event, viewer);
  const wanted = options.onlyArticles === undefined ? [] : all.filter((id) => options.onlyArticles?.includes(id));
  const ids = sampleIds(wanted.length > 0 ? wanted : all, MAX_ARTICLES_READ);
  const analyses = await analysesOf(store, ids, viewer);
  const candidates: CandidateSentence[] = analyses.flatMap((analysis) =>
    analysis.summaryRanking.slice(0, CANDIDATES_PER_ARTICLE).map((sentence) => ({
      articleId: analysis.article.id,
      sentenceIndex: sentence.sentenceIndex,
      text: sentence.text,
      rank: sentence.rank,
      publishedTs: Date.parse(analysis.article.publishedAt),
      language: analysis.article.language,
    })),
  );
  const items = summarizeEvent(candidates, options.sentences).map(({ articleId, text }) => ({ articleId, text }));
  return { event, articles: citedArticles(analyses, items.map((item) => item.articleId)), items };
}

export async function eventQuotes(
  store: ArticleStore,
  event: EventSummary,
  viewer: GuildScope,
  options: { readonly limit: number; readonly speaker?: string | undefined },
): Promise<EventAnswer<EventQuoteItem>> {
  const ids = sampleIds(await eventArticleIds(store, event, viewer), MAX_ARTICLES_READ);
  const analyses = await analysesOf(store, ids, viewer);
  const wanted = options.speaker?.trim().toLowerCase();
  const reported: ReportedQuote[] = analyses.flatMap((analysis) =>
    analysis.quotes
      .filter((quote) => !quote.fragment && quote.speaker !== null)
      .filter((quote) => !wanted || (quote.speaker ?? '').toLowerCase().includes(wanted))
      .map((quote) => ({
        articleId: analysis.article.id,
        text: quote.text,
        speaker: quote.speaker ?? '',
        key: quote.key,
        keyScore: quote.keyScore,
        start: quote.start,
        publishedTs: Date.parse(analysis.article.publishedAt),
      })),
  );
  const items = mergeEventQuotes(reported, options.limit);
  return { event, articles: citedArticles(analyses, items.flatMap((item) => item.articleIds)), items };
}

/** The dated timeline of some articles: of an event, or of every article given (`--all`). */
export async function timelineOfArticles(
  store: ArticleStore,
  ids: readonly string[],
  viewer: GuildScope,
  options: { readonly dates: number },
): Promise<{ articles: ArticleSummary[]; items: EventTimelineItem[] }> {
  const analyses = await analysesOf(store, sampleIds(ids, MAX_TIMELINE_ARTICLES), viewer);
  const sources: TimelineSource[] = analyses.map((analysis) => ({ article: analysis.article, dates: analysis.dates }));
  const entries = buildTimeline(sources, { dates: options.dates });
  const items = entries.map((entry) => ({
    date: entry.date,
    sentences: entry.sentences.map(({ articleId, text }) => ({ articleId, text })),
    articleIds: entry.articleIds,
  }));
  return { articles: citedArticles(analyses, items.flatMap((item) => [...item.sentences.map((s) => s.articleId), ...item.articleIds])), items };
}

export async function eventTimeline(
  store: ArticleStore,
  event: EventSummary,
  viewer: GuildScope,
  options: { readonly dates: number },
): Promise<EventAnswer<EventTimelineItem>> {
  return { event, ...(await timelineOfArticles(store, await eventArticleIds(store, event, viewer), viewer, options)) };
}

export interface EventOverview {
  readonly event: EventSummary;
  readonly outlets: readonly string[];
  readonly summary: EventAnswer<EventSummaryItem>;
  readonly quotes: EventAnswer<EventQuoteItem>;
  readonly timeline: EventAnswer<EventTimelineItem>;
  /** Every article of the event, oldest first: what its coverage chart counts. */
  readonly articles: readonly ArticleSummary[];
}

/** Everything about one event at once: `/event` and `newsbot event`. */
export async function eventOverview(
  store: ArticleStore,
  event: EventSummary,
  viewer: GuildScope,
  options: { readonly sentences: number; readonly quotes: number; readonly dates: number },
): Promise<EventOverview> {
  const [summary, quotes, timeline] = [
    await eventSummary(store, event, viewer, options),
    await eventQuotes(store, event, viewer, { limit: options.quotes }),
    await eventTimeline(store, event, viewer, options),
  ];
  const articles = await store.events.eventArticles(event.id, viewer);
  const outlets = new Set<string>();
  for (const article of articles) if (article.source !== null) outlets.add(article.source);
  return { event, outlets: [...outlets].sort((a, b) => a.localeCompare(b)), summary, quotes, timeline, articles };
}
