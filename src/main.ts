/**
 * The bot's composition root: reads the configuration, builds every dependency and passes it on explicitly. Nothing
 * else in newsbot constructs a store, a logger or a client.
 */
import { pino } from 'pino';
import { ConfigError, loadConfig, requireBotSettings } from './config/config.ts';
import { createAttachmentReader } from './discord/attachments.ts';
import { createBot } from './discord/bot.ts';
import { createDigestPoster } from './discord/digest-poster.ts';
import { createEventPoster } from './discord/event-poster.ts';
import { startSchedulers } from './discord/scheduler.ts';
import type { Schedulers } from './discord/scheduler.ts';
import { pauseDigestOfDeletedChannel, runDigestRound } from './digest/run-digests.ts';
import { pollDueFeeds } from './feeds/poller.ts';
import { createSafeFetcher } from './net/safe-fetch.ts';
import { createPictureRenderer } from './pictures/renderer.ts';
import { pruneOldArticles } from './retention/prune.ts';
import { openSqliteStore } from './store/sqlite/sqlite-store.ts';

/** A service manager waits about this long after SIGTERM; shutting down must finish well within it. */
const SHUTDOWN_DEADLINE_MS = 8_000;

async function main(): Promise<number> {
  let config;
  let token: string;
  try {
    config = loadConfig();
    ({ token } = requireBotSettings(config));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`newsbot: ${problem}\n`);
    return 1;
  }

  const logger = pino({ level: config.logLevel });
  const store = openSqliteStore(config.dbPath);
  const apiBase = config.discord.apiBase;
  const attachments = createAttachmentReader({ apiBase });
  const { fetchPage } = createSafeFetcher({
    userAgent: config.fetch.userAgent,
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxPageBytes,
    maxRedirects: 5,
    allowLoopback: config.fetch.allowLoopback,
  });
  const pictures = createPictureRenderer();
  const deps = {
    store,
    logger,
    clock: () => new Date(),
    limits: { maxArticleBytes: config.maxArticleBytes },
    attachments,
    fetchPage,
    feeds: { pollMinutes: config.feeds.pollMinutes },
    pictures,
  };
  const bot = createBot({
    token,
    apiBase,
    deps,
    // Called only once the bot is connected, when the digest poster below exists.
    onChannelDeleted: (channel) => pauseDigestOfDeletedChannel({ store, sender: digestSender, clock: deps.clock, logger }, channel),
  });
  const { postsPerChannelPerHour } = config.feeds;
  const publisher = createEventPoster(bot.client, { store, clock: deps.clock, logger, postsPerChannelPerHour });
  const digestSender = createDigestPoster(bot.client, { logger, pictures });
  let schedulers: Schedulers | undefined = undefined;

  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ signal }, 'shutting down');
      const deadline = setTimeout(() => {
        logger.error('shutdown took too long; exiting');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      await schedulers?.stop();
      await bot.stop();
      await store.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal).then(resolve));
  });

  try {
    await bot.start();
  } catch (error) {
    logger.error({ err: error }, 'could not connect to Discord');
    await bot.stop();
    await store.close();
    return 1;
  }
  // A signal during start-up stopped everything already: no timers to start then.
  if (stopping !== undefined) return 0;
  schedulers = startSchedulers({
    pollFeeds: () => pollDueFeeds({ store, fetchPage, clock: deps.clock, limits: deps.limits, publisher, logger }),
    postDigests: () => runDigestRound({ store, sender: digestSender, clock: deps.clock, logger }),
    prune: async () => {
      const removed = await pruneOldArticles(store, { now: deps.clock(), retentionDays: config.retentionDays });
      logger.info({ articles: removed.articles, events: removed.events }, 'pruned old articles');
    },
    logger,
  });
  logger.info({ db: config.dbPath }, 'newsbot is online');
  await stopped;
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`newsbot: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
