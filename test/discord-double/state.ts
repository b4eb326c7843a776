// The double's world: users, guilds, roles, members, channels, messages and registered commands, plus Discord's
// permission arithmetic and the conversions to the JSON shapes discord.js receives.
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type {
  APIAttachment,
  APIChannel,
  APIEmbed,
  APIGuildMember,
  APIMessage,
  APIMessageTopLevelComponent,
  APIOverwrite,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  Locale,
  RoleFlags,
} from 'discord.js';
import type { DoubleFixture, FixtureChannel, FixtureOverwrite, FixtureRole } from './fixtures.ts';
import { SnowflakeFactory, compareSnowflakes } from './snowflake.ts';

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** Permissions the bot has in a DM channel. */
const DM_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis;

export const THREAD_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);
export const TEXT_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.DM,
  ChannelType.GroupDM,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ...THREAD_TYPES,
]);

export interface StoredUser {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface StoredMember {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface StoredGuild {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  roles: Map<string, FixtureRole>;
  members: Map<string, StoredMember>;
  joinedAt: string;
}

export interface StoredChannel {
  id: string;
  type: ChannelType;
  guildId: string | null;
  name: string | null;
  parentId: string | null;
  position: number;
  topic: string | null;
  overwrites: FixtureOverwrite[];
  deleted: boolean;
  ownerId: string | null;
  archived: boolean;
  locked: boolean;
  createdAt: string;
  availableTags: { id: string; name: string; moderated?: boolean }[];
  appliedTags: string[];
  recipientIds: string[];
  lastMessageId: string | null;
  messageCount: number;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  contentType: string | null;
  description: string | null;
  data: Buffer;
  url: string;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: StoredAttachment[];
  flags: number;
  type: number;
  nonce: string | number | null;
  enforceNonce: boolean;
  tts: boolean;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /** Set on interaction responses and follow-ups. */
  webhookId: string | null;
  interaction: { id: string; type: number; userId: string; name: string | null } | null;
  messageReferenceId: string | null;
  /** Every version the message had before each edit, oldest first. */
  history: Omit<StoredMessage, 'history'>[];
}

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

export interface StoredCommand {
  id: string;
  applicationId: string;
  guildId: string | null;
  version: string;
  /** The command as the bot sent it, with defaults filled in. */
  data: Record<string, unknown> & { name: string; type: number };
}

export class DoubleState {
  readonly snowflakes = new SnowflakeFactory();
  readonly application: DoubleFixture['application'];
  readonly botUserId: string;
  readonly users = new Map<string, StoredUser>();
  readonly guilds = new Map<string, StoredGuild>();
  readonly channels = new Map<string, StoredChannel>();
  readonly messages = new Map<string, StoredMessage>();
  /** Message ids per channel, in creation order. */
  readonly channelMessages = new Map<string, string[]>();
  readonly commands = new Map<string, StoredCommand>();
  /** Permissions taken from the bot in single channels (threads, where overwrites live on the parent). */
  readonly botDeny = new Map<string, bigint>();
  /** Files users attached to slash command options, served at their URL like message attachments. */
  readonly optionAttachments = new Map<string, StoredAttachment>();
  /** Every attachment download (path), so tests can tell whether a file was fetched at all. */
  readonly attachmentDownloads: string[] = [];
  readonly baseUrl: () => string;

  constructor(fixture: DoubleFixture, baseUrl: () => string) {
    this.baseUrl = baseUrl;
    this.application = { ...fixture.application };
    this.botUserId = fixture.botUser.id;
    for (const user of [fixture.botUser, ...fixture.users]) {
      this.users.set(user.id, {
        id: user.id,
        username: user.username,
        globalName: user.globalName ?? null,
        bot: user.bot ?? false,
      });
    }
    const joinedAt = new Date(Date.now() - 86_400_000).toISOString();
    for (const guild of fixture.guilds) {
      const stored: StoredGuild = {
        id: guild.id,
        name: guild.name,
        ownerId: guild.ownerId,
        preferredLocale: guild.preferredLocale ?? 'en-US',
        roles: new Map(guild.roles.map((role) => [role.id, { ...role }])),
        members: new Map(),
        joinedAt,
      };
      if (!stored.roles.has(guild.id)) {
        stored.roles.set(guild.id, { id: guild.id, name: '@everyone', permissions: 0n, position: 0 });
      }
      for (const member of guild.members) {
        if (!this.users.has(member.userId)) throw new Error(`fixture member ${member.userId} is not a fixture user`);
        stored.members.set(member.userId, {
          userId: member.userId,
          roles: [...member.roles],
          nick: member.nick ?? null,
          joinedAt: member.joinedAt ?? joinedAt,
        });
      }
      this.guilds.set(guild.id, stored);
      for (const channel of guild.channels) this.addChannel(channel, guild.id);
    }
    for (const dm of fixture.dmChannels) this.addDmChannel(dm.id, dm.recipientId);
  }

  addChannel(channel: FixtureChannel, guildId: string): StoredChannel {
    const stored: StoredChannel = {
      id: channel.id,
      type: channel.type,
      guildId,
      name: channel.name,
      parentId: channel.parentId ?? null,
      position: channel.position ?? 0,
      topic: channel.topic ?? null,
      overwrites: (channel.overwrites ?? []).map((o) => ({ ...o })),
      deleted: false,
      ownerId: channel.ownerId ?? null,
      archived: channel.archived ?? false,
      locked: channel.locked ?? false,
      createdAt: new Date().toISOString(),
      availableTags: channel.availableTags ?? [],
      appliedTags: [],
      recipientIds: [],
      lastMessageId: null,
      messageCount: 0,
    };
    this.channels.set(stored.id, stored);
    this.channelMessages.set(stored.id, []);
    return stored;
  }

  addDmChannel(id: string, recipientId: string): StoredChannel {
    const stored: StoredChannel = {
      id,
      type: ChannelType.DM,
      guildId: null,
      name: null,
      parentId: null,
      position: 0,
      topic: null,
      overwrites: [],
      deleted: false,
      ownerId: null,
      archived: false,
      locked: false,
      createdAt: new Date().toISOString(),
      availableTags: [],
      appliedTags: [],
      recipientIds: [recipientId],
      lastMessageId: null,
      messageCount: 0,
    };
    this.channels.set(id, stored);
    this.channelMessages.set(id, []);
    return stored;
  }

  user(id: string): StoredUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`the double knows no user ${id}`);
    return user;
  }

  liveChannel(id: string): StoredChannel | undefined {
    const channel = this.channels.get(id);
    return channel && !channel.deleted ? channel : undefined;
  }

  // ---- permissions -------------------------------------------------------------------------------------------

  basePermissions(guild: StoredGuild, userId: string): bigint {
    if (guild.ownerId === userId) return ALL_PERMISSIONS;
    const member = guild.members.get(userId);
    if (!member) return 0n;
    let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
    for (const roleId of member.roles) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
    return permissions & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : permissions;
  }

  /** Discord's algorithm: base permissions, then @everyone, role and member overwrites of the channel (a thread uses
   *  its parent's), then the implicit rules (no View Channel means nothing; no Send Messages drops what hangs on it). */
  permissionsIn(channelId: string, userId: string): bigint {
    const channel = this.channels.get(channelId);
    if (!channel) return 0n;
    if (channel.guildId === null) {
      return channel.recipientIds.includes(userId) || userId === this.botUserId ? DM_PERMISSIONS : 0n;
    }
    const guild = this.guilds.get(channel.guildId);
    if (!guild) return 0n;
    const member = guild.members.get(userId);
    if (!member && guild.ownerId !== userId) return 0n;
    let permissions = this.basePermissions(guild, userId);
    if (permissions === ALL_PERMISSIONS) return ALL_PERMISSIONS; // owner or administrator
    const source = THREAD_TYPES.has(channel.type) && channel.parentId ? this.channels.get(channel.parentId) : channel;
    const overwrites = source?.overwrites ?? [];
    const everyone = overwrites.find((o) => o.id === guild.id && o.type === 0);
    if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
    let allow = 0n;
    let deny = 0n;
    for (const overwrite of overwrites) {
      if (overwrite.type === 0 && overwrite.id !== guild.id && member?.roles.includes(overwrite.id)) {
        allow |= overwrite.allow;
        deny |= overwrite.deny;
      }
    }
    permissions = (permissions & ~deny) | allow;
    const own = overwrites.find((o) => o.type === 1 && o.id === userId);
    if (own) permissions = (permissions & ~own.deny) | own.allow;
    if (!(permissions & PermissionFlagsBits.ViewChannel)) return 0n;
    if (THREAD_TYPES.has(channel.type)) {
      // In threads, Send Messages in Threads takes the place of Send Messages.
      if (!(permissions & PermissionFlagsBits.SendMessagesInThreads)) {
        permissions &= ~(PermissionFlagsBits.SendMessages | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.EmbedLinks);
      } else {
        permissions |= PermissionFlagsBits.SendMessages;
      }
    } else if (!(permissions & PermissionFlagsBits.SendMessages)) {
      permissions &= ~(
        PermissionFlagsBits.SendTTSMessages |
        PermissionFlagsBits.MentionEveryone |
        PermissionFlagsBits.EmbedLinks |
        PermissionFlagsBits.AttachFiles
      );
    }
    return permissions;
  }

  botPermissionsIn(channelId: string): bigint {
    const permissions = this.permissionsIn(channelId, this.botUserId);
    const denied = this.botDeny.get(channelId) ?? 0n;
    return denied & PermissionFlagsBits.ViewChannel ? 0n : permissions & ~denied;
  }

  // ---- messages ----------------------------------------------------------------------------------------------

  addMessage(message: StoredMessage): StoredMessage {
    this.messages.set(message.id, message);
    let list = this.channelMessages.get(message.channelId);
    if (!list) {
      list = [];
      this.channelMessages.set(message.channelId, list);
    }
    list.push(message.id);
    const channel = this.channels.get(message.channelId);
    if (channel && !(message.flags & MessageFlag.Ephemeral)) {
      channel.lastMessageId = message.id;
      channel.messageCount += 1;
    }
    return message;
  }

  /** Messages of a channel, oldest first; ephemeral ones (which only their user sees) on request. */
  messagesIn(channelId: string, options: { includeEphemeral?: boolean; includeDeleted?: boolean } = {}): StoredMessage[] {
    const ids = this.channelMessages.get(channelId) ?? [];
    return ids
      .map((id) => this.messages.get(id))
      .filter((m): m is StoredMessage => m !== undefined)
      .filter((m) => options.includeDeleted || !m.deleted)
      .filter((m) => options.includeEphemeral || !(m.flags & MessageFlag.Ephemeral))
      .sort((a, b) => compareSnowflakes(a.id, b.id));
  }

  snapshot(message: StoredMessage): Omit<StoredMessage, 'history'> {
    const { history: _history, ...rest } = message;
    return structuredClone(rest);
  }

  // ---- API shapes --------------------------------------------------------------------------------------------

  apiUser(id: string): APIUser {
    const user = this.user(id);
    const out: APIUser = {
      id: user.id,
      username: user.username,
      discriminator: '0',
      global_name: user.globalName,
      avatar: null,
    };
    if (user.bot) out.bot = true;
    return out;
  }

  apiRole(role: FixtureRole): APIRole {
    const color = role.color ?? 0;
    const out: APIRole = {
      id: role.id,
      name: role.name,
      color,
      colors: { primary_color: color, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: role.position,
      permissions: role.permissions.toString(),
      managed: role.managed ?? false,
      mentionable: false,
      flags: 0 as RoleFlags,
    };
    if (role.botId) out.tags = { bot_id: role.botId };
    return out;
  }

  apiMember(guildId: string, userId: string): APIGuildMember {
    const guild = this.guilds.get(guildId);
    const member = guild?.members.get(userId);
    if (!guild || !member) throw new Error(`user ${userId} is not a member of guild ${guildId}`);
    return {
      user: this.apiUser(userId),
      nick: member.nick,
      avatar: null,
      roles: [...member.roles],
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  apiOverwrites(channel: StoredChannel): APIOverwrite[] {
    return channel.overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: o.allow.toString(),
      deny: o.deny.toString(),
    }));
  }

  apiChannel(channel: StoredChannel): APIChannel {
    const base = { id: channel.id, flags: 0 };
    if (channel.type === ChannelType.DM) {
      return {
        ...base,
        type: ChannelType.DM,
        name: null,
        last_message_id: channel.lastMessageId,
        recipients: channel.recipientIds.map((id) => this.apiUser(id)),
      } as APIChannel;
    }
    const guildPart = {
      ...base,
      guild_id: channel.guildId ?? undefined,
      name: channel.name ?? '',
      position: channel.position,
      parent_id: channel.parentId,
      nsfw: false,
    };
    if (THREAD_TYPES.has(channel.type)) {
      return {
        ...guildPart,
        type: channel.type,
        owner_id: channel.ownerId ?? this.botUserId,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
        message_count: channel.messageCount,
        member_count: 1,
        total_message_sent: channel.messageCount,
        applied_tags: [...channel.appliedTags],
        thread_metadata: {
          archived: channel.archived,
          auto_archive_duration: 1440,
          archive_timestamp: channel.createdAt,
          locked: channel.locked,
          create_timestamp: channel.createdAt,
        },
      } as unknown as APIChannel;
    }
    if (channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia) {
      return {
        ...guildPart,
        type: channel.type,
        topic: channel.topic,
        permission_overwrites: this.apiOverwrites(channel),
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
        default_auto_archive_duration: 1440,
        default_thread_rate_limit_per_user: 0,
        available_tags: channel.availableTags.map((tag) => ({
          id: tag.id,
          name: tag.name,
          moderated: tag.moderated ?? false,
          emoji_id: null,
          emoji_name: null,
        })),
        default_reaction_emoji: null,
        default_sort_order: null,
        default_forum_layout: 0,
      } as unknown as APIChannel;
    }
    if (channel.type === ChannelType.GuildCategory) {
      return { ...guildPart, type: channel.type, permission_overwrites: this.apiOverwrites(channel) } as APIChannel;
    }
    return {
      ...guildPart,
      type: channel.type,
      topic: channel.topic,
      permission_overwrites: this.apiOverwrites(channel),
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: 0,
      default_auto_archive_duration: 1440,
    } as unknown as APIChannel;
  }

  apiAttachment(attachment: StoredAttachment): APIAttachment {
    const out: APIAttachment = {
      id: attachment.id,
      filename: attachment.filename,
      size: attachment.size,
      url: attachment.url,
      proxy_url: attachment.url,
    };
    if (attachment.contentType) out.content_type = attachment.contentType;
    if (attachment.description) out.description = attachment.description;
    return out;
  }

  apiMessage(message: StoredMessage): APIMessage {
    const out: APIMessage = {
      id: message.id,
      channel_id: message.channelId,
      author: this.apiUser(message.authorId),
      content: message.content,
      timestamp: new Date(message.createdAt).toISOString(),
      edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
      tts: message.tts,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: message.attachments.map((a) => this.apiAttachment(a)),
      embeds: message.embeds.map((embed) => ({ type: 'rich', ...embed }) as APIEmbed),
      components: structuredClone(message.components),
      pinned: false,
      type: message.type,
      flags: message.flags,
    };
    if (message.nonce !== null) out.nonce = message.nonce;
    if (message.webhookId) {
      out.webhook_id = message.webhookId;
      out.application_id = this.application.id;
    }
    if (message.interaction) {
      out.interaction_metadata = {
        id: message.interaction.id,
        type: message.interaction.type,
        user: this.apiUser(message.interaction.userId),
        authorizing_integration_owners: message.guildId ? { 0: message.guildId } : { 1: message.interaction.userId },
      } as APIMessage['interaction_metadata'] & object;
    }
    if (message.messageReferenceId) {
      out.message_reference = { type: 0, message_id: message.messageReferenceId, channel_id: message.channelId };
    }
    return out;
  }

  apiGuildCreate(guildId: string): GatewayGuildCreateDispatchData {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`unknown guild ${guildId}`);
    const channels = [...this.channels.values()].filter((c) => c.guildId === guildId && !c.deleted);
    const visible = (c: StoredChannel) =>
      (this.botPermissionsIn(c.id) & PermissionFlagsBits.ViewChannel) !== 0n;
    const payload: GatewayGuildCreateDispatchData = {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [...guild.roles.values()].map((role) => this.apiRole(role)),
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: guild.preferredLocale as Locale,
      public_updates_channel_id: null,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      max_members: 500_000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      members: [...guild.members.keys()].map((userId) => this.apiMember(guildId, userId)),
      channels: channels
        .filter((c) => !THREAD_TYPES.has(c.type))
        .map((c) => {
          const { guild_id: _omit, ...rest } = this.apiChannel(c) as APIChannel & { guild_id?: string };
          return rest as APIChannel;
        }) as GatewayGuildCreateDispatchData['channels'],
      threads: channels
        .filter((c) => THREAD_TYPES.has(c.type) && !c.archived && visible(c))
        .map((c) => this.apiChannel(c)) as GatewayGuildCreateDispatchData['threads'],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
    return payload;
  }
}
