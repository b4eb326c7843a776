/**
 * HTML pages to raw articles: the main text picked by Mozilla Readability, turned into plain paragraphs, plus the
 * page's metadata (title, URL, site name, published time).
 *
 * The DOM is linkedom's, which is fast and linear but does not repair documents the way a browser does; the input is
 * therefore wrapped into `<html><head>…</head><body>…</body></html>` first (see `normaliseDocument`). Everything that
 * walks the DOM here is iterative, so deeply nested or unclosed markup cannot overflow the stack.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { RawArticle } from '../../domain/article.ts';
import { siteHost } from '../canonical-url.ts';

// The project compiles without the DOM library, so the few DOM members used here are declared structurally.
interface DomNode {
  readonly nodeType: number;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly parentNode: DomNode | null;
  readonly textContent: string | null;
}

interface DomElement extends DomNode {
  readonly localName: string;
  remove(): void;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Elements whose content is never article text. */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio',
  'img', 'picture', 'map', 'head', 'title', 'meta', 'link', 'base', 'button', 'select', 'input', 'textarea', 'option',
  'datalist', 'dialog',
]);

/**
 * Page furniture that the fallback leaves out (Readability removes it on its own). Not `<form>`: some sites wrap the
 * whole page in one (ASP.NET); form controls are skipped anyway.
 */
const FURNITURE = new Set(['nav', 'aside', 'footer', 'menu']);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Elements that start and end a paragraph of their own. */
const BLOCKS = new Set([
  ...HEADINGS,
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main',
  'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);

const CELLS = new Set(['td', 'th']);

interface Block {
  readonly text: string;
  readonly heading: boolean;
}

/** Collects text into paragraphs while the DOM is walked. */
class ParagraphCollector {
  readonly blocks: Block[] = [];
  private lines: string[] = [''];

  append(text: string): void {
    this.lines[this.lines.length - 1] += text;
  }

  appendPreformatted(text: string): void {
    const parts = text.split(/\r\n?|\n/);
    parts.forEach((part, i) => {
      if (i > 0) this.lineBreak();
      this.append(part);
    });
  }

  lineBreak(): void {
    this.lines.push('');
  }

  /** Ends the current paragraph; several line breaks in a row (`<br><br>`) split it into paragraphs. */
  flush(heading = false): void {
    let group: string[] = [];
    const emit = (): void => {
      if (group.length > 0) this.blocks.push({ text: group.join('\n'), heading });
      group = [];
    };
    for (const line of this.lines) {
      const collapsed = collapseWhitespace(line);
      if (collapsed === '') emit();
      else group.push(collapsed);
    }
    emit();
    this.lines = [''];
  }
}

function collapseWhitespace(text: string): string {
  return text.replace(/[ \t\n\r\f\u00a0]+/g, ' ').trim();
}

interface WalkOptions {
  /** Leave out navigation, asides and footers. */
  readonly skipFurniture: boolean;
  /** Leave out `<header>` elements (site headers, when the whole body is read). */
  readonly skipHeaders: boolean;
}

/**
 * Visits the nodes under `root` in document order without recursion. `enter` returns whether to visit the node's
 * children; `leave` is called after the children of every node that `enter` accepted.
 */
function traverse(root: DomNode, enter: (node: DomNode) => boolean, leave: (node: DomNode) => void): void {
  const nextAfter = (start: DomNode): DomNode | null => {
    let current = start;
    for (;;) {
      if (current === root) return null;
      const sibling = current.nextSibling;
      if (sibling !== null) return sibling;
      const parent = current.parentNode;
      if (parent === null || parent === root) return null;
      leave(parent);
      current = parent;
    }
  };

  let node = root.firstChild;
  while (node !== null) {
    if (enter(node)) {
      const child = node.firstChild;
      if (child !== null) {
        node = child;
        continue;
      }
      leave(node);
    }
    node = nextAfter(node);
  }
}

/** Plain paragraphs of the text under `root`, in document order. */
function collectBlocks(root: DomNode, options: WalkOptions): Block[] {
  const out = new ParagraphCollector();
  let preDepth = 0;

  const enter = (node: DomNode): boolean => {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      const text = node.textContent ?? '';
      if (preDepth > 0) out.appendPreformatted(text);
      else out.append(text);
      return false;
    }
    if (node.nodeType !== ELEMENT_NODE) return false;
    const element = node as DomElement;
    const name = element.localName;
    if (SKIPPED.has(name) || isHidden(element)) return false;
    if (options.skipFurniture && (FURNITURE.has(name) || element.getAttribute('role') === 'navigation')) return false;
    if (options.skipHeaders && (name === 'header' || element.getAttribute('role') === 'banner')) return false;
    if (name === 'br') {
      out.lineBreak();
      return false;
    }
    if (BLOCKS.has(name)) out.flush();
    else if (CELLS.has(name)) out.append(' ');
    if (name === 'pre') preDepth++;
    return true;
  };

  const leave = (node: DomNode): void => {
    const name = (node as DomElement).localName;
    if (name === 'pre') preDepth--;
    if (BLOCKS.has(name)) out.flush(HEADINGS.has(name));
    else if (CELLS.has(name)) out.append(' ');
  };

  traverse(root, enter, leave);
  out.flush();
  return out.blocks;
}

/** Number of nodes and deepest element nesting under `root`. */
function measure(root: DomNode): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  let maxDepth = 0;
  traverse(
    root,
    (node) => {
      nodes++;
      if (node.nodeType !== ELEMENT_NODE) return false;
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      return true;
    },
    () => {
      depth--;
    },
  );
  return { nodes, depth: maxDepth };
}

function isHidden(element: DomElement): boolean {
  return element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true';
}

function joinBlocks(blocks: readonly Block[]): string {
  return blocks.map((block) => block.text).join('\n\n');
}

/**
 * Wraps whatever the input is into `<html><head>…</head><body>…</body></html>`. linkedom keeps the tree exactly as
 * written, so a fragment (`<p>hi</p>`) or a page without a `<body>` tag would otherwise have no body at all.
 */
function normaliseDocument(html: string): string {
  const bodyTag = /<body\b[^>]{0,4096}>/i.exec(html);
  let head: string;
  let body: string;
  if (bodyTag !== null) {
    head = html.slice(0, bodyTag.index);
    body = html.slice(bodyTag.index + bodyTag[0].length);
  } else {
    const headEnd = /<\/head\s*>/i.exec(html);
    if (headEnd !== null) {
      head = html.slice(0, headEnd.index);
      body = html.slice(headEnd.index + headEnd[0].length);
    } else {
      // A fragment: metadata is looked up in the whole document, so <title> and <meta> may stay in the body.
      head = '';
      body = html;
    }
  }
  head = head.replace(/<!doctype[^>]{0,4096}>|<\/?html\b[^>]{0,4096}>|<\/?head\b[^>]{0,4096}>/gi, '');
  body = body.replace(/<\/body\s*>|<\/html\s*>/gi, '');
  return `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;
}

function parseDocument(html: string): DomDocument {
  const { document } = parseHTML(normaliseDocument(html)) as unknown as { document: DomDocument };
  return document;
}

/** The plain text of an HTML fragment, one paragraph per block element (used for HTML inside Markdown). */
export function htmlFragmentToText(html: string): string {
  if (!domCanParse(html)) return joinBlocks(scanBlocks(html).blocks);
  try {
    const body = parseDocument(html).body;
    return body === null ? '' : joinBlocks(collectBlocks(body, { skipFurniture: false, skipHeaders: false }));
  } catch {
    return joinBlocks(scanBlocks(html).blocks);
  }
}

interface PageMetadata {
  readonly ogTitle: string | null;
  readonly documentTitle: string | null;
  readonly url: string | null;
  readonly siteName: string | null;
  readonly published: string | null;
}

/** `<meta>` values by lower-cased `property`, `name` and `itemprop`; the first one wins. */
function metaValues(document: DomDocument): Map<string, string> {
  const values = new Map<string, string>();
  const metas = document.querySelectorAll('meta');
  for (let i = 0; i < metas.length; i++) {
    const meta = metas[i];
    if (meta === undefined) continue;
    const content = clean(meta.getAttribute('content'));
    if (content === null) continue;
    for (const attribute of ['property', 'name', 'itemprop']) {
      const key = meta.getAttribute(attribute)?.trim().toLowerCase();
      if (key !== undefined && key !== '' && !values.has(key)) values.set(key, content);
    }
  }
  return values;
}

function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const collapsed = collapseWhitespace(value);
  return collapsed === '' ? null : collapsed;
}

function firstOf(values: Map<string, string>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = values.get(key);
    if (value !== undefined) return value;
  }
  return null;
}

function absoluteHttpUrl(value: string | null, base?: string | null): string | null {
  if (value === null) return null;
  try {
    const url = base === null || base === undefined ? new URL(value) : new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const JSON_LD_QUEUE_LIMIT = 1000;

function enqueue(queue: unknown[], items: readonly unknown[]): void {
  for (const item of items) {
    if (queue.length >= JSON_LD_QUEUE_LIMIT) return;
    queue.push(item);
  }
}

const ARTICLE_TYPES = /article|posting|report/i;

/** `datePublished` from the page's JSON-LD blocks, preferring article-like objects; `@graph` arrays are searched too. */
function jsonLdPublished(document: DomDocument): string | null {
  const scripts = document.querySelectorAll('script');
  let anyDate: string | null = null;
  for (let i = 0; i < scripts.length; i++) {
    const script = scripts[i];
    if (script === undefined) continue;
    const type = script.getAttribute('type')?.trim().toLowerCase() ?? '';
    if (!type.startsWith('application/ld+json')) continue;
    const source = (script.textContent ?? '')
      .replace(/^\s*<!--|-->\s*$/g, '')
      .replace(/^\s*(?:\/\/\s*)?<!\[CDATA\[|(?:\/\/\s*)?\]\]>\s*$/g, '');
    let data: unknown;
    try {
      data = JSON.parse(source);
    } catch {
      continue;
    }
    // Breadth-first over arrays and @graph, bounded so that a hostile document cannot make this expensive.
    const queue: unknown[] = [data];
    for (let visited = 0; queue.length > 0 && visited < JSON_LD_QUEUE_LIMIT; visited++) {
      const item = queue.shift();
      if (Array.isArray(item)) {
        enqueue(queue, item);
        continue;
      }
      if (!isObject(item)) continue;
      const date = typeof item['datePublished'] === 'string' ? clean(item['datePublished']) : null;
      if (date !== null) {
        const types = ([] as unknown[]).concat(item['@type'] ?? []);
        if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) return date;
        anyDate ??= date;
      }
      if (Array.isArray(item['@graph'])) enqueue(queue, item['@graph'] as unknown[]);
    }
  }
  return anyDate;
}

const PUBLISHED_META = [
  'article:published_time',
  'og:article:published_time',
  'datepublished',
  'pubdate',
  'publishdate',
  'dc.date.issued',
  'dcterms.issued',
];

function itempropPublished(document: DomDocument): string | null {
  const element = document.querySelector('[itemprop="datePublished"]');
  if (element === null) return null;
  return clean(element.getAttribute('datetime')) ?? clean(element.getAttribute('content'));
}

function articleTimePublished(document: DomDocument): string | null {
  const time = document.querySelector('article time[datetime]');
  return time === null ? null : clean(time.getAttribute('datetime'));
}

/** Removes a trailing " - Site Name" (or " | Site Name", …) when it is exactly the site's name. */
function stripSiteSuffix(title: string, siteName: string | null): string {
  if (siteName === null) return title;
  const escaped = siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const stripped = title.replace(new RegExp(`\\s+[-|–—:·•/]{1,2}\\s+${escaped}$`, 'i'), '').trim();
  return stripped === '' ? title : stripped;
}

function readMetadata(document: DomDocument, fallbackUrl: string | undefined): PageMetadata {
  const meta = metaValues(document);
  const siteName = firstOf(meta, ['og:site_name']);

  const ogUrl = absoluteHttpUrl(firstOf(meta, ['og:url']), fallbackUrl ?? null);
  const canonicalHref = clean(document.querySelector('link[rel~="canonical"]')?.getAttribute('href'));
  const url = absoluteHttpUrl(canonicalHref, ogUrl ?? fallbackUrl ?? null) ?? ogUrl ?? absoluteHttpUrl(fallbackUrl ?? null);

  const published =
    firstOf(meta, PUBLISHED_META) ??
    itempropPublished(document) ??
    jsonLdPublished(document) ??
    articleTimePublished(document);

  return {
    ogTitle: firstOf(meta, ['og:title']),
    documentTitle: clean(document.querySelector('title')?.textContent),
    url,
    siteName,
    published,
  };
}

function sameText(a: string, b: string): boolean {
  const key = (s: string): string => collapseWhitespace(s).toLowerCase();
  return key(a) === key(b);
}

/** Drops a heading that merely repeats the title at the start of the text. */
function withoutLeadingTitle(blocks: Block[], title: string | null): Block[] {
  const first = blocks[0];
  if (title !== null && first !== undefined && first.heading && sameText(first.text, title)) return blocks.slice(1);
  return blocks;
}

/** Readability's pick, as plain paragraphs; empty when it found nothing usable. */
function readabilityBlocks(document: DomDocument): { blocks: Block[]; title: string | null; published: string | null } {
  try {
    const result = new Readability<DomNode>(document as never, { serializer: (node) => node as unknown as DomNode }).parse();
    if (result === null) return { blocks: [], title: null, published: null };
    const content = result.content;
    const blocks = content === null || content === undefined ? [] : collectBlocks(content, { skipFurniture: false, skipHeaders: false });
    return { blocks, title: clean(result.title), published: clean(result.publishedTime) };
  } catch {
    // Readability may refuse odd documents; the body fallback still applies.
    return { blocks: [], title: null, published: null };
  }
}

/** Class or id words of advertisement slots and bylines, which Readability keeps when they sit inside the story. */
const NOISE_WORD = /^(?:ads?|adverts?|advertisement|adsbygoogle|sponsored|ads?[-_][\w-]+|[\w-]+[-_]ads?|byline|dateline)$/i;

function isNoise(element: DomElement): boolean {
  const words = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`.split(/\s+/);
  return words.some((word) => word !== '' && NOISE_WORD.test(word));
}

/** Removes advertisement slots and bylines before the text is looked for. */
function removeNoise(document: DomDocument): void {
  const candidates = document.querySelectorAll('[class], [id]');
  const noisy: DomElement[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const element = candidates[i];
    if (element !== undefined && element.localName !== 'body' && element.localName !== 'html' && isNoise(element)) {
      noisy.push(element);
    }
  }
  for (const element of noisy) element.remove();
}

/**
 * Readability's own threshold: below it, its pick is unreliable (it may keep a menu and drop the story), so short
 * pages use the fallback.
 */
const READABILITY_MIN_CHARS = 500;

function textLength(blocks: readonly Block[]): number {
  return blocks.reduce((sum, block) => sum + block.text.length, 0);
}

/**
 * The text without Readability: the page's only `<article>`, else its `<main>`, else the body; navigation, asides
 * and footers are left out, and page headers too when the whole body is read.
 */
function fallbackBlocks(document: DomDocument): Block[] {
  const articles = document.querySelectorAll('article');
  const scoped = (articles.length === 1 ? articles[0] : undefined) ?? document.querySelector('main') ?? document.querySelector('[role="main"]');
  if (scoped !== null && scoped !== undefined) {
    const blocks = collectBlocks(scoped, { skipFurniture: true, skipHeaders: false });
    if (blocks.length > 0) return blocks;
  }
  const body = document.body;
  return body === null ? [] : collectBlocks(body, { skipFurniture: true, skipHeaders: true });
}

/** Above these sizes Readability (whose cost grows with depth and node count) is skipped for the body fallback. */
const READABILITY_MAX_DEPTH = 200;
const READABILITY_MAX_NODES = 400_000;

const NOTHING_PICKED = { blocks: [] as Block[], title: null, published: null };

/**
 * Parses an HTML page into a raw article. Metadata is read before Readability runs (Readability edits the document).
 * Advertisement slots and bylines (by class or id) are removed first. When Readability finds less than 500 characters
 * of text, the fallback reads the page's only `<article>`, else `<main>`, else the body, without navigation, asides,
 * footers (and site headers when reading the body), still one paragraph per block element; if that finds nothing,
 * Readability's short pick stays.
 * A heading at the start of the text that repeats the title is dropped (Readability does the same).
 *
 * Pathological documents degrade instead of hanging: nesting deeper than 200 elements or more than 200,000 elements
 * skip Readability (its cost grows with depth), and a document too deep for linkedom itself is read by a plain
 * linear tag scanner (text and `<title>` only).
 */
export function parseHtml(html: string, fallbackUrl?: string): RawArticle {
  try {
    return parseWithDom(html, fallbackUrl);
  } catch {
    // linkedom recurses on nesting depth in a few places; a document nested thousands deep ends up here.
    return parseWithoutDom(html, fallbackUrl);
  }
}

/** Void elements never hold children, so they do not add to the nesting. */
const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/**
 * An upper bound of the element nesting that parsing `html` produces: open tags not yet matched by a closing tag of
 * the same name, at their peak. Linear; script and style contents are skipped like the parser skips them.
 */
export function nestingUpperBound(html: string): number {
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/g;
  const open = new Map<string, number>();
  let depth = 0;
  let peak = 0;
  for (let match = tag.exec(html); match !== null; match = tag.exec(html)) {
    const name = (match[2] ?? '').toLowerCase();
    if (match[1] === '/') {
      const count = open.get(name) ?? 0;
      if (count > 0) {
        open.set(name, count - 1);
        depth--;
      }
      continue;
    }
    if (VOID_ELEMENTS.has(name)) continue;
    if (name === 'script' || name === 'style') {
      const close = new RegExp(`</${name}\\s*>`, 'gi');
      close.lastIndex = tag.lastIndex;
      const found = close.exec(html);
      if (found === null) break;
      tag.lastIndex = found.index + found[0].length;
      continue;
    }
    open.set(name, (open.get(name) ?? 0) + 1);
    depth++;
    if (depth > peak) peak = depth;
  }
  return peak;
}

/** linkedom's parsing slows down quadratically with nesting far beyond anything a real page has. */
const DOM_MAX_NESTING = 20_000;
/**
 * linkedom makes a node of every tag, every character reference and every stray '<', at a few microseconds each;
 * this bounds their number (a dense 10 MB page has well under a million).
 */
const DOM_MAX_MARKUP = 1_500_000;

function countMarkup(html: string): number {
  let count = 0;
  for (const char of ['<', '&']) {
    for (let i = html.indexOf(char); i !== -1; i = html.indexOf(char, i + 1)) count++;
  }
  return count;
}

/** Whether linkedom can parse the input in reasonable time. */
function domCanParse(html: string): boolean {
  return countMarkup(html) <= DOM_MAX_MARKUP && nestingUpperBound(html) <= DOM_MAX_NESTING;
}

function parseWithDom(html: string, fallbackUrl: string | undefined): RawArticle {
  if (!domCanParse(html)) return parseWithoutDom(html, fallbackUrl);
  const document = parseDocument(html);
  const metadata = readMetadata(document, fallbackUrl);
  const root = document.documentElement;
  const size = root === null ? { nodes: 0, depth: 0 } : measure(root);
  const readable = size.depth <= READABILITY_MAX_DEPTH && size.nodes <= READABILITY_MAX_NODES;
  removeNoise(document);
  const picked = readable ? readabilityBlocks(document) : NOTHING_PICKED;

  const rawTitle = metadata.ogTitle ?? picked.title ?? metadata.documentTitle;
  const title = rawTitle === null ? null : stripSiteSuffix(rawTitle, metadata.siteName);

  let blocks = picked.blocks;
  if (textLength(blocks) < READABILITY_MIN_CHARS) {
    // Readability rewrites the document it reads: when it ran, read the page again for the fallback.
    let fresh = document;
    if (readable) {
      fresh = parseDocument(html);
      removeNoise(fresh);
    }
    const fallback = fallbackBlocks(fresh);
    if (fallback.length > 0 || blocks.length === 0) blocks = fallback;
  }
  blocks = withoutLeadingTitle(blocks, title);

  return {
    title,
    text: joinBlocks(blocks),
    url: metadata.url,
    source: metadata.siteName ?? siteHost(metadata.url),
    published: metadata.published ?? picked.published,
  };
}

/** Elements whose content the tag scanner skips, up to their closing tag. */
const RAW_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'svg', 'math']);

/** The last resort: a linear scan over the tags, keeping the text, the paragraph structure and the `<title>`. */
function parseWithoutDom(html: string, fallbackUrl: string | undefined): RawArticle {
  const { blocks, title } = scanBlocks(html);
  const url = absoluteHttpUrl(fallbackUrl ?? null);
  return {
    title,
    text: joinBlocks(withoutLeadingTitle(blocks, title)),
    url,
    source: siteHost(url),
    published: null,
  };
}

function scanBlocks(html: string): { blocks: Block[]; title: string | null } {
  const out = new ParagraphCollector();
  const tagName = /<\/?([a-zA-Z][a-zA-Z0-9:-]*)/y;
  let title: string | null = null;
  let nextGt = html.indexOf('>');
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i) out.append(decodeEntities(html.slice(i, textEnd)));
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    tagName.lastIndex = lt;
    const match = tagName.exec(html);
    // Remembered between tags: looking it up again after every stray '<' would make the scan quadratic.
    if (nextGt !== -1 && nextGt < lt) nextGt = html.indexOf('>', lt);
    if (nextGt === -1) break;
    const gt = nextGt;
    if (match === null) {
      if (html[lt + 1] === '!' || html[lt + 1] === '?') {
        i = gt + 1; // doctype, processing instruction
      } else {
        out.append('<');
        i = lt + 1;
      }
      continue;
    }
    i = gt + 1;
    const name = (match[1] ?? '').toLowerCase();
    const closing = html[lt + 1] === '/';
    if (!closing && RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}\\s*>`, 'gi');
      close.lastIndex = i;
      const found = close.exec(html);
      const contentEnd = found === null ? html.length : found.index;
      if (name === 'title') title ??= clean(decodeEntities(html.slice(i, contentEnd)));
      i = found === null ? html.length : found.index + found[0].length;
    } else if (name === 'br') {
      out.lineBreak();
    } else if (BLOCKS.has(name)) {
      out.flush(closing && HEADINGS.has(name));
    } else if (CELLS.has(name)) {
      out.append(' ');
    }
  }
  out.flush();
  return { blocks: out.blocks, title };
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«',
  raquo: '»', lsaquo: '‹', rsaquo: '›', bull: '•', middot: '·', deg: '°', plusmn: '±', times: '×', divide: '÷',
  euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', shy: '\u00ad', iexcl: '¡', iquest: '¿',
  frac12: '½', frac14: '¼', frac34: '¾', sup2: '²', sup3: '³', micro: 'µ', dagger: '†', Dagger: '‡', prime: '′',
  Prime: '″', thinsp: '\u2009', ensp: '\u2002', emsp: '\u2003', zwj: '\u200d', zwnj: '\u200c',
};

/** Entities that HTML also accepts without the closing semicolon. */
const LEGACY_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

/** Decodes numeric character references and the common named entities; unknown names are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}))(;?)/g,
    (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined, semicolon: string) => {
      if (name !== undefined) {
        const value = NAMED_ENTITIES[name];
        return value !== undefined && (semicolon === ';' || LEGACY_ENTITIES.has(name)) ? value : whole;
      }
      const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : '\ufffd';
    },
  );
}
