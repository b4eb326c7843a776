import { SlashCommandBuilder } from 'discord.js';
import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotDeps } from '../src/discord/deps.ts';
import type { PageSessions } from '../src/discord/paging.ts';
import { searchResultsCard } from '../src/discord/cards.ts';
import { MAX_TOPIC_LENGTH, textOption } from '../src/discord/options.ts';
import { noMatchMessage, replyEphemeral, sendCard } from '../src/discord/respond.ts';
import { scopeOf } from '../src/discord/scope.ts';

const LIMIT = 50;
const PER_PAGE = 10;

export const data = new SlashCommandBuilder()
  .setName('search')
  .setDescription('Find stored articles, newest first')
  .addStringOption((o) => o.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(MAX_TOPIC_LENGTH));

export const expensive = true;

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps, pages: PageSessions): Promise<void> {
  const query = textOption(interaction, 'query');
  const hits = await deps.store.searchArticles(query, { limit: LIMIT, ...scopeOf(interaction) });
  if (hits.length === 0) return replyEphemeral(interaction, noMatchMessage('your search', query));
  const { card, sources } = searchResultsCard(query, hits);
  await sendCard(interaction, pages, card, { sources, linesPerPage: PER_PAGE });
}
