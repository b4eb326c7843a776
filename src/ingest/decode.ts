/**
 * Turns the bytes of an input file into text, or says why they are not text.
 *
 * - UTF-8, with or without a byte order mark (the mark is dropped);
 * - UTF-16 LE or BE when the file starts with the matching byte order mark;
 * - anything else with NUL bytes, or with many control characters in its first 8 KB, is `binary`;
 * - bytes that are not valid UTF-8 but read as windows-1252 text without control characters (a stray Latin-1 "£",
 *   an old file saved by a Windows editor) are decoded as windows-1252; otherwise the input is `undecodable`;
 * - text with nothing but whitespace is `empty`.
 *
 * Decoding never changes the text beyond that: line endings, Unicode normalisation and the like are left to later steps.
 */

export type DecodeFailureReason = 'empty' | 'binary' | 'undecodable';

export type DecodeResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: DecodeFailureReason; readonly detail: string };

/** How much of the input the control-character check looks at. */
const SAMPLE_BYTES = 8 * 1024;
/** Share of control bytes in the sample above which the input is taken for binary. */
const MAX_CONTROL_SHARE = 0.1;

/** C0 controls other than tab, line feed, vertical tab, form feed and carriage return; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;

export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty', detail: 'file is empty' };

  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return decodeUtf16(bytes, 'utf-16le');
  if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(bytes, 'utf-16be');

  if (bytes.indexOf(0) !== -1) return { ok: false, reason: 'binary', detail: 'contains NUL bytes' };
  if (controlShare(bytes.subarray(0, SAMPLE_BYTES)) > MAX_CONTROL_SHARE) {
    return { ok: false, reason: 'binary', detail: 'mostly control characters' };
  }

  let text: string;
  try {
    // The default decoder drops a leading UTF-8 byte order mark.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const fallback = decodeWindows1252(bytes);
    if (CONTROL_CHARACTER.test(fallback)) {
      return { ok: false, reason: 'undecodable', detail: 'neither valid UTF-8 nor windows-1252 text' };
    }
    text = fallback;
  }
  return nonBlank(text);
}

/** windows-1252's characters for bytes 0x80–0x9f; the five bytes it leaves undefined stay C1 controls (as in WHATWG). */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node 20's `TextDecoder('windows-1252')` decodes ISO-8859-1 instead (0x93 becomes a C1 control, not “), so the
 * 0x80–0x9f range is mapped here; every other byte means the same in both.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodeResult {
  let text: string;
  try {
    // The decoder drops the byte order mark itself.
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'undecodable', detail: `invalid ${encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}` };
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'binary', detail: 'contains NUL characters' };
  const sample = text.slice(0, SAMPLE_BYTES / 2);
  let controls = 0;
  for (const char of sample) if (CONTROL_CHARACTER.test(char)) controls++;
  if (sample.length > 0 && controls / sample.length > MAX_CONTROL_SHARE) {
    return { ok: false, reason: 'binary', detail: 'mostly control characters' };
  }
  return nonBlank(text);
}

/** Share of C0 control bytes (other than whitespace and ESC) and DEL in the sample. */
function controlShare(sample: Uint8Array): number {
  if (sample.length === 0) return 0;
  let controls = 0;
  for (const byte of sample) {
    if ((byte < 0x20 && !isTextControl(byte)) || byte === 0x7f) controls++;
  }
  return controls / sample.length;
}

/** Tab, line feed, vertical tab, form feed, carriage return and escape appear in ordinary text files. */
function isTextControl(byte: number): boolean {
  return (byte >= 0x09 && byte <= 0x0d) || byte === 0x1b;
}

function nonBlank(text: string): DecodeResult {
  if (!/\S/.test(text)) return { ok: false, reason: 'empty', detail: 'contains only whitespace' };
  return { ok: true, text };
}
