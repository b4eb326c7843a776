/**
 * Direct quotes and speakers against PolNeAR (read from ../shared, never copied into the repository).
 *
 * Protocol:
 * - gold: the attribution relations of the **dev** split whose Content span contains a quotation mark (“ ” " „ « »),
 *   from one annotator file per article (the first in sort order). A discontinuous span counts as the union of its
 *   parts. Offsets are Unicode code points in the files and are converted to UTF-16 indexes;
 * - the article text is passed exactly as stored (no normalisation), segmented with `segment()`, dated by the
 *   `publication_date` of metadata.tsv;
 * - a predicted quote matches a gold quote when their spans overlap by at least half of the shorter one; matches are
 *   one to one, taken greedily by overlap size. Precision, recall and F1 follow. A gold quote interrupted by its
 *   attribution ("“A,” he said, “B.”") is one relation with a discontinuous span, but two quotes for us and for the
 *   regex baseline: the further pieces of an already matched gold quote are neither credited nor counted as false
 *   positives (`absorbed`). The same figures without that allowance are reported as `strict_*`;
 * - predictions are our quotes opened by a double mark (“ " „ « » ``), the marks the gold filter sees: a quote in
 *   single marks (‘…’, mostly headlines here) can never be gold under that filter. The figures over every quote we
 *   report are `all_marks_*`;
 * - speaker accuracy, over matched quotes whose gold source is a name (its last word capitalised) or the pronoun
 *   he/she/who (judged by the nearest named gold source before it): correct when the last word of our speaker equals
 *   the last word of that name, case-insensitive;
 * - baselines in the same run: (a) a bare quotation-mark regex for the quotes; (b) for the speakers of our matched
 *   quotes, the capitalised words right after the closing mark;
 * - speed: milliseconds per article for entities + quotes (the segmentation given), best of five passes.
 *
 * Run alone: `node --import tsx bench/suites/quotes.ts [datasetDir] [--split dev|train] [--failures N]`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Segmentation } from '../../src/domain/article.ts';
import type { AnalysisInput, Entity, Quote } from '../../src/nlp/analysis-types.ts';
import { extractEntities } from '../../src/nlp/entities.ts';
import { extractQuotes } from '../../src/nlp/quotes.ts';
import { segment } from '../../src/nlp/segment.ts';
import { DATASETS_DIR } from '../paths.ts';

export const DEFAULT_DATASET_DIR = join(DATASETS_DIR, 'polnear');

const PASSES = 5;
const QUOTE_MARK = /[“”"„«»]/;
/** Opening marks of the kinds the gold filter sees. */
const DOUBLE_OPENING_MARKS = new Set(['“', '”', '"', '„', '«', '»', '`']);
const BASELINE_QUOTES = /“[^”\n]*”|"[^"\n]*"/g;
const GOLD_PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'who']);

type Span = readonly [number, number];

interface GoldRelation {
  /** Content parts, UTF-16 offsets. */
  readonly content: readonly Span[];
  readonly source: readonly Span[] | null;
}

interface Article {
  readonly id: string;
  readonly text: string;
  readonly publishedAt: string;
  readonly relations: readonly GoldRelation[];
}

/** Maps code-point offsets to UTF-16 indexes (identity when the text has no astral characters). */
function codePointMapper(text: string): (offset: number) => number {
  if (!/[\uD800-\uDBFF]/.test(text)) return (offset) => offset;
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    map.push(i);
    i += ch.length;
  }
  map.push(i);
  return (offset) => map[offset] ?? text.length;
}

function readMetadataDates(datasetDir: string): Map<string, string> {
  const dates = new Map<string, string>();
  const path = join(datasetDir, 'metadata.tsv');
  if (!existsSync(path)) return dates;
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = (lines[0] ?? '').split('\t');
  const nameAt = header.indexOf('filename');
  const dateAt = header.indexOf('publication_date');
  for (const line of lines.slice(1)) {
    const cells = line.split('\t');
    const name = cells[nameAt];
    const date = cells[dateAt];
    if (name !== undefined && date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date)) dates.set(name, date);
  }
  return dates;
}

/** Brat standoff: `T1\tType start end[;start end]\ttext`, `E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1`. */
function parseAnnotations(ann: string, toUtf16: (offset: number) => number): GoldRelation[] {
  const spans = new Map<string, Span[]>();
  for (const m of ann.matchAll(/^(T\d+)\t\S+ ([\d ;]+)\t/gm)) {
    const parts = (m[2] as string).split(';').map((part) => {
      const [s, e] = part.trim().split(' ').map(Number);
      return [toUtf16(s ?? 0), toUtf16(e ?? 0)] as const;
    });
    spans.set(m[1] as string, parts);
  }
  const relations: GoldRelation[] = [];
  for (const m of ann.matchAll(/^E\d+\t(.*)$/gm)) {
    const args = new Map<string, string>();
    for (const arg of (m[1] as string).trim().split(/\s+/)) {
      const [role, id] = arg.split(':');
      if (role !== undefined && id !== undefined) args.set(role, id);
    }
    const content = spans.get(args.get('Content') ?? '');
    if (content === undefined) continue;
    relations.push({ content, source: spans.get(args.get('Source') ?? '') ?? null });
  }
  return relations;
}

export function loadArticles(datasetDir: string, split: string): Article[] {
  const textDir = join(datasetDir, split, 'text');
  const annDir = join(datasetDir, split, 'attributions');
  const annFiles = readdirSync(annDir).filter((f) => f.endsWith('.ann')).sort();
  const dates = readMetadataDates(datasetDir);
  const articles: Article[] = [];
  for (const file of readdirSync(textDir).filter((f) => f.endsWith('.txt')).sort()) {
    const id = file.slice(0, -4);
    const ann = annFiles.find((a) => a.startsWith(`${id}_`) && /^_[0-9a-f]+\.ann$/.test(a.slice(id.length)));
    if (ann === undefined) continue;
    const text = readFileSync(join(textDir, file), 'utf8');
    const relations = parseAnnotations(readFileSync(join(annDir, ann), 'utf8'), codePointMapper(text));
    const date = dates.get(id) ?? '2016-01-01';
    articles.push({ id, text, publishedAt: `${date}T12:00:00Z`, relations });
  }
  return articles;
}

const spanText = (text: string, parts: readonly Span[]): string => parts.map(([s, e]) => text.slice(s, e)).join(' ');
const spanSize = (parts: readonly Span[]): number => parts.reduce((n, [s, e]) => n + (e - s), 0);
const overlap = (p: Span, parts: readonly Span[]): number =>
  parts.reduce((n, [s, e]) => n + Math.max(0, Math.min(e, p[1]) - Math.max(s, p[0])), 0);

function goldQuotes(article: Article): GoldRelation[] {
  return article.relations.filter((r) => QUOTE_MARK.test(spanText(article.text, r.content)));
}

interface Matching {
  /** Prediction index → gold index. */
  readonly pairs: ReadonlyMap<number, number>;
  /** Unmatched predictions that are further pieces of a matched gold quote. */
  readonly absorbed: number;
}

function match(predictions: readonly Span[], golds: readonly GoldRelation[]): Matching {
  const candidates: Array<[number, number, number]> = [];
  const fits = (p: Span, g: GoldRelation): number => {
    const o = overlap(p, g.content);
    return o > 0 && o >= 0.5 * Math.min(p[1] - p[0], spanSize(g.content)) ? o : 0;
  };
  predictions.forEach((p, i) => {
    golds.forEach((g, j) => {
      const o = fits(p, g);
      if (o > 0) candidates.push([o, i, j]);
    });
  });
  candidates.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const pairs = new Map<number, number>();
  const usedGold = new Set<number>();
  for (const [, i, j] of candidates) {
    if (pairs.has(i) || usedGold.has(j)) continue;
    pairs.set(i, j);
    usedGold.add(j);
  }
  let absorbed = 0;
  predictions.forEach((p, i) => {
    if (pairs.has(i)) return;
    if (golds.some((g, j) => usedGold.has(j) && fits(p, g) > 0)) absorbed++;
  });
  return { pairs, absorbed };
}

/** The last word of a name: cut at a comma or bracket, possessive and punctuation dropped. */
export function surname(name: string): string {
  const cut = name.split(/[,(]/)[0] ?? '';
  const words = cut.trim().split(/\s+/);
  const last = (words[words.length - 1] ?? '').replace(/['’]s$/i, '').replace(/[^\p{L}\p{N}-]/gu, '');
  return last.toLowerCase();
}

function isName(text: string): boolean {
  const last = (text.split(/[,(]/)[0] ?? '').trim().split(/\s+/).pop() ?? '';
  return /^[\p{Lu}]/u.test(last.replace(/^[^\p{L}]+/u, ''));
}

/** The surname a gold source stands for, or null when it is neither a name nor a personal pronoun. */
function goldSpeaker(article: Article, relation: GoldRelation): string | null {
  if (relation.source === null) return null;
  const text = spanText(article.text, relation.source).trim();
  if (GOLD_PRONOUNS.has(text.toLowerCase())) {
    const at = (relation.source[0] as Span)[0];
    let best: { start: number; name: string } | null = null;
    for (const r of article.relations) {
      if (r.source === null) continue;
      const start = (r.source[0] as Span)[0];
      if (start >= at) continue;
      const t = spanText(article.text, r.source).trim();
      if (GOLD_PRONOUNS.has(t.toLowerCase()) || !isName(t)) continue;
      if (best === null || start > best.start) best = { start, name: t };
    }
    return best === null ? null : surname(best.name);
  }
  return isName(text) ? surname(text) : null;
}

/** The quotation mark that opens a quote starting at `start` (spaces skipped). */
function openingMark(text: string, start: number): string {
  let p = start - 1;
  while (p > 0 && /\s/.test(text.charAt(p))) p--;
  return text.charAt(p);
}

/** Baseline (b): the capitalised words right after the closing mark that follows a quote. */
function nameAfterClosingMark(text: string, quoteEnd: number): string | null {
  const rest = text.slice(quoteEnd, quoteEnd + 80);
  const m = /^[\s,.;:!?…]*["”’']\s*[,—–-]?\s*((?:\p{Lu}[\p{L}.'’-]*\s?)+)/u.exec(rest);
  if (m === null) return null;
  return (m[1] as string).trim();
}

function analyse(article: Article, segmentation: Segmentation): { entities: Entity[]; quotes: Quote[] } {
  const input: AnalysisInput = { text: article.text, segmentation, publishedAt: article.publishedAt, language: 'en' };
  const entities = extractEntities(input);
  return { entities, quotes: extractQuotes(input, entities) };
}

export interface QuoteFailure {
  readonly id: string;
  readonly kind: 'missed' | 'spurious' | 'speaker';
  readonly detail: string;
}

function prf(tp: number, predicted: number, gold: number): { p: number; r: number; f: number } {
  const p = predicted === 0 ? 0 : tp / predicted;
  const r = gold === 0 ? 0 : tp / gold;
  return { p, r, f: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Runs the suite on PolNeAR at `datasetDir` (throws when it is missing). */
export async function runQuotesBench(
  datasetDir: string,
  options: { readonly split?: string; readonly failures?: QuoteFailure[] } = {},
): Promise<Record<string, number>> {
  const split = options.split ?? 'dev';
  if (!existsSync(join(datasetDir, split, 'attributions'))) throw new Error(`quotes: no PolNeAR ${split} split at ${datasetDir}`);
  const articles = loadArticles(datasetDir, split);
  const failures = options.failures;
  const segmentations = articles.map((a) => segment(a.text));

  let goldCount = 0;
  let predicted = 0;
  let matched = 0;
  let absorbed = 0;
  let allPredicted = 0;
  let allMatched = 0;
  let allAbsorbed = 0;
  let basePredicted = 0;
  let baseMatched = 0;
  let baseAbsorbed = 0;
  let scored = 0;
  let correct = 0;
  let baseCorrect = 0;
  let fragments = 0;
  let withSpeaker = 0;
  /** Speaker cue → [correct, scored]. */
  const byCue = new Map<string, [number, number]>();
  articles.forEach((article, ai) => {
    const golds = goldQuotes(article);
    const all = analyse(article, segmentations[ai] as Segmentation).quotes;
    const quotes = all.filter((q) => DOUBLE_OPENING_MARKS.has(openingMark(article.text, q.start)));
    const spans = quotes.map((q) => [q.start, q.end] as const);
    const m = match(spans, golds);
    goldCount += golds.length;
    predicted += spans.length;
    matched += m.pairs.size;
    absorbed += m.absorbed;
    const allMatch = match(all.map((q) => [q.start, q.end] as const), golds);
    allPredicted += all.length;
    allMatched += allMatch.pairs.size;
    allAbsorbed += allMatch.absorbed;
    fragments += quotes.filter((q) => q.fragment).length;
    withSpeaker += quotes.filter((q) => q.speaker !== null).length;

    const baseSpans = [...article.text.matchAll(BASELINE_QUOTES)].map((x) => [x.index, x.index + x[0].length] as const);
    const bm = match(baseSpans, golds);
    basePredicted += baseSpans.length;
    baseMatched += bm.pairs.size;
    baseAbsorbed += bm.absorbed;

    for (const [i, j] of m.pairs) {
      const gold = golds[j] as GoldRelation;
      const expected = goldSpeaker(article, gold);
      if (expected === null) continue;
      const quote = quotes[i] as Quote;
      scored++;
      const ok = quote.speaker !== null && surname(quote.speaker) === expected;
      if (ok) correct++;
      const cue = quote.speakerCue ?? 'none';
      const tally = byCue.get(cue) ?? [0, 0];
      tally[0] += ok ? 1 : 0;
      tally[1] += 1;
      byCue.set(cue, tally);
      const base = nameAfterClosingMark(article.text, quote.end);
      if (base !== null && surname(base) === expected) baseCorrect++;
      if (!ok) {
        failures?.push({
          id: article.id,
          kind: 'speaker',
          detail: `expected ${expected} (${spanText(article.text, gold.source ?? [])}), got ${quote.speaker ?? 'null'} [${quote.speakerCue ?? ''}]: ${JSON.stringify(article.text.slice(Math.max(0, quote.start - 150), quote.end + 80))}`,
        });
      }
    }
    if (failures !== undefined) {
      const matchedGold = new Set(m.pairs.values());
      golds.forEach((g, j) => {
        if (!matchedGold.has(j)) failures.push({ id: article.id, kind: 'missed', detail: JSON.stringify(spanText(article.text, g.content)) });
      });
      quotes.forEach((q, i) => {
        if (m.pairs.has(i)) return;
        const piece = golds.some((g) => overlap([q.start, q.end], g.content) > 0);
        if (!piece) failures.push({ id: article.id, kind: 'spurious', detail: `${JSON.stringify(q.text)} fragment=${q.fragment}` });
      });
    }
  });

  // Speed: entities + quotes, segmentation given.
  for (let i = 0; i < articles.length; i++) analyse(articles[i] as Article, segmentations[i] as Segmentation);
  let best = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    const t0 = performance.now();
    for (let i = 0; i < articles.length; i++) analyse(articles[i] as Article, segmentations[i] as Segmentation);
    best = Math.min(best, performance.now() - t0);
  }
  const chars = articles.reduce((n, a) => n + a.text.length, 0);

  const ours = prf(matched, predicted - absorbed, goldCount);
  const strict = prf(matched, predicted, goldCount);
  const allMarks = prf(allMatched, allPredicted - allAbsorbed, goldCount);
  const base = prf(baseMatched, basePredicted - baseAbsorbed, goldCount);
  const baseStrict = prf(baseMatched, basePredicted, goldCount);
  return {
    articles: articles.length,
    gold_quotes: goldCount,
    predicted_quotes: predicted,
    predicted_fragments: fragments,
    predicted_with_speaker: withSpeaker,
    matched,
    absorbed_pieces: absorbed,
    precision: round(ours.p),
    recall: round(ours.r),
    f1: round(ours.f),
    strict_precision: round(strict.p),
    strict_f1: round(strict.f),
    all_marks_predicted: allPredicted,
    all_marks_precision: round(allMarks.p),
    all_marks_f1: round(allMarks.f),
    speaker_scored: scored,
    speaker_accuracy: round(scored === 0 ? 0 : correct / scored),
    baseline_regex_precision: round(base.p),
    baseline_regex_recall: round(base.r),
    baseline_regex_f1: round(base.f),
    baseline_regex_strict_f1: round(baseStrict.f),
    baseline_name_after_mark_speaker_accuracy: round(scored === 0 ? 0 : baseCorrect / scored),
    ...Object.fromEntries(
      [...byCue].sort().flatMap(([cue, [ok, n]]) => [
        [`speaker_scored_${cue}`, n],
        [`speaker_accuracy_${cue}`, round(ok / n)],
      ]),
    ),
    ms_per_article: round(best / articles.length, 3),
    mean_article_chars: Math.round(chars / articles.length),
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const valueOf = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const failureLimit = Number(valueOf('--failures') ?? 0);
  const split = valueOf('--split') ?? 'dev';
  const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && (argv[i - 1] ?? '').startsWith('--')));
  const datasetDir = positional[0] ?? DEFAULT_DATASET_DIR;
  if (!existsSync(join(datasetDir, split, 'attributions'))) {
    console.log(`quotes: skipped, no PolNeAR ${split} split at ${datasetDir}`);
    return;
  }
  const failures: QuoteFailure[] = [];
  const result = await runQuotesBench(datasetDir, { split, failures });
  if (failureLimit > 0) {
    for (const kind of ['missed', 'spurious', 'speaker'] as const) {
      const list = failures.filter((f) => f.kind === kind);
      console.log(`\n== ${kind}: ${list.length}`);
      for (const f of list.slice(0, failureLimit)) console.log(`${f.id}: ${f.detail}`);
    }
  }
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
