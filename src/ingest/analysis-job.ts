import type { NewArticle } from '../domain/article.ts';
import type { AnalysisInput, ArticleAnalysis } from '../nlp/analysis-types.ts';
import { analyzeArticle } from '../nlp/pipeline.ts';

/**
 * What analysing one article at ingest reads: the pipeline's input and the headline. Only these fields cross to an
 * analysis worker, so that copying a batch between threads costs as little as it can.
 */
export interface AnalysisJob {
  readonly input: AnalysisInput;
  readonly title: string;
}

export function analysisJobFor(article: NewArticle): AnalysisJob {
  const { text, segmentation, publishedAt, language, title } = article;
  return { input: { text, segmentation, publishedAt, language }, title };
}

/** The one way ingest analyses an article, on this thread or in a worker: both must give the same analysis. */
export function runAnalysisJob(job: AnalysisJob): ArticleAnalysis {
  return analyzeArticle(job.input, { title: job.title });
}

/** A batch sent to an analysis worker; `id` pairs it with its reply. */
export interface AnalysisRequest {
  readonly id: number;
  readonly jobs: readonly AnalysisJob[];
}

/** The analyses of a request's jobs in the same order, or why the worker could not produce them. */
export type AnalysisReply =
  | { readonly id: number; readonly ok: true; readonly analyses: readonly ArticleAnalysis[] }
  | { readonly id: number; readonly ok: false; readonly message: string };
