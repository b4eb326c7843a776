import type { ArticleSummary, GuildScope } from '../domain/article.ts';
import type { DateGranularity, RankedQuote } from '../nlp/analysis-types.ts';
import { summaryFor } from '../nlp/pipeline.ts';
import type { ArticleStore, StoredAnalysis } from '../store/article-store.ts';

/** How many best-matching articles a quotes or timeline answer draws from. */
export const ARTICLES_PER_ANSWER = 5;

export interface SummaryItem {
  readonly articleId: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface QuoteItem {
  readonly articleId: string;
  readonly text: string;
  readonly speaker: string | null;
  readonly start: number;
  readonly end: number;
  readonly fragment: boolean;
  readonly key: boolean;
}

export interface TimelineItem {
  readonly articleId: string;
  readonly date: string;
  readonly granularity: DateGranularity;
  readonly mention: string;
  readonly start: number;
  readonly end: number;
  /** The mention's whole sentence. */
  readonly text: string;
}

export interface TopicAnswer<Item> {
  readonly topic: string;
  /** The articles the answer comes from, best match first. */
  readonly articles: readonly ArticleSummary[];
  readonly items: readonly Item[];
}

interface Scope {
  readonly guildId: GuildScope;
}

async function bestAnalyses(store: ArticleStore, topic: string, count: number, scope: Scope): Promise<StoredAnalysis[]> {
  const hits = await store.searchArticles(topic, { limit: count, guildId: scope.guildId });
  const analyses = await Promise.all(hits.map((hit) => store.getAnalysis(hit.article.id, scope.guildId)));
  return analyses.filter((analysis): analysis is StoredAnalysis => analysis !== null);
}

function summaryOf(analysis: StoredAnalysis): ArticleSummary {
  const { text: _text, segmentation: _segmentation, ...summary } = analysis.article;
  return summary;
}

/** The summary of the article that best matches the topic. */
export async function summaryForTopic(
  store: ArticleStore,
  topic: string,
  options: Scope & { readonly sentences: number },
): Promise<TopicAnswer<SummaryItem>> {
  const [best] = await bestAnalyses(store, topic, 1, options);
  if (!best) return { topic, articles: [], items: [] };
  const { article } = best;
  const sentences = summaryFor(article, best.summaryRanking, options.sentences, { title: article.title });
  return {
    topic,
    articles: [summaryOf(best)],
    items: sentences.map(({ text, start, end }) => ({ articleId: article.id, text, start, end })),
  };
}

function quoteOrder(a: RankedQuote, b: RankedQuote): number {
  return Number(b.key) - Number(a.key) || b.keyScore - a.keyScore || a.start - b.start;
}

/**
 * Quotes from the best-matching articles: key quotes first, then the others with a speaker; fragments and
 * unattributed quotes are left out, as they say little on their own. `speaker` narrows to one speaker by any part of
 * their name.
 */
export async function quotesForTopic(
  store: ArticleStore,
  topic: string,
  options: Scope & { readonly speaker?: string | undefined; readonly limit: number },
): Promise<TopicAnswer<QuoteItem>> {
  const analyses = await bestAnalyses(store, topic, ARTICLES_PER_ANSWER, options);
  const wanted = options.speaker?.trim().toLowerCase();
  const items: QuoteItem[] = [];
  const seen = new Set<string>();
  for (const analysis of analyses) {
    const quotes = analysis.quotes
      .filter((quote) => !quote.fragment && quote.speaker !== null)
      .filter((quote) => !wanted || (quote.speaker ?? '').toLowerCase().includes(wanted))
      .sort(quoteOrder);
    for (const quote of quotes) {
      // The same words reported by two outlets are one quote.
      const key = quote.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      if (seen.has(key)) continue;
      seen.add(key);
      const { text, speaker, start, end, fragment } = quote;
      items.push({ articleId: analysis.article.id, text, speaker, start, end, fragment, key: quote.key });
    }
  }
  items.sort((a, b) => Number(b.key) - Number(a.key));
  const used = new Set(items.slice(0, options.limit).map((item) => item.articleId));
  return { topic, articles: analyses.filter((a) => used.has(a.article.id)).map(summaryOf), items: items.slice(0, options.limit) };
}

/** Dated statements from the best-matching articles, in date order (then by how early the article reported it). */
export async function timelineForTopic(
  store: ArticleStore,
  topic: string,
  options: Scope & { readonly limit: number },
): Promise<TopicAnswer<TimelineItem>> {
  const analyses = await bestAnalyses(store, topic, ARTICLES_PER_ANSWER, options);
  const items: (TimelineItem & { published: string })[] = [];
  for (const analysis of analyses) {
    const { article } = analysis;
    const seenDates = new Set<string>();
    for (const mention of analysis.dates) {
      // One entry per date per article: the first sentence that names it.
      if (seenDates.has(mention.date)) continue;
      seenDates.add(mention.date);
      const sentence = article.segmentation.sentences[mention.sentenceIndex];
      items.push({
        articleId: article.id,
        date: mention.date,
        granularity: mention.granularity,
        mention: mention.mention,
        start: mention.start,
        end: mention.end,
        text: sentence ? article.text.slice(sentence.start, sentence.end) : mention.mention,
        published: article.publishedAt,
      });
    }
  }
  items.sort((a, b) => a.date.localeCompare(b.date) || Date.parse(a.published) - Date.parse(b.published) || a.start - b.start);
  const chosen = items.slice(0, options.limit).map(({ published: _published, ...item }) => item);
  const used = new Set(chosen.map((item) => item.articleId));
  return { topic, articles: analyses.filter((a) => used.has(a.article.id)).map(summaryOf), items: chosen };
}
