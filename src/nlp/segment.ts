/**
 * First stage of the NLP pipeline: splits a normalised article text into paragraphs and sentences.
 *
 * The input has `\n` line endings, no trailing spaces, at most one blank line in a row and is trimmed. Offsets are
 * UTF-16 indices into the text (end exclusive); every span is trimmed of surrounding whitespace, sentences never
 * cross paragraphs, and a heading is a paragraph of exactly one sentence.
 *
 * The segmenter is a hand-written scanner: one pass over the lines to find paragraphs, and one pass over each
 * paragraph that stops only at sentence-final punctuation. Work at a candidate boundary is bounded by the length of
 * the words on either side of it, so the whole run is linear in the text length and allocates a few short strings per
 * sentence at most.
 */
import type { Paragraph, ParagraphKind, Segmentation, Sentence } from '../domain/article.ts';
import {
  AMBIGUOUS,
  AMBIGUOUS_CAPITALISED,
  BEFORE_NUMBER,
  CONTINUATION_WORDS,
  MONTHS_AFTER_ORDINAL,
  NEVER_FINAL,
  NEVER_LAST_WORDS,
  REPORTED_SPEECH_OPENERS,
  SENTENCE_STARTERS,
  SPEECH_VERBS,
} from './abbreviations.ts';
import type { Stage } from './stage.ts';

/** A heading is a line of at most this many characters… */
const MAX_HEADING_CHARS = 150;
/** …and at most this many words. */
const MAX_HEADING_WORDS = 20;
/** A heading that ends with a word like "for" or "of" must be shorter than this (else the line is a hard wrap). */
const MAX_HEADING_CHARS_ENDING_IN_FUNCTION_WORD = 40;
/** Blocks whose longest line is at most this long may be hard-wrapped at a fixed width. */
const MAX_WRAP_WIDTH = 120;
/** Words longer than this are never looked up in the word lists. */
const MAX_LOOKUP_WORD = 16;

export function segment(text: string): Segmentation {
  const paragraphs: Paragraph[] = [];
  const sentences: Sentence[] = [];
  const lines = readLines(text);
  let paraStart = -1;
  let joined = false;
  for (let t = 0; t < lines.length; t++) {
    const line = lines[t] as Line;
    const next = lines[t + 1];
    if (paraStart < 0) {
      paraStart = line.start;
      joined = false;
    }
    const ends = next === undefined || next.afterBlank || !continuesOnNextLine(text, line, next, joined, paraStart);
    if (!ends) {
      joined = true;
      continue;
    }
    const heading = !joined && next !== undefined && isHeadingLine(text, line, t === 0 && next.afterBlank);
    const kind: ParagraphKind = heading ? 'heading' : 'paragraph';
    const index = paragraphs.length;
    paragraphs.push({ index, start: paraStart, end: line.end, kind });
    if (heading) sentences.push({ index: sentences.length, paragraphIndex: index, start: paraStart, end: line.end });
    else scanSentences(text, paraStart, line.end, index, sentences);
    paraStart = -1;
  }
  return { paragraphs, sentences };
}

export const segmentStage: Stage<string, Segmentation> = { name: 'segment', run: segment };

// ---------------------------------------------------------------------------------------------------------------
// Lines and paragraphs

interface Line {
  /** Trimmed span of the line. */
  readonly start: number;
  readonly end: number;
  /** True when one or more blank lines separate this line from the previous non-blank one. */
  readonly afterBlank: boolean;
  /** Length of the longest line in this line's block (the lines between two blank lines). */
  blockWidth: number;
}

function readLines(text: string): Line[] {
  const lines: Line[] = [];
  const n = text.length;
  let afterBlank = false;
  let blockFirst = 0;
  let blockWidth = 0;
  let pos = 0;
  while (pos <= n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    let s = pos;
    let e = eol;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (s < e) {
      if (afterBlank) {
        for (let b = blockFirst; b < lines.length; b++) (lines[b] as Line).blockWidth = blockWidth;
        blockFirst = lines.length;
        blockWidth = 0;
      }
      lines.push({ start: s, end: e, afterBlank: afterBlank && lines.length > 0, blockWidth: 0 });
      blockWidth = Math.max(blockWidth, e - s);
      afterBlank = false;
    } else {
      afterBlank = true;
    }
    pos = eol + 1;
  }
  for (let b = blockFirst; b < lines.length; b++) (lines[b] as Line).blockWidth = blockWidth;
  return lines;
}

/** Whether the line break between `a` and `b` (no blank line between them) is a hard wrap inside one paragraph. */
function continuesOnNextLine(text: string, a: Line, b: Line, joined: boolean, paraStart: number): boolean {
  if (startsWithBullet(text, b.start, b.end)) return false;
  let e = a.end;
  while (e > a.start && isCloser(text.charCodeAt(e - 1))) e--;
  if (e < a.end && e > a.start && isSpace(text.charCodeAt(e - 1))) {
    // A detached closing quote: `great year. "`
    let f = e;
    while (f > a.start && isSpace(text.charCodeAt(f - 1))) f--;
    if (f > a.start && isTerminatorAt(text, f - 1)) e = f;
  }
  if (e > a.start && isTerminatorAt(text, e - 1)) {
    // The line ends with sentence-final punctuation: it continues only if that punctuation does not end a sentence
    // ("the U.S.\nSenate", "at 3 p.m.\non Tuesday"), or if the text is wrapped at a fixed width and the next word
    // would not have fitted on this line.
    let i = e - 1;
    while (i > a.start && isTerminatorAt(text, i - 1)) i--;
    if (!endsSentence(text, i, e, a.end, paraStart, b.end)) return true;
    return joined && isForcedWrap(text, a, b);
  }
  let m = b.start;
  while (m < b.end && isOpener(text.charCodeAt(m))) m++;
  if (m < b.end && charClass(text, m) === LOWER) return true;
  const last = text.charCodeAt(a.end - 1);
  // A semicolon before a capital is a headline and its deck ("Markets rally;\nInvestors cheer."), not a wrap.
  if (isContinuationPunctuation(last) && last !== 0x3b) return true;
  if (joined) return true;
  const lastWord = lastLowercaseWord(text, a);
  if (lastWord !== null && CONTINUATION_WORDS.has(lastWord)) return !isHeadingLine(text, a, false);
  return false;
}

/** In fixed-width text, a line is broken early only at a paragraph end: otherwise the next word would have fitted. */
function isForcedWrap(text: string, a: Line, b: Line): boolean {
  const width = a.blockWidth;
  if (width > MAX_WRAP_WIDTH) return false;
  let w = b.start;
  while (w < b.end && !isSpace(text.charCodeAt(w))) w++;
  return a.end - a.start + 1 + (w - b.start) > width;
}

/**
 * A short line with no sentence-final punctuation that starts like a title. `headline`: the text's first line, set
 * off by a blank line, which may also end with "?", "!" or an ellipsis ("Is the bridge safe?").
 */
function isHeadingLine(text: string, line: Line, headline: boolean): boolean {
  const { start, end } = line;
  if (end - start > MAX_HEADING_CHARS) return false;
  if (startsWithBullet(text, start, end)) return false;
  let m = start;
  while (m < end && isOpener(text.charCodeAt(m))) m++;
  if (m >= end || (charClass(text, m) === LOWER && !isCamelCaseWord(text, m, end))) return false; // "iTunes…"
  let e = end;
  while (e > start && isCloser(text.charCodeAt(e - 1))) e--;
  if (e === start) return false;
  const last = text.charCodeAt(e - 1);
  if (isTerminatorAt(text, e - 1)) {
    const ellipsis = last === 0x2026 || (last === 0x2e && e - 2 > start && text.charCodeAt(e - 2) === 0x2e);
    if (!headline || (last === 0x2e && !ellipsis)) return false;
  }
  if (last === 0x3a || isContinuationPunctuation(last)) return false; // ':' and ', ; - ( /'
  const lastWord = lastLowercaseWord(text, line);
  if (lastWord !== null && CONTINUATION_WORDS.has(lastWord)) {
    // "What to look out for" is a heading; "The men's 800m went to form in Sheffield as" is a broken sentence.
    if (NEVER_LAST_WORDS.has(lastWord) || end - start > MAX_HEADING_CHARS_ENDING_IN_FUNCTION_WORD) return false;
  }
  let words = 1;
  for (let i = start + 1; i < end; i++) {
    if (isSpace(text.charCodeAt(i)) && !isSpace(text.charCodeAt(i - 1)) && ++words > MAX_HEADING_WORDS) return false;
  }
  return true;
}

/** "- item", "• item", "1. item", "2) item". */
function startsWithBullet(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (isAsciiDigit(c)) {
    let p = start + 1;
    while (p < end && p - start < 3 && isAsciiDigit(text.charCodeAt(p))) p++;
    const mark = text.charCodeAt(p);
    return (mark === 0x2e || mark === 0x29) && p + 1 < end && isSpace(text.charCodeAt(p + 1));
  }
  const bullet =
    c === 0x2d || // -
    c === 0x2a || // *
    c === 0x2022 || // •
    c === 0x00b7 || // ·
    c === 0x2013 || // –
    c === 0x2014 || // —
    c === 0x25aa || // ▪
    c === 0x25cf || // ●
    c === 0x25e6 || // ◦
    c === 0x2023; // ‣
  return bullet && start + 1 < end && isSpace(text.charCodeAt(start + 1));
}

function isContinuationPunctuation(c: number): boolean {
  return (
    c === 0x2c || // ,
    c === 0x3b || // ;
    c === 0x2d || // -
    c === 0x2013 || // –
    c === 0x2014 || // —
    c === 0x28 || // (
    c === 0x2f || // /
    c === 0x26 || // &
    c === 0x2b || // +
    c === 0x3001 || // 、
    c === 0xff0c // ，
  );
}

/** The line's last word when it is a short all-lowercase ASCII word, else null. */
function lastLowercaseWord(text: string, line: Line): string | null {
  let s = line.end;
  while (s > line.start && line.end - s <= MAX_LOOKUP_WORD && isAsciiLower(text.charCodeAt(s - 1))) s--;
  if (s === line.end || line.end - s > MAX_LOOKUP_WORD) return null;
  if (s > line.start && !isSpace(text.charCodeAt(s - 1))) return null;
  return text.slice(s, line.end);
}

// ---------------------------------------------------------------------------------------------------------------
// Sentences

function scanSentences(text: string, pStart: number, pEnd: number, paragraphIndex: number, out: Sentence[]): void {
  let sentStart = pStart;
  let i = pStart;
  while (i < pEnd) {
    if (!isTerminatorAt(text, i)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < pEnd && isTerminatorAt(text, j)) j++;
    // A spaced ellipsis ". . ." is one run.
    while (j + 1 < pEnd && text.charCodeAt(j - 1) === 0x2e && isSpacedDot(text, j)) {
      j += 2;
      while (j < pEnd && isTerminatorAt(text, j)) j++;
    }
    let k = j;
    while (k < pEnd && isCloser(text.charCodeAt(k))) k++;
    if (k >= pEnd) break;
    const c = text.charCodeAt(k);
    let boundary: boolean;
    if (isSpace(c)) {
      k = skipDetachedQuote(text, k, pEnd);
      if (k >= pEnd) break;
      boundary = endsSentence(text, i, j, k, sentStart, pEnd);
    } else if (isCjkTerminator(text.charCodeAt(j - 1))) {
      boundary = !(k > j && isHiragana(c)); // 「そうだ。」と彼は言った。
    } else {
      boundary = isRunOnBoundary(text, i, j, k, pEnd);
    }
    if (boundary) {
      pushSentence(text, out, paragraphIndex, sentStart, k);
      sentStart = k;
      while (sentStart < pEnd && isSpace(text.charCodeAt(sentStart))) sentStart++;
    }
    i = k;
  }
  if (sentStart < pEnd) pushSentence(text, out, paragraphIndex, sentStart, pEnd);
}

function isSpacedDot(text: string, p: number): boolean {
  return text.charCodeAt(p) === 0x20 && text.charCodeAt(p + 1) === 0x2e;
}

/** Adds a sentence; one without a letter or digit (a stray "..." or `".`) extends the paragraph's previous sentence. */
function pushSentence(text: string, out: Sentence[], paragraphIndex: number, start: number, end: number): void {
  const previous = out.at(-1);
  if (previous !== undefined && previous.paragraphIndex === paragraphIndex && !hasWordCharacter(text, start, end)) {
    out[out.length - 1] = { ...previous, end };
    return;
  }
  out.push({ index: out.length, paragraphIndex, start, end });
}

function hasWordCharacter(text: string, start: number, end: number): boolean {
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c < 0x80) {
      if (isAsciiDigit(c) || isAsciiLower(c | 0x20)) return true;
    } else if (charClass(text, p) !== OTHER) {
      return true;
    }
  }
  return false;
}

/**
 * A closing quote set off by a space after the sentence (`great year. " Hayes said`) belongs to that sentence: returns
 * the index just past it, or `k` unchanged. `text[k]` is whitespace.
 */
function skipDetachedQuote(text: string, k: number, limit: number): number {
  let p = k;
  while (p < limit && isSpace(text.charCodeAt(p))) p++;
  const c = text.charCodeAt(p);
  if (p < limit && (c === 0x22 || c === 0x201d) && (p + 1 === limit || isSpace(text.charCodeAt(p + 1)))) return p + 1;
  return k;
}

/**
 * A sentence end with the space after it missing: `challenge."Earlier`, `long?)They`, `Division.Those`. Only when a
 * capitalised word follows and either a closing quote/bracket or a lowercase word of three letters or more comes
 * before, so that "U.S.A", "e.g.The" (not news), "bbc.co.uk" and "ASP.NET" stay whole.
 */
function isRunOnBoundary(text: string, i: number, j: number, k: number, limit: number): boolean {
  for (let p = i; p < j; p++) {
    const c = text.charCodeAt(p);
    if (c === 0x2026 || (c === 0x2e && j - i > 1)) return false; // ellipsis: "Angels...I wonder"
  }
  if (k + 1 >= limit || charClass(text, k) !== UPPER || charClass(text, k + 1) !== LOWER) return false;
  if (k > j) return true;
  const b = text.charCodeAt(i - 1);
  if (b === 0x29) return true; // "example).This"
  return i - 3 >= 0 && isAsciiLower(b) && isAsciiLower(text.charCodeAt(i - 2)) && isAsciiLower(text.charCodeAt(i - 3));
}

/**
 * Whether the terminator run `text[i, j)`, followed by closing quotes/brackets up to `k` and whitespace at `k`, ends
 * the sentence that started at `sentStart`. `limit` bounds the look-ahead (the end of the paragraph).
 */
function endsSentence(text: string, i: number, j: number, k: number, sentStart: number, limit: number): boolean {
  let next = k;
  while (next < limit && isSpace(text.charCodeAt(next))) next++;
  if (next >= limit) return true;
  let m = next;
  while (m < limit && isOpener(text.charCodeAt(m))) m++;
  const openedQuote = m > next;
  // A dash after the mark continues the sentence: "are you ready for this? — Obama’s promises".
  const dashed = !openedQuote && m + 1 < limit && isDash(text.charCodeAt(m)) && isSpace(text.charCodeAt(m + 1));
  if (dashed) {
    m += 2;
    while (m < limit && isSpace(text.charCodeAt(m))) m++;
  }
  let cls = m < limit ? charClass(text, m) : OTHER;
  if (cls === LOWER) {
    // "“Why?” she asked.", "…and then", "10 p.c. last year": the sentence goes on. Brand names such as "eBay" are
    // lowercase only in their first letter.
    if (!isCamelCaseWord(text, m, limit)) return false;
    cls = UPPER;
  }

  let questionOrExclamation = false;
  let ellipsis = false;
  for (let p = i; p < j; p++) {
    const c = text.charCodeAt(p);
    if (c === 0x2e) continue;
    if (c === 0x2026 || c === 0x20) ellipsis = true;
    else questionOrExclamation = true;
  }
  if (questionOrExclamation) {
    // "“Why?” Smith asked." continues the sentence; "“Why?” The answer…" does not.
    if (dashed || (k > j && cls === UPPER && isAttribution(text, m, limit))) return false;
    return true;
  }
  if (ellipsis || j - i > 1) {
    // An ellipsis ends a sentence before an opening quote or a sentence opener ("murky area... There will"), but not
    // inside a title or an elided quotation ("I'm A Celebrity... Get Me Out Of Here", "such as... Maldives").
    if (dashed) return false;
    if (openedQuote) return true;
    if (cls !== UPPER) return false;
    return text.charCodeAt(m) >= 0x80 || isSentenceStarter(readWordLower(text, m, limit));
  }

  // A single period: it ends the sentence unless the word before it is an abbreviation, an initial or a list number.
  let ws = i;
  while (ws > sentStart && i - ws <= MAX_LOOKUP_WORD && !isSpace(text.charCodeAt(ws - 1))) ws--;
  if (i - ws > MAX_LOOKUP_WORD) return true; // a long token is no abbreviation, initial or list number
  while (ws < i && isOpener(text.charCodeAt(ws))) ws++;
  if (ws === i) return true;
  const before = text.charCodeAt(i - 1);
  if (isAsciiDigit(before)) {
    const digitsOnly = allAsciiDigits(text, ws, i);
    if (digitsOnly && ws === sentStart && i - ws <= 3) return false; // "1. The first point"
    if (digitsOnly && i - ws <= 2 && cls === UPPER && MONTHS_AFTER_ORDINAL.has(readWordLower(text, m, limit))) {
      return false; // "am 3. Oktober"
    }
    return true;
  }
  if (!isLetterAt(text, i - 1)) return true;
  const word = text.slice(ws, i);
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower) && !isAllCapitals(word)) return false; // "Ms." but not "patients with MS."
  if (cls === DIGIT) return !(BEFORE_NUMBER.has(lower) || isSingleLetter(word) || isDotted(word)); // "S.&P. 500"
  if (AMBIGUOUS.has(lower) || AMBIGUOUS_CAPITALISED.has(word) || isSingleLetter(word) || isDotted(word)) {
    if (openedQuote) return true;
    return cls === UPPER && isSentenceStarter(readWordLower(text, m, limit));
  }
  return true;
}

/**
 * Up to three capitalised words then a speech verb: "Smith asked", "Mr Smith said", "John Smith told reporters". Not
 * when the verb introduces reported speech of its own ("Mr Blair said he would…", "Smith said that…").
 */
function isAttribution(text: string, m: number, limit: number): boolean {
  let p = m;
  for (let n = 0; n < 4 && p < limit; n++) {
    let e = p;
    while (e < limit && e - p <= MAX_LOOKUP_WORD && isLetterAt(text, e)) e++;
    if (e === p || e - p > MAX_LOOKUP_WORD) return false;
    const word = text.slice(p, e);
    if (n === 0 && isSentenceStarter(word.toLowerCase())) return false;
    if (n > 0 && SPEECH_VERBS.has(word)) {
      while (e < limit && isSpace(text.charCodeAt(e))) e++;
      return !REPORTED_SPEECH_OPENERS.has(readWordLower(text, e, limit));
    }
    if (charClass(text, p) !== UPPER) return false;
    while (e < limit && text.charCodeAt(e) === 0x2e) e++; // "Mr. Smith"
    if (e >= limit || !isSpace(text.charCodeAt(e))) return false;
    p = e + 1;
  }
  return false;
}

/** "the", "it's", "i'm" (by the part before the apostrophe). */
function isSentenceStarter(lowerWord: string): boolean {
  if (SENTENCE_STARTERS.has(lowerWord)) return true;
  const apostrophe = lowerWord.indexOf("'");
  return apostrophe > 0 && SENTENCE_STARTERS.has(lowerWord.slice(0, apostrophe));
}

/** "MS", "DR": two or more ASCII capitals and nothing else (an acronym, not a title). */
function isAllCapitals(word: string): boolean {
  if (word.length < 2) return false;
  for (let p = 0; p < word.length; p++) {
    const c = word.charCodeAt(p);
    if (c < 0x41 || c > 0x5a) return false;
  }
  return true;
}

/** Lowercased letters (and apostrophes) from `m`, at most MAX_LOOKUP_WORD of them; "" when longer. */
function readWordLower(text: string, m: number, limit: number): string {
  let e = m;
  while (e < limit && e - m <= MAX_LOOKUP_WORD && (isLetterAt(text, e) || isApostrophe(text.charCodeAt(e)))) e++;
  if (e - m > MAX_LOOKUP_WORD) return '';
  return text.slice(m, e).replace('’', "'").toLowerCase();
}

/** "eBay", "iPhone": a word that starts lowercase but has a capital letter inside. */
function isCamelCaseWord(text: string, m: number, limit: number): boolean {
  for (let p = m + 1; p < limit && p - m <= MAX_LOOKUP_WORD; p++) {
    const c = text.charCodeAt(p);
    if (c >= 0x41 && c <= 0x5a) return true;
    if (!(c >= 0x61 && c <= 0x7a)) return false;
  }
  return false;
}

function isSingleLetter(word: string): boolean {
  if (word.length === 1) return isLetterAt(word, 0);
  return word.length === 2 && isLetterAt(word, 0) && word.codePointAt(0)! > 0xffff;
}

/**
 * "U.S", "a.m", "Ph.D", "e.g", "S.&P": two or more groups of one or two letters (or "&") joined by periods, the final
 * period excluded.
 */
function isDotted(word: string): boolean {
  let groups = 0;
  let run = 0;
  for (let p = 0; p < word.length; p++) {
    if (word.charCodeAt(p) === 0x2e) {
      if (run === 0 || run > 2) return false;
      groups++;
      run = 0;
    } else if (isLetterAt(word, p) || word.charCodeAt(p) === 0x26) {
      run++;
    } else {
      return false;
    }
  }
  return groups >= 1 && run >= 1 && run <= 2;
}

function allAsciiDigits(text: string, s: number, e: number): boolean {
  for (let p = s; p < e; p++) if (!isAsciiDigit(text.charCodeAt(p))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Character classes

const LOWER = 0;
const UPPER = 1;
const DIGIT = 2;
const OTHER = 3;
type CharClass = typeof LOWER | typeof UPPER | typeof DIGIT | typeof OTHER;

const LOWERCASE_RE = /^\p{Ll}/u;
const LETTER_RE = /^\p{L}/u;
const DIGIT_RE = /^\p{Nd}/u;

/** Letters without case (Han, Arabic, Hebrew…) count as capitals: they can start a sentence. */
function charClass(text: string, p: number): CharClass {
  const c = text.charCodeAt(p);
  if (c < 0x80) {
    if (c >= 0x61 && c <= 0x7a) return LOWER;
    if (c >= 0x41 && c <= 0x5a) return UPPER;
    if (c >= 0x30 && c <= 0x39) return DIGIT;
    return OTHER;
  }
  const ch = String.fromCodePoint(text.codePointAt(p)!);
  if (LOWERCASE_RE.test(ch)) return LOWER;
  if (LETTER_RE.test(ch)) return UPPER;
  if (DIGIT_RE.test(ch)) return DIGIT;
  return OTHER;
}

function isLetterAt(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  if (c >= 0xdc00 && c <= 0xdfff) return p > 0 && isLetterAt(text, p - 1); // low surrogate of a letter
  return LETTER_RE.test(String.fromCodePoint(text.codePointAt(p)!));
}

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/** The whitespace that `String.prototype.trim` removes. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Sentence-final punctuation. A semicolon counts only as the Greek question mark (after a Greek letter). */
function isTerminatorAt(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  switch (c) {
    case 0x2e: // .
    case 0x21: // !
    case 0x3f: // ?
    case 0x2026: // …
    case 0x203c: // ‼
    case 0x2047: // ⁇
    case 0x2048: // ⁈
    case 0x2049: // ⁉
    case 0x037e: // Greek question mark
    case 0x061f: // Arabic question mark
    case 0x06d4: // Arabic full stop
    case 0x0964: // Devanagari danda
    case 0x0965: // double danda
    case 0x0589: // Armenian full stop
    case 0x1362: // Ethiopic full stop
      return true;
    case 0x3b: {
      // ;
      const b = p > 0 ? text.charCodeAt(p - 1) : 0;
      return (b >= 0x0370 && b <= 0x03ff) || (b >= 0x1f00 && b <= 0x1fff);
    }
    default:
      return isCjkTerminator(c);
  }
}

/** Full stops and marks of scripts written without spaces: they end a sentence even when no space follows. */
function isCjkTerminator(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff61;
}

/** Hyphen (only when set off by spaces, checked by the caller), en dash, em dash, horizontal bar. */
function isDash(c: number): boolean {
  return c === 0x2d || c === 0x2013 || c === 0x2014 || c === 0x2015;
}

function isHiragana(c: number): boolean {
  return c >= 0x3040 && c <= 0x309f;
}

/** Closing quotes and brackets that belong to the sentence they follow: `win.”`, `(see below.)`. */
function isCloser(c: number): boolean {
  switch (c) {
    case 0x22: // "
    case 0x27: // '
    case 0x29: // )
    case 0x5d: // ]
    case 0x7d: // }
    case 0x201d: // ”
    case 0x201c: // “ (German closing quote)
    case 0x2019: // ’
    case 0x2018: // ‘ (German closing single quote)
    case 0xbb: // »
    case 0xab: // « (Danish/Swedish closing quote)
    case 0x203a: // ›
    case 0x2039: // ‹
    case 0x300d: // 」
    case 0x300f: // 』
    case 0x3011: // 】
    case 0x3015: // 〕
    case 0x3009: // 〉
    case 0x300b: // 》
    case 0xff09: // ）
    case 0xff3d: // ］
    case 0xff02: // ＂
      return true;
    default:
      return false;
  }
}

/** Opening quotes and brackets that may precede the first word of a sentence. */
function isOpener(c: number): boolean {
  switch (c) {
    case 0x22: // "
    case 0x27: // '
    case 0x28: // (
    case 0x5b: // [
    case 0x7b: // {
    case 0x201c: // “
    case 0x2018: // ‘
    case 0x201e: // „
    case 0x201a: // ‚
    case 0xab: // «
    case 0xbb: // »
    case 0x2039: // ‹
    case 0x203a: // ›
    case 0xbf: // ¿
    case 0xa1: // ¡
    case 0x300c: // 「
    case 0x300e: // 『
    case 0x3010: // 【
    case 0x3014: // 〔
    case 0x3008: // 〈
    case 0x300a: // 《
    case 0xff08: // （
    case 0xff3b: // ［
    case 0xff02: // ＂
      return true;
    default:
      return false;
  }
}
