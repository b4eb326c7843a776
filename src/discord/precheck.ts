import { resolveEvent } from '../answers/event-answers.ts';
import type { GuildScope } from '../domain/article.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { EventSummary } from '../store/event-store.ts';

/**
 * The event a topic means, from index lookups only (a search and a few reads): cheap enough to answer "no match" at
 * once, before deferring.
 */
export function eventForTopic(store: ArticleStore, topic: string, scope: { readonly guildId: GuildScope }): Promise<EventSummary | null> {
  return resolveEvent(store, { topic }, scope.guildId);
}
