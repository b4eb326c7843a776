/**
 * Extractive summary: a few whole sentences of the article, verbatim, chosen for how central they are to it.
 *
 * The pieces, each exported for the stages that reuse them (key quotes rank quotes by sentence centrality; event
 * summaries across several articles reuse the term vectors and the diverse selection):
 *
 * 1. `tokenize`: Unicode-aware terms (`\p{L}`/`\p{N}` runs, lower-cased; character bigrams for scripts written
 *    without spaces). English only: stopwords dropped and a tiny plural stemmer (Harman's S-stemmer).
 * 2. `Vocabulary`, `bagOfTerms`, `documentFrequencies`, `inverseDocumentFrequencies`, `weightVector`, `cosine`,
 *    `similarityMatrix`, `sumVectors`: TF-IDF term vectors (sorted id arrays; a shared `Vocabulary` makes vectors of
 *    different articles comparable). Inside one article the "documents" are its sentences, so the IDF of a term is
 *    low when most sentences use it: that down-weights a language's function words even where no stopword list
 *    exists.
 * 3. `lexRank`, `sentenceCentrality`: continuous LexRank (PageRank over the cosine similarity graph of the sentences).
 * 4. `scoreSentences`: centrality, similarity to the headline (the text's first heading, or `options.title`) and a
 *    position prior (news puts its main facts first), each in [0, 1], combined by fixed weights.
 * 5. `selectDiverse`: maximal marginal relevance (MMR) with a hard near-duplicate cut-off, so that a fact told twice
 *    is picked once.
 *
 * Headings are never summary sentences. Sentences of fewer than five words and bylines are picked only when nothing
 * else is left (so a count of at least the number of body sentences returns every body sentence). The result is in
 * text order; `rank` gives the order of selection, so any prefix of ranks is the best shorter summary.
 *
 * Default weights (centrality 1, headline 0.5, position 0.25; MMR lambda 0.8) were set by a handful of ablations on
 * two categories of BBC News Summary and checked on the others (bench/suites/summary.ts). On that data centrality
 * carries most of the signal and the position prior mostly decides between central sentences: it is kept small, but
 * kept, because the inverted pyramid of news is a safer bet than any one dataset's references.
 *
 * Pure and linear in the text, apart from the similarity graph, which is quadratic in the number of sentences (about
 * 0.2 ms for a 2,300-character article); above MAX_GRAPH_SENTENCES sentences centroid similarity replaces LexRank.
 */
import type { Sentence } from '../domain/article.ts';
import type { AnalysisInput, SummarySentence } from './analysis-types.ts';
import type { Stage } from './stage.ts';

// ---------------------------------------------------------------------------------------------------------------
// Tokens

/**
 * A word: letters, marks and digits, with inner apostrophes and inner number punctuation kept ("don't", "1,000",
 * "1.13bn", "U.S").
 */
const WORD_RE = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’.,][\p{L}\p{M}\p{N}]+)*/gu;
/** Scripts written without spaces between words: their runs are split into overlapping character bigrams. */
const UNSPACED_RE = /[\p{sc=Han}\p{sc=Hira}\p{sc=Kana}\p{sc=Thai}\p{sc=Laoo}\p{sc=Khmr}\p{sc=Mymr}]/u;
/** The first code unit of those scripts (Thai); anything below it is never tested against UNSPACED_RE. */
const FIRST_UNSPACED = 0x0e00;

/** Common English function words, and the reporting verbs of news ("said", "told"), which say nothing of the topic. */
const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `
    a about above after again against ago all almost also although am among an and another any anyone anything are
    aren't around as at back be became because become been before being below between both but by can can't cannot
    could couldn't did didn't do does doesn't doing don't done down during each either else enough etc even ever
    every few for from further get gets getting go goes going got had hadn't has hasn't have haven't having he he's
    her here hers herself him himself his how however i i'm i've if in into is isn't it it's its itself just last
    least less let like made make makes many may me might more most mostly much must my myself near neither never
    new next no nor not now of off often on once one only onto or other others otherwise our ours ourselves out over
    own per perhaps put quite rather really said same say saying says see seen several shall she should shouldn't
    since so some something still such than that that's the their theirs them themselves then there there's these
    they they're this those though through thus till to together told too toward towards under until up upon us use
    used using very via was wasn't way we we're we've well were weren't what whatever when where whether which while
    who whom whose why will with within without won't would wouldn't yes yet you you're your yours yourself mr mrs
    ms dr
  `
    .trim()
    .split(/\s+/),
);

/** Harman's S-stemmer: "companies" → "company", "sales" → "sale", "profits" → "profit"; "bus", "glass" stay. */
export function stemEnglish(word: string): string {
  const n = word.length;
  if (n < 4 || word.charCodeAt(n - 1) !== 0x73) return word; // 's'
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && !word.endsWith('aes') && !word.endsWith('ees') && !word.endsWith('oes')) {
    return word.slice(0, -1);
  }
  if (word.endsWith('us') || word.endsWith('ss')) return word;
  return word.slice(0, -1);
}

/**
 * The terms of a text, in order: lower-cased words; for scripts written without spaces, character bigrams. Single
 * letters are dropped. When `language` is `en`, possessive "'s" is dropped, stopwords are removed (an all-capital
 * word such as "US" or "WHO" is kept: it is an acronym) and plurals are stemmed.
 */
export function tokenize(text: string, language: string): string[] {
  const terms: string[] = [];
  scan(text, language === 'en', terms);
  return terms;
}

/** Words as a reader counts them; in scripts written without spaces, two characters count as one word. */
export function countWords(text: string): number {
  return scan(text, false, null);
}

/** One pass over the words of `text`: pushes its terms to `terms` (unless null) and returns the word count. */
function scan(text: string, english: boolean, terms: string[] | null): number {
  let words = 0;
  for (const match of text.matchAll(WORD_RE)) {
    const word = match[0];
    if (word.charCodeAt(0) >= FIRST_UNSPACED && UNSPACED_RE.test(word)) {
      const chars = Array.from(word);
      words += Math.ceil(chars.length / 2);
      if (terms !== null) pushBigrams(chars, terms);
      continue;
    }
    words++;
    if (terms === null) continue;
    let term = word.toLowerCase();
    if (english) {
      if (term.endsWith("'s") || term.endsWith('’s')) term = term.slice(0, -2);
      else if (term.includes('’')) term = term.replaceAll('’', "'");
      if (ENGLISH_STOPWORDS.has(term) && !isAcronym(word, term)) continue;
      term = stemEnglish(term);
    }
    if (term.length < 2 && !isDigit(term.charCodeAt(0))) continue;
    terms.push(term);
  }
  return words;
}

/** "US", "WHO", "IT": two or more letters, all capitals. */
function isAcronym(word: string, lower: string): boolean {
  return word.length > 1 && word !== lower && word === word.toUpperCase();
}

function pushBigrams(chars: readonly string[], out: string[]): void {
  if (chars.length === 1) {
    out.push(chars[0] as string);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

// ---------------------------------------------------------------------------------------------------------------
// Term vectors

/**
 * Interns terms as small integers, so that term vectors are sorted arrays of ids and compare by a linear merge. One
 * vocabulary serves one article; share one across articles to compare their vectors.
 */
export class Vocabulary {
  readonly #ids = new Map<string, number>();
  readonly #terms: string[] = [];

  /** The term's id, added when new. */
  id(term: string): number {
    let id = this.#ids.get(term);
    if (id === undefined) {
      id = this.#terms.length;
      this.#ids.set(term, id);
      this.#terms.push(term);
    }
    return id;
  }

  /** The term's id, or undefined when the vocabulary does not have it (nothing is added). */
  lookup(term: string): number | undefined {
    return this.#ids.get(term);
  }

  term(id: number): string | undefined {
    return this.#terms[id];
  }

  get size(): number {
    return this.#terms.length;
  }
}

/** Distinct term ids in increasing order, and how often each occurs. */
export interface TermBag {
  readonly ids: Int32Array;
  readonly counts: Float64Array;
}

/** A sparse weighted term vector: ids in increasing order, their weights, and the Euclidean norm. */
export interface TermVector {
  readonly ids: Int32Array;
  readonly weights: Float64Array;
  readonly norm: number;
}

export const EMPTY_VECTOR: TermVector = { ids: new Int32Array(0), weights: new Float64Array(0), norm: 0 };

/**
 * The bag of some terms. With `addNew` false, terms the vocabulary lacks are left out instead of added (to match a
 * query against a shared vocabulary without growing it; note that the left-out terms then do not count in the norm).
 */
export function bagOfTerms(terms: readonly string[], vocabulary: Vocabulary, addNew = true): TermBag {
  const all = new Int32Array(terms.length);
  let n = 0;
  for (const term of terms) {
    const id = addNew ? vocabulary.id(term) : vocabulary.lookup(term);
    if (id !== undefined) all[n++] = id;
  }
  const sorted = all.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const ids = new Int32Array(distinct);
  const counts = new Float64Array(distinct);
  let k = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) ids[++k] = sorted[i] as number;
    counts[k] = (counts[k] as number) + 1;
  }
  return { ids, counts };
}

/** In how many of the bags (here: sentences) each term occurs, indexed by term id. */
export function documentFrequencies(bags: readonly TermBag[], vocabularySize: number): Float64Array {
  const df = new Float64Array(vocabularySize);
  for (const bag of bags) for (const id of bag.ids) df[id] = (df[id] as number) + 1;
  return df;
}

/**
 * Smoothed IDF, `ln((n + 1) / df)`, indexed by term id: always positive, so that a one-sentence text still has a
 * vector; a term with no document counts as occurring once.
 */
export function inverseDocumentFrequencies(df: ArrayLike<number>, documents: number): Float64Array {
  const idf = new Float64Array(df.length);
  for (let id = 0; id < df.length; id++) idf[id] = Math.log((documents + 1) / Math.max(1, df[id] as number));
  return idf;
}

/** TF-IDF vector of a bag: raw counts times IDF (a term beyond `idf` gets the weight of a term seen once). */
export function weightVector(bag: TermBag, idf: ArrayLike<number>, documents: number): TermVector {
  const unseen = Math.log(documents + 1);
  const weights = new Float64Array(bag.ids.length);
  let squares = 0;
  for (let k = 0; k < bag.ids.length; k++) {
    const id = bag.ids[k] as number;
    const weight = (bag.counts[k] as number) * (id < idf.length ? (idf[id] as number) : unseen);
    weights[k] = weight;
    squares += weight * weight;
  }
  return { ids: bag.ids, weights, norm: Math.sqrt(squares) };
}

export function dot(a: TermVector, b: TermVector): number {
  const ai = a.ids;
  const bi = b.ids;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i] as number;
    const y = bi[j] as number;
    if (x === y) sum += (a.weights[i++] as number) * (b.weights[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** Cosine similarity in [0, 1] (weights are non-negative); 0 when either vector is empty. */
export function cosine(a: TermVector, b: TermVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  return Math.min(1, dot(a, b) / (a.norm * b.norm));
}

/** The sum of several vectors (a centroid up to scale, which cosine ignores). */
export function sumVectors(vectors: readonly TermVector[]): TermVector {
  const sums = new Map<number, number>();
  for (const vector of vectors) {
    for (let k = 0; k < vector.ids.length; k++) {
      const id = vector.ids[k] as number;
      sums.set(id, (sums.get(id) ?? 0) + (vector.weights[k] as number));
    }
  }
  const ids = Int32Array.from(sums.keys()).sort();
  const weights = new Float64Array(ids.length);
  let squares = 0;
  for (let k = 0; k < ids.length; k++) {
    const weight = sums.get(ids[k] as number) as number;
    weights[k] = weight;
    squares += weight * weight;
  }
  return { ids, weights, norm: Math.sqrt(squares) };
}

/** The full symmetric cosine similarity matrix of some vectors (1 on the diagonal of non-empty vectors). */
export function similarityMatrix(vectors: readonly TermVector[]): Float64Array[] {
  const n = vectors.length;
  const matrix = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const a = vectors[i] as TermVector;
    const row = matrix[i] as Float64Array;
    row[i] = a.norm > 0 ? 1 : 0;
    for (let j = i + 1; j < n; j++) {
      const s = cosine(a, vectors[j] as TermVector);
      row[j] = s;
      (matrix[j] as Float64Array)[i] = s;
    }
  }
  return matrix;
}

// ---------------------------------------------------------------------------------------------------------------
// Centrality

const LEXRANK_DAMPING = 0.85;
/**
 * Above this many sentences the quadratic similarity graph is not built: centrality is similarity to the centroid,
 * which is linear (a 600-sentence text would otherwise take tens of milliseconds).
 */
export const MAX_GRAPH_SENTENCES = 150;
const LEXRANK_MAX_ITERATIONS = 50;
const LEXRANK_TOLERANCE = 1e-6;

/**
 * Continuous LexRank (Erkan & Radev 2004): the stationary distribution of a random walk on the similarity graph,
 * edges weighted by similarity (the diagonal ignored), with damping. Returns one score per node, scaled so that the
 * highest is 1 (all 0 when there is no node). A node without edges only receives the teleport share.
 */
export function lexRank(similarity: readonly Float64Array[], damping = LEXRANK_DAMPING): Float64Array {
  const n = similarity.length;
  const rank = new Float64Array(n);
  if (n === 0) return rank;
  const rowSums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = similarity[i] as Float64Array;
    let sum = 0;
    for (let j = 0; j < n; j++) if (j !== i) sum += row[j] as number;
    rowSums[i] = sum;
  }
  rank.fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < LEXRANK_MAX_ITERATIONS; iteration++) {
    // Mass on nodes without edges is spread evenly, like the teleport.
    let dangling = 0;
    for (let i = 0; i < n; i++) if (rowSums[i] === 0) dangling += rank[i] as number;
    const base = (1 - damping) / n + (damping * dangling) / n;
    next.fill(base);
    for (let i = 0; i < n; i++) {
      const sum = rowSums[i] as number;
      if (sum === 0) continue;
      const share = (damping * (rank[i] as number)) / sum;
      const row = similarity[i] as Float64Array;
      for (let j = 0; j < n; j++) if (j !== i) next[j] = (next[j] as number) + share * (row[j] as number);
    }
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs((next[i] as number) - (rank[i] as number));
    const previous = rank.slice();
    rank.set(next);
    next = previous;
    if (delta < LEXRANK_TOLERANCE) break;
  }
  return scaleToMax(rank);
}

/** Centroid centrality: each vector's cosine similarity to the sum of all of them, scaled so that the highest is 1. */
export function centroidCentrality(vectors: readonly TermVector[]): Float64Array {
  const centroid = sumVectors(vectors);
  return scaleToMax(Float64Array.from(vectors, (v) => cosine(v, centroid)));
}

function scaleToMax(values: Float64Array): Float64Array {
  let max = 0;
  for (const value of values) max = Math.max(max, value);
  if (max > 0) for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / max;
  return values;
}

// ---------------------------------------------------------------------------------------------------------------
// Sentence scores

/** A sentence shorter than this many words is a summary sentence only when nothing else is left. */
export const MIN_SUMMARY_WORDS = 5;
/** A byline has at most this many words. */
const MAX_BYLINE_WORDS = 12;
/** "By …", "Reporting by …", "Von …", "Par …", "Por …", "Di …", "Door …", "Af …", "Av …", then a capital. */
const BYLINE_START_RE = /^(?:(?:additional\s+)?reporting\s+by|written\s+by|by|von|par|por|di|door|af|av)\s+(?=\p{Lu})/iu;
/** Lower-case words a byline may hold besides names: "By Jane Smith and Tom Reed in Paris, science reporter". */
const BYLINE_WORDS: ReadonlySet<string> = new Set(
  `
    and in of the for at with from und et y e en og och aus de da del la le
    reporter correspondent editor writer staff news senior chief political business technology science health
    economics sports arts home world foreign affairs diplomatic environment
  `
    .trim()
    .split(/\s+/),
);

export interface SummaryWeights {
  /** LexRank centrality of the sentence among the article's sentences. */
  readonly centrality: number;
  /** Cosine similarity to the headline. */
  readonly headline: number;
  /** Position prior, 1 / (1 + i) for the i-th body sentence. */
  readonly position: number;
}

export const DEFAULT_SUMMARY_WEIGHTS: SummaryWeights = { centrality: 1, headline: 0.5, position: 0.25 };

export interface SummaryOptions {
  readonly weights?: Partial<SummaryWeights>;
  /** MMR trade-off: 1 ranks by score alone, lower values penalise overlap with sentences already picked more. */
  readonly lambda?: number;
  /** A sentence at least this similar (cosine) to one already picked is picked only when nothing else is left. */
  readonly duplicateThreshold?: number;
  /** Headline to compare with, when the text does not start with it. Default: the text's first heading. */
  readonly title?: string;
  /** Stop once the summary has this many words: a sentence that would go over is skipped (the first never is). */
  readonly maxWords?: number;
}

export const DEFAULT_LAMBDA = 0.8;
export const DEFAULT_DUPLICATE_THRESHOLD = 0.6;
/** What `summaryStage` returns. */
export const DEFAULT_SUMMARY_SENTENCES = 3;

export interface SentenceScore {
  readonly sentenceIndex: number;
  /** Position among the body sentences (headings not counted). */
  readonly bodyIndex: number;
  readonly words: number;
  /** LexRank centrality (centroid similarity above MAX_GRAPH_SENTENCES sentences), highest 1. */
  readonly centrality: number;
  /** Cosine similarity to the headline; 0 without one. */
  readonly headline: number;
  readonly position: number;
  /** The weighted mean of the three, in [0, 1]. */
  readonly score: number;
  /** False for short sentences and bylines, which are picked last. */
  readonly eligible: boolean;
}

/** The scored body sentences and their TF-IDF vectors (same order), for selection or for reuse by later stages. */
export interface ScoredSentences {
  readonly sentences: readonly SentenceScore[];
  readonly vectors: readonly TermVector[];
  /** Cosine similarity of two sentences by their index in `sentences` (from the graph when it was built). */
  readonly similarity: (a: number, b: number) => number;
}

/** The sentences that are not headings, in text order. */
export function bodySentences(input: AnalysisInput): Sentence[] {
  const { paragraphs, sentences } = input.segmentation;
  // A "sentence" of punctuation alone ("* * *", "—") says nothing and is never part of a summary.
  return sentences.filter(
    (s) => paragraphs[s.paragraphIndex]?.kind !== 'heading' && /[\p{L}\p{N}]/u.test(input.text.slice(s.start, s.end)),
  );
}

function headlineText(input: AnalysisInput, title: string | undefined): string | null {
  if (title !== undefined) return title;
  const first = input.segmentation.paragraphs[0];
  return first?.kind === 'heading' ? input.text.slice(first.start, first.end) : null;
}

/**
 * A byline of at most MAX_BYLINE_WORDS words: "By Jane Smith", "By Jane Porter and Tom Reed in Dover", "Von Anna
 * Müller". After the opening word every word is capitalised or one of BYLINE_WORDS, so "By Friday, prices had
 * doubled." is not one.
 */
export function isByline(text: string, words: number): boolean {
  if (words > MAX_BYLINE_WORDS) return false;
  const start = BYLINE_START_RE.exec(text);
  if (start === null) return false;
  for (const match of text.slice(start[0].length).matchAll(WORD_RE)) {
    const word = match[0];
    if (word.charAt(0) === word.charAt(0).toLowerCase() && !BYLINE_WORDS.has(word)) return false;
  }
  return true;
}

/** Long enough and not a byline. */
function isEligible(text: string, sentence: Sentence, words: number): boolean {
  if (words < MIN_SUMMARY_WORDS) return false;
  return words > MAX_BYLINE_WORDS || !isByline(text.slice(sentence.start, sentence.end), words);
}

/** Scores every body sentence: centrality, headline similarity and position, and whether it may lead a summary. */
export function scoreSentences(input: AnalysisInput, options: SummaryOptions = {}): ScoredSentences {
  const weights = { ...DEFAULT_SUMMARY_WEIGHTS, ...options.weights };
  const body = bodySentences(input);
  const english = input.language === 'en';
  const vocabulary = new Vocabulary();
  const terms: string[] = [];
  const words = new Array<number>(body.length);
  const bags = body.map((s, i) => {
    terms.length = 0;
    words[i] = scan(input.text.slice(s.start, s.end), english, terms);
    return bagOfTerms(terms, vocabulary);
  });
  const n = bags.length;
  const idf = inverseDocumentFrequencies(documentFrequencies(bags, vocabulary.size), n);
  const vectors = bags.map((bag) => weightVector(bag, idf, n));
  const matrix = n <= MAX_GRAPH_SENTENCES ? similarityMatrix(vectors) : null;
  const centrality = matrix === null ? centroidCentrality(vectors) : lexRank(matrix);
  const similarity =
    matrix === null
      ? (a: number, b: number) => cosine(vectors[a] as TermVector, vectors[b] as TermVector)
      : (a: number, b: number) => (matrix[a] as Float64Array)[b] as number;
  const title = headlineText(input, options.title);
  const headlineVector =
    title === null ? EMPTY_VECTOR : weightVector(bagOfTerms(tokenize(title, input.language), vocabulary), idf, n);
  const total = weights.centrality + weights.headline + weights.position;
  const sentences = body.map((s, i): SentenceScore => {
    const c = centrality[i] as number;
    const h = cosine(vectors[i] as TermVector, headlineVector);
    const p = 1 / (1 + i);
    const score = total > 0 ? (weights.centrality * c + weights.headline * h + weights.position * p) / total : 0;
    return {
      sentenceIndex: s.index,
      bodyIndex: i,
      words: words[i] as number,
      centrality: c,
      headline: h,
      position: p,
      score,
      eligible: isEligible(input.text, s, words[i] as number),
    };
  });
  return { sentences, vectors, similarity };
}

/**
 * Centrality of every sentence of the text, indexed like `segmentation.sentences`: LexRank over the body sentences
 * (highest 1), blended with similarity to the headline; headings get 0. No position prior: a stage that ranks
 * quotes or sentences by importance adds its own.
 */
export function sentenceCentrality(input: AnalysisInput, options: Pick<SummaryOptions, 'title'> = {}): number[] {
  return centralityFromScores(input, scoreSentences(input, options));
}

/** sentenceCentrality from sentences already scored for a summary, so the pipeline runs LexRank once per article. */
export function centralityFromScores(input: AnalysisInput, scored: ScoredSentences): number[] {
  const { centrality, headline } = DEFAULT_SUMMARY_WEIGHTS;
  const out = new Array<number>(input.segmentation.sentences.length).fill(0);
  for (const s of scored.sentences) out[s.sentenceIndex] = (centrality * s.centrality + headline * s.headline) / (centrality + headline);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Selection

export interface DiverseSelectionOptions {
  readonly lambda?: number;
  readonly duplicateThreshold?: number;
  /** Candidates that may be picked only after every eligible one. Default: all eligible. */
  readonly eligible?: readonly boolean[];
  /** Each candidate's size (words) and the budget: a candidate that would go over is skipped (the first never is). */
  readonly sizes?: readonly number[];
  readonly budget?: number;
}

/**
 * Greedy maximal marginal relevance: repeatedly picks the candidate with the highest
 * `lambda * score - (1 - lambda) * (highest similarity to a picked one)`. Candidates at least `duplicateThreshold`
 * similar to a picked one, and ineligible ones, wait until nothing else is left, in that order. Returns candidate
 * indices in order of selection; without a budget, a shorter `count` gives a prefix of a longer one.
 */
export function selectDiverse(
  scores: readonly number[],
  similarity: (a: number, b: number) => number,
  count: number,
  options: DiverseSelectionOptions = {},
): number[] {
  const lambda = options.lambda ?? DEFAULT_LAMBDA;
  const threshold = options.duplicateThreshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  const n = scores.length;
  const limit = Math.min(Math.max(0, Math.floor(count)), n);
  const picked: number[] = [];
  const taken = new Uint8Array(n);
  const maxSimilarity = new Float64Array(n);
  let used = 0;
  while (picked.length < limit) {
    let best = -1;
    let bestTier = Infinity;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      if (taken[i] === 1) continue;
      const size = options.sizes?.[i] ?? 0;
      if (options.budget !== undefined && picked.length > 0 && used + size > options.budget) continue;
      // Tier 0: eligible and new; 1: eligible near-duplicate; 2: ineligible; 3: ineligible near-duplicate.
      const duplicate = (maxSimilarity[i] as number) >= threshold ? 1 : 0;
      const tier = (options.eligible?.[i] === false ? 2 : 0) + duplicate;
      const value = lambda * (scores[i] as number) - (1 - lambda) * (maxSimilarity[i] as number);
      if (tier < bestTier || (tier === bestTier && value > bestValue)) {
        best = i;
        bestTier = tier;
        bestValue = value;
      }
    }
    if (best < 0) break;
    picked.push(best);
    taken[best] = 1;
    used += options.sizes?.[best] ?? 0;
    for (let i = 0; i < n; i++) {
      if (taken[i] === 0) maxSimilarity[i] = Math.max(maxSimilarity[i] as number, similarity(best, i));
    }
  }
  return picked;
}

// ---------------------------------------------------------------------------------------------------------------
// Summary

/**
 * The `count` most important, mutually non-redundant body sentences, verbatim, in text order. `count` at least the
 * number of body sentences returns them all; 0 returns none.
 */
export function summarize(input: AnalysisInput, count: number, options: SummaryOptions = {}): SummarySentence[] {
  if (!(count > 0)) return [];
  return selectSummary(input, scoreSentences(input, options), count, options);
}

/** The selection half of `summarize`, for callers that reuse the scores (see `centralityFromScores`). */
export function selectSummary(input: AnalysisInput, scored: ScoredSentences, count: number, options: SummaryOptions = {}): SummarySentence[] {
  if (!(count > 0)) return [];
  const { sentences, similarity } = scored;
  const selectionOptions: DiverseSelectionOptions = {
    lambda: options.lambda ?? DEFAULT_LAMBDA,
    duplicateThreshold: options.duplicateThreshold ?? DEFAULT_DUPLICATE_THRESHOLD,
    eligible: sentences.map((s) => s.eligible),
    ...(options.maxWords === undefined ? {} : { sizes: sentences.map((s) => s.words), budget: options.maxWords }),
  };
  const picked = selectDiverse(
    sentences.map((s) => s.score),
    similarity,
    count,
    selectionOptions,
  );
  const all = input.segmentation.sentences;
  return picked
    .map((bodyIndex, rank): SummarySentence => {
      const scoredSentence = sentences[bodyIndex] as SentenceScore;
      const sentence = all[scoredSentence.sentenceIndex] as Sentence;
      return {
        sentenceIndex: sentence.index,
        start: sentence.start,
        end: sentence.end,
        text: input.text.slice(sentence.start, sentence.end),
        score: scoredSentence.score,
        rank,
        stage: 'summary',
      };
    })
    .sort((a, b) => a.start - b.start);
}

export const summaryStage: Stage<AnalysisInput, SummarySentence[]> = {
  name: 'summary',
  run: (input) => summarize(input, DEFAULT_SUMMARY_SENTENCES),
};
