/**
 * Quotes stage: direct quotations and who said them.
 *
 * Finding quotes. Each paragraph is scanned once for quotation marks: curly “…”, straight "…" (an opening mark
 * follows a space or the paragraph start and precedes a non-space; a closing one the reverse, so inch marks such as
 * 5'10" and stray marks pair with nothing), ``…'' of older corpora, « … » and » … «, „…“ and 「…」. Single quotes
 * ‘…’ and '…' count only at the top level, when an opening mark before a letter finds a closing mark that is not an
 * apostrophe (not followed by a letter, so "don’t", "1000’s" and "rock ’n’ roll" are no quotes). Marks inside an open
 * quotation are nested quotes and stay part of it.
 *
 * A paragraph that opens a quotation and does not close it, followed by a paragraph that starts with an opening mark,
 * is the typographic convention for a quotation that runs over several paragraphs. It is represented as one quote per
 * paragraph: the open-ended part runs to its paragraph's end, and the next part has `continuesPrevious: true` and
 * shares its speaker. An opening mark that is never closed otherwise gives no quote.
 *
 * A quote's span covers the quoted words without the marks, trailing commas or colons (`“A,” he said` gives "A"), so
 * "“A,” he said, “B.”" is two quotes. A quote of at most eight words set into a sentence after a word (`called it
 * “excellent”`) is a fragment; a title-case fragment after a possessive or a word such as "on" or "show" is the
 * title of a work or programme (CBS’s “Face the Nation”) and no quote at all.
 *
 * Speakers. In the quote's own sentence, in order of preference:
 * 1. an attribution right after the closing mark: a speech verb with its subject on either side ("…,” he said",
 *    "…,” said Marta Kovač, the union’s…", "…,” the Kremlin said"), a dash and a name ("“…” — Lena Fischer"), or a
 *    short sentence of its own right after the quote ("“…missing.” Trump said.");
 * 2. the last speech verb before the opening mark and its subject ("Scholz said: “…”", "Putin additionally indicated
 *    to Trump that “…”", "Al Jazeera’s Dorsa Jabbari, reporting from Moscow, stated…", "Trump went after Bush,
 *    calling him “…”" — a participle takes the subject of its main clause);
 * 3. "according to X", a person named right after the closing mark with no verb ("…,” Scholz at the news
 *    conference"), or an attribution after a later comma of the sentence ("…, she said in a video message");
 * 4. another quote earlier in the same sentence ("a “loser,” a “liar” and a “whiner”");
 * 5. the subject of a sentence without a speech verb ("Trump identified the judge as “Spanish”");
 * then, for quotes that are not fragments, the context: a transcript label opening the paragraph ("PENCE: …"), the
 * speaker of the quote in the sentence before (or two sentences before, past narrative without a speech verb), or
 * the subject of a speech verb in the sentence before ("Scholz said a ceasefire must come first. ¶ “…”").
 *
 * A subject is found in the verb's clause (back to "that", "when", a semicolon…), cut into chunks at commas and
 * dashes and read from the verb backwards, skipping appositions; in a chunk, the first person not after a
 * preposition, not a possessor and not a name that merely modifies a noun ("FBI general counsel James Baker" is
 * Baker, "the Clinton campaign" is the phrase); else an organisation or pronoun; else a phrase ("a spokesperson for
 * the port authority"); places only when nothing else fits ("Russia insisted…"). Speakers are given by their
 * entity's longest form. "he"/"she" resolve among the people of fitting gender named outside quotations in the last
 * sentences, preferring subjects, people who have just spoken (subjects of speech verbs) and people whose gender the
 * text shows, and nearness; "they" and "it" to the nearest organisation of the last sentences. First person ("I",
 * "we") gives no speaker.
 *
 * Speech verbs are English: in other languages quotes are found, speakers only where English cues happen to occur.
 */
import type { Paragraph, Sentence } from '../domain/article.ts';
import type { AnalysisInput, Entity, EntityGender, Quote, SpeakerCue } from './analysis-types.ts';
import * as lexicon from './entities.ts';
import type { Token } from './entities.ts';
import type { Stage } from './stage.ts';

// Local copies of the entities stage's constants and word lists: read in every inner loop, and a module namespace
// (or a transpiled live binding) costs a property lookup each time.
const WORD: typeof lexicon.WORD = lexicon.WORD;
const PUNCT: typeof lexicon.PUNCT = lexicon.PUNCT;
const POSS: typeof lexicon.POSS = lexicon.POSS;
const AUX_ADVERBS = lexicon.AUX_ADVERBS;
const SPEECH_VERBS = lexicon.SPEECH_VERBS;
const TITLES = lexicon.TITLES;
const isLetterCode = lexicon.isLetterCode;
const isSpaceCode = lexicon.isSpaceCode;
const tokenize = lexicon.tokenize;

/** A quote of at most this many words, set into a sentence, is a fragment. */
const FRAGMENT_MAX_WORDS = 8;
/** How far after the closing mark a speech verb is looked for ("…,” the former deputy minister of health said"). */
const TRAILING_VERB_WINDOW = 20;
/** How many paragraphs back a pronoun's antecedent may be. */
const PRONOUN_PARAGRAPHS = 6;
/** How many sentences outside quotations back a pronoun's antecedent may be. */
const PRONOUN_SENTENCES = 6;
/** Weights of the antecedent scores of "he"/"she" (one sentence of distance costs W_DISTANCE). */
const W_SUBJECT = 1.5;
const W_SPEAKER = 1.5;
const W_GENDER = 0.5;
const W_DISTANCE = 1;
const W_OBLIQUE = 1;

// ---------------------------------------------------------------------------------------------------------------
// Quotation marks

const enum Family {
  None,
  Curly, // “ … ”
  Straight, // " … "
  Backtick, // `` … ''
  Guillemet, // « … »
  GuillemetReversed, // » … «
  Low9, // „ … “ / ”
  Corner, // 「 … 」
  WhiteCorner, // 『 … 』
}

interface RawQuote {
  /** Index of the opening mark and index just past it. */
  readonly open: number;
  readonly openEnd: number;
  /** Index of the closing mark, or the paragraph end when the quote runs on into the next paragraph. */
  readonly close: number;
  /** Index just past the closing mark (or the paragraph end). */
  readonly closeEnd: number;
  readonly paragraph: number;
  readonly openEnded: boolean;
  continued: boolean;
}

function isOpeningContext(text: string, p: number, start: number): boolean {
  if (p <= start) return true;
  const b = text.charCodeAt(p - 1);
  return (
    isSpaceCode(b) ||
    b === 0x28 || // (
    b === 0x5b || // [
    b === 0x7b || // {
    b === 0x2014 || // —
    b === 0x2013 || // –
    b === 0x2d || // -
    b === 0x2f || // /
    b === 0x3a || // :
    b === 0x201c || // “
    b === 0x2018 || // ‘
    b === 0xab || // «
    b === 0x201e // „
  );
}

/** A word character or an opening bracket/mark could start quoted text after an opening mark. */
function startsQuotedText(text: string, p: number, end: number): boolean {
  if (p >= end) return false;
  const c = text.charCodeAt(p);
  if (isSpaceCode(c)) return false;
  return true;
}

function isClosingContext(text: string, p: number, end: number): boolean {
  if (p + 1 >= end) return true;
  const c = text.charCodeAt(p + 1);
  if (isSpaceCode(c)) return true;
  return !isLetterCode(text, p + 1) && !(c >= 0x30 && c <= 0x39);
}

/** The closing mark of a single quotation opened at `p`, or -1: not an apostrophe, and with some words inside. */
function findSingleClose(text: string, p: number, end: number, closer: number): number {
  let found = -1;
  for (let q = p + 1; q < end; q++) {
    const c = text.charCodeAt(q);
    if (c === 0x201c || c === 0x201d || (c === 0x22 && closer === 0x27)) break; // a double quote intervenes
    if (c === 0x2018 && found >= 0 && isSpaceCode(text.charCodeAt(q - 1))) break; // ‘A’ and ‘B’
    if (c !== closer) continue;
    if (isSpaceCode(text.charCodeAt(q - 1))) continue;
    if (q + 1 < end && (isLetterCode(text, q + 1) || isDigit(text.charCodeAt(q + 1)))) continue; // don’t
    // "the nations’ two-year war": a plural possessive, when a later closing mark exists.
    const b = text.charCodeAt(q - 1);
    if ((b === 0x73 || b === 0x53) && q + 2 < end && isSpaceCode(text.charCodeAt(q + 1))) {
      const n = text.charCodeAt(q + 2);
      if (n >= 0x61 && n <= 0x7a) {
        if (found < 0) found = q;
        continue;
      }
    }
    found = q;
    break;
  }
  if (found < 0) return -1;
  let letters = 0;
  for (let q = p + 1; q < found && letters < 2; q++) if (isLetterCode(text, q)) letters++;
  return letters >= 2 ? found : -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isDoubleOpenerChar(c: number): boolean {
  return c === 0x201c || c === 0x22 || c === 0xab || c === 0xbb || c === 0x201e || c === 0x60 || c === 0x300c ||
    c === 0x300e || c === 0x201d;
}

/** Scans one paragraph; returns the quote left open at its end (start of the opening mark, mark length) or null. */
function scanParagraph(
  text: string,
  para: Paragraph,
  out: RawQuote[],
): { open: number; openEnd: number } | null {
  const start = para.start;
  const end = para.end;
  let family = Family.None;
  let open = -1;
  let openEnd = -1;
  const push = (close: number, closeEnd: number): void => {
    out.push({ open, openEnd, close, closeEnd, paragraph: para.index, openEnded: false, continued: false });
    family = Family.None;
  };
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c < 0x22 || (c > 0x27 && c !== 0x60 && c < 0xab)) continue;
    switch (family) {
      case Family.None: {
        if (c === 0x201c) {
          // “ opens, unless it is shaped like a closing mark (a German closing “ without its „).
          if (startsQuotedText(text, p + 1, end) || isOpeningContext(text, p, start)) {
            if (p + 1 < end) {
              family = Family.Curly;
              open = p;
              openEnd = p + 1;
            }
          }
        } else if (c === 0x201d || c === 0x22) {
          // ” used as an opening mark, or a straight " shaped as an opening mark.
          if (isOpeningContext(text, p, start) && startsQuotedText(text, p + 1, end)) {
            family = c === 0x22 ? Family.Straight : Family.Curly;
            open = p;
            openEnd = p + 1;
          }
        } else if (c === 0x60 && text.charCodeAt(p + 1) === 0x60) {
          family = Family.Backtick;
          open = p;
          openEnd = p + 2;
          p++;
        } else if (c === 0xab) {
          family = Family.Guillemet;
          open = p;
          openEnd = p + 1;
        } else if (c === 0xbb) {
          if (isOpeningContext(text, p, start) && startsQuotedText(text, p + 1, end)) {
            family = Family.GuillemetReversed;
            open = p;
            openEnd = p + 1;
          }
        } else if (c === 0x201e) {
          family = Family.Low9;
          open = p;
          openEnd = p + 1;
        } else if (c === 0x300c || c === 0x300e) {
          family = c === 0x300c ? Family.Corner : Family.WhiteCorner;
          open = p;
          openEnd = p + 1;
        } else if (c === 0x2018 || c === 0x27) {
          // Single quotes: only an opening mark before a letter that finds its closing mark.
          if (c === 0x27 && text.charCodeAt(p + 1) === 0x27) {
            p++;
            continue;
          }
          if (!isOpeningContext(text, p, start) || p + 1 >= end || !isLetterCode(text, p + 1)) continue;
          const q = findSingleClose(text, p, end, c === 0x2018 ? 0x2019 : 0x27);
          if (q < 0) continue;
          out.push({ open: p, openEnd: p + 1, close: q, closeEnd: q + 1, paragraph: para.index, openEnded: false,
            continued: false });
          p = q;
        }
        break;
      }
      case Family.Curly:
        if (c === 0x201d) push(p, p + 1);
        else if (c === 0x22 && !isOpeningContext(text, p, start) && isClosingContext(text, p, end) &&
          !hasCharBefore(text, 0x201d, p + 1, end)) {
          // “…" with a straight closing mark (mixed marks in scraped text), when no ” follows.
          push(p, p + 1);
        }
        else if (c === 0x201c) {
          if (!isOpeningContext(text, p, start) && isClosingContext(text, p, end)) push(p, p + 1);
          else if (isOpeningContext(text, p, start) && startsQuotedText(text, p + 1, end)) {
            // A new opening mark while one is open: the first quote lost its closing mark.
            push(p, p);
            family = Family.Curly;
            open = p;
            openEnd = p + 1;
          }
        }
        break;
      case Family.Straight:
        if (c === 0x201d && !isOpeningContext(text, p, start) && isClosingContext(text, p, end)) {
          push(p, p + 1); // "…” with mixed marks
        } else if (c === 0x22) {
          if (!isOpeningContext(text, p, start) || !startsQuotedText(text, p + 1, end) || p + 1 >= end) {
            push(p, p + 1);
          } else {
            push(p, p);
            family = Family.Straight;
            open = p;
            openEnd = p + 1;
          }
        }
        break;
      case Family.Backtick:
        if (c === 0x27 && text.charCodeAt(p + 1) === 0x27) push(p, p + 2);
        else if (c === 0x201d || c === 0x22) push(p, p + 1);
        break;
      case Family.Guillemet:
        if (c === 0xbb) push(p, p + 1);
        break;
      case Family.GuillemetReversed:
        if (c === 0xab) push(p, p + 1);
        break;
      case Family.Low9:
        if (c === 0x201c || c === 0x201d) push(p, p + 1);
        break;
      case Family.Corner:
        if (c === 0x300d) push(p, p + 1);
        break;
      case Family.WhiteCorner:
        if (c === 0x300f) push(p, p + 1);
        break;
    }
  }
  if (family === Family.None) return null;
  return { open, openEnd };
}

function findRawQuotes(text: string, paragraphs: readonly Paragraph[]): RawQuote[] {
  const out: RawQuote[] = [];
  let carry = false;
  for (let i = 0; i < paragraphs.length; i++) {
    const para = paragraphs[i] as Paragraph;
    const before = out.length;
    const left = scanParagraph(text, para, out);
    if (carry) {
      // The previous paragraph's quote goes on here if this paragraph starts with its opening mark.
      const first = out[before];
      if (first !== undefined && first.open === para.start) first.continued = true;
    }
    carry = false;
    if (left !== null) {
      const next = paragraphs[i + 1];
      if (next !== undefined && isDoubleOpenerChar(text.charCodeAt(next.start)) && hasWords(text, left.openEnd, para.end)) {
        out.push({ open: left.open, openEnd: left.openEnd, close: para.end, closeEnd: para.end, paragraph: para.index,
          openEnded: true, continued: false });
        carry = true;
      }
    }
  }
  return out;
}

function hasCharBefore(text: string, c: number, s: number, e: number): boolean {
  const q = text.indexOf(String.fromCharCode(c), s);
  return q >= 0 && q < e;
}

function hasWords(text: string, s: number, e: number): boolean {
  for (let p = s; p < e; p++) if (isLetterCode(text, p) || isDigit(text.charCodeAt(p))) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Speakers

interface MentionRef {
  readonly entity: Entity;
  readonly start: number;
  readonly end: number;
  /** First token and one past the last token. */
  readonly t0: number;
  readonly t1: number;
  inQuote: boolean;
  /** After a preposition or before a possessive: not the subject of its clause. */
  oblique: boolean;
  /** The first person of its sentence that is not oblique. */
  first: boolean;
  /** Names the subject of a speech verb. */
  speaker: boolean;
}

interface Found {
  readonly speaker: string | null;
  readonly cue: SpeakerCue | null;
  /** The entity behind the speaker, when there is one. */
  readonly entity?: Entity;
}

const NO_SPEAKER: Found = { speaker: null, cue: null };

type Attribution =
  | { readonly kind: 'entity'; readonly entity: Entity }
  | { readonly kind: 'pronoun'; readonly word: string; readonly position: number }
  | { readonly kind: 'phrase'; readonly text: string };

const DETERMINERS = new Set(
  ('the a an one another two three four several some many most other his her their its our this that these those ' +
    'every each any no both all').split(' '),
);
const PREPOSITIONS = new Set(
  'for of with at from to by in on against about into over under after before during than like near toward towards'.split(' '),
);
/** Words that end a noun phrase after a verb ("said Smith on Tuesday", "said Smith, who…"). */
const NP_STOPS = new Set(
  ('on in at during after before while whereas who whom which that when as to from for with because since though ' +
    'although if and but or so yet according via through about late early last earlier later today yesterday ' +
    'tonight this').split(' '),
);
/** Words that cannot start a subject after a closing mark ("…,” and he said" is not "…,” he said"). */
const CLAUSE_OPENERS = new Set(
  ('and but or so yet which that who whom whose when while as if because since though although after before ' +
    'then than where whereas adding saying noting').split(' '),
);
/** Words that open a new clause inside a sentence: the subject of a later verb is after them. */
const CLAUSE_BOUNDARIES = new Set(
  ('that which whom whose but because while when as after before if although though since whereas so where than ' +
    'until unless whether once what').split(' '),
);
/** Words that may open a sentence before its subject. */
const SENTENCE_OPENERS = new Set(
  'but and so yet still meanwhile however instead also later then now earlier separately similarly'.split(' '),
);
/** Speech verbs whose form is also a plural noun. */
const NOUN_LIKE_VERBS = new Set(
  'remarks comments claims notes reports calls posts tweets promises statements pledges vows warns states'.split(' '),
);
const CONTRACTION_AFTER = new Set('been not got gotten going also never already done'.split(' '));
/** Words before a quoted title of a work or programme. */
const TITLE_CUES = new Set(
  ('on told film show book program programme series movie song album titled entitled magazine newspaper segment ' +
    'episode interview network documentary novel play hashtag slogan podcast column article').split(' '),
);
const TITLE_SMALL_WORDS = new Set('a an the of and or for in on at to by with from is as vs'.split(' '));
/** Nouns after a name that make it a modifier: "McConnell spokesman Don Stewart", "Trump supporters". */
const ROLE_NOUNS = new Set(
  ('spokesman spokeswoman spokesperson campaign aide aides adviser advisers advisor advisors supporters administration ' +
    'staff staffer staffers camp team official officials manager chairman press surrogate surrogates allies ally ' +
    'loyalists backers voters delegates family foundation organization').split(' '),
);
const BE_FORMS = new Set('was were is are been being be'.split(' '));
const SUBJECT_PRONOUN_WORDS = new Set('he she they it i we'.split(' '));
const POSSESSIVE_WORDS = new Set('his her their its our my your whose'.split(' '));
/** Punctuation that separates the chunks of a clause (appositions, participle phrases, openers). */
const CHUNK_BREAKS = new Set([',', '—', '–', '(', ')']);
const DASHES = new Set(['—', '–', '―', '-']);
const TIME_WORDS = new Set(
  ('monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight morning afternoon ' +
    'evening night week weekend month year earlier later recently previously').split(' '),
);
/** Speech verbs in -ing form: their subject is the clause's ("Trump hit back, calling him “a loser”"). */
const PARTICIPLES = new Set(
  ('saying adding telling writing noting arguing calling warning explaining insisting stating asking declaring ' +
    'describing claiming tweeting suggesting labeling labelling praising blasting slamming criticizing criticising ' +
    'accusing mocking urging predicting recalling touting dubbing branding referring promising vowing pledging ' +
    'admitting acknowledging conceding complaining lamenting boasting joking quipping responding replying answering ' +
    'announcing confirming denying questioning charging characterizing characterising deriding decrying hailing ' +
    'dismissing defending insisting remarking observing pointing reiterating stressing emphasizing emphasising ' +
    'speaking talking testifying writing posting yelling shouting screaming chanting tweeting offering ' +
    'citing quoting repeating insisting lamenting').split(' '),
);
/** Speech verbs that can come before their subject: "…,” said Smith", "added Jones: “…”". */
const INVERTIBLE = new Set(
  ('said says added adds wrote writes stated states continued continues explained explains noted notes replied ' +
    'replies answered answers responded responds declared declares announced announces insisted insists argued ' +
    'argues warned warns concluded concludes recalled recalls remarked remarks observed observes quipped quips ' +
    'joked jokes exclaimed exclaims cried cries shouted shouts tweeted tweets posted posts asked asks wondered ' +
    'wonders countered counters retorted retorts offered offers added admitted admits conceded concedes ' +
    'acknowledged acknowledges confirmed confirms claimed claims predicted predicts promised promises ' +
    'suggested suggests interjected mused sighed snapped recounted recounts reported reports') .split(' '),
);

class Analyzer {
  readonly text: string;
  readonly tokens: Token[] = [];
  readonly sentences: readonly Sentence[];
  readonly paragraphs: readonly Paragraph[];
  readonly mentions: MentionRef[] = [];
  /** Mention by the index of its first token and of its last token. */
  readonly mentionAtStart = new Map<number, MentionRef>();
  readonly mentionAtEnd = new Map<number, MentionRef>();
  /** Spans of the quotation marks and what they enclose, in text order. */
  quoteRanges: Array<readonly [number, number]> = [];

  constructor(input: AnalysisInput, entities: readonly Entity[]) {
    this.text = input.text;
    tokenize(this.text, 0, this.text.length, this.tokens);
    const seg = input.segmentation;
    this.paragraphs = seg.paragraphs.length > 0
      ? seg.paragraphs
      : [{ index: 0, kind: 'paragraph', start: 0, end: this.text.length }];
    this.sentences = seg.sentences.length > 0
      ? seg.sentences
      : [{ index: 0, paragraphIndex: 0, start: 0, end: this.text.length }];
    const spans: Array<{ entity: Entity; start: number; end: number }> = [];
    for (const entity of entities) for (const s of entity.spans) spans.push({ entity, start: s.start, end: s.end });
    spans.sort((a, b) => a.start - b.start);
    for (const s of spans) {
      const t0 = this.tokenAtOrAfter(s.start);
      let t1 = t0;
      while (t1 < this.tokens.length && (this.tokens[t1] as Token).start < s.end) t1++;
      if (t1 === t0 || (this.tokens[t0] as Token).start !== s.start) continue;
      const ref: MentionRef = {
        entity: s.entity, start: s.start, end: s.end, t0, t1, inQuote: false, oblique: false, first: false, speaker: false,
      };
      this.mentions.push(ref);
      this.mentionAtStart.set(t0, ref);
      this.mentionAtEnd.set(t1 - 1, ref);
    }
  }

  /** Index of the first token that starts at or after `pos`. */
  tokenAtOrAfter(pos: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.tokens[mid] as Token).start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the sentence containing `pos` (or the next one when `pos` falls between sentences). */
  sentenceAt(pos: number): number {
    const s = this.sentences;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s[mid] as Sentence).end <= pos) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, s.length - 1);
  }

  insideQuote(pos: number): boolean {
    const r = this.quoteRanges;
    let lo = 0;
    let hi = r.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((r[mid] as readonly [number, number])[1] <= pos) lo = mid + 1;
      else hi = mid;
    }
    const q = r[lo];
    return q !== undefined && q[0] <= pos && pos < q[1];
  }

  tok(i: number): Token | undefined {
    return this.tokens[i];
  }

  word(i: number): string {
    const t = this.tokens[i];
    return t === undefined ? '' : t.lower;
  }

  /** The subject noun phrase in tokens [a, b): an entity, a pronoun or a phrase. */
  resolveNounPhrase(a: number, b: number, verbFirst: boolean): Attribution | null {
    if (b <= a) return null;
    // Named entities inside the phrase: the last person that is its head (not after a preposition, not a possessor,
    // not a modifier such as "Clinton" in "Clinton campaign spokesman Brian Fallon"). "Smith, the union's secretary":
    // the part before the comma when it names someone.
    let person: MentionRef | undefined;
    let other: MentionRef | undefined;
    let hasPreposition = false;
    for (let i = a; i < b; i++) {
      const t = this.tokens[i] as Token;
      if (t.kind === PUNCT && t.lower === ',' && (person !== undefined || other !== undefined)) break;
      if (t.kind === WORD && !t.cap && PREPOSITIONS.has(t.lower)) hasPreposition = true;
      const m = this.mentionAtStart.get(i);
      if (m === undefined || m.t1 > b) continue;
      i = m.t1 - 1;
      if (this.isOblique(m, a) || this.isModifier(m, b)) continue;
      if (m.entity.type === 'person') person = m;
      else other ??= m;
    }
    const chosen = person ?? other;
    if (chosen !== undefined) return { kind: 'entity', entity: chosen.entity };
    const first = this.tokens[a] as Token;
    if (first.kind === WORD && (first.lower === 'he' || first.lower === 'she' || first.lower === 'they' ||
      first.lower === 'it' || first.lower === 'i' || first.lower === 'we') && b - a <= 2) {
      return { kind: 'pronoun', word: first.lower, position: first.start };
    }
    // A phrase: "a spokesperson", "the Kremlin's press office", "officials".
    let end = b;
    for (let i = a; i < b; i++) {
      const t = this.tokens[i] as Token;
      if (t.kind === PUNCT && (t.lower === ',' || t.lower === '(' || t.lower === '—' || t.lower === '–')) {
        end = i;
        break;
      }
    }
    if (end - a > 8 || end <= a) return null;
    const last = this.tokens[end - 1] as Token;
    if (last.kind !== WORD || TIME_WORDS.has(last.lower)) return null;
    const firstWord = first.lower;
    const determiner = DETERMINERS.has(firstWord);
    const capitalisedRun = first.cap && !determiner;
    const plural = end - a <= 2 && !last.cap && last.lower.endsWith('s') && last.lower.length > 3;
    if (!determiner && !capitalisedRun && !plural) return null;
    if (capitalisedRun) {
      // An unrecognised name: every word capitalised.
      for (let i = a; i < end; i++) {
        const t = this.tokens[i] as Token;
        if (t.kind !== WORD || !t.cap) return null;
      }
    }
    if (verbFirst && hasPreposition && !determiner) return null;
    return { kind: 'phrase', text: this.text.slice(first.start, last.end).replace(/\s+/g, ' ') };
  }

  /** A noun phrase right after a verb: up to a comma, a full stop or a word such as "on" or "who". */
  nounPhraseAfter(a: number, b: number): Attribution | null {
    let e = a;
    while (e < b) {
      const t = this.tokens[e] as Token;
      if (t.kind === PUNCT && t.lower !== '&' && t.lower !== '-' && t.lower !== '/') break;
      if (t.kind === WORD && !t.cap && NP_STOPS.has(t.lower)) break;
      e++;
    }
    return this.resolveNounPhrase(a, e, true);
  }

  /** The attribution after a closing mark, in tokens [a, b). */
  trailing(a: number, b: number): { attribution: Attribution; strength: 'direct' | 'according' | 'name' } | null {
    // "“…” ― Carla Sanchez", "“…” — Senator Smith": a name after a dash.
    const dash = this.tokens[a];
    if (dash !== undefined && dash.kind === PUNCT && DASHES.has(dash.lower) && a + 1 < b) {
      const np = this.nounPhraseAfter(a + 1, b);
      const first = this.tokens[a + 1] as Token;
      if (np !== null && (np.kind === 'entity' || (np.kind === 'phrase' && first.cap && !DETERMINERS.has(first.lower)))) {
        return { attribution: np, strength: 'direct' };
      }
    }
    let k = a;
    while (k < b) {
      const t = this.tokens[k] as Token;
      if (t.kind === PUNCT && (t.lower === ',' || t.lower === '—' || t.lower === '–' || t.lower === '-')) k++;
      else break;
    }
    if (k >= b) return null;
    const t = this.tokens[k] as Token;
    if (t.kind !== WORD) return null;
    if (t.lower === 'according' && this.word(k + 1) === 'to') {
      const np = this.nounPhraseAfter(k + 2, b);
      return np === null ? null : { attribution: np, strength: 'according' };
    }
    if (INVERTIBLE.has(t.lower) && !t.cap) {
      const np = this.nounPhraseAfter(k + 1, b);
      return np === null ? null : { attribution: np, strength: 'direct' };
    }
    const subjectLike = this.mentionAtStart.has(k) || t.cap || DETERMINERS.has(t.lower) ||
      SUBJECT_PRONOUN_WORDS.has(t.lower) || (t.lower.endsWith('s') && !CLAUSE_OPENERS.has(t.lower));
    if (subjectLike && !CLAUSE_OPENERS.has(t.lower) && !(!t.cap && PREPOSITIONS.has(t.lower))) {
      const limit = Math.min(b, k + TRAILING_VERB_WINDOW);
      for (let v = k + 1; v < limit; v++) {
        const w = this.tokens[v] as Token;
        if (w.kind === PUNCT && (w.lower === '.' || w.lower === ';' || w.lower === ':' || w.lower === '!' ||
          w.lower === '?')) break;
        if (w.kind === WORD && !w.cap && (CLAUSE_BOUNDARIES.has(w.lower) || CLAUSE_OPENERS.has(w.lower))) break;
        if (w.kind !== WORD || w.cap || !SPEECH_VERBS.has(w.lower)) continue;
        let e = v;
        while (e > k && AUX_ADVERBS.has((this.tokens[e - 1] as Token).lower)) e--;
        const np = this.resolveNounPhrase(k, e, false);
        if (np !== null) return { attribution: np, strength: 'direct' };
        break;
      }
    }
    // A name right after the mark, with no verb: "…,” Scholz at the news conference", "…,” Texas delegate Bill
    // Eastland, wearing a cowboy hat."
    for (let i = k; i < b && i - k < 4; i++) {
      const m = this.mentionAtStart.get(i);
      if (m !== undefined && m.entity.type === 'person') return { attribution: { kind: 'entity', entity: m.entity }, strength: 'name' };
      const w = this.tokens[i] as Token;
      if (m !== undefined) {
        i = m.t1 - 1;
        continue;
      }
      if (w.kind !== WORD || SPEECH_VERBS.has(w.lower) || PREPOSITIONS.has(w.lower) || CLAUSE_OPENERS.has(w.lower)) break;
    }
    return null;
  }

  /** "…“put the biggest crack” yet in the glass ceiling, she said in a video message": an attribution after a comma. */
  lateTrailing(a: number, b: number): Attribution | null {
    for (let c = a; c < b; c++) {
      const t = this.tokens[c] as Token;
      if (t.kind !== PUNCT || t.lower !== ',' || c === a) continue;
      const found = this.trailing(c + 1, b);
      if (found !== null && found.strength === 'direct') return found.attribution;
    }
    return null;
  }

  /** The attribution before an opening mark, in tokens [a, b): the last speech verb there and its subject. */
  leading(a: number, b: number, skipQuoted = false): Attribution | null {
    if (b <= a) return null;
    if (this.word(a) === 'according' && this.word(a + 1) === 'to') {
      const np = this.nounPhraseAfter(a + 2, b);
      if (np !== null) return np;
    }
    let v = b - 1;
    for (; v >= a; v--) {
      const t = this.tokens[v] as Token;
      if (t.kind === WORD && !t.cap && (SPEECH_VERBS.has(t.lower) || PARTICIPLES.has(t.lower))) {
        if (this.isNounUse(v)) continue;
        if (!skipQuoted || !this.insideQuote(t.start)) break;
      }
    }
    if (v < a) {
      // "Republican pollster Daron Shaw: “…”": a name right before a colon, with no verb.
      if ((this.tokens[b - 1] as Token).lower === ':') {
        const m = this.mentionAtEnd.get(b - 2);
        if (m !== undefined && m.t0 >= a && m.entity.type !== 'place') {
          // "Republican pollster Daron Shaw:", not "…told the Dutch newspaper NRC Handelsblad:".
          let k = m.t0 - 1;
          while (k >= a && (this.tokens[k] as Token).kind === WORD && !PREPOSITIONS.has(this.word(k)) &&
            !SPEECH_VERBS.has(this.word(k)) && !DETERMINERS.has(this.word(k))) k--;
          if (k < a || (this.tokens[k] as Token).kind === PUNCT) return { kind: 'entity', entity: m.entity };
        }
      }
      return null;
    }
    const verb = (this.tokens[v] as Token).lower;
    // "Sanders was asked by host Bill Maher, “…”": the agent of a passive.
    if (this.word(v + 1) === 'by' && BE_FORMS.has(this.word(v - 1))) {
      for (let k = v + 2; k < b && k < v + 6; k++) {
        const m = this.mentionAtStart.get(k);
        if (m !== undefined && m.entity.type === 'person') return { kind: 'entity', entity: m.entity };
      }
    }
    // "said Smith: “…”", "added Jones, “…”": only a name (or pronoun) between the verb and a comma or colon.
    const lastBefore = this.tokens[b - 1] as Token;
    if (INVERTIBLE.has(verb) && b - 1 > v + 1 && (lastBefore.lower === ',' || lastBefore.lower === ':')) {
      const m = this.mentionAtEnd.get(b - 2);
      let onlyName = m !== undefined && m.t0 > v;
      if (m !== undefined && onlyName) {
        for (let k = v + 1; k < m.t0; k++) {
          const t = this.tokens[k] as Token;
          if (!(t.kind === WORD && (t.cap || DETERMINERS.has(t.lower) || t.lower === 'former'))) onlyName = false;
        }
      }
      if (m !== undefined && onlyName) return { kind: 'entity', entity: m.entity };
      const w = this.tokens[v + 1] as Token;
      if (b - 2 === v + 1 && (w.lower === 'he' || w.lower === 'she')) return { kind: 'pronoun', word: w.lower, position: w.start };
    }
    const subject = this.subjectBefore(a, v);
    if (subject !== null) return subject;
    // "…by saying he would help if asked": a verb without a subject of its own; try the one before.
    for (let w = v - 1; w >= a && v - w < 40; w--) {
      const t = this.tokens[w] as Token;
      if (t.kind !== WORD || t.cap || !(SPEECH_VERBS.has(t.lower) || PARTICIPLES.has(t.lower)) || this.isNounUse(w)) continue;
      if (skipQuoted && this.insideQuote(t.start)) continue;
      return this.subjectBefore(a, w);
    }
    return null;
  }

  /**
   * The subject of the speech verb at `v`. The verb's clause runs back to a clause boundary ("that", "when", a
   * semicolon…; a participle such as "saying" takes the subject of the main clause, so it runs to the sentence
   * start). The clause is cut into chunks at commas and dashes and read from the verb backwards: the chunk right
   * before the verb is the subject ("former UN Ambassador John Bolton told", "a spokesman for the Kremlin said");
   * when it is empty, appositions and participle phrases between commas are skipped ("Dean Johnson, a salesman from
   * Sumter, says", "Al Jazeera’s Dorsa Jabbari, reporting from Moscow, stated"). In a chunk, the subject is the first
   * name or pronoun that is not after a preposition, not a possessor and not a place; else a phrase.
   */
  subjectBefore(a: number, v: number): Attribution | null {
    // "Trump, Sexton said, has…", "Cruz, Blackwell wrote “…”": a person between a comma and the verb.
    let j = v - 1;
    while (j >= a && AUX_ADVERBS.has((this.tokens[j] as Token).lower)) j--;
    const near = this.mentionAtEnd.get(j);
    if (near !== undefined && near.t0 > a && near.entity.type === 'person' && (this.tokens[near.t0 - 1] as Token).lower === ',') {
      return { kind: 'entity', entity: near.entity };
    }
    const participle = PARTICIPLES.has((this.tokens[v] as Token).lower);
    let coordinated = false;
    let c = j;
    let relative = -1;
    for (; c >= a; c--) {
      const t = this.tokens[c] as Token;
      if (t.kind === PUNCT && (t.lower === ';' || t.lower === ':' || isQuoteMark(t.lower))) break;
      if (t.kind !== WORD || participle) continue;
      if (t.lower === 'who' && !t.cap) {
        relative = c;
        break;
      }
      if ((t.lower === 'and' || t.lower === 'or') && !t.cap) {
        // "Smith and Jones said": a list of names is one subject; "Smith smiled and said": look further back.
        const left = this.mentionAtEnd.get(c - 1);
        if (left !== undefined && left.entity.type !== 'place' && this.mentionAtStart.has(c + 1)) continue;
        if (this.clauseSubject(c + 1, v) !== null) break;
        coordinated = true;
        continue;
      }
      if (CLAUSE_BOUNDARIES.has(t.lower) && (!t.cap || c === a)) break;
      if (SPEECH_VERBS.has(t.lower) && !t.cap && !coordinated) break;
    }
    const start = c + 1;
    const e = Math.max(j + 1, start);
    if (relative >= 0) {
      // "Beck, who has in the past described…": the name before ", who" (or before an apposition: "McConnell, now
      // the Senate majority leader, who…").
      let k = relative - 1;
      if (k >= a && (this.tokens[k] as Token).lower === ',') k--;
      let m = this.mentionAtEnd.get(k);
      if (m === undefined) {
        let c2 = k;
        while (c2 >= a && k - c2 < 10 && (this.tokens[c2] as Token).lower !== ',') c2--;
        if (c2 > a) m = this.mentionAtEnd.get(c2 - 1);
      }
      if (m !== undefined && m.t0 >= a && m.entity.type !== 'place') return { kind: 'entity', entity: m.entity };
    }
    // Chunks, from the verb backwards; a place is the subject only when no one else is ("Russia insisted that…").
    for (const places of [false, true]) {
      const found = this.subjectInChunks(start, e, participle, places);
      if (found !== undefined) return found;
    }
    if (relative >= 0) {
      let k = relative - 1;
      if (k >= a && (this.tokens[k] as Token).lower === ',') k--;
      const m = this.mentionAtEnd.get(k);
      if (m !== undefined && m.t0 >= a) return { kind: 'entity', entity: m.entity };
    }
    return null;
  }

  /** `subjectBefore`'s reading of the chunks; undefined when none gives an answer (null: a phrase was expected). */
  subjectInChunks(start: number, e: number, participle: boolean, places: boolean): Attribution | null | undefined {
    if (participle) {
      // "with Sen. John McCain calling it…", "Ryan saying he was…": the name right before the participle.
      const near = this.mentionAtEnd.get(e - 1);
      const withBefore = near !== undefined && this.word(near.t0 - 1) === 'with';
      if (near !== undefined && near.t0 >= start && near.entity.type !== 'place' && (withBefore || !this.isOblique(near, start))) {
        return { kind: 'entity', entity: near.entity };
      }
      // "Spicer said, adding…": the subject of the speech verb before it.
      for (let w = e - 1; w >= start; w--) {
        const t = this.tokens[w] as Token;
        if (t.kind !== WORD || t.cap || !INVERTIBLE.has(t.lower) || this.isNounUse(w)) continue;
        const found = this.subjectBefore(start, w);
        if (found !== null) return found;
        if (INVERTIBLE.has(t.lower)) {
          const after = this.nounPhraseAfter(w + 1, e);
          if (after !== null && after.kind !== 'phrase') return after;
        }
        break;
      }
      return this.mainClauseSubject(start, e, places);
    }
    let chunkEnd = e;
    let own = true;
    let fallback: Attribution | null | undefined;
    for (let k = e - 1; k >= start - 1; k--) {
      const t = this.tokens[k];
      const boundary = k < start || (t !== undefined && t.kind === PUNCT && CHUNK_BREAKS.has(t.lower));
      if (!boundary) continue;
      const chunkStart = k + 1;
      if (chunkStart < chunkEnd) {
        const first = this.tokens[chunkStart] as Token;
        const lower = first.kind === WORD && !first.cap && !DETERMINERS.has(first.lower) && !SUBJECT_PRONOUN_WORDS.has(first.lower);
        const apposition = !own && chunkStart > start && (DETERMINERS.has(first.lower) || POSSESSIVE_WORDS.has(first.lower) ||
          lower || first.lower.endsWith('ing'));
        if (!apposition) {
          const found = this.clauseSubject(chunkStart, chunkEnd, places);
          if (found !== null) return found;
          if (own) {
            const phrase = this.phraseBefore(chunkStart, chunkEnd);
            // "Anthony Anton, president and CEO of the association, stated": a role before the verb, the name before it.
            if (lower && chunkStart > start) fallback = phrase;
            else if (phrase !== null || places) return phrase;
          }
        }
      }
      own = false;
      chunkEnd = k;
    }
    return fallback === null ? undefined : fallback;
  }

  /**
   * The subject of the main clause, for a participle ("Trump went after Bush, calling him…"): the first chunk that is
   * not an opener ("After the debate,", "Speaking in Ohio,"), a dateline ("PHILADELPHIA, July 25 (UPI) —") or a place.
   */
  mainClauseSubject(start: number, e: number, places: boolean): Attribution | null | undefined {
    let chunkStart = start;
    for (let k = start; k <= e; k++) {
      const t = this.tokens[k];
      const boundary = k === e || (t !== undefined && t.kind === PUNCT && CHUNK_BREAKS.has(t.lower));
      if (!boundary) continue;
      if (k > chunkStart && !this.isOpenerChunk(chunkStart, k)) {
        const found = this.clauseSubject(chunkStart, k, places);
        if (found !== null) return found;
        const first = this.tokens[chunkStart] as Token;
        if (DETERMINERS.has(first.lower)) return this.phraseAfter(chunkStart, k);
      }
      chunkStart = k + 1;
    }
    return undefined;
  }

  /** An opening adverbial, a dateline or a bare place: a chunk that holds no subject. */
  isOpenerChunk(a: number, b: number): boolean {
    const first = this.tokens[a] as Token;
    if (first.kind === WORD && (PREPOSITIONS.has(first.lower) || CLAUSE_BOUNDARIES.has(first.lower) ||
      first.lower.endsWith('ing') || first.lower === 'according' || SENTENCE_OPENERS.has(first.lower))) return true;
    let lowercase = false;
    for (let k = a; k < b; k++) {
      const t = this.tokens[k] as Token;
      if (t.kind === WORD && !t.cap && !/^\d/.test(t.lower)) lowercase = true;
    }
    if (!lowercase) {
      // "PHILADELPHIA", "July 25", "(UPI)", "Concord, N.H.": no lowercase word and no person.
      for (let k = a; k < b; k++) {
        const m = this.mentionAtStart.get(k);
        if (m !== undefined && m.entity.type === 'person') return false;
      }
      return true;
    }
    return false;
  }

  /** The noun phrase starting at `a` (a determiner), up to a verb-like word, at most eight words. */
  phraseAfter(a: number, b: number): Attribution | null {
    let e = a + 1;
    while (e < b && e - a < 8) {
      const t = this.tokens[e] as Token;
      if (t.kind !== WORD || (!t.cap && (AUX_ADVERBS.has(t.lower) || PREPOSITIONS.has(t.lower) || IRREGULAR_PASTS.has(t.lower) ||
        (/ed$/.test(t.lower) && e > a + 1)))) break;
      e++;
    }
    if (e - a < 2) return null;
    return this.resolveNounPhrase(a, e, false);
  }

  /** A noun phrase ending at `e`, back to its determiner ("a spokesman for the Kremlin"), or a plural ("officials"). */
  phraseBefore(start: number, e: number): Attribution | null {
    let s = e - 1;
    while (s >= start && e - s <= 8) {
      const t = this.tokens[s] as Token;
      if (t.kind === PUNCT && t.lower !== '-') return null;
      if (t.kind === WORD && DETERMINERS.has(t.lower)) return this.resolveNounPhrase(s, e, false);
      s--;
    }
    const last = this.tokens[e - 1] as Token;
    if (e - start <= 2 && last.kind === WORD && !last.cap && last.lower.endsWith('s') && last.lower.length > 3 &&
      !TIME_WORDS.has(last.lower)) {
      return { kind: 'phrase', text: this.text.slice(last.start, last.end) };
    }
    return null;
  }

  /** "Obama consultant Cornell Belcher": a name followed, after a few lowercase words, by a person's name. */
  modifiesPerson(m: MentionRef): boolean {
    for (let k = m.t1; k < m.t1 + 3; k++) {
      const t = this.tokens[k];
      if (t === undefined) return false;
      const next = this.mentionAtStart.get(k);
      if (next !== undefined) return k > m.t1 && next.entity.type === 'person';
      if (t.kind !== WORD || t.cap || AUX_ADVERBS.has(t.lower) || SPEECH_VERBS.has(t.lower) || PREPOSITIONS.has(t.lower)) return false;
    }
    return false;
  }

  /** "in her opening remarks", "the claims": a speech verb's form used as a noun. */
  isNounUse(v: number): boolean {
    const t = this.tokens[v] as Token;
    const p1 = this.tokens[v - 1];
    if (p1 === undefined || p1.kind !== WORD) return false;
    if (PARTICIPLES.has(t.lower)) return DETERMINERS.has(p1.lower) || POSSESSIVE_WORDS.has(p1.lower);
    // "a swiftly called meeting": a past participle used as an adjective.
    if (t.lower.endsWith('ed') && p1.lower.endsWith('ly') && DETERMINERS.has(this.word(v - 2))) return true;
    if (!NOUN_LIKE_VERBS.has(t.lower)) return false;
    if (DETERMINERS.has(p1.lower) || POSSESSIVE_WORDS.has(p1.lower) || PREPOSITIONS.has(p1.lower)) return true;
    const p2 = this.tokens[v - 2];
    return p2 !== undefined && !p1.cap && !AUX_ADVERBS.has(p1.lower) && (DETERMINERS.has(p2.lower) || POSSESSIVE_WORDS.has(p2.lower));
  }

  /** Whether a mention follows a preposition (determiners skipped) or is a possessor. */
  afterPreposition(m: MentionRef, a: number): boolean {
    const before = this.tokens[m.t0 - 1];
    if (before !== undefined && (before.lower === '(' || before.lower === 'a' || before.lower === 'an')) return true;
    let k = m.t0 - 1;
    while (k >= a && DETERMINERS.has((this.tokens[k] as Token).lower)) k--;
    const prev = this.tokens[k];
    return k >= a && prev !== undefined && prev.kind === WORD && PREPOSITIONS.has(prev.lower);
  }

  isOblique(m: MentionRef, a: number): boolean {
    const before = this.tokens[m.t0 - 1];
    // "Worcester, Massachusetts": a place that qualifies the place before it.
    if (m.entity.type === 'place' && before?.lower === ',') {
      const prior = this.mentionAtEnd.get(m.t0 - 2);
      if (prior !== undefined && prior.entity.type === 'place') return true;
    }
    // "(AP)", "a Twitter comment": names take no indefinite article.
    if (before !== undefined && (before.lower === '(' || before.lower === 'a' || before.lower === 'an')) return true;
    let k = m.t0 - 1;
    while (k >= a && DETERMINERS.has((this.tokens[k] as Token).lower)) k--;
    const prev = this.tokens[k];
    if (k >= a && prev !== undefined && prev.kind === WORD && PREPOSITIONS.has(prev.lower)) return true;
    // "voted for JFK and Bill Clinton": the second of two names after a preposition.
    if ((before?.lower === 'and' || before?.lower === 'or') && m.t0 - 2 >= a) {
      const left = this.mentionAtEnd.get(m.t0 - 2);
      if (left !== undefined && left !== m && this.isOblique(left, a)) return true;
    }
    const next = this.tokens[m.t1];
    // "Christie's been making the case": a contraction, not a possessive.
    return next !== undefined && next.kind === POSS && !CONTRACTION_AFTER.has(this.word(m.t1 + 1));
  }

  /**
   * A name that modifies a noun after it, before `b` (the verb or the phrase end): "the Clinton campaign said", "FBI
   * general counsel James Baker" (there the person after it is the head).
   */
  isModifier(m: MentionRef, b: number): boolean {
    const next = this.tokens[m.t1];
    if (m.t1 >= b || next === undefined || next.kind !== WORD || next.cap) return false;
    return isNounLike(next.lower);
  }

  /**
   * The subject of a clause: its first person that is not oblique (after a preposition, a possessor) and not quoted;
   * else its first organisation or pronoun. A name that modifies a noun is replaced by the person after it ("FBI
   * general counsel James Baker") or, when the noun ends the clause, by the phrase ("the Clinton campaign").
   */
  clauseSubject(a: number, b: number, places = false): Attribution | null {
    let other: Attribution | null = null;
    let pronoun: Attribution | null = null;
    for (let i = a; i < b; i++) {
      const t = this.tokens[i] as Token;
      const m = this.mentionAtStart.get(i);
      if (m !== undefined) {
        if (m.t1 <= b && (places || m.entity.type !== 'place') && !this.isOblique(m, a) && !this.insideQuote(m.start)) {
          if (this.isModifier(m, b)) {
            let k = m.t1;
            while (k < b && k - m.t1 < 5) {
              const w = this.tokens[k] as Token;
              if (w.kind !== WORD || this.mentionAtStart.has(k)) break;
              if (w.cap ? !TITLES.has(w.lower) : !isNounLike(w.lower)) break;
              k++;
            }
            const head = this.mentionAtStart.get(k);
            if (head !== undefined && head.entity.type === 'person' && head.t1 <= b) return { kind: 'entity', entity: head.entity };
            if (k >= b) {
              let s = m.t0;
              const d = this.tokens[s - 1];
              if (d !== undefined && s - 1 >= a && DETERMINERS.has(d.lower)) s--;
              let e = b;
              while (e > m.t1 && AUX_ADVERBS.has((this.tokens[e - 1] as Token).lower)) e--;
              const first = this.tokens[s] as Token;
              const last = this.tokens[e - 1] as Token;
              other ??= { kind: 'phrase', text: this.text.slice(first.start, last.end).replace(/\s+/g, ' ') };
              i = m.t1 - 1;
              continue;
            }
            // "Trump shot back in a statement, saying": the words after the name were its verb phrase.
          }
          if (m.entity.type === 'person') return pronoun ?? { kind: 'entity', entity: m.entity };
          other ??= { kind: 'entity', entity: m.entity };
        }
        i = m.t1 - 1;
        continue;
      }
      if (pronoun === null && t.kind === WORD && (t.lower === 'he' || t.lower === 'she' || t.lower === 'they') &&
        !this.insideQuote(t.start)) {
        pronoun = { kind: 'pronoun', word: t.lower, position: t.start };
        if (other === null) return pronoun;
      }
    }
    return other ?? pronoun;
  }

  /**
   * The subject of a sentence with no speech verb, for a quote set in it ("Trump identified the judge as
   * “Spanish”"): a name or pronoun among its first words, after an opening adverbial ("On Twitter, …").
   */
  sentenceSubject(a: number, b: number): Attribution | null {
    // From the sentence start, else after each of its first commas ("As the race turned south, Clinton decried…").
    let from = a;
    for (let attempt = 0; attempt < 4 && from < b; attempt++) {
      const found = this.subjectAt(from, b);
      if (found !== null) return found;
      let c = from;
      while (c < b && (this.tokens[c] as Token).lower !== ',') c++;
      from = c + 1;
    }
    return null;
  }

  subjectAt(a: number, b: number): Attribution | null {
    let i = a;
    while (i < b && SENTENCE_OPENERS.has((this.tokens[i] as Token).lower)) i++;
    const first = this.tokens[i];
    if (first !== undefined && first.kind === WORD && PREPOSITIONS.has(first.lower)) {
      let k = i;
      while (k < b && k - i < 10 && (this.tokens[k] as Token).lower !== ',') k++;
      if (k < b && (this.tokens[k] as Token).lower === ',') i = k + 1;
      else return null;
    }
    for (let k = i; k < b && k - i < 7; k++) {
      const t = this.tokens[k] as Token;
      const m = this.mentionAtStart.get(k);
      if (m !== undefined) {
        // A possessor may stand for the speaker here: "Clinton’s campaign slogan is “I’m with her.”"
        if (this.tokens[m.t1]?.kind === POSS) {
          // "Germany’s Chancellor Angela Merkel heralded…", "The Blaze’s Matt Walsh provided…"
          for (let h = m.t1 + 1; h < b && h < m.t1 + 5; h++) {
            const head = this.mentionAtStart.get(h);
            if (head !== undefined) {
              if (head.entity.type === 'person') return { kind: 'entity', entity: head.entity };
              break;
            }
          }
        }
        if (!this.afterPreposition(m, i) && (m.entity.type !== 'place' || k === i)) {
          // "Former Obama spokesman Robert Gibbs derided…": the person after a modifying name.
          let h = m.t1;
          while (h < b && h - m.t1 < 5 && (this.tokens[h] as Token).kind === WORD && !this.mentionAtStart.has(h) &&
            ((this.tokens[h] as Token).cap ? TITLES.has(this.word(h)) : isNounLike(this.word(h)))) h++;
          const head = h > m.t1 ? this.mentionAtStart.get(h) : undefined;
          if (head !== undefined && head.entity.type === 'person') return { kind: 'entity', entity: head.entity };
          return { kind: 'entity', entity: m.entity };
        }
        if (m.entity.type !== 'place') return null;
        k = m.t1 - 1;
        continue;
      }
      if (t.kind === WORD && (t.lower === 'he' || t.lower === 'she')) return { kind: 'pronoun', word: t.lower, position: t.start };
      if (t.kind !== WORD || (!t.cap && !/^[a-z-]+$/.test(t.lower)) || PREPOSITIONS.has(t.lower) ||
        CLAUSE_BOUNDARIES.has(t.lower)) return null;
    }
    return null;
  }

  /** Resolves an attribution to a speaker name and cue. */
  speakerOf(attribution: Attribution | null): Found {
    if (attribution === null) return NO_SPEAKER;
    switch (attribution.kind) {
      case 'entity':
        return {
          speaker: attribution.entity.name,
          cue: attribution.entity.type === 'person' ? 'explicit' : 'organization',
          entity: attribution.entity,
        };
      case 'phrase':
        return { speaker: attribution.text, cue: 'explicit' };
      case 'pronoun': {
        const entity = this.resolvePronoun(attribution.word, attribution.position);
        return entity === null ? NO_SPEAKER : { speaker: entity.name, cue: 'pronoun', entity };
      }
    }
  }

  /**
   * The entity a pronoun at `position` stands for, outside quotations. "he"/"she": sentence by sentence backwards from
   * the pronoun's own, the first person of fitting gender in that sentence (subjects come first: a person after a
   * preposition or before a possessive is taken only when no other fits). "they"/"it": the nearest organisation in
   * the last three sentences.
   */
  resolvePronoun(word: string, position: number): Entity | null {
    const personal = word === 'he' || word === 'she';
    if (!personal && word !== 'they' && word !== 'it') return null;
    const gender = word === 'he' ? 'male' : word === 'she' ? 'female' : undefined;
    const sentence = this.sentenceAt(position);
    const paragraph = (this.sentences[sentence] as Sentence).paragraphIndex;
    const bySentence = this.mentionsBySentence();
    if (personal) return this.rankPersons(gender as EntityGender, position, sentence, paragraph);
    for (let s = sentence; s >= 0 && s >= sentence - 2; s--) {
      const list = bySentence[s];
      if (list === undefined) continue;
      let fallback: Entity | null = null;
      for (const m of list) {
        if (m.end > position || m.inQuote || m.entity.type !== 'organization') continue;
        fallback = m.entity;
      }
      if (fallback !== null) return fallback;
    }
    return null;
  }

  /**
   * "he"/"she": the people of fitting gender named (outside quotations) in the last sentences, scored: being the
   * first person of their sentence and not after a preposition or before a possessive or a role noun (its subject),
   * having just spoken (the subject of a speech verb), having a gender the text shows, and nearness.
   */
  rankPersons(gender: EntityGender, position: number, sentence: number, paragraph: number): Entity | null {
    const bySentence = this.mentionsBySentence();
    this.speakerEvents();
    const narrative = this.narrativeIndex();
    let best: Entity | null = null;
    let bestScore = -Infinity;
    for (let s = sentence; s >= 0; s--) {
      if ((this.sentences[s] as Sentence).paragraphIndex < paragraph - PRONOUN_PARAGRAPHS) break;
      const distance = (narrative[sentence] as number) - (narrative[s] as number);
      if (distance > PRONOUN_SENTENCES) break;
      const list = bySentence[s];
      if (list === undefined) continue;
      for (const m of list) {
        if (m.end > position || m.inQuote || m.entity.type !== 'person') continue;
        if (m.entity.gender !== undefined && m.entity.gender !== gender) continue;
        const score = (m.first ? W_SUBJECT : 0) + (m.speaker ? W_SPEAKER : 0) + (m.entity.gender !== undefined ? W_GENDER : 0) -
          distance * W_DISTANCE - (m.oblique ? W_OBLIQUE : 0);
        if (score > bestScore) {
          bestScore = score;
          best = m.entity;
        }
      }
    }
    return best;
  }

  private narrative: Int32Array | null = null;

  /** For each sentence, how many sentences up to it have words outside quotations (quoted sentences add no distance). */
  narrativeIndex(): Int32Array {
    if (this.narrative !== null) return this.narrative;
    const out = new Int32Array(this.sentences.length);
    let n = 0;
    let t = 0;
    for (let s = 0; s < this.sentences.length; s++) {
      const sentence = this.sentences[s] as Sentence;
      while (t < this.tokens.length && (this.tokens[t] as Token).start < sentence.start) t++;
      let outside = false;
      for (let k = t; k < this.tokens.length && (this.tokens[k] as Token).start < sentence.end; k++) {
        const tok = this.tokens[k] as Token;
        if (tok.kind === WORD && !this.insideQuote(tok.start)) {
          outside = true;
          break;
        }
      }
      if (outside) n++;
      out[s] = n;
    }
    this.narrative = out;
    return out;
  }

  private bySentence: MentionRef[][] | null = null;
  private events: Array<{ position: number; entity: Entity }> | null = null;

  /** People named as the subject of a speech verb outside quotations, in text order. */
  speakerEvents(): Array<{ position: number; entity: Entity }> {
    if (this.events !== null) return this.events;
    const events: Array<{ position: number; entity: Entity }> = [];
    this.events = events;
    let si = 0;
    for (let v = 0; v < this.tokens.length; v++) {
      const t = this.tokens[v] as Token;
      if (t.kind !== WORD || t.cap || !SPEECH_VERBS.has(t.lower) || this.insideQuote(t.start) || this.isNounUse(v)) continue;
      while (si < this.sentences.length - 1 && (this.sentences[si] as Sentence).end <= t.start) si++;
      const a = this.tokenAtOrAfter((this.sentences[si] as Sentence).start);
      let found = this.subjectBefore(a, v);
      if (found === null && INVERTIBLE.has(t.lower)) found = this.nounPhraseAfter(v + 1, this.tokenAtOrAfter((this.sentences[si] as Sentence).end));
      if (found !== null && found.kind === 'entity' && found.entity.type === 'person') {
        events.push({ position: t.start, entity: found.entity });
        // Mark the mention that names the speaker: the nearest one before the verb (else after it, "said Smith").
        const list = this.mentionsBySentence()[si] ?? [];
        let mark: MentionRef | undefined;
        for (const m of list) {
          if (m.entity !== found.entity) continue;
          if (m.start < t.start || mark === undefined) mark = m;
        }
        if (mark !== undefined) mark.speaker = true;
      }
    }
    return events;
  }

  mentionsBySentence(): MentionRef[][] {
    if (this.bySentence !== null) return this.bySentence;
    const out: MentionRef[][] = [];
    for (const m of this.mentions) {
      const s = this.sentenceAt(m.start);
      (out[s] ??= []).push(m);
      const prev = this.tokens[m.t0 - 1];
      const next = this.tokens[m.t1];
      m.oblique = (prev !== undefined && prev.kind === WORD && !prev.cap && PREPOSITIONS.has(prev.lower)) ||
        (next !== undefined && (next.kind === POSS || ROLE_NOUNS.has(next.lower))) || this.modifiesPerson(m);
    }
    for (const list of out) {
      if (list === undefined) continue;
      const first = list.find((m) => m.entity.type === 'person' && !m.oblique && !m.inQuote);
      if (first !== undefined) first.first = true;
    }
    this.bySentence = out;
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The stage

interface Draft {
  readonly raw: RawQuote;
  readonly start: number;
  readonly end: number;
  readonly fragment: boolean;
  readonly sentenceIndex: number;
  found: Found;
  /** The speaker came from the quote's own sentence. */
  own: boolean;
  /** The subject of the quote's sentence when it has no speech verb: the last resort before the context. */
  readonly subject: Found;
}

export function extractQuotes(input: AnalysisInput, entities: readonly Entity[]): Quote[] {
  const { text } = input;
  if (text.length === 0) return [];
  const az = new Analyzer(input, entities);
  const raws = findRawQuotes(text, az.paragraphs);
  if (raws.length === 0) return [];
  az.quoteRanges = raws.map((r) => [r.open, r.closeEnd] as const);
  for (const m of az.mentions) m.inQuote = az.insideQuote(m.start);

  const drafts: Draft[] = [];
  for (let qi = 0; qi < raws.length; qi++) {
    const raw = raws[qi] as RawQuote;
    let s = raw.openEnd;
    let e = raw.close;
    while (s < e && isSpaceCode(text.charCodeAt(s))) s++;
    while (e > s && (isSpaceCode(text.charCodeAt(e - 1)) || isTrailingPunctuation(text.charCodeAt(e - 1)))) e--;
    if (e <= s || !hasWords(text, s, e)) continue;
    const sentenceIndex = az.sentenceAt(s);
    const openSentence = az.sentenceAt(raw.open);
    const sentenceStart = (az.sentences[openSentence] as Sentence).start;
    // Tokens before the opening mark in its sentence (from the previous quote's end when it is in the same sentence).
    const previous = raws[qi - 1];
    const leadFrom = Math.max(sentenceStart, previous !== undefined && previous.closeEnd <= raw.open ? previous.closeEnd : 0);
    const la = az.tokenAtOrAfter(leadFrom);
    const lb = az.tokenAtOrAfter(raw.open);
    const wordsInside = countWords(az, s, e);
    const before = lb > la ? (az.tok(lb - 1) as Token) : undefined;
    const embedded = before !== undefined && (before.kind === WORD || before.kind === POSS) && !raw.continued;
    const startsUpper = isUpperStart(text, s);
    const terminal = isTerminalPunctuation(text.charCodeAt(raw.close - 1));
    const fragment = embedded && wordsInside <= FRAGMENT_MAX_WORDS && !(startsUpper && terminal && wordsInside >= 4);
    // A title in quotation marks is no quote: CBS’s “Face the Nation”, the film “Trainwreck”, told “Morning Joe”.
    if (fragment && before !== undefined && isTitleCase(az, s, e) && (before.kind === POSS || TITLE_CUES.has(before.lower))) continue;

    const { found, own } = attributeInSentence(az, raws, qi, fragment, la, lb);
    const subject = own || raw.continued ? NO_SPEAKER : az.speakerOf(az.sentenceSubject(az.tokenAtOrAfter(sentenceStart), lb));
    drafts.push({ raw, start: s, end: e, fragment, sentenceIndex, found, own, subject });
  }

  // Context: multi-paragraph quotes share a speaker; quotes with no attribution of their own go on from before.
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as Draft;
    if (d.raw.continued) {
      const prev = drafts[i - 1];
      if (prev !== undefined && prev.raw.openEnded) {
        if (d.own && d.found.speaker !== null && prev.found.speaker === null) {
          // The attribution came at the end of the last part: give it to the earlier parts.
          for (let k = i - 1; k >= 0; k--) {
            const p = drafts[k] as Draft;
            if (!p.raw.openEnded || p.found.speaker !== null) break;
            p.found = { speaker: d.found.speaker, cue: 'continuation' };
            if (!p.raw.continued) break;
          }
        }
        if (d.found.speaker === null && prev.found.speaker !== null) {
          d.found = { speaker: prev.found.speaker, cue: 'continuation' };
        }
        continue;
      }
    }
    if (d.own || d.found.speaker !== null) continue;
    // Another quote earlier in the same sentence: "Trump called him a “loser,” a “liar” and a “whiner.”"
    const prev = drafts[i - 1];
    const sentenceStart = (az.sentences[az.sentenceAt(d.raw.open)] as Sentence).start;
    if (prev !== undefined && prev.raw.closeEnd > sentenceStart && prev.found.speaker !== null) {
      d.found = { speaker: prev.found.speaker, cue: 'continuation' };
      continue;
    }
    if (d.subject.speaker !== null) {
      d.found = d.subject;
      continue;
    }
    if (d.fragment) continue;
    d.found = contextSpeaker(az, drafts, i);
  }
  // Second pass: earlier open-ended parts whose later part found a speaker through the context.
  for (let i = drafts.length - 1; i > 0; i--) {
    const d = drafts[i] as Draft;
    const prev = drafts[i - 1] as Draft;
    if (d.raw.continued && prev.raw.openEnded && prev.found.speaker === null && d.found.speaker !== null) {
      prev.found = { speaker: d.found.speaker, cue: 'continuation' };
    }
  }

  return drafts.map((d) => ({
    start: d.start,
    end: d.end,
    text: text.slice(d.start, d.end),
    speaker: d.found.speaker,
    speakerCue: d.found.speaker === null ? null : d.found.cue,
    fragment: d.fragment,
    sentenceIndex: d.sentenceIndex,
    ...(d.raw.continued ? { continuesPrevious: true } : {}),
    stage: 'quotes' as const,
  }));
}

/**
 * The attribution in a quote's own sentence, tokens [la, lb) before it: one right after the closing mark (a speech
 * verb and its subject, in either order, or a dash and a name; or alone in a short sentence right after it), else a
 * speech verb before the opening mark, else "according to X" or a name right after the mark, else an attribution
 * after a later comma of the sentence.
 */
function attributeInSentence(
  az: Analyzer,
  raws: readonly RawQuote[],
  qi: number,
  fragment: boolean,
  la: number,
  lb: number,
): { found: Found; own: boolean } {
  const raw = raws[qi] as RawQuote;
  const lead = raw.continued ? null : az.leading(la, lb);
  if (raw.openEnded) return { found: az.speakerOf(lead), own: lead !== null };
  // Tokens after the closing mark in its sentence, up to the next quote.
  const closeSentence = az.sentences[az.sentenceAt(Math.max(raw.close - 1, raw.open))] as Sentence;
  const next = raws[qi + 1];
  const trailEnd = Math.min(closeSentence.end, next !== undefined && next.open >= raw.closeEnd ? next.open : Infinity);
  const ta = az.tokenAtOrAfter(raw.closeEnd);
  const tb = az.tokenAtOrAfter(trailEnd);
  let trail = tb > ta ? az.trailing(ta, tb) : null;
  if (trail === null && trailEnd === closeSentence.end) {
    // "“…missing.” Trump said.": a short sentence of its own right after the quote.
    const after = az.sentences[az.sentenceAt(closeSentence.end)];
    if (after !== undefined && after.index === closeSentence.index + 1 && after.paragraphIndex === closeSentence.paragraphIndex) {
      const na = az.tokenAtOrAfter(after.start);
      const nb = az.tokenAtOrAfter(after.end);
      if (nb - na <= 6) {
        const t = az.trailing(na, nb);
        if (t !== null && t.strength === 'direct') trail = t;
      }
    }
  }
  let chosen: Attribution | null = null;
  if (trail !== null && trail.strength === 'direct') chosen = trail.attribution;
  else if (lead !== null) chosen = lead;
  else if (trail !== null && (trail.strength === 'according' || !fragment)) chosen = trail.attribution;
  if (chosen === null && tb > ta) chosen = az.lateTrailing(ta, tb);
  return { found: az.speakerOf(chosen), own: chosen !== null };
}

/**
 * A quote with no attribution in its sentence: the speaker of the quote just before (in the previous sentence or
 * earlier in this one), or the subject of a speech verb in the previous sentence, or a transcript label.
 */
function contextSpeaker(az: Analyzer, drafts: readonly Draft[], i: number): Found {
  const d = drafts[i] as Draft;
  const openSentence = az.sentenceAt(d.raw.open);
  const sentence = az.sentences[openSentence] as Sentence;
  // A transcript label opening the paragraph: "PENCE: Well, look…".
  const para = az.paragraphs[sentence.paragraphIndex];
  if (para !== undefined) {
    const t0 = az.tokenAtOrAfter(para.start);
    const m = az.mentionAtStart.get(t0);
    if (m !== undefined && az.tok(m.t1)?.lower === ':' && m.entity.type === 'person' && m.end < d.raw.open) {
      return { speaker: m.entity.name, cue: 'explicit' };
    }
  }
  const prevSentence = az.sentences[openSentence - 1];
  if (prevSentence === undefined || prevSentence.paragraphIndex < sentence.paragraphIndex - 1) return NO_SPEAKER;
  const prevPara = az.paragraphs[prevSentence.paragraphIndex];
  if (prevPara !== undefined && prevPara.kind === 'heading') return NO_SPEAKER;
  // The quote just before, if it ends in the previous sentence or in this one.
  const prev = drafts[i - 1];
  if (prev !== undefined && !prev.fragment && prev.raw.closeEnd > prevSentence.start && prev.found.speaker !== null) {
    return { speaker: prev.found.speaker, cue: 'continuation' };
  }
  // Or two sentences back in this paragraph, past a sentence of narrative with no speech verb ("…,” Obama said after
  // the meeting. He did not suggest retaliation. “Our goal is not…”).
  const before = az.sentences[openSentence - 2];
  if (prev !== undefined && !prev.fragment && prev.found.speaker !== null && before !== undefined &&
    before.paragraphIndex === sentence.paragraphIndex && prev.raw.closeEnd > before.start &&
    az.leading(az.tokenAtOrAfter(prevSentence.start), az.tokenAtOrAfter(prevSentence.end), true) === null) {
    return { speaker: prev.found.speaker, cue: 'continuation' };
  }
  // A speech verb in the previous sentence, outside its quotes: "Scholz said a ceasefire must come first."
  const a = az.tokenAtOrAfter(prevSentence.start);
  const b = az.tokenAtOrAfter(prevSentence.end);
  const end = b;
  const lead = az.leading(a, end, true);
  if (lead === null) return NO_SPEAKER;
  const found = az.speakerOf(lead);
  if (found.speaker === null) return NO_SPEAKER;
  const endsWithColon = az.tok(b - 1)?.lower === ':';
  return endsWithColon ? found : { speaker: found.speaker, cue: 'continuation' };
}

/** Every word capitalised but for short function words after the first: "Face the Nation", "Meet the Press." */
function isTitleCase(az: Analyzer, s: number, e: number): boolean {
  let n = 0;
  for (let i = az.tokenAtOrAfter(s); i < az.tokens.length; i++) {
    const t = az.tokens[i] as Token;
    if (t.start >= e) break;
    if (t.kind !== WORD) continue;
    if (!t.cap && !(n > 0 && TITLE_SMALL_WORDS.has(t.lower)) && !/^\d/.test(t.lower)) return false;
    n++;
  }
  return n > 0;
}

/** Past tenses without -ed, which would otherwise look like nouns after a name ("Trump won", "Fiorina threw"). */
const IRREGULAR_PASTS = new Set(
  ('won went made took came gave got led met ran saw sat spent stood sent left lost held kept knew thought felt ' +
    'brought built bought became began broke chose drew drove fell fought found flew grew hit heard let meant paid put ' +
    'quit rode rose sold set shot shut sang slept spoke struck swore taught threw understood wore wrote did had has ' +
    'can will would should could may might must does says tells asks gets makes takes wants needs seems looks ' +
    'appears remains believes thinks knows hopes expects plans').split(' '),
);

/** A lowercase word that can be the noun a name modifies ("campaign", "spokesman"), not a verb or function word. */
function isNounLike(w: string): boolean {
  return !(AUX_ADVERBS.has(w) || SPEECH_VERBS.has(w) || PARTICIPLES.has(w) || PREPOSITIONS.has(w) || CLAUSE_BOUNDARIES.has(w) ||
    CLAUSE_OPENERS.has(w) || DETERMINERS.has(w) || POSSESSIVE_WORDS.has(w) || IRREGULAR_PASTS.has(w) || /(?:ed|ing|ly)$/.test(w));
}

function isQuoteMark(c: string): boolean {
  return c === '“' || c === '”' || c === '"' || c === '«' || c === '»' || c === '„' || c === '‘' || c === '’';
}

function countWords(az: Analyzer, s: number, e: number): number {
  let n = 0;
  for (let i = az.tokenAtOrAfter(s); i < az.tokens.length; i++) {
    const t = az.tokens[i] as Token;
    if (t.start >= e) break;
    if (t.kind === WORD) n++;
  }
  return n;
}

function isTrailingPunctuation(c: number): boolean {
  return c === 0x2c || c === 0x3a || c === 0x3b || c === 0x2014 || c === 0x2013 || c === 0xff0c || c === 0x3001;
}

function isTerminalPunctuation(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
}

const UPPER_START_RE = /^[\p{Lu}\p{Lt}]/u;
function isUpperStart(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  return UPPER_START_RE.test(text.charAt(p));
}

/** What the quotes stage reads: the analysis input and the entities found before it. */
export interface QuotesStageInput extends AnalysisInput {
  readonly entities: readonly Entity[];
}

export const quotesStage: Stage<QuotesStageInput, Quote[]> = {
  name: 'quotes',
  run: (input) => extractQuotes(input, input.entities),
};
