// The REST half of the double: the /api/v10 routes discord.js calls, with Discord's answers and error codes, plus
// the simulation switches (forced 429s, outages, per-channel rate-limit buckets).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { APIApplicationCommand, APIMessage } from 'discord.js';
import { ApiError, DiscordErrors } from './errors.ts';
import type { FormError } from './errors.ts';
import { parseBody, readRaw } from './http-body.ts';
import type { UploadedFile } from './http-body.ts';
import { CallbackType, notify } from './interactions.ts';
import type { CallbackRecord, InteractionRecord, RejectedRequest } from './interactions.ts';
import { compareSnowflakes } from './snowflake.ts';
import { MessageFlag, TEXT_TYPES, THREAD_TYPES } from './state.ts';
import type { DoubleState, StoredAttachment, StoredChannel, StoredCommand, StoredMessage } from './state.ts';
import {
  isRecord,
  validateAutocompleteResult,
  validateCommand,
  validateMessageBody,
  validateModal,
} from './validation.ts';
import type { Json } from './validation.ts';

/** Which requests a switch applies to. All given fields must match. */
export interface RequestTarget {
  method?: string;
  /** The path after /api/v10, exactly (e.g. "/channels/123/messages") or as a RegExp. */
  path?: string | RegExp;
  /** The route pattern, e.g. "/channels/:channelId/messages". */
  route?: string;
  channelId?: string;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  query: string;
  route: string | null;
  status: number;
  body: unknown;
  files: { field: string; filename: string; size: number; contentType: string | null }[];
  authorized: boolean;
  durationMs: number;
}

export interface RateLimitAnswer {
  at: number;
  method: string;
  path: string;
  retryAfter: number;
  global: boolean;
  /** 'forced' by rateLimitNext, 'bucket' by the per-channel limit, 'ignored' when the bot came back too early. */
  reason: 'forced' | 'bucket' | 'ignored';
}

export interface ChannelRateLimit {
  /** Messages allowed per window and channel (Discord's bots get 5 per 5 s). */
  limit: number;
  windowMs: number;
}

interface RateLimitRule {
  target: RequestTarget;
  retryAfter: number;
  global: boolean;
  remaining: number;
}

interface OutageRule {
  target: RequestTarget;
  status: number;
  remaining: number;
  afterCommit: boolean;
}

interface Bucket {
  windowStart: number;
  count: number;
  limitedUntil: number;
}

export interface RestSettings {
  token: string | null;
  maxFileSize: number;
  maxRequestBytes: number;
  nonceWindowMs: number;
  channelRateLimit: ChannelRateLimit | null;
}

export interface RestHost {
  readonly state: DoubleState;
  readonly settings: RestSettings;
  readonly interactions: Map<string, InteractionRecord>;
  baseUrl(): string;
  gatewayUrl(): string;
  dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: StoredMessage): void;
  dispatchMessageDelete(message: StoredMessage): void;
  dispatchChannel(t: 'CHANNEL_UPDATE' | 'THREAD_CREATE' | 'THREAD_UPDATE', channel: StoredChannel): void;
  messageChanged(message: StoredMessage): void;
  recordRejection(rejection: RejectedRequest, record: InteractionRecord | null): void;
  /** DM channels the recipient closed (50007). */
  readonly closedDms: Set<string>;
}

interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  rawJson: unknown;
  files: UploadedFile[];
}

interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  keys: string[];
  auth: boolean;
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

const json = (body: unknown, status = 200): RouteResult => ({ status, body });
const noContent = (): RouteResult => ({ status: 204 });

function param(ctx: RouteContext, key: string): string {
  const value = ctx.params[key];
  if (value === undefined) throw new Error(`route without :${key}`);
  return value;
}

function formatFormErrors(errors: readonly FormError[]): string[] {
  return errors.map((e) => `${e.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')}: ${e.code} ${e.message}`);
}

export class RestApi {
  readonly requests: RequestLogEntry[] = [];
  readonly rateLimitAnswers: RateLimitAnswer[] = [];
  readonly #host: RestHost;
  readonly #routes: Route[] = [];
  #rateLimitRules: RateLimitRule[] = [];
  #outages: OutageRule[] = [];
  readonly #buckets = new Map<string, Bucket>();
  /** Until when a forced 429 holds, per "METHOD path". */
  readonly #forcedUntil = new Map<string, number>();
  #globalUntil = 0;

  constructor(host: RestHost) {
    this.#host = host;
    this.#defineRoutes();
  }

  // ---- switches ----------------------------------------------------------------------------------------------

  rateLimitNext(target: RequestTarget, retryAfterSeconds: number, options: { global?: boolean; count?: number } = {}): void {
    this.#rateLimitRules.push({ target, retryAfter: retryAfterSeconds, global: options.global ?? false, remaining: options.count ?? 1 });
  }

  failNext(target: RequestTarget, count: number, status: number, afterCommit: boolean): void {
    this.#outages.push({ target, status, remaining: count, afterCommit });
  }

  clearSwitches(): void {
    this.#rateLimitRules = [];
    this.#outages = [];
  }

  // ---- routing -----------------------------------------------------------------------------------------------

  #route(method: string, pattern: string, handler: Route['handler'], auth = true): void {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((part) => {
        if (part.startsWith(':')) {
          keys.push(part.slice(1));
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.#routes.push({ method, pattern, regex: new RegExp(`^${source}/?$`), keys, auth, handler });
  }

  #match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | null {
    let pathMatched = false;
    for (const route of this.#routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return pathMatched ? 'method' : null;
  }

  static #targets(target: RequestTarget, method: string, path: string, route: string | null, params: Record<string, string>): boolean {
    if (target.method && target.method.toUpperCase() !== method) return false;
    if (target.path !== undefined) {
      if (typeof target.path === 'string' ? target.path !== path : !target.path.test(path)) return false;
    }
    if (target.route !== undefined && target.route !== route) return false;
    if (target.channelId !== undefined && params['channelId'] !== target.channelId) return false;
    return true;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/attachments/')) {
      this.#serveAttachment(url.pathname, res);
      return;
    }
    const m = /^\/api(?:\/v(\d+))?(\/.*)$/.exec(url.pathname);
    const path = m?.[2] ?? url.pathname;
    const entry: RequestLogEntry = {
      at: started,
      method,
      path,
      query: url.search,
      route: null,
      status: 0,
      body: undefined,
      files: [],
      authorized: false,
      durationMs: 0,
    };
    this.requests.push(entry);
    let record: InteractionRecord | null = null;
    let result: RouteResult;
    try {
      if (!m || (m[1] !== undefined && m[1] !== '10')) throw DiscordErrors.unknownRoute(method, url.pathname);
      const raw = await readRaw(req, this.#host.settings.maxRequestBytes);
      const parsed = await parseBody(raw, req.headers['content-type']);
      entry.body = parsed.json;
      entry.files = parsed.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length, contentType: f.contentType }));
      const matched = this.#match(method, path);
      if (matched === 'method') throw DiscordErrors.methodNotAllowed();
      if (!matched) throw DiscordErrors.unknownRoute(method, path);
      const { route, params } = matched;
      entry.route = route.pattern;
      if (params['interactionId']) record = this.#host.interactions.get(params['interactionId']) ?? null;
      else if (params['token'] && route.pattern.startsWith('/webhooks/')) record = this.#recordByToken(params['token']);
      const authorization = req.headers['authorization'];
      entry.authorized = typeof authorization === 'string' && this.#tokenOk(authorization);
      if (route.auth && !entry.authorized) throw DiscordErrors.unauthorized();
      const ctx: RouteContext = {
        method,
        path,
        params,
        query: url.searchParams,
        body: isRecord(parsed.json) ? parsed.json : {},
        rawJson: parsed.json,
        files: parsed.files,
      };
      const outage = this.#takeOutage(method, path, route.pattern, params);
      if (outage && !outage.afterCommit) {
        this.#sendOutage(res, outage.status, entry, started);
        return;
      }
      this.#checkRateLimits(method, path, route.pattern, params);
      const bucketHeaders = this.#consumeBucket(method, route.pattern, params);
      result = await route.handler(ctx);
      if (bucketHeaders) result = { ...result, headers: { ...bucketHeaders, ...result.headers } };
      if (outage) {
        this.#sendOutage(res, outage.status, entry, started);
        return;
      }
    } catch (error) {
      if (!(error instanceof ApiError)) {
        const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
        result = { status: 500, body: { message: `500: double crashed: ${message}`, code: 0 } };
        this.#host.recordRejection(
          { method, path, status: 500, code: 0, message: `the double crashed: ${message}`, details: [], violation: true, at: Date.now(), interactionId: record?.id ?? null },
          record,
        );
      } else {
        result = { status: error.status, body: error.body(), headers: error.headers };
        if (error.status !== 429) {
          this.#host.recordRejection(
            {
              method,
              path,
              status: error.status,
              code: error.code,
              message: error.message,
              details: formatFormErrors(error.formErrors),
              violation: error.violation,
              at: Date.now(),
              interactionId: record?.id ?? null,
            },
            record,
          );
        }
      }
    }
    entry.status = result.status;
    entry.durationMs = Date.now() - started;
    const headers: Record<string, string> = { ...result.headers };
    if (result.status === 204 || result.body === undefined) {
      res.writeHead(result.status === 200 && result.body === undefined ? 204 : result.status, headers);
      res.end();
      return;
    }
    headers['content-type'] = 'application/json';
    res.writeHead(result.status, headers);
    res.end(JSON.stringify(result.body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
  }

  #tokenOk(authorization: string): boolean {
    const m = /^Bot\s+(.+)$/i.exec(authorization);
    if (!m?.[1]) return false;
    const expected = this.#host.settings.token;
    return expected === null || m[1] === expected;
  }

  #recordByToken(token: string): InteractionRecord | null {
    for (const record of this.#host.interactions.values()) if (record.token === token) return record;
    return null;
  }

  #sendOutage(res: ServerResponse, status: number, entry: RequestLogEntry, started: number): void {
    entry.status = status;
    entry.durationMs = Date.now() - started;
    if (status === 500) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
    } else if (status === 503) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('upstream connect error or disconnect/reset before headers. reset reason: overflow');
    } else {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(`<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>`);
    }
  }

  #takeOutage(method: string, path: string, route: string, params: Record<string, string>): OutageRule | null {
    const rule = this.#outages.find((r) => r.remaining > 0 && RestApi.#targets(r.target, method, path, route, params));
    if (!rule) return null;
    rule.remaining -= 1;
    this.#outages = this.#outages.filter((r) => r.remaining > 0);
    return rule;
  }

  static rateLimitError(retryAfter: number, global: boolean, bucket: string, limit: number, violation = false): ApiError {
    const headers: Record<string, string> = {
      'retry-after': String(Math.max(1, Math.ceil(retryAfter))),
      'x-ratelimit-scope': global ? 'global' : 'user',
    };
    if (global) {
      headers['x-ratelimit-global'] = 'true';
    } else {
      headers['x-ratelimit-limit'] = String(limit);
      headers['x-ratelimit-remaining'] = '0';
      headers['x-ratelimit-reset'] = (Date.now() / 1000 + retryAfter).toFixed(3);
      headers['x-ratelimit-reset-after'] = retryAfter.toFixed(3);
      headers['x-ratelimit-bucket'] = bucket;
    }
    return new ApiError(429, 0, 'You are being rate limited.', {
      headers,
      violation,
      bodyOverride: { message: 'You are being rate limited.', retry_after: retryAfter, global },
    });
  }

  #checkRateLimits(method: string, path: string, route: string, params: Record<string, string>): void {
    const now = Date.now();
    const key = `${method} ${path}`;
    // Coming back before a 429 expired is what gets bots banned: answer 429 again and count it as a violation.
    const until = Math.max(this.#forcedUntil.get(key) ?? 0, this.#globalUntil);
    if (until > now) {
      const retryAfter = (until - now) / 1000;
      this.rateLimitAnswers.push({ at: now, method, path, retryAfter, global: this.#globalUntil > now, reason: 'ignored' });
      this.#host.recordRejection(
        { method, path, status: 429, code: 0, message: `request came ${(until - now).toFixed(0)} ms before the rate limit reset`, details: [], violation: true, at: now, interactionId: null },
        null,
      );
      throw RestApi.rateLimitError(retryAfter, this.#globalUntil > now, `forced-${route}`, 5, true);
    }
    const rule = this.#rateLimitRules.find((r) => r.remaining > 0 && RestApi.#targets(r.target, method, path, route, params));
    if (!rule) return;
    rule.remaining -= 1;
    this.#rateLimitRules = this.#rateLimitRules.filter((r) => r.remaining > 0);
    const resetAt = now + rule.retryAfter * 1000;
    if (rule.global) this.#globalUntil = resetAt;
    else this.#forcedUntil.set(key, resetAt);
    this.rateLimitAnswers.push({ at: now, method, path, retryAfter: rule.retryAfter, global: rule.global, reason: 'forced' });
    throw RestApi.rateLimitError(rule.retryAfter, rule.global, `forced-${route}`, 5);
  }

  /** The per-channel message bucket: headers for a success, or a 429 when the window is full. */
  #consumeBucket(method: string, route: string, params: Record<string, string>): Record<string, string> | null {
    const limit = this.#host.settings.channelRateLimit;
    const channelId = params['channelId'];
    if (!limit || method !== 'POST' || route !== '/channels/:channelId/messages' || !channelId) return null;
    const now = Date.now();
    let bucket = this.#buckets.get(channelId);
    if (!bucket || now >= bucket.windowStart + limit.windowMs) {
      bucket = { windowStart: now, count: 0, limitedUntil: 0 };
      this.#buckets.set(channelId, bucket);
    }
    const resetAfter = (bucket.windowStart + limit.windowMs - now) / 1000;
    if (bucket.count >= limit.limit) {
      const early = bucket.limitedUntil > now;
      bucket.limitedUntil = bucket.windowStart + limit.windowMs;
      this.rateLimitAnswers.push({ at: now, method, path: `/channels/${channelId}/messages`, retryAfter: resetAfter, global: false, reason: early ? 'ignored' : 'bucket' });
      if (early) {
        this.#host.recordRejection(
          { method, path: `/channels/${channelId}/messages`, status: 429, code: 0, message: 'request came back before the channel bucket reset', details: [], violation: true, at: now, interactionId: null },
          null,
        );
      }
      throw RestApi.rateLimitError(resetAfter, false, 'double-channel-messages', limit.limit, early);
    }
    bucket.count += 1;
    return {
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-remaining': String(limit.limit - bucket.count),
      'x-ratelimit-reset': ((bucket.windowStart + limit.windowMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': 'double-channel-messages',
      'x-ratelimit-scope': 'user',
    };
  }

  #serveAttachment(pathname: string, res: ServerResponse): void {
    const [, , channelId, attachmentId] = pathname.split('/');
    this.#host.state.attachmentDownloads.push(pathname);
    const messages = channelId ? this.#host.state.messagesIn(channelId, { includeEphemeral: true }) : [];
    const attachment =
      messages.flatMap((m) => m.attachments).find((a) => a.id === attachmentId) ??
      (attachmentId === undefined ? undefined : this.#host.state.optionAttachments.get(attachmentId));
    if (!attachment) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': attachment.contentType ?? 'application/octet-stream', 'content-length': String(attachment.size) });
    res.end(attachment.data);
  }

  // ---- shared message logic ----------------------------------------------------------------------------------

  #channelFor(channelId: string): StoredChannel {
    const channel = this.#host.state.liveChannel(channelId);
    if (!channel) throw DiscordErrors.unknownChannel();
    return channel;
  }

  #viewable(channelId: string): StoredChannel {
    const channel = this.#channelFor(channelId);
    if (!(this.#host.state.botPermissionsIn(channelId) & PermissionFlagsBits.ViewChannel)) throw DiscordErrors.missingAccess();
    return channel;
  }

  #attachments(channelId: string, body: Json, files: UploadedFile[], existing: StoredAttachment[] | null): StoredAttachment[] {
    const state = this.#host.state;
    const meta = Array.isArray(body['attachments']) ? body['attachments'].filter(isRecord) : undefined;
    const kept = existing ? (meta ? existing.filter((a) => meta.some((m) => String(m['id']) === a.id)) : existing) : [];
    const added = files.map((file, position) => {
      if (file.data.length > this.#host.settings.maxFileSize) throw DiscordErrors.tooLarge();
      const index = file.index ?? position;
      const info = meta?.find((m) => String(m['id']) === String(index));
      const filename = typeof info?.['filename'] === 'string' ? info['filename'] : file.filename;
      const id = state.snowflakes.next();
      return {
        id,
        filename,
        size: file.data.length,
        contentType: file.contentType,
        description: typeof info?.['description'] === 'string' ? info['description'] : null,
        data: file.data,
        url: `${this.#host.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`,
      };
    });
    return [...kept, ...added];
  }

  #check(body: Json, mode: 'create' | 'edit', files: UploadedFile[], existingFlags = 0): void {
    const check = validateMessageBody(body, mode, files.length, existingFlags);
    if (check.errors.length > 0) throw DiscordErrors.invalidFormBody(check.errors);
    if (check.empty) throw DiscordErrors.cannotSendEmpty();
  }

  createMessage(
    channel: StoredChannel,
    authorId: string,
    body: Json,
    files: UploadedFile[],
    extra: { allowedFlags?: number; forcedFlags?: number; type?: number; webhook?: boolean; interaction?: StoredMessage['interaction'] } = {},
  ): StoredMessage {
    const state = this.#host.state;
    const referenced = isRecord(body['message_reference']) ? body['message_reference'] : null;
    let referenceId: string | null = null;
    if (referenced && typeof referenced['message_id'] === 'string') {
      const target = state.messages.get(referenced['message_id']);
      if (!target || target.deleted || target.channelId !== channel.id) {
        if (referenced['fail_if_not_exists'] !== false) {
          throw DiscordErrors.invalidFormBody([{ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
        }
      } else {
        referenceId = target.id;
      }
    }
    const allowed = MessageFlag.SuppressEmbeds | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2 | (extra.allowedFlags ?? 0);
    const flags = ((typeof body['flags'] === 'number' ? body['flags'] : 0) & allowed) | (extra.forcedFlags ?? 0);
    const nonce = typeof body['nonce'] === 'string' || typeof body['nonce'] === 'number' ? body['nonce'] : null;
    const now = Date.now();
    const message: StoredMessage = {
      id: state.snowflakes.next(now),
      channelId: channel.id,
      guildId: channel.guildId,
      authorId,
      content: typeof body['content'] === 'string' ? body['content'] : '',
      embeds: Array.isArray(body['embeds']) ? (structuredClone(body['embeds']) as StoredMessage['embeds']) : [],
      components: Array.isArray(body['components']) ? (structuredClone(body['components']) as StoredMessage['components']) : [],
      attachments: [],
      flags,
      type: extra.type ?? (referenceId ? 19 : 0),
      nonce,
      enforceNonce: body['enforce_nonce'] === true,
      tts: body['tts'] === true,
      createdAt: now,
      editedAt: null,
      deleted: false,
      webhookId: extra.webhook ? state.application.id : null,
      interaction: extra.interaction ?? null,
      messageReferenceId: referenceId,
      history: [],
    };
    message.attachments = this.#attachments(channel.id, body, files, null);
    state.addMessage(message);
    if (!(flags & MessageFlag.Ephemeral)) this.#host.dispatchMessage('MESSAGE_CREATE', message);
    this.#host.messageChanged(message);
    return message;
  }

  editMessage(message: StoredMessage, body: Json, files: UploadedFile[]): StoredMessage {
    this.#check(body, 'edit', files, message.flags);
    const content = 'content' in body ? (typeof body['content'] === 'string' ? body['content'] : '') : message.content;
    const embeds = 'embeds' in body ? (Array.isArray(body['embeds']) ? (structuredClone(body['embeds']) as StoredMessage['embeds']) : []) : message.embeds;
    const components =
      'components' in body
        ? Array.isArray(body['components'])
          ? (structuredClone(body['components']) as StoredMessage['components'])
          : []
        : message.components;
    const attachments = 'attachments' in body || files.length > 0 ? this.#attachments(message.channelId, body, files, message.attachments) : message.attachments;
    if (!content.trim() && embeds.length === 0 && components.length === 0 && attachments.length === 0) throw DiscordErrors.cannotSendEmpty();
    const wasLoading = (message.flags & MessageFlag.Loading) !== 0;
    message.history.push(this.#host.state.snapshot(message));
    message.content = content;
    message.embeds = embeds;
    message.components = components;
    message.attachments = attachments;
    if (typeof body['flags'] === 'number') {
      const toggled = MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2;
      message.flags = (message.flags & ~toggled) | (body['flags'] & toggled);
    }
    message.flags &= ~MessageFlag.Loading;
    if (!wasLoading) message.editedAt = Date.now();
    if (!(message.flags & MessageFlag.Ephemeral)) this.#host.dispatchMessage('MESSAGE_UPDATE', message);
    this.#host.messageChanged(message);
    return message;
  }

  deleteMessage(message: StoredMessage): void {
    message.deleted = true;
    if (!(message.flags & MessageFlag.Ephemeral)) this.#host.dispatchMessageDelete(message);
    this.#host.messageChanged(message);
  }

  #api(message: StoredMessage): APIMessage {
    return this.#host.state.apiMessage(message);
  }

  // ---- routes ------------------------------------------------------------------------------------------------

  #defineRoutes(): void {
    const state = () => this.#host.state;
    const gatewayInfo = () => ({ url: this.#host.gatewayUrl() });
    this.#route('GET', '/gateway', () => json(gatewayInfo()), false);
    this.#route('GET', '/gateway/bot', () =>
      json({
        ...gatewayInfo(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
    );

    // users and applications
    this.#route('GET', '/users/@me', () => json(state().apiUser(state().botUserId)));
    this.#route('GET', '/users/:userId', (ctx) => {
      const user = state().users.get(param(ctx, 'userId'));
      if (!user) throw DiscordErrors.unknownUser();
      return json(state().apiUser(user.id));
    });
    this.#route('POST', '/users/@me/channels', (ctx) => {
      const recipient = ctx.body['recipient_id'];
      if (typeof recipient !== 'string' || !state().users.has(recipient)) {
        throw DiscordErrors.invalidFormBody([{ path: ['recipient_id'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
      }
      const existing = [...state().channels.values()].find((c) => c.type === ChannelType.DM && c.recipientIds.includes(recipient) && !c.deleted);
      const channel = existing ?? state().addDmChannel(state().snowflakes.next(), recipient);
      return json(state().apiChannel(channel));
    });
    const application = () => ({
      id: state().application.id,
      name: state().application.name,
      icon: null,
      description: '',
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: state().application.flags,
      bot: state().apiUser(state().botUserId),
      owner: state().apiUser([...state().users.values()].find((u) => !u.bot)?.id ?? state().botUserId),
      team: null,
      summary: '',
      approximate_guild_count: state().guilds.size,
      integration_types_config: { 0: {} },
    });
    this.#route('GET', '/applications/@me', () => json(application()));
    this.#route('GET', '/oauth2/applications/@me', () => json(application()));

    // application commands
    for (const scope of ['global', 'guild'] as const) {
      const base = scope === 'global' ? '/applications/:appId/commands' : '/applications/:appId/guilds/:guildId/commands';
      this.#route('GET', base, (ctx) => json(this.#commandsIn(ctx).map((c) => this.#apiCommand(c))));
      this.#route('PUT', base, (ctx) => this.#bulkOverwrite(ctx));
      this.#route('POST', base, (ctx) => this.#createCommand(ctx));
      this.#route('GET', `${base}/:commandId`, (ctx) => json(this.#apiCommand(this.#command(ctx))));
      this.#route('PATCH', `${base}/:commandId`, (ctx) => this.#patchCommand(ctx));
      this.#route('DELETE', `${base}/:commandId`, (ctx) => {
        state().commands.delete(this.#command(ctx).id);
        return noContent();
      });
    }

    // guilds
    const guildOf = (ctx: RouteContext) => {
      const guild = state().guilds.get(param(ctx, 'guildId'));
      if (!guild) throw DiscordErrors.unknownGuild();
      return guild;
    };
    this.#route('GET', '/guilds/:guildId', (ctx) => {
      const data = state().apiGuildCreate(guildOf(ctx).id) as unknown as Json;
      for (const key of ['joined_at', 'large', 'member_count', 'voice_states', 'members', 'channels', 'threads', 'presences', 'stage_instances', 'guild_scheduled_events', 'soundboard_sounds', 'unavailable']) {
        delete data[key];
      }
      return json(data);
    });
    this.#route('GET', '/guilds/:guildId/channels', (ctx) => {
      const guild = guildOf(ctx);
      return json([...state().channels.values()].filter((c) => c.guildId === guild.id && !c.deleted && !THREAD_TYPES.has(c.type)).map((c) => state().apiChannel(c)));
    });
    this.#route('GET', '/guilds/:guildId/roles', (ctx) => json([...guildOf(ctx).roles.values()].map((r) => state().apiRole(r))));
    this.#route('GET', '/guilds/:guildId/members', (ctx) => {
      const guild = guildOf(ctx);
      const limit = Number(ctx.query.get('limit') ?? 1);
      return json([...guild.members.keys()].slice(0, limit).map((id) => state().apiMember(guild.id, id)));
    });
    this.#route('GET', '/guilds/:guildId/members/:userId', (ctx) => {
      const guild = guildOf(ctx);
      if (!guild.members.has(param(ctx, 'userId'))) throw DiscordErrors.unknownMember();
      return json(state().apiMember(guild.id, param(ctx, 'userId')));
    });

    // channels and messages
    this.#route('GET', '/channels/:channelId', (ctx) => json(state().apiChannel(this.#viewable(param(ctx, 'channelId')))));
    this.#route('GET', '/channels/:channelId/messages', (ctx) => this.#listMessages(ctx));
    this.#route('POST', '/channels/:channelId/messages', (ctx) => this.#postMessage(ctx));
    this.#route('GET', '/channels/:channelId/messages/:messageId', (ctx) => {
      this.#viewable(param(ctx, 'channelId'));
      return json(this.#api(this.#channelMessage(ctx)));
    });
    this.#route('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => {
      this.#viewable(param(ctx, 'channelId'));
      const message = this.#channelMessage(ctx);
      if (message.authorId !== state().botUserId) throw new ApiError(403, 50005, 'Cannot edit a message authored by another user', { violation: true });
      return json(this.#api(this.editMessage(message, ctx.body, ctx.files)));
    });
    this.#route('DELETE', '/channels/:channelId/messages/:messageId', (ctx) => {
      const channelId = param(ctx, 'channelId');
      this.#viewable(channelId);
      const message = this.#channelMessage(ctx);
      if (message.authorId !== state().botUserId && !(state().botPermissionsIn(channelId) & PermissionFlagsBits.ManageMessages)) {
        throw DiscordErrors.missingPermissions();
      }
      this.deleteMessage(message);
      return noContent();
    });
    this.#route('POST', '/channels/:channelId/typing', (ctx) => {
      this.#viewable(param(ctx, 'channelId'));
      return noContent();
    });
    for (const method of ['PUT', 'DELETE']) {
      this.#route(method, '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) => {
        this.#viewable(param(ctx, 'channelId'));
        this.#channelMessage(ctx);
        return noContent();
      });
    }
    this.#route('POST', '/channels/:channelId/threads', (ctx) => this.#createThread(ctx, null));
    this.#route('POST', '/channels/:channelId/messages/:messageId/threads', (ctx) => this.#createThread(ctx, this.#channelMessage(ctx)));

    // interactions
    this.#route('POST', '/interactions/:interactionId/:token/callback', (ctx) => this.#interactionCallback(ctx), false);
    this.#route('POST', '/webhooks/:appId/:token', (ctx) => this.#followUp(ctx), false);
    this.#route('GET', '/webhooks/:appId/:token/messages/:messageId', (ctx) => {
      const { message } = this.#webhookMessage(ctx);
      return json(this.#api(message));
    }, false);
    this.#route('PATCH', '/webhooks/:appId/:token/messages/:messageId', (ctx) => {
      const { record, message, original } = this.#webhookMessage(ctx);
      const edited = this.editMessage(message, ctx.body, ctx.files);
      notify(record, { kind: 'edit', at: Date.now(), messageId: edited.id, original, message: edited });
      return json(this.#api(edited));
    }, false);
    this.#route('DELETE', '/webhooks/:appId/:token/messages/:messageId', (ctx) => {
      const { record, message, original } = this.#webhookMessage(ctx);
      this.deleteMessage(message);
      notify(record, { kind: 'delete', at: Date.now(), messageId: message.id, original });
      return noContent();
    }, false);
  }

  // ---- channel message routes --------------------------------------------------------------------------------

  #channelMessage(ctx: RouteContext): StoredMessage {
    const message = this.#host.state.messages.get(param(ctx, 'messageId'));
    if (!message || message.deleted || message.channelId !== param(ctx, 'channelId') || message.flags & MessageFlag.Ephemeral) {
      throw DiscordErrors.unknownMessage();
    }
    return message;
  }

  #listMessages(ctx: RouteContext): RouteResult {
    const channelId = param(ctx, 'channelId');
    this.#viewable(channelId);
    const limitParam = ctx.query.get('limit');
    const limit = limitParam === null ? 50 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw DiscordErrors.invalidFormBody([
        { path: ['limit'], code: limit > 100 ? 'NUMBER_TYPE_MAX' : 'NUMBER_TYPE_MIN', message: limit > 100 ? 'int value should be less than or equal to 100.' : 'int value should be greater than or equal to 1.' },
      ]);
    }
    if (!(this.#host.state.botPermissionsIn(channelId) & PermissionFlagsBits.ReadMessageHistory)) return json([]);
    const all = this.#host.state.messagesIn(channelId); // oldest first
    const before = ctx.query.get('before');
    const after = ctx.query.get('after');
    const around = ctx.query.get('around');
    let picked: StoredMessage[];
    if (around) {
      const older = all.filter((m) => compareSnowflakes(m.id, around) <= 0).slice(-Math.ceil(limit / 2));
      const newer = all.filter((m) => compareSnowflakes(m.id, around) > 0).slice(0, limit - older.length);
      picked = [...older, ...newer];
    } else if (after) {
      picked = all.filter((m) => compareSnowflakes(m.id, after) > 0).slice(0, limit);
    } else {
      picked = (before ? all.filter((m) => compareSnowflakes(m.id, before) < 0) : all).slice(-limit);
    }
    return json(picked.reverse().map((m) => this.#api(m)));
  }

  /** Checks the bot may post in a channel: it exists, is text-based, the bot sees it and may send (and attach). */
  #sendable(channelId: string, withFiles: boolean): StoredChannel {
    const state = this.#host.state;
    const channel = this.#channelFor(channelId);
    const permissions = state.botPermissionsIn(channelId);
    if (!(permissions & PermissionFlagsBits.ViewChannel)) throw DiscordErrors.missingAccess();
    if (!TEXT_TYPES.has(channel.type)) throw DiscordErrors.nonTextChannel();
    if (channel.type === ChannelType.DM && channel.recipientIds.some((id) => this.#host.closedDms.has(id))) {
      throw new ApiError(403, 50007, 'Cannot send messages to this user');
    }
    if (!(permissions & PermissionFlagsBits.SendMessages)) throw DiscordErrors.missingPermissions();
    if (withFiles && !(permissions & PermissionFlagsBits.AttachFiles)) throw DiscordErrors.missingPermissions();
    if (THREAD_TYPES.has(channel.type) && channel.archived) {
      if (channel.locked && !(permissions & PermissionFlagsBits.ManageThreads)) throw DiscordErrors.threadArchived();
      channel.archived = false; // posting in an archived, unlocked thread unarchives it
      this.#host.dispatchChannel('THREAD_UPDATE', channel);
    }
    return channel;
  }

  #postMessage(ctx: RouteContext): RouteResult {
    const state = this.#host.state;
    const channel = this.#sendable(param(ctx, 'channelId'), ctx.files.length > 0);
    this.#check(ctx.body, 'create', ctx.files);
    const nonce = ctx.body['nonce'];
    if (ctx.body['enforce_nonce'] === true && (typeof nonce === 'string' || typeof nonce === 'number')) {
      const since = Date.now() - this.#host.settings.nonceWindowMs;
      const same = state
        .messagesIn(channel.id, { includeDeleted: false })
        .find((m) => m.authorId === state.botUserId && m.nonce !== null && String(m.nonce) === String(nonce) && m.createdAt >= since);
      if (same) return json(this.#api(same));
    }
    return json(this.#api(this.createMessage(channel, state.botUserId, ctx.body, ctx.files)));
  }

  #createThread(ctx: RouteContext, fromMessage: StoredMessage | null): RouteResult {
    const state = this.#host.state;
    const parentId = param(ctx, 'channelId');
    const parent = this.#channelFor(parentId);
    const permissions = state.botPermissionsIn(parentId);
    if (!(permissions & PermissionFlagsBits.ViewChannel)) throw DiscordErrors.missingAccess();
    const errors: FormError[] = [];
    const name = ctx.body['name'];
    if (typeof name !== 'string' || name.length === 0) errors.push({ path: ['name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    else if (name.length > 100) errors.push({ path: ['name'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
    const forum = parent.type === ChannelType.GuildForum || parent.type === ChannelType.GuildMedia;
    if (forum && !isRecord(ctx.body['message'])) errors.push({ path: ['message'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    if (errors.length) throw DiscordErrors.invalidFormBody(errors);
    if (!forum && parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement) throw DiscordErrors.nonTextChannel();
    const needed = forum ? PermissionFlagsBits.SendMessages : PermissionFlagsBits.CreatePublicThreads;
    if (!(permissions & needed)) throw DiscordErrors.missingPermissions();
    const tags = Array.isArray(ctx.body['applied_tags']) ? ctx.body['applied_tags'].map(String) : [];
    if (forum && tags.some((t) => !parent.availableTags.some((a) => a.id === t))) {
      throw DiscordErrors.invalidFormBody([{ path: ['applied_tags'], code: 'BASE_TYPE_CHOICES', message: 'Unknown tag' }]);
    }
    if (forum) this.#check(ctx.body['message'] as Json, 'create', ctx.files);
    const id = fromMessage ? fromMessage.id : state.snowflakes.next();
    const thread = state.addChannel(
      {
        id,
        type: typeof ctx.body['type'] === 'number' && THREAD_TYPES.has(ctx.body['type']) ? ctx.body['type'] : ChannelType.PublicThread,
        name: name as string,
        parentId,
        ownerId: state.botUserId,
      },
      parent.guildId ?? '',
    );
    thread.appliedTags = tags;
    let starter: StoredMessage | null = null;
    if (forum) {
      starter = this.createMessage(thread, state.botUserId, ctx.body['message'] as Json, ctx.files);
      // A forum post's starter message has the thread's id.
      state.messages.delete(starter.id);
      const list = state.channelMessages.get(thread.id) ?? [];
      list[list.indexOf(starter.id)] = thread.id;
      starter.id = thread.id;
      state.messages.set(starter.id, starter);
      thread.lastMessageId = thread.id;
    }
    this.#host.dispatchChannel('THREAD_CREATE', thread);
    const body = { ...(state.apiChannel(thread) as unknown as Json), ...(starter ? { message: this.#api(starter) } : {}) };
    return json(body, 201);
  }

  // ---- commands ----------------------------------------------------------------------------------------------

  #scope(ctx: RouteContext): string | null {
    const state = this.#host.state;
    if (param(ctx, 'appId') !== state.application.id) throw DiscordErrors.unknownApplication();
    const guildId = ctx.params['guildId'];
    if (guildId === undefined) return null;
    const guild = state.guilds.get(guildId);
    if (!guild || !guild.members.has(state.botUserId)) throw DiscordErrors.missingAccess();
    return guildId;
  }

  #commandsIn(ctx: RouteContext): StoredCommand[] {
    const guildId = this.#scope(ctx);
    return [...this.#host.state.commands.values()].filter((c) => c.guildId === guildId);
  }

  #command(ctx: RouteContext): StoredCommand {
    const guildId = this.#scope(ctx);
    const command = this.#host.state.commands.get(param(ctx, 'commandId'));
    if (!command || command.guildId !== guildId) throw DiscordErrors.unknownCommand();
    return command;
  }

  #apiCommand(command: StoredCommand): APIApplicationCommand {
    const d = command.data;
    const out: Record<string, unknown> = {
      ...d,
      id: command.id,
      application_id: command.applicationId,
      version: command.version,
      type: d.type,
      name: d.name,
      description: typeof d['description'] === 'string' ? d['description'] : '',
      default_member_permissions: d['default_member_permissions'] ?? null,
      nsfw: d['nsfw'] ?? false,
      integration_types: d['integration_types'] ?? [0],
      contexts: d['contexts'] ?? null,
    };
    if (command.guildId) out['guild_id'] = command.guildId;
    return out as unknown as APIApplicationCommand;
  }

  static #normalize(raw: Json): StoredCommand['data'] {
    const data = structuredClone(raw) as StoredCommand['data'];
    data.type = typeof raw['type'] === 'number' ? raw['type'] : 1;
    if (data['default_member_permissions'] !== undefined && data['default_member_permissions'] !== null) {
      data['default_member_permissions'] = String(data['default_member_permissions']);
    }
    return data;
  }

  #limitCheck(commands: { type: number }[]): void {
    const count = (type: number) => commands.filter((c) => c.type === type).length;
    if (count(1) > 100 || count(2) > 15 || count(3) > 15) throw DiscordErrors.maxCommands();
  }

  #bulkOverwrite(ctx: RouteContext): RouteResult {
    const state = this.#host.state;
    const guildId = this.#scope(ctx);
    if (!Array.isArray(ctx.rawJson)) {
      throw DiscordErrors.invalidFormBody([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }]);
    }
    const list = ctx.rawJson as unknown[];
    const errors = list.flatMap((command, i) => validateCommand(command, [i]));
    const seen = new Set<string>();
    list.forEach((command, i) => {
      if (!isRecord(command)) return;
      const key = `${String(command['type'] ?? 1)}:${String(command['name'])}`;
      if (seen.has(key)) errors.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' });
      seen.add(key);
    });
    if (errors.length) throw DiscordErrors.invalidFormBody(errors);
    const incoming = list.map((c) => RestApi.#normalize(c as Json));
    this.#limitCheck(incoming);
    const previous = [...state.commands.values()].filter((c) => c.guildId === guildId);
    for (const command of previous) state.commands.delete(command.id);
    const stored = incoming.map((data) => {
      const before = previous.find((p) => p.data.name === data.name && p.data.type === data.type);
      const changed = !before || JSON.stringify(before.data) !== JSON.stringify(data);
      const command: StoredCommand = {
        id: before?.id ?? state.snowflakes.next(),
        applicationId: state.application.id,
        guildId,
        version: changed ? state.snowflakes.next() : (before?.version ?? state.snowflakes.next()),
        data,
      };
      state.commands.set(command.id, command);
      return command;
    });
    return json(stored.map((c) => this.#apiCommand(c)));
  }

  #createCommand(ctx: RouteContext): RouteResult {
    const state = this.#host.state;
    const guildId = this.#scope(ctx);
    const errors = validateCommand(ctx.rawJson);
    if (errors.length) throw DiscordErrors.invalidFormBody(errors);
    const data = RestApi.#normalize(ctx.body);
    const existing = [...state.commands.values()].find((c) => c.guildId === guildId && c.data.name === data.name && c.data.type === data.type);
    if (!existing) this.#limitCheck([...[...state.commands.values()].filter((c) => c.guildId === guildId).map((c) => c.data), data]);
    const command: StoredCommand = {
      id: existing?.id ?? state.snowflakes.next(),
      applicationId: state.application.id,
      guildId,
      version: state.snowflakes.next(),
      data,
    };
    state.commands.set(command.id, command);
    return json(this.#apiCommand(command), existing ? 200 : 201);
  }

  #patchCommand(ctx: RouteContext): RouteResult {
    const command = this.#command(ctx);
    const merged = RestApi.#normalize({ ...command.data, ...ctx.body });
    const errors = validateCommand(merged);
    if (errors.length) throw DiscordErrors.invalidFormBody(errors);
    command.data = merged;
    command.version = this.#host.state.snowflakes.next();
    return json(this.#apiCommand(command));
  }

  // ---- interactions ------------------------------------------------------------------------------------------

  static allowedCallbacks(record: InteractionRecord): number[] {
    switch (record.kind) {
      case 'autocomplete':
        return [CallbackType.ApplicationCommandAutocompleteResult];
      case 'command':
        return [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource, CallbackType.Modal];
      case 'component':
        return [
          CallbackType.ChannelMessageWithSource,
          CallbackType.DeferredChannelMessageWithSource,
          CallbackType.DeferredMessageUpdate,
          CallbackType.UpdateMessage,
          CallbackType.Modal,
        ];
      case 'modal':
        return record.sourceMessageId
          ? [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource, CallbackType.DeferredMessageUpdate, CallbackType.UpdateMessage]
          : [CallbackType.ChannelMessageWithSource, CallbackType.DeferredChannelMessageWithSource];
    }
  }

  #interactionCallback(ctx: RouteContext): RouteResult {
    const state = this.#host.state;
    const record = this.#host.interactions.get(param(ctx, 'interactionId'));
    if (!record || record.token !== param(ctx, 'token')) throw DiscordErrors.unknownInteraction();
    if (record.callback) throw DiscordErrors.alreadyAcknowledged();
    const now = Date.now();
    if (now - record.createdAt > record.ackDeadlineMs) throw DiscordErrors.unknownInteraction();
    const type = ctx.body['type'];
    if (typeof type !== 'number' || !RestApi.allowedCallbacks(record).includes(type)) {
      throw DiscordErrors.invalidFormBody([
        { path: ['type'], code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: `Callback type ${String(type)} is not valid for a ${record.kind} interaction` },
      ]);
    }
    const data = isRecord(ctx.body['data']) ? ctx.body['data'] : {};
    const flags = typeof data['flags'] === 'number' ? data['flags'] : 0;
    const channel = state.channels.get(record.channelId);
    if (!channel) throw DiscordErrors.unknownChannel();
    const metadata: StoredMessage['interaction'] = { id: record.id, type: record.type, userId: record.userId, name: record.commandName };
    const source = record.sourceMessageId ? state.messages.get(record.sourceMessageId) : undefined;
    let message: StoredMessage | null = null;
    switch (type) {
      case CallbackType.ChannelMessageWithSource:
        this.#check(data, 'create', ctx.files);
        message = this.createMessage(channel, state.botUserId, data, ctx.files, {
          allowedFlags: MessageFlag.Ephemeral,
          type: record.kind === 'command' ? 20 : 0,
          webhook: true,
          interaction: metadata,
        });
        break;
      case CallbackType.DeferredChannelMessageWithSource:
        message = this.createMessage(channel, state.botUserId, { flags: flags & MessageFlag.Ephemeral }, [], {
          allowedFlags: MessageFlag.Ephemeral,
          forcedFlags: MessageFlag.Loading,
          type: record.kind === 'command' ? 20 : 0,
          webhook: true,
          interaction: metadata,
        });
        break;
      case CallbackType.DeferredMessageUpdate:
        if (!source) throw DiscordErrors.unknownMessage(true);
        message = source;
        break;
      case CallbackType.UpdateMessage:
        if (!source) throw DiscordErrors.unknownMessage(true);
        message = this.editMessage(source, data, ctx.files);
        break;
      case CallbackType.ApplicationCommandAutocompleteResult: {
        const errors = validateAutocompleteResult(data);
        if (errors.length) throw DiscordErrors.invalidFormBody(errors);
        break;
      }
      case CallbackType.Modal: {
        const errors = validateModal(data);
        if (errors.length) throw DiscordErrors.invalidFormBody(errors);
        break;
      }
    }
    if (message) record.originalMessageId = message.id;
    const callback: CallbackRecord = {
      type,
      data: structuredClone(data),
      flags,
      files: ctx.files,
      withResponse: ctx.query.get('with_response') === 'true',
      at: now,
      latencyMs: now - record.createdAt,
    };
    record.callback = callback;
    notify(record, { kind: 'callback', at: now, callback });
    if (!callback.withResponse) return noContent();
    const interaction: Json = { id: record.id, type: record.type };
    if (message) {
      interaction['response_message_id'] = message.id;
      interaction['response_message_loading'] = (message.flags & MessageFlag.Loading) !== 0;
      interaction['response_message_ephemeral'] = (message.flags & MessageFlag.Ephemeral) !== 0;
    }
    const resource: Json = { type };
    if (message && type !== CallbackType.DeferredMessageUpdate) resource['message'] = this.#api(message);
    return json({ interaction, resource });
  }

  #webhookRecord(ctx: RouteContext): InteractionRecord {
    const record = this.#recordByToken(param(ctx, 'token'));
    if (!record || param(ctx, 'appId') !== this.#host.state.application.id) throw DiscordErrors.unknownWebhook();
    if (Date.now() - record.createdAt > record.tokenLifetimeMs) throw DiscordErrors.invalidWebhookToken();
    return record;
  }

  #webhookMessage(ctx: RouteContext): { record: InteractionRecord; message: StoredMessage; original: boolean } {
    const record = this.#webhookRecord(ctx);
    const requested = param(ctx, 'messageId');
    const original = requested === '@original' || requested === record.originalMessageId;
    const id = requested === '@original' ? record.originalMessageId : requested;
    if (!id || (!original && !record.followUpIds.includes(id))) throw DiscordErrors.unknownMessage(true);
    const message = this.#host.state.messages.get(id);
    if (!message || message.deleted) throw DiscordErrors.unknownMessage(true);
    return { record, message, original };
  }

  #followUp(ctx: RouteContext): RouteResult {
    const state = this.#host.state;
    const record = this.#webhookRecord(ctx);
    const callback = record.callback;
    const messageCallbacks: number[] = [
      CallbackType.ChannelMessageWithSource,
      CallbackType.DeferredChannelMessageWithSource,
      CallbackType.DeferredMessageUpdate,
      CallbackType.UpdateMessage,
    ];
    if (!callback || !messageCallbacks.includes(callback.type)) throw DiscordErrors.unknownWebhook();
    const channel = state.channels.get(record.channelId);
    if (!channel) throw DiscordErrors.unknownChannel();
    this.#check(ctx.body, 'create', ctx.files);
    const original = record.originalMessageId ? state.messages.get(record.originalMessageId) : undefined;
    let message: StoredMessage;
    if (callback.type === CallbackType.DeferredChannelMessageWithSource && original && !original.deleted && original.flags & MessageFlag.Loading) {
      // Discord: the first follow-up after a deferred response fills the "thinking..." message (keeping its
      // ephemerality) instead of posting a new one.
      message = this.editMessage(original, ctx.body, ctx.files);
    } else {
      message = this.createMessage(channel, state.botUserId, ctx.body, ctx.files, {
        allowedFlags: MessageFlag.Ephemeral,
        webhook: true,
        interaction: { id: record.id, type: record.type, userId: record.userId, name: record.commandName },
      });
    }
    if (!record.followUpIds.includes(message.id)) record.followUpIds.push(message.id);
    notify(record, { kind: 'followup', at: Date.now(), message });
    return ctx.query.get('wait') === 'true' ? json(this.#api(message)) : noContent();
  }
}
