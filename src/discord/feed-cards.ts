import type { APIEmbed } from 'discord.js';
import type { Feed } from '../store/feed-store.ts';
import { shortenAtWord } from '../text/shorten.ts';
import { escapeText, LIMITS } from './embeds.ts';

const COLOUR = 0x2b6cb0;

/** A URL shown literally (inline code cannot hold a backtick; URLs percent-encode it anyway). */
export function codeUrl(url: string): string {
  return `\`${shortenAtWord(url.replace(/`/g, '%60'), 300)}\``;
}

/** "Norland Herald (`https://…`)" or just the URL when the feed has no title yet. */
export function feedName(feed: Pick<Feed, 'title' | 'url'>): string {
  const title = feed.title?.replace(/\s+/g, ' ').trim();
  return title ? `${escapeText(shortenAtWord(title, 100))} (${codeUrl(feed.url)})` : codeUrl(feed.url);
}

function feedLine(feed: Feed): string {
  const where = feed.channelId === null ? 'stored only' : `→ <#${feed.channelId}>`;
  const filter = feed.filter === null ? '' : ` · only: ${escapeText(shortenAtWord(feed.filter, 80))}`;
  const status =
    feed.poll.pausedReason !== null
      ? `⏸ paused: ${escapeText(shortenAtWord(feed.poll.pausedReason, 200))}`
      : feed.poll.lastError !== null
        ? `⚠ last check failed: ${escapeText(shortenAtWord(feed.poll.lastError, 200))}`
        : feed.lastPolledAt === null
          ? 'not checked yet'
          : `checked ${feed.lastPolledAt.slice(0, 16).replace('T', ' ')} UTC`;
  return `\`${feed.id}\` ${feedName(feed)} ${where}${filter}\n  ${status}`;
}

/** A server's feeds as one embed: id, name, channel, filter and state of each; cut with a count when too long. */
export function feedListEmbed(feeds: readonly Feed[]): APIEmbed {
  if (feeds.length === 0) {
    return {
      title: 'Feeds of this server',
      color: COLOUR,
      description: 'No feeds yet. Add one with `/feeds add url:<feed address> channel:#channel`, or import an OPML file with `/feeds import`.',
    };
  }
  const lines: string[] = [];
  let used = 0;
  const budget = LIMITS.description - 60;
  for (const feed of feeds) {
    const line = feedLine(feed);
    if (used + line.length + 1 > budget) break;
    lines.push(line);
    used += line.length + 1;
  }
  const more = feeds.length - lines.length;
  if (more > 0) lines.push(`…and ${more} more (\`/feeds export\` lists them all).`);
  return {
    title: 'Feeds of this server',
    color: COLOUR,
    description: lines.join('\n'),
    footer: { text: `${feeds.length} feed${feeds.length === 1 ? '' : 's'} · remove one with /feeds remove` },
  };
}
