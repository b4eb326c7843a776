import type { NewArticle, RawArticle } from '../../src/domain/article.ts';
import { prepareArticle } from '../../src/ingest/prepare.ts';
import { analyzeArticle, ANALYSIS_VERSION } from '../../src/nlp/pipeline.ts';
import type { AnalyzedArticle } from '../../src/store/article-store.ts';

export const REFERENCE_DATE = new Date('2026-11-27T12:00:00Z');

export function raw(fields: Partial<RawArticle> & { text: string }): RawArticle {
  return { title: null, url: null, source: null, published: null, ...fields };
}

/** A prepared article from invented text, as ingest would store it. */
export function article(fields: Partial<RawArticle> & { text: string }, guildId: string | null = null): NewArticle {
  const result = prepareArticle(raw(fields), { guildId, now: REFERENCE_DATE });
  if (!result.ok) throw new Error(`fixture article rejected: ${result.detail}`);
  return result.article;
}

/** Articles with their analysis, ready for the store. */
export function analyzed(...articles: NewArticle[]): AnalyzedArticle[] {
  return articles.map((article) => ({ article, analysis: analyzeArticle(article), analysisVersion: ANALYSIS_VERSION }));
}
