// DiscordDouble: one node:http server on 127.0.0.1 (random port) serving Discord's REST API under /api/v10 and the
// gateway WebSocket on the same port, backed by an in-memory Discord. Tests point the real discord.js Client at it:
//
//   const double = await startDiscordDouble();
//   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: double.restOptions });
//   await client.login(double.token);
//   const handle = double.sendSlashCommand({ commandName: 'ping' });
//   const reply = await handle.reply();
//   ...
//   await client.destroy();
//   await double.close();
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssertionError } from 'node:assert';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { APIApplicationCommand } from 'discord.js';
import { defaultFixture } from './fixtures.ts';
import type { DoubleFixture } from './fixtures.ts';
import { Gateway } from './gateway.ts';
import type { GatewaySession } from './gateway.ts';
import { CallbackType, InteractionHandle, InteractionType, notify } from './interactions.ts';
import type { InteractionKind, InteractionRecord, RejectedRequest } from './interactions.ts';
import { RestApi } from './rest.ts';
import type { ChannelRateLimit, RequestTarget, RestHost, RestSettings } from './rest.ts';
import { DoubleState, MessageFlag, THREAD_TYPES } from './state.ts';
import type { StoredChannel, StoredMessage } from './state.ts';
import { isRecord, modalInputs } from './validation.ts';
import type { Json } from './validation.ts';

export interface DiscordDoubleOptions {
  fixture?: DoubleFixture;
  /** The bot token the double accepts; null accepts any non-empty token. Default 'double-bot-token'. */
  token?: string | null;
  /** HELLO's heartbeat_interval. Default 41250 like Discord. */
  heartbeatIntervalMs?: number;
  /** Time to acknowledge an interaction. Default 3000 (Discord's 3 seconds). */
  interactionAckMs?: number;
  /** Lifetime of an interaction token for follow-ups and edits. Default 15 minutes. */
  interactionTokenLifetimeMs?: number;
  /** Privileged intents enabled for the application (GUILD_MEMBERS 1<<1, GUILD_PRESENCES 1<<8, MESSAGE_CONTENT 1<<15). Default none. */
  privilegedIntents?: number;
  /** Per-channel message rate limit, e.g. { limit: 5, windowMs: 5000 }. Default off. */
  channelRateLimit?: ChannelRateLimit | null;
  /** Upload limit per file. Default 10 MiB. */
  maxFileSize?: number;
  /** How long enforce_nonce deduplicates. Default 5 minutes. */
  nonceWindowMs?: number;
  /** Default timeout of InteractionHandle and waitForMessage waits. Default 2000 ms. */
  waitTimeoutMs?: number;
  /** Refuse to send interactions for commands that were not registered through the API. Default false. */
  strictCommands?: boolean;
}

export type AttachmentOptionValue = { filename: string; data: Buffer | string; contentType?: string };
export type OptionValue = string | number | boolean | AttachmentOptionValue;

interface InteractionBase {
  /** Optional; checked against the channel's guild (null for a DM). */
  guildId?: string | null;
  /** Default: the fixture's #news channel (or the first text channel). */
  channelId?: string;
  /** Default: the first non-bot member of the channel's guild (alice in the default fixture). */
  userId?: string;
  locale?: string;
  /** Override of the acknowledgement deadline for this interaction (ms). */
  ackDeadlineMs?: number;
}

export interface SlashCommandOptions extends InteractionBase {
  commandName: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
}

export interface AutocompleteOptions extends SlashCommandOptions {
  /** The option the user is typing in. */
  focused: string;
  /** What they typed so far. */
  value: string;
}

export interface ComponentOptions {
  messageId: string;
  customId: string;
  userId?: string;
  locale?: string;
  ackDeadlineMs?: number;
}

export interface SelectOptions extends ComponentOptions {
  values: string[];
}

export interface ModalSubmitOptions {
  /** The interaction the bot answered with a modal (callback type 9). */
  from: InteractionHandle;
  /** Values by custom_id: a string for text inputs, string[] for selects. */
  fields: Record<string, string | string[]>;
  ackDeadlineMs?: number;
}

export interface UserMessageOptions {
  channelId: string;
  userId?: string;
  content: string;
}

const Intent = {
  Guilds: 1 << 0,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

function randomToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
}

export class DiscordDouble implements RestHost {
  readonly state: DoubleState;
  readonly gateway: Gateway;
  readonly rest: RestApi;
  readonly settings: RestSettings;
  readonly interactions = new Map<string, InteractionRecord>();
  readonly closedDms = new Set<string>();
  /** Every request the double refused (4xx/5xx it produced, 429s excepted). */
  readonly rejections: RejectedRequest[] = [];
  /** The refused requests a correct bot never causes: unread violations fail assertNoViolations(). */
  readonly violations: RejectedRequest[] = [];
  readonly #server: http.Server;
  readonly #options: Required<Omit<DiscordDoubleOptions, 'fixture' | 'channelRateLimit' | 'token'>>;
  readonly #messageListeners = new Set<(message: StoredMessage) => void>();
  #port = 0;
  #closed = false;

  private constructor(options: DiscordDoubleOptions) {
    this.#options = {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      interactionAckMs: options.interactionAckMs ?? 3000,
      interactionTokenLifetimeMs: options.interactionTokenLifetimeMs ?? 15 * 60_000,
      privilegedIntents: options.privilegedIntents ?? 0,
      maxFileSize: options.maxFileSize ?? 10 * 1024 * 1024,
      nonceWindowMs: options.nonceWindowMs ?? 5 * 60_000,
      waitTimeoutMs: options.waitTimeoutMs ?? 2000,
      strictCommands: options.strictCommands ?? false,
    };
    this.settings = {
      token: options.token === undefined ? 'double-bot-token' : options.token,
      maxFileSize: this.#options.maxFileSize,
      maxRequestBytes: this.#options.maxFileSize * 10 + 1024 * 1024,
      nonceWindowMs: this.#options.nonceWindowMs,
      channelRateLimit: options.channelRateLimit ?? null,
    };
    this.state = new DoubleState(options.fixture ?? defaultFixture(), () => this.baseUrl());
    this.rest = new RestApi(this);
    this.gateway = new Gateway({
      token: () => this.settings.token,
      privilegedIntents: () => this.#options.privilegedIntents,
      heartbeatIntervalMs: () => this.#options.heartbeatIntervalMs,
      resumeUrl: () => this.gatewayUrl(),
      identify: (session) => this.#identify(session),
      requestGuildMembers: (_session, request) => this.#guildMembers(request),
      onReady: () => undefined,
    });
    this.#server = http.createServer((req, res) => {
      this.rest.handle(req, res).catch(() => res.destroy());
    });
    this.#server.on('upgrade', (req, socket, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
    this.#server.keepAliveTimeout = 1000;
  }

  static async start(options: DiscordDoubleOptions = {}): Promise<DiscordDouble> {
    const double = new DiscordDouble(options);
    await new Promise<void>((resolve, reject) => {
      double.#server.once('error', reject);
      double.#server.listen(0, '127.0.0.1', () => resolve());
    });
    double.#port = (double.#server.address() as AddressInfo).port;
    return double;
  }

  // ---- addresses and ids -------------------------------------------------------------------------------------

  get port(): number {
    return this.#port;
  }
  /** http://127.0.0.1:PORT */
  baseUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }
  /** For discord.js: new Client({ rest: double.restOptions }) (or new REST(double.restOptions)). */
  get restOptions(): { api: string; cdn: string } {
    return { api: `${this.baseUrl()}/api`, cdn: `${this.baseUrl()}/cdn` };
  }
  gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }
  /** The token to log in with. */
  get token(): string {
    return this.settings.token ?? 'double-bot-token';
  }
  get applicationId(): string {
    return this.state.application.id;
  }
  get botUserId(): string {
    return this.state.botUserId;
  }

  // ---- RestHost ----------------------------------------------------------------------------------------------

  recordRejection(rejection: RejectedRequest, record: InteractionRecord | null): void {
    this.rejections.push(rejection);
    if (rejection.violation) this.violations.push(rejection);
    if (record) notify(record, { kind: 'rejected', at: rejection.at, error: rejection });
  }

  messageChanged(message: StoredMessage): void {
    for (const listener of [...this.#messageListeners]) listener(message);
  }

  #messagePayload(message: StoredMessage, session: GatewaySession | null): Json {
    const payload = this.state.apiMessage(message) as unknown as Json;
    if (message.guildId) {
      payload['guild_id'] = message.guildId;
      const guild = this.state.guilds.get(message.guildId);
      if (guild?.members.has(message.authorId) && !message.webhookId) {
        const { user: _user, ...member } = this.state.apiMember(message.guildId, message.authorId);
        payload['member'] = member;
      }
    }
    // Without MESSAGE_CONTENT, a bot sees the content of messages only when they are its own, DMs, or mention it.
    if (
      session &&
      !session.hasIntent(Intent.MessageContent) &&
      message.authorId !== this.state.botUserId &&
      message.guildId &&
      !message.content.includes(`<@${this.state.botUserId}>`)
    ) {
      payload['content'] = '';
      payload['embeds'] = [];
      payload['attachments'] = [];
      payload['components'] = [];
    }
    return payload;
  }

  dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: StoredMessage): void {
    const intent = message.guildId ? Intent.GuildMessages : Intent.DirectMessages;
    this.gateway.dispatchEach(t, (session) => this.#messagePayload(message, session), intent);
  }

  dispatchMessageDelete(message: StoredMessage): void {
    const intent = message.guildId ? Intent.GuildMessages : Intent.DirectMessages;
    const payload: Json = { id: message.id, channel_id: message.channelId };
    if (message.guildId) payload['guild_id'] = message.guildId;
    this.gateway.dispatch('MESSAGE_DELETE', payload, intent);
  }

  dispatchChannel(t: 'CHANNEL_UPDATE' | 'CHANNEL_DELETE' | 'THREAD_CREATE' | 'THREAD_UPDATE' | 'THREAD_DELETE', channel: StoredChannel): void {
    if (channel.guildId === null) return; // DM channel events need the DM intents and are rare; skip
    let payload: Json = { ...(this.state.apiChannel(channel) as unknown as Json), guild_id: channel.guildId };
    if (t === 'THREAD_CREATE') payload['newly_created'] = true;
    if (t === 'THREAD_DELETE') payload = { id: channel.id, guild_id: channel.guildId, parent_id: channel.parentId, type: channel.type };
    this.gateway.dispatch(t, payload, Intent.Guilds);
  }

  // ---- gateway provider --------------------------------------------------------------------------------------

  #identify(session: GatewaySession): { ready: Json; guilds: Json[] } {
    const guildIds = [...this.state.guilds.values()].filter((g) => g.members.has(this.state.botUserId)).map((g) => g.id);
    return {
      ready: {
        v: 10,
        user: { ...this.state.apiUser(this.state.botUserId), verified: true, mfa_enabled: false, flags: 0 },
        user_settings: {},
        guilds: guildIds.map((id) => ({ id, unavailable: true })),
        session_id: session.id,
        session_type: 'normal',
        resume_gateway_url: this.gatewayUrl(),
        shard: session.shard,
        application: { id: this.state.application.id, flags: this.state.application.flags },
        private_channels: [],
        presences: [],
        relationships: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: ['double'],
        auth: {},
        _trace: ['["discord-double",{"micros":0}]'],
      },
      guilds: session.hasIntent(Intent.Guilds) ? guildIds.map((id) => this.state.apiGuildCreate(id) as unknown as Json) : [],
    };
  }

  #guildMembers(request: Json): Json[] {
    const guildId = typeof request['guild_id'] === 'string' ? request['guild_id'] : '';
    const guild = this.state.guilds.get(guildId);
    if (!guild) return [];
    const query = typeof request['query'] === 'string' ? request['query'].toLowerCase() : '';
    const userIds = Array.isArray(request['user_ids']) ? request['user_ids'].map(String) : typeof request['user_ids'] === 'string' ? [request['user_ids']] : null;
    const limit = typeof request['limit'] === 'number' && request['limit'] > 0 ? request['limit'] : Infinity;
    const ids = [...guild.members.keys()]
      .filter((id) => (userIds ? userIds.includes(id) : this.state.user(id).username.toLowerCase().startsWith(query)))
      .slice(0, limit);
    const chunk: Json = {
      guild_id: guildId,
      members: ids.map((id) => this.state.apiMember(guildId, id)),
      chunk_index: 0,
      chunk_count: 1,
    };
    if (userIds) chunk['not_found'] = userIds.filter((id) => !guild.members.has(id));
    if (request['nonce'] !== undefined) chunk['nonce'] = request['nonce'];
    return [chunk];
  }

  /** Resolves with the first session that identifies (or one already live). */
  waitForClient(timeoutMs = 5000): Promise<GatewaySession> {
    return this.gateway.waitForSession(timeoutMs);
  }

  // ---- reading what the bot did ------------------------------------------------------------------------------

  /** Messages in a channel, oldest first (without ephemeral or deleted ones unless asked). */
  messages(channelId: string, options: { includeEphemeral?: boolean; includeDeleted?: boolean } = {}): StoredMessage[] {
    return this.state.messagesIn(channelId, options);
  }

  message(id: string): StoredMessage | undefined {
    return this.state.messages.get(id);
  }

  lastMessage(channelId: string): StoredMessage | undefined {
    return this.messages(channelId).at(-1);
  }

  /** Resolves with the first message (existing or future) in the channel that passes the check. */
  waitForMessage(channelId: string, check: (m: StoredMessage) => boolean = () => true, timeoutMs = this.#options.waitTimeoutMs): Promise<StoredMessage> {
    const existing = this.messages(channelId, { includeEphemeral: true }).find(check);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const listener = (message: StoredMessage) => {
        if (message.channelId === channelId && !message.deleted && check(message)) {
          cleanup();
          resolve(message);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching message in channel ${channelId} within ${timeoutMs} ms (it has ${this.messages(channelId).length})`));
      }, timeoutMs);
      timer.unref();
      const cleanup = () => {
        clearTimeout(timer);
        this.#messageListeners.delete(listener);
      };
      this.#messageListeners.add(listener);
    });
  }

  /** Registered commands as the API serves them: global ones, or a guild's. */
  commands(guildId: string | null = null): APIApplicationCommand[] {
    return [...this.state.commands.values()]
      .filter((c) => c.guildId === guildId)
      .map((c) => ({ ...c.data, id: c.id, application_id: c.applicationId, version: c.version, ...(c.guildId ? { guild_id: c.guildId } : {}) }) as unknown as APIApplicationCommand);
  }

  /** The REST requests that matched a route pattern (e.g. "/channels/:channelId/messages"), optionally by method. */
  requestsTo(route: string, method?: string): RestApi['requests'] {
    return this.rest.requests.filter((r) => r.route === route && (!method || r.method === method.toUpperCase()));
  }

  /** Returns and forgets the recorded violations (for tests that provoke them on purpose). */
  takeViolations(): RejectedRequest[] {
    return this.violations.splice(0, this.violations.length);
  }

  /** Throws an AssertionError listing every violation not taken yet. */
  assertNoViolations(): void {
    if (this.violations.length === 0) return;
    const lines = this.violations.map(
      (v) => `  ${v.method} ${v.path} -> ${v.status} code ${v.code}: ${v.message}${v.details.length ? ` [${v.details.join('; ')}]` : ''}`,
    );
    throw new AssertionError({ message: `the bot broke Discord's rules ${this.violations.length} time(s):\n${lines.join('\n')}` });
  }

  // ---- driving interactions ----------------------------------------------------------------------------------

  #defaultChannelId(): string {
    const text = [...this.state.channels.values()].find((c) => c.type === ChannelType.GuildText && !c.deleted && c.name === 'news') ??
      [...this.state.channels.values()].find((c) => c.type === ChannelType.GuildText && !c.deleted);
    if (!text) throw new Error('the fixture has no text channel; pass channelId');
    return text.id;
  }

  #defaultUserId(channel: StoredChannel): string {
    if (channel.guildId === null) {
      const recipient = channel.recipientIds[0];
      if (!recipient) throw new Error(`DM channel ${channel.id} has no recipient`);
      return recipient;
    }
    const guild = this.state.guilds.get(channel.guildId);
    const member = guild && [...guild.members.keys()].find((id) => !this.state.user(id).bot && id !== guild.ownerId);
    const fallback = guild && [...guild.members.keys()].find((id) => !this.state.user(id).bot);
    if (!member && !fallback) throw new Error(`guild ${channel.guildId} has no human member; pass userId`);
    return (member ?? fallback) as string;
  }

  #interaction(
    type: number,
    kind: InteractionKind,
    base: { guildId?: string | null | undefined; channelId?: string | undefined; userId?: string | undefined; locale?: string | undefined; ackDeadlineMs?: number | undefined },
    data: Json,
    extra: { commandName?: string; customId?: string; sourceMessageId?: string | null } = {},
  ): InteractionHandle {
    if (this.#closed) throw new Error('the Discord double is closed');
    const channelId = base.channelId ?? this.#defaultChannelId();
    const channel = this.state.liveChannel(channelId);
    if (!channel) throw new Error(`cannot send an interaction from channel ${channelId}: it does not exist (or was deleted)`);
    if (base.guildId !== undefined && base.guildId !== channel.guildId) {
      throw new Error(`channel ${channel.id} belongs to guild ${String(channel.guildId)}, not ${String(base.guildId)}`);
    }
    const userId = base.userId ?? this.#defaultUserId(channel);
    this.state.user(userId);
    const locale = base.locale ?? 'en-US';
    const id = this.state.snowflakes.next();
    const token = randomToken();
    const apiChannel = this.state.apiChannel(channel) as unknown as Json;
    const payload: Json = {
      id,
      application_id: this.state.application.id,
      type,
      data,
      token,
      version: 1,
      channel: apiChannel,
      channel_id: channel.id,
      app_permissions: this.state.botPermissionsIn(channel.id).toString(),
      locale,
      entitlements: [],
      attachment_size_limit: this.#options.maxFileSize,
    };
    if (channel.guildId) {
      const guild = this.state.guilds.get(channel.guildId);
      if (!guild?.members.has(userId)) throw new Error(`user ${userId} is not a member of guild ${channel.guildId}`);
      if (!(this.state.permissionsIn(channel.id, userId) & PermissionFlagsBits.ViewChannel)) {
        throw new Error(`user ${userId} cannot see channel ${channel.id}, so Discord would not let them interact there`);
      }
      payload['guild_id'] = channel.guildId;
      payload['guild'] = { id: channel.guildId, locale: guild.preferredLocale, features: [] };
      payload['guild_locale'] = guild.preferredLocale;
      payload['member'] = {
        ...this.state.apiMember(channel.guildId, userId),
        permissions: this.state.permissionsIn(channel.id, userId).toString(),
      };
      payload['authorizing_integration_owners'] = { 0: channel.guildId };
      payload['context'] = 0;
    } else {
      payload['user'] = this.state.apiUser(userId);
      payload['authorizing_integration_owners'] = { 0: '0' };
      payload['context'] = 1;
    }
    if (extra.sourceMessageId) {
      const source = this.state.messages.get(extra.sourceMessageId);
      if (source) payload['message'] = this.state.apiMessage(source);
    }
    const record: InteractionRecord = {
      id,
      token,
      type,
      kind,
      payload,
      channelId: channel.id,
      guildId: channel.guildId,
      userId,
      commandName: extra.commandName ?? null,
      customId: extra.customId ?? null,
      sourceMessageId: extra.sourceMessageId ?? null,
      createdAt: Date.now(),
      ackDeadlineMs: base.ackDeadlineMs ?? this.#options.interactionAckMs,
      tokenLifetimeMs: this.#options.interactionTokenLifetimeMs,
      callback: null,
      originalMessageId: null,
      followUpIds: [],
      events: [],
      listeners: new Set(),
    };
    this.interactions.set(id, record);
    const delivered = this.gateway.dispatch('INTERACTION_CREATE', payload);
    if (delivered === 0) throw new Error('no discord.js client is connected to the Discord double (log in and wait for ready first)');
    record.createdAt = Date.now();
    return new InteractionHandle(record, { message: (mid) => this.state.messages.get(mid), defaultWaitMs: this.#options.waitTimeoutMs });
  }

  #findCommand(name: string, type: number, guildId: string | null): Json | null {
    const all = [...this.state.commands.values()].filter((c) => c.data.name === name && c.data.type === type);
    const command = all.find((c) => c.guildId !== null && c.guildId === guildId) ?? all.find((c) => c.guildId === null);
    if (!command) return null;
    return { ...command.data, id: command.id, guild_id: command.guildId };
  }

  #commandData(opts: SlashCommandOptions, channel: StoredChannel, userId: string, focused: { name: string; value: string } | null): Json {
    const command = this.#findCommand(opts.commandName, 1, channel.guildId);
    if (!command && this.#options.strictCommands) {
      throw new Error(`/${opts.commandName} is not registered with the double (strictCommands is on)`);
    }
    if (command) {
      const required = command['default_member_permissions'];
      if (typeof required === 'string' && channel.guildId) {
        const needed = BigInt(required);
        if ((this.state.permissionsIn(channel.id, userId) & needed) !== needed) {
          throw new Error(`Discord would not show /${opts.commandName} to user ${userId}: it needs permissions ${required}`);
        }
      }
      const contexts = command['contexts'];
      if (channel.guildId === null && (command['dm_permission'] === false || (Array.isArray(contexts) && !contexts.includes(1)))) {
        throw new Error(`/${opts.commandName} is not available in DMs`);
      }
      if (channel.guildId !== null && Array.isArray(contexts) && !contexts.includes(0)) {
        throw new Error(`/${opts.commandName} is not available in guilds`);
      }
    }
    let schema: Json[] | null = command ? (Array.isArray(command['options']) ? command['options'].filter(isRecord) : []) : null;
    const wrap: { name: string; type: number }[] = [];
    for (const [name, type] of [
      [opts.subcommandGroup, 2],
      [opts.subcommand, 1],
    ] as const) {
      if (name === undefined) continue;
      if (schema) {
        const sub = schema.find((o) => o['name'] === name && o['type'] === type);
        if (!sub) throw new Error(`/${opts.commandName} has no ${type === 2 ? 'subcommand group' : 'subcommand'} "${name}"`);
        schema = Array.isArray(sub['options']) ? sub['options'].filter(isRecord) : [];
      }
      wrap.push({ name, type });
    }
    if (schema && schema.some((o) => o['type'] === 1 || o['type'] === 2)) {
      throw new Error(`/${opts.commandName} needs a ${schema.some((o) => o['type'] === 2) && !opts.subcommandGroup ? 'subcommand group' : 'subcommand'}`);
    }
    const resolved: Record<string, Record<string, unknown>> = {};
    const add = (kind: string, id: string, value: unknown) => {
      resolved[kind] ??= {};
      (resolved[kind] as Record<string, unknown>)[id] = value;
    };
    const given = { ...(opts.options ?? {}) };
    if (focused) given[focused.name] = focused.value;
    const options: Json[] = [];
    for (const [name, value] of Object.entries(given)) {
      const spec = schema?.find((o) => o['name'] === name);
      if (schema && !spec) throw new Error(`/${opts.commandName} has no option "${name}"`);
      const isFocused = focused?.name === name;
      if (isFocused && spec && spec['autocomplete'] !== true) throw new Error(`option "${name}" of /${opts.commandName} has no autocomplete`);
      const type = typeof spec?.['type'] === 'number' ? spec['type'] : typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : typeof value === 'object' ? 11 : 3;
      const option: Json = { name, type };
      if (isFocused) {
        option['value'] = value;
        option['focused'] = true;
        options.push(option);
        continue;
      }
      if (spec) this.#checkOptionValue(opts.commandName, spec, value);
      switch (type) {
        case 6: {
          const id = String(value);
          add('users', id, this.state.apiUser(id));
          if (channel.guildId && this.state.guilds.get(channel.guildId)?.members.has(id)) {
            const { user: _user, ...member } = this.state.apiMember(channel.guildId, id);
            add('members', id, { ...member, permissions: this.state.permissionsIn(channel.id, id).toString() });
          }
          option['value'] = id;
          break;
        }
        case 7: {
          const target = this.state.liveChannel(String(value));
          if (!target) throw new Error(`option "${name}": unknown channel ${String(value)}`);
          const api = this.state.apiChannel(target) as unknown as Json;
          const entry: Json = { id: target.id, name: target.name ?? '', type: target.type, permissions: this.state.permissionsIn(target.id, userId).toString() };
          if (THREAD_TYPES.has(target.type)) {
            entry['parent_id'] = target.parentId;
            entry['thread_metadata'] = api['thread_metadata'];
          }
          add('channels', target.id, entry);
          option['value'] = target.id;
          break;
        }
        case 8:
        case 9: {
          const id = String(value);
          const role = channel.guildId ? this.state.guilds.get(channel.guildId)?.roles.get(id) : undefined;
          if (role) add('roles', id, this.state.apiRole(role));
          else if (this.state.users.has(id)) add('users', id, this.state.apiUser(id));
          else throw new Error(`option "${name}": ${id} is neither a role nor a user`);
          option['value'] = id;
          break;
        }
        case 11: {
          if (typeof value !== 'object') throw new Error(`option "${name}" needs { filename, data }`);
          const id = this.state.snowflakes.next();
          const data = typeof value.data === 'string' ? Buffer.from(value.data) : value.data;
          const url = `${this.baseUrl()}/attachments/${channel.id}/${id}/${encodeURIComponent(value.filename)}`;
          const contentType = value.contentType ?? 'application/octet-stream';
          this.state.optionAttachments.set(id, { id, filename: value.filename, size: data.length, contentType, description: null, data, url });
          add('attachments', id, { id, filename: value.filename, size: data.length, url, proxy_url: url, content_type: contentType });
          option['value'] = id;
          break;
        }
        default:
          option['value'] = value;
      }
      options.push(option);
    }
    if (schema && !focused) {
      for (const spec of schema) {
        if (spec['required'] === true && !(String(spec['name']) in given)) {
          throw new Error(`/${opts.commandName} needs option "${String(spec['name'])}" (Discord would not send it without)`);
        }
      }
    }
    let wrapped: Json[] = options;
    for (const level of [...wrap].reverse()) wrapped = [{ name: level.name, type: level.type, options: wrapped }];
    const data: Json = { id: command ? String(command['id']) : this.state.snowflakes.next(), name: opts.commandName, type: 1 };
    if (wrapped.length > 0) data['options'] = wrapped;
    if (Object.keys(resolved).length > 0) data['resolved'] = resolved;
    if (command?.['guild_id']) data['guild_id'] = command['guild_id'];
    return data;
  }

  #checkOptionValue(commandName: string, spec: Json, value: OptionValue): void {
    const name = String(spec['name']);
    const type = spec['type'];
    const fail = (why: string) => {
      throw new Error(`/${commandName} option "${name}": ${why} (Discord's client would not send it)`);
    };
    if (type === 3 && typeof value !== 'string') fail('expects a string');
    if (type === 4 && (typeof value !== 'number' || !Number.isInteger(value))) fail('expects an integer');
    if (type === 10 && typeof value !== 'number') fail('expects a number');
    if (type === 5 && typeof value !== 'boolean') fail('expects a boolean');
    if (Array.isArray(spec['choices']) && spec['choices'].length > 0) {
      if (!spec['choices'].some((c) => isRecord(c) && c['value'] === value)) fail(`must be one of the choices`);
    }
    if (typeof value === 'number') {
      if (typeof spec['min_value'] === 'number' && value < spec['min_value']) fail(`below min_value ${spec['min_value']}`);
      if (typeof spec['max_value'] === 'number' && value > spec['max_value']) fail(`above max_value ${spec['max_value']}`);
    }
    if (typeof value === 'string') {
      if (typeof spec['min_length'] === 'number' && value.length < spec['min_length']) fail(`shorter than min_length ${spec['min_length']}`);
      if (typeof spec['max_length'] === 'number' && value.length > spec['max_length']) fail(`longer than max_length ${spec['max_length']}`);
    }
  }

  /** Emits INTERACTION_CREATE for a chat-input command (type 2). */
  sendSlashCommand(opts: SlashCommandOptions): InteractionHandle {
    const channel = this.state.liveChannel(opts.channelId ?? this.#defaultChannelId());
    if (!channel) throw new Error(`unknown channel ${String(opts.channelId)}`);
    const userId = opts.userId ?? this.#defaultUserId(channel);
    const data = this.#commandData(opts, channel, userId, null);
    return this.#interaction(InteractionType.ApplicationCommand, 'command', { ...opts, channelId: channel.id, userId }, data, { commandName: opts.commandName });
  }

  /** Emits INTERACTION_CREATE for autocomplete (type 4) with one focused option. */
  sendAutocomplete(opts: AutocompleteOptions): InteractionHandle {
    const channel = this.state.liveChannel(opts.channelId ?? this.#defaultChannelId());
    if (!channel) throw new Error(`unknown channel ${String(opts.channelId)}`);
    const userId = opts.userId ?? this.#defaultUserId(channel);
    const data = this.#commandData(opts, channel, userId, { name: opts.focused, value: opts.value });
    return this.#interaction(InteractionType.ApplicationCommandAutocomplete, 'autocomplete', { ...opts, channelId: channel.id, userId }, data, { commandName: opts.commandName });
  }

  #component(messageId: string, customId: string): { message: StoredMessage; component: Json } {
    const message = this.state.messages.get(messageId);
    if (!message || message.deleted) throw new Error(`no message ${messageId} to interact with`);
    let found: Json | null = null;
    const walk = (value: unknown) => {
      if (found || !isRecord(value)) return;
      if (value['custom_id'] === customId && typeof value['type'] === 'number' && value['type'] !== 4) found = value;
      if (Array.isArray(value['components'])) value['components'].forEach(walk);
      if (isRecord(value['accessory'])) walk(value['accessory']);
      if (isRecord(value['component'])) walk(value['component']);
    };
    message.components.forEach(walk);
    if (!found) throw new Error(`message ${messageId} has no component with custom_id "${customId}"`);
    const component: Json = found;
    if (component['disabled'] === true) throw new Error(`component "${customId}" is disabled; users cannot use it`);
    return { message, component };
  }

  #componentBase(opts: ComponentOptions, message: StoredMessage) {
    const original = message.interaction;
    if (message.flags & MessageFlag.Ephemeral && original && opts.userId && opts.userId !== original.userId) {
      throw new Error(`message ${message.id} is ephemeral: only user ${original.userId} sees it`);
    }
    return {
      channelId: message.channelId,
      userId: opts.userId ?? (message.flags & MessageFlag.Ephemeral && original ? original.userId : undefined),
      locale: opts.locale,
      ackDeadlineMs: opts.ackDeadlineMs,
    };
  }

  /** Emits INTERACTION_CREATE for a button click (type 3, component_type 2). */
  clickButton(opts: ComponentOptions): InteractionHandle {
    const { message, component } = this.#component(opts.messageId, opts.customId);
    if (component['type'] !== 2) throw new Error(`component "${opts.customId}" is not a button`);
    if (component['style'] === 5 || component['style'] === 6) throw new Error(`button "${opts.customId}" is a link/premium button: clicking it sends no interaction`);
    return this.#interaction(
      InteractionType.MessageComponent,
      'component',
      this.#componentBase(opts, message),
      { custom_id: opts.customId, component_type: 2 },
      { customId: opts.customId, sourceMessageId: message.id },
    );
  }

  /** Emits INTERACTION_CREATE for a select menu choice (type 3, component_type 3/5/6/7/8). */
  selectMenu(opts: SelectOptions): InteractionHandle {
    const { message, component } = this.#component(opts.messageId, opts.customId);
    const type = component['type'];
    if (typeof type !== 'number' || ![3, 5, 6, 7, 8].includes(type)) throw new Error(`component "${opts.customId}" is not a select menu`);
    const min = typeof component['min_values'] === 'number' ? component['min_values'] : 1;
    const max = typeof component['max_values'] === 'number' ? component['max_values'] : 1;
    if (opts.values.length < min || opts.values.length > max) throw new Error(`select "${opts.customId}" takes ${min}..${max} values`);
    if (type === 3) {
      const allowed = Array.isArray(component['options']) ? component['options'].filter(isRecord).map((o) => o['value']) : [];
      const bad = opts.values.find((v) => !allowed.includes(v));
      if (bad !== undefined) throw new Error(`select "${opts.customId}" has no option "${bad}"`);
    }
    const data: Json = { custom_id: opts.customId, component_type: type, values: opts.values };
    if (type !== 3) {
      const resolved: Record<string, Record<string, unknown>> = {};
      for (const id of opts.values) {
        const role = message.guildId ? this.state.guilds.get(message.guildId)?.roles.get(id) : undefined;
        const channel = this.state.liveChannel(id);
        if (role) (resolved['roles'] ??= {})[id] = this.state.apiRole(role);
        else if (channel) (resolved['channels'] ??= {})[id] = { id, name: channel.name ?? '', type: channel.type, permissions: '0' };
        else if (this.state.users.has(id)) (resolved['users'] ??= {})[id] = this.state.apiUser(id);
      }
      data['resolved'] = resolved;
    }
    return this.#interaction(InteractionType.MessageComponent, 'component', this.#componentBase(opts, message), data, { customId: opts.customId, sourceMessageId: message.id });
  }

  /** Emits INTERACTION_CREATE for a modal submit (type 5), shaped after the modal the bot showed. */
  submitModal(opts: ModalSubmitOptions): InteractionHandle {
    const source = this.interactions.get(opts.from.id);
    const modal = source?.callback?.type === CallbackType.Modal ? source.callback.data : null;
    if (!source || !modal) throw new Error(`interaction ${opts.from.id} was not answered with a modal`);
    const inputs = modalInputs(modal);
    const known = new Set(inputs.map((i) => String(i['custom_id'])));
    for (const key of Object.keys(opts.fields)) if (!known.has(key)) throw new Error(`the modal has no field "${key}"`);
    const valueFor = (input: Json): Json => {
      const customId = String(input['custom_id']);
      const given = opts.fields[customId];
      if (input['type'] === 4) {
        const value = typeof given === 'string' ? given : '';
        if (input['required'] !== false && value.length === 0) throw new Error(`modal field "${customId}" is required`);
        if (typeof input['min_length'] === 'number' && value.length > 0 && value.length < input['min_length']) throw new Error(`modal field "${customId}" is shorter than ${input['min_length']}`);
        if (typeof input['max_length'] === 'number' && value.length > input['max_length']) throw new Error(`modal field "${customId}" is longer than ${input['max_length']}`);
        return { type: 4, ...(input['id'] !== undefined ? { id: input['id'] } : {}), custom_id: customId, value };
      }
      const values = Array.isArray(given) ? given : given === undefined ? [] : [given];
      return { type: input['type'], ...(input['id'] !== undefined ? { id: input['id'] } : {}), custom_id: customId, values };
    };
    const components = (Array.isArray(modal['components']) ? modal['components'] : []).filter(isRecord).map((top): Json => {
      if (top['type'] === 1) {
        return { type: 1, ...(top['id'] !== undefined ? { id: top['id'] } : {}), components: (Array.isArray(top['components']) ? top['components'] : []).filter(isRecord).map(valueFor) };
      }
      if (isRecord(top['component'])) return { type: top['type'], ...(top['id'] !== undefined ? { id: top['id'] } : {}), component: valueFor(top['component']) };
      return { type: top['type'], ...(top['id'] !== undefined ? { id: top['id'] } : {}) };
    });
    const sourceMessageId = source.kind === 'component' ? source.sourceMessageId : null;
    return this.#interaction(
      InteractionType.ModalSubmit,
      'modal',
      { channelId: source.channelId, userId: source.userId, locale: String(source.payload['locale'] ?? 'en-US'), ackDeadlineMs: opts.ackDeadlineMs },
      { custom_id: modal['custom_id'], components },
      { customId: String(modal['custom_id']), sourceMessageId },
    );
  }

  /** Returns the handle for an interaction sent earlier. */
  interaction(id: string): InteractionHandle | undefined {
    const record = this.interactions.get(id);
    return record ? new InteractionHandle(record, { message: (mid) => this.state.messages.get(mid), defaultWaitMs: this.#options.waitTimeoutMs }) : undefined;
  }

  // ---- other simulated users and events ----------------------------------------------------------------------

  /** A person posts in a channel: stored and dispatched as MESSAGE_CREATE (content hidden without MESSAGE_CONTENT). */
  postUserMessage(opts: UserMessageOptions): StoredMessage {
    const channel = this.state.liveChannel(opts.channelId);
    if (!channel) throw new Error(`unknown channel ${opts.channelId}`);
    const userId = opts.userId ?? this.#defaultUserId(channel);
    return this.rest.createMessage(channel, userId, { content: opts.content }, []);
  }

  // ---- simulation switches -----------------------------------------------------------------------------------

  /** Deletes a channel (and its threads): from now on it answers 404 code 10003. Tells connected clients unless
   *  `notify: false` (to simulate a bot acting on a stale cache). */
  deleteChannel(channelId: string, options: { notify?: boolean } = {}): void {
    const channel = this.state.channels.get(channelId);
    if (!channel) throw new Error(`unknown channel ${channelId}`);
    const doomed = [channel, ...[...this.state.channels.values()].filter((c) => c.parentId === channelId && THREAD_TYPES.has(c.type))];
    for (const c of doomed) {
      c.deleted = true;
      if (options.notify !== false) this.dispatchChannel(THREAD_TYPES.has(c.type) ? 'THREAD_DELETE' : 'CHANNEL_DELETE', c);
    }
  }

  /**
   * Takes permissions from the bot in a channel (default: sending messages), so posting answers 403 code 50013
   * (50001 if View Channel is taken). In a guild channel this is a member overwrite that clients are told about; in
   * a thread it applies to that thread only; in a DM it means the user closed DMs (403 code 50007).
   */
  denyPermission(channelId: string, permissions: bigint = PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads): void {
    const channel = this.state.channels.get(channelId);
    if (!channel) throw new Error(`unknown channel ${channelId}`);
    if (channel.guildId === null) {
      for (const id of channel.recipientIds) this.closedDms.add(id);
      return;
    }
    if (THREAD_TYPES.has(channel.type)) {
      this.state.botDeny.set(channelId, (this.state.botDeny.get(channelId) ?? 0n) | permissions);
      return;
    }
    const existing = channel.overwrites.find((o) => o.type === 1 && o.id === this.state.botUserId);
    if (existing) {
      existing.deny |= permissions;
      existing.allow &= ~permissions;
    } else {
      channel.overwrites.push({ id: this.state.botUserId, type: 1, allow: 0n, deny: permissions });
    }
    this.dispatchChannel('CHANNEL_UPDATE', channel);
  }

  /** Undoes denyPermission for a channel. */
  restorePermission(channelId: string): void {
    const channel = this.state.channels.get(channelId);
    if (!channel) throw new Error(`unknown channel ${channelId}`);
    if (channel.guildId === null) {
      for (const id of channel.recipientIds) this.closedDms.delete(id);
      return;
    }
    this.state.botDeny.delete(channelId);
    const before = channel.overwrites.length;
    channel.overwrites = channel.overwrites.filter((o) => !(o.type === 1 && o.id === this.state.botUserId));
    if (channel.overwrites.length !== before) this.dispatchChannel('CHANNEL_UPDATE', channel);
  }

  /**
   * The next matching request (a channel id means "POST a message there") gets 429 with retry-after,
   * x-ratelimit-* headers and { message, retry_after, global }; a request that comes back before the reset is a
   * violation. The per-route x-ratelimit-reset-after carries the exact (fractional) wait, retry-after is whole
   * seconds as Discord sends it — so a global limit makes discord.js wait at least a second.
   */
  rateLimitNext(target: string | RequestTarget, retryAfterSeconds: number, options: { global?: boolean; count?: number } = {}): void {
    const resolved: RequestTarget = typeof target === 'string' ? { method: 'POST', route: '/channels/:channelId/messages', channelId: target } : target;
    this.rest.rateLimitNext(resolved, retryAfterSeconds, options);
  }

  /**
   * The next `count` matching requests (default: any) answer `status` (500 JSON, 502/504 Cloudflare HTML, 503
   * text). With afterCommit the request is carried out first and only the answer is lost — what makes retried
   * POSTs duplicate messages unless they use enforce_nonce. discord.js retries 5xx up to 3 times by itself.
   */
  failNext(count: number, options: { status?: 500 | 502 | 503 | 504; target?: RequestTarget; afterCommit?: boolean } = {}): void {
    this.rest.failNext(options.target ?? {}, count, options.status ?? 500, options.afterCommit ?? false);
  }

  /** Turns the per-channel message bucket on ({ limit, windowMs }) or off (null). */
  setChannelRateLimit(limit: ChannelRateLimit | null): void {
    this.settings.channelRateLimit = limit;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  /** Stops the server and drops every connection. Destroy discord.js clients first; a client still connected is
   *  told 4004 so it stops instead of reconnecting forever (it emits shardError). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const record of this.interactions.values()) record.listeners.clear();
    this.#messageListeners.clear();
    await this.gateway.close();
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}

export function startDiscordDouble(options: DiscordDoubleOptions = {}): Promise<DiscordDouble> {
  return DiscordDouble.start(options);
}
