/**
 * Scale: ingest a deterministic synthetic corpus (100,000 articles by default) with the full analysis, as ingest
 * does, then measure search latency over a fixed query set against a naive LIKE scan of the same database, and the
 * latency of topic answers (summary, quotes, timeline) over a fixed topic set.
 *
 * The database takes ~10 minutes to build at full size, so it is kept in bench/.cache and reused while its key
 * holds: the corpus (size and generator version, in the corpus file's name), the analysis pipeline version and the
 * schema version. A change elsewhere in ingest (segmentation, normalisation) that bumps neither needs `--rebuild`.
 * The build time reported is the one measured by the run that built it, read from a small JSON next to the database,
 * and the table says when the database was reused.
 */
import { interactionLatencyRows } from './interactions.ts';
import { createReadStream, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { currentEvents, eventQuotes, eventSummary, eventTimeline, resolveEvent } from '../../src/answers/event-answers.ts';
import { GROUPING_VERSION } from '../../src/events/assign.ts';
import { ingestPaths, type IngestReport } from '../../src/ingest/ingest.ts';
import { ANALYSIS_VERSION } from '../../src/nlp/pipeline.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { BYTES_PER_MB, fileBytes, percentile, removeSqliteFiles, timed } from '../measure.ts';
import { CACHE_DIR } from '../paths.ts';
import {
  buildLexicon,
  commonContentWords,
  ensureSyntheticCorpus,
  FUNCTION_WORDS,
  mulberry32,
  pick,
  randomInt,
  shuffle,
  type Random,
} from '../synthetic-corpus.ts';
import { rowsOf, type BenchRow, type Suite, type SuiteContext } from '../types.ts';

const SUITE = 'synthetic';
const row = rowsOf(SUITE);
const FIXED_CLOCK = (): Date => new Date('2025-01-01T00:00:00Z');
const MAX_ARTICLE_BYTES = 2_000_000;
const QUERY_SEED = 7;
const TITLE_QUERIES = 190;
const SINGLE_WORD_QUERIES = 10;
/** Single-word queries are drawn from this many most frequent content words: long posting lists, the worst case. */
const COMMON_WORD_POOL = 40;
const SEARCH_LIMIT = 10;
/** The LIKE scan reads every row for rare words; 20 queries are enough for its median and give a rough p95. */
const BASELINE_QUERIES = 20;
const PROGRESS_EVERY = 10_000;
/** The corpus size the search target is set for. */
const TARGET_SCALE = 100_000;
const SLOWEST_QUERIES_NOTED = 5;
/** Topics are drawn from titles as the title queries are, with their own seed so that they are other words. */
const TOPIC_SEED = 11;
const TOPICS = 200;
const TOPIC_TARGET_P95_MS = 20;
const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** What a person would type from a headline: two or three of its words, minus the filler words. */
function queryFromTitle(random: Random, title: string): string {
  const stopwords = new Set(FUNCTION_WORDS);
  const words = [...new Set((title.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => word.toLowerCase()))].filter(
    (word) => word.length >= 3 && !stopwords.has(word),
  );
  return shuffle(random, words).slice(0, randomInt(random, 2, 3)).join(' ');
}

/** Titles of the articles at the given line numbers, read back from the corpus so queries match what was stored. */
async function readTitles(corpusPath: string, lineNumbers: ReadonlySet<number>): Promise<Map<number, string>> {
  const titles = new Map<number, string>();
  const lines = createInterface({ input: createReadStream(corpusPath, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    if (lineNumbers.has(lineNumber)) titles.set(lineNumber, (JSON.parse(line) as { title: string }).title);
    lineNumber += 1;
  }
  return titles;
}

/** `count` queries from the titles of articles picked at random. */
async function titleQueries(random: Random, corpusPath: string, articleCount: number, count: number): Promise<string[]> {
  const articleIndexes = Array.from({ length: count }, () => randomInt(random, 0, articleCount - 1));
  const titles = await readTitles(corpusPath, new Set(articleIndexes));
  return articleIndexes.map((index) => queryFromTitle(random, titles.get(index) ?? ''));
}

/** The fixed query set: the same seed and corpus always give the same 200 queries in the same order. */
export async function buildQueries(corpusPath: string, articleCount: number): Promise<string[]> {
  const random = mulberry32(QUERY_SEED);
  const fromTitles = await titleQueries(random, corpusPath, articleCount, TITLE_QUERIES);
  const commonWords = commonContentWords(buildLexicon(), COMMON_WORD_POOL);
  const singleWords = Array.from({ length: SINGLE_WORD_QUERIES }, () => pick(random, commonWords));
  return shuffle(random, [...fromTitles, ...singleWords]).filter((query) => query !== '');
}

/** The fixed topic set: what a person would ask a summary, quotes or a timeline about, taken from headlines. */
export async function buildTopics(corpusPath: string, articleCount: number): Promise<string[]> {
  const topics = await titleQueries(mulberry32(TOPIC_SEED), corpusPath, articleCount, TOPICS);
  return topics.filter((topic) => topic !== '');
}

/** Throughput over the last TAIL_ARTICLES articles of the build: ingest must not slow down as the store grows. */
const TAIL_ARTICLES = 10_000;

async function ingestCorpus(
  store: ArticleStore,
  corpusPath: string,
  count: number,
): Promise<{ ms: number; report: IngestReport; tailArticlesPerSecond: number | null }> {
  let nextProgress = PROGRESS_EVERY;
  const tail: { start: { read: number; at: number } | null } = { start: null };
  const { result: report, ms } = await timed(() =>
    ingestPaths(
      [corpusPath],
      {
        store,
        clock: FIXED_CLOCK,
        limits: { maxArticleBytes: MAX_ARTICLE_BYTES },
        onProgress: (progress) => {
          // Progress comes once per stored batch, after its articles were analysed, saved and grouped into events.
          if (tail.start === null && progress.read >= count - TAIL_ARTICLES) tail.start = { read: progress.read, at: performance.now() };
          if (progress.read < nextProgress) return;
          nextProgress += PROGRESS_EVERY;
          process.stderr.write(`  ${SUITE}: ${progress.read} articles read\n`);
        },
      },
      { guildId: null },
    ),
  );
  const { start } = tail;
  const tailArticlesPerSecond = start === null || report.added <= start.read ? null : ((report.added - start.read) * 1000) / (performance.now() - start.at);
  return { ms, report, tailArticlesPerSecond };
}

async function searchLatencies(store: ArticleStore, queries: readonly string[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const query of queries) {
    const { ms } = await timed(() => store.searchArticles(query, { limit: SEARCH_LIMIT, guildId: null }));
    latencies.push(ms);
  }
  return latencies;
}

/**
 * The naive search: every word must appear (case-insensitively, as a substring) in the title or the text, newest
 * first. Query words are letters and digits only, so they hold no LIKE wildcard to escape.
 */
function likeScanLatencies(dbPath: string, queries: readonly string[]): number[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const latencies: number[] = [];
    for (const query of queries) {
      const words = query.match(/[\p{L}\p{N}]+/gu) ?? [];
      const conditions = words.map(() => '(title LIKE ? OR text LIKE ?)').join(' AND ');
      const statement = db.prepare(
        `SELECT seq FROM articles WHERE guild_id IS NULL AND ${conditions} ORDER BY published_ts DESC LIMIT ${SEARCH_LIMIT}`,
      );
      const parameters = words.flatMap((word) => [`%${word}%`, `%${word}%`]);
      const start = performance.now();
      statement.all(...parameters);
      latencies.push(performance.now() - start);
    }
    return latencies;
  } finally {
    db.close();
  }
}

function databaseMegabytes(dbPath: string): number {
  return (fileBytes(dbPath) + fileBytes(`${dbPath}-wal`)) / BYTES_PER_MB;
}

/** What the run that built a cached database measured, kept next to it. Written last: its presence marks a whole build. */
interface BuildRecord {
  readonly builtAt: string;
  readonly buildSeconds: number;
  readonly added: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly analysisVersion: number;
  readonly schemaVersion: number;
  readonly groupingVersion: number;
  /** Articles per second over the last TAIL_ARTICLES of the build (analysis, storage and event grouping). */
  readonly tailArticlesPerSecond: number | null;
}

/** The cached database for a corpus: its name carries every part of the key (the corpus name carries the rest). */
function cachedDatabasePath(corpusPath: string): string {
  return corpusPath.replace(/\.jsonl$/, `-analysis${ANALYSIS_VERSION}-schema${SCHEMA_VERSION}-grouping${GROUPING_VERSION}.db`);
}

function buildRecordPath(dbPath: string): string {
  return `${dbPath}.json`;
}

function readBuildRecord(dbPath: string): BuildRecord | null {
  const path = buildRecordPath(dbPath);
  if (!existsSync(dbPath) || !existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as BuildRecord;
  } catch {
    return null;
  }
}

function writeBuildRecord(dbPath: string, record: BuildRecord): void {
  const path = buildRecordPath(dbPath);
  const partial = `${path}.partial-${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(partial, path);
}

/**
 * Removes the other databases built from the same corpus (older analysis or schema versions, or the earlier naming
 * without a key): each is several hundred MB and will never be read again.
 */
function removeStaleDatabases(corpusPath: string, keep: string, context: SuiteContext): void {
  const directory = dirname(corpusPath);
  const stem = basename(corpusPath).replace(/\.jsonl$/, '');
  const databases = readdirSync(directory).filter(
    (name) => name.startsWith(stem) && name.endsWith('.db') && join(directory, name) !== keep,
  );
  for (const name of databases) {
    const path = join(directory, name);
    removeSqliteFiles(path);
    rmSync(buildRecordPath(path), { force: true });
    context.note(`${SUITE}: removed the stale cached database ${path}`);
  }
}

interface SyntheticDatabase {
  readonly path: string;
  readonly store: ArticleStore;
  readonly record: BuildRecord;
  readonly reused: boolean;
}

/** The synthetic database, from the cache when it holds a whole build with the same key, else built now. */
async function openDatabase(corpusPath: string, count: number, context: SuiteContext): Promise<SyntheticDatabase> {
  const path = cachedDatabasePath(corpusPath);
  const cached = context.rebuild ? null : readBuildRecord(path);
  if (cached !== null) {
    context.note(`${SUITE}: reusing ${path}, built ${cached.builtAt} in ${cached.buildSeconds.toFixed(0)} s (--rebuild to build it again)`);
    return { path, store: openSqliteStore(path), record: cached, reused: true };
  }
  removeStaleDatabases(corpusPath, path, context);
  removeSqliteFiles(path);
  rmSync(buildRecordPath(path), { force: true });
  const store = openSqliteStore(path);
  try {
    const { ms, report, tailArticlesPerSecond } = await ingestCorpus(store, corpusPath, count);
    if (report.added !== count) {
      const counts = `${report.duplicates} duplicates, ${report.rejected.length} rejected`;
      context.note(`${SUITE}: expected ${count} articles added, got ${report.added} (${counts})`);
    }
    for (const rejection of report.rejected.slice(0, 5)) {
      context.note(`${SUITE}: rejected ${rejection.path}: ${rejection.reason} (${rejection.detail})`);
    }
    const record: BuildRecord = {
      builtAt: new Date().toISOString(),
      buildSeconds: ms / 1000,
      added: report.added,
      duplicates: report.duplicates,
      rejected: report.rejected.length,
      analysisVersion: ANALYSIS_VERSION,
      schemaVersion: SCHEMA_VERSION,
      groupingVersion: GROUPING_VERSION,
      tailArticlesPerSecond,
    };
    writeBuildRecord(path, record);
    context.note(`${SUITE}: built ${path} in ${record.buildSeconds.toFixed(0)} s; later runs reuse it`);
    return { path, store, record, reused: false };
  } catch (error) {
    // A partial database has no build record, so it would never be reused; remove it rather than leave it lying.
    await store.close();
    removeSqliteFiles(path);
    throw error;
  }
}

function noteSlowestQueries(context: SuiteContext, queries: readonly string[], latencies: readonly number[]): void {
  const slowest = queries
    .map((query, i) => ({ query, ms: latencies[i] ?? 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, SLOWEST_QUERIES_NOTED);
  context.note(`${SUITE}: slowest searches: ${slowest.map(({ query, ms }) => `"${query}" ${ms.toFixed(1)} ms`).join(', ')}`);
}

type TopicLookup = (store: ArticleStore, topic: string) => Promise<unknown>;

/** The three event answers for a topic, as the bot calls them: find the event, then answer from its articles. */
const TOPIC_LOOKUPS: readonly (readonly [string, TopicLookup])[] = [
  ['/summary (event of a topic)', async (store, topic) => {
    const event = await resolveEvent(store, { topic }, null);
    return event && eventSummary(store, event, null, { sentences: 5 });
  }],
  ['/quotes (event of a topic)', async (store, topic) => {
    const event = await resolveEvent(store, { topic }, null);
    return event && eventQuotes(store, event, null, { limit: 10 });
  }],
  ['/timeline (event of a topic)', async (store, topic) => {
    const event = await resolveEvent(store, { topic }, null);
    return event && eventTimeline(store, event, null, { dates: 12 });
  }],
];

const EVENTS_RUNS = 50;

async function eventsListRows(store: ArticleStore): Promise<BenchRow[]> {
  await currentEvents(store, null, 50); // warm-up
  const latencies: number[] = [];
  let listed = 0;
  for (let run = 0; run < EVENTS_RUNS; run++) {
    const { ms, result } = await timed(() => currentEvents(store, null, 50));
    latencies.push(ms);
    listed = result.length;
  }
  const all = await store.events.listEvents({ guildId: null, limit: Number.MAX_SAFE_INTEGER });
  return [
    row('events in the store', all.length, ''),
    row(`/events (current events, ${listed} listed) p50`, percentile(latencies, 50), 'ms'),
    row(`/events p95 (${EVENTS_RUNS} runs)`, percentile(latencies, 95), 'ms', { target: `< ${TOPIC_TARGET_P95_MS}` }),
  ];
}

async function lookupLatencies(store: ArticleStore, topics: readonly string[], lookup: TopicLookup): Promise<number[]> {
  const latencies: number[] = [];
  for (const topic of topics) {
    const { ms } = await timed(() => lookup(store, topic));
    latencies.push(ms);
  }
  return latencies;
}

async function topicRows(store: ArticleStore, topics: readonly string[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [name, lookup] of TOPIC_LOOKUPS) {
    await lookupLatencies(store, topics, lookup); // warm-up, as for search
    const latencies = await lookupLatencies(store, topics, lookup);
    rows.push(
      row(`${name} p50 (${latencies.length} topics)`, percentile(latencies, 50), 'ms'),
      row(`${name} p95 (${latencies.length} topics)`, percentile(latencies, 95), 'ms', { target: `< ${TOPIC_TARGET_P95_MS}` }),
    );
  }
  return rows;
}

export async function runSynthetic(context: SuiteContext): Promise<BenchRow[]> {
  const count = context.syntheticArticles;
  const corpus = await timed(() => ensureSyntheticCorpus(CACHE_DIR, count));
  context.note(
    `${SUITE}: corpus ${corpus.result.path} ${corpus.result.generated ? `generated in ${(corpus.ms / 1000).toFixed(1)} s` : 'reused from cache'}`,
  );
  if (count !== TARGET_SCALE) context.note(`${SUITE}: the search target is set for ${TARGET_SCALE} articles, this run has ${count}`);
  const queries = await buildQueries(corpus.result.path, count);
  const topics = await buildTopics(corpus.result.path, count);

  const { path: dbPath, store, record, reused } = await openDatabase(corpus.result.path, count, context);
  try {
    const sizeMb = databaseMegabytes(dbPath);
    await searchLatencies(store, queries); // warm-up: page cache, statement caches, JIT
    const latencies = await searchLatencies(store, queries);
    noteSlowestQueries(context, queries, latencies);
    const lookups = await topicRows(store, topics);
    const events = await eventsListRows(store);
    const interactions = await interactionLatencyRows(store, topics);
    const baselineQueries = queries.slice(0, BASELINE_QUERIES);
    const subset = latencies.slice(0, BASELINE_QUERIES);
    likeScanLatencies(dbPath, baselineQueries.slice(0, 1)); // warm-up for the scan too
    const like = likeScanLatencies(dbPath, baselineQueries);
    const built = reused ? ` (cached DB reused, built ${record.builtAt.slice(0, 16).replace('T', ' ')} UTC)` : '';

    return [
      row('articles added', record.added, '', { target: `= ${count}` }),
      row(`build time, full analysis and event grouping${built}`, record.buildSeconds, 's'),
      row(`build throughput, full analysis and event grouping${built}`, record.added / record.buildSeconds, 'articles/s'),
      ...(record.tailArticlesPerSecond === null || record.tailArticlesPerSecond === undefined
        ? []
        : [row(`build throughput, last ${TAIL_ARTICLES.toLocaleString('en-US')} articles${built}`, record.tailArticlesPerSecond, 'articles/s', { target: '≥ 300' })]),
      row('database size (db + wal)', sizeMb, 'MB'),
      row(`search p50 (${latencies.length} queries)`, percentile(latencies, 50), 'ms'),
      row(`search p95 (${latencies.length} queries)`, percentile(latencies, 95), 'ms', { target: '< 10' }),
      row(`search p99 (${latencies.length} queries)`, percentile(latencies, 99), 'ms'),
      row(`search p50 (first ${subset.length}) vs LIKE`, percentile(subset, 50), 'ms', { baseline: percentile(like, 50) }),
      row(`search p95 (first ${subset.length}) vs LIKE`, percentile(subset, 95), 'ms', { baseline: percentile(like, 95) }),
      ...lookups,
      ...events,
      ...interactions,
    ];
  } finally {
    await store.close();
  }
}

export const syntheticSuite: Suite = { name: SUITE, aliases: ['search', 'scale', 'topics'], run: runSynthetic };
