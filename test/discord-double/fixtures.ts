// What the double's Discord looks like when it starts: one application with its bot user, a few people, one guild
// ("Newsroom") with roles, members, text channels, a category, a forum with a post, a thread, a channel the bot cannot
// see, and a DM channel. Tests refer to things through FIXTURE_IDS; `defaultFixture()` returns a fresh copy they may
// alter before starting a double.
import { ChannelType, PermissionFlagsBits } from 'discord.js';

export interface FixtureUser {
  id: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface FixtureRole {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  color?: number;
  managed?: boolean;
  /** For a bot's managed role: the bot's user id (Discord sends it as tags.bot_id). */
  botId?: string;
}

export interface FixtureMember {
  userId: string;
  roles: string[];
  nick?: string | null;
  joinedAt?: string;
}

export interface FixtureOverwrite {
  /** A role id (type 0; the guild id is @everyone) or a user id (type 1). */
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface FixtureChannel {
  id: string;
  type: ChannelType;
  name: string;
  parentId?: string | null;
  position?: number;
  topic?: string | null;
  overwrites?: FixtureOverwrite[];
  /** Threads (types 10, 11, 12) only. */
  ownerId?: string;
  archived?: boolean;
  locked?: boolean;
  /** Forum and media channels only. */
  availableTags?: { id: string; name: string; moderated?: boolean }[];
}

export interface FixtureGuild {
  id: string;
  name: string;
  ownerId: string;
  roles: FixtureRole[];
  members: FixtureMember[];
  channels: FixtureChannel[];
  preferredLocale?: string;
}

export interface FixtureDmChannel {
  id: string;
  recipientId: string;
}

export interface DoubleFixture {
  application: { id: string; name: string; flags: number };
  botUser: FixtureUser;
  users: FixtureUser[];
  guilds: FixtureGuild[];
  dmChannels: FixtureDmChannel[];
}

export const FIXTURE_IDS = {
  application: '1230000000000000001',
  bot: '1230000000000000001',
  users: {
    olivia: '1230000000000000101',
    alice: '1230000000000000102',
    bob: '1230000000000000103',
  },
  guild: '1230000000000000200',
  roles: {
    everyone: '1230000000000000200',
    editors: '1230000000000000201',
    newsbot: '1230000000000000202',
  },
  channels: {
    category: '1230000000000000300',
    news: '1230000000000000301',
    digests: '1230000000000000302',
    staff: '1230000000000000303',
    forum: '1230000000000000304',
    newsThread: '1230000000000000311',
    forumPost: '1230000000000000312',
    dmAlice: '1230000000000000400',
  },
  forumTags: {
    politics: '1230000000000000501',
    tech: '1230000000000000502',
  },
} as const;

const P = PermissionFlagsBits;

export const EVERYONE_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseApplicationCommands |
  P.UseExternalEmojis;

export const BOT_ROLE_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.ManageThreads;

export function defaultFixture(): DoubleFixture {
  const ids = FIXTURE_IDS;
  return {
    application: { id: ids.application, name: 'NewsBot', flags: 0 },
    botUser: { id: ids.bot, username: 'NewsBot', globalName: null, bot: true },
    users: [
      { id: ids.users.olivia, username: 'olivia', globalName: 'Olivia (owner)' },
      { id: ids.users.alice, username: 'alice', globalName: 'Alice' },
      { id: ids.users.bob, username: 'bob', globalName: 'Bob' },
    ],
    guilds: [
      {
        id: ids.guild,
        name: 'Newsroom',
        ownerId: ids.users.olivia,
        roles: [
          { id: ids.roles.everyone, name: '@everyone', permissions: EVERYONE_PERMISSIONS, position: 0 },
          {
            id: ids.roles.editors,
            name: 'Editors',
            permissions: P.ManageMessages | P.ManageThreads | P.MentionEveryone,
            position: 1,
            color: 0x3498db,
          },
          {
            id: ids.roles.newsbot,
            name: 'NewsBot',
            permissions: BOT_ROLE_PERMISSIONS,
            position: 2,
            managed: true,
            botId: ids.bot,
          },
        ],
        members: [
          { userId: ids.users.olivia, roles: [] },
          { userId: ids.users.alice, roles: [ids.roles.editors] },
          { userId: ids.users.bob, roles: [] },
          { userId: ids.bot, roles: [ids.roles.newsbot] },
        ],
        channels: [
          { id: ids.channels.category, type: ChannelType.GuildCategory, name: 'News', position: 0 },
          {
            id: ids.channels.news,
            type: ChannelType.GuildText,
            name: 'news',
            parentId: ids.channels.category,
            position: 0,
            topic: 'Articles and summaries',
          },
          {
            id: ids.channels.digests,
            type: ChannelType.GuildText,
            name: 'digests',
            parentId: ids.channels.category,
            position: 1,
            topic: 'Daily digests',
          },
          {
            id: ids.channels.staff,
            type: ChannelType.GuildText,
            name: 'staff',
            position: 2,
            // Hidden from @everyone (and so from the bot); editors may see it.
            overwrites: [
              { id: ids.roles.everyone, type: 0, allow: 0n, deny: P.ViewChannel },
              { id: ids.roles.editors, type: 0, allow: P.ViewChannel, deny: 0n },
            ],
          },
          {
            id: ids.channels.forum,
            type: ChannelType.GuildForum,
            name: 'discussions',
            parentId: ids.channels.category,
            position: 3,
            availableTags: [
              { id: ids.forumTags.politics, name: 'politics' },
              { id: ids.forumTags.tech, name: 'tech' },
            ],
          },
          {
            id: ids.channels.newsThread,
            type: ChannelType.PublicThread,
            name: 'Breaking news thread',
            parentId: ids.channels.news,
            ownerId: ids.users.alice,
          },
          {
            id: ids.channels.forumPost,
            type: ChannelType.PublicThread,
            name: 'What did you read today?',
            parentId: ids.channels.forum,
            ownerId: ids.users.alice,
          },
        ],
      },
    ],
    dmChannels: [{ id: ids.channels.dmAlice, recipientId: ids.users.alice }],
  };
}
