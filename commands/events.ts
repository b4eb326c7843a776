import { SlashCommandBuilder } from 'discord.js';
import type { ChatInputCommandInteraction } from 'discord.js';
import { currentEvents } from '../src/answers/event-answers.ts';
import { eventsListCard } from '../src/render/event-cards.ts';
import type { BotDeps } from '../src/discord/deps.ts';
import type { PageSessions } from '../src/discord/paging.ts';
import { sendCard } from '../src/discord/respond.ts';
import { scopeOf } from '../src/discord/scope.ts';

const LIMIT = 50;
const PER_PAGE = 10;

export const data = new SlashCommandBuilder().setName('events').setDescription('Current news events, most outlets first');

export const expensive = true;

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const events = await currentEvents(deps.store, scopeOf(interaction).guildId, LIMIT);
  await sendCard(interaction, pages, eventsListCard(events, 'Current events'), { sources: [], linesPerPage: PER_PAGE });
}
