import { SlashCommandBuilder } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { eventOverview } from '../src/answers/event-answers.ts';
import { eventOverviewCard } from '../src/render/event-cards.ts';
import { coveragePicture } from '../src/pictures/event-pictures.ts';
import { pictureAttachment } from '../src/discord/pictures.ts';
import { eventIdAutocomplete } from '../src/discord/autocomplete.ts';
import type { BotDeps } from '../src/discord/deps.ts';
import { escapeText } from '../src/discord/embeds.ts';
import type { PageSessions } from '../src/discord/paging.ts';
import { replyEphemeral, sendCard } from '../src/discord/respond.ts';
import { scopeOf } from '../src/discord/scope.ts';

const ID_LENGTH = 40;
const OVERVIEW = { sentences: 4, quotes: 3, dates: 8 } as const;

export const data = new SlashCommandBuilder()
  .setName('event')
  .setDescription('One news event: who reported it first, its outlets, summary, key quotes and timeline')
  .addStringOption((o) => o.setName('id').setDescription('The event (type words of its story)').setRequired(true).setMaxLength(ID_LENGTH).setAutocomplete(true));

export const expensive = true;

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const id = interaction.options.getString('id', true).trim();
  const { guildId } = scopeOf(interaction);
  const event = await deps.store.events.getEvent(id, guildId);
  if (event === null) {
    return replyEphemeral(interaction, `No event with id \`${escapeText(id.slice(0, ID_LENGTH))}\` here. Type words of the story to pick one, or see \`/events\`.`);
  }
  await interaction.deferReply();
  const overview = await eventOverview(deps.store, event, guildId, OVERVIEW);
  const chart = pictureAttachment('coverage.png', () => deps.pictures.coverage(coveragePicture(event, overview.articles, deps.clock())), deps.logger, { event: event.id });
  await sendCard(interaction, pages, eventOverviewCard(overview), { sources: overview.summary.articles, files: chart === null ? [] : [chart] });
}

export function autocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  return eventIdAutocomplete(interaction, deps);
}
