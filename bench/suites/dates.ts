/**
 * Date extraction against TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT), read from ../shared and never copied into
 * the repository.
 *
 * Protocol:
 * - The text of a document is the content of its `<TEXT>` element with every tag stripped and the XML entities
 *   decoded; gold spans are mapped to offsets in that text. It is passed to `segment()` as it is, so offsets line up.
 * - Gold: every TIMEX3 of type DATE whose value is a calendar day, month or year (`^\d{4}(-\d{2}(-\d{2})?)?$`). The
 *   document creation time (functionInDocument="CREATION_TIME") is not gold: it is the published time (a date alone
 *   is midnight UTC, a time without a zone UTC).
 * - A predicted mention matches a gold one when their spans overlap and their values are equal, one to one.
 *   Precision is over every prediction (one inside a gold TIME, DURATION or out-of-format DATE counts against it),
 *   recall over every gold date; both per corpus and overall.
 * - Baseline, same run and same texts: raw chrono-node, `chrono.parse(text, reference)` with the creation time as
 *   reference (its instant and its offset, so that the machine's time zone plays no part), each result formatted at
 *   the granularity it knows: a certain day or weekday gives the day, else a certain month the month, else a certain
 *   year the year; results that know none of these (clock times) are dropped.
 * - Speed: milliseconds per document for segmentation plus extraction (ours) and for `chrono.parse` alone (the
 *   baseline), best of three passes.
 * - The documents are split in two halves by a hash of their id (`dev`, `check`): rules were developed looking at
 *   the errors of `dev` only; `check` tells whether they generalise. Both are reported.
 *
 * Run alone: `node --import tsx bench/suites/dates.ts [datasetDir] [--errors dev|check|all] [--limit N]`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as chrono from 'chrono-node';
import type { DateMention } from '../../src/nlp/analysis-types.ts';
import { extractDates } from '../../src/nlp/dates.ts';
import { segment } from '../../src/nlp/segment.ts';
import { DATASETS_DIR } from '../paths.ts';

/** The default dataset location: `../shared/datasets/tempeval3` from the project root. */
export const DEFAULT_DATASET_DIR = join(DATASETS_DIR, 'tempeval3');

const CORPORA = ['TimeBank', 'AQUAINT'] as const;
type Corpus = (typeof CORPORA)[number];
type Split = 'dev' | 'check';

const GOLD_VALUE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const PASSES = 3;

export interface Timex {
  readonly start: number;
  readonly end: number;
  readonly type: string;
  readonly value: string;
}

export interface DatesDocument {
  readonly id: string;
  readonly corpus: Corpus;
  readonly split: Split;
  readonly text: string;
  readonly publishedAt: string;
  /** Every TIMEX3 of the text (the creation time is outside `<TEXT>`). */
  readonly timexes: readonly Timex[];
  /** The gold dates: DATE timexes with a value in our format. */
  readonly gold: readonly Timex[];
}

export interface Prediction {
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading TimeML

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntity(name: string): string {
  if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
  return ENTITIES[name] ?? `&${name};`;
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out.set(m[1] ?? '', m[2] ?? '');
  return out;
}

/** The text of a TimeML fragment with its tags stripped and entities decoded, and the TIMEX3 spans in it. */
export function stripTimeml(xml: string): { text: string; timexes: Timex[] } {
  let text = '';
  const timexes: Timex[] = [];
  const open: { start: number; type: string; value: string }[] = [];
  let i = 0;
  while (i < xml.length) {
    const c = xml[i];
    if (c === '<') {
      const close = xml.indexOf('>', i);
      if (close < 0) break;
      const tag = xml.slice(i, close + 1);
      if (/^<TIMEX3\b/.test(tag)) {
        const attrs = attributes(tag);
        const entry = { start: text.length, type: attrs.get('type') ?? '', value: attrs.get('value') ?? '' };
        if (tag.endsWith('/>')) timexes.push({ ...entry, end: text.length });
        else open.push(entry);
      } else if (tag === '</TIMEX3>') {
        const entry = open.pop();
        if (entry) timexes.push({ ...entry, end: text.length });
      }
      i = close + 1;
    } else if (c === '&') {
      const semi = xml.indexOf(';', i);
      if (semi > i && semi - i < 10) {
        text += decodeEntity(xml.slice(i + 1, semi));
        i = semi + 1;
      } else {
        text += c;
        i++;
      }
    } else {
      text += c;
      i++;
    }
  }
  timexes.sort((a, b) => a.start - b.start);
  return { text, timexes };
}

/** The creation time as an ISO published time: a date alone is midnight UTC, a time without a zone is UTC. */
export function publishedFromDct(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!m) return null;
  return `${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}Z`;
}

/** FNV-1a, to split the documents in two halves that do not depend on file order. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function splitOf(id: string): Split {
  return hash(id) % 2 === 0 ? 'dev' : 'check';
}

function tbaqDir(datasetDir: string): string {
  return existsSync(join(datasetDir, 'TBAQ-cleaned')) ? join(datasetDir, 'TBAQ-cleaned') : datasetDir;
}

export function loadDocuments(datasetDir: string): DatesDocument[] {
  const root = tbaqDir(datasetDir);
  const docs: DatesDocument[] = [];
  for (const corpus of CORPORA) {
    const dir = join(root, corpus);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.tml')) continue;
      const xml = readFileSync(join(dir, file), 'utf8');
      const dct = /<TIMEX3\b[^>]*functionInDocument="CREATION_TIME"[^>]*>/.exec(xml);
      const publishedAt = dct ? publishedFromDct(attributes(dct[0]).get('value') ?? '') : null;
      const open = xml.indexOf('<TEXT>');
      const close = xml.indexOf('</TEXT>');
      if (publishedAt === null || open < 0 || close < open) continue;
      const { text, timexes } = stripTimeml(xml.slice(open + '<TEXT>'.length, close));
      const id = file.replace(/\.tml$/, '');
      const gold = timexes.filter((t) => t.type === 'DATE' && GOLD_VALUE.test(t.value));
      docs.push({ id, corpus, split: splitOf(id), text, publishedAt, timexes, gold });
    }
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------------------------
// Systems

export function oursPredict(doc: DatesDocument): DateMention[] {
  const segmentation = segment(doc.text);
  return extractDates({ text: doc.text, segmentation, publishedAt: doc.publishedAt, language: 'en' });
}

function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Raw chrono-node, each result formatted at the granularity it is certain of. */
export function chronoPredict(doc: DatesDocument): Prediction[] {
  const reference = { instant: new Date(doc.publishedAt), timezone: offsetMinutes(doc.publishedAt) };
  const out: Prediction[] = [];
  for (const r of chrono.parse(doc.text, reference)) {
    const c = r.start;
    const year = c.get('year');
    const month = c.get('month');
    const day = c.get('day');
    if (year === null || month === null || day === null) continue;
    let value: string;
    if (c.isCertain('day') || c.isCertain('weekday')) value = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    else if (c.isCertain('month')) value = `${pad(year, 4)}-${pad(month)}`;
    else if (c.isCertain('year')) value = pad(year, 4);
    else continue;
    out.push({ start: r.index, end: r.index + r.text.length, value });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring

interface Counts {
  gold: number;
  predicted: number;
  /** Gold dates matched (recall numerator); predictions matched are the same number, one to one. */
  matched: number;
  /** Predictions inside a TIMEX3 that is not gold (TIME, DURATION, SET, a DATE such as `1998-W08` or `PRESENT_REF`). */
  insideOtherTimex: number;
}

const emptyCounts = (): Counts => ({ gold: 0, predicted: 0, matched: 0, insideOtherTimex: 0 });

export interface Alignment {
  /** For each gold date, the index of the prediction it matched, or -1. */
  readonly goldMatch: readonly number[];
  /** For each prediction, whether it matched a gold date. */
  readonly predictionMatched: readonly boolean[];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
  a.start < b.end && b.start < a.end;

/** One-to-one: each gold date takes the first unused prediction that overlaps it with the same value. */
export function align(gold: readonly Timex[], predictions: readonly Prediction[]): Alignment {
  const used = predictions.map(() => false);
  const goldMatch = gold.map((g) => {
    const p = predictions.findIndex((x, k) => !used[k] && x.value === g.value && overlaps(x, g));
    if (p >= 0) used[p] = true;
    return p;
  });
  return { goldMatch, predictionMatched: used };
}

function add(counts: Counts, doc: DatesDocument, predictions: readonly Prediction[]): void {
  const { goldMatch, predictionMatched } = align(doc.gold, predictions);
  counts.gold += doc.gold.length;
  counts.predicted += predictions.length;
  counts.matched += goldMatch.filter((p) => p >= 0).length;
  const otherTimexes = doc.timexes.filter((t) => !doc.gold.includes(t));
  const insideOther = (p: Prediction): boolean =>
    otherTimexes.some((t) => overlaps(p, t)) && !doc.gold.some((g) => overlaps(p, g));
  counts.insideOtherTimex += predictions.filter((p, k) => !predictionMatched[k] && insideOther(p)).length;
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Value precision, recall and F1; `lenient_f1` is F1 with the predictions that fall inside a TIMEX3 outside the gold
 * left out (a correct "Thursday" of "Thursday evening", gold TIME `1998-02-12TEV`): a reading aid, not the measure.
 */
function scores(prefix: string, c: Counts): Record<string, number> {
  const precision = c.predicted === 0 ? 0 : c.matched / c.predicted;
  const recall = c.gold === 0 ? 0 : c.matched / c.gold;
  const lenientPredicted = c.predicted - c.insideOtherTimex;
  const lenientPrecision = lenientPredicted === 0 ? 0 : c.matched / lenientPredicted;
  return {
    [`${prefix}_gold`]: c.gold,
    [`${prefix}_predicted`]: c.predicted,
    [`${prefix}_precision`]: round(precision),
    [`${prefix}_recall`]: round(recall),
    [`${prefix}_f1`]: round(f1(precision, recall)),
    [`${prefix}_lenient_f1`]: round(f1(lenientPrecision, recall)),
  };
}

type Predictor = (doc: DatesDocument) => readonly Prediction[];

const toPredictions = (mentions: readonly DateMention[]): Prediction[] =>
  mentions.map((m) => ({ start: m.start, end: m.end, value: m.date }));

function evaluate(docs: readonly DatesDocument[], predict: Predictor): Record<string, number> {
  const groups = new Map<string, Counts>();
  const bump = (key: string, doc: DatesDocument, predictions: readonly Prediction[]): void => {
    const counts = groups.get(key) ?? emptyCounts();
    groups.set(key, counts);
    add(counts, doc, predictions);
  };
  for (const doc of docs) {
    const predictions = predict(doc);
    bump(doc.corpus.toLowerCase(), doc, predictions);
    bump('overall', doc, predictions);
    bump(doc.split, doc, predictions);
  }
  let out: Record<string, number> = {};
  for (const key of ['timebank', 'aquaint', 'overall', 'dev', 'check']) {
    out = { ...out, ...scores(key, groups.get(key) ?? emptyCounts()) };
  }
  return out;
}

function msPerDocument(docs: readonly DatesDocument[], run: (doc: DatesDocument) => unknown): number {
  let best = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    const t0 = performance.now();
    for (const doc of docs) run(doc);
    best = Math.min(best, performance.now() - t0);
  }
  return best / docs.length;
}

/**
 * Runs the suite on the TempEval-3 folder at `datasetDir` (the folder holding TBAQ-cleaned, or TBAQ-cleaned itself);
 * throws when it holds no document. Our figures are `x`, the baseline's `chrono_x`.
 */
export async function runDatesBench(datasetDir: string): Promise<Record<string, number>> {
  const docs = loadDocuments(datasetDir);
  if (docs.length === 0) throw new Error(`dates: no TimeML documents under ${datasetDir}`);
  const ours = evaluate(docs, (doc) => toPredictions(oursPredict(doc)));
  const base = evaluate(docs, chronoPredict);
  const result: Record<string, number> = { documents: docs.length };
  for (const [key, value] of Object.entries(ours)) {
    result[key] = value;
    const baseline = base[key];
    if (baseline !== undefined && !key.endsWith('_gold')) result[`chrono_${key}`] = baseline;
  }
  result.ms_per_doc = round(msPerDocument(docs, oursPredict), 3);
  result.chrono_ms_per_doc = round(msPerDocument(docs, chronoPredict), 3);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Error listing (development aid)

function context(text: string, start: number, end: number): string {
  const s = Math.max(0, start - 60);
  const e = Math.min(text.length, end + 60);
  return `${text.slice(s, start)}[${text.slice(start, end)}]${text.slice(end, e)}`.replace(/\s+/g, ' ');
}

function printErrors(docs: readonly DatesDocument[], limit: number): void {
  let shown = 0;
  for (const doc of docs) {
    const predictions = oursPredict(doc);
    const { goldMatch, predictionMatched } = align(doc.gold, toPredictions(predictions));
    const lines: string[] = [];
    doc.gold.forEach((g, k) => {
      if ((goldMatch[k] ?? -1) >= 0) return;
      const near = predictions.find((p) => overlaps(p, g));
      const got = near ? ` got ${near.date} (${JSON.stringify(near.mention)})` : '';
      lines.push(`  FN ${g.value}${got}: ${context(doc.text, g.start, g.end)}`);
    });
    predictions.forEach((p, k) => {
      if (predictionMatched[k]) return;
      if (doc.gold.some((g) => overlaps(p, g))) return; // already listed as a wrong value
      const timex = doc.timexes.find((t) => overlaps(p, t));
      const why = timex ? ` (gold ${timex.type} ${timex.value})` : '';
      lines.push(`  FP ${p.date}${why}: ${context(doc.text, p.start, p.end)}`);
    });
    if (lines.length === 0) continue;
    console.log(`${doc.corpus}/${doc.id} published ${doc.publishedAt}`);
    for (const line of lines) console.log(line);
    shown += lines.length;
    if (shown >= limit) break;
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const flag = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const values = new Set([flag('--errors'), flag('--limit')]);
  const positional = argv.filter((a) => !a.startsWith('--') && !values.has(a));
  const datasetDir = positional[0] ?? DEFAULT_DATASET_DIR;
  if (!existsSync(datasetDir)) {
    console.log(`dates: skipped, no dataset at ${datasetDir}`);
    return;
  }
  const errors = flag('--errors');
  if (errors !== undefined) {
    const docs = loadDocuments(datasetDir).filter((d) => errors === 'all' || d.split === errors);
    printErrors(docs, Number(flag('--limit') ?? 200));
  }
  console.log(JSON.stringify(await runDatesBench(datasetDir), null, 2));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
