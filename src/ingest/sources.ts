/**
 * Reads the inputs named on the command line (files, folders, `-` for standard input) into raw articles, one item
 * per article or per problem. Bad input never throws out of `readInputs`: every problem becomes a rejected item and
 * reading goes on with the next input.
 *
 * Labels say where an item came from: the path as given (joined with the path inside a folder), `path:LINE` for a
 * JSON Lines line (1-based), `path[INDEX]` for an element of a JSON array (0-based); standard input is `-`, `-:LINE`
 * and `-[INDEX]` likewise.
 *
 * Sizes are checked before anything is read, so a huge file costs one `stat`:
 * - `.txt`, `.md`: at most `maxArticleBytes`; `.html`: 5 ×; `.json`: 64 ×;
 * - `.jsonl` is streamed line by line, with each line at most 2 × `maxArticleBytes` (longer lines are skipped
 *   without being held in memory);
 * - standard input is read up to 64 × `maxArticleBytes`, then the limit of the format it turns out to be applies;
 * - whatever the format, an article whose text is longer than `maxArticleBytes` (UTF-8) is `too_large`.
 */
import { createReadStream, readFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { RawArticle } from '../domain/article.ts';
import { decodeText } from './decode.ts';
import { parseHtml } from './formats/html.ts';
import { isJsonReject, parseJsonDocument, parseJsonLine } from './formats/json.ts';
import type { JsonDocumentResult, JsonReject } from './formats/json.ts';
import { parseMarkdown, parsePlainText } from './formats/text.ts';

export type RejectReason = 'empty' | 'binary' | 'undecodable' | 'too_large' | 'unsupported' | 'parse_error';

export type InputItem =
  | { readonly label: string; readonly ok: true; readonly article: RawArticle }
  | { readonly label: string; readonly ok: false; readonly reason: RejectReason; readonly detail: string };

export interface InputLimits {
  /** The largest article text accepted, in UTF-8 bytes; the file size limits derive from it. */
  readonly maxArticleBytes: number;
}

type Format = 'text' | 'markdown' | 'html' | 'json' | 'jsonl';

const FORMATS: ReadonlyMap<string, Format> = new Map([
  ['.txt', 'text'],
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.json', 'json'],
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
]);

/** Largest input of each format, as a multiple of `maxArticleBytes` (pages and JSON carry markup or many articles). */
const SIZE_FACTOR: Readonly<Record<Format, number>> = { text: 1, markdown: 1, html: 5, json: 64, jsonl: 64 };
const JSONL_LINE_FACTOR = 2;
const STDIN_FACTOR = 64;
const SNIFF_BYTES = 8 * 1024;

export async function* readInputs(
  paths: readonly string[],
  limits: InputLimits,
  stdin?: NodeJS.ReadableStream,
): AsyncGenerator<InputItem> {
  for (const path of paths) {
    if (path === '-') yield* guarded('-', readStdin(stdin ?? process.stdin, limits));
    else yield* guarded(path, readPath(path, limits));
  }
}

function rejected(label: string, reason: RejectReason, detail: string): InputItem {
  return { label, ok: false, reason, detail };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Passes the items through; an exception ends that input only, as one rejected item: `unsupported` for a file system
 * error (the file vanished, cannot be opened), `parse_error` for anything else.
 */
async function* guarded(label: string, items: AsyncIterable<InputItem>): AsyncGenerator<InputItem> {
  try {
    yield* items;
  } catch (error) {
    if (isFileSystemError(error)) yield rejected(label, 'unsupported', fileSystemProblem(error));
    else yield rejected(label, 'parse_error', messageOf(error));
  }
}

function isFileSystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code) && 'syscall' in error;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function fileSystemProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return `cannot be read (${code ?? messageOf(error)})`;
}

async function* readPath(path: string, limits: InputLimits, visited = new Set<string>()): AsyncGenerator<InputItem> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    yield rejected(path, 'unsupported', fileSystemProblem(error));
    return;
  }
  if (stats.isDirectory()) yield* walkFolder(path, limits, visited);
  else if (stats.isFile()) yield* guarded(path, readFile(path, stats.size, limits));
  else yield rejected(path, 'unsupported', 'not a regular file or folder');
}

/**
 * Depth-first in name order; names starting with a dot are skipped. Symbolic links are followed, but a folder that
 * was already visited (by its real path) is not entered again, so link loops end.
 */
async function* walkFolder(folder: string, limits: InputLimits, visited: Set<string>): AsyncGenerator<InputItem> {
  let names: string[];
  try {
    const real = await realpath(folder);
    if (visited.has(real)) return;
    visited.add(real);
    names = (await readdir(folder)).filter((name) => !name.startsWith('.'));
  } catch (error) {
    yield rejected(folder, 'unsupported', `folder ${fileSystemProblem(error)}`);
    return;
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) yield* readPath(join(folder, name), limits, visited);
}

async function* readFile(path: string, size: number, limits: InputLimits): AsyncGenerator<InputItem> {
  const extension = extname(path).toLowerCase();
  const format = FORMATS.get(extension);
  if (format === undefined) {
    yield rejected(path, 'unsupported', extension === '' ? 'file has no extension' : `unsupported file type "${extension}"`);
    return;
  }
  if (format === 'jsonl') {
    yield* readJsonLines(path, size, limits);
    return;
  }
  const cap = SIZE_FACTOR[format] * limits.maxArticleBytes;
  if (size > cap) {
    yield rejected(path, 'too_large', `file is ${formatBytes(size)}, more than the ${formatBytes(cap)} limit for ${extension} files`);
    return;
  }
  const bytes = readSmallFile(path, cap);
  if (bytes === null) {
    yield rejected(path, 'too_large', `file grew past the ${formatBytes(cap)} limit for ${extension} files while read`);
    return;
  }
  yield* itemsFromBytes(format, bytes, path, limits);
}

function* itemsFromBytes(format: Exclude<Format, 'jsonl'>, bytes: Uint8Array, label: string, limits: InputLimits): Generator<InputItem> {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    yield rejected(label, decoded.reason, decoded.detail);
    return;
  }
  yield* parseText(format, decoded.text, label, limits);
}

/** The file types that hold exactly one article, which a person may hand over one at a time (a Discord attachment). */
export const SINGLE_ARTICLE_EXTENSIONS: readonly string[] = ['.txt', '.md', '.markdown', '.html', '.htm'];

/** The largest single-article document of this name accepted, in bytes; null when the type is not accepted. */
export function documentSizeLimit(name: string, limits: InputLimits): number | null {
  const extension = extname(name).toLowerCase();
  const format = FORMATS.get(extension);
  if (format === undefined || !SINGLE_ARTICLE_EXTENSIONS.includes(extension)) return null;
  return SIZE_FACTOR[format] * limits.maxArticleBytes;
}

/**
 * One article from a document already in memory, its format told by its name's extension: the same checks and
 * readers as files on disk, for .txt, .md and .html.
 */
export function readDocument(name: string, bytes: Uint8Array, limits: InputLimits): InputItem {
  const extension = extname(name).toLowerCase();
  const format = FORMATS.get(extension);
  const cap = documentSizeLimit(name, limits);
  if (format === undefined || format === 'jsonl' || cap === null) {
    return rejected(name, 'unsupported', extension === '' ? 'file has no extension' : `unsupported file type "${extension}"`);
  }
  if (bytes.length > cap) {
    return rejected(name, 'too_large', `file is ${formatBytes(bytes.length)}, more than the ${formatBytes(cap)} limit for ${extension} files`);
  }
  try {
    const [item] = [...itemsFromBytes(format, bytes, name, limits)];
    return item ?? rejected(name, 'empty', 'the file holds no article');
  } catch (error) {
    return rejected(name, 'parse_error', messageOf(error));
  }
}

/**
 * The bytes of a file already measured to be at most `cap` (a few megabytes at most), or null when it grew past it.
 * Read synchronously: for files of a few kilobytes, the thread-pool round trips of an asynchronous read cost twenty
 * times the read itself, and this runs in batch ingest, not on a bot's event loop.
 */
function readSmallFile(path: string, cap: number): Buffer | null {
  const bytes = readFileSync(path);
  return bytes.length > cap ? null : bytes;
}

/** The file's bytes, or null when it holds more than `cap` (it may have grown since it was measured). */
async function readUpTo(path: string, cap: number): Promise<Buffer | null> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(1024 * 1024, cap + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > cap) return null;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** Parses decoded text of a known format into items (JSON documents may give several). */
function* parseText(format: Exclude<Format, 'jsonl'>, text: string, label: string, limits: InputLimits): Generator<InputItem> {
  switch (format) {
    case 'text':
      yield accepted(label, parsePlainText(text), limits, 'no text after the front matter');
      return;
    case 'markdown':
      yield accepted(label, parseMarkdown(text), limits, 'no text after the front matter and title');
      return;
    case 'html':
      yield accepted(label, parseHtml(text), limits, 'no article text found in the page');
      return;
    case 'json':
      yield* jsonDocumentItems(label, parseJsonDocument(text), limits);
      return;
  }
}

function* jsonDocumentItems(label: string, document: JsonDocumentResult, limits: InputLimits): Generator<InputItem> {
  if (!document.ok) {
    yield rejected(label, document.reason, document.detail);
    return;
  }
  for (const { index, result } of document.items) {
    yield fromJson(index === null ? label : `${label}[${index}]`, result, limits);
  }
}

function fromJson(label: string, result: RawArticle | JsonReject, limits: InputLimits): InputItem {
  return isJsonReject(result) ? rejected(label, result.reason, result.detail) : accepted(label, result, limits, 'text is blank');
}

/** The article, unless its text is blank or longer than the limit. */
function accepted(label: string, article: RawArticle, limits: InputLimits, emptyDetail: string): InputItem {
  if (!/\S/.test(article.text)) return rejected(label, 'empty', emptyDetail);
  const bytes = Buffer.byteLength(article.text, 'utf8');
  if (bytes > limits.maxArticleBytes) {
    return rejected(label, 'too_large', `text is ${formatBytes(bytes)}, more than the ${formatBytes(limits.maxArticleBytes)} limit`);
  }
  return { label, ok: true, article };
}

/** One JSON Lines line: blank lines give nothing. */
function jsonLineItem(label: string, bytes: Uint8Array, limits: InputLimits): InputItem | null {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded.reason === 'empty' ? null : rejected(label, decoded.reason, decoded.detail);
  return fromJson(label, parseJsonLine(decoded.text), limits);
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * Streams a JSON Lines file. Lines are split on the raw bytes, so a line longer than the limit is dropped as it
 * streams past instead of being held whole in memory (which `node:readline` would do).
 */
async function* readJsonLines(path: string, size: number, limits: InputLimits): AsyncGenerator<InputItem> {
  const head = await readHead(path, SNIFF_BYTES);
  if (hasUtf16Bom(head)) {
    // Rare enough not to stream: read whole, within the JSON document limit.
    const cap = SIZE_FACTOR.jsonl * limits.maxArticleBytes;
    const bytes = size > cap ? null : await readUpTo(path, cap);
    if (bytes === null) {
      yield rejected(path, 'too_large', `UTF-16 file is more than the ${formatBytes(cap)} limit`);
      return;
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) yield rejected(path, decoded.reason, decoded.detail);
    else yield* jsonLinesFromText(path, decoded.text, limits);
    return;
  }
  if (head.includes(0)) {
    yield rejected(path, 'binary', 'contains NUL bytes');
    return;
  }

  const lineCap = JSONL_LINE_FACTOR * limits.maxArticleBytes;
  let lineNumber = 0;
  let parts: Buffer[] = [];
  let length = 0;
  let overflow = false;
  let produced = false;

  const finishLine = (): InputItem | null => {
    lineNumber++;
    const label = `${path}:${lineNumber}`;
    if (overflow) return rejected(label, 'too_large', `line is longer than the ${formatBytes(lineCap)} limit`);
    let line = Buffer.concat(parts, length);
    if (line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    return jsonLineItem(label, line, limits);
  };
  const reset = (): void => {
    parts = [];
    length = 0;
    overflow = false;
  };

  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(0x0a, start);
        const end = newline === -1 ? chunk.length : newline;
        if (!overflow && end > start) {
          if (length + (end - start) > lineCap) {
            overflow = true;
            parts = [];
            length = 0;
          } else {
            parts.push(chunk.subarray(start, end));
            length += end - start;
          }
        }
        if (newline === -1) break;
        const item = finishLine();
        reset();
        if (item !== null) {
          produced = true;
          yield item;
        }
        start = newline + 1;
      }
    }
    if (length > 0 || overflow) {
      const item = finishLine();
      if (item !== null) {
        produced = true;
        yield item;
      }
    }
  } finally {
    stream.destroy();
  }
  if (!produced) yield rejected(path, 'empty', 'no lines with articles');
}

/** JSON Lines already in memory (standard input, UTF-16 files). */
function* jsonLinesFromText(label: string, text: string, limits: InputLimits): Generator<InputItem> {
  const lineCap = JSONL_LINE_FACTOR * limits.maxArticleBytes;
  let produced = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (!/\S/.test(line)) continue;
    produced = true;
    const lineLabel = `${label}:${i + 1}`;
    if (Buffer.byteLength(line, 'utf8') > lineCap) {
      yield rejected(lineLabel, 'too_large', `line is longer than the ${formatBytes(lineCap)} limit`);
    } else {
      yield fromJson(lineLabel, parseJsonLine(line), limits);
    }
  }
  if (!produced) yield rejected(label, 'empty', 'no lines with articles');
}

/** Reads the stream up to `cap` bytes; stops reading as soon as it holds more. */
async function readStreamUpTo(stream: NodeJS.ReadableStream, cap: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += buffer.length;
    if (total > cap) return null; // leaving the loop stops (and destroys) the stream
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

/** Several non-blank lines, the first of them a JSON object on its own. */
function looksLikeJsonLines(text: string): boolean {
  const lines = text.split('\n', 1000).filter((line) => /\S/.test(line));
  if (lines.length < 2) return false;
  try {
    const first: unknown = JSON.parse(lines[0] ?? '');
    return typeof first === 'object' && first !== null && !Array.isArray(first);
  } catch {
    return false;
  }
}

/** Standard input, its format told from its first character: `{`/`[` JSON or JSON Lines, `<` HTML, else text. */
async function* readStdin(stream: NodeJS.ReadableStream, limits: InputLimits): AsyncGenerator<InputItem> {
  const label = '-';
  const cap = STDIN_FACTOR * limits.maxArticleBytes;
  const bytes = await readStreamUpTo(stream, cap);
  if (bytes === null) {
    yield rejected(label, 'too_large', `standard input is more than the ${formatBytes(cap)} limit`);
    return;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    yield rejected(label, decoded.reason, decoded.detail);
    return;
  }
  const text = decoded.text;
  const first = /\S/.exec(text)?.[0];

  if (first === '{' || first === '[') {
    // Standard input is capped at the JSON limit already.
    const document = parseJsonDocument(text);
    if (first === '{' && !document.ok && document.reason === 'parse_error' && looksLikeJsonLines(text)) {
      yield* jsonLinesFromText(label, text, limits);
    } else {
      yield* jsonDocumentItems(label, document, limits);
    }
    return;
  }
  const format = first === '<' ? 'html' : 'text';

  const formatCap = SIZE_FACTOR[format] * limits.maxArticleBytes;
  if (bytes.length > formatCap) {
    const kind = format === 'html' ? 'HTML' : 'text';
    yield rejected(label, 'too_large', `standard input is ${formatBytes(bytes.length)}, more than the ${formatBytes(formatCap)} limit for ${kind}`);
    return;
  }
  yield* parseText(format, text, label, limits);
}
