/**
 * JSON articles: one object per article, with the fields
 *
 *     { "title": "…", "text": "…", "url": "…", "source": "…", "publishedAt": "2024-03-02T08:00:00Z" }
 *
 * `text` is required; the others may be missing or null. `published` is accepted for `publishedAt`. Other keys are
 * ignored. A `.json` document holds one such object or an array of them; a `.jsonl` line holds one object.
 */
import type { RawArticle } from '../../domain/article.ts';

export interface JsonReject {
  readonly ok: false;
  readonly reason: 'empty' | 'parse_error';
  readonly detail: string;
}

export interface JsonDocumentItem {
  /** Position in the top-level array; `null` when the document is a single object. */
  readonly index: number | null;
  readonly result: RawArticle | JsonReject;
}

export type JsonDocumentResult = JsonReject | { readonly ok: true; readonly items: readonly JsonDocumentItem[] };

export function isJsonReject(value: RawArticle | JsonReject): value is JsonReject {
  return 'ok' in value && value.ok === false;
}

function reject(reason: JsonReject['reason'], detail: string): JsonReject {
  return { ok: false, reason, detail };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** One article object. Wrong types are `parse_error`s; a missing or blank `text` is `empty`. */
export function parseJsonArticle(value: unknown): RawArticle | JsonReject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('parse_error', `expected an article object, got ${describe(value)}`);
  }
  const fields = value as Record<string, unknown>;

  const optional: Record<'title' | 'url' | 'source' | 'publishedAt' | 'published', string | null> = {
    title: null,
    url: null,
    source: null,
    publishedAt: null,
    published: null,
  };
  for (const key of Object.keys(optional) as (keyof typeof optional)[]) {
    const field = fields[key];
    if (field === undefined || field === null) continue;
    if (typeof field !== 'string') return reject('parse_error', `${key} must be a string, got ${describe(field)}`);
    optional[key] = field.trim() === '' ? null : field.trim();
  }

  const text = fields['text'];
  if (text !== undefined && text !== null && typeof text !== 'string') {
    return reject('parse_error', `text must be a string, got ${describe(text)}`);
  }
  if (text === undefined || text === null) return reject('empty', 'text is missing');
  if (text.trim() === '') return reject('empty', 'text is blank');

  return {
    title: optional.title,
    text,
    url: optional.url,
    source: optional.source,
    published: optional.publishedAt ?? optional.published,
  };
}

function parseError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A `.json` document: one article object, or an array of them (each judged on its own). */
export function parseJsonDocument(text: string): JsonDocumentResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return reject('parse_error', `invalid JSON: ${parseError(error)}`);
  }
  if (Array.isArray(data)) {
    if (data.length === 0) return reject('empty', 'the array holds no articles');
    return { ok: true, items: data.map((element: unknown, index) => ({ index, result: parseJsonArticle(element) })) };
  }
  if (typeof data !== 'object' || data === null) {
    return reject('parse_error', `expected an article object or an array of them, got ${describe(data)}`);
  }
  return { ok: true, items: [{ index: null, result: parseJsonArticle(data) }] };
}

/** One `.jsonl` line (already known not to be blank). */
export function parseJsonLine(line: string): RawArticle | JsonReject {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    return reject('parse_error', `invalid JSON: ${parseError(error)}`);
  }
  return parseJsonArticle(data);
}
