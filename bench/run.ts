/**
 * `npm run bench`: runs the benchmark suites, prints one table and writes the results as JSON to
 * bench/results/<timestamp>.json and bench/results/latest.json.
 *
 *   npm run bench                                  every suite, 100,000 synthetic articles
 *   npm run bench -- --articles 5000               a quick run on a smaller synthetic corpus
 *   npm run bench -- --only ingest,search          some suites, by name or alias
 *   npm run bench -- --rebuild                     build the synthetic database again even if one is cached
 *
 * The synthetic database (100,000 analysed articles, ~10 minutes to build) is kept in bench/.cache and reused while
 * the corpus generator, the analysis pipeline version and the schema version are unchanged; the table says so when a
 * run reused it. A full run then takes a minute or two; the first run, or one after such a change, ~12 minutes.
 *
 * Every figure is reproducible (fixed seeds, fixed queries) and, where it makes sense, sits next to a baseline
 * measured in the same run on the same machine, so that results from different machines can still be read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { BYTES_PER_MB } from './measure.ts';
import { RESULTS_DIR } from './paths.ts';
import { formatTable, verdict } from './report.ts';
import { datesSuite, quotesSuite, summarySuite } from './analysis-adapters.ts';
import { segmentationSuite } from './segmentation-adapter.ts';
import { digestsSuite } from './suites/digests.ts';
import { picturesSuite } from './suites/pictures.ts';
import { eventsEcbPlusSuite } from './suites/events-ecbplus.ts';
import { ingestBbcSuite } from './suites/ingest-bbc.ts';
import { syntheticSuite } from './suites/synthetic.ts';
import { timeline17Suite } from './suites/timeline17.ts';
import { SuiteSkipped, type BenchRow, type Suite } from './types.ts';

const SUITES: readonly Suite[] = [ingestBbcSuite, syntheticSuite, segmentationSuite, quotesSuite, datesSuite, summarySuite, timeline17Suite, eventsEcbPlusSuite, digestsSuite, picturesSuite];
const DEFAULT_SYNTHETIC_ARTICLES = 100_000;
const RESULTS_FORMAT_VERSION = 1;

interface Options {
  readonly only: readonly string[] | null;
  readonly syntheticArticles: number;
  readonly rebuild: boolean;
}

/** A mistake in the command line: reported in one line with the usage, without a stack trace. */
class UsageError extends Error {}

const USAGE = [
  'usage: npm run bench -- [--only SUITE,...] [--articles N] [--rebuild]',
  `suites (and aliases): ${SUITES.map((suite) => `${suite.name} (${suite.aliases.join(', ')})`).join(', ')}`,
].join('\n');

/** The flags as parsed by node:util; an unknown flag or a missing value becomes a UsageError. */
function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        only: { type: 'string' },
        articles: { type: 'string' },
        rebuild: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function parseOptions(argv: readonly string[]): Options {
  const values = readFlags(argv);
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const syntheticArticles = values.articles === undefined ? DEFAULT_SYNTHETIC_ARTICLES : Number(values.articles.replace(/[_,]/g, ''));
  if (!Number.isInteger(syntheticArticles) || syntheticArticles < 1) throw new UsageError(`--articles must be a positive integer\n${USAGE}`);
  const only = values.only === undefined ? null : values.only.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  return { only, syntheticArticles, rebuild: values.rebuild };
}

function selectSuites(only: readonly string[] | null): Suite[] {
  if (only === null) return [...SUITES];
  const matches = (suite: Suite, name: string): boolean => suite.name === name || suite.aliases.includes(name);
  const unknown = only.filter((name) => !SUITES.some((suite) => matches(suite, name)));
  if (unknown.length > 0) throw new UsageError(`unknown suite ${unknown.join(', ')}\n${USAGE}`);
  return SUITES.filter((suite) => only.some((name) => matches(suite, name)));
}

function machineInfo(): Record<string, string | number> {
  const cpuList = cpus();
  const db = new Database(':memory:');
  const sqliteVersion = (db.prepare('SELECT sqlite_version() AS version').get() as { version: string }).version;
  db.close();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    arch: process.arch,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    totalMemoryMb: Math.round(totalmem() / BYTES_PER_MB),
    sqlite: sqliteVersion,
  };
}

interface SuiteOutcome {
  readonly suite: string;
  readonly status: 'ok' | 'skipped' | 'failed';
  readonly seconds: number;
  readonly message?: string;
}

async function runSuite(suite: Suite, options: Options, rows: BenchRow[], notes: string[]): Promise<SuiteOutcome> {
  const note = (message: string): void => {
    notes.push(message);
    console.error(`  ${message}`);
  };
  console.error(`▶ ${suite.name}`);
  const start = performance.now();
  const seconds = (): number => Math.round((performance.now() - start) / 100) / 10;
  try {
    rows.push(...(await suite.run({ syntheticArticles: options.syntheticArticles, rebuild: options.rebuild, note })));
    console.error(`  done in ${seconds()} s`);
    return { suite: suite.name, status: 'ok', seconds: seconds() };
  } catch (error) {
    if (error instanceof SuiteSkipped) {
      console.error(`  skipped: ${error.message}`);
      return { suite: suite.name, status: 'skipped', seconds: seconds(), message: error.message };
    }
    // One broken suite must not cost the figures of the others: report it and go on.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`  FAILED: ${message}`);
    return { suite: suite.name, status: 'failed', seconds: seconds(), message };
  }
}

/** ISO time with the colons a file name cannot hold on every system replaced. */
function fileTimestamp(date: Date): string {
  return date.toISOString().replaceAll(':', '-');
}

function writeResults(results: object, startedAt: Date): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const paths = [join(RESULTS_DIR, `${fileTimestamp(startedAt)}.json`), join(RESULTS_DIR, 'latest.json')];
  for (const path of paths) writeFileSync(path, json);
  return paths;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const suites = selectSuites(options.only);
  const startedAt = new Date();
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const outcomes: SuiteOutcome[] = [];
  for (const suite of suites) outcomes.push(await runSuite(suite, options, rows, notes));

  // maxRSS is in kilobytes and covers the whole process, so it is the peak over every suite that ran.
  rows.push({ suite: 'process', metric: 'peak RSS', value: (process.resourceUsage().maxRSS * 1024) / BYTES_PER_MB, unit: 'MB' });
  const finishedAt = new Date();

  console.log(`\n${formatTable(rows)}\n`);
  for (const outcome of outcomes.filter((o) => o.status !== 'ok')) console.log(`${outcome.suite}: ${outcome.status}: ${outcome.message ?? ''}`);

  const paths = writeResults(
    {
      formatVersion: RESULTS_FORMAT_VERSION,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 100) / 10,
      options: { only: options.only, syntheticArticles: options.syntheticArticles, rebuild: options.rebuild },
      machine: machineInfo(),
      suites: outcomes,
      rows: rows.map((row) => ({ ...row, verdict: verdict(row) })),
      notes,
    },
    startedAt,
  );
  console.log(`results: ${paths.join(', ')}`);
  return outcomes.some((outcome) => outcome.status === 'failed') ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
