import type { AutocompleteInteraction } from 'discord.js';
import type { BotDeps } from './deps.ts';
import { shortenAtWord } from '../text/shorten.ts';
import { scopeOf } from './scope.ts';
import { MAX_TOPIC_LENGTH } from './options.ts';

const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;

/**
 * Topic suggestions from the search index: titles of matching articles, deduplicated, at most 25 of at most 100
 * characters. An empty input gets no suggestions. Never throws: on any failure it answers with no choices.
 */
export async function topicAutocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  const focused = String(interaction.options.getFocused()).trim().slice(0, MAX_TOPIC_LENGTH);
  let choices: { name: string; value: string }[] = [];
  if (focused.length > 0) {
    try {
      const hits = await deps.store.searchArticles(focused, { limit: MAX_CHOICES, ...scopeOf(interaction) });
      const seen = new Set<string>();
      for (const hit of hits) {
        const title = shortenAtWord(hit.article.title.replace(/\s+/g, ' ').trim(), MAX_CHOICE_LENGTH);
        const key = title.toLowerCase();
        if (title.length === 0 || seen.has(key)) continue;
        seen.add(key);
        choices.push({ name: title, value: title });
      }
      choices = choices.slice(0, MAX_CHOICES);
    } catch (error) {
      deps.logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
    }
  }
  if (!interaction.responded) await interaction.respond(choices);
}
