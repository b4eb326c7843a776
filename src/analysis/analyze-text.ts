import type { DateGranularity, EntityType, SkippedStage } from '../nlp/analysis-types.ts';
import { detectLanguage } from '../ingest/language.ts';
import { normalizeWithOffsets, originalSpan } from '../ingest/normalize.ts';
import { parsePublished } from '../ingest/published.ts';
import { analyzeArticle, summaryFor } from '../nlp/pipeline.ts';
import { segment } from '../nlp/segment.ts';
import { UserFacingError } from '../errors.ts';

export interface TextAnalysis {
  readonly language: string;
  readonly publishedAt: string;
  readonly summary: { text: string; start: number; end: number }[];
  readonly quotes: { text: string; speaker: string | null; start: number; end: number; fragment: boolean; key: boolean }[];
  readonly timeline: { date: string; granularity: DateGranularity; mention: string; start: number; end: number; text: string }[];
  readonly entities: { name: string; type: EntityType; mentions: number }[];
  readonly skipped: readonly SkippedStage[];
}

export interface AnalyzeTextOptions {
  /** When the article was published (a date, or a date-time with offset); null means `now`. */
  readonly published: string | null;
  /** The headline, when it is not part of the text. */
  readonly title: string | null;
  readonly sentences: number;
  readonly now: Date;
}

/**
 * Analyses one text as given, without storing it. The pipeline works on the canonical (normalised) form of the
 * text, and every offset it reports is mapped back to the input, so `input.slice(start, end)` is always the answer's
 * own text.
 */
export function analyzeText(input: string, options: AnalyzeTextOptions): TextAnalysis {
  const publishedAt = options.published === null ? options.now.toISOString() : parsePublished(options.published);
  if (publishedAt === null) {
    throw new UserFacingError(`--published ${JSON.stringify(options.published)} is not a date (use 2025-03-18 or 2025-03-18T10:00:00+01:00)`);
  }
  const normalized = normalizeWithOffsets(input);
  const text = normalized.text;
  const segmentation = segment(text);
  const article = { text, segmentation, publishedAt, language: detectLanguage(text) };
  const titleOption = { title: options.title ?? undefined };
  const analysis = analyzeArticle(article, titleOption);

  const span = (start: number, end: number) => {
    const mapped = originalSpan(normalized, start, end);
    return { start: mapped.start, end: mapped.end, text: input.slice(mapped.start, mapped.end) };
  };
  return {
    language: article.language,
    publishedAt,
    summary: summaryFor(article, analysis.summaryRanking, options.sentences, titleOption).map((sentence) => span(sentence.start, sentence.end)),
    quotes: analysis.quotes.map((quote) => {
      const { text: quoted, start, end } = span(quote.start, quote.end);
      return { text: quoted, speaker: quote.speaker, start, end, fragment: quote.fragment, key: quote.key };
    }),
    timeline: analysis.dates.map((date) => {
      const { text: mention, start, end } = span(date.start, date.end);
      const sentence = segmentation.sentences[date.sentenceIndex];
      const sentenceText = sentence ? span(sentence.start, sentence.end).text : mention;
      return { date: date.date, granularity: date.granularity, mention, start, end, text: sentenceText };
    }),
    entities: analysis.entities.map(({ name, type, mentions }) => ({ name, type, mentions })),
    skipped: analysis.skipped,
  };
}
