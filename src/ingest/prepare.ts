import { createHash } from 'node:crypto';
import type { GuildScope, NewArticle, RawArticle } from '../domain/article.ts';
import { segment } from '../nlp/segment.ts';
import { shortenAtWord } from '../text/shorten.ts';
import { canonicalUrl, parseWebUrl } from './canonical-url.ts';
import { detectLanguage } from './language.ts';
import { duplicateKeyText, normalizeArticleText, normalizeLine } from './normalize.ts';
import { parsePublished } from './published.ts';

/** Long enough for any real headline; a title taken from a first paragraph is cut at a word near here. */
const MAX_TITLE_CHARACTERS = 200;
const ID_HEX_DIGITS = 12;

export interface PrepareContext {
  readonly guildId: GuildScope;
  /** The ingest time, which also stands in for a missing published time. */
  readonly now: Date;
  /** The Discord user adding the article, when one is. */
  readonly addedBy?: string;
}

export type PrepareResult =
  | { readonly ok: true; readonly article: NewArticle; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly reason: 'empty'; readonly detail: string };

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Turns what a reader found into a storable article: canonical text, a title, a published time, duplicate keys, an
 * id, its language and its paragraphs and sentences. Pure apart from hashing.
 */
export function prepareArticle(raw: RawArticle, context: PrepareContext): PrepareResult {
  const text = normalizeArticleText(raw.text);
  if (text === '') return { ok: false, reason: 'empty', detail: 'the article has no text' };
  const warnings: string[] = [];

  const segmentation = segment(text);
  const firstUnit = segmentation.paragraphs[0];
  const firstSentence = segmentation.sentences[0];
  // A heading or short first line is the headline; otherwise the first sentence of the first paragraph.
  const fallbackTitle =
    firstUnit && (firstUnit.kind === 'heading' || firstUnit.end - firstUnit.start <= MAX_TITLE_CHARACTERS)
      ? text.slice(firstUnit.start, firstUnit.end)
      : text.slice(firstSentence?.start ?? 0, firstSentence?.end ?? text.length);
  const givenTitle = raw.title === null ? '' : normalizeLine(raw.title);
  const title = shortenAtWord(givenTitle !== '' ? givenTitle : normalizeLine(fallbackTitle), MAX_TITLE_CHARACTERS);

  const url = parseWebUrl(raw.url);
  if (raw.url !== null && raw.url.trim() !== '' && url === null) warnings.push(`ignored url ${JSON.stringify(raw.url)}: not an http(s) address`);
  const canonical = url === null ? null : canonicalUrl(url);

  let publishedAt = raw.published === null || raw.published.trim() === '' ? null : parsePublished(raw.published);
  if (raw.published !== null && raw.published.trim() !== '' && publishedAt === null) {
    warnings.push(`ignored published time ${JSON.stringify(raw.published)}: not a date; using the ingest time`);
  }
  const publishedAtIsIngestTime = publishedAt === null;
  publishedAt ??= context.now.toISOString();

  const givenSource = raw.source === null ? '' : normalizeLine(raw.source);
  const source = givenSource !== '' ? givenSource : url !== null ? url.hostname.replace(/^www\./, '') : null;

  const contentHash = sha256Hex(duplicateKeyText(text)).slice(0, 32);
  const identity = `${context.guildId ?? ''}\n${canonical ?? `text:${contentHash}`}`;

  return {
    ok: true,
    warnings,
    article: {
      id: sha256Hex(identity).slice(0, ID_HEX_DIGITS),
      guildId: context.guildId,
      title,
      text,
      url: url === null ? null : url.href,
      canonicalUrl: canonical,
      source,
      publishedAt,
      publishedAtIsIngestTime,
      language: detectLanguage(text),
      ingestedAt: context.now.toISOString(),
      contentHash,
      addedBy: context.addedBy ?? null,
      segmentation,
    },
  };
}
