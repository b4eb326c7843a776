import { SlashCommandBuilder } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { eventTimeline } from '../src/answers/event-answers.ts';
import { eventTimelineCard } from '../src/render/event-cards.ts';
import { timelinePicture } from '../src/pictures/event-pictures.ts';
import { pictureAttachment } from '../src/discord/pictures.ts';
import { topicAutocomplete } from '../src/discord/autocomplete.ts';
import type { BotDeps } from '../src/discord/deps.ts';
import type { PageSessions } from '../src/discord/paging.ts';
import { MAX_TOPIC_LENGTH, textOption } from '../src/discord/options.ts';
import { eventForTopic } from '../src/discord/precheck.ts';
import { noMatchMessage, replyEphemeral, sendCard } from '../src/discord/respond.ts';
import { scopeOf } from '../src/discord/scope.ts';

const DEFAULT_DATES = 12;
const MAX_DATES = 30;

export const data = new SlashCommandBuilder()
  .setName('timeline')
  .setDescription('The dated timeline of the news event that best matches a topic')
  .addStringOption((o) =>
    o.setName('topic').setDescription('What the timeline is about, e.g. Kelmsford flood').setRequired(true).setMaxLength(MAX_TOPIC_LENGTH).setAutocomplete(true),
  )
  .addIntegerOption((o) => o.setName('dates').setDescription(`How many dates at most (default ${DEFAULT_DATES})`).setMinValue(1).setMaxValue(MAX_DATES));

export const expensive = true;

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const topic = textOption(interaction, 'topic');
  const dates = Math.min(MAX_DATES, Math.max(1, interaction.options.getInteger('dates') ?? DEFAULT_DATES));
  const scope = scopeOf(interaction);
  const event = await eventForTopic(deps.store, topic, scope);
  if (event === null) return replyEphemeral(interaction, noMatchMessage('a timeline', topic));
  await interaction.deferReply();
  const answer = await eventTimeline(deps.store, event, scope.guildId, { dates });
  const picture = pictureAttachment('timeline.png', () => deps.pictures.timeline(timelinePicture(answer, deps.clock())), deps.logger, { event: event.id });
  await sendCard(interaction, pages, eventTimelineCard(answer), { sources: answer.articles, files: picture === null ? [] : [picture] });
}

export function autocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  return topicAutocomplete(interaction, deps);
}
