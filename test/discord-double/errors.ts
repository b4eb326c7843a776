// Discord's JSON error bodies. A 4xx from the double is an ApiError; `violation` marks errors a correct bot never
// causes (a second acknowledgement, an invalid form body, an unknown route) as opposed to outcomes the bot must cope
// with (a deleted channel, a missing permission, a simulated rate limit or outage).

export interface FormError {
  /** Path into the request body, e.g. ['embeds', 0, 'title']. */
  path: readonly (string | number)[];
  code: string;
  message: string;
}

export interface ApiErrorOptions {
  errors?: readonly FormError[];
  headers?: Record<string, string>;
  violation?: boolean;
  /** Extra fields for the JSON body. */
  extraBody?: Record<string, unknown>;
  /** The whole JSON body instead of { message, code } (429s carry { message, retry_after, global }). */
  bodyOverride?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly formErrors: readonly FormError[];
  readonly headers: Record<string, string>;
  readonly violation: boolean;
  readonly extraBody: Record<string, unknown>;
  readonly bodyOverride: Record<string, unknown> | null;

  constructor(status: number, code: number, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.formErrors = options.errors ?? [];
    this.headers = options.headers ?? {};
    this.violation = options.violation ?? false;
    this.extraBody = options.extraBody ?? {};
    this.bodyOverride = options.bodyOverride ?? null;
  }

  body(): Record<string, unknown> {
    if (this.bodyOverride) return this.bodyOverride;
    const body: Record<string, unknown> = { message: this.message, code: this.code, ...this.extraBody };
    if (this.formErrors.length > 0) body['errors'] = nestFormErrors(this.formErrors);
    return body;
  }
}

/** Discord nests field errors: { embeds: { "0": { title: { _errors: [{ code, message }] } } } }. */
export function nestFormErrors(errors: readonly FormError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let node = root;
    for (const key of error.path) {
      const k = String(key);
      const child = node[k];
      if (typeof child === 'object' && child !== null) {
        node = child as Record<string, unknown>;
      } else {
        const created: Record<string, unknown> = {};
        node[k] = created;
        node = created;
      }
    }
    const list = (node['_errors'] as { code: string; message: string }[] | undefined) ?? [];
    list.push({ code: error.code, message: error.message });
    node['_errors'] = list;
  }
  return root;
}

export const DiscordErrors = {
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized', { violation: true }),
  unknownRoute: (method: string, path: string) =>
    new ApiError(404, 0, `404: Not Found (the double does not implement ${method} ${path})`, { violation: true }),
  methodNotAllowed: () => new ApiError(405, 0, '405: Method Not Allowed', { violation: true }),
  unknownApplication: () => new ApiError(404, 10002, 'Unknown Application', { violation: true }),
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownMessage: (violation = false) => new ApiError(404, 10008, 'Unknown Message', { violation }),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownWebhook: (violation = true) => new ApiError(404, 10015, 'Unknown Webhook', { violation }),
  unknownCommand: () => new ApiError(404, 10063, 'Unknown application command', { violation: true }),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction', { violation: true }),
  alreadyAcknowledged: () =>
    new ApiError(400, 40060, 'Interaction has already been acknowledged.', { violation: true }),
  tooLarge: () => new ApiError(413, 40005, 'Request entity too large', { violation: true }),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  cannotSendEmpty: () => new ApiError(400, 50006, 'Cannot send an empty message', { violation: true }),
  nonTextChannel: () => new ApiError(400, 50008, 'Cannot send messages in a non-text channel', { violation: true }),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => new ApiError(401, 50027, 'Invalid Webhook Token', { violation: true }),
  threadArchived: () => new ApiError(400, 50083, 'Thread is archived'),
  maxCommands: () =>
    new ApiError(400, 30032, 'Maximum number of application commands reached (100)', { violation: true }),
  invalidFormBody: (errors: readonly FormError[]) =>
    new ApiError(400, 50035, 'Invalid Form Body', { errors, violation: true }),
};

export const MaxLength = (limit: number) => ({
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${limit} or fewer in length.`,
});
export const Required = { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
