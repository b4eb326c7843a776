import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

/** Everything newsbot can be configured with. Read once, here, from the environment (and `.env`), then passed on. */
export interface Config {
  /** SQLite database file. */
  readonly dbPath: string;
  /** The largest article text accepted at ingest, in UTF-8 bytes. */
  readonly maxArticleBytes: number;
  readonly logLevel: LogLevel;
  readonly discord: DiscordConfig;
  readonly fetch: FetchConfig;
  readonly feeds: FeedsConfig;
  /** Articles older than this many days are pruned, unless their event is still current. */
  readonly retentionDays: number;
}

export interface FetchConfig {
  /** Sent with every page and feed request, so that sites know who is asking. */
  readonly userAgent: string;
  readonly timeoutMs: number;
  readonly maxPageBytes: number;
  /** For tests with a local server only: allow 127.0.0.1 and ::1 (every other private address stays refused). */
  readonly allowLoopback: boolean;
}

export interface FeedsConfig {
  /** New event messages a channel gets per hour at most, across its feeds (edits do not count). */
  readonly postsPerChannelPerHour: number;
  /** Default minutes between two polls of a feed. */
  readonly pollMinutes: number;
}

export interface DiscordConfig {
  /** The bot token; only `npm start` needs it. */
  readonly token: string | null;
  /** The application id; `deploy-commands` needs it. */
  readonly clientId: string | null;
  /** Register commands in this one server (development) instead of globally. */
  readonly guildId: string | null;
  /** Discord's REST base without the version suffix; a local API double in tests. */
  readonly apiBase: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_DB_PATH = './data/newsbot.db';
export const DEFAULT_MAX_ARTICLE_BYTES = 2_000_000;
export const DEFAULT_DISCORD_API_BASE = 'https://discord.com/api';
export const DEFAULT_RETENTION_DAYS = 90;
export const DEFAULT_POSTS_PER_CHANNEL_PER_HOUR = 10;
export const DEFAULT_POLL_MINUTES = 15;
export const DEFAULT_FETCH_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_PAGE_BYTES = 5_000_000;
export const USER_AGENT = 'newsbot/0.1 (Discord news bot; +https://github.com/newsbot)';

const positiveInteger = z.coerce.number().int('must be a whole number').positive('must be greater than 0');
const snowflake = z.string().trim().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

const environmentSchema = z.object({
  NEWSBOT_DB: z.string().trim().min(1, 'must not be empty').default(DEFAULT_DB_PATH),
  NEWSBOT_MAX_ARTICLE_BYTES: positiveInteger.default(DEFAULT_MAX_ARTICLE_BYTES),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DISCORD_TOKEN: z.string().trim().min(1).optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_BASE: z
    .string()
    .trim()
    .url('must be a URL such as https://discord.com/api')
    .refine((url) => !/\/v\d+\/?$/.test(url), 'must not end with a version such as /v10')
    .transform((url) => url.replace(/\/+$/, ''))
    .default(DEFAULT_DISCORD_API_BASE),
  NEWSBOT_RETENTION_DAYS: positiveInteger.default(DEFAULT_RETENTION_DAYS),
  NEWSBOT_POSTS_PER_HOUR: positiveInteger.default(DEFAULT_POSTS_PER_CHANNEL_PER_HOUR),
  NEWSBOT_POLL_MINUTES: positiveInteger.min(5, 'must be at least 5').default(DEFAULT_POLL_MINUTES),
  NEWSBOT_FETCH_TIMEOUT_MS: positiveInteger.default(DEFAULT_FETCH_TIMEOUT_MS),
  NEWSBOT_MAX_PAGE_BYTES: positiveInteger.default(DEFAULT_MAX_PAGE_BYTES),
  NEWSBOT_FETCH_ALLOW_LOOPBACK: z.enum(['0', '1', 'true', 'false'], { message: 'must be 1 or 0' }).default('0'),
});

/** Values given on the command line, which win over the environment. */
export interface ConfigOverrides {
  readonly dbPath?: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/**
 * Validates the environment and reports every problem at once. Empty variables count as unset, as `.env` files
 * often leave them blank.
 */
export function parseConfig(environment: Readonly<Record<string, string | undefined>>, overrides: ConfigOverrides = {}): Config {
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  const env = parsed.data;
  return {
    dbPath: overrides.dbPath ?? env.NEWSBOT_DB,
    maxArticleBytes: env.NEWSBOT_MAX_ARTICLE_BYTES,
    logLevel: env.LOG_LEVEL,
    discord: {
      token: env.DISCORD_TOKEN ?? null,
      clientId: env.DISCORD_CLIENT_ID ?? null,
      guildId: env.DISCORD_GUILD_ID ?? null,
      apiBase: env.DISCORD_API_BASE,
    },
    fetch: {
      userAgent: USER_AGENT,
      timeoutMs: env.NEWSBOT_FETCH_TIMEOUT_MS,
      maxPageBytes: env.NEWSBOT_MAX_PAGE_BYTES,
      allowLoopback: env.NEWSBOT_FETCH_ALLOW_LOOPBACK === '1' || env.NEWSBOT_FETCH_ALLOW_LOOPBACK === 'true',
    },
    feeds: { postsPerChannelPerHour: env.NEWSBOT_POSTS_PER_HOUR, pollMinutes: env.NEWSBOT_POLL_MINUTES },
    retentionDays: env.NEWSBOT_RETENTION_DAYS,
  };
}

/** What `npm start` needs on top of the defaults; every missing setting is named at once. */
export function requireBotSettings(config: Config): { token: string } {
  if (config.discord.token === null) {
    throw new ConfigError([
      'DISCORD_TOKEN is not set: put the bot token from the Discord developer portal in .env (see .env.example), or run `npm run demo` to try newsbot without Discord',
    ]);
  }
  return { token: config.discord.token };
}

/** What `npm run deploy-commands` needs. */
export function requireDeploySettings(config: Config): { token: string; clientId: string } {
  const problems: string[] = [];
  if (config.discord.token === null) problems.push('DISCORD_TOKEN is not set (the bot token from the Discord developer portal)');
  if (config.discord.clientId === null) problems.push('DISCORD_CLIENT_ID is not set (the application id from the Discord developer portal)');
  if (problems.length > 0 || config.discord.token === null || config.discord.clientId === null) throw new ConfigError(problems);
  return { token: config.discord.token, clientId: config.discord.clientId };
}

/** Reads `.env` (when present, without overriding the real environment) and the process environment. */
export function loadConfig(overrides: ConfigOverrides = {}): Config {
  loadDotenv({ quiet: true });
  return parseConfig(process.env, overrides);
}
