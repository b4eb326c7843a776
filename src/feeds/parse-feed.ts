/**
 * Reads a news feed — RSS 2.0 (and 0.9x, and RSS 1.0/RDF), Atom 1.0 or JSON Feed 1.x — into one plain shape.
 *
 * Parsing is done by feedsmith (on fast-xml-parser), which never touches the network and never expands entities
 * declared in the document; documents that declare entities are refused before parsing (see xml-guard.ts), and the
 * XML must be well-formed apart from bare `&` and HTML entities, which real feeds often contain.
 */
import { parseAtomFeed, parseFeed as parseAnyFeed, parseJsonFeed } from 'feedsmith';
import type { AtomFeed, JsonFeed, RdfFeed, RssFeed } from 'feedsmith';
import { UserFacingError } from '../errors.ts';
import { parsePublished } from '../ingest/published.ts';
import { checkXml, decodeDocument, XmlGuardError } from './xml-guard.ts';

export class FeedParseError extends UserFacingError {}

export interface FeedItem {
  readonly guid: string | null;
  readonly url: string | null;
  /** Plain text. */
  readonly title: string | null;
  readonly summaryHtml: string | null;
  readonly contentHtml: string | null;
  /** ISO 8601 (with the feed's offset when it gave one), or null when missing or unreadable. */
  readonly published: string | null;
  readonly author: string | null;
}

export interface ParsedFeed {
  /** RSS 1.0 (RDF) feeds are reported as `rss`. */
  readonly format: 'rss' | 'atom' | 'json';
  readonly title: string | null;
  readonly siteUrl: string | null;
  readonly items: readonly FeedItem[];
}

export interface ParseFeedOptions {
  /** Resolves relative item and site links (normally the feed's own URL). Without it they are kept as written. */
  readonly baseUrl?: string;
}

const JSON_CONTENT_TYPE = /^\s*application\/(feed\+)?json\b/i;
const HTML_CONTENT_TYPE = /^\s*(text\/html|application\/xhtml\+xml)\b/i;
/** An HTML page: a doctype or root `html` element, after an optional XML declaration and comments. */
const HTML_DOCUMENT = /^(<\?xml[^>]*>\s*)?(<!--(?:(?!-->)[\s\S])*-->\s*)*<(!doctype\s+html|html)[\s>]/i;
const WEB_PAGE = 'This is a web page, not a feed (RSS, Atom or JSON Feed).';

export function parseFeed(body: Uint8Array | string, contentType?: string, options: ParseFeedOptions = {}): ParsedFeed {
  let text: string;
  try {
    text = decodeDocument(body, contentType);
  } catch (error) {
    throw new FeedParseError(`This is not a feed: ${(error as Error).message.toLowerCase()}`, { cause: error });
  }
  const trimmed = text.trimStart();
  const base = parseBase(options.baseUrl);
  const looksJson = trimmed.startsWith('{') || (contentType !== undefined && JSON_CONTENT_TYPE.test(contentType) && !trimmed.startsWith('<'));
  const feed = looksJson ? readJson(trimmed) : readXml(trimmed, contentType);
  return resolveLinks(feed, base);
}

function readJson(text: string): ParsedFeed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError('This is not a feed: the JSON in it is malformed.', { cause: error });
  }
  let feed: JsonFeed.Feed<string>;
  try {
    feed = parseJsonFeed(value);
  } catch (error) {
    throw new FeedParseError('This JSON document is not a JSON Feed.', { cause: error });
  }
  return fromJson(feed);
}

function readXml(text: string, contentType: string | undefined): ParsedFeed {
  if (!text.startsWith('<')) throw new FeedParseError('This is not a feed: it is neither XML nor JSON.');
  if (HTML_DOCUMENT.test(text.slice(0, 4096))) throw new FeedParseError(WEB_PAGE);
  try {
    checkXml(text);
  } catch (error) {
    if (error instanceof XmlGuardError) throw new FeedParseError(`This is not a readable feed: ${lowerFirst(error.message)}`, { cause: error });
    throw error;
  }
  let parsed: ReturnType<typeof parseAnyFeed<string>>;
  try {
    parsed = parseAnyFeed(text);
  } catch (error) {
    // feedsmith's generic detection can miss an Atom feed whose root carries unusual attributes first; try it directly.
    if (/<(?:\w+:)?feed[\s>]/.test(text.slice(0, 4096))) {
      try {
        return fromAtom(parseAtomFeed(text));
      } catch {
        // Fall through to the message below.
      }
    }
    const html = contentType !== undefined && HTML_CONTENT_TYPE.test(contentType);
    throw new FeedParseError(html ? WEB_PAGE : 'This is not a feed that newsbot can read (RSS, Atom or JSON Feed).', { cause: error });
  }
  switch (parsed.format) {
    case 'rss':
      return fromRss(parsed.feed);
    case 'rdf':
      return fromRdf(parsed.feed);
    case 'atom':
      return fromAtom(parsed.feed);
    case 'json':
      return fromJson(parsed.feed);
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function clean(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function firstOf(...values: (string | null | undefined)[]): string | null {
  for (const value of values) {
    const text = clean(value);
    if (text !== null) return text;
  }
  return null;
}

function toIso(value: string | null | undefined): string | null {
  const text = clean(value);
  if (text === null) return null;
  const parsed = parsePublished(text);
  if (parsed !== null) return parsed;
  // Named zones ("EST", "PDT") that the strict reader leaves out.
  const instant = Date.parse(text);
  return Number.isNaN(instant) || !/\d{4}/.test(text) ? null : new Date(instant).toISOString();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text as HTML: escaped, paragraphs on blank lines. */
function textToHtml(text: string | null): string | null {
  if (text === null) return null;
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim())}</p>`)
    .join('\n');
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** A title that may contain markup, as plain text. */
function htmlToText(html: string | null): string | null {
  if (html === null) return null;
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, entity: string) => {
      if (entity.startsWith('#')) {
        const code = entity[1]?.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text;
}

function fromRss(feed: RssFeed.Feed<string>): ParsedFeed {
  return {
    format: 'rss',
    title: clean(feed.title),
    siteUrl: clean(feed.link),
    items: (feed.items ?? []).map((item) => {
      const guid = clean(item.guid?.value);
      const guidIsLink = guid !== null && item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid);
      const atomLink = item.atom?.links?.find((link) => link.rel === undefined || link.rel === 'alternate')?.href;
      return {
        guid,
        url: firstOf(item.link, atomLink, guidIsLink ? guid : null),
        title: clean(item.title) ?? clean(item.dc?.titles?.[0]),
        summaryHtml: clean(item.description),
        contentHtml: clean(item.content?.encoded),
        published: toIso(item.pubDate) ?? toIso(item.dc?.dates?.[0]) ?? toIso(item.dcterms?.issued?.[0]) ?? toIso(item.atom?.published),
        author: firstOf(item.authors?.[0]?.name, item.authors?.[0]?.email, item.dc?.creators?.[0]),
      };
    }),
  };
}

function fromRdf(feed: RdfFeed.Feed<string>): ParsedFeed {
  return {
    format: 'rss',
    title: clean(feed.title),
    siteUrl: clean(feed.link),
    items: (feed.items ?? []).map((item) => ({
      guid: clean(item.rdf?.about),
      url: clean(item.link),
      title: clean(item.title),
      summaryHtml: clean(item.description),
      contentHtml: clean(item.content?.encoded),
      published: toIso(item.dc?.dates?.[0]),
      author: clean(item.dc?.creators?.[0]),
    })),
  };
}

function atomHtml(text: { value?: string; type?: string } | undefined): string | null {
  const value = clean(text?.value);
  if (value === null) return null;
  const type = text?.type?.toLowerCase() ?? 'text';
  return type === 'html' || type === 'xhtml' || type.includes('html') ? value : textToHtml(value);
}

function atomText(text: { value?: string; type?: string } | undefined): string | null {
  const value = clean(text?.value);
  if (value === null) return null;
  const type = text?.type?.toLowerCase() ?? 'text';
  return type === 'html' || type === 'xhtml' ? htmlToText(value) : value;
}

function alternateLink(links: readonly { href?: string; rel?: string; type?: string }[] | undefined): string | null {
  const alternates = (links ?? []).filter((link) => link.rel === undefined || link.rel === 'alternate');
  const html = alternates.find((link) => link.type === undefined || /html/i.test(link.type));
  return clean(html?.href ?? alternates[0]?.href);
}

function fromAtom(feed: AtomFeed.Feed<string>): ParsedFeed {
  return {
    format: 'atom',
    title: atomText(feed.title),
    siteUrl: alternateLink(feed.links),
    items: (feed.entries ?? []).map((entry) => ({
      guid: clean(entry.id),
      url: alternateLink(entry.links),
      title: atomText(entry.title),
      summaryHtml: atomHtml(entry.summary),
      contentHtml: entry.content?.src === undefined ? atomHtml(entry.content) : null,
      published: toIso(entry.published) ?? toIso(entry.updated),
      author: firstOf(entry.authors?.[0]?.name, feed.authors?.[0]?.name),
    })),
  };
}

function fromJson(feed: JsonFeed.Feed<string>): ParsedFeed {
  const feedAuthor = clean(feed.authors?.[0]?.name);
  return {
    format: 'json',
    title: clean(feed.title),
    siteUrl: clean(feed.home_page_url),
    items: (feed.items ?? []).map((item) => ({
      guid: clean(item.id),
      url: firstOf(item.url, item.external_url),
      title: clean(item.title),
      summaryHtml: textToHtml(clean(item.summary)),
      contentHtml: clean(item.content_html) ?? textToHtml(clean(item.content_text)),
      published: toIso(item.date_published) ?? toIso(item.date_modified),
      author: clean(item.authors?.[0]?.name) ?? feedAuthor,
    })),
  };
}

function parseBase(text: string | undefined): URL | null {
  if (text === undefined) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function resolve(link: string | null, base: URL | null): string | null {
  if (link === null || base === null) return link;
  try {
    return new URL(link, base).href;
  } catch {
    return link;
  }
}

function resolveLinks(feed: ParsedFeed, base: URL | null): ParsedFeed {
  if (base === null) return feed;
  const siteUrl = resolve(feed.siteUrl, base);
  // Relative item links are read against the site's address when the feed names one (a feed hosted elsewhere, on a
  // feed service or a CDN, links to the site), else against the feed's own address.
  const site = parseBase(siteUrl ?? undefined);
  const itemBase = site !== null && (site.protocol === 'http:' || site.protocol === 'https:') ? site : base;
  return { ...feed, siteUrl, items: feed.items.map((item) => ({ ...item, url: resolve(item.url, itemBase) })) };
}
