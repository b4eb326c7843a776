/**
 * Following feeds, for people (slash commands) and the operator (CLI): add, remove, list, import and export.
 *
 * A feed is fetched and parsed once when it is added, so a wrong address or a page that is not a feed is refused at
 * once, with a message that says what was found instead, rather than failing quietly at every poll afterwards.
 * Polling itself is in poller.ts.
 */
import type { GuildScope } from '../domain/article.ts';
import { UserFacingError } from '../errors.ts';
import { canonicalUrl } from '../ingest/canonical-url.ts';
import { decodeText } from '../ingest/decode.ts';
import { checkUrl } from '../net/safe-fetch.ts';
import type { FetchPage } from '../net/safe-fetch.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { Feed } from '../store/feed-store.ts';
import { normalizeFilter } from './filter.ts';
import { mapLimited } from '../async/map-limited.ts';
import { parseOpml, toOpml } from './opml.ts';
import { FeedParseError, parseFeed } from './parse-feed.ts';
import { initialPollState } from './poll-policy.ts';

/** Feeds one server (or the shared scope) may follow: each is polled every few minutes, for as long as it is kept. */
export const MAX_FEEDS_PER_GUILD = 50;
/** Feeds validated at the same time during an import: enough to finish quickly, few enough to be polite. */
const IMPORT_CONCURRENCY = 4;
/** Feed links suggested for a web page, at most. */
const MAX_SUGGESTIONS = 3;

export interface FeedManagerDeps {
  readonly store: ArticleStore;
  readonly fetchPage: FetchPage;
  readonly clock: () => Date;
}

/** Where new feeds go and how they are polled: everything about a feed but its address. */
export interface FeedTarget {
  readonly guildId: GuildScope;
  /** The channel its new items are posted to; null only stores them. */
  readonly channelId: string | null;
  /** Words (any one) an item must contain to be posted; null posts every item. */
  readonly filter: string | null;
  readonly addedBy: string | null;
  readonly pollMinutes: number;
}

export interface AddFeedInput extends FeedTarget {
  readonly url: string;
}

export interface ImportResult {
  readonly added: Feed[];
  readonly skipped: { readonly url: string; readonly reason: string }[];
}

/**
 * Follows a feed: checks the address, fetches and parses it once, refuses duplicates and more than
 * MAX_FEEDS_PER_GUILD feeds, and stores it due for its first poll (which stores the current items silently).
 * Every refusal is a UserFacingError (FetchError and FeedParseError are ones too).
 */
export async function addFeed(deps: FeedManagerDeps, input: AddFeedInput): Promise<Feed> {
  return addCheckedFeed(deps, input, null);
}

async function addCheckedFeed(deps: FeedManagerDeps, input: AddFeedInput, fallbackTitle: string | null): Promise<Feed> {
  const url = checkUrl(input.url);
  const filter = normalizeFilter(input.filter);
  const existing = await deps.store.feeds.listFeeds(input.guildId);
  refuseDuplicate(existing, url.href);
  if (existing.length >= MAX_FEEDS_PER_GUILD) {
    throw new UserFacingError(`This server already follows ${MAX_FEEDS_PER_GUILD} feeds, the most newsbot polls for one server. Remove one first.`);
  }

  const page = await deps.fetchPage(url.href);
  if (page.status !== 'ok') throw new Error('the site answered "not modified" to a request that was not conditional');
  // A redirect to a feed that is already followed (http → https, an old address) is the same feed.
  if (page.url !== url.href) refuseDuplicate(existing, page.url);
  let title: string | null;
  try {
    title = parseFeed(page.body, page.contentType ?? undefined, { baseUrl: page.url }).title;
  } catch (error) {
    if (error instanceof FeedParseError) throw explainNotAFeed(error, page.body, page.contentType, page.url);
    throw error;
  }

  const now = deps.clock();
  const feed = await deps.store.feeds.addFeed({
    guildId: input.guildId,
    channelId: input.channelId,
    // The address as given (checked), not where it redirected to: a temporary redirect must not become the feed.
    url: url.href,
    title: title ?? fallbackTitle,
    filter,
    addedBy: input.addedBy,
    addedAt: now.toISOString(),
    poll: initialPollState(now.getTime(), input.pollMinutes * 60_000),
  });
  // Another request added the same feed while this one was fetching it.
  if (feed === null) throw new UserFacingError('This feed is already followed here.');
  return feed;
}

/**
 * One feed address is followed once per server: its items are de-duplicated across the server, so a second copy
 * (even to another channel) would never post anything.
 */
function refuseDuplicate(existing: readonly Feed[], url: string): void {
  const key = sameFeedKey(url);
  const twin = existing.find((feed) => sameFeedKey(feed.url) === key);
  if (twin === undefined) return;
  const where = twin.channelId === null ? 'without a channel (its items are only stored)' : `in <#${twin.channelId}>`;
  throw new UserFacingError(`This feed is already followed ${where} (feed ${twin.id}).`);
}

/** Addresses that differ only in scheme, `www.`, tracking parameters or a trailing slash name the same feed. */
function sameFeedKey(url: string): string {
  try {
    return canonicalUrl(new URL(url));
  } catch {
    return url;
  }
}

/** The parse error as a person can act on it: for a web page, the feed links the page itself advertises. */
function explainNotAFeed(error: FeedParseError, body: Uint8Array, contentType: string | null, pageUrl: string): UserFacingError {
  const decoded = decodeText(body);
  const text = decoded.ok ? decoded.text : '';
  const isHtml = (contentType !== null && /html/i.test(contentType)) || /<(!doctype\s+html|html)[\s>]/i.test(text.slice(0, 4096));
  if (!isHtml) return error;
  const links = advertisedFeedLinks(text, pageUrl).slice(0, MAX_SUGGESTIONS);
  if (links.length === 0) {
    return new UserFacingError(
      'That address is a web page, not a feed (RSS, Atom or JSON Feed), and the page names no feed. Look on the site for an RSS or feed link and add that address.',
      { cause: error },
    );
  }
  const [first] = links;
  const others = links.length > 1 ? ` (it also names ${links.slice(1).join(', ')})` : '';
  return new UserFacingError(`That address is a web page, not a feed. The site’s feed seems to be ${first}${others}: add that address instead.`, {
    cause: error,
  });
}

const FEED_LINK_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json|rdf\+xml)$/i;

/**
 * The feeds an HTML page points to with `<link rel="alternate" type="application/rss+xml" href="…">` (or Atom, JSON
 * Feed, RDF), resolved against the page's address, each once, in page order. Only http(s) addresses. Reads the first
 * 256 KB: the links are in the head.
 */
export function advertisedFeedLinks(html: string, pageUrl: string): string[] {
  const links: string[] = [];
  for (const [tag] of html.slice(0, 256 * 1024).matchAll(/<link\b[^>]{0,2000}>/gi)) {
    const attributes = readAttributes(tag);
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attributes.get('type') ?? '').trim();
    const href = attributes.get('href');
    if (!rel.includes('alternate') || !FEED_LINK_TYPES.test(type) || href === undefined) continue;
    try {
      const url = new URL(decodeAttribute(href.trim()), pageUrl);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !links.includes(url.href)) links.push(url.href);
    } catch {
      // An unreadable href is no suggestion.
    }
  }
  return links;
}

function readAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    const name = match[1]?.toLowerCase();
    if (name !== undefined && !attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** The few entities that appear in real hrefs. */
function decodeAttribute(value: string): string {
  return value.replace(/&amp;/gi, '&').replace(/&#38;/g, '&').replace(/&quot;/gi, '"').replace(/&#39;|&apos;/gi, "'");
}

/** Stops following a feed of this scope; its stored articles stay. */
export async function removeFeed(store: ArticleStore, id: string, guildId: GuildScope): Promise<Feed> {
  const feed = await store.feeds.getFeed(id.trim(), guildId);
  if (feed === null || !(await store.feeds.removeFeed(feed.id, guildId))) {
    throw new UserFacingError(`No feed ${id.trim().slice(0, 40)} is followed here; the list of feeds shows their ids.`);
  }
  return feed;
}

/** The scope's feeds, oldest first. */
export async function listFeeds(store: ArticleStore, guildId: GuildScope): Promise<Feed[]> {
  return store.feeds.listFeeds(guildId);
}

/**
 * Follows every feed of an OPML subscription list, each checked as `addFeed` checks one; a feed that fails is
 * skipped with the reason, never stopping the others. Feeds beyond the per-server limit are skipped unfetched.
 * An unreadable OPML file throws an OpmlError (a UserFacingError).
 */
export async function importFeeds(deps: FeedManagerDeps, opml: string | Uint8Array, target: FeedTarget): Promise<ImportResult> {
  const entries = parseOpml(opml);
  normalizeFilter(target.filter); // A bad filter refuses the whole import at once, not each feed.
  // Checked in parallel, two spellings of one feed (http and https, with and without www.) would both pass.
  const keys = new Set<string>();
  const twins: { url: string; reason: string }[] = [];
  const distinct = entries.filter(({ url }) => {
    const key = sameFeedKey(url);
    if (keys.has(key)) {
      twins.push({ url, reason: 'The list names this feed twice.' });
      return false;
    }
    keys.add(key);
    return true;
  });
  const room = Math.max(0, MAX_FEEDS_PER_GUILD - (await deps.store.feeds.listFeeds(target.guildId)).length);
  const tried = distinct.slice(0, room);
  const overLimit = distinct.slice(room).map(({ url }) => ({
    url,
    reason: `This server would follow more than ${MAX_FEEDS_PER_GUILD} feeds, the most newsbot polls for one server.`,
  }));

  const outcomes = await mapLimited(tried, IMPORT_CONCURRENCY, async (entry) => {
    try {
      return { url: entry.url, feed: await addCheckedFeed(deps, { ...target, url: entry.url }, entry.title) };
    } catch (error) {
      return { url: entry.url, reason: error instanceof UserFacingError ? error.message : 'Something went wrong while checking this feed.' };
    }
  });
  const added: Feed[] = [];
  const skipped: { url: string; reason: string }[] = [];
  for (const outcome of outcomes) {
    if ('feed' in outcome) added.push(outcome.feed);
    else skipped.push(outcome);
  }
  return { added, skipped: [...skipped, ...twins, ...overLimit] };
}

/** The scope's feeds as an OPML subscription list, for feed readers (and `importFeeds`). */
export async function exportFeeds(store: ArticleStore, guildId: GuildScope): Promise<string> {
  const feeds = await store.feeds.listFeeds(guildId);
  return toOpml(
    feeds.map((feed) => ({ url: feed.url, title: feed.title })),
    'newsbot feeds',
  );
}
