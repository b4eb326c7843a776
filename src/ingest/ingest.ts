import { analysisJobFor, runAnalysisJob } from './analysis-job.ts';
import { defaultAnalysisWorkers, startAnalysisPool, type AnalysisPool } from './analysis-pool.ts';
import type { GuildScope, NewArticle } from '../domain/article.ts';
import type { ArticleAnalysis } from '../nlp/analysis-types.ts';
import { ANALYSIS_VERSION } from '../nlp/pipeline.ts';
import type { AnalyzedArticle, ArticleStore } from '../store/article-store.ts';
import { EventGrouper, groupUngroupedArticles } from '../events/assign.ts';
import { prepareArticle } from './prepare.ts';
import { readInputs, type RejectReason } from './sources.ts';

/** Articles saved per transaction: large enough to amortise the commit, small enough to lose little on a crash. */
const BATCH_SIZE = 1000;

export interface Rejection {
  readonly path: string;
  readonly reason: RejectReason;
  readonly detail: string;
}

export interface IngestReport {
  added: number;
  duplicates: number;
  rejected: Rejection[];
  /** Inputs kept with a field ignored (an unreadable date, a bad URL), one line each. */
  warnings: string[];
  /** Ids of the articles added, in input order. */
  addedIds: string[];
}

export interface IngestProgress {
  readonly read: number;
  readonly added: number;
  readonly duplicates: number;
  readonly rejected: number;
}

export interface IngestDeps {
  readonly store: ArticleStore;
  readonly clock: () => Date;
  readonly limits: { readonly maxArticleBytes: number };
  readonly stdin?: NodeJS.ReadableStream;
  readonly onProgress?: (progress: IngestProgress) => void;
  /**
   * Worker threads that analyse an ingest of more than a batch while this thread stores it; 0 analyses everything
   * on this thread. Defaults to one per core but one (see defaultAnalysisWorkers).
   */
  readonly analysisWorkers?: number;
}

export interface IngestOptions {
  readonly guildId: GuildScope;
  /**
   * Store articles with their paragraphs and sentences only, leaving the analysis to `newsbot reanalyze`: for bulk
   * imports, which then load several times faster. Answers about such articles are empty until they are analysed.
   */
  readonly deferAnalysis?: boolean;
}

/** What a deferred article carries until `reanalyze` reaches it; version 0 marks it as never analysed. */
const NOT_YET_ANALYZED: ArticleAnalysis = { entities: [], quotes: [], dates: [], summaryRanking: [], skipped: [] };

/** Prepared articles on their way to the store, with the counts as they stood when the last of them was read. */
interface Batch {
  readonly articles: readonly NewArticle[];
  readonly read: number;
  readonly rejected: number;
}

/**
 * Analyses the batches of one ingest. Small ingests are analysed on this thread: starting workers costs more than it
 * saves. The first full batch shows the ingest is big; the workers start then and boot while that batch is analysed
 * here, and every later batch is analysed by them.
 */
class IngestAnalysis {
  private pool: AnalysisPool | null = null;

  constructor(private readonly mode: 'deferred' | { readonly workers: number }) {}

  analyze(articles: readonly NewArticle[]): Promise<AnalyzedArticle[]> {
    if (this.mode === 'deferred') {
      return Promise.resolve(articles.map((article) => ({ article, analysis: NOT_YET_ANALYZED, analysisVersion: 0 })));
    }
    if (this.pool !== null) return this.pool.analyze(articles).then((analyses) => pairUp(articles, analyses));
    if (this.mode.workers > 0 && articles.length >= BATCH_SIZE) this.pool = startAnalysisPool({ workers: this.mode.workers });
    return Promise.resolve(
      articles.map((article) => ({ article, analysis: runAnalysisJob(analysisJobFor(article)), analysisVersion: ANALYSIS_VERSION })),
    );
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

function pairUp(articles: readonly NewArticle[], analyses: readonly ArticleAnalysis[]): AnalyzedArticle[] {
  return articles.map((article, index) => {
    const analysis = analyses[index];
    if (analysis === undefined) throw new Error(`the analysis workers returned ${analyses.length} analyses for ${articles.length} articles`);
    return { article, analysis, analysisVersion: ANALYSIS_VERSION };
  });
}

/**
 * Reads every input under the given paths, prepares each article and stores the new ones. Bad inputs are reported,
 * never fatal: the batch always goes on.
 */
export async function ingestPaths(paths: readonly string[], deps: IngestDeps, options: IngestOptions): Promise<IngestReport> {
  const report: IngestReport = { added: 0, duplicates: 0, rejected: [], warnings: [], addedIds: [] };
  const grouper = new EventGrouper(deps.store);
  const analysis = new IngestAnalysis(options.deferAnalysis === true ? 'deferred' : { workers: deps.analysisWorkers ?? defaultAnalysisWorkers() });
  let read = 0;
  let collecting: NewArticle[] = [];
  /** The newest batch, being analysed (in a worker, for big ingests) while this thread stores the one before. */
  let analysing: { readonly batch: Batch; readonly analyzed: Promise<AnalyzedArticle[]> } | null = null;

  const store = async (batch: Batch, analyzed: readonly AnalyzedArticle[]): Promise<void> => {
    const outcomes = await deps.store.saveArticles(analyzed);
    // Each new article joins (or starts) its event as it arrives, so answers about events are current at once; the
    // analysis is still in memory, so it is not read back. Deferred articles are grouped once analysed.
    await deps.store.inTransaction(async () => {
      for (const [index, outcome] of outcomes.entries()) {
        const item = analyzed[index];
        if (outcome.status === 'added' && item !== undefined && item.analysisVersion > 0) await grouper.group(item.article, item.analysis);
      }
    });
    for (const outcome of outcomes) {
      if (outcome.status === 'added') {
        report.added += 1;
        report.addedIds.push(outcome.id);
      } else {
        report.duplicates += 1;
      }
    }
    deps.onProgress?.({ read: batch.read, added: report.added, duplicates: report.duplicates, rejected: batch.rejected });
  };

  /** Hands the collected articles to the analysis, then stores the batch before them, whose analysis is done by now. */
  const closeBatch = async (): Promise<void> => {
    if (collecting.length === 0) return;
    const batch: Batch = { articles: collecting, read, rejected: report.rejected.length };
    collecting = [];
    const analyzed = analysis.analyze(batch.articles);
    // Awaited only after the batch before is stored; a failure meanwhile (or at close) must not count as unhandled.
    analyzed.catch(() => undefined);
    const previous = analysing;
    analysing = { batch, analyzed };
    if (previous !== null) await store(previous.batch, await previous.analyzed);
  };

  const storeLastBatch = async (): Promise<void> => {
    const last = analysing;
    analysing = null;
    if (last !== null) await store(last.batch, await last.analyzed);
  };

  try {
    for await (const item of readInputs(paths, deps.limits, deps.stdin)) {
      read += 1;
      if (!item.ok) {
        report.rejected.push({ path: item.label, reason: item.reason, detail: item.detail });
        continue;
      }
      const prepared = prepareArticle(item.article, { guildId: options.guildId, now: deps.clock() });
      if (!prepared.ok) {
        report.rejected.push({ path: item.label, reason: prepared.reason, detail: prepared.detail });
        continue;
      }
      for (const warning of prepared.warnings) report.warnings.push(`${item.label}: ${warning}`);
      // Analysis happens once, at ingest, so that every later answer is a few indexed reads.
      collecting.push(prepared.article);
      if (collecting.length >= BATCH_SIZE) await closeBatch();
    }
    await closeBatch();
    await storeLastBatch();
  } finally {
    await analysis.close();
  }
  // Articles analysed earlier but never grouped (stored by an older newsbot) join their events too.
  await groupUngroupedArticles(deps.store, undefined, grouper);
  return report;
}
