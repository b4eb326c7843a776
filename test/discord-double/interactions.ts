// Interactions the double has sent, what the bot answered to each, and the handles tests await.
import type { StoredMessage } from './state.ts';
import type { UploadedFile } from './http-body.ts';

export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  ApplicationCommandAutocomplete: 4,
  ModalSubmit: 5,
} as const;

export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
  PremiumRequired: 10,
  LaunchActivity: 12,
} as const;

export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal';

export interface CallbackRecord {
  type: number;
  /** The callback's `data` as the bot sent it (message fields, choices, or the modal). */
  data: Record<string, unknown>;
  /** data.flags, 0 when absent (64 = ephemeral). */
  flags: number;
  files: UploadedFile[];
  withResponse: boolean;
  at: number;
  /** Milliseconds between the INTERACTION_CREATE dispatch and this callback. */
  latencyMs: number;
}

export interface RejectedRequest {
  method: string;
  path: string;
  status: number;
  code: number;
  message: string;
  /** Form errors flattened as "path: CODE message". */
  details: string[];
  violation: boolean;
  at: number;
  interactionId: string | null;
}

export type InteractionEvent =
  | { kind: 'callback'; at: number; callback: CallbackRecord }
  | { kind: 'edit'; at: number; messageId: string; original: boolean; message: StoredMessage }
  | { kind: 'followup'; at: number; message: StoredMessage }
  | { kind: 'delete'; at: number; messageId: string; original: boolean }
  | { kind: 'rejected'; at: number; error: RejectedRequest };

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  kind: InteractionKind;
  payload: Record<string, unknown>;
  channelId: string;
  guildId: string | null;
  userId: string;
  commandName: string | null;
  customId: string | null;
  /** The message a component (or a modal opened from a component) was attached to. */
  sourceMessageId: string | null;
  createdAt: number;
  ackDeadlineMs: number;
  tokenLifetimeMs: number;
  callback: CallbackRecord | null;
  originalMessageId: string | null;
  followUpIds: string[];
  events: InteractionEvent[];
  listeners: Set<() => void>;
}

export function notify(record: InteractionRecord, event: InteractionEvent): void {
  record.events.push(event);
  for (const listener of [...record.listeners]) listener();
}

export interface HandleHost {
  message(id: string): StoredMessage | undefined;
  defaultWaitMs: number;
}

/**
 * What a test holds after sending an interaction. The wait methods resolve when the bot has done the thing, or
 * reject after `timeoutMs` with what the bot did instead (including requests the double refused).
 */
export class InteractionHandle {
  readonly #record: InteractionRecord;
  readonly #host: HandleHost;

  constructor(record: InteractionRecord, host: HandleHost) {
    this.#record = record;
    this.#host = host;
  }

  get id(): string {
    return this.#record.id;
  }
  get token(): string {
    return this.#record.token;
  }
  /** The INTERACTION_CREATE data as dispatched. */
  get payload(): Record<string, unknown> {
    return this.#record.payload;
  }
  get events(): readonly InteractionEvent[] {
    return this.#record.events;
  }
  get callbackRecord(): CallbackRecord | null {
    return this.#record.callback;
  }
  /** Requests about this interaction that the double refused (e.g. a second acknowledgement, a late one). */
  get rejections(): RejectedRequest[] {
    return this.#record.events.flatMap((e) => (e.kind === 'rejected' ? [e.error] : []));
  }
  /** The original response message as it is now, if there is one. */
  get original(): StoredMessage | undefined {
    return this.#record.originalMessageId ? this.#host.message(this.#record.originalMessageId) : undefined;
  }
  get followUps(): StoredMessage[] {
    return this.#record.followUpIds.map((id) => this.#host.message(id)).filter((m): m is StoredMessage => m !== undefined);
  }

  /** Resolves once `check` returns a value other than undefined, re-checking after every event. */
  waitFor<T>(check: (handle: InteractionHandle) => T | undefined, what: string, timeoutMs = this.#host.defaultWaitMs): Promise<T> {
    const first = check(this);
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const listener = () => {
        let value: T | undefined;
        try {
          value = check(this);
        } catch (error) {
          cleanup();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value !== undefined) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`interaction ${this.id} (${this.describe()}): timed out after ${timeoutMs} ms waiting for ${what}; ${this.summary()}`));
      }, timeoutMs);
      timer.unref();
      const cleanup = () => {
        clearTimeout(timer);
        this.#record.listeners.delete(listener);
      };
      this.#record.listeners.add(listener);
    });
  }

  /** The initial response (reply, defer, update, autocomplete result or modal). */
  callback(timeoutMs?: number): Promise<CallbackRecord> {
    return this.waitFor((h) => h.callbackRecord ?? undefined, 'the initial callback', timeoutMs);
  }

  /**
   * The response message once it has content: after a type 4 reply, or after a deferred (type 5) response has been
   * edited or filled by a follow-up, or after a type 7 update (then it is the component's message).
   */
  reply(timeoutMs?: number): Promise<StoredMessage> {
    return this.waitFor(
      (h) => {
        const callback = h.callbackRecord;
        if (!callback) return undefined;
        const original = h.original;
        if (!original) return undefined;
        if (callback.type === CallbackType.DeferredChannelMessageWithSource && original.flags & 128) return undefined;
        if (callback.type === CallbackType.DeferredMessageUpdate && !h.events.some((e) => e.kind === 'edit')) return undefined;
        return original;
      },
      'a reply with content',
      timeoutMs,
    );
  }

  /** The n-th edit of the original response (0 = first edit). */
  edit(n = 0, timeoutMs?: number): Promise<StoredMessage> {
    return this.waitFor(
      (h) => {
        const edits = h.events.filter((e) => e.kind === 'edit' && e.original);
        const event = edits[n];
        return event && event.kind === 'edit' ? event.message : undefined;
      },
      `edit #${n} of the original response`,
      timeoutMs,
    );
  }

  /** The n-th follow-up message (0 = first). */
  followUp(n = 0, timeoutMs?: number): Promise<StoredMessage> {
    return this.waitFor(
      (h) => {
        const event = h.events.filter((e) => e.kind === 'followup')[n];
        return event && event.kind === 'followup' ? event.message : undefined;
      },
      `follow-up #${n}`,
      timeoutMs,
    );
  }

  /** The choices of an autocomplete result (callback type 8). */
  async choices(timeoutMs?: number): Promise<{ name: string; value: string | number }[]> {
    const callback = await this.callback(timeoutMs);
    if (callback.type !== CallbackType.ApplicationCommandAutocompleteResult) {
      throw new Error(`interaction ${this.id}: expected an autocomplete result (type 8), got callback type ${callback.type}`);
    }
    return (callback.data['choices'] as { name: string; value: string | number }[] | undefined) ?? [];
  }

  /** The modal the bot showed (callback type 9). */
  async modal(timeoutMs?: number): Promise<Record<string, unknown>> {
    const callback = await this.callback(timeoutMs);
    if (callback.type !== CallbackType.Modal) {
      throw new Error(`interaction ${this.id}: expected a modal (type 9), got callback type ${callback.type}`);
    }
    return callback.data;
  }

  /** The first request about this interaction that the double refused. */
  rejection(timeoutMs?: number): Promise<RejectedRequest> {
    return this.waitFor((h) => h.rejections[0], 'a refused request', timeoutMs);
  }

  describe(): string {
    const r = this.#record;
    return r.kind === 'command' || r.kind === 'autocomplete' ? `${r.kind} /${r.commandName ?? '?'}` : `${r.kind} ${r.customId ?? '?'}`;
  }

  summary(): string {
    if (this.#record.events.length === 0) return 'the bot did not answer at all';
    return `the bot did: ${this.#record.events
      .map((e) => {
        switch (e.kind) {
          case 'callback':
            return `callback type ${e.callback.type}`;
          case 'rejected':
            return `${e.error.method} ${e.error.path} refused ${e.error.status}/${e.error.code} ${e.error.message}${e.error.details.length ? ` (${e.error.details.join('; ')})` : ''}`;
          default:
            return e.kind;
        }
      })
      .join(', ')}`;
  }
}
