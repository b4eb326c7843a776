import type { GuildScope } from '../domain/article.ts';
import type { ArticleStore } from '../store/article-store.ts';

/** A cheap index lookup: does any article visible in this scope match? Lets a no-match answer come at once. */
export async function anyArticleMatches(store: ArticleStore, text: string, scope: { readonly guildId: GuildScope }): Promise<boolean> {
  const hits = await store.searchArticles(text, { limit: 1, guildId: scope.guildId });
  return hits.length > 0;
}
