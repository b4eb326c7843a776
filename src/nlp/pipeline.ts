import type { AnalysisInput, ArticleAnalysis, SkippedStage, StageName, SummarySentence } from './analysis-types.ts';
import { datesStage } from './dates.ts';
import { entitiesStage } from './entities.ts';
import { keyQuotesStage } from './key-quotes.ts';
import { quotesStage } from './quotes.ts';
import { centralityFromScores, scoreSentences, selectSummary, summarize, type ScoredSentences } from './summary.ts';

/**
 * Bumped whenever a stage changes what it produces, so that `newsbot reanalyze` knows which stored articles are
 * stale.
 */
export const ANALYSIS_VERSION = 1;

/** How many sentences are ranked for summaries at ingest: any summary up to this length is a stored read. */
export const RANKED_SUMMARY_SENTENCES = 20;

/** Languages whose quote, date and entity rules exist; `und` (too short to tell) is tried as English. */
const RULE_LANGUAGES = new Set(['en', 'und']);

/**
 * The analysis pipeline: pure stages in order after segmentation (which ingest has already done).
 *  1. entities — people, organisations and places, aliases merged;
 *  2. quotes — needs the entities to name speakers in their longest form;
 *  3. dates — independent of the others, resolved against the published time;
 *  4. summary ranking — language-neutral, so it also runs for articles in other languages; its sentence scores are
 *     kept for the next stage;
 *  5. key quotes — ranks the quotes by the centrality of their sentences, so it comes after the summary scores.
 * A stage that fails is reported as skipped and the others still run: one odd article never loses the rest.
 */
export interface AnalyzeOptions {
  /** The headline when it is not part of the text: a hint of what the article is about. */
  readonly title?: string | undefined;
}

export function analyzeArticle(input: AnalysisInput, options: AnalyzeOptions = {}): ArticleAnalysis {
  const skipped: SkippedStage[] = [];
  const rulesApply = RULE_LANGUAGES.has(input.language);

  const run = <T>(stage: StageName, fallback: T, work: () => T, needsRules = true): T => {
    if (needsRules && !rulesApply) {
      skipped.push({ stage, reason: 'language', detail: `no ${stage} rules for language "${input.language}" yet` });
      return fallback;
    }
    try {
      return work();
    } catch (error) {
      skipped.push({ stage, reason: 'failed', detail: error instanceof Error ? error.message : String(error) });
      return fallback;
    }
  };

  const entities = run('entities', [], () => entitiesStage.run(input));
  const quotes = run('quotes', [], () => quotesStage.run({ ...input, entities }));
  const dates = run('dates', [], () => datesStage.run(input));
  // Sentence scores are computed once and shared: the summary selects from them, key quotes rank by them.
  const scored = run<ScoredSentences | null>('summary', null, () => scoreSentences(input, titleOption(options)), false);
  const summaryRanking =
    scored === null
      ? []
      : run('summary', [], () => [...selectSummary(input, scored, RANKED_SUMMARY_SENTENCES, titleOption(options))].sort((a, b) => a.rank - b.rank), false);
  const rankedQuotes = run('key-quotes', [], () =>
    keyQuotesStage.run({ input, quotes, ...(scored === null ? {} : { centrality: centralityFromScores(input, scored) }) }),
  );
  return { entities, quotes: rankedQuotes, dates, summaryRanking, skipped };
}

function titleOption(options: AnalyzeOptions): { title?: string } {
  return options.title === undefined ? {} : { title: options.title };
}

/** A summary of any length: from the stored ranking when it is long enough, else computed afresh. */
export function summaryFor(input: AnalysisInput, ranking: readonly SummarySentence[], count: number, options: AnalyzeOptions = {}): SummarySentence[] {
  if (count <= RANKED_SUMMARY_SENTENCES) return summaryOfLength(ranking, count);
  return summarize(input, count, titleOption(options));
}

/** The N-sentence summary from a stored ranking: the first N picked, in text order. */
export function summaryOfLength(ranking: readonly SummarySentence[], count: number): SummarySentence[] {
  return ranking
    .filter((sentence) => sentence.rank < count)
    .sort((a, b) => a.start - b.start);
}
