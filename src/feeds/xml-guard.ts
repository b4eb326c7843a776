/**
 * Checks shared by the feed and OPML parsers before an XML document reaches the parser: text decoding by the declared
 * character set, refusal of documents that declare their own entities (the "billion laughs" family of attacks:
 * newsbot's parser never expands them, but such a document is refused outright rather than half-read), and a
 * well-formedness check that still tolerates the two faults real feeds commonly have, bare `&` and HTML entities such
 * as `&nbsp;`.
 */
import { XMLValidator } from 'fast-xml-parser';
import { decodeText } from '../ingest/decode.ts';

export class XmlGuardError extends Error {
  override readonly name = 'XmlGuardError';
}

/** windows-1252's characters for bytes 0x80–0x9f (Node's TextDecoder reads the label as ISO-8859-1). */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const WINDOWS_1252_LABELS = new Set(['windows-1252', 'cp1252', 'iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii']);
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase() ?? null;
}

function declaredXmlEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString('latin1');
  const match = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * The text of a document: a byte order mark wins, then the HTTP charset, then the XML declaration; UTF-8 (with a
 * windows-1252 fallback for stray bytes) when none says otherwise.
 */
export function decodeDocument(body: Uint8Array | string, contentType?: string): string {
  if (typeof body === 'string') {
    if (body.trim() === '') throw new XmlGuardError('The document is empty.');
    return body.replace(/^\ufeff/, '');
  }
  const hasBom =
    (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) ||
    (body[0] === 0xff && body[1] === 0xfe) ||
    (body[0] === 0xfe && body[1] === 0xff);
  const label = hasBom ? null : (charsetOf(contentType) ?? declaredXmlEncoding(body));
  if (label !== null && WINDOWS_1252_LABELS.has(label)) {
    const latin1 = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
    return latin1.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
  }
  if (label !== null && !UTF8_LABELS.has(label)) {
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      // An unknown label: read it as UTF-8 below.
    }
  }
  const decoded = decodeText(body);
  if (!decoded.ok) throw new XmlGuardError(decoded.reason === 'empty' ? 'The document is empty.' : 'The document is not text.');
  return decoded.text;
}

/** The part of an XML document before its root element. */
function prolog(text: string): string {
  const root = /<[A-Za-z_]/.exec(text);
  return root === null ? text : text.slice(0, root.index);
}

/** Refuses entity declarations; then checks that the tags nest and close. Throws XmlGuardError with a safe message. */
export function checkXml(text: string): void {
  if (/<!ENTITY/i.test(prolog(text))) {
    throw new XmlGuardError('The document declares its own XML entities, which newsbot refuses to read.');
  }
  // Bare ampersands are common in real feeds and harmless to the parser: escape them for the check only.
  const forCheck = text.replace(/&(?!#\d{1,8};|#x[0-9a-fA-F]{1,8};|[A-Za-z][A-Za-z0-9]{0,31};)/g, '&amp;');
  const result = XMLValidator.validate(forCheck, { allowBooleanAttributes: true });
  if (result !== true) {
    throw new XmlGuardError(`The document is not well-formed XML (line ${result.err.line}, column ${result.err.col}).`);
  }
}
