/**
 * OPML subscription lists, as feed readers import and export them: `parseOpml` reads the feeds out of one (outlines
 * with an `xmlUrl`, however deeply nested in folders), `toOpml` writes one.
 */
import { parseOpml as parseOpmlDocument } from 'feedsmith';
import type { Opml } from 'feedsmith';
import { UserFacingError } from '../errors.ts';
import { checkXml, decodeDocument, XmlGuardError } from './xml-guard.ts';

export class OpmlError extends UserFacingError {}

export interface OpmlFeed {
  readonly url: string;
  readonly title: string | null;
}

/** Nesting deeper than this is not a subscription list; it also bounds the walk. */
const MAX_DEPTH = 50;

/**
 * The feeds in an OPML document, in document order, each URL once (the first title wins). Outlines without an
 * `xmlUrl` (folders, notes) are skipped, their children read; `xmlUrl`s that are not http(s) addresses are skipped.
 */
export function parseOpml(input: string | Uint8Array): OpmlFeed[] {
  let text: string;
  try {
    text = decodeDocument(input).trimStart();
    if (!text.startsWith('<')) throw new XmlGuardError('It is not XML.');
    checkXml(text);
  } catch (error) {
    if (error instanceof XmlGuardError) throw new OpmlError(`This is not a readable OPML file: ${lowerFirst(error.message)}`, { cause: error });
    throw error;
  }
  let document: Opml.Document<string>;
  try {
    document = parseOpmlDocument(text);
  } catch (error) {
    throw new OpmlError('This is not an OPML file (a feed reader’s subscription list).', { cause: error });
  }
  const feeds: OpmlFeed[] = [];
  const seen = new Set<string>();
  const visit = (outlines: readonly Opml.Outline<string>[] | undefined, depth: number): void => {
    if (outlines === undefined || depth > MAX_DEPTH) return;
    for (const outline of outlines) {
      const url = webUrl(outline.xmlUrl);
      if (url !== null && !seen.has(url)) {
        seen.add(url);
        feeds.push({ url, title: clean(outline.title) ?? clean(outline.text) });
      }
      visit(outline.outlines, depth + 1);
    }
  };
  visit(document.body?.outlines, 0);
  return feeds;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function clean(value: string | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text === undefined || text === '' ? null : text;
}

function webUrl(value: string | undefined): string | null {
  const text = value?.trim();
  if (text === undefined || text === '') return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Escapes text for an XML attribute value or element content; drops characters XML 1.0 cannot carry. */
function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      .replace(/\t/g, '&#9;')
      .replace(/\n/g, '&#10;')
      .replace(/\r/g, '&#13;')
  );
}

/** An OPML 2.0 document listing the feeds, as feed readers import it. */
export function toOpml(feeds: readonly OpmlFeed[], title: string, now: Date = new Date()): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(title)}</title>`,
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...feeds.map((feed) => {
      const label = escapeXml(feed.title ?? feed.url);
      return `    <outline type="rss" text="${label}" title="${label}" xmlUrl="${escapeXml(feed.url)}"/>`;
    }),
    '  </body>',
    '</opml>',
    '',
  ];
  return lines.join('\n');
}
