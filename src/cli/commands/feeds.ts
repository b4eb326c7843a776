/**
 * `newsbot feeds …`: the operator's view of the feeds — add, list, remove, poll once, import and export OPML.
 * Without --guild a command works on the shared feeds (their items are seen by every server).
 */
import { readFile } from 'node:fs/promises';
import type { GuildScope } from '../../domain/article.ts';
import { addFeed, exportFeeds, importFeeds, listFeeds, removeFeed } from '../../feeds/manage.ts';
import type { FeedManagerDeps } from '../../feeds/manage.ts';
import { pollDueFeeds, pollFeeds } from '../../feeds/poller.ts';
import type { FeedPollerDeps, FeedPollReport } from '../../feeds/poller.ts';
import { createSafeFetcher } from '../../net/safe-fetch.ts';
import type { FetchPage } from '../../net/safe-fetch.ts';
import type { ArticleStore } from '../../store/article-store.ts';
import type { Feed } from '../../store/feed-store.ts';
import type { CliContext } from '../context.ts';
import { plural, writeJson, writeLine } from '../output.ts';

/** Feeds polled by one `feeds poll` at most. */
const POLL_LIMIT = 1_000;

function fetcherOf(context: CliContext): FetchPage {
  const { userAgent, timeoutMs, maxPageBytes, allowLoopback } = context.config.fetch;
  return createSafeFetcher({ userAgent, timeoutMs, maxBytes: maxPageBytes, maxRedirects: 5, allowLoopback }).fetchPage;
}

function managerDeps(store: ArticleStore, context: CliContext): FeedManagerDeps {
  return { store, fetchPage: fetcherOf(context), clock: context.clock };
}

function scopeOf(guild: string | undefined): GuildScope {
  const id = guild?.trim();
  return id === undefined || id === '' ? null : id;
}

function feedJson(feed: Feed) {
  return {
    id: feed.id,
    guildId: feed.guildId,
    channelId: feed.channelId,
    url: feed.url,
    title: feed.title,
    filter: feed.filter,
    addedBy: feed.addedBy,
    addedAt: feed.addedAt,
    lastPolledAt: feed.lastPolledAt,
    nextPollAt: feed.poll.nextPollAt === null ? null : new Date(feed.poll.nextPollAt).toISOString(),
    pausedReason: feed.poll.pausedReason,
    lastError: feed.poll.lastError,
  };
}

function feedLine(feed: Feed): string {
  const where = [feed.guildId === null ? 'shared' : `guild ${feed.guildId}`, feed.channelId === null ? 'no channel' : `channel ${feed.channelId}`];
  if (feed.filter !== null) where.push(`filter "${feed.filter}"`);
  const state = feed.poll.pausedReason !== null ? `  PAUSED: ${feed.poll.pausedReason}` : feed.poll.lastError !== null ? `  last error: ${feed.poll.lastError}` : '';
  return `${feed.id}  ${feed.title ?? '(untitled)'}  ${feed.url}  [${where.join(', ')}]${state}`;
}

/** `newsbot feeds add URL`: checks the feed and follows it. */
export async function feedsAddCommand(
  url: string,
  options: { readonly guild?: string | undefined; readonly channel?: string | undefined; readonly filter?: string | undefined; readonly json: boolean },
  context: CliContext,
): Promise<number> {
  return context.withStore(async (store) => {
    const feed = await addFeed(managerDeps(store, context), {
      url,
      guildId: scopeOf(options.guild),
      channelId: options.channel?.trim() || null,
      filter: options.filter ?? null,
      addedBy: null,
      pollMinutes: context.config.feeds.pollMinutes,
    });
    if (options.json) writeJson(context.output.stdout, feedJson(feed));
    else writeLine(context.output.stdout, `following ${feed.title ?? feed.url} as feed ${feed.id}; its current items are stored at the first poll, without posting`);
    return 0;
  });
}

/** `newsbot feeds list`: one scope's feeds, or every feed with --all. */
export async function feedsListCommand(
  options: { readonly guild?: string | undefined; readonly all: boolean; readonly json: boolean },
  context: CliContext,
): Promise<number> {
  return context.withStore(async (store) => {
    const feeds = options.all ? await store.feeds.listAllFeeds() : await listFeeds(store, scopeOf(options.guild));
    if (options.json) writeJson(context.output.stdout, { feeds: feeds.map(feedJson) });
    else if (feeds.length === 0) writeLine(context.output.stdout, 'no feeds');
    else for (const feed of feeds) writeLine(context.output.stdout, feedLine(feed));
    return 0;
  });
}

/** `newsbot feeds remove ID`. */
export async function feedsRemoveCommand(id: string, options: { readonly guild?: string | undefined }, context: CliContext): Promise<number> {
  return context.withStore(async (store) => {
    const feed = await removeFeed(store, id, scopeOf(options.guild));
    writeLine(context.output.stdout, `stopped following ${feed.title ?? feed.url} (feed ${feed.id}); its articles stay`);
    return 0;
  });
}

function reportLine(report: FeedPollReport, feed: Feed | undefined): string {
  const name = `${report.feedId}  ${feed?.title ?? feed?.url ?? ''}`.trimEnd();
  switch (report.status) {
    case 'not_modified':
      return `${name}: not modified`;
    case 'ok':
      return `${name}: ${plural(report.added, 'new article')}, ${plural(report.seen, 'item')} seen before`;
    case 'failed':
      return `${name}: failed: ${report.error ?? 'unknown error'}`;
    case 'paused':
      return `${name}: ${plural(report.added, 'new article')}; paused: ${report.error ?? 'unknown reason'}`;
  }
}

/**
 * `newsbot feeds poll [--all-now]`: polls the due feeds once (or every feed that is not paused), storing their new
 * items. The command line cannot post: items it stores are never posted by the bot afterwards.
 */
export async function feedsPollCommand(options: { readonly allNow: boolean }, context: CliContext): Promise<number> {
  return context.withStore(async (store) => {
    const deps: FeedPollerDeps = {
      store,
      fetchPage: fetcherOf(context),
      clock: context.clock,
      limits: { maxArticleBytes: context.config.maxArticleBytes, maxPageBytes: context.config.fetch.maxPageBytes },
      publisher: null,
    };
    const all = await store.feeds.listAllFeeds();
    const byId = new Map(all.map((feed) => [feed.id, feed]));
    const reports = options.allNow
      ? await pollFeeds(
          all.filter((feed) => feed.poll.pausedReason === null),
          deps,
        )
      : await pollDueFeeds(deps, { limit: POLL_LIMIT });
    if (reports.length === 0) writeLine(context.output.stdout, options.allNow ? 'no feeds to poll' : 'no feed is due; --all-now polls every feed now');
    for (const report of reports) writeLine(context.output.stdout, reportLine(report, byId.get(report.feedId)));
    if (options.allNow) {
      for (const feed of all.filter((candidate) => candidate.poll.pausedReason !== null)) {
        writeLine(context.output.stdout, `${feed.id}  ${feed.title ?? feed.url}: paused, not polled: ${feed.poll.pausedReason ?? ''}`);
      }
    }
    return reports.some((report) => report.status === 'failed' || report.status === 'paused') ? 1 : 0;
  });
}

/** `newsbot feeds import FILE.opml`: follows every feed in a subscription list that checks out. */
export async function feedsImportCommand(
  file: string,
  options: { readonly guild?: string | undefined; readonly channel?: string | undefined; readonly json: boolean },
  context: CliContext,
): Promise<number> {
  const opml = file === '-' ? await readStream(context.stdin) : new Uint8Array(await readFile(file));
  return context.withStore(async (store) => {
    const result = await importFeeds(managerDeps(store, context), opml, {
      guildId: scopeOf(options.guild),
      channelId: options.channel?.trim() || null,
      filter: null,
      addedBy: null,
      pollMinutes: context.config.feeds.pollMinutes,
    });
    if (options.json) {
      writeJson(context.output.stdout, { added: result.added.map(feedJson), skipped: result.skipped });
    } else {
      for (const feed of result.added) writeLine(context.output.stdout, `added ${feed.id}  ${feed.title ?? feed.url}`);
      for (const { url, reason } of result.skipped) writeLine(context.output.stdout, `skipped ${url}: ${reason}`);
      writeLine(context.output.stdout, `${plural(result.added.length, 'feed')} added, ${result.skipped.length} skipped`);
    }
    return 0;
  });
}

/** `newsbot feeds export`: the scope's feeds as OPML on standard output. */
export async function feedsExportCommand(options: { readonly guild?: string | undefined }, context: CliContext): Promise<number> {
  return context.withStore(async (store) => {
    context.output.stdout.write(await exportFeeds(store, scopeOf(options.guild)));
    return 0;
  });
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return new Uint8Array(Buffer.concat(chunks));
}
