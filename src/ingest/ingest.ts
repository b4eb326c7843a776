import type { GuildScope } from '../domain/article.ts';
import type { ArticleAnalysis } from '../nlp/analysis-types.ts';
import { analyzeArticle, ANALYSIS_VERSION } from '../nlp/pipeline.ts';
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

/**
 * Reads every input under the given paths, prepares each article and stores the new ones. Bad inputs are reported,
 * never fatal: the batch always goes on.
 */
export async function ingestPaths(paths: readonly string[], deps: IngestDeps, options: IngestOptions): Promise<IngestReport> {
  const report: IngestReport = { added: 0, duplicates: 0, rejected: [], warnings: [], addedIds: [] };
  const grouper = new EventGrouper(deps.store);
  let read = 0;
  let pending: AnalyzedArticle[] = [];

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const saved = pending;
    const outcomes = await deps.store.saveArticles(saved);
    pending = [];
    // Each new article joins (or starts) its event as it arrives, so answers about events are current at once; the
    // analysis is still in memory, so it is not read back. Deferred articles are grouped once analysed.
    await deps.store.inTransaction(async () => {
      for (const [index, outcome] of outcomes.entries()) {
        const item = saved[index];
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
    deps.onProgress?.({ read, added: report.added, duplicates: report.duplicates, rejected: report.rejected.length });
  };

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
    // Analysis happens once, here, so that every later answer is a few indexed reads.
    pending.push(
      options.deferAnalysis === true
        ? { article: prepared.article, analysis: NOT_YET_ANALYZED, analysisVersion: 0 }
        : { article: prepared.article, analysis: analyzeArticle(prepared.article, { title: prepared.article.title }), analysisVersion: ANALYSIS_VERSION },
    );
    if (pending.length >= BATCH_SIZE) await flush();
  }
  await flush();
  // Articles analysed earlier but never grouped (stored by an older newsbot) join their events too.
  await groupUngroupedArticles(deps.store, undefined, grouper);
  return report;
}
