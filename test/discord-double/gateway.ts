// The gateway: Discord's WebSocket protocol v10 with JSON encoding, as @discordjs/ws speaks it. A connection gets
// HELLO, answers with IDENTIFY (or RESUME), receives READY with every guild unavailable, then one GUILD_CREATE per
// guild; heartbeats are acknowledged; dispatches carry sequence numbers and are kept so a resumed session can replay
// what it missed. `compress=zlib-stream` and identify compression are understood, though discord.js asks for neither
// unless zlib-sync is installed.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

export const GatewayClose = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidSeq: 4007,
  InvalidShard: 4010,
  InvalidAPIVersion: 4012,
  InvalidIntents: 4013,
  DisallowedIntents: 4014,
} as const;

/** GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT. */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

export interface GatewayPayload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

interface StoredDispatch {
  s: number;
  t: string;
  d: unknown;
}

export interface GatewayProvider {
  /** The token the double accepts; null accepts any non-empty token. */
  token(): string | null;
  /** Privileged intents enabled for the application (bit mask). */
  privilegedIntents(): number;
  heartbeatIntervalMs(): number;
  resumeUrl(): string;
  /** READY data for a new session, then the GUILD_CREATE data to send after it. */
  identify(session: GatewaySession): { ready: Record<string, unknown>; guilds: Record<string, unknown>[] };
  requestGuildMembers(session: GatewaySession, request: Record<string, unknown>): Record<string, unknown>[];
  onReady(session: GatewaySession): void;
}

export interface GatewayLogEntry {
  at: number;
  direction: 'in' | 'out';
  op: number;
  t: string | null;
  sessionId: string | null;
}

class Connection {
  readonly ws: WebSocket;
  readonly url: string;
  session: GatewaySession | null = null;
  compress: 'zlib-stream' | 'identify' | null;
  #deflate: zlib.Deflate | null = null;
  #sendChain: Promise<void> = Promise.resolve();

  constructor(ws: WebSocket, url: string, compress: 'zlib-stream' | null) {
    this.ws = ws;
    this.url = url;
    this.compress = compress;
    if (compress === 'zlib-stream') this.#deflate = zlib.createDeflate();
  }

  send(payload: GatewayPayload): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(payload);
    if (this.compress === 'identify') {
      this.ws.send(zlib.deflateSync(text));
    } else if (this.#deflate) {
      const deflate = this.#deflate;
      this.#sendChain = this.#sendChain.then(
        () =>
          new Promise<void>((resolve) => {
            const chunks: Buffer[] = [];
            const onData = (chunk: Buffer) => chunks.push(chunk);
            deflate.on('data', onData);
            deflate.write(text);
            deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
              setImmediate(() => {
                deflate.off('data', onData);
                if (this.ws.readyState === WebSocket.OPEN) this.ws.send(Buffer.concat(chunks));
                resolve();
              });
            });
          }),
      );
    } else {
      this.ws.send(text);
    }
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
    this.#deflate?.close();
  }
}

export class GatewaySession {
  readonly id: string;
  readonly intents: number;
  readonly shard: [number, number];
  readonly token: string;
  seq = 0;
  resumable = true;
  connection: Connection | null = null;
  ready = false;
  presence: unknown = null;
  readonly events: StoredDispatch[] = [];

  constructor(id: string, token: string, intents: number, shard: [number, number]) {
    this.id = id;
    this.token = token;
    this.intents = intents;
    this.shard = shard;
  }

  get connected(): boolean {
    return this.connection !== null && this.connection.ws.readyState === WebSocket.OPEN;
  }

  hasIntent(bits: number): boolean {
    return (this.intents & bits) !== 0;
  }

  dispatch(t: string, d: unknown): number {
    this.seq += 1;
    this.events.push({ s: this.seq, t, d });
    if (this.events.length > 2000) this.events.splice(0, this.events.length - 2000);
    this.connection?.send({ op: GatewayOp.Dispatch, d, s: this.seq, t });
    return this.seq;
  }
}

export class Gateway {
  readonly sessions = new Map<string, GatewaySession>();
  readonly connections = new Set<Connection>();
  readonly log: GatewayLogEntry[] = [];
  /** URLs clients connected with, in order (to check query parameters like v, encoding and compress). */
  readonly connectionUrls: string[] = [];
  identifyCount = 0;
  resumeCount = 0;
  /** Exceptions thrown while handling gateway payloads (bugs in the double or its fixture). */
  readonly errors: unknown[] = [];
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #provider: GatewayProvider;
  #sessionCounter = 0;
  #readyWaiters: { resolve: (s: GatewaySession) => void; timer: NodeJS.Timeout }[] = [];

  constructor(provider: GatewayProvider) {
    this.#provider = provider;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, req));
  }

  #onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    this.connectionUrls.push(req.url ?? '/');
    const compressParam = url.searchParams.get('compress');
    const connection = new Connection(ws, req.url ?? '/', compressParam === 'zlib-stream' ? 'zlib-stream' : null);
    this.connections.add(connection);
    ws.on('close', (code) => this.#onClose(connection, code));
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      try {
        this.#onMessage(connection, data, isBinary);
      } catch (error) {
        // A bug in the double (or a fixture) must not crash the test process; the client sees close code 4000.
        this.errors.push(error);
        connection.close(GatewayClose.UnknownError, 'The Discord double failed handling this payload');
      }
    });
    const version = url.searchParams.get('v');
    if (version !== null && version !== '10') {
      connection.close(GatewayClose.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    const encoding = url.searchParams.get('encoding') ?? 'json';
    if (encoding !== 'json') {
      connection.close(GatewayClose.DecodeError, `The double only speaks encoding=json, not ${encoding}`);
      return;
    }
    if (compressParam !== null && compressParam !== 'zlib-stream') {
      connection.close(GatewayClose.DecodeError, `Unknown compression ${compressParam}`);
      return;
    }
    this.#send(connection, { op: GatewayOp.Hello, d: { heartbeat_interval: this.#provider.heartbeatIntervalMs() }, s: null, t: null });
  }

  #send(connection: Connection, payload: GatewayPayload): void {
    this.log.push({ at: Date.now(), direction: 'out', op: payload.op, t: payload.t, sessionId: connection.session?.id ?? null });
    connection.send(payload);
  }

  #onClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    const session = connection.session;
    if (session && session.connection === connection) {
      session.connection = null;
      // Closing with 1000 or 1001 ends the session; any other code keeps it resumable.
      if (code === 1000 || code === 1001) session.resumable = false;
    }
  }

  #onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const text = isBinary ? zlib.inflateSync(buffer).toString('utf8') : buffer.toString('utf8');
      payload = JSON.parse(text) as { op?: unknown; d?: unknown };
    } catch {
      connection.close(GatewayClose.DecodeError, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.log.push({ at: Date.now(), direction: 'in', op, t: null, sessionId: connection.session?.id ?? null });
    const d = payload.d;
    switch (op) {
      case GatewayOp.Heartbeat:
        this.#send(connection, { op: GatewayOp.HeartbeatAck, d: null, s: null, t: null });
        return;
      case GatewayOp.Identify:
        this.#identify(connection, d);
        return;
      case GatewayOp.Resume:
        this.#resume(connection, d);
        return;
    }
    if (!connection.session) {
      connection.close(GatewayClose.NotAuthenticated, 'Not authenticated.');
      return;
    }
    switch (op) {
      case GatewayOp.PresenceUpdate:
        connection.session.presence = d;
        return;
      case GatewayOp.VoiceStateUpdate:
      case GatewayOp.RequestSoundboardSounds:
        return;
      case GatewayOp.RequestGuildMembers: {
        const request = typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
        for (const chunk of this.#provider.requestGuildMembers(connection.session, request)) {
          connection.session.dispatch('GUILD_MEMBERS_CHUNK', chunk);
        }
        return;
      }
      default:
        connection.close(GatewayClose.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #checkToken(token: unknown): token is string {
    if (typeof token !== 'string' || token.length === 0) return false;
    const expected = this.#provider.token();
    return expected === null || token.replace(/^Bot\s+/i, '') === expected;
  }

  #identify(connection: Connection, d: unknown): void {
    if (connection.session) {
      connection.close(GatewayClose.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    const data = typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
    if (!this.#checkToken(data['token'])) {
      connection.close(GatewayClose.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const intents = data['intents'];
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || intents >= 1 << 26) {
      connection.close(GatewayClose.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    if (intents & PRIVILEGED_INTENTS & ~this.#provider.privilegedIntents()) {
      connection.close(GatewayClose.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const shardValue = data['shard'];
    let shard: [number, number] = [0, 1];
    if (Array.isArray(shardValue)) {
      const [id, count] = shardValue as unknown[];
      if (typeof id !== 'number' || typeof count !== 'number' || count < 1 || id < 0 || id >= count) {
        connection.close(GatewayClose.InvalidShard, 'Invalid shard.');
        return;
      }
      shard = [id, count];
    }
    if (data['compress'] === true && connection.compress === null) connection.compress = 'identify';
    this.identifyCount += 1;
    this.#sessionCounter += 1;
    const sessionId = `double-session-${this.#sessionCounter}-${Math.random().toString(36).slice(2, 10)}`;
    const session = new GatewaySession(sessionId, data['token'] as string, intents, shard);
    if (data['presence'] !== undefined) session.presence = data['presence'];
    session.connection = connection;
    connection.session = session;
    this.sessions.set(sessionId, session);
    const { ready, guilds } = this.#provider.identify(session);
    this.#logDispatch(session, 'READY');
    session.dispatch('READY', ready);
    session.ready = true;
    for (const guild of guilds) {
      this.#logDispatch(session, 'GUILD_CREATE');
      session.dispatch('GUILD_CREATE', guild);
    }
    this.#provider.onReady(session);
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(session);
    }
  }

  #resume(connection: Connection, d: unknown): void {
    const data = typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
    const session = typeof data['session_id'] === 'string' ? this.sessions.get(data['session_id']) : undefined;
    const seq = data['seq'];
    if (!session || !session.resumable || !this.#checkToken(data['token']) || session.token !== data['token']) {
      this.#send(connection, { op: GatewayOp.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (typeof seq !== 'number' || seq > session.seq) {
      connection.close(GatewayClose.InvalidSeq, 'Invalid seq.');
      return;
    }
    this.resumeCount += 1;
    session.connection?.close(4000, 'Session resumed elsewhere');
    session.connection = connection;
    connection.session = session;
    for (const event of session.events) {
      if (event.s > seq) connection.send({ op: GatewayOp.Dispatch, d: event.d, s: event.s, t: event.t });
    }
    this.#logDispatch(session, 'RESUMED');
    session.dispatch('RESUMED', null);
  }

  #logDispatch(session: GatewaySession, t: string): void {
    this.log.push({ at: Date.now(), direction: 'out', op: GatewayOp.Dispatch, t, sessionId: session.id });
  }

  /** Sessions that completed IDENTIFY and still have an open connection. */
  liveSessions(): GatewaySession[] {
    return [...this.sessions.values()].filter((s) => s.ready && s.connected);
  }

  /**
   * Sends a dispatch to every identified session (or those having one of `intents`). Disconnected sessions that
   * can still resume get it too, to replay on RESUME. Returns how many connected sessions received it.
   */
  dispatch(t: string, d: unknown, intents?: number): number {
    return this.dispatchEach(t, () => d, intents);
  }

  /** Like dispatch, with the payload computed per session (null skips that session). */
  dispatchEach(t: string, build: (session: GatewaySession) => unknown, intents?: number): number {
    let delivered = 0;
    for (const session of this.sessions.values()) {
      if (!session.ready || !session.resumable) continue;
      if (intents !== undefined && !session.hasIntent(intents)) continue;
      const data = build(session);
      if (data === null) continue;
      this.#logDispatch(session, t);
      session.dispatch(t, data);
      if (session.connected) delivered += 1;
    }
    return delivered;
  }

  waitForSession(timeoutMs: number): Promise<GatewaySession> {
    const live = this.liveSessions()[0];
    if (live) return Promise.resolve(live);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#readyWaiters = this.#readyWaiters.filter((w) => w.timer !== timer);
        reject(new Error(`no client identified with the Discord double within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.#readyWaiters.push({ resolve, timer });
    });
  }

  /** Op 7 RECONNECT: clients close and RESUME on resume_gateway_url. */
  requestReconnect(): void {
    for (const connection of this.connections) {
      if (connection.session) this.#send(connection, { op: GatewayOp.Reconnect, d: null, s: null, t: null });
    }
  }

  /** Op 9 INVALID_SESSION (resumable or not). */
  invalidateSessions(resumable: boolean): void {
    for (const connection of this.connections) {
      if (!connection.session) continue;
      if (!resumable) connection.session.resumable = false;
      this.#send(connection, { op: GatewayOp.InvalidSession, d: resumable, s: null, t: null });
    }
  }

  /** Drops every connection with a close code (4000 keeps sessions resumable; discord.js then resumes). */
  dropConnections(code = 4000, reason = 'Dropped by the double'): void {
    for (const connection of this.connections) connection.close(code, reason);
  }

  /**
   * Ends every connection and stops the WebSocket server. Connections are closed with 4004 (Authentication failed),
   * a code discord.js does not reconnect after: a client the test forgot to destroy then stops instead of retrying
   * a closed port forever (which would keep the test process alive). Such a client emits `shardError`.
   */
  async close(): Promise<void> {
    for (const waiter of this.#readyWaiters) clearTimeout(waiter.timer);
    this.#readyWaiters = [];
    const closing = [...this.connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.ws.readyState !== WebSocket.OPEN) {
            connection.ws.terminate();
            resolve();
            return;
          }
          const timer = setTimeout(() => {
            connection.ws.terminate();
            resolve();
          }, 250);
          timer.unref();
          connection.ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          connection.close(GatewayClose.AuthenticationFailed, 'The Discord double closed');
        }),
    );
    await Promise.all(closing);
    this.connections.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}
