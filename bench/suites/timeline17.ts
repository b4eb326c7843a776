/**
 * Multi-article timelines on Timeline17 (Tran et al. 2013, the news-tls layout): for each gold timeline, every
 * article of its topic folder (no filtering to the gold date range) is prepared and analysed as ingest would, then
 * `buildTimeline` picks as many dates as the gold timeline has.
 *
 * Figures, averaged over the gold timelines:
 * - Date-F1: predicted against gold date sets (both of size K, so precision = recall = F1 unless fewer dates come out).
 *   Published reference: DATEWISE 0.544 (Gholipour Ghalandari & Ifrim 2020, with range filtering and a supervised
 *   date ranker). Baseline: the K days most often mentioned (sentence mentions, no weighting, no publication support).
 * - Date-F1 with the articles filtered to the gold timeline's date range, as in the paper: a diagnostic of how much
 *   of the gap to the published figure is knowing the range (it uses gold information; not the figure to judge).
 * - Concat ROUGE-1 F1: all predicted sentences against all gold sentences of the timeline, as two bags of lower-cased
 *   words (runs of letters; everything else separates), clipped unigram overlap. Alignment-free, so it only checks
 *   that the content is on topic, not that it sits on the right date. The baseline's sentences are picked the same
 *   way for its own dates.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildTimeline, type TimelineEntry, type TimelineSource } from '../../src/events/timeline.ts';
import { prepareArticle } from '../../src/ingest/prepare.ts';
import { analyzeArticle } from '../../src/nlp/pipeline.ts';
import { DATASETS_DIR } from '../paths.ts';
import { rowsOf, SuiteSkipped, type BenchRow, type Suite, type SuiteContext } from '../types.ts';

const SUITE = 'timeline';
const row = rowsOf(SUITE);
const DATASET_DIR = join(DATASETS_DIR, 'timeline17');
const FIXED_NOW = new Date('2025-01-01T00:00:00Z');
/** The published DATEWISE figure is 0.544; the unsupervised method should at least match it here. */
const TARGET_DATE_F1 = 0.55;
const DATE_FOLDER_RE = /^\d{4}-\d{2}-\d{2}$/;
const SEPARATOR_RE = /^-{32}\s*$/;

export interface GoldTimeline {
  readonly name: string;
  readonly entries: readonly { readonly date: string; readonly sentences: readonly string[] }[];
}

export interface Topic {
  readonly name: string;
  readonly sources: readonly TimelineSource[];
  readonly timelines: readonly GoldTimeline[];
}

/**
 * Undoes the PTB tokenisation enough for the analysis to read normal text: brackets, quotes, split clitics and the
 * spaces before punctuation.
 */
export function detokenize(line: string): string {
  return line
    .replace(/-LRB-/g, '(')
    .replace(/-RRB-/g, ')')
    .replace(/-LSB-/g, '[')
    .replace(/-RSB-/g, ']')
    .replace(/-LCB-/g, '{')
    .replace(/-RCB-/g, '}')
    .replace(/``\s*/g, '"')
    .replace(/\s*''/g, '"')
    .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/gi, '$1')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/\s+([,.;:?!%])/g, '$1')
    .replace(/\$\s+(?=\d)/g, '$')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Blocks of a date line, sentence lines and a 32-dash separator. */
export function parseGoldTimeline(name: string, content: string): GoldTimeline {
  const entries: { date: string; sentences: string[] }[] = [];
  let current: { date: string; sentences: string[] } | null = null;
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.trim();
    if (SEPARATOR_RE.test(line)) {
      current = null;
      continue;
    }
    if (line === '') continue;
    if (current === null && DATE_FOLDER_RE.test(line)) {
      current = { date: line, sentences: [] };
      entries.push(current);
      continue;
    }
    current?.sentences.push(line);
  }
  // A date told in two blocks is one date of the timeline.
  const merged = new Map<string, string[]>();
  for (const entry of entries) merged.set(entry.date, [...(merged.get(entry.date) ?? []), ...entry.sentences]);
  return { name, entries: [...merged].map(([date, sentences]) => ({ date, sentences })) };
}

function readArticles(topicDir: string): TimelineSource[] {
  const inputDir = join(topicDir, 'InputDocs');
  const sources: TimelineSource[] = [];
  for (const folder of readdirSync(inputDir).filter((name) => DATE_FOLDER_RE.test(name)).sort()) {
    for (const file of readdirSync(join(inputDir, folder)).filter((name) => name.endsWith('.txt')).sort()) {
      const lines = readFileSync(join(inputDir, folder, file), 'utf8')
        .split(/\r?\n/)
        .map(detokenize)
        .filter((line) => line !== '');
      if (lines.length === 0) continue;
      const prepared = prepareArticle(
        { title: null, text: lines.join('\n'), url: null, source: null, published: folder },
        { guildId: null, now: FIXED_NOW },
      );
      if (!prepared.ok) continue;
      // Ids are content hashes: two copies of one story in a folder would share one; the path keeps them apart.
      const article = { ...prepared.article, id: `${folder}/${file}` };
      sources.push({ article, dates: analyzeArticle(article).dates });
    }
  }
  return sources;
}

/** Every topic folder with its analysed articles and gold timelines; each folder is analysed once. */
export function loadTopics(): Topic[] {
  if (!existsSync(DATASET_DIR)) throw new SuiteSkipped(`no Timeline17 dataset at ${DATASET_DIR}`);
  const topics: Topic[] = [];
  for (const name of readdirSync(DATASET_DIR).sort()) {
    const dir = join(DATASET_DIR, name);
    if (!existsSync(join(dir, 'InputDocs')) || !existsSync(join(dir, 'timelines'))) continue;
    const timelines = readdirSync(join(dir, 'timelines'))
      .filter((file) => file.endsWith('.txt'))
      .sort()
      .map((file) => parseGoldTimeline(`${name}/${file}`, readFileSync(join(dir, 'timelines', file), 'utf8')));
    topics.push({ name, sources: readArticles(dir), timelines });
  }
  if (topics.length === 0) throw new SuiteSkipped(`no topic folders in ${DATASET_DIR}`);
  return topics;
}

/** The baseline: the K days most mentioned in sentences (each mention counts), ties to the earlier day. */
export function mostMentionedDates(sources: readonly TimelineSource[], k: number): string[] {
  const counts = new Map<string, number>();
  for (const source of sources) {
    for (const mention of source.dates) if (mention.granularity === 'day') counts.set(mention.date, (counts.get(mention.date) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([date]) => date);
}

export function dateF1(predicted: readonly string[], gold: readonly string[]): number {
  const goldSet = new Set(gold);
  const predictedSet = new Set(predicted);
  const hits = [...predictedSet].filter((date) => goldSet.has(date)).length;
  if (hits === 0) return 0;
  const precision = hits / predictedSet.size;
  const recall = hits / goldSet.size;
  return (2 * precision * recall) / (precision + recall);
}

function unigrams(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) if (word !== '') counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Concat ROUGE-1 F1: clipped unigram overlap of all predicted against all reference sentences. */
export function concatRouge1(predicted: readonly string[], reference: readonly string[]): number {
  const p = unigrams(predicted);
  const r = unigrams(reference);
  let overlap = 0;
  for (const [word, count] of p) overlap += Math.min(count, r.get(word) ?? 0);
  const pTotal = [...p.values()].reduce((a, b) => a + b, 0);
  const rTotal = [...r.values()].reduce((a, b) => a + b, 0);
  if (overlap === 0 || pTotal === 0 || rTotal === 0) return 0;
  const precision = overlap / pTotal;
  const recall = overlap / rTotal;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * The baseline's sentences: for each of its dates, the first sentence that mentions it (article order), so that the
 * content figure compares date choices with a naive sentence choice.
 */
function baselineSentences(sources: readonly TimelineSource[], dates: readonly string[]): string[] {
  const wanted = new Set(dates);
  const first = new Map<string, string>();
  for (const source of sources) {
    for (const mention of source.dates) {
      if (!wanted.has(mention.date) || first.has(mention.date)) continue;
      const sentence = source.article.segmentation.sentences[mention.sentenceIndex];
      if (sentence !== undefined) first.set(mention.date, source.article.text.slice(sentence.start, sentence.end));
    }
  }
  return [...first.values()];
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
const round3 = (value: number): number => Math.round(value * 1000) / 1000;

export interface TimelineScores {
  readonly name: string;
  readonly k: number;
  readonly dateF1: number;
  readonly baselineDateF1: number;
  readonly rouge1: number;
  readonly baselineRouge1: number;
  /** Date-F1 when only the articles published within the gold date range are given: the paper's setting. */
  readonly rangeFilteredDateF1: number;
}

export function scoreTopic(topic: Topic, build: (sources: readonly TimelineSource[], k: number) => TimelineEntry[] = (s, k) => buildTimeline(s, { dates: k })): TimelineScores[] {
  return topic.timelines.map((gold) => {
    const k = gold.entries.length;
    const goldDates = gold.entries.map((entry) => entry.date);
    const goldSentences = gold.entries.flatMap((entry) => entry.sentences);
    const timeline = build(topic.sources, k);
    const baseline = mostMentionedDates(topic.sources, k);
    const sortedGold = [...goldDates].sort();
    const [first, last] = [sortedGold[0] ?? '', sortedGold[sortedGold.length - 1] ?? ''];
    const inRange = topic.sources.filter((source) => {
      const day = source.article.publishedAt.slice(0, 10);
      return day >= first && day <= last;
    });
    return {
      name: gold.name,
      k,
      dateF1: dateF1(
        timeline.map((entry) => entry.date),
        goldDates,
      ),
      baselineDateF1: dateF1(baseline, goldDates),
      rouge1: concatRouge1(
        timeline.flatMap((entry) => entry.sentences.map((sentence) => sentence.text)),
        goldSentences,
      ),
      baselineRouge1: concatRouge1(baselineSentences(topic.sources, baseline), goldSentences),
      rangeFilteredDateF1: dateF1(
        build(inRange, k).map((entry) => entry.date),
        goldDates,
      ),
    };
  });
}

export const timeline17Suite: Suite = {
  name: SUITE,
  aliases: ['t17'],
  async run(context: SuiteContext): Promise<BenchRow[]> {
    await Promise.resolve();
    const loadStart = performance.now();
    const topics = loadTopics();
    const articles = topics.reduce((sum, topic) => sum + topic.sources.length, 0);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    context.note(`timeline: ${articles} articles in ${topics.length} topic folders prepared and analysed in ${loadSeconds.toFixed(1)} s`);

    const buildStart = performance.now();
    const scores = topics.flatMap((topic) => scoreTopic(topic));
    const buildMs = performance.now() - buildStart;
    for (const score of scores) {
      context.note(
        `timeline: ${score.name} K=${score.k} Date-F1 ${round3(score.dateF1)} (baseline ${round3(score.baselineDateF1)}), concat R1-F ${round3(score.rouge1)} (baseline ${round3(score.baselineRouge1)})`,
      );
    }
    return [
      row('Date-F1 (mean over gold timelines)', round3(mean(scores.map((s) => s.dateF1))), 'F1', {
        baseline: round3(mean(scores.map((s) => s.baselineDateF1))),
        target: `≥ ${TARGET_DATE_F1}`,
      }),
      row('concat ROUGE-1 F1 (all sentences, letters only)', round3(mean(scores.map((s) => s.rouge1))), 'F1', {
        baseline: round3(mean(scores.map((s) => s.baselineRouge1))),
      }),
      // Diagnostic, not the figure to judge: it uses the gold timeline's first and last dates, as the paper's setting
      // (and its published DATEWISE 0.544) does. The gap to the first row is the cost of not knowing the range.
      row('Date-F1, articles filtered to the gold range (paper setting)', round3(mean(scores.map((s) => s.rangeFilteredDateF1))), 'F1'),
      row('gold timelines', scores.length, 'timelines'),
      row('analysis throughput', Math.round(articles / loadSeconds), 'articles/s'),
      row('timeline build + scoring (all timelines)', Math.round(buildMs), 'ms'),
    ];
  },
};
