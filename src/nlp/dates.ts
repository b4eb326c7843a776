/**
 * Dates stage: finds every expression of an English article that names a calendar day, month or year, and resolves
 * it against the article's published time: "on Tuesday" → 2025-03-18, "since January" → 2025-01, "last year"
 * → 2024.
 *
 * Three parts, each an ordered list of small pure steps:
 *
 * 1. Reading (chrono-node). Each sentence goes through chrono's casual English configuration with what does not fit
 *    news dates taken out (clock times, durations such as "for 48 hours" or "in 30 days", ranges, "end of" periods,
 *    time zones) and our own parsers and refiners added: explicit years ("in 2019", "mid-2023", "fiscal 1998");
 *    blockers that take the words of quarters, seasons, decades and centuries ("the third quarter of 1989", "the
 *    1990s") so that their year does not come out alone; "February this year" read as one date.
 * 2. Checking (CANDIDATE_CHECKS). Dropped: blockers, "now", weeks and clock-time units ("last week", "48 hours ago"),
 *    lowercase month and weekday words ("protesters march"), names and the modal ("Theresa May", "April Jones", "May
 *    I…"), generic "today's world", weekday abbreviations alone ("The Sun"), offsets counted from the story's time
 *    ("a day earlier"), "a year ago" (in business news a quarter a year back), recurring weekdays ("every Thursday"),
 *    fractions ("3/4").
 * 3. Resolving (resolveCandidate). The granularity is what chrono is certain of (`isCertain`): a day (or a weekday),
 *    a month, a year. What it is not certain of is filled in with news past-bias: a bare weekday or month is the most
 *    recent one, the publication day or month included, unless tense cues near it ("will", "is expected to", "plans
 *    to", "next month") speak of the future, when it is the upcoming one. A day of the month without a year ("Jan. 5")
 *    follows the cues of its clause too, and is otherwise the nearest such day: news leaves out the year of dates
 *    close to publication. "last", "next" and "this" before a weekday or a month say which one.
 *
 * Days are counted in the published time's own offset: an article published 2025-03-18T23:30:00-05:00 is on the 18th,
 * whatever the time zone of the machine.
 *
 * Not dates here, on purpose: weeks ("last week": TimeML writes `2025-W11`, outside `YYYY(-MM(-DD))`), weekends,
 * quarters, seasons, decades, centuries, clock times ("at 10:00", "3 p.m."), "now", durations ("30 days", "for 48
 * hours", "two years"), holidays ("Thanksgiving Day"), anaphora ("that year", "the day before"), spelled-out years.
 *
 * The mention is the date's words with the modifier and the preposition before them ("on Tuesday", "since January",
 * "in early 2019", "Last May"), always `text.slice(start, end)`; results are in text order and do not overlap.
 */
import * as chrono from 'chrono-node';
import type { Sentence } from '../domain/article.ts';
import type { AnalysisInput, DateGranularity, DateMention } from './analysis-types.ts';
import type { Stage } from './stage.ts';

export function extractDates(input: AnalysisInput): DateMention[] {
  if (input.language !== 'en') return [];
  const reference = readReference(input.publishedAt);
  if (reference === null) return [];
  const out: DateMention[] = [];
  for (const sentence of input.segmentation.sentences) {
    out.push(...datesInSentence(input.text, sentence, reference));
  }
  return out;
}

export const datesStage: Stage<AnalysisInput, DateMention[]> = { name: 'dates', run: extractDates };

// ---------------------------------------------------------------------------------------------------------------
// Calendar arithmetic on civil dates (no time zone involved: days are counted in the published offset beforehand)

interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01. */
function dayNumber(d: CivilDate): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / MS_PER_DAY);
}

function fromDayNumber(n: number): CivilDate {
  const date = new Date(n * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------------------------
// The published time

interface Reference {
  /** The published instant with its offset, as chrono takes it. */
  readonly chrono: chrono.ParsingReference;
  /** The publication day, counted in the published offset. */
  readonly today: CivilDate;
  readonly todayNumber: number;
}

const OFFSET = /(?:Z|([+-])(\d{2}):?(\d{2}))$/i;

/** The published instant and the day it falls on in its own offset; null when `publishedAt` is not ISO 8601. */
function readReference(publishedAt: string): Reference | null {
  const instant = Date.parse(publishedAt);
  if (!Number.isFinite(instant)) return null;
  const zone = OFFSET.exec(publishedAt.trim());
  const sign = zone?.[1] === '-' ? -1 : 1;
  const offsetMinutes = zone?.[1] === undefined ? 0 : sign * (Number(zone[2]) * 60 + Number(zone[3]));
  const local = new Date(instant + offsetMinutes * 60_000);
  const today = { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
  return { chrono: { instant: new Date(instant), timezone: offsetMinutes }, today, todayNumber: dayNumber(today) };
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Reading: chrono's casual English, trimmed to news dates, plus our parsers

/**
 * Parts of chrono's casual English configuration that are taken out, by class name (chrono does not export the
 * classes). `buildChrono` throws when one is missing, so that a chrono upgrade that renames them is noticed at once.
 */
const REMOVED_PARSERS = [
  'ENTimeExpressionParser', // clock times: "at 10:00", "3 p.m." (and "10 p" of "10 p.c.")
  'ENCasualTimeParser', // "this morning", "noon": times of day
  'ENTimeUnitWithinFormatParser', // "in 30 days", "for 48 hours", "within two weeks": durations
  'ENTimeUnitLaterFormatParser', // "two days later": counted from the story's own time, not from publication
  'ENTimeUnitCasualRelativeFormatParser', // "the last 2 days", "+2 weeks": durations
  'ENEndOfCurrentMonthParser', // "end of the month": not a named day
] as const;

const REMOVED_REFINERS = [
  'ENEndOfPeriodRefiner', // "the end of March" stays March, not 31 March
  'ENMergeDateRangeRefiner', // "from 3 to 5 May": each end is a mention of its own
  'ENMergeDateTimeRefiner', // no times are read
  'ExtractTimezoneOffsetRefiner', // no times are read
  'ExtractTimezoneAbbrRefiner', // ("Friday ET")
  'ENUnlikelyFormatFilter', // replaced by our own checks of "May" (it drops "since May" and "last May")
  'UnlikelyFormatFilter', // replaced by `validDates`: it drops every result made of digits alone, years included
] as const;

const BLOCKER_TAG = 'newsbot/blocker';
const YEAR_TAG = 'newsbot/year';

/** Years read alone: from this year… */
const EARLIEST_YEAR = 1800;
/** …to this many years after publication. */
const YEARS_AHEAD = 50;

/**
 * An explicit year: "in 2019", "mid-2023", "fiscal 1998", "the 2019 election". Not a year: the number of a count
 * ("2000 people", "about 1500"), an amount ("$1999"), a clock time ("1600 GMT"), a decade ("1990s"), part of a
 * longer number ("2019-20" keeps 2019, "1,2019" and "2019.5" are no years).
 */
const YEAR_PATTERN = new RegExp(
  String.raw`(?<=^|[^\w$£€¥#.,/:\-]|\p{L}-)(\d{4})(?![\w%°$£€]|[.,:/]\d|-\d{3}(?!\d)|-\d{5}|['’]s\b)`,
  'u',
);

/** Words before a number that make it a count or a code: "about 2000", "No. 1998", "flight 1549", "up 1500". */
const QUANTITY_BEFORE = new Set([
  'about', 'some', 'nearly', 'almost', 'over', 'under', 'than', 'around', 'approximately', 'roughly', 'only',
  'just', 'least', 'most', 'total', 'estimated', 'additional', 'extra', 'another', 'no', 'number', 'no.', 'nos.',
  'page', 'room', 'flight', 'route', 'highway', 'interstate', 'model', 'version', 'bus', 'apartment', 'suite', 'box',
  'code', 'pin', 'rs', 'rs.', 'usd', 'eur', 'gbp', 'up', 'down',
]);

/** Words after a number that make it a count or a clock time: "2000 people", "1600 GMT". */
const QUANTITY_AFTER = new RegExp(
  String.raw`^\s*(?:${[
    'gmt|utc|est|edt|cst|cdt|pst|pdt|bst|cet|hours|hrs|h|local|zulu',
    'people|persons|troops|soldiers|workers|employees|jobs|units|shares|points|pts|votes|seats|cases|deaths|dead',
    'feet|ft|meters|metres|m|km|kilometers|kilometres|miles|yards|tons|tonnes|barrels|acres|hectares|pounds|lbs|kg',
    'euros|dollars|yen|yuan|rupees|francs|marks|homes|houses|cars|vehicles|students|children|members|delegates',
    'residents|refugees|prisoners|civilians|police|officers|rounds|calories|words|pages|copies|visitors|fans',
    'spectators|runs|cc|mb|gb',
  ].join('|')})\b`,
  'i',
);

const NUMBER_RANGE_BEFORE = /\d[\s,]*(?:to|and|or|-|–)\s*$/;
const YEAR_RANGE_BEFORE = /\b\d{4}\s*(?:to|and|or|-|–)\s*$/;
const CHANGE_BY_OR_TO =
  /\b(?:rose|fell|climbed|dropped|up|down|increased|decreased|grew|jumped|gained|lost)\s+(?:to|by)\s*$/i;

class YearParser implements chrono.Parser {
  pattern(): RegExp {
    return YEAR_PATTERN;
  }

  extract(context: chrono.ParsingContext, match: RegExpMatchArray): chrono.ParsingResult | null {
    const index = match.index ?? 0;
    const digits = match[1] ?? '';
    const year = Number(digits);
    const refYear = context.reference.instant.getUTCFullYear();
    if (year < EARLIEST_YEAR || year > refYear + YEARS_AHEAD) return null;
    const before = context.text.slice(Math.max(0, index - 40), index);
    const after = context.text.slice(index + digits.length, index + digits.length + 30);
    if (QUANTITY_AFTER.test(after)) return null;
    const previous = /([\p{L}.]+)[\s-]*$/u.exec(before)?.[1]?.toLowerCase() ?? '';
    if (QUANTITY_BEFORE.has(previous)) return null;
    // "to" and "by" go both ways: "rose to 2000" is a number, "from 1998 to 2001" a year.
    if ((previous === 'to' || previous === 'by') && CHANGE_BY_OR_TO.test(before)) return null;
    // The end of a range of numbers ("from 50 to 2000"), unless the range starts with a year ("1994 and 1997").
    if (NUMBER_RANGE_BEFORE.test(before) && !YEAR_RANGE_BEFORE.test(before)) return null;
    const result = context.createParsingResult(index, digits, { year });
    result.addTag(YEAR_TAG);
    return result;
  }
}

/**
 * Quarters, halves, seasons, decades and centuries: read so that the words are taken (overlap removal keeps the
 * longer result) and their year does not come out alone, then dropped by `notBlocker`.
 */
const RELATIVE_YEAR = String.raw`(?:\d{4}|(?:this|last|next)\s+year)`;

const ORDINAL = String.raw`(?:first|second|third|fourth|final|last|latest|1st|2nd|3rd|4th)`;

const BLOCKER_PATTERN = new RegExp(
  [
    // "the third quarter of 1989", "the first two quarters of 1990", "the second half", "Q3"
    String.raw`(?:the\s+)?(?:${ORDINAL}|[1-4]Q|Q[1-4])(?:\s+(?:two|three))?[\s-]+(?:fiscal[\s-]+)?` +
      String.raw`(?:quarters?|half|halves|qtr\.?)(?:\s+(?:of\s+)?(?:fiscal\s+)?${RELATIVE_YEAR})?`,
    // "1989's third quarter", "this year's first half", "the 1988 quarter"
    String.raw`(?:fiscal\s+)?${RELATIVE_YEAR}(?:'s|’s)?\s+(?:${ORDINAL}[\s-]+)?(?:quarter|half)`,
    String.raw`(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?${RELATIVE_YEAR}`,
    String.raw`${RELATIVE_YEAR}(?:'s|’s)?\s+(?:spring|summer|autumn|fall|winter)`,
    String.raw`(?:the\s+)?(?:mid-?|early\s+|late\s+)?\d{3}0(?:'s|’s|s)`,
    String.raw`(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)|[a-z]+(?:teenth|tieth|first))[\s-]+century`,
  ].join('|'),
  'i',
);

class BlockerParser implements chrono.Parser {
  pattern(): RegExp {
    return new RegExp(String.raw`(?<![\w])(?:${BLOCKER_PATTERN.source})(?![\w])`, 'i');
  }

  extract(context: chrono.ParsingContext, match: RegExpMatchArray): chrono.ParsingResult {
    const result = context.createParsingResult(match.index ?? 0, match[0], {});
    result.addTag(BLOCKER_TAG);
    return result;
  }
}

/**
 * chrono reads "this month" and "this year" in the machine's time zone (its relative-date parser takes the bare
 * instant); they are read again in the published offset, like every other date.
 */
const thisPeriodInPublishedOffset: chrono.Refiner = {
  refine: (context, results) => {
    const local = context.reference.getDateWithAdjustedTimezone();
    for (const r of results) {
      const unit = /^this\s+(month|year)$/i.exec(r.text)?.[1]?.toLowerCase();
      if (unit === undefined) continue;
      r.start.assign('year', local.getFullYear());
      if (unit === 'month') r.start.assign('month', local.getMonth() + 1);
    }
    return results;
  },
};

/**
 * A month followed by a relative year is one date: "February this year", "in April next year", "March of last year"
 * (chrono reads them as two).
 */
const mergeMonthWithRelativeYear: chrono.Refiner = {
  refine: (context, results) => {
    const out: chrono.ParsingResult[] = [];
    for (const r of [...results].sort((a, b) => a.index - b.index)) {
      const previous = out.at(-1);
      const year = r.start.get('year');
      if (
        previous !== undefined &&
        year !== null &&
        /^(?:this|last|next)\s+year$/i.test(r.text) &&
        previous.start.isCertain('month') &&
        !previous.start.isCertain('year') &&
        /^\s*(?:,|of)?\s*$/.test(context.text.slice(previous.index + previous.text.length, r.index))
      ) {
        previous.text = context.text.slice(previous.index, r.index + r.text.length);
        previous.start.assign('year', year);
        continue;
      }
      out.push(r);
    }
    return out;
  },
};

/** chrono's UnlikelyFormatFilter without its rule against digits alone, which our years are. */
const validDates: chrono.Refiner = {
  refine: (_context, results) =>
    results.filter(
      (r) =>
        (r.tags().has(YEAR_TAG) || r.tags().has(BLOCKER_TAG) || !/^\d*(?:\.\d*)?$/.test(r.text.replace(' ', ''))) &&
        r.start.isValidDate() &&
        (!r.end || r.end.isValidDate()),
    ),
};

function constructorName(value: object): string {
  return value.constructor.name;
}

function withoutNamed<T extends object>(steps: readonly T[], names: readonly string[], what: string): T[] {
  for (const name of names) {
    if (!steps.some((step) => constructorName(step) === name)) throw new Error(`chrono-node has no ${what} ${name}`);
  }
  return steps.filter((step) => !names.includes(constructorName(step)));
}

function buildChrono(): chrono.Chrono {
  const casual = chrono.en.configuration.createCasualConfiguration(false);
  const parsers = [
    ...withoutNamed(casual.parsers, REMOVED_PARSERS, 'parser'),
    new YearParser(),
    new BlockerParser(),
  ];
  const refiners = [
    ...withoutNamed(casual.refiners, REMOVED_REFINERS, 'refiner'),
    // After chrono's own refiners, in this order: the year of "this year" is fixed before "October this year" takes it.
    thisPeriodInPublishedOffset,
    mergeMonthWithRelativeYear,
    validDates,
  ];
  return new chrono.Chrono({ parsers, refiners });
}

const CHRONO = buildChrono();

// ---------------------------------------------------------------------------------------------------------------
// 2. Checking the candidates

/** A chrono result inside a sentence, with the span and values we use. */
interface Candidate {
  /** Offsets into the sentence text. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly result: chrono.ParsedResult;
}

interface SentenceContext {
  readonly text: string;
  /** True when the sentence has no lowercase letter (a headline in capitals): capitalisation tells nothing. */
  readonly allCaps: boolean;
  readonly reference: Reference;
}

const MONTH_WORDS = new Map<string, number>([
  ['january', 1], ['february', 2], ['march', 3], ['april', 4], ['may', 5], ['june', 6], ['july', 7],
  ['august', 8], ['september', 9], ['october', 10], ['november', 11], ['december', 12],
  ['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['jun', 6], ['jul', 7], ['aug', 8], ['sep', 9], ['sept', 9],
  ['oct', 10], ['nov', 11], ['dec', 12],
]);

const WEEKDAY_WORDS = new Map<string, number>([
  ['sunday', 0], ['monday', 1], ['tuesday', 2], ['wednesday', 3], ['thursday', 4], ['friday', 5], ['saturday', 6],
  ['sun', 0], ['mon', 1], ['tue', 2], ['tues', 2], ['wed', 3], ['thu', 4], ['thur', 4], ['thurs', 4], ['fri', 5],
  ['sat', 6],
]);

const WORD = /[\p{L}]+/gu;

function calendarWords(text: string): { word: string; lower: string; index: number }[] {
  const out: { word: string; lower: string; index: number }[] = [];
  for (const m of text.matchAll(WORD)) {
    const lower = m[0].toLowerCase();
    if (MONTH_WORDS.has(lower) || WEEKDAY_WORDS.has(lower)) out.push({ word: m[0], lower, index: m.index });
  }
  return out;
}

/** Words before a bare month name that make it a month ("since May", "last May"), not a name or a modal verb. */
const MONTH_CONTEXT_BEFORE = new Set([
  'in', 'since', 'until', 'till', 'from', 'during', 'before', 'after', 'through', 'throughout', 'by', 'of', 'last',
  'next', 'this', 'early', 'mid', 'late', 'until', 'to', 'and', 'or', 'between', 'for', 'on', 'that', 'each',
  'every', 'past', 'earlier', 'later', 'end', 'beginning', 'start', 'middle', 'as', 'around', 'than', 'but',
]);

/** Capitalised words before a month that do not make it a name: "Last May", "In June". */
const CAPITALISED_DATE_CONTEXT = new Set([...MONTH_CONTEXT_BEFORE, 'the', 'since', 'early', 'late']);

/** "today's world", "today's personal computers": the present in general. */
const GENERIC_AFTER_TODAY = new RegExp(
  String.raw`^['’]s\s+(?:[a-z]+\s+)?(?:${[
    'world|society|economy|youth|young|children|kids|generation|standards|technology|culture|politics',
    'environment|climate|age|era|times|marketplace|consumers|families|students|teenagers|workforce|media',
    'computers|companies|businesses|people',
  ].join('|')})\b`,
  'i',
);

type CandidateCheck = (c: Candidate, s: SentenceContext) => boolean;

const notBlocker: CandidateCheck = (c) => !c.result.tags().has(BLOCKER_TAG);

/** "now" names an instant, not a day to put on a timeline. */
const notNow: CandidateCheck = (c) => !/^now$/i.test(c.text.trim());

const NOT_DAY_MONTH_YEAR_UNIT = new RegExp(
  String.raw`\b(?:weeks?|weekends?|weekdays?|fortnights?|quarters?|hours?|hrs?|minutes?|mins?|seconds?|secs?|` +
    String.raw`decades?|centur(?:y|ies))\b`,
  'i',
);

/**
 * Weeks, weekends, quarters and clock-time units: "last week", "this weekend", "48 hours ago". A weekday of a given
 * week is a day ("Thursday next week").
 */
const notWeekOrClockUnit: CandidateCheck = (c) =>
  (c.result.start.isCertain('weekday') && !/\bweekends?\b/i.test(c.text)) || !NOT_DAY_MONTH_YEAR_UNIT.test(c.text);

/** Month and weekday names are capitalised in running text: "protesters march", "may go" are no dates. */
const capitalisedNames: CandidateCheck = (c, s) =>
  s.allCaps || calendarWords(c.text).every(({ word }) => word.charAt(0) === word.charAt(0).toUpperCase());

function wordBefore(text: string, index: number): string {
  return /([\p{L}.'’-]+)[\s,]*$/u.exec(text.slice(Math.max(0, index - 30), index))?.[1] ?? '';
}

function wordAfter(text: string, index: number): string {
  return /^[\s]*([\p{L}.'’-]+)/u.exec(text.slice(index, index + 30))?.[1] ?? '';
}

/**
 * A month name standing alone (no day, no year in the mention) is a month only after a date word ("in May", "since
 * April", "last June"); a capitalised word next to it makes it a name ("Theresa May", "April Jones"), and "May" alone
 * is the modal verb ("May I…").
 */
const bareMonthIsMonth: CandidateCheck = (c, s) => {
  const words = calendarWords(c.text);
  if (!/^\W*[\p{L}.]+\W*$/u.test(c.text.replace(/^(?:in|on)\s+/i, '')) || words.length !== 1) return true;
  const first = words[0];
  if (first === undefined || !MONTH_WORDS.has(first.lower)) return true;
  const before = wordBefore(s.text, c.start + first.index);
  const after = wordAfter(s.text, c.start + first.index + first.word.length);
  const beforeLower = before.toLowerCase().replace(/[.'’-]+$/, '');
  const capitalised = (w: string): boolean => /^\p{Lu}/u.test(w);
  const afterLower = after.toLowerCase();
  if (!s.allCaps) {
    const dateWordBefore = CAPITALISED_DATE_CONTEXT.has(beforeLower) || WEEKDAY_WORDS.has(beforeLower);
    if (capitalised(before) && !dateWordBefore) return false;
    if (capitalised(after) && !MONTH_WORDS.has(afterLower) && !WEEKDAY_WORDS.has(afterLower)) return false;
  }
  // "the March of the Penguins", "the March of Dimes"
  if (afterLower === 'of' && /^\s*of\s+(?:the\b|\p{Lu})/u.test(s.text.slice(c.end))) return false;
  if (first.lower === 'may') return MONTH_CONTEXT_BEFORE.has(beforeLower);
  return true;
};

/** "today's world", "the people of tomorrow": the present and the future in general, not a day. */
const notGenericTodayOrTomorrow: CandidateCheck = (c, s) => {
  if (!/^(?:today|tomorrow)$/i.test(c.text)) return true;
  if (/\bof\s*$/i.test(s.text.slice(Math.max(0, c.start - 5), c.start))) return false;
  return !GENERIC_AFTER_TODAY.test(s.text.slice(c.end, c.end + 40));
};

/** "The Sun reported", "Sat down": a weekday abbreviation alone is no date (with a day it is: "Sat., March 1"). */
const weekdayAbbreviationNeedsDate: CandidateCheck = (c) => {
  if (c.result.start.isCertain('day')) return true;
  return calendarWords(c.text).every(({ lower }) => !WEEKDAY_WORDS.has(lower) || lower.length > 4);
};

/**
 * Offsets from publication: "three days ago" is a day, "two years ago" a year, "two months ago" a month. Not "a year
 * ago" (in business news the same quarter a year before: "up from $4 million a year ago"), nor vague counts ("a few
 * years ago"), nor "before", "earlier" and "later", which count from the story's own time ("a day earlier").
 */
const onlyOffsetsFromPublication: CandidateCheck = (c) => {
  if (!/\b(?:ago|before|earlier|later|after)\W*$/i.test(c.text)) return true;
  if (!/\bago\W*$/i.test(c.text) || /\b(?:few|several|many|some|couple)\b/i.test(c.text)) return false;
  return /\bdays?\b/i.test(c.text) || /\b(?:years|months)\b/i.test(c.text);
};

/** "each Thursday", "every Monday", "Tuesday nights": a recurring weekday, not a date. */
const notRecurringWeekday: CandidateCheck = (c, s) => {
  if (c.result.start.isCertain('day')) return true;
  if (/\b(?:each|every)\s*$/i.test(s.text.slice(Math.max(0, c.start - 12), c.start))) return false;
  return !/^\s+(?:nights|mornings|afternoons|evenings)\b/i.test(s.text.slice(c.end, c.end + 15));
};

/** A date with slashes needs its year: "3/4" and "1/2" are fractions more often than days. */
const slashDateHasYear: CandidateCheck = (c) => !/^\W*\d{1,2}\/\d{1,2}\W*$/.test(c.text);

/** In order; the first that fails drops the candidate. */
const CANDIDATE_CHECKS: readonly CandidateCheck[] = [
  notBlocker,
  notNow,
  notWeekOrClockUnit,
  capitalisedNames,
  bareMonthIsMonth,
  notGenericTodayOrTomorrow,
  weekdayAbbreviationNeedsDate,
  onlyOffsetsFromPublication,
  notRecurringWeekday,
  slashDateHasYear,
];

// ---------------------------------------------------------------------------------------------------------------
// 3. Resolving: granularity, year and weekday filled in with past-bias, tense cues

/** What the words around a date say of its time; `unknown` when they say nothing. */
type Tense = 'past' | 'future' | 'unknown';

const TIME_NOUN = String.raw`(?:${[
  'week|month|year|day|days|weekend|session|season|quarter|spring|summer|autumn|fall|winter',
  '(?:mon|tues|wednes|thurs|fri|satur|sun)day',
  'january|february|march|april|may|june|july|august|september|october|november|december',
].join('|')})`;

interface Cue {
  readonly tense: 'past' | 'future';
  /** How many words may stand between the cue and the date. */
  readonly reach: number;
  readonly pattern: RegExp;
}

/** Words at most this far from a date tell of its time… */
const CUE_REACH_WORDS = 6;
/** …or this many when the date opens the sentence, before the subject of its clause. */
const FRONTED_REACH_WORDS = 12;
/** …and only inside its clause: no punctuation between them. */
const CLAUSE_BREAK = /[,;:()[\]—–"“”]/;

/** Words that end like a past tense but are none. */
const NOT_PAST_ED = [
  'hundred|kindred|sacred|wicked|naked|rugged|ragged|beloved|crooked|jagged',
  'indeed|succeed|proceed|exceed|speed|breed|bleed|need|feed|seed|weed|heed|embed|shred',
].join('|');

/** "is expected to", "plans to", "agreed to": what comes next is to happen. */
const FUTURE_PHRASES = [
  String.raw`(?:(?:is|are|be|was|were)\s+)?(?:${[
    'expected|expects?|expecting|due|scheduled|set|slated|planned|poised|likely|plans?|planning|intends?|aims?',
    'hopes?|wants?|decided|decides|agreed|agrees|promised|vowed|pledged|threatened|ready|prepared|able',
  ].join('|')})\s+(?:to|for)`,
  String.raw`(?:expected|due|scheduled|slated|planned)\s+(?:in|on|by)`,
  String.raw`next\s+${TIME_NOUN}`,
  'upcoming|coming|forthcoming|later\\s+this|from\\s+now|payable|expires?|expiring|effective|scheduled|slated',
].join('|');

/**
 * Words that put what a clause tells in the future or in the past. The cue nearest to the date decides, the past on
 * a tie; `unknown` when there is none. In order: where matches overlap, the earlier entry's wins ("is expected to"
 * is no past "expected"). "next" is a cue only before a time word ("next month", not "next to"); reporting verbs
 * ("said", "told") tell of the date only right next to it ("said on Monday", "told reporters Monday"): further away
 * they are the act of reporting ("said it is calling the shares on Dec. 7").
 */
const CUES: readonly Cue[] = [
  {
    tense: 'future',
    reach: CUE_REACH_WORDS,
    pattern: /\b(?:will|won[’']t|shall|would|should|must|might|going\s+to)\b|[’']ll\b/gi,
  },
  { tense: 'future', reach: CUE_REACH_WORDS, pattern: new RegExp(String.raw`\b(?:${FUTURE_PHRASES})\b`, 'gi') },
  // Right before the date: "as soon as Tuesday", "postponed until Monday" (but "by Monday" and "until Monday" alone go
  // both ways: "had filed reports by Wednesday").
  {
    tense: 'future',
    reach: 0,
    pattern: new RegExp(
      String.raw`\b(?:as\s+soon\s+as|as\s+early\s+as|no\s+later\s+than|` +
        String.raw`(?:postponed|delayed|adjourned|deferred|extended|put\s+off)\s+(?:until|till|to))\s*$`,
      'gi',
    ),
  },
  {
    tense: 'past',
    reach: 2,
    pattern: /\b(?:said|says|saying|told|telling|announced|announcing|reported|added|stated|confirmed)\b/gi,
  },
  {
    tense: 'past',
    reach: CUE_REACH_WORDS,
    pattern: new RegExp(
      String.raw`(?<!\bbe\s+)\b(?:${[
        'was|were|had|did|ago|last|earlier|since|previous|previously|has\\s+been|have\\s+been',
        'ended|began|came|went|took|made|met|won|lost|held|left|fell|rose|saw|gave|got|became|died|killed',
      ].join('|')})\b`,
      'gi',
    ),
  },
  // A regular past tense or participle, not a passive after "be" ("to be completed by Dec. 15"), nor a word that
  // only looks like one ("hundred", "succeed").
  {
    tense: 'past',
    reach: CUE_REACH_WORDS,
    pattern: new RegExp(String.raw`(?<!\bbe\s+)\b(?!(?:${NOT_PAST_ED})\b)[a-z]{3,}ed\b`, 'gi'),
  },
];

const WORD_OR_NUMBER = /[\p{L}\d]+/gu;
/** What may come before a date that opens its sentence: a quote mark and up to three words ("Early on", "In"). */
const FRONTED = /^[\s"“'‘(]*(?:[\p{L}]+\s+){0,3}$/u;

/**
 * The tense the cues around a date give. `clause`: cues within reach and inside the date's clause only; `sentence`:
 * the nearest cue anywhere in the sentence (the short reach of reporting verbs and of "as soon as" still holds).
 */
function tenseAround(sentence: string, start: number, end: number, scope: 'clause' | 'sentence'): Tense {
  const taken: { start: number; end: number }[] = [{ start, end }];
  const fronted = FRONTED.test(sentence.slice(0, start));
  let best: { words: number; tense: Tense } | null = null;
  for (const cue of CUES) {
    // Anchored patterns ("as soon as" right before the date) are tried on the text up to the date only.
    const text = cue.pattern.source.endsWith('$') ? sentence.slice(0, start) : sentence;
    for (const m of text.matchAll(cue.pattern)) {
      const s = m.index;
      const e = s + m[0].length;
      if (taken.some((t) => s < t.end && e > t.start)) continue;
      taken.push({ start: s, end: e });
      const between = e <= start ? sentence.slice(e, start) : sentence.slice(end, s);
      const words = between.match(WORD_OR_NUMBER)?.length ?? 0;
      // A date fronted before the clause it belongs to reaches over the comma and the subject to the verb: "On
      // Monday, the company will…", "In May, prices fell."
      const frontedReach = fronted && s >= end && cue.reach === CUE_REACH_WORDS;
      const reach = frontedReach ? FRONTED_REACH_WORDS : cue.reach;
      if (words > reach && (scope === 'clause' || cue.reach < CUE_REACH_WORDS)) continue;
      const clauseGap = fronted && s >= end ? between.replace(/^\s*,/, '') : between;
      if (scope === 'clause' && CLAUSE_BREAK.test(clauseGap)) continue;
      if (best === null || words < best.words || (words === best.words && cue.tense === 'past')) {
        best = { words, tense: cue.tense };
      }
    }
  }
  return best?.tense ?? 'unknown';
}

interface Resolved {
  readonly date: string;
  readonly granularity: DateGranularity;
}

function dayValue(d: CivilDate): Resolved {
  return { date: `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`, granularity: 'day' };
}

/**
 * A month and day without a year: the latest on or before publication (past), the first on or after it (future),
 * the nearest when the words say nothing. When a weekday comes with it ("Saturday, April 25"), the year whose date
 * falls on that weekday.
 */
function yearForDay(month: number, day: number, weekday: number | null, ref: Reference, tense: Tense): number | null {
  let best: { year: number; distance: number } | null = null;
  for (let year = ref.today.year - 6; year <= ref.today.year + 6; year++) {
    if (!isValidDay(year, month, day)) continue; // 29 February
    const n = dayNumber({ year, month, day });
    if (weekday !== null && weekdayOf(n) !== weekday) continue;
    const ahead = n - ref.todayNumber;
    if (weekday === null && ((tense === 'past' && ahead > 0) || (tense === 'future' && ahead < 0))) continue;
    // A tie between a past and a future candidate goes to the past.
    const distance = Math.abs(ahead) * 2 + (ahead > 0 ? 1 : 0);
    if (best === null || distance < best.distance) best = { year, distance };
  }
  return best?.year ?? null;
}

/** A month without a year: the latest up to the publication month, or the first from it on when the words say so. */
function yearForMonth(month: number, ref: Reference, tense: Tense): number {
  if (tense === 'future') return month >= ref.today.month ? ref.today.year : ref.today.year + 1;
  return month <= ref.today.month ? ref.today.year : ref.today.year - 1;
}

/**
 * A weekday: the latest on or before the publication day, or the first on or after it when the words speak of the
 * future ("will … on Monday"). The publication day itself counts either way ("expected to peak on Wednesday
 * afternoon" in a Wednesday morning report), unless `strict`: "last Tuesday" or "next Tuesday" said on a Tuesday is a
 * week away.
 */
function weekdayDate(weekday: number, ref: Reference, tense: Tense, strict = false): CivilDate {
  const today = weekdayOf(ref.todayNumber);
  if (tense === 'future') return fromDayNumber(ref.todayNumber + ((weekday - today + 7) % 7 || (strict ? 7 : 0)));
  return fromDayNumber(ref.todayNumber - ((today - weekday + 7) % 7 || (strict ? 7 : 0)));
}

/** The weekday nearest to the publication day, the past on a tie. */
function nearestWeekday(weekday: number, ref: Reference): CivilDate {
  const back = (weekdayOf(ref.todayNumber) - weekday + 7) % 7;
  return fromDayNumber(back <= 3 ? ref.todayNumber - back : ref.todayNumber + 7 - back);
}

/** "this Friday": the Friday of the publication week (weeks start on Monday). */
function weekdayThisWeek(weekday: number, ref: Reference): CivilDate {
  const sinceMonday = (weekdayOf(ref.todayNumber) + 6) % 7;
  return fromDayNumber(ref.todayNumber - sinceMonday + ((weekday + 6) % 7));
}

const WEEKDAY_MODIFIER = /\b(this|last|past|next|coming)\b/i;
const MONTH_MODIFIER = /\b(last|past|next|coming|this)\s+$/i;

/** "last May" is the latest May before the publication month, "next May" the first after it, "this May" this year's. */
function monthWithModifier(month: number, day: number | null, modifier: string, ref: Reference): Resolved | null {
  const y = ref.today.year;
  // Months count as days at the 15th when compared with the publication day, so that "next March" said on 18 March
  // is a year away and "last March" a year back.
  const at = day ?? 15;
  const refDay = day === null ? 15 : ref.today.day;
  const before = month < ref.today.month || (month === ref.today.month && at < refDay);
  const after = month > ref.today.month || (month === ref.today.month && at > refDay);
  let year = y;
  if (modifier === 'last' || modifier === 'past') year = before ? y : y - 1;
  else if (modifier === 'next' || modifier === 'coming') year = after ? y : y + 1;
  if (day === null) return { date: `${pad(year, 4)}-${pad(month)}`, granularity: 'month' };
  return isValidDay(year, month, day) ? dayValue({ year, month, day }) : null;
}

function resolveCandidate(c: Candidate, s: SentenceContext): Resolved | null {
  const r = c.result.start;
  const certain = (k: chrono.Component): number | null => (r.isCertain(k) ? r.get(k) : null);
  const year = certain('year');
  const month = certain('month');
  const day = certain('day');
  const weekday = certain('weekday');
  // How far each kind of date looks for cues was chosen on the development half of TimeBank/AQUAINT (bench/suites/
  // dates.ts): a day of the month without a year falls back on the nearest such day (news leaves the year out of
  // dates close to publication), a bare month and a bare weekday on the past, as news mostly reports.
  const inClause = (): Tense => tenseAround(s.text, c.start, c.end, 'clause');
  const inSentence = (): Tense => {
    const tense = inClause();
    return tense === 'unknown' ? tenseAround(s.text, c.start, c.end, 'sentence') : tense;
  };
  // "last May", "next March", "this June": the modifier says which one.
  const modifier = MONTH_MODIFIER.exec(s.text.slice(Math.max(0, c.start - 10), c.start))?.[1]?.toLowerCase();
  if (month !== null && year === null && modifier !== undefined) {
    return monthWithModifier(month, day, modifier, s.reference);
  }
  if (month !== null && day !== null) {
    const y = year ?? yearForDay(month, day, weekday, s.reference, inClause());
    return y !== null && isValidDay(y, month, day) ? dayValue({ year: y, month, day }) : null;
  }
  if (weekday !== null && day === null) {
    const week = /\b(this|last|past|next)\s+week\b/i.exec(c.text)?.[1]?.toLowerCase();
    if (week !== undefined) {
      // "Thursday next week", "Monday of last week": that week's day (weeks start on Monday).
      const offset = week === 'next' ? 7 : week === 'this' ? 0 : -7;
      return dayValue(fromDayNumber(dayNumber(weekdayThisWeek(weekday, s.reference)) + offset));
    }
    const weekdayModifier = WEEKDAY_MODIFIER.exec(c.text)?.[1]?.toLowerCase();
    if (weekdayModifier === 'this') return dayValue(weekdayThisWeek(weekday, s.reference));
    if (weekdayModifier === 'last' || weekdayModifier === 'past') {
      return dayValue(weekdayDate(weekday, s.reference, 'past', true));
    }
    if (weekdayModifier === 'next' || weekdayModifier === 'coming') {
      return dayValue(weekdayDate(weekday, s.reference, 'future', true));
    }
    // "Wednesday's ruling": the day of an event named by a noun, which the tense of the clause does not date.
    if (/^['’]s\b/.test(s.text.slice(c.end, c.end + 3))) return dayValue(nearestWeekday(weekday, s.reference));
    return dayValue(weekdayDate(weekday, s.reference, inClause()));
  }
  if (month !== null) {
    const y = year ?? yearForMonth(month, s.reference, inSentence());
    return { date: `${pad(y, 4)}-${pad(month)}`, granularity: 'month' };
  }
  if (year !== null) return { date: pad(year, 4), granularity: 'year' };
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// The mention: the date's words, then a modifier and a preposition before them

/** Leading and trailing characters chrono takes with a date: "(Friday)", ", Friday,", "on Friday". */
function trimSpan(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  while (s < e && /[\s,(（)]/.test(text.charAt(s))) s++;
  while (e > s && /[\s,()）]/.test(text.charAt(e - 1))) e--;
  const on = /^(?:on|in)\s+/i.exec(text.slice(s, e));
  if (on) s += on[0].length;
  const of = /\s+of$/i.exec(text.slice(s, e));
  if (of) e -= of[0].length;
  return { start: s, end: e };
}

const MODIFIER_BEFORE = new RegExp(
  String.raw`(?:^|[^\p{L}])((?:early|earlier|late|later|mid|last|past|next|coming|this|` +
    String.raw`the\s+(?:middle|end|start|beginning)\s+of)(?:\s+|-))$`,
  'iu',
);
const PREPOSITION_BEFORE =
  /(?:^|[^\p{L}])((?:on|in|since|from|until|till|by|before|after|during|through|throughout)\s+)$/iu;

/** The start of the mention: the date's words, widened over a modifier and a preposition, never before `floor`. */
function widenSpan(text: string, start: number, floor: number): number {
  let s = start;
  const modifier = MODIFIER_BEFORE.exec(text.slice(Math.max(0, s - 30), s));
  if (modifier?.[1]) s -= modifier[1].length;
  const preposition = PREPOSITION_BEFORE.exec(text.slice(Math.max(0, s - 20), s));
  if (preposition?.[1]) s -= preposition[1].length;
  return Math.max(s, floor);
}

// ---------------------------------------------------------------------------------------------------------------
// A sentence

/**
 * Every expression chrono and the parsers above can read holds a digit or one of these words; most news sentences
 * hold neither, and skipping them saves most of the stage's time.
 */
const MAY_HOLD_A_DATE =
  /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)|today|tonight|tomorrow|yesterday|year|month|week|ago\b|spring|summer|autumn|fall|winter|quarter|decade|centur|\bday|noon|night|morning|evening|christmas|easter|eve\b/i;

function datesInSentence(text: string, sentence: Sentence, reference: Reference): DateMention[] {
  const sentenceText = text.slice(sentence.start, sentence.end);
  if (!MAY_HOLD_A_DATE.test(sentenceText)) return [];
  const s: SentenceContext = { text: sentenceText, allCaps: !/\p{Ll}/u.test(sentenceText), reference };
  const out: DateMention[] = [];
  // chrono's overlap removal leaves one result per stretch of words.
  const results = CHRONO.parse(sentenceText, reference.chrono).sort((a, b) => a.index - b.index);
  for (const result of results) {
    const span = trimSpan(sentenceText, result.index, result.index + result.text.length);
    if (span.end <= span.start) continue;
    const c: Candidate = { ...span, text: sentenceText.slice(span.start, span.end), result };
    if (!CANDIDATE_CHECKS.every((check) => check(c, s))) continue;
    const resolved = resolveCandidate(c, s);
    if (resolved === null) continue;
    const previousEnd = (out.at(-1)?.end ?? sentence.start) - sentence.start;
    const start = sentence.start + widenSpan(sentenceText, c.start, previousEnd);
    const end = sentence.start + c.end;
    out.push({
      start,
      end,
      date: resolved.date,
      granularity: resolved.granularity,
      mention: text.slice(start, end),
      sentenceIndex: sentence.index,
      stage: 'dates',
    });
  }
  return out;
}
