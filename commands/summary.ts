import { SlashCommandBuilder } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { eventSummary } from '../src/answers/event-answers.ts';
import { eventSummaryCard } from '../src/render/event-cards.ts';
import { topicAutocomplete } from '../src/discord/autocomplete.ts';
import type { BotDeps } from '../src/discord/deps.ts';
import type { PageSessions } from '../src/discord/paging.ts';
import { MAX_TOPIC_LENGTH, textOption } from '../src/discord/options.ts';
import { eventForTopic } from '../src/discord/precheck.ts';
import { noMatchMessage, replyEphemeral, sendCard } from '../src/discord/respond.ts';
import { scopeOf } from '../src/discord/scope.ts';

const SENTENCES = 5;

export const data = new SlashCommandBuilder()
  .setName('summary')
  .setDescription('A summary of the news event that best matches a topic, quoted verbatim from its articles')
  .addStringOption((o) =>
    o.setName('topic').setDescription('What to summarise, e.g. rail strike').setRequired(true).setMaxLength(MAX_TOPIC_LENGTH).setAutocomplete(true),
  );

export const expensive = true;

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const topic = textOption(interaction, 'topic');
  const scope = scopeOf(interaction);
  const event = await eventForTopic(deps.store, topic, scope);
  if (event === null) return replyEphemeral(interaction, noMatchMessage('a summary', topic));
  await interaction.deferReply();
  const answer = await eventSummary(deps.store, event, scope.guildId, { sentences: SENTENCES });
  await sendCard(interaction, pages, eventSummaryCard(answer), { sources: answer.articles });
}

export function autocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  return topicAutocomplete(interaction, deps);
}
