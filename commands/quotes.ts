import { SlashCommandBuilder } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { eventQuotes } from '../src/answers/event-answers.ts';
import { eventQuotesCard } from '../src/render/event-cards.ts';
import { topicAutocomplete } from '../src/discord/autocomplete.ts';
import type { BotDeps } from '../src/discord/deps.ts';
import type { PageSessions } from '../src/discord/paging.ts';
import { MAX_SPEAKER_LENGTH, MAX_TOPIC_LENGTH, optionalTextOption, textOption } from '../src/discord/options.ts';
import { eventForTopic } from '../src/discord/precheck.ts';
import { noMatchMessage, replyEphemeral, sendCard } from '../src/discord/respond.ts';
import { scopeOf } from '../src/discord/scope.ts';

const LIMIT = 10;

export const data = new SlashCommandBuilder()
  .setName('quotes')
  .setDescription('Key quotes with their speakers from the news event that best matches a topic')
  .addStringOption((o) =>
    o.setName('topic').setDescription('What the quotes are about, e.g. rail strike').setRequired(true).setMaxLength(MAX_TOPIC_LENGTH).setAutocomplete(true),
  )
  .addStringOption((o) => o.setName('speaker').setDescription('Only quotes by this person (any part of the name)').setMaxLength(MAX_SPEAKER_LENGTH));

export const expensive = true;

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const topic = textOption(interaction, 'topic');
  const speaker = optionalTextOption(interaction, 'speaker', MAX_SPEAKER_LENGTH);
  const scope = scopeOf(interaction);
  const event = await eventForTopic(deps.store, topic, scope);
  if (event === null) return replyEphemeral(interaction, noMatchMessage('quotes', topic));
  await interaction.deferReply();
  const answer = await eventQuotes(deps.store, event, scope.guildId, { speaker, limit: LIMIT });
  await sendCard(interaction, pages, eventQuotesCard(answer, speaker), { sources: answer.articles });
}

export function autocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  return topicAutocomplete(interaction, deps);
}
