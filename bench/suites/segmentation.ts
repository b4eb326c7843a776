/**
 * Sentence segmentation against the BBC News Summary dataset (read from ../shared, never copied into the repository).
 *
 * Each reference summary is a concatenation of verbatim article sentences with no separator; splitting it with
 * `(?<=[.!?"])(?=[A-Z"'])` gives the gold sentences. A gold sentence counts as found when one of our sentences,
 * trimmed, is exactly that text. The same is measured for `Intl.Segmenter` applied per paragraph, the baseline.
 *
 * The naive split cuts inside tokens whenever a quoted sentence follows another (`data."I think` gives the fragments
 * `"` and `I think…`), so two rates are reported for each segmenter:
 * - `*exact_match_rate`: over every raw gold fragment, as the split gives them. `exact_match_ceiling` is the share
 *   of raw fragments that are whole sentences of the article at all (a perfect segmenter's rate);
 * - `*exact_match_rate_repaired`: the evident mistakes of the split undone: pieces cut right after an opening quote
 *   (`said: "` | `The…`) joined again, then each fragment that occurs verbatim in the article widened to the
 *   whitespace around it (`"I think…`); stray punctuation-only fragments and fragments cut inside a word
 *   (`Division.` | `Those…`, where the article lacks the space) dropped. This is the fair measure: a
 *   fragment such as `I think…` without its opening quote is not a sentence of the article.
 *
 * Throughput is articles per second over the same texts, best of three passes.
 *
 * Run alone: `node --import tsx bench/suites/segmentation.ts [datasetDir] [--failures N]`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { normalizeArticleText } from '../../src/ingest/normalize.ts';
import { segment } from '../../src/nlp/segment.ts';
import { readBbcPairs } from '../bbc-dataset.ts';

export interface SegmentationPair {
  readonly id: string;
  readonly text: string;
  /** The naive split of the summary. */
  readonly gold: readonly string[];
  /** The naive split with splits after opening quotes undone. */
  readonly goldMerged: readonly string[];
}

const GOLD_SPLIT = /(?<=[.!?"])(?=[A-Z"'])/;
const PASSES = 3;

/** The default dataset location: `../shared/datasets/bbc-news-summary` from the project root. */
export const DEFAULT_DATASET_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/datasets/bbc-news-summary',
);



export function splitGold(summary: string): string[] {
  return normalizeArticleText(summary)
    .split(GOLD_SPLIT)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The naive split with its evident mistakes undone: a split right after an opening quote (`said: "` | `The…`, the
 * quote mark follows a space) is not a sentence boundary, so those pieces are joined again.
 */
export function splitGoldMerged(summary: string): string[] {
  const pieces = normalizeArticleText(summary).split(GOLD_SPLIT);
  const out: string[] = [];
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (/\s"$/.test(pending)) continue;
    out.push(pending);
    pending = '';
  }
  if (pending) out.push(pending);
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Every article with its gold sentences; byte-identical duplicate articles are kept once. */
export function loadPairs(datasetDir: string): SegmentationPair[] {
  return readBbcPairs(datasetDir).map((pair) => ({
    id: pair.id,
    text: normalizeArticleText(pair.article),
    gold: splitGold(pair.summary),
    goldMerged: splitGoldMerged(pair.summary),
  }));
}

export type SentenceSplitter = (text: string) => string[];

export const ourSentences: SentenceSplitter = (text) =>
  segment(text).sentences.map((s) => text.slice(s.start, s.end).trim());

export function intlSentences(segmenter: Intl.Segmenter): SentenceSplitter {
  return (text) => {
    const out: string[] = [];
    for (const paragraph of text.split(/\n+/)) {
      for (const { segment: s } of segmenter.segment(paragraph)) {
        const trimmed = s.trim();
        if (trimmed.length > 0) out.push(trimmed);
      }
    }
    return out;
  };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const OPENERS = /^["'“‘([]*$/;
const CLOSERS = /^["'”’)\]]*$/;

function isSpaceChar(ch: string): boolean {
  return ch.trim() === '';
}

/**
 * A gold fragment made whole: the naive split cuts inside tokens (`data."I think` gives `"` and `I think…`), so the
 * fragment is widened to the whitespace around its first occurrence in the article, over punctuation only. `null`
 * when the fragment is not in the article, has no letter or digit (a stray quote mark), or was cut inside a token.
 */
export function repairGold(text: string, fragment: string): string | null {
  if (!WORD_CHAR.test(fragment)) return null;
  const at = text.indexOf(fragment);
  if (at < 0) return null;
  let start = at;
  while (start > 0 && !isSpaceChar(text.charAt(start - 1))) start--;
  let end = at + fragment.length;
  while (end < text.length && !isSpaceChar(text.charAt(end))) end++;
  // Widened over anything but quotes and brackets: the split cut a word ("Division.Those", "M.A.S.K.", "...Now"),
  // not a sentence boundary.
  if (!OPENERS.test(text.slice(start, at)) || !CLOSERS.test(text.slice(at + fragment.length, end))) return null;
  return text.slice(start, end);
}

interface GoldSet {
  /** Every fragment of the naive split. */
  readonly raw: readonly string[];
  /** Fragments found verbatim in the article, widened to whole tokens. */
  readonly repaired: readonly string[];
}

interface MatchCounts {
  raw: number;
  repaired: number;
}

export interface SegmentationFailure {
  readonly id: string;
  readonly gold: string;
  /** Our sentences that overlap the gold sentence in the article. */
  readonly ours: readonly string[];
}

function goldSets(pairs: readonly SegmentationPair[]): GoldSet[] {
  return pairs.map((pair) => ({
    raw: pair.gold,
    repaired: pair.goldMerged.map((g) => repairGold(pair.text, g)).filter((g): g is string => g !== null),
  }));
}

function overlapping(text: string, sentences: readonly string[], fragment: string): string[] {
  const at = text.indexOf(fragment);
  const out: string[] = [];
  let cursor = 0;
  for (const s of sentences) {
    const start = text.indexOf(s, cursor);
    if (start < 0) continue;
    cursor = start + s.length;
    if (start < at + fragment.length && cursor > at) out.push(s);
  }
  return out;
}

function countMatches(
  pairs: readonly SegmentationPair[],
  gold: readonly GoldSet[],
  split: SentenceSplitter,
  failures?: SegmentationFailure[],
): MatchCounts {
  const counts: MatchCounts = { raw: 0, repaired: 0 };
  pairs.forEach((pair, p) => {
    const sentences = split(pair.text);
    const ours = new Set(sentences);
    const set = gold[p];
    if (!set) return;
    for (const g of set.raw) if (ours.has(g)) counts.raw++;
    for (const g of set.repaired) {
      if (ours.has(g)) counts.repaired++;
      else failures?.push({ id: pair.id, gold: g, ours: overlapping(pair.text, sentences, g) });
    }
  });
  return counts;
}

function articlesPerSecond(texts: readonly string[], split: (text: string) => unknown): number {
  let best = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    const t0 = performance.now();
    for (const text of texts) split(text);
    best = Math.min(best, performance.now() - t0);
  }
  return texts.length / (best / 1000);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Runs the suite on the dataset at `datasetDir` (throws when it is missing). Gold sentences that we miss are pushed
 * to `failures` when given.
 */
export async function runSegmentationBench(
  datasetDir: string,
  failures?: SegmentationFailure[],
): Promise<Record<string, number>> {
  if (!existsSync(join(datasetDir, 'articles'))) throw new Error(`segmentation: no dataset at ${datasetDir}`);
  const pairs = loadPairs(datasetDir);
  const gold = goldSets(pairs);
  const raw = gold.reduce((n, g) => n + g.raw.length, 0);
  const whole = pairs.reduce((n, p) => n + p.gold.filter((g) => repairGold(p.text, g) === g).length, 0);
  const repaired = gold.reduce((n, g) => n + g.repaired.length, 0);
  const intl = intlSentences(new Intl.Segmenter('en', { granularity: 'sentence' }));
  const ours = countMatches(pairs, gold, ourSentences, failures);
  const base = countMatches(pairs, gold, intl);
  const texts = pairs.map((p) => p.text);
  const oursSpeed = articlesPerSecond(texts, segment);
  const baseSpeed = articlesPerSecond(texts, intl);
  return {
    articles: pairs.length,
    gold_sentences: raw,
    gold_sentences_repaired: repaired,
    exact_match_ceiling: round(whole / raw, 4),
    exact_match_rate: round(ours.raw / raw, 4),
    exact_match_rate_repaired: round(ours.repaired / repaired, 4),
    intl_exact_match_rate: round(base.raw / raw, 4),
    intl_exact_match_rate_repaired: round(base.repaired / repaired, 4),
    articles_per_s: Math.round(oursSpeed),
    intl_articles_per_s: Math.round(baseSpeed),
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const failuresAt = argv.indexOf('--failures');
  const failureLimit = failuresAt >= 0 ? Number(argv[failuresAt + 1] ?? 50) : 0;
  const positional = argv.filter((a, i) => !a.startsWith('--') && (failuresAt < 0 || i !== failuresAt + 1));
  const datasetDir = positional[0] ?? DEFAULT_DATASET_DIR;
  if (!existsSync(join(datasetDir, 'articles'))) {
    console.log(`segmentation: skipped, no dataset at ${datasetDir}`);
    return;
  }
  const failures: SegmentationFailure[] = [];
  const result = await runSegmentationBench(datasetDir, failures);
  for (const f of failures.slice(0, failureLimit)) {
    console.log(`${f.id}\n  gold: ${JSON.stringify(f.gold)}`);
    for (const s of f.ours) console.log(`  ours: ${JSON.stringify(s)}`);
  }
  if (failureLimit > 0) console.log(`${failures.length} repaired gold sentences missed`);
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
