import { articleOverview } from '../answers/article-overview.ts';
import type { ArticleOverview } from '../answers/article-overview.ts';
import type { ArticleSummary, RawArticle } from '../domain/article.ts';
import { UserFacingError } from '../errors.ts';
import { groupArticle } from '../events/assign.ts';
import { prepareArticle } from '../ingest/prepare.ts';
import { documentSizeLimit, formatBytes, readDocument, SINGLE_ARTICLE_EXTENSIONS, type RejectReason } from '../ingest/sources.ts';
import { decodeText } from '../ingest/decode.ts';
import { parseHtml } from '../ingest/formats/html.ts';
import type { FetchPage } from '../net/safe-fetch.ts';
import { analyzeArticle, ANALYSIS_VERSION } from '../nlp/pipeline.ts';
import type { ArticleStore } from '../store/article-store.ts';

/** What a person hands over: text pasted into a form, a file, or a link to a web page. */
export type ArticleDocument =
  | {
      readonly kind: 'pasted';
      readonly title: string;
      readonly text: string;
      readonly url: string | null;
      readonly source: string | null;
      readonly published: string | null;
    }
  | {
      readonly kind: 'file';
      readonly filename: string;
      /** As declared by the sender, checked before anything is read. */
      readonly size: number;
      /** Reads the file, failing beyond `maxBytes`. */
      read(maxBytes: number): Promise<Uint8Array>;
    }
  | {
      readonly kind: 'link';
      /** The address as the person gave it. */
      readonly url: string;
      /** The safe fetcher (public addresses only, size and time limits); its errors are safe to show. */
      readonly fetchPage: FetchPage;
    };

export interface AddArticleDeps {
  readonly store: ArticleStore;
  readonly clock: () => Date;
  readonly limits: { readonly maxArticleBytes: number };
}

export interface ArticleOwner {
  readonly guildId: string;
  readonly userId: string;
}

export interface AddedArticle {
  readonly status: 'added' | 'duplicate';
  readonly article: ArticleSummary;
  /** What the analysis found, to show the person what was understood. */
  readonly overview: ArticleOverview;
  /** Fields of the input that were ignored (a date or address that could not be read). */
  readonly warnings: readonly string[];
}

/** How much of the analysis the confirmation shows. */
export const OVERVIEW_SIZE = { sentences: 4, quotes: 5, dates: 6 } as const;

const ACCEPTED = SINGLE_ARTICLE_EXTENSIONS.join(', ');

/** Why a document was refused, in words the person who sent it can act on. */
function refusal(reason: RejectReason, detail: string): string {
  switch (reason) {
    case 'empty':
      return `There is no article text in it (${detail}).`;
    case 'binary':
      return `That file is not text (${detail}). Attach the article as a ${ACCEPTED} file.`;
    case 'undecodable':
      return `I could not read its text (${detail}); save it as UTF-8 and try again.`;
    case 'too_large':
      return `That is too long: ${detail}. Split it, or ask the operator to ingest it from the command line.`;
    case 'unsupported':
      return `I can only add ${ACCEPTED} files (${detail}).`;
    case 'parse_error':
      return `I could not read that file: ${detail}.`;
  }
}

async function rawArticleOf(document: ArticleDocument, limits: AddArticleDeps['limits']): Promise<RawArticle> {
  if (document.kind === 'pasted') {
    return { title: document.title, text: document.text, url: document.url, source: document.source, published: document.published };
  }
  if (document.kind === 'link') return rawArticleOfPage(document);
  // Type and size are checked on what the sender declared, so a refused file is never downloaded.
  const cap = documentSizeLimit(document.filename, limits);
  if (cap === null) throw new UserFacingError(refusal('unsupported', `“${document.filename.slice(0, 80)}”`));
  if (document.size > cap) throw new UserFacingError(refusal('too_large', `the file is ${formatBytes(document.size)}, more than ${formatBytes(cap)}`));
  const item = readDocument(document.filename, await document.read(cap), limits);
  if (!item.ok) throw new UserFacingError(refusal(item.reason, item.detail));
  return item.article;
}

/** A linked page whose article text is shorter than this is taken for a page without an article (a gallery, a menu). */
const MIN_PAGE_ARTICLE_CHARACTERS = 80;

/** Media types read as a web page; a page served without a type is tried as HTML too. */
const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Fetches a linked page (the fetcher refuses private addresses on every redirect, and caps size and time) and reads its
 * article as `newsbot ingest` reads an .html file; the final address, after redirects, is the article's link unless the
 * page names a canonical one.
 */
async function rawArticleOfPage(document: Extract<ArticleDocument, { kind: 'link' }>): Promise<RawArticle> {
  const page = await document.fetchPage(document.url);
  if (page.status !== 'ok') throw new Error('the fetcher answered “not modified” to an unconditional request');
  const host = new URL(page.url).host;
  const [mediaType = '', ...parameters] = (page.contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== '' && !PAGE_TYPES.has(mediaType)) {
    throw new UserFacingError(`That link is not a web page (${host} sent ${mediaType.slice(0, 60)}). Link to the article’s page, or attach the file.`);
  }
  const html = decodePage(page.body, parameters);
  if (!html.ok) {
    throw new UserFacingError(
      html.reason === 'empty' ? refusal('empty', `the page at ${host} is empty`) : `I could not read the page at ${host} as text (${html.detail}).`,
    );
  }
  const raw = parseHtml(html.text, page.url);
  // A page without an article still has words (a menu, a caption) that the reader may fall back to: too few to be news.
  if (raw.text.replace(/\s+/g, ' ').trim().length < MIN_PAGE_ARTICLE_CHARACTERS) {
    throw new UserFacingError(refusal('empty', `the page at ${host} has no article text newsbot can find`));
  }
  return raw;
}

/** The page's text: in the charset its Content-Type names when Node can decode it, else as files are decoded. */
function decodePage(body: Uint8Array, contentTypeParameters: readonly string[]): ReturnType<typeof decodeText> {
  const charset = contentTypeParameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (charset !== undefined && !/^utf-?8$/.test(charset) && body.length > 0) {
    try {
      const text = new TextDecoder(charset, { fatal: true }).decode(body);
      if (text.trim() !== '') return { ok: true, text };
    } catch {
      // An unknown label or bytes that are not in that charset: fall back to UTF-8 / windows-1252 below.
    }
  }
  return decodeText(body);
}

/**
 * Adds one article to a server's own collection: read, prepared and analysed exactly as `newsbot ingest` does, and
 * stored privately to that server with who added it. An article the server can already see is not stored twice.
 */
export async function addArticle(deps: AddArticleDeps, document: ArticleDocument, owner: ArticleOwner): Promise<AddedArticle> {
  const raw = await rawArticleOf(document, deps.limits);
  const bytes = Buffer.byteLength(raw.text, 'utf8');
  if (bytes > deps.limits.maxArticleBytes) {
    throw new UserFacingError(refusal('too_large', `${formatBytes(bytes)} of text, more than ${formatBytes(deps.limits.maxArticleBytes)}`));
  }
  const prepared = prepareArticle(raw, { guildId: owner.guildId, now: deps.clock(), addedBy: owner.userId });
  if (!prepared.ok) throw new UserFacingError(refusal(prepared.reason, prepared.detail));
  const { article } = prepared;
  const [outcome] = await deps.store.saveArticles([
    { article, analysis: analyzeArticle(article, { title: article.title }), analysisVersion: ANALYSIS_VERSION },
  ]);
  if (!outcome) throw new Error('the store returned no outcome for a saved article');
  if (outcome.status === 'added') await groupArticle(deps.store, outcome.id, owner.guildId);
  const overview = await articleOverview(deps.store, outcome.id, owner.guildId, OVERVIEW_SIZE);
  if (!overview) throw new Error(`article ${outcome.id} was saved but cannot be read back`);
  return { status: outcome.status, article: overview.article, overview, warnings: prepared.warnings };
}
