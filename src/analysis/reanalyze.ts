import { groupUngroupedArticles } from '../events/assign.ts';
import { analyzeArticle, ANALYSIS_VERSION } from '../nlp/pipeline.ts';
import type { ArticleStore } from '../store/article-store.ts';

const BATCH_SIZE = 200;

/**
 * Re-runs the analysis pipeline over every stored article analysed by an older version of it (after an upgrade),
 * one article at a time, each replaced whole. Returns how many were updated.
 */
export async function reanalyzeStaleArticles(store: ArticleStore, onProgress?: (updated: number) => void): Promise<number> {
  let updated = 0;
  for (;;) {
    const stale = await store.listStaleArticles(ANALYSIS_VERSION, BATCH_SIZE);
    if (stale.length === 0) {
      // Articles stored with their analysis deferred join their events now that their names are known.
      await groupUngroupedArticles(store);
      return updated;
    }
    for (const { id, guildId } of stale) {
      const article = await store.getArticle(id, guildId);
      if (article === null) continue;
      await store.replaceAnalysis(id, analyzeArticle(article, { title: article.title }), ANALYSIS_VERSION);
      updated += 1;
    }
    onProgress?.(updated);
  }
}
