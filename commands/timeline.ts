import { SlashCommandBuilder } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { timelineForTopic } from '../src/answers/topic-answers.ts';
import { timelineCard } from '../src/render/answer-cards.ts';
import { topicAutocomplete } from '../src/discord/autocomplete.ts';
import type { BotDeps } from '../src/discord/deps.ts';
import type { PageSessions } from '../src/discord/paging.ts';
import { MAX_TOPIC_LENGTH, textOption } from '../src/discord/options.ts';
import { anyArticleMatches } from '../src/discord/precheck.ts';
import { noMatchMessage, replyEphemeral, sendCard } from '../src/discord/respond.ts';
import { scopeOf } from '../src/discord/scope.ts';

const LIMIT = 15;

export const data = new SlashCommandBuilder()
  .setName('timeline')
  .setDescription('Dated statements from the articles that best match a topic, in date order')
  .addStringOption((o) =>
    o.setName('topic').setDescription('What the timeline is about, e.g. Kelmsford flood').setRequired(true).setMaxLength(MAX_TOPIC_LENGTH).setAutocomplete(true),
  );

export const expensive = true;

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const topic = textOption(interaction, 'topic');
  const scope = scopeOf(interaction);
  if (!(await anyArticleMatches(deps.store, topic, scope))) return replyEphemeral(interaction, noMatchMessage('a timeline', topic));
  await interaction.deferReply();
  const answer = await timelineForTopic(deps.store, topic, { ...scope, limit: LIMIT });
  await sendCard(interaction, pages, timelineCard(answer), { sources: answer.articles });
}

export function autocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  return topicAutocomplete(interaction, deps);
}
