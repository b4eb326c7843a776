import type { ArticleSummary } from '../domain/article.ts';
import { UserFacingError } from '../errors.ts';
import type { ArticleStore } from '../store/article-store.ts';

export interface RemovalRequester {
  readonly guildId: string;
  readonly userId: string;
  /** Holds Manage Server in that guild: may remove any of the guild's own articles. */
  readonly canManageServer: boolean;
}

/**
 * Removes one of a server's own articles, with its analysis: allowed to whoever added it and to those who manage the
 * server. Shared articles belong to the operator and are never removed from Discord.
 */
export async function removeArticle(store: ArticleStore, id: string, requester: RemovalRequester): Promise<ArticleSummary> {
  const article = await store.getArticle(id.trim(), requester.guildId);
  if (article === null) throw new UserFacingError(`No article with id \`${id.trim().slice(0, 40)}\` in this server. \`/search\` shows ids.`);
  if (article.guildId === null) {
    throw new UserFacingError('That article is shared by every server; only the bot’s operator can remove it.');
  }
  if (article.addedBy !== requester.userId && !requester.canManageServer) {
    throw new UserFacingError('Only the person who added that article, or someone with Manage Server, can remove it.');
  }
  if (!(await store.deleteGuildArticle(article.id, requester.guildId))) {
    throw new UserFacingError('That article was removed already.');
  }
  const { text: _text, segmentation: _segmentation, ...summary } = article;
  return summary;
}
