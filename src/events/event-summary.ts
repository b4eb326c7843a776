/**
 * Multi-article summaries and quotes for an event: pure, no I/O. Sentences and quotes stay verbatim; what this adds
 * is choosing across outlets without saying the same thing twice.
 */
import {
  bagOfTerms,
  centroidCentrality,
  cosine,
  inverseDocumentFrequencies,
  documentFrequencies,
  lexRank,
  MAX_GRAPH_SENTENCES,
  selectDiverse,
  similarityMatrix,
  tokenize,
  Vocabulary,
  weightVector,
} from '../nlp/summary.ts';
import type { TermVector } from '../nlp/summary.ts';

/** A sentence one article's own summary ranked highly: the candidates of the event summary. */
export interface CandidateSentence {
  readonly articleId: string;
  readonly sentenceIndex: number;
  readonly text: string;
  /** Its rank in its article's summary (0 = the article's most important sentence). */
  readonly rank: number;
  readonly publishedTs: number;
  readonly language: string;
}

export interface ChosenSentence {
  readonly articleId: string;
  readonly sentenceIndex: number;
  readonly text: string;
}

/** How much an article's own ranking counts beside centrality across the event: each outlet knows its lead. */
const OWN_RANK_WEIGHT = 0.35;
/**
 * Two sentences this similar (TF-IDF cosine) say the same thing in two outlets' words: the second is left out. Lower
 * than the single-article threshold, as outlets reword more than one writer repeats.
 */
const SAME_FACT_SIMILARITY = 0.45;
/** Relevance against novelty in the selection: mostly relevance, with a penalty for overlap. */
const MMR_LAMBDA = 0.75;

function vectorsOf(texts: readonly string[], languages: readonly string[]): TermVector[] {
  const vocabulary = new Vocabulary();
  const bags = texts.map((text, i) => bagOfTerms(tokenize(text, languages[i] ?? 'und'), vocabulary));
  const idf = inverseDocumentFrequencies(documentFrequencies(bags, vocabulary.size), bags.length);
  return bags.map((bag) => weightVector(bag, idf, bags.length));
}

/**
 * The `count` sentences that best tell the event: central across all candidates (LexRank on their similarity
 * graph), helped by each article's own ranking, and never two that say the same fact. Returned in story order
 * (by publication, then position in the article).
 */
export function summarizeEvent(candidates: readonly CandidateSentence[], count: number): ChosenSentence[] {
  if (candidates.length === 0 || count <= 0) return [];
  const vectors = vectorsOf(
    candidates.map((c) => c.text),
    candidates.map((c) => c.language),
  );
  const matrix = candidates.length <= MAX_GRAPH_SENTENCES ? similarityMatrix(vectors) : null;
  const centrality = matrix ? lexRank(matrix) : centroidCentrality(vectors);
  const scores = candidates.map((c, i) => (1 - OWN_RANK_WEIGHT) * (centrality[i] ?? 0) + OWN_RANK_WEIGHT / (1 + c.rank));
  const similarity = (a: number, b: number): number =>
    matrix ? ((matrix[a] as Float64Array)[b] as number) : cosine(vectors[a] as TermVector, vectors[b] as TermVector);
  const picked = selectDiverse(scores, similarity, count, { lambda: MMR_LAMBDA, duplicateThreshold: SAME_FACT_SIMILARITY });
  // Near-duplicates only come back when nothing else is left; an event summary would rather be shorter.
  const distinct = picked.filter((index, position) => picked.slice(0, position).every((other) => similarity(index, other) < SAME_FACT_SIMILARITY));
  return distinct
    .map((index) => candidates[index] as CandidateSentence)
    .sort((a, b) => a.publishedTs - b.publishedTs || a.articleId.localeCompare(b.articleId) || a.sentenceIndex - b.sentenceIndex)
    .map(({ articleId, sentenceIndex, text }) => ({ articleId, sentenceIndex, text }));
}

/** A quote as one article reports it. */
export interface ReportedQuote {
  readonly articleId: string;
  readonly text: string;
  readonly speaker: string;
  readonly key: boolean;
  readonly keyScore: number;
  readonly start: number;
  readonly publishedTs: number;
}

/** One quote of the event with every article that reported it, the earliest first. */
export interface EventQuote {
  readonly text: string;
  readonly speaker: string;
  readonly key: boolean;
  readonly articleIds: readonly string[];
}

/** Words of a quote, for telling two outlets' copies of the same words apart from different words. */
function quoteWords(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Quotes shorter than this many characters of words are matched exactly only: "no" is not contained in "we say no". */
const MIN_CONTAINED_LENGTH = 40;

/**
 * The event's quotes, each once with all its sources: the same words (or one outlet's shorter cut of them) from two
 * outlets are one quote. Ordered by how many outlets carried it, then key quotes, then key score.
 */
export function mergeEventQuotes(quotes: readonly ReportedQuote[], limit: number): EventQuote[] {
  const ordered = [...quotes].sort((a, b) => a.publishedTs - b.publishedTs || a.articleId.localeCompare(b.articleId) || a.start - b.start);
  const groups: { words: string; quote: ReportedQuote; articleIds: string[]; key: boolean; keyScore: number }[] = [];
  for (const quote of ordered) {
    const words = quoteWords(quote.text);
    if (words === '') continue;
    const same = groups.find(
      (group) =>
        group.words === words ||
        (Math.min(group.words.length, words.length) >= MIN_CONTAINED_LENGTH && (group.words.includes(words) || words.includes(group.words))),
    );
    if (same) {
      if (!same.articleIds.includes(quote.articleId)) same.articleIds.push(quote.articleId);
      same.key ||= quote.key;
      same.keyScore = Math.max(same.keyScore, quote.keyScore);
      // Keep the longer wording: it is the fuller quote, still verbatim from its article.
      if (words.length > same.words.length) {
        same.words = words;
        same.quote = quote;
      }
    } else {
      groups.push({ words, quote, articleIds: [quote.articleId], key: quote.key, keyScore: quote.keyScore });
    }
  }
  return groups
    .sort((a, b) => b.articleIds.length - a.articleIds.length || Number(b.key) - Number(a.key) || b.keyScore - a.keyScore)
    .slice(0, Math.max(0, limit))
    .map((group) => ({
      text: group.quote.text,
      speaker: group.quote.speaker,
      key: group.key,
      // The article whose wording is shown comes first, so the text is verbatim from the first source listed.
      articleIds: [group.quote.articleId, ...group.articleIds.filter((id) => id !== group.quote.articleId)],
    }));
}
