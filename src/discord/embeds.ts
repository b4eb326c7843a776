import { escapeMarkdown } from 'discord.js';
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { ArticleSummary } from '../domain/article.ts';
import type { Card } from '../render/card.ts';
import { shortenAtWord } from '../text/shorten.ts';

/** Discord's message and embed limits. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embedTotal: 6000,
  embedsPerMessage: 10,
  content: 2000,
} as const;

/** Embed colour for answers. */
const COLOUR = 0x2b6cb0;
/** Answers longer than this many pages are cut, with a note. */
export const MAX_PAGES = 10;
const SOURCES_BUDGET = 1800;

/**
 * Escapes text from articles so it renders literally: markdown (including headings, lists and masked links) and
 * mentions cannot be forged. Mentions also never ping, as every reply sets `allowedMentions: { parse: [] }`.
 */
export function escapeText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    .replace(/@(everyone|here)/gi, '@\u200b$1')
    .replace(/<(@[!&]?|#|\/|t:|a?:)/g, '<\u200b$1')
    .replace(/\]\(/g, ']\u200b(')
    .replace(/[[\]]/g, '\\$&')
    .replace(/^(\s*)>/gm, '$1\\>');
}


/** Splits raw text into pieces of at most `limit` characters: at sentence ends, then spaces, then anywhere. */
function splitRaw(text: string, limit: number): string[] {
  text = text.trim();
  if (text.length <= limit) return text.length > 0 ? [text] : [];
  const window = text.slice(0, limit);
  let cut = -1;
  const sentenceEnd = /[.!?…]["”’)]?\s/g;
  for (let match = sentenceEnd.exec(window); match; match = sentenceEnd.exec(window)) cut = match.index + match[0].length;
  if (cut < limit / 3) {
    const space = window.lastIndexOf(' ');
    cut = space > limit / 3 ? space + 1 : limit;
  }
  return [text.slice(0, cut).trimEnd(), ...splitRaw(text.slice(cut).trimStart(), limit)].filter((piece) => piece.length > 0);
}

/** Escapes a line and splits it so each escaped piece is at most `limit` characters. */
export function escapedPieces(raw: string, limit: number): string[] {
  const out: string[] = [];
  for (const piece of splitRaw(raw, limit)) {
    const escaped = escapeText(piece);
    if (escaped.length <= limit) out.push(escaped);
    else if (piece.length <= 1) out.push(escaped.slice(0, limit));
    else out.push(...escapedPieces(piece, Math.max(1, Math.floor(piece.length / 2))).flatMap((p) => (p.length <= limit ? [p] : [p.slice(0, limit)])));
  }
  return out;
}

/** Packs lines into blocks of at most `limit` characters joined by newlines. */
function packLines(lines: readonly string[], limit: number): string[] {
  const blocks: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current.length === 0) current = line;
    else if (current.length + 1 + line.length <= limit) current += `\n${line}`;
    else {
      blocks.push(current);
      current = line;
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

/** A link Discord will render and nobody can break out of: http(s) only, parentheses and spaces encoded. */
export function safeUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, '%20');
  } catch {
    return null;
  }
}

/** One source as a markdown line: "[1] [Title](url) (Source, 2026-11-26)". */
export function sourceLine(article: ArticleSummary, index: number): string {
  const meta = [article.source, article.publishedAt.slice(0, 10)].filter((part): part is string => part !== null).join(', ');
  const title = escapeText(shortenAtWord(article.title, 200));
  const url = safeUrl(article.url);
  const link = url === null ? title : `[${title}](${url})`;
  return `\\[${index + 1}\\] ${link} (${escapeText(meta)})`;
}

function sourceFields(sources: readonly ArticleSummary[], firstIndex = 0): APIEmbedField[] {
  const lines: string[] = [];
  let used = 0;
  for (const [index, article] of sources.entries()) {
    const line = shortenAtWord(sourceLine(article, firstIndex + index), LIMITS.fieldValue);
    if (used + line.length > SOURCES_BUDGET) break;
    lines.push(line);
    used += line.length + 1;
  }
  return packLines(lines, LIMITS.fieldValue)
    .slice(0, 3)
    .map((value, index) => ({ name: index === 0 ? 'Sources' : 'Sources (continued)', value }));
}

function plainFields(card: Card, skipSources: boolean): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  for (const field of card.fields) {
    if (skipSources && field.name === 'Sources') continue;
    const name = shortenAtWord(escapeText(field.name), LIMITS.fieldName);
    const lines = field.value.flatMap((line) => escapedPieces(line, LIMITS.fieldValue));
    for (const value of packLines(lines, LIMITS.fieldValue)) fields.push({ name, value });
  }
  return fields.slice(0, 5);
}

export interface RenderOptions {
  /** The answer's articles; given, the card's "Sources" field is rendered as links. */
  readonly sources?: readonly ArticleSummary[];
  /** At most this many card lines per page (e.g. search results); by default pages are as full as limits allow. */
  readonly linesPerPage?: number;
}

/** The total characters Discord counts towards an embed's 6000. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/**
 * A card as pages of one embed each, every one within Discord's limits. Long answers are split between lines, or
 * within a line at sentence or word boundaries; sources are repeated on every page.
 */
export function cardToEmbeds(card: Card, options: RenderOptions = {}): APIEmbed[] {
  const title = shortenAtWord(escapeText(card.title), LIMITS.title);
  const { sources, linesPerPage } = options;
  const extraFields = plainFields(card, sources !== undefined);
  // Paged by line count, line i refers to sources[i]: each page lists its own sources.
  const groups: { lines: readonly string[]; fields: APIEmbedField[] }[] =
    linesPerPage === undefined
      ? [{ lines: card.lines, fields: [...extraFields, ...(sources ? sourceFields(sources) : [])] }]
      : Array.from({ length: Math.max(1, Math.ceil(card.lines.length / linesPerPage)) }, (_, i) => ({
          lines: card.lines.slice(i * linesPerPage, (i + 1) * linesPerPage),
          fields: [...extraFields, ...(sources ? sourceFields(sources.slice(i * linesPerPage, (i + 1) * linesPerPage), i * linesPerPage) : [])],
        }));
  const footerBase = card.footer === undefined ? '' : shortenAtWord(card.footer, 1900);
  const pageNote = ' · page 99/99 (answer cut)';
  const pages: { description: string; fields: APIEmbedField[] }[] = [];
  for (const group of groups) {
    const fields = group.fields.slice(0, LIMITS.fields);
    const fixed = title.length + footerBase.length + pageNote.length + fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    const budget = Math.max(200, Math.min(LIMITS.description, LIMITS.embedTotal - fixed - 10));
    const blocks = packLines(group.lines.flatMap((line) => escapedPieces(line, budget)), budget);
    if (blocks.length === 0) blocks.push('');
    for (const description of blocks) pages.push({ description, fields });
  }
  const shown = pages.slice(0, MAX_PAGES);
  const cut = pages.length > MAX_PAGES;
  return shown.map(({ description, fields }, index) => {
    const parts = [footerBase, shown.length > 1 ? `page ${index + 1}/${shown.length}${cut ? ' (answer cut)' : ''}` : ''].filter((p) => p.length > 0);
    const embed: APIEmbed = { title, color: COLOUR };
    if (description.length > 0) embed.description = description;
    if (fields.length > 0) embed.fields = fields;
    if (parts.length > 0) embed.footer = { text: parts.join(' · ') };
    return embed;
  });
}
