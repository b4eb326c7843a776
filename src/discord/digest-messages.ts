/**
 * A digest as Discord messages: a header line, then one embed per event, packed into as few messages as Discord's
 * limits allow (10 embeds, 6,000 characters of embeds, 2,000 of content). Sentences and quotes are whole or left out,
 * never cut; a role is mentioned only when the subscription asked for it.
 */
import type { APIEmbed, MessageMentionOptions } from 'discord.js';
import type { ArticleSummary } from '../domain/article.ts';
import type { Digest, DigestEntry } from '../digest/build-digest.ts';
import { shortenAtWord } from '../text/shorten.ts';
import { embedSize, escapeText, LIMITS, safeUrl } from './embeds.ts';

const NEW_COLOUR = 0x2f855a;
const UPDATED_COLOUR = 0x2b6cb0;
/** A quote longer than this is left out of a digest: it would crowd out the rest, and it is never cut. */
const MAX_QUOTE_LENGTH = 600;
/** Room kept in a message's embeds for Discord's own counting of what we cannot see (safety margin). */
const EMBED_BUDGET = LIMITS.embedTotal - 100;

export interface DigestMessage {
  readonly content: string;
  readonly embeds: readonly APIEmbed[];
  readonly allowedMentions: MessageMentionOptions;
}

function outletOf(article: ArticleSummary): string {
  return article.source ?? 'source';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Longer addresses are left out of the links: three of them would fill an event's room. */
const MAX_LINK_URL = 500;

function link(article: ArticleSummary): string {
  const address = safeUrl(article.url);
  const url = address !== null && address.length <= MAX_LINK_URL ? address : null;
  const outlet = escapeText(shortenAtWord(outletOf(article), 60));
  return url === null ? outlet : `[${outlet}](${url})`;
}

/**
 * What marks a message as part `index` of a digest: how a restarted bot recognises what it had already posted. No
 * part's marker is contained in another part's message (the bold closes after "part N"), so part 1 is never taken
 * for a continuation or the other way round.
 */
export function digestPartMarker(digest: Digest, index: number): string {
  return index === 0 ? `**${digest.title}**` : `**${digest.title} (continued, part ${index + 1})**`;
}

/** The description's parts in order of importance: what is new, the sentences, the quote, the links. */
function entryEmbed(entry: DigestEntry, budget: number): APIEmbed {
  const heading = entry.status === 'new' ? '🆕 ' : '🔄 ';
  const title = shortenAtWord(`${heading}${escapeText(oneLine(entry.title))}`, LIMITS.title);
  const firstLink = entry.links.map((article) => safeUrl(article.url)).find((url) => url !== null);
  const footer = `${entry.outletCount} outlet${entry.outletCount === 1 ? '' : 's'} · /event id:${entry.eventId}`;
  const whatsNew = entry.whatsNew === null ? null : `**Updated:** ${escapeText(entry.whatsNew)}`;
  const quote =
    entry.quote === null || entry.quote.text.length > MAX_QUOTE_LENGTH
      ? null
      : `> “${escapeText(oneLine(entry.quote.text))}” — ${escapeText(oneLine(entry.quote.speaker))}${entry.quote.sources[0] ? ` (${escapeText(outletOf(entry.quote.sources[0]))})` : ''}`;
  const links = entry.links.length === 0 ? null : `Read: ${entry.links.map(link).join(' · ')}`;
  const sentences = entry.sentences.map((sentence) => escapeText(oneLine(sentence.text)));

  const room = Math.min(LIMITS.description, budget - title.length - footer.length);
  // Whole sentences only: the last ones go first when the event would not fit.
  let kept = sentences;
  const describe = (chosen: readonly string[], withQuote: boolean) =>
    [whatsNew, chosen.join(' '), withQuote ? quote : null, links].filter((part): part is string => part !== null && part !== '').join('\n\n');
  let withQuote = quote !== null;
  while (describe(kept, withQuote).length > room && kept.length > 1) kept = kept.slice(0, -1);
  if (describe(kept, withQuote).length > room) withQuote = false;
  while (describe(kept, withQuote).length > room && kept.length > 0) kept = kept.slice(0, -1);
  const description = describe(kept, withQuote);
  const embed: APIEmbed = {
    title,
    color: entry.status === 'new' ? NEW_COLOUR : UPDATED_COLOUR,
    footer: { text: footer },
  };
  if (description !== '') embed.description = description;
  if (firstLink !== undefined) embed.url = firstLink;
  return embed;
}

function headerLines(digest: Digest, pingRoleId: string | null): string {
  const lines = [`${pingRoleId === null ? '' : `<@&${pingRoleId}> `}📰 ${digestPartMarker(digest, 0)}`];
  const about = [digest.sinceLine, digest.topics === null ? null : `topics: ${digest.topics}`].filter((part): part is string => part !== null);
  if (about.length > 0) lines.push(escapeText(about.join(' · ')));
  if (digest.entries.length === 0) {
    lines.push(digest.topics === null ? 'No new events since the last digest.' : 'No new events about these topics since the last digest.');
  }
  return shortenAtWord(lines.join('\n'), LIMITS.content);
}

/**
 * The digest's messages, in posting order. The first carries the header (and the role mention, the only mention any
 * of them may make); the others say which part they are.
 */
export function digestMessages(digest: Digest, options: { readonly pingRoleId: string | null }): DigestMessage[] {
  const embeds = digest.entries.map((entry) => entryEmbed(entry, EMBED_BUDGET));
  const more =
    digest.moreEvents > 0 ? `…and ${digest.moreEvents} more event${digest.moreEvents === 1 ? '' : 's'} with news: see /events.` : null;
  const groups: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const own = embedSize(embed);
    if (current.length > 0 && (current.length === LIMITS.embedsPerMessage || size + own > EMBED_BUDGET)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(embed);
    size += own;
  }
  if (current.length > 0 || groups.length === 0) groups.push(current);

  return groups.map((group, index) => {
    const first = index === 0;
    const lines = [first ? headerLines(digest, options.pingRoleId) : `📰 ${digestPartMarker(digest, index)}`];
    if (index === groups.length - 1 && more !== null) lines.push(more);
    return {
      content: shortenAtWord(lines.join('\n'), LIMITS.content),
      embeds: group,
      allowedMentions: first && options.pingRoleId !== null ? { parse: [], roles: [options.pingRoleId] } : { parse: [] },
    };
  });
}
