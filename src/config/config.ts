import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

/** Everything newsbot can be configured with. Read once, here, from the environment (and `.env`), then passed on. */
export interface Config {
  /** SQLite database file. */
  readonly dbPath: string;
  /** The largest article text accepted at ingest, in UTF-8 bytes. */
  readonly maxArticleBytes: number;
  readonly logLevel: LogLevel;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const DEFAULT_DB_PATH = './data/newsbot.db';
export const DEFAULT_MAX_ARTICLE_BYTES = 2_000_000;

const positiveInteger = z.coerce.number().int('must be a whole number').positive('must be greater than 0');

const environmentSchema = z.object({
  NEWSBOT_DB: z.string().trim().min(1, 'must not be empty').default(DEFAULT_DB_PATH),
  NEWSBOT_MAX_ARTICLE_BYTES: positiveInteger.default(DEFAULT_MAX_ARTICLE_BYTES),
  NEWSBOT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
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
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  const env = parsed.data;
  return {
    dbPath: overrides.dbPath ?? env.NEWSBOT_DB,
    maxArticleBytes: env.NEWSBOT_MAX_ARTICLE_BYTES,
    logLevel: env.NEWSBOT_LOG_LEVEL,
  };
}

/** Reads `.env` (when present, without overriding the real environment) and the process environment. */
export function loadConfig(overrides: ConfigOverrides = {}): Config {
  loadDotenv({ quiet: true });
  return parseConfig(process.env, overrides);
}
