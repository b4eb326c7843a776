/**
 * Whether the bot can post in a channel, and where to tell a server when it cannot: shared by everything that posts
 * on its own (feed events, digests), so that a deleted channel or a lost permission reads the same everywhere.
 */
import { ChannelType, DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import type { Client, Guild, GuildBasedChannel, SendableChannels } from 'discord.js';
import type { Logger } from 'pino';

const POSTABLE_TYPES: ReadonlySet<ChannelType> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
export const NO_MENTIONS = { parse: [] as [] };

const REQUIRED: readonly (readonly [bigint, string])[] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

/** The Discord errors that mean the bot cannot post in a channel any more, as a reason for the server. */
const CHANNEL_GONE: ReadonlyMap<number, string> = new Map<number, string>([
  [RESTJSONErrorCodes.UnknownChannel, 'its channel was deleted'],
  [RESTJSONErrorCodes.MissingAccess, 'I can no longer see its channel'],
  [RESTJSONErrorCodes.MissingPermissions, 'I am no longer allowed to post in its channel'],
]);

export function discordCode(error: unknown): number | null {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : null;
}

/** Why an error means the channel is out of reach for good, or null for any other error (an outage, say). */
export function channelGoneReason(error: unknown): string | null {
  const code = discordCode(error);
  return code === null ? null : (CHANNEL_GONE.get(code) ?? null);
}

/** The missing permissions' names in a guild channel, or null when the bot may post there. */
export function missingPostingPermissions(channel: GuildBasedChannel, client: Client, extra: readonly (readonly [bigint, string])[] = []): string[] | null {
  const me = client.user;
  if (me === null) return ['(not logged in)'];
  const needed = [...REQUIRED, ...extra];
  const has = channel.permissionsFor(me);
  if (has === null) return needed.map(([, name]) => name);
  const missing = needed.filter(([bit]) => !has.has(bit)).map(([, name]) => name);
  return missing.length === 0 ? null : missing;
}

/** Why the bot cannot post in a channel, in words for the person setting something up there; null when it can. */
export async function postingProblem(client: Client, channelId: string): Promise<string | null> {
  const channel = client.channels.cache.get(channelId) ?? (await client.channels.fetch(channelId).catch(() => null));
  if (channel === null || channel.isDMBased()) return `I can’t see <#${channelId}>. Give me the View Channel permission there, or pick another channel.`;
  const missing = missingPostingPermissions(channel, client);
  return missing === null ? null : `I can’t post in <#${channelId}>: I am missing ${missing.join(', ')} there. Give me those permissions, or pick another channel.`;
}

/**
 * Why mentioning a role in a channel would not ping its members (Discord shows the mention but notifies no one), or
 * null when it will: the role must be mentionable, or the bot allowed to mention every role.
 */
export function rolePingProblem(client: Client, channel: GuildBasedChannel, role: { readonly id: string; readonly name: string; readonly mentionable: boolean }): string | null {
  if (role.mentionable) return null;
  const me = client.user;
  if (me !== null && channel.permissionsFor(me)?.has(PermissionFlagsBits.MentionEveryone) === true) return null;
  return `@${role.name} is not mentionable and I may not mention every role, so digests will show the role without pinging anyone. Make it mentionable (Server Settings → Roles), or give me “Mention @everyone, @here and All Roles”.`;
}

export type ChannelLookup = { readonly channel: SendableChannels } | { readonly unavailable: string };

/**
 * The channel to post in, or why the bot cannot post there (deleted, hidden, not allowed, not a text channel). Read
 * from the client's cache, which the gateway keeps current (channel, role and overwrite changes arrive as events): a
 * request per check would halve how many posts fit in Discord's global limit. What the cache missed, the post's own
 * error says (`channelGoneReason`).
 */
export async function postableChannel(client: Client, channelId: string): Promise<ChannelLookup> {
  let channel;
  try {
    channel = await client.channels.fetch(channelId);
  } catch (error) {
    const reason = channelGoneReason(error);
    if (reason !== null) return { unavailable: reason };
    throw error;
  }
  if (channel === null) return { unavailable: 'its channel was deleted' };
  if (!channel.isSendable() || !POSTABLE_TYPES.has(channel.type)) return { unavailable: 'its channel is not a text channel I can post in' };
  if (!channel.isDMBased()) {
    const missing = missingPostingPermissions(channel, client);
    if (missing !== null) return { unavailable: `I am missing permissions in its channel: ${missing.join(', ')}` };
  }
  return { channel };
}

/** The guild's system channel, then its text channels in order, that the bot may post in. */
function fallbackChannels(client: Client, guild: Guild, except: string | null): SendableChannels[] {
  const text = [...guild.channels.cache.values()]
    .filter((channel) => POSTABLE_TYPES.has(channel.type) && channel.id !== guild.systemChannelId)
    .sort((a, b) => ('rawPosition' in a && 'rawPosition' in b ? a.rawPosition - b.rawPosition : 0));
  const ordered = [...(guild.systemChannel ? [guild.systemChannel] : []), ...text];
  return ordered.filter(
    (channel): channel is GuildBasedChannel & SendableChannels =>
      channel.id !== except && channel.isSendable() && missingPostingPermissions(channel, client) === null,
  );
}

export interface ServerNotice {
  /** Null for what belongs to no server (a shared feed): then only the preferred channel is tried. */
  readonly guildId: string | null;
  /** Tried first, when the bot can still post there. */
  readonly channelId: string | null;
  /** The text; `where` is empty in the preferred channel, else " (for <#channel>)". */
  readonly content: (where: string) => string;
  /** For the log. */
  readonly about: Record<string, unknown>;
}

/**
 * Tells a server something it must act on: in the preferred channel if the bot can still post there, else in the
 * system channel or the first text channel it can write to. Never throws; says in the log when nowhere would do.
 */
export async function tellServer(client: Client, logger: Logger, notice: ServerNotice): Promise<boolean> {
  try {
    if (notice.channelId !== null) {
      const found = await postableChannel(client, notice.channelId).catch(() => null);
      if (found !== null && 'channel' in found) {
        try {
          await found.channel.send({ content: notice.content(''), allowedMentions: NO_MENTIONS });
          return true;
        } catch (error) {
          logger.info({ err: error, ...notice.about, channel: notice.channelId }, 'could not tell the server in the preferred channel');
        }
      }
    }
    if (notice.guildId === null) {
      logger.warn(notice.about, 'found no channel to tell');
      return false;
    }
    const guild = client.guilds.cache.get(notice.guildId) ?? (await client.guilds.fetch(notice.guildId).catch(() => null));
    if (guild === null) {
      logger.warn({ ...notice.about, guild: notice.guildId }, 'nothing to tell: I am no longer in that server');
      return false;
    }
    const where = notice.channelId === null ? '' : ` (for <#${notice.channelId}>)`;
    for (const channel of fallbackChannels(client, guild, notice.channelId)) {
      try {
        await channel.send({ content: notice.content(where), allowedMentions: NO_MENTIONS });
        return true;
      } catch (error) {
        logger.info({ err: error, ...notice.about, channel: channel.id }, 'could not tell the server there; trying another channel');
      }
    }
    logger.warn({ ...notice.about, guild: notice.guildId }, 'found no channel to tell the server');
    return false;
  } catch (error) {
    logger.error({ err: error, ...notice.about }, 'telling the server failed');
    return false;
  }
}
