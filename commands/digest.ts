import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { postingProblem, rolePingProblem } from '../src/discord/channel-access.ts';
import { escapeText } from '../src/discord/embeds.ts';
import { digestStatusEmbed, subscriptionLine } from '../src/discord/digest-cards.ts';
import { digestMessages } from '../src/discord/digest-messages.ts';
import type { BotDeps } from '../src/discord/deps.ts';
import { replyEphemeral } from '../src/discord/respond.ts';
import { canManageServer, requireGuild } from '../src/discord/scope.ts';
import { MAX_DIGEST_SIZE, MAX_TOPICS_LENGTH, digestStatus, previewDigest, subscribeDigest, unsubscribeDigest } from '../src/digest/subscriptions.ts';
import { localMoment } from '../src/digest/build-digest.ts';
import { knownTimeZones } from '../src/digest/zoned-time.ts';
import { UserFacingError } from '../src/errors.ts';

const DIGEST_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
/** Offered before anything is typed: the zones most servers are in. */
const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Africa/Lagos',
];

export const data = new SlashCommandBuilder()
  .setName('digest')
  .setDescription('A daily digest of the top events, posted in a channel at a set time (Manage Server)')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('subscribe')
      .setDescription('Post a daily digest in a channel (or change its settings)')
      .addChannelOption((o) => o.setName('channel').setDescription('Where the digest is posted').setRequired(true).addChannelTypes(...DIGEST_CHANNEL_TYPES))
      .addStringOption((o) => o.setName('time').setDescription('Time of day, HH:MM in 24-hour form (e.g. 07:30)').setRequired(true).setMaxLength(8))
      .addStringOption((o) => o.setName('timezone').setDescription('Your time zone, e.g. Europe/Paris').setRequired(true).setMaxLength(64).setAutocomplete(true))
      .addStringOption((o) => o.setName('topics').setDescription('Only events about these words (commas between topics)').setMaxLength(MAX_TOPICS_LENGTH))
      .addIntegerOption((o) => o.setName('size').setDescription(`Events per digest (1–${MAX_DIGEST_SIZE}, default 5)`).setMinValue(1).setMaxValue(MAX_DIGEST_SIZE))
      .addRoleOption((o) => o.setName('ping').setDescription('A role to mention with each digest'))
      .addStringOption((o) =>
        o
          .setName('when-empty')
          .setDescription('When nothing is new (default: post a short line)')
          .addChoices({ name: 'post a short line', value: 'line' }, { name: 'stay silent', value: 'silent' }),
      )
      .addBooleanOption((o) => o.setName('chart').setDescription('Attach a coverage chart')),
  )
  .addSubcommand((sub) =>
    sub
      .setName('unsubscribe')
      .setDescription('Stop a channel’s daily digest')
      .addChannelOption((o) => o.setName('channel').setDescription('The channel whose digest stops').setRequired(true).addChannelTypes(...DIGEST_CHANNEL_TYPES)),
  )
  .addSubcommand((sub) => sub.setName('status').setDescription('This server’s digests: next run, last delivery and its result'))
  .addSubcommand((sub) =>
    sub
      .setName('preview')
      .setDescription('What a digest would post now (only you see it)')
      .addChannelOption((o) => o.setName('channel').setDescription('The channel whose digest to preview (default: this one)').addChannelTypes(...DIGEST_CHANNEL_TYPES)),
  );

export const expensive = true;

async function subscribe(interaction: ChatInputCommandInteraction, deps: BotDeps, guildId: string): Promise<void> {
  const channel = interaction.options.getChannel('channel', true, [...DIGEST_CHANNEL_TYPES]);
  const whenEmpty = interaction.options.getString('when-empty');
  const role = interaction.options.getRole('ping');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const problem = await postingProblem(interaction.client, channel.id);
  if (problem !== null) return replyEphemeral(interaction, problem);
  const { subscription, created, nextRun } = await subscribeDigest(
    deps.store,
    {
      guildId,
      channelId: channel.id,
      time: interaction.options.getString('time', true),
      timeZone: interaction.options.getString('timezone', true),
      topics: interaction.options.getString('topics')?.trim() || null,
      size: interaction.options.getInteger('size'),
      pingRoleId: role?.id ?? null,
      whenEmpty: whenEmpty === 'line' || whenEmpty === 'silent' ? whenEmpty : null,
      chart: interaction.options.getBoolean('chart'),
      requestedBy: interaction.user.id,
    },
    deps.clock(),
  );
  const next = ` The next one: ${localMoment(nextRun, subscription.timeZone)} (<t:${Math.floor(nextRun / 1000)}:R>).`;
  const guildChannel = interaction.guild?.channels.cache.get(channel.id) ?? null;
  const pingProblem = role === null || guildChannel === null ? null : rolePingProblem(interaction.client, guildChannel, role);
  await replyEphemeral(
    interaction,
    `${created ? 'Subscribed' : 'Updated the digest of'} <#${channel.id}>: ${subscriptionLine(subscription)}.${next} \`/digest preview\` shows what it would post now.` +
      (pingProblem === null ? '' : `\n⚠️ ${escapeText(pingProblem)}`),
  );
}

async function unsubscribe(interaction: ChatInputCommandInteraction, deps: BotDeps, guildId: string): Promise<void> {
  const channel = interaction.options.getChannel('channel', true, [...DIGEST_CHANNEL_TYPES]);
  await unsubscribeDigest(deps.store, guildId, channel.id);
  await replyEphemeral(interaction, `Stopped the daily digest in <#${channel.id}>.`);
}

async function status(interaction: ChatInputCommandInteraction, deps: BotDeps, guildId: string): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const statuses = await digestStatus(deps.store, guildId, deps.clock());
  await interaction.editReply({ embeds: [digestStatusEmbed(statuses)], allowedMentions: { parse: [] } });
}

async function preview(interaction: ChatInputCommandInteraction, deps: BotDeps, guildId: string): Promise<void> {
  const channelId = interaction.options.getChannel('channel', false, [...DIGEST_CHANNEL_TYPES])?.id ?? interaction.channelId;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { digest, subscription } = await previewDigest(deps.store, guildId, channelId, deps.clock());
  const note =
    subscription === null
      ? `Preview (nothing is posted): <#${channelId}> has no digest, so this is the last day with the default settings.`
      : `Preview of <#${channelId}>’s digest (nothing is posted, no one is pinged):`;
  const [first, ...rest] = digestMessages(digest, { pingRoleId: null });
  if (first === undefined) return replyEphemeral(interaction, note);
  await interaction.editReply({ content: `${note}\n${first.content}`.slice(0, 2000), embeds: [...first.embeds], allowedMentions: { parse: [] } });
  for (const message of rest) {
    await interaction.followUp({ content: message.content, embeds: [...message.embeds], allowedMentions: { parse: [] }, flags: MessageFlags.Ephemeral });
  }
}

export async function execute(interaction: ChatInputCommandInteraction, deps: BotDeps): Promise<void> {
  const guildId = requireGuild(interaction, 'A daily digest');
  if (!canManageServer(interaction)) {
    return replyEphemeral(interaction, 'Only members with the Manage Server permission can set up or see this server’s digests.');
  }
  switch (interaction.options.getSubcommand()) {
    case 'subscribe':
      return subscribe(interaction, deps, guildId);
    case 'unsubscribe':
      return unsubscribe(interaction, deps, guildId);
    case 'status':
      return status(interaction, deps, guildId);
    case 'preview':
      return preview(interaction, deps, guildId);
    default:
      throw new UserFacingError('Unknown /digest action; try `/help`.');
  }
}

/** Time zones containing what was typed ("paris", "new york"); the common ones before anything is typed. */
export async function autocomplete(interaction: AutocompleteInteraction, deps: BotDeps): Promise<void> {
  let choices: { name: string; value: string }[] = [];
  try {
    const typed = String(interaction.options.getFocused()).trim().toLowerCase().replace(/\s+/g, '_');
    const zones = typed === '' ? COMMON_ZONES : knownTimeZones().filter((zone) => zone.toLowerCase().includes(typed));
    // Zones whose city starts with the typed text first: "par" → Europe/Paris before America/Paramaribo.
    const city = (zone: string) => zone.slice(zone.lastIndexOf('/') + 1).toLowerCase();
    choices = [...zones]
      .sort((a, b) => Number(city(b).startsWith(typed)) - Number(city(a).startsWith(typed)))
      .slice(0, 25)
      .map((zone) => ({ name: zone, value: zone }));
  } catch (error) {
    deps.logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
  }
  if (!interaction.responded) await interaction.respond(choices);
}
