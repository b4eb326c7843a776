import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { NewArticle } from '../domain/article.ts';
import type { ArticleAnalysis } from '../nlp/analysis-types.ts';
import { analysisJobFor, type AnalysisReply, type AnalysisRequest } from './analysis-job.ts';

/** Beyond this, saving on the main thread is the bottleneck and more workers only hold memory. */
const MAX_ANALYSIS_WORKERS = 4;

const WORKER_ENTRY = new URL('./analysis-worker-entry.js', import.meta.url);

/** Analyses articles in worker threads, so that the thread that stores them can go on meanwhile. */
export interface AnalysisPool {
  /** The analyses in the order of the articles: the same as `runAnalysisJob` gives on this thread. */
  analyze(articles: readonly NewArticle[]): Promise<ArticleAnalysis[]>;
  /** Stops the workers; analyses still pending reject. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * One core stays with the thread that saves articles; the others analyse. On a single core a worker would only add
 * its start-up and the copying, so there is none.
 */
export function defaultAnalysisWorkers(cores = availableParallelism()): number {
  return Math.min(MAX_ANALYSIS_WORKERS, Math.max(0, cores - 1));
}

interface PendingRequest {
  readonly articles: number;
  readonly resolve: (analyses: readonly ArticleAnalysis[]) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly thread: Worker;
  readonly pending: Map<number, PendingRequest>;
  /** Articles sent and not yet answered: new work goes to the least loaded worker. */
  queuedArticles: number;
}

export interface AnalysisPoolOptions {
  readonly workers: number;
  /** The worker's first module; tests start a worker that misbehaves. */
  readonly entry?: URL;
}

export function startAnalysisPool(options: AnalysisPoolOptions): AnalysisPool {
  return new WorkerAnalysisPool(options.workers, options.entry ?? WORKER_ENTRY);
}

class WorkerAnalysisPool implements AnalysisPool {
  private readonly workers: PoolWorker[];
  private nextRequestId = 0;
  /** Set once the pool is closed or a worker failed: every later request rejects with it. */
  private failure: Error | null = null;

  constructor(workerCount: number, entry: URL) {
    if (!Number.isInteger(workerCount) || workerCount < 1) throw new RangeError(`an analysis pool needs at least one worker, not ${workerCount}`);
    this.workers = Array.from({ length: workerCount }, () => this.startWorker(entry));
  }

  private startWorker(entry: URL): PoolWorker {
    // No inherited flags: the parent's `--import`s (tsx, the tests' network guard) would load before the entry has
    // registered tsx, and fail on TypeScript. The entry sets up what the analysis needs.
    const worker: PoolWorker = { thread: new Worker(entry, { execArgv: [] }), pending: new Map(), queuedArticles: 0 };
    // An idle worker must not keep the process alive: a caller that forgets close() still exits.
    worker.thread.unref();
    worker.thread.on('message', (reply: AnalysisReply) => this.settle(worker, reply));
    worker.thread.on('error', (error) => this.fail(new Error(`an analysis worker failed: ${error.message}`, { cause: error })));
    worker.thread.on('messageerror', (error) => this.fail(new Error(`an analysis worker's reply could not be read: ${error.message}`, { cause: error })));
    worker.thread.on('exit', (code) => this.fail(new Error(`an analysis worker stopped (exit code ${code})`)));
    return worker;
  }

  async analyze(articles: readonly NewArticle[]): Promise<ArticleAnalysis[]> {
    if (articles.length === 0) return [];
    const jobs = articles.map(analysisJobFor);
    // Contiguous slices, one per worker at most, so that concatenating the replies restores the input order.
    const sliceLength = Math.ceil(jobs.length / this.workers.length);
    const slices: Promise<readonly ArticleAnalysis[]>[] = [];
    for (let start = 0; start < jobs.length; start += sliceLength) slices.push(this.send(jobs.slice(start, start + sliceLength)));
    return (await Promise.all(slices)).flat();
  }

  private send(jobs: AnalysisRequest['jobs']): Promise<readonly ArticleAnalysis[]> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const worker = this.workers.reduce((least, candidate) => (candidate.queuedArticles < least.queuedArticles ? candidate : least));
    const id = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      worker.pending.set(id, { articles: jobs.length, resolve, reject });
      worker.queuedArticles += jobs.length;
      if (worker.pending.size === 1) worker.thread.ref();
      const request: AnalysisRequest = { id, jobs };
      worker.thread.postMessage(request);
    });
  }

  private settle(worker: PoolWorker, reply: AnalysisReply): void {
    const request = worker.pending.get(reply.id);
    if (request === undefined) return;
    worker.pending.delete(reply.id);
    worker.queuedArticles -= request.articles;
    if (worker.pending.size === 0) worker.thread.unref();
    if (reply.ok) request.resolve(reply.analyses);
    else request.reject(new Error(`analysis failed in a worker: ${reply.message}`));
  }

  /** A worker that crashed or stopped leaves its requests unanswered forever: reject them all and stop the rest. */
  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.rejectPending(error);
    for (const worker of this.workers) void worker.thread.terminate();
  }

  private rejectPending(error: Error): void {
    for (const worker of this.workers) {
      for (const request of worker.pending.values()) request.reject(error);
      worker.pending.clear();
      worker.queuedArticles = 0;
      worker.thread.unref();
    }
  }

  async close(): Promise<void> {
    if (this.failure === null) {
      this.failure = new Error('the analysis pool is closed');
      this.rejectPending(this.failure);
    }
    await Promise.all(this.workers.map((worker) => worker.thread.terminate()));
  }
}
