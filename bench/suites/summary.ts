/**
 * Extractive summary quality against the BBC News Summary reference summaries (read from ../shared, never copied
 * into the repository), beside the Lead-3 baseline.
 *
 * Protocol:
 * - Articles are read as UTF-8 (one file is Latin-1: Windows-1252 is the fallback), normalised as ingest does and
 *   segmented; the headline line is a heading and never part of a summary. The 98 byte-identical duplicate articles
 *   are kept once.
 * - Tokens are lower-cased `[a-z0-9]+` runs, no stemming, no stopword removal. ROUGE-1/2 F1 count clipped n-gram
 *   overlap; ROUGE-L F1 is the longest common subsequence of the two token sequences (the summary taken as one
 *   sequence). Scores are averaged over articles (macro).
 * - Budget: the first 75 tokens of each system summary. Lead-3 is the first three body sentences, in text order,
 *   cut to 75 tokens. Ours: sentences taken in order of selection (`rank`) until they hold 75 tokens, then shown in
 *   text order (as the bot shows a summary) and cut to 75 tokens. The budget decides how many sentences we take;
 *   Lead-3 keeps its three sentences even when they hold fewer than 75 tokens, so `leadfill_*` adds the stricter
 *   baseline "lead sentences until 75 tokens".
 * - The protocol compares with the full reference summary (`*_f1`). The variant with the reference cut to its first
 *   75 tokens as well is reported as `*_f1_ref75`.
 * Also reported: our summary in order of selection before the cut (`*_rank_order`), exactly three of our sentences
 * (`*_three`), the mean token count of each system, and the time per article.
 *
 * Run alone: `node --import tsx bench/suites/summary.ts [datasetDir] [--categories business,politics]`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Segmentation } from '../../src/domain/article.ts';
import { normalizeArticleText } from '../../src/ingest/normalize.ts';
import type { AnalysisInput, SummarySentence } from '../../src/nlp/analysis-types.ts';
import { segment } from '../../src/nlp/segment.ts';
import { bodySentences, summarize, type SummaryOptions } from '../../src/nlp/summary.ts';
import { readBbcPairs } from '../bbc-dataset.ts';

export const BUDGET_TOKENS = 75;
const LEAD_SENTENCES = 3;
const TIMING_PASSES = 3;
const PUBLISHED_AT = '2005-01-01T00:00:00Z';

/** The default dataset location: `../shared/datasets/bbc-news-summary` from the project root. */
export const DEFAULT_DATASET_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/datasets/bbc-news-summary',
);

export interface SummaryDocument {
  readonly id: string;
  readonly category: string;
  readonly input: AnalysisInput;
  readonly reference: readonly string[];
}

export interface SummaryBenchOptions {
  /** Only these categories (folder names); default every one. */
  readonly categories?: readonly string[];
  readonly summary?: SummaryOptions;
}


/** ROUGE tokens: lower-cased runs of ASCII letters and digits. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** Every article with its reference tokens; byte-identical duplicate articles are kept once. */
export function loadDocuments(datasetDir: string, categories?: readonly string[]): SummaryDocument[] {
  return readBbcPairs(datasetDir, categories).map((pair) => {
    const text = normalizeArticleText(pair.article);
    const segmentation: Segmentation = segment(text);
    return {
      id: pair.id,
      category: pair.category,
      input: { text, segmentation, publishedAt: PUBLISHED_AT, language: 'en' },
      reference: rougeTokens(pair.summary),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// ROUGE

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function f1(overlap: number, systemSize: number, referenceSize: number): number {
  if (overlap === 0 || systemSize === 0 || referenceSize === 0) return 0;
  const precision = overlap / systemSize;
  const recall = overlap / referenceSize;
  return (2 * precision * recall) / (precision + recall);
}

export function rougeN(system: readonly string[], reference: readonly string[], n: number): number {
  const sys = ngramCounts(system, n);
  const ref = ngramCounts(reference, n);
  let overlap = 0;
  for (const [gram, count] of sys) overlap += Math.min(count, ref.get(gram) ?? 0);
  return f1(overlap, Math.max(0, system.length - n + 1), Math.max(0, reference.length - n + 1));
}

export function rougeL(system: readonly string[], reference: readonly string[]): number {
  const m = reference.length;
  let previous = new Uint16Array(m + 1);
  let current = new Uint16Array(m + 1);
  for (const token of system) {
    for (let j = 1; j <= m; j++) {
      current[j] =
        token === reference[j - 1]
          ? (previous[j - 1] as number) + 1
          : Math.max(previous[j] as number, current[j - 1] as number);
    }
    [previous, current] = [current, previous];
  }
  return f1(previous[m] as number, system.length, m);
}

// ---------------------------------------------------------------------------------------------------------------
// Systems

function sentenceTokens(document: SummaryDocument, spans: readonly { start: number; end: number }[]): string[] {
  return spans.flatMap((s) => rougeTokens(document.input.text.slice(s.start, s.end)));
}

function cut(tokens: readonly string[]): string[] {
  return tokens.slice(0, BUDGET_TOKENS);
}

function lead3(document: SummaryDocument): string[] {
  return cut(sentenceTokens(document, bodySentences(document.input).slice(0, LEAD_SENTENCES)));
}

function leadFill(document: SummaryDocument): string[] {
  return cut(sentenceTokens(document, bodySentences(document.input)));
}

/** Our sentences by rank until the budget is filled: in text order and in order of selection. */
interface OurSummaries {
  readonly textOrder: string[];
  readonly rankOrder: string[];
  readonly three: string[];
}

function ours(document: SummaryDocument, options: SummaryOptions): OurSummaries {
  const all = summarize(document.input, document.input.segmentation.sentences.length, options);
  const byRank = [...all].sort((a, b) => a.rank - b.rank);
  const chosen: SummarySentence[] = [];
  let tokens = 0;
  for (const s of byRank) {
    if (tokens >= BUDGET_TOKENS) break;
    chosen.push(s);
    tokens += rougeTokens(s.text).length;
  }
  const three = byRank.slice(0, LEAD_SENTENCES).sort((a, b) => a.start - b.start);
  return {
    rankOrder: cut(sentenceTokens(document, chosen)),
    textOrder: cut(sentenceTokens(document, [...chosen].sort((a, b) => a.start - b.start))),
    three: cut(sentenceTokens(document, three)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Bench

class Mean {
  private sums = new Map<string, number>();
  private count = 0;
  add(values: Record<string, number>): void {
    this.count++;
    for (const [key, value] of Object.entries(values)) this.sums.set(key, (this.sums.get(key) ?? 0) + value);
  }
  get size(): number {
    return this.count;
  }
  result(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, sum] of this.sums) out[key] = sum / Math.max(1, this.count);
    return out;
  }
}

function scores(
  prefix: string,
  suffix: string,
  system: readonly string[],
  reference: readonly string[],
): Record<string, number> {
  return {
    [`${prefix}rouge1_f1${suffix}`]: rougeN(system, reference, 1),
    [`${prefix}rouge2_f1${suffix}`]: rougeN(system, reference, 2),
    [`${prefix}rougeL_f1${suffix}`]: rougeL(system, reference),
  };
}

function evaluate(document: SummaryDocument, options: SummaryOptions): Record<string, number> {
  const reference = document.reference;
  const reference75 = cut(reference);
  const lead = lead3(document);
  const fill = leadFill(document);
  const { textOrder, rankOrder, three } = ours(document, options);
  return {
    ...scores('', '', textOrder, reference),
    ...scores('lead3_', '', lead, reference),
    ...scores('', '_ref75', textOrder, reference75),
    ...scores('lead3_', '_ref75', lead, reference75),
    ...scores('', '_rank_order', rankOrder, reference),
    ...scores('', '_three', three, reference),
    ...scores('leadfill_', '', fill, reference),
    tokens: textOrder.length,
    lead3_tokens: lead.length,
    reference_tokens: reference.length,
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Best of a few passes of `summarize` (count 3) over every document, in ms per article. */
function timeSummaries(
  documents: readonly SummaryDocument[],
  options: SummaryOptions,
  withSegmentation: boolean,
): number {
  let best = Infinity;
  let sink = 0;
  for (let pass = 0; pass < TIMING_PASSES; pass++) {
    const start = performance.now();
    for (const document of documents) {
      const { input: stored } = document;
      const input = withSegmentation ? { ...stored, segmentation: segment(stored.text) } : stored;
      sink += summarize(input, LEAD_SENTENCES, options).length;
    }
    best = Math.min(best, performance.now() - start);
  }
  if (sink < 0) console.log(sink); // keeps the work observable
  return best / Math.max(1, documents.length);
}

export async function runSummaryBench(
  datasetDir: string,
  benchOptions: SummaryBenchOptions = {},
): Promise<Record<string, number>> {
  const documents = loadDocuments(datasetDir, benchOptions.categories);
  const options = benchOptions.summary ?? {};
  const mean = new Mean();
  for (const document of documents) mean.add(evaluate(document, options));
  const result = mean.result();
  const out: Record<string, number> = { articles: mean.size };
  for (const [key, value] of Object.entries(result)) out[key] = round(value, key.includes('tokens') ? 1 : 4);
  const gain = (result['rouge2_f1'] ?? 0) / (result['lead3_rouge2_f1'] ?? 1) - 1;
  out['rouge2_gain_over_lead3'] = round(gain, 4);
  out['ms_per_article'] = round(timeSummaries(documents, options, false), 4);
  out['ms_per_article_with_segmentation'] = round(timeSummaries(documents, options, true), 4);
  return out;
}

/** Per-category scores, to check that a change helps beyond the categories it was developed on. */
export function categoryBreakdown(
  datasetDir: string,
  options: SummaryOptions = {},
): Record<string, Record<string, number>> {
  const byCategory = new Map<string, Mean>();
  for (const document of loadDocuments(datasetDir)) {
    let mean = byCategory.get(document.category);
    if (mean === undefined) byCategory.set(document.category, (mean = new Mean()));
    mean.add(evaluate(document, options));
  }
  const out: Record<string, Record<string, number>> = {};
  for (const [category, mean] of byCategory) {
    const r = mean.result();
    out[category] = {
      articles: mean.size,
      rouge2_f1: round(r['rouge2_f1'] ?? 0, 4),
      lead3_rouge2_f1: round(r['lead3_rouge2_f1'] ?? 0, 4),
      rouge1_f1: round(r['rouge1_f1'] ?? 0, 4),
      lead3_rouge1_f1: round(r['lead3_rouge1_f1'] ?? 0, 4),
    };
  }
  return out;
}

async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--categories');
  const categories = at >= 0 ? (argv[at + 1] ?? '').split(',').filter((c) => c !== '') : undefined;
  const positional = argv.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
  const datasetDir = positional[0] ?? DEFAULT_DATASET_DIR;
  if (!existsSync(join(datasetDir, 'articles'))) {
    console.log(`summary: skipped, no dataset at ${datasetDir}`);
    return;
  }
  const result = await runSummaryBench(datasetDir, categories === undefined ? {} : { categories });
  console.log(JSON.stringify(result, null, 2));
  if (argv.includes('--by-category')) console.log(JSON.stringify(categoryBreakdown(datasetDir), null, 2));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
