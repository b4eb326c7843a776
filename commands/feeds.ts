import { AttachmentBuilder, ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { BotDeps } from '../src/discord/deps.ts';
import { escapeText } from '../src/discord/embeds.ts';
import { postingProblem } from '../src/discord/channel-access.ts';
import { codeUrl, feedListEmbed, feedName } from '../src/discord/feed-cards.ts';
import { replyEphemeral } from '../src/discord/respond.ts';
import { canManageServer, requireGuild } from '../src/discord/scope.ts';
import { UserFacingError } from '../src/errors.ts';
import { addFeed, exportFeeds, importFeeds, listFeeds, removeFeed } from '../src/feeds/manage.ts';
import { shortenAtWord } from '../src/text/shorten.ts';

const URL_LENGTH = 500;
const FILTER_LENGTH = 200;
const ID_LENGTH = 40;
/** OPML files larger than this are not subscription lists anyone types. */
const MAX_OPML_BYTES = 1_000_000;
const FEED_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const data = new SlashCommandBuilder()
  .setName('feeds')
  .setDescription('News feeds this server follows: new events are posted in a channel (Manage Server)')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Follow an RSS or Atom feed and post its new events in a channel')
      .addStringOption((o) => o.setName('url').setDescription('The feed’s address (https://…)').setRequired(true).setMaxLength(URL_LENGTH))
      .addChannelOption((o) => o.setName('channel').setDescription('Where its events are posted').setRequired(true).addChannelTypes(...FEED_CHANNEL_TYPES))
      .addStringOption((o) => o.setName('filter').setDescription('Only items containing one of these words').setMaxLength(FILTER_LENGTH)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Stop following a feed (its stored articles stay)')
      .addStringOption((o) => o.setName('id').setDescription('The feed (type words of its address)').setRequired(true).setMaxLength(ID_LENGTH).setAutocomplete(true)),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription('The feeds this server follows, with their channel and state'))
  .addSubcommand((sub) =>
    sub
      .setName('import')
      .setDescription('Follow every feed of an OPML file (a feed reader’s export)')
      .addAttachmentOption((o) => o.setName('file').setDescription('An .opml file').setRequired(true))
      .addChannelOption((o) => o.setName('channel').setDescription('Where their events are posted').setRequired(true).addChannelTypes(...FEED_CHANNEL_TYPES)),
  )
  .addSubcommand((sub) => sub.setName('export').setDescription('This server’s feeds as an OPML file, for a feed reader'));

export const expensive = true;

async function add(interaction: ChatInputCommandInteraction, deps: BotDeps, guildId: string): Promise<void> {
  const url = interaction.options.getString('url', true).trim();
  const channel = interaction.options.getChannel('channel', true, [...FEED_CHANNEL_TYPES]);
  const filter = interaction.options.getString('filter')?.trim() || null;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const problem = await postingProblem(interaction.client, channel.id);
  if (problem !== null) return replyEphemeral(interaction, problem);
  const { pollMinutes } = deps.feeds;
  const feed = await addFeed(deps, { url, guildId, channelId: channel.id, filter, addedBy: interaction.user.id, pollMinutes });
  await replyEphemeral(
    interaction,
    `Following ${feedName(feed)} in <#${channel.id}> (id \`${feed.id}\`)${feed.filter === null ? '' : `, only items about: ${escapeText(feed.filter)}`}. ` +
      `Its current items are stored quietly; new events are posted from the next check (about every ${pollMinutes} minutes).`,
  );
}

async function remove(interaction: ChatInputCommandInteraction, deps: BotDeps, guildId: string): Promise<void> {
  const removed = await removeFeed(deps.store, interaction.options.getString('id', true).trim(), guildId);
  await replyEphemeral(interaction, `Stopped following ${feedName(removed)} (id \`${removed.id}\`). Articles already stored stay.`);
}

async function list(interaction: ChatInputCommandInteraction, deps: BotDeps, guildId: string): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply({ embeds: [feedListEmbed(await listFeeds(deps.store, guildId))], allowedMentions: { parse: [] } });
}

async function importFile(interaction: ChatInputCommandInteraction, deps: BotDeps, guildId: string): Promise<void> {
  const file = interaction.options.getAttachment('file', true);
  const channel = interaction.options.getChannel('channel', true, [...FEED_CHANNEL_TYPES]);
  if (!/\.(opml|xml)$/i.test(file.name)) {
    return replyEphemeral(interaction, 'Please attach an .opml file: a feed reader’s export of its subscriptions.');
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const problem = await postingProblem(interaction.client, channel.id);
  if (problem !== null) return replyEphemeral(interaction, problem);
  const opml = await deps.attachments.read(file.url, MAX_OPML_BYTES);
  const { added, skipped } = await importFeeds(deps, opml, { guildId, channelId: channel.id, filter: null, addedBy: interaction.user.id, pollMinutes: deps.feeds.pollMinutes });
  const lines = [`Following ${added.length} new feed${added.length === 1 ? '' : 's'} in <#${channel.id}>.`];
  if (skipped.length > 0) {
    lines.push(`Skipped ${skipped.length}:`);
    for (const { url, reason } of skipped.slice(0, 10)) lines.push(`- ${codeUrl(url)}: ${escapeText(shortenAtWord(reason, 150))}`);
    if (skipped.length > 10) lines.push(`- …and ${skipped.length - 10} more`);
  }
  await replyEphemeral(interaction, lines.join('\n'));
}

async function exportFile(interaction: ChatInputCommandInteraction, deps: BotDeps, guildId: string): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const opml = await exportFeeds(deps.store, guildId);
  const file = new AttachmentBuilder(Buffer.from(opml, 'utf8'), { name: 'newsbot-feeds.opml' });
  await interaction.editReply({ content: 'This server’s feeds, as OPML (a feed reader can import it):', files: [file], allowedMentions: { parse: [] } });
}

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps): Promise<void> {
  const guildId = requireGuild(interaction, 'Following feeds');
  if (!canManageServer(interaction)) {
    return replyEphemeral(interaction, 'Only members with the Manage Server permission can change or see this server’s feeds.');
  }
  switch (interaction.options.getSubcommand()) {
    case 'add':
      return add(interaction, deps, guildId);
    case 'remove':
      return remove(interaction, deps, guildId);
    case 'list':
      return list(interaction, deps, guildId);
    case 'import':
      return importFile(interaction, deps, guildId);
    case 'export':
      return exportFile(interaction, deps, guildId);
    default:
      throw new UserFacingError('Unknown /feeds action; try `/help`.');
  }
}

/** The server's feeds whose address, title or id contains the typed text; none for those who may not manage them. */
export async function autocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  let choices: { name: string; value: string }[] = [];
  try {
    if (interaction.guildId !== null && canManageServer(interaction)) {
      const typed = String(interaction.options.getFocused()).trim().toLowerCase();
      const feeds = await listFeeds(deps.store, interaction.guildId);
      choices = feeds
        .filter((feed) => typed === '' || [feed.id, feed.url, feed.title ?? ''].some((text) => text.toLowerCase().includes(typed)))
        .slice(0, 25)
        .map((feed) => {
          const channel = feed.channelId === null ? '' : ` · #${interaction.guild?.channels.cache.get(feed.channelId)?.name ?? 'deleted channel'}`;
          const label = (feed.title?.replace(/\s+/g, ' ').trim() || feed.url).slice(0, 100);
          return { name: `${shortenAtWord(label, 100 - channel.length)}${channel}`.slice(0, 100), value: feed.id };
        });
    }
  } catch (error) {
    deps.logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
  }
  if (!interaction.responded) await interaction.respond(choices);
}
