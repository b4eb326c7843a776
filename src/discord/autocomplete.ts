import type { AutocompleteInteraction } from 'discord.js';
import { currentEvents, EVENT_REFERENCE_PREFIX } from '../answers/event-answers.ts';
import type { ArticleSummary } from '../domain/article.ts';
import type { EventSummary } from '../store/event-store.ts';
import { shortenAtWord } from '../text/shorten.ts';
import type { BotDeps } from './deps.ts';
import { MAX_TOPIC_LENGTH } from './options.ts';
import { scopeOf } from './scope.ts';

const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;

interface Choice {
  readonly name: string;
  readonly value: string;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Answers with the choices, or with none when finding them failed: autocomplete never shows an error. */
async function answer(interaction: AutocompleteInteraction, deps: BotDeps, find: () => Promise<Choice[]>): Promise<void> {
  let choices: Choice[] = [];
  try {
    choices = (await find()).slice(0, MAX_CHOICES);
  } catch (error) {
    deps.logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
  }
  if (!interaction.responded) await interaction.respond(choices);
}

function focusedText(interaction: AutocompleteInteraction): string {
  return String(interaction.options.getFocused()).trim().slice(0, MAX_TOPIC_LENGTH);
}

/** Events whose articles match the typed words, best match first; before anything is typed, the current events. */
async function matchingEvents(interaction: AutocompleteInteraction, deps: BotDeps): Promise<EventSummary[]> {
  const focused = focusedText(interaction);
  const { guildId } = scopeOf(interaction);
  if (focused.length === 0) return currentEvents(deps.store, guildId, MAX_CHOICES);
  const events: EventSummary[] = [];
  const seen = new Set<string>();
  for (const hit of await deps.store.searchArticles(focused, { limit: MAX_CHOICES * 2, guildId })) {
    const event = await deps.store.events.eventOfArticle(hit.article.id, guildId);
    if (event === null || seen.has(event.id)) continue;
    seen.add(event.id);
    events.push(event);
  }
  return events;
}

/** "Title · 3 outlets" within 100 characters, the count kept whole. */
function eventChoiceName(event: EventSummary): string {
  const suffix = event.outletCount > 1 ? ` · ${event.outletCount} outlets` : '';
  return `${shortenAtWord(oneLine(event.title), MAX_CHOICE_LENGTH - suffix.length)}${suffix}`.slice(0, MAX_CHOICE_LENGTH);
}

/**
 * Topic suggestions: the events the typed words find, at most 25, each naming its event exactly (`event:ID`), so the
 * answer is about the event picked; before anything is typed, the current events.
 */
export function topicAutocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  return answer(interaction, deps, async () =>
    (await matchingEvents(interaction, deps)).map((event) => ({ name: eventChoiceName(event), value: `${EVENT_REFERENCE_PREFIX}${event.id}` })),
  );
}

/** Event suggestions whose value is the bare event id (`/event id:`). */
export function eventIdAutocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  return answer(interaction, deps, async () => (await matchingEvents(interaction, deps)).map((event) => ({ name: eventChoiceName(event), value: event.id })));
}

/** "Title (Outlet, 2026-11-26)" within 100 characters, the outlet and date kept whole. */
function articleChoiceName(article: ArticleSummary): string {
  const meta = ` (${[article.source, article.publishedAt.slice(0, 10)].filter((part) => part !== null).join(', ')})`;
  return `${shortenAtWord(oneLine(article.title), Math.max(20, MAX_CHOICE_LENGTH - meta.length))}${meta}`.slice(0, MAX_CHOICE_LENGTH);
}

/**
 * Article suggestions whose value is the article id: matching titles, or the newest before anything is typed.
 * `ownOnly` keeps to the server's own articles (those that can be removed); an id typed whole is offered as is.
 */
export function articleIdAutocomplete(interaction: AutocompleteInteraction, deps: BotDeps, options: { readonly ownOnly: boolean }): Promise<void> {
  return answer(interaction, deps, async () => {
    const focused = focusedText(interaction);
    const { guildId } = scopeOf(interaction);
    if (options.ownOnly && guildId === null) return [];
    const exact = /^[0-9a-f]{12}$/i.test(focused) ? await deps.store.getArticle(focused.toLowerCase(), guildId) : null;
    const found =
      focused.length > 0
        ? (await deps.store.searchArticles(focused, { limit: MAX_CHOICES * 2, guildId })).map((hit) => hit.article)
        : await deps.store.listRecentArticles({ limit: MAX_CHOICES, ownOnly: options.ownOnly, guildId });
    const articles = [...(exact ? [exact] : []), ...found].filter((article) => !options.ownOnly || article.guildId === guildId);
    const seen = new Set<string>();
    return articles
      .filter((article) => !seen.has(article.id) && seen.add(article.id))
      .map((article) => ({ name: articleChoiceName(article), value: article.id }));
  });
}
