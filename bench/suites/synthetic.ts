/**
 * Scale: ingest a deterministic synthetic corpus (100,000 articles by default) into a fresh database, then measure
 * search latency over a fixed query set, against a naive LIKE scan of the same database.
 */
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { ingestPaths, type IngestReport } from '../../src/ingest/ingest.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
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

/** The fixed query set: the same seed and corpus always give the same 200 queries in the same order. */
export async function buildQueries(corpusPath: string, articleCount: number): Promise<string[]> {
  const random = mulberry32(QUERY_SEED);
  const articleIndexes = Array.from({ length: TITLE_QUERIES }, () => randomInt(random, 0, articleCount - 1));
  const titles = await readTitles(corpusPath, new Set(articleIndexes));
  const fromTitles = articleIndexes.map((index) => queryFromTitle(random, titles.get(index) ?? ''));
  const commonWords = commonContentWords(buildLexicon(), COMMON_WORD_POOL);
  const singleWords = Array.from({ length: SINGLE_WORD_QUERIES }, () => pick(random, commonWords));
  return shuffle(random, [...fromTitles, ...singleWords]).filter((query) => query !== '');
}

async function ingestCorpus(store: ArticleStore, corpusPath: string): Promise<{ ms: number; report: IngestReport }> {
  let nextProgress = PROGRESS_EVERY;
  const { result: report, ms } = await timed(() =>
    ingestPaths(
      [corpusPath],
      {
        store,
        clock: FIXED_CLOCK,
        limits: { maxArticleBytes: MAX_ARTICLE_BYTES },
        onProgress: (progress) => {
          if (progress.read < nextProgress) return;
          nextProgress += PROGRESS_EVERY;
          process.stderr.write(`  ${SUITE}: ${progress.read} articles read\n`);
        },
      },
      { guildId: null },
    ),
  );
  return { ms, report };
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

function noteSlowestQueries(context: SuiteContext, queries: readonly string[], latencies: readonly number[]): void {
  const slowest = queries
    .map((query, i) => ({ query, ms: latencies[i] ?? 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, SLOWEST_QUERIES_NOTED);
  context.note(`${SUITE}: slowest searches: ${slowest.map(({ query, ms }) => `"${query}" ${ms.toFixed(1)} ms`).join(', ')}`);
}

export async function runSynthetic(context: SuiteContext): Promise<BenchRow[]> {
  const count = context.syntheticArticles;
  const corpus = await timed(() => ensureSyntheticCorpus(CACHE_DIR, count));
  context.note(
    `${SUITE}: corpus ${corpus.result.path} ${corpus.result.generated ? `generated in ${(corpus.ms / 1000).toFixed(1)} s` : 'reused from cache'}`,
  );
  if (count !== TARGET_SCALE) context.note(`${SUITE}: the search target is set for ${TARGET_SCALE} articles, this run has ${count}`);
  const queries = await buildQueries(corpus.result.path, count);

  const dbPath = corpus.result.path.replace(/\.jsonl$/, '.db');
  removeSqliteFiles(dbPath);
  const store = openSqliteStore(dbPath);
  try {
    const { ms: buildMs, report } = await ingestCorpus(store, corpus.result.path);
    const sizeMb = databaseMegabytes(dbPath);
    if (report.added !== count) {
      context.note(`${SUITE}: expected ${count} articles added, got ${report.added} (${report.duplicates} duplicates, ${report.rejected.length} rejected)`);
    }
    for (const rejection of report.rejected.slice(0, 5)) {
      context.note(`${SUITE}: rejected ${rejection.path}: ${rejection.reason} (${rejection.detail})`);
    }

    await searchLatencies(store, queries); // warm-up: page cache, statement caches, JIT
    const latencies = await searchLatencies(store, queries);
    noteSlowestQueries(context, queries, latencies);
    const baselineQueries = queries.slice(0, BASELINE_QUERIES);
    const subset = latencies.slice(0, BASELINE_QUERIES);
    likeScanLatencies(dbPath, baselineQueries.slice(0, 1)); // warm-up for the scan too
    const like = likeScanLatencies(dbPath, baselineQueries);

    return [
      row('articles added', report.added, '', { target: `= ${count}` }),
      row('build time', buildMs / 1000, 's'),
      row('build throughput', report.added / (buildMs / 1000), 'articles/s'),
      row('database size (db + wal)', sizeMb, 'MB'),
      row(`search p50 (${latencies.length} queries)`, percentile(latencies, 50), 'ms'),
      row(`search p95 (${latencies.length} queries)`, percentile(latencies, 95), 'ms', { target: '< 10' }),
      row(`search p99 (${latencies.length} queries)`, percentile(latencies, 99), 'ms'),
      row(`search p50 (first ${subset.length}) vs LIKE`, percentile(subset, 50), 'ms', { baseline: percentile(like, 50) }),
      row(`search p95 (first ${subset.length}) vs LIKE`, percentile(subset, 95), 'ms', { baseline: percentile(like, 95) }),
    ];
  } finally {
    await store.close();
    if (!context.keepDatabase) removeSqliteFiles(dbPath);
  }
}

export const syntheticSuite: Suite = { name: SUITE, aliases: ['search', 'scale'], run: runSynthetic };

