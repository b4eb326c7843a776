type CharacterClass = 'keep' | 'drop' | 'space' | 'break' | 'return';

/** What normalisation does with one UTF-16 code unit; ordinary printable characters are decided first. */
function classify(code: number): CharacterClass {
  if (code > 0x20 && code < 0x7f) return 'keep';
  if (code === 0x0a || code === 0x2028 || code === 0x2029) return 'break';
  if (code === 0x0d) return 'return';
  if (code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0xa0) return 'space';
  if ((code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000) return 'space';
  // Controls, and what carries nothing a reader sees: zero-width spaces and joiners, the BOM, soft hyphens.
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'drop';
  if ((code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff || code === 0xad) return 'drop';
  return 'keep';
}

/** Normalised text with, for every character of it, the index of the character of the input it came from. */
export interface NormalizedText {
  readonly text: string;
  /** `origin[i]` is the input index of `text[i]`; `origin[text.length]` is the input length. */
  readonly origin: Int32Array;
}

/**
 * The one canonical form of an article's text, which every stored offset refers to: NFC, `\n` line breaks, no
 * control or invisible characters, single spaces, no blank-line runs, trimmed — with a map back to the input, so
 * that offsets can be reported in the text a person gave.
 */
export function normalizeWithOffsets(input: string): NormalizedText {
  const out: string[] = [];
  const origin: number[] = [];
  let pendingSpace = -1;
  let pendingBreaks = 0;
  let pendingBreakAt = -1;

  for (let i = 0; i < input.length; i++) {
    const kind = classify(input.charCodeAt(i));
    if (kind === 'break' || (kind === 'return' && input.charCodeAt(i + 1) !== 0x0a)) {
      pendingBreaks += 1;
      if (pendingBreakAt < 0) pendingBreakAt = i;
      pendingSpace = -1; // spaces before a line break are dropped
      continue;
    }
    if (kind === 'space') {
      if (pendingSpace < 0 && pendingBreaks === 0) pendingSpace = i;
      continue;
    }
    if (kind !== 'keep') continue;
    if (out.length > 0) {
      if (pendingBreaks > 0) {
        for (let b = 0; b < Math.min(pendingBreaks, 2); b++) {
          out.push('\n');
          origin.push(pendingBreakAt);
        }
      } else if (pendingSpace >= 0) {
        out.push(' ');
        origin.push(pendingSpace);
      }
    }
    pendingSpace = -1;
    pendingBreaks = 0;
    pendingBreakAt = -1;
    out.push(input[i] as string);
    origin.push(i);
  }

  let text = out.join('');
  let map = origin;
  if (!isNfc(text)) ({ text, map } = composeWithOffsets(text, origin));
  const result = new Int32Array(map.length + 1);
  result.set(map);
  result[map.length] = input.length;
  return { text, origin: result };
}

function isNfc(text: string): boolean {
  // Pure ASCII is always NFC; the check is the hot path for English news.
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u007F]*$/.test(text) || text === text.normalize('NFC');
}

/** NFC, one base character and its combining marks at a time, keeping each cluster's origin. */
function composeWithOffsets(text: string, origin: readonly number[]): { text: string; map: number[] } {
  const parts: string[] = [];
  const map: number[] = [];
  for (const match of text.matchAll(/\P{M}\p{M}*|\p{M}+/gu)) {
    const composed = match[0].normalize('NFC');
    const from = origin[match.index] ?? 0;
    parts.push(composed);
    for (let k = 0; k < composed.length; k++) map.push(from);
  }
  return { text: parts.join(''), map };
}

/** The canonical article text (see normalizeWithOffsets). */
export function normalizeArticleText(text: string): string {
  return normalizeWithOffsets(text).text;
}

/** Maps a [start, end) span of normalised text back to the input it came from. */
export function originalSpan(normalized: NormalizedText, start: number, end: number): { start: number; end: number } {
  const from = normalized.origin[start] ?? 0;
  const to = end > start ? (normalized.origin[end - 1] ?? from) + 1 : from;
  return { start: from, end: Math.max(from, to) };
}

/** A title, or any one-line field: whitespace folded to single spaces. */
export function normalizeLine(text: string): string {
  return normalizeArticleText(text).replace(/\s+/g, ' ');
}

/** The text as compared for duplicates: case, quote style, dashes and spacing do not matter. */
export function duplicateKeyText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}
