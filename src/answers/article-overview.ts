import type { ArticleSummary, GuildScope } from '../domain/article.ts';
import type { DateGranularity, SkippedStage } from '../nlp/analysis-types.ts';
import { summaryFor } from '../nlp/pipeline.ts';
import type { ArticleStore } from '../store/article-store.ts';

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

export interface ArticleOverview {
  readonly article: ArticleSummary;
  readonly summary: readonly SummaryItem[];
  /** Key quotes first, then the other attributed ones, in text order within each. */
  readonly quotes: readonly QuoteItem[];
  /** One entry per date, in date order: the first sentence that names it. */
  readonly dates: readonly TimelineItem[];
  readonly skipped: readonly SkippedStage[];
}

export interface OverviewOptions {
  readonly sentences: number;
  readonly quotes: number;
  readonly dates: number;
}

/** One stored article as the analysis saw it: summary, quotes with speakers, dated statements. Null if not visible. */
export async function articleOverview(
  store: ArticleStore,
  id: string,
  viewer: GuildScope,
  options: OverviewOptions,
): Promise<ArticleOverview | null> {
  const analysis = await store.getAnalysis(id.trim(), viewer);
  if (analysis === null) return null;
  const { text: articleText, segmentation, ...article } = analysis.article;
  const summary = summaryFor(analysis.article, analysis.summaryRanking, options.sentences, { title: article.title }).map(
    ({ text, start, end }) => ({ articleId: article.id, text, start, end }),
  );
  const quotes = analysis.quotes
    .filter((quote) => !quote.fragment && quote.speaker !== null)
    .sort((a, b) => Number(b.key) - Number(a.key) || a.start - b.start)
    .slice(0, options.quotes)
    .map(({ text, speaker, start, end, fragment, key }) => ({ articleId: article.id, text, speaker, start, end, fragment, key }));
  const seen = new Set<string>();
  const dates: TimelineItem[] = [];
  for (const mention of analysis.dates) {
    if (seen.has(mention.date)) continue;
    seen.add(mention.date);
    const sentence = segmentation.sentences[mention.sentenceIndex];
    dates.push({
      articleId: article.id,
      date: mention.date,
      granularity: mention.granularity,
      mention: mention.mention,
      start: mention.start,
      end: mention.end,
      text: sentence ? articleText.slice(sentence.start, sentence.end) : mention.mention,
    });
  }
  dates.sort((a, b) => a.date.localeCompare(b.date) || a.start - b.start);
  return { article, summary, quotes, dates: dates.slice(0, options.dates), skipped: analysis.skipped };
}
