/**
 * Ingest throughput on the BBC News Summary articles: the whole pipeline (read, decode, normalise, segment, detect
 * the language, deduplicate, run the full analysis — entities, quotes, dates, summary ranking — and store it all
 * with FTS) against the floor of storing the same texts in SQLite with nothing else. The target for the whole
 * pipeline is 300 articles/s; for ingest with sentence splitting but the analysis deferred (`--defer-analysis`),
 * 1,000 articles/s.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ingestPaths, type IngestReport } from '../../src/ingest/ingest.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { median, timed } from '../measure.ts';
import { DATASETS_DIR } from '../paths.ts';
import { rowsOf, SuiteSkipped, type BenchRow, type Suite, type SuiteContext } from '../types.ts';

const SUITE = 'ingest-bbc';
const row = rowsOf(SUITE);
const DATASET_DIR = join(DATASETS_DIR, 'bbc-news-summary', 'articles');
/** The target for ingest with the full analysis, in articles per second. */
const TARGET_ARTICLES_PER_SECOND = 300;
/** The target for ingest including sentence splitting, with the analysis deferred to `reanalyze`. */
const TARGET_DEFERRED_ARTICLES_PER_SECOND = 1000;
/** Each side runs this many times on a fresh database and the median is reported: one run of ~2,000 files is noisy. */
const RUNS = 3;
const FIXED_CLOCK = (): Date => new Date('2025-01-01T00:00:00Z');
const MAX_ARTICLE_BYTES = 2_000_000;

function listArticleFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(dir, name));
}

/** Files whose bytes equal an earlier file's: the least the pipeline must report as duplicates. */
function countByteIdenticalDuplicates(files: readonly string[]): number {
  const hashes = new Set(files.map((file) => createHash('md5').update(readFileSync(file)).digest('hex')));
  return files.length - hashes.size;
}

async function ingestOnce(dbPath: string, deferAnalysis = false): Promise<{ ms: number; report: IngestReport }> {
  const store = openSqliteStore(dbPath);
  try {
    const { result: report, ms } = await timed(() =>
      ingestPaths(
        [DATASET_DIR],
        { store, clock: FIXED_CLOCK, limits: { maxArticleBytes: MAX_ARTICLE_BYTES } },
        { guildId: null, deferAnalysis },
      ),
    );
    return { ms, report };
  } finally {
    await store.close();
  }
}

/**
 * The floor: read each file, take its first line as the title and insert title and text into a bare table, in one
 * transaction, with the store's own journal settings. Reading is included because the pipeline's figure includes it.
 */
async function plainInsertOnce(dbPath: string, files: readonly string[]): Promise<number> {
  const db = new Database(dbPath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL)');
    const insert = db.prepare<[string, string]>('INSERT INTO articles (title, text) VALUES (?, ?)');
    const insertAll = db.transaction((paths: readonly string[]) => {
      for (const path of paths) {
        const text = readFileSync(path, 'utf8');
        const lineEnd = text.indexOf('\n');
        insert.run(lineEnd < 0 ? text : text.slice(0, lineEnd), text);
      }
    });
    return (await timed(() => insertAll(files))).ms;
  } finally {
    db.close();
  }
}

export async function runIngestBbc(context: SuiteContext): Promise<BenchRow[]> {
  if (!existsSync(DATASET_DIR)) throw new SuiteSkipped(`no dataset at ${DATASET_DIR}`);
  const files = listArticleFiles(DATASET_DIR);
  const byteIdentical = countByteIdenticalDuplicates(files); // also warms the page cache for both sides
  const workDir = mkdtempSync(join(tmpdir(), 'newsbot-bench-bbc-'));
  try {
    const pipelineMs: number[] = [];
    const baselineMs: number[] = [];
    const deferredMs: number[] = [];
    let firstReport: IngestReport | undefined;
    for (let run = 0; run < RUNS; run += 1) {
      const { ms, report } = await ingestOnce(join(workDir, `pipeline-${run}.db`));
      pipelineMs.push(ms);
      firstReport ??= report;
      baselineMs.push(await plainInsertOnce(join(workDir, `plain-${run}.db`), files));
      deferredMs.push((await ingestOnce(join(workDir, `deferred-${run}.db`), true)).ms);
    }
    const report = firstReport as IngestReport;
    const inputs = report.added + report.duplicates + report.rejected.length;
    if (inputs !== files.length) context.note(`${SUITE}: the pipeline read ${inputs} inputs but the folder has ${files.length} .txt files`);
    for (const rejection of report.rejected.slice(0, 5)) {
      context.note(`${SUITE}: rejected ${rejection.path}: ${rejection.reason} (${rejection.detail})`);
    }

    const pipeline = median(pipelineMs);
    const plain = median(baselineMs);
    context.note(`${SUITE}: ${files.length} files, median of ${RUNS} runs; pipeline runs ${pipelineMs.map((ms) => ms.toFixed(0)).join('/')} ms`);
    const perSecond = (ms: number): number => files.length / (ms / 1000);
    return [
      row('throughput (full analysis and storage) vs plain INSERT', perSecond(pipeline), 'articles/s', {
        baseline: perSecond(plain),
        target: `≥ ${TARGET_ARTICLES_PER_SECOND}`,
      }),
      row('time per article (full analysis and storage) vs plain INSERT', pipeline / files.length, 'ms', {
        baseline: plain / files.length,
      }),
      row('throughput (sentence splitting and storage, analysis deferred) vs plain INSERT', perSecond(median(deferredMs)), 'articles/s', {
        baseline: perSecond(plain),
        target: `≥ ${TARGET_DEFERRED_ARTICLES_PER_SECOND}`,
      }),
      row('articles added', report.added, ''),
      // Byte-identical files must all be caught; the pipeline may find more (it compares normalised text).
      row('duplicates found vs byte-identical', report.duplicates, '', { baseline: byteIdentical, target: `≥ ${byteIdentical}` }),
      row('rejected', report.rejected.length, '', { target: '= 0' }),
    ];
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

export const ingestBbcSuite: Suite = { name: SUITE, aliases: ['ingest', 'bbc'], run: runIngestBbc };
