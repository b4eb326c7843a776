import type { AutocompleteInteraction } from 'discord.js';
import type { ArticleSummary } from '../domain/article.ts';
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

/**
 * Topic suggestions from the search index: titles of matching articles, deduplicated, at most 25 of at most 100
 * characters; before anything is typed, the newest titles.
 */
export function topicAutocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  return answer(interaction, deps, async () => {
    const focused = focusedText(interaction);
    const articles =
      focused.length > 0
        ? (await deps.store.searchArticles(focused, { limit: MAX_CHOICES, ...scopeOf(interaction) })).map((hit) => hit.article)
        : await deps.store.listRecentArticles({ limit: MAX_CHOICES, ownOnly: false, ...scopeOf(interaction) });
    const seen = new Set<string>();
    const choices: Choice[] = [];
    for (const article of articles) {
      const title = shortenAtWord(oneLine(article.title), MAX_CHOICE_LENGTH);
      const key = title.toLowerCase();
      if (title.length === 0 || seen.has(key)) continue;
      seen.add(key);
      choices.push({ name: title, value: title });
    }
    return choices;
  });
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
