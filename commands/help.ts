import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotDeps } from '../src/discord/deps.ts';
import { helpEmbed } from '../src/discord/cards.ts';

export const data = new SlashCommandBuilder().setName('help').setDescription('What newsbot can do');

export async function execute(interaction: ChatInputCommandInteraction, _deps: BotDeps): Promise<void> {
  await interaction.reply({ embeds: [helpEmbed()], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
