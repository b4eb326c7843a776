import type { AnalysisInput, Quote, RankedQuote } from './analysis-types.ts';
import { countWords, sentenceCentrality } from './summary.ts';
import type { Stage } from './stage.ts';

/** Shorter than this, a quote says too little to show on its own. */
const MIN_KEY_QUOTE_WORDS = 6;
/** Longer quotes read as speeches; they still qualify, but a little less. */
const COMFORTABLE_QUOTE_WORDS = 45;
export const DEFAULT_KEY_QUOTES = 3;


/** A key quote has a named speaker and says something on its own: not a fragment, not two words. */
function eligible(quote: Quote): boolean {
  return !quote.fragment && quote.speaker !== null && countWords(quote.text) >= MIN_KEY_QUOTE_WORDS;
}

function lengthFit(words: number): number {
  return words <= COMFORTABLE_QUOTE_WORDS ? 1 : COMFORTABLE_QUOTE_WORDS / words;
}

/**
 * Marks the quotes worth showing first: eligible ones ranked by how central their sentence is to the article, how
 * well their length reads, and how surely their speaker was found (named outright beats resolved from a pronoun).
 * Runs after quotes (it ranks them) and reuses the summary's sentence centrality.
 */
export function rankKeyQuotes(
  input: AnalysisInput,
  quotes: readonly Quote[],
  count = DEFAULT_KEY_QUOTES,
  centrality: readonly number[] = sentenceCentrality(input),
): RankedQuote[] {
  const highest = Math.max(...centrality, Number.EPSILON);
  const scores = quotes.map((quote) => {
    if (!eligible(quote)) return 0;
    const central = (centrality[quote.sentenceIndex] ?? 0) / highest;
    const attribution = quote.speakerCue === 'explicit' || quote.speakerCue === 'organization' ? 1 : 0.8;
    return (0.6 * central + 0.4 * lengthFit(countWords(quote.text))) * attribution;
  });
  const keyIndexes = new Set(
    scores
      .map((score, index) => ({ score, index }))
      .filter(({ score }) => score > 0)
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, count)
      .map(({ index }) => index),
  );
  return quotes.map((quote, index) => ({ ...quote, key: keyIndexes.has(index), keyScore: scores[index] ?? 0 }));
}

export interface KeyQuotesStageInput {
  readonly input: AnalysisInput;
  readonly quotes: readonly Quote[];
  /** Per-sentence centrality when an earlier stage has computed it (see summary.ts); computed here otherwise. */
  readonly centrality?: readonly number[];
}

export const keyQuotesStage: Stage<KeyQuotesStageInput, RankedQuote[]> = {
  name: 'key-quotes',
  run: ({ input, quotes, centrality }) => rankKeyQuotes(input, quotes, DEFAULT_KEY_QUOTES, centrality ?? sentenceCentrality(input)),
};
