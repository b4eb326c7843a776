/**
 * Plain text and Markdown files to raw articles.
 *
 * Both may start with a YAML front matter block:
 *
 *     ---
 *     title: Harbour strike ends
 *     url: https://example.org/harbour
 *     source: Example Gazette
 *     published: 2024-03-02T08:00:00Z    # or publishedAt
 *     ---
 *
 * Unknown keys are ignored. A block that does not parse as a YAML mapping, or a known key whose value is not a
 * scalar, is a `FrontMatterError`. Without a closing `---` (or `...`) line, the opening line is ordinary text.
 */
import { marked } from 'marked';
import type { Token, Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import type { RawArticle } from '../../domain/article.ts';
import { decodeEntities, htmlFragmentToText } from './html.ts';

/** The front matter is not valid YAML, or not a mapping, or a known key has the wrong kind of value. */
export class FrontMatterError extends Error {
  override readonly name = 'FrontMatterError';
}

export interface FrontMatter {
  readonly title: string | null;
  readonly url: string | null;
  readonly source: string | null;
  readonly published: string | null;
}

const NO_FRONT_MATTER: FrontMatter = { title: null, url: null, source: null, published: null };

/** Front matter fields and the rest of the text (the body, exactly as written after the closing line). */
export function splitFrontMatter(text: string): { frontMatter: FrontMatter; body: string } {
  const opening = /^---[ \t]*\r?\n/.exec(text);
  if (opening === null) return { frontMatter: NO_FRONT_MATTER, body: text };
  const closing = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  const rest = text.slice(opening[0].length);
  const end = closing.exec(rest);
  if (end === null) return { frontMatter: NO_FRONT_MATTER, body: text };
  const yaml = rest.slice(0, end.index);
  const body = rest.slice(end.index + end[0].length);
  return { frontMatter: readFrontMatter(yaml), body };
}

function readFrontMatter(yaml: string): FrontMatter {
  let data: unknown;
  try {
    // logLevel 'error': errors still throw, warnings (an unknown tag, say) are not printed.
    data = parseYaml(yaml, { logLevel: 'error' });
  } catch (error) {
    const message = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)).replace(/:$/, '');
    throw new FrontMatterError(`front matter is not valid YAML: ${message}`);
  }
  if (data === null || data === undefined) return NO_FRONT_MATTER;
  if (typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    throw new FrontMatterError('front matter must be a mapping of keys to values');
  }
  const fields = data as Record<string, unknown>;
  return {
    title: scalar(fields, 'title'),
    url: scalar(fields, 'url'),
    source: scalar(fields, 'source'),
    published: scalar(fields, 'publishedAt') ?? scalar(fields, 'published'),
  };
}

/** A known key's value as text; YAML dates (YAML 1.1 timestamps) become ISO 8601 again. */
function scalar(fields: Record<string, unknown>, key: string): string | null {
  const value = fields[key];
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new FrontMatterError(`front matter ${key} is not a valid date`);
    return value.toISOString();
  }
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new FrontMatterError(`front matter ${key} must be text, not ${Array.isArray(value) ? 'a list' : 'structured data'}`);
}

/** A `.txt` file: optional front matter, then the body exactly as written. */
export function parsePlainText(text: string): RawArticle {
  const { frontMatter, body } = splitFrontMatter(text);
  return { ...frontMatter, text: body };
}

/**
 * A `.md` file: optional front matter, then Markdown turned into plain text. Blocks (headings, paragraphs, lists,
 * quotes, code, tables) are separated by a blank line; list items and table rows get a line each; inline markup is
 * removed, links keep their text, images are dropped, HTML keeps only its text.
 *
 * Title: the front matter's, else a level-1 heading that opens the document. That heading is taken out of the body,
 * and so is an opening level-1 heading that repeats the front matter's title, so the title is not stored twice (the
 * HTML reader behaves the same way). Any other heading stays in the body as a paragraph of its own.
 */
export function parseMarkdown(text: string): RawArticle {
  const { frontMatter, body } = splitFrontMatter(text);
  const tokens = marked.lexer(body);

  let title = frontMatter.title;
  const firstIndex = tokens.findIndex((token) => token.type !== 'space' && !isHtmlComment(token));
  const first = tokens[firstIndex];
  if (first !== undefined && first.type === 'heading' && (first as Tokens.Heading).depth === 1) {
    const heading = inlineText((first as Tokens.Heading).tokens).trim();
    if (title === null && heading !== '') title = heading;
    if (title !== null && sameText(heading, title)) tokens.splice(firstIndex, 1);
  }

  return { ...frontMatter, title, text: blocksText(tokens).join('\n\n') };
}

function sameText(a: string, b: string): boolean {
  const key = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return key(a) === key(b);
}

function isHtmlComment(token: Token): boolean {
  return token.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test((token as Tokens.HTML).text);
}

/** The plain paragraphs of a sequence of block tokens. */
function blocksText(tokens: readonly Token[]): string[] {
  const blocks: string[] = [];
  const push = (text: string): void => {
    const trimmed = text.replace(/^\n+|\s+$/g, '');
    if (trimmed.trim() !== '') blocks.push(trimmed);
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
      case 'paragraph':
        push(inlineText((token as Tokens.Heading | Tokens.Paragraph).tokens));
        break;
      case 'text': {
        const textToken = token as Tokens.Text;
        push(textToken.tokens === undefined ? decodeEntities(textToken.text) : inlineText(textToken.tokens));
        break;
      }
      case 'code':
        push((token as Tokens.Code).text);
        break;
      case 'blockquote':
        for (const block of blocksText((token as Tokens.Blockquote).tokens)) push(block);
        break;
      case 'list':
        push(listLines(token as Tokens.List).join('\n'));
        break;
      case 'table': {
        const table = token as Tokens.Table;
        const rows = [table.header, ...table.rows].map((cells) => cells.map((cell) => inlineText(cell.tokens).trim()));
        push(rows.map((cells) => cells.join(' | ')).join('\n'));
        break;
      }
      case 'html':
        for (const block of htmlFragmentToText((token as Tokens.HTML).text).split('\n\n')) push(block);
        break;
      default:
        // space, hr, def (link definitions) and unknown extensions carry no text.
        break;
    }
  }
  return blocks;
}

/** One line per list item, nested lists included; a loose item's paragraphs share its line. */
function listLines(list: Tokens.List): string[] {
  const lines: string[] = [];
  for (const item of list.items) {
    const own: string[] = [];
    const nested: string[] = [];
    for (const token of item.tokens) {
      if (token.type === 'list') nested.push(...listLines(token as Tokens.List));
      else own.push(...blocksText([token]));
    }
    const line = own.join(' ').replace(/\s*\n\s*/g, ' ').trim();
    if (line !== '') lines.push(line);
    lines.push(...nested);
  }
  return lines;
}

/** CJK scripts are written without spaces, so a soft line break between two of their characters joins them. */
const CJK_SOFT_BREAK = /([\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])\n(?=[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef])/g;

/**
 * Plain text of inline tokens: soft line breaks become spaces, hard breaks (`<br>`, two trailing spaces) stay, and the
 * runs of spaces left where markup was dropped are collapsed.
 */
function inlineText(tokens: readonly Token[] | undefined): string {
  return inlineParts(tokens).replace(/[ \t]{2,}/g, ' ');
}

function inlineParts(tokens: readonly Token[] | undefined): string {
  if (tokens === undefined) return '';
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'escape': {
        const textToken = token as Tokens.Text | Tokens.Escape;
        const nested = 'tokens' in textToken ? textToken.tokens : undefined;
        out += nested !== undefined ? inlineParts(nested) : softBreaks(decodeEntities(textToken.text));
        break;
      }
      case 'strong':
      case 'em':
      case 'del':
      case 'link':
        out += inlineParts((token as Tokens.Strong | Tokens.Em | Tokens.Del | Tokens.Link).tokens);
        break;
      case 'codespan':
        out += (token as Tokens.Codespan).text;
        break;
      case 'br':
        out += '\n';
        break;
      case 'html':
        if (/^<br\s*\/?>$/i.test((token as Tokens.Tag).text)) out += '\n';
        break;
      default:
        // image, inline html and unknown extensions carry no text.
        break;
    }
  }
  return out;
}

function softBreaks(text: string): string {
  return text.replace(CJK_SOFT_BREAK, '$1').replace(/[ \t]*\n[ \t]*/g, ' ');
}
