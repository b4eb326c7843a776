/**
 * What one article contributes to event grouping: a compact, comparable digest of its text, its named entities and
 * its time (the published time, or for an undated article the date its lead writes out in full). Pure; computed once per article and cheap to keep (the top terms and entities only), because
 * the grouping sums these into each event's profile (src/events/grouping.ts).
 *
 * Terms reuse the summary stage's tokenizer (Unicode words, English stopwords and reporting verbs dropped, plurals
 * folded) and add a light suffix stripper of our own for English ("checked", "checks", "checking" → "check"): the
 * same story told by different outlets varies mostly in inflection, and a full Porter stemmer (an npm dependency)
 * would buy little more for this use, where only the identity of stems matters, never their readability.
 */
import type { Article } from '../domain/article.ts';
import type { DateGranularity, EntityType } from '../nlp/analysis-types.ts';
import { tokenize } from '../nlp/summary.ts';

/** The entity fields grouping reads: what `analyzeArticle` gives, or a stored copy of it. */
export interface EventEntityInput {
  readonly name: string;
  readonly type: EntityType;
  readonly mentions: number;
}

export interface EventFeatures {
  /** Term → weight, unit L2 length, at most MAX_TERMS entries. Weights are raw (no IDF): IDF changes as the corpus grows. */
  readonly terms: ReadonlyMap<string, number>;
  /**
   * Entity key → weight, unit L2 length, at most MAX_ENTITIES entries. Keys are normalised names regardless of type
   * (the entity stage sometimes types the same name differently in two articles); a person also gives their surname
   * as a key of its own, so "Lohan" in one article meets "Lindsay Lohan" in another. Every key starts with
   * ENTITY_KEY_PREFIX, so that terms and entities share one table of document frequencies without colliding.
   */
  readonly entities: ReadonlyMap<string, number>;
  /**
   * The entity key (of the surname) of the person the article is about, when one named in full clearly stands out;
   * else null.
   */
  readonly mainPerson: string | null;
  /** Published time in ms since the epoch; null when the article had none (the ingest time is not evidence). */
  readonly publishedAt: number | null;
  /**
   * For an article without a published time only: the calendar day (or month) its lead writes out in full, with the
   * year ("May 3, 2013", "3 May 2013", "2013-05-03", "September 2010"), as a range of ms since the epoch. A dateline
   * or "on May 3, 2013" in the first sentences dates the story as surely as a published time would; a date without a
   * year ("on Tuesday", "May 3") was resolved against the ingest time and says nothing. Null otherwise.
   */
  readonly textTime: TimeRange | null;
  /**
   * What tells this story apart from others of its kind (two fights of one boxer, two quakes in one country): detail
   * key → kind, for the people (by their surname key, as in `entities`) and places the article is about — named in
   * the headline or mentioned at least DETAIL_MIN_MENTIONS times — and for each year its text writes out ("in 2012",
   * "July 7, 2012"; key `#2012`), and, for an article without a published time, the weekday the lead names when it
   * names exactly one ("on Saturday"; key `%saturday`, see `leadWeekday`). Optional: features made by hand (a baseline, a test) may leave it out, and then no
   * detail conflicts with them.
   */
  readonly details?: ReadonlyMap<string, DetailKind>;
}

/** The kinds of `EventFeatures.details`. */
export type DetailKind = 'person' | 'place' | 'year' | 'weekday';

/** A span of time in ms since the epoch, both ends included. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** The date fields grouping reads from the dates stage (`DateMention`). */
export interface EventDateInput {
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  readonly date: string;
  readonly granularity: DateGranularity;
  /** The words as written. */
  readonly mention: string;
  readonly sentenceIndex: number;
}

/**
 * Enough terms to describe a story (the lead of a news article rarely has more distinct content words than this),
 * few enough that an event's profile stays small in storage and a comparison stays well under a microsecond per term.
 */
export const MAX_TERMS = 60;
/** Entities beyond this many are passing mentions that do not identify the story. */
export const MAX_ENTITIES = 20;
/**
 * A headline states the story in a few words: its terms count as this many body occurrences. Kept modest because
 * headlines of the same story differ most between outlets and a wrong headline word then dominates less.
 */
const TITLE_WEIGHT = 3;
/** The lead (inverted pyramid) says who, what, where and when; later sentences drift to background. */
const LEAD_SENTENCES = 3;
const LEAD_WEIGHT = 2;
/**
 * A person is the article's main person only when mentioned at least this often (or named in the headline): a
 * single mention is a quoted bystander, and treating bystanders as "the" person would split stories. They must also
 * be named in full (two words or more) at least once: news introduces a person by full name, and a one-word
 * "person" is mostly a capitalised word the entity stage mistyped ("Update", "Web", "Explorer", "Advocate"), whose
 * false conflicts split stories. A one-word person still counts as an entity. (On ECB+ the full-name rule alone
 * moved F1 from 0.866 to 0.868.)
 */
const MAIN_PERSON_MIN_MENTIONS = 2;
/**
 * A person or place named this often (or in the headline) is one of the article's details: a single mention is a
 * passing one ("a flight from Paris"). Organisations are left out: outlets name them in too many forms ("the 76ers",
 * "the Sixers") and their absence says little (on ECB+ counting them cost 0.01 of F1).
 */
const DETAIL_MIN_MENTIONS = 2;
/** Year keys start with this, so that they never meet an entity key ('@…') in a side's set of names. */
export const YEAR_KEY_PREFIX = '#';
/** A headline mention is worth this many body mentions when choosing the main person. */
const MAIN_PERSON_TITLE_BONUS = 2;
/**
 * Only dates in the first sentences date the story: datelines and "on May 3, 2013" sit at the top, while dates
 * further down are mostly background ("he won the title in March 2009").
 */
const TEXT_TIME_SENTENCES = 3;
/** A date mention is absolute only when its words hold the year (from 1800 to 2099). */
const WRITTEN_YEAR_RE = /(?<!\d)(?:18|19|20)\d\d(?!\d)/u;

/** Weekday keys start with this, so that they never meet an entity or a year key. */
export const WEEKDAY_KEY_PREFIX = '%';
/**
 * The weekday of the story is told in the lead ("stopped Venn on Saturday"); later sentences name the days of
 * follow-ups and background ("the fight had been set for Friday").
 */
const WEEKDAY_SENTENCES = 2;
/**
 * A weekday name; a word in front that makes it a named day (Black Friday, Super Tuesday, Good Friday) is captured
 * so that the match can be skipped: those name an occasion, not the day of the story.
 */
const WEEKDAY_RE = /(?<![\p{L}\p{N}])(?:(black|good|super|ash|holy|palm|easter|cyber)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![\p{L}\p{N}])/giu;

/**
 * The one weekday the first WEEKDAY_SENTENCES sentences of an English article name ("on Saturday", "Saturday's
 * fight"), lower case; null when they name none or more than one (a lead naming two days mixes the story with its
 * follow-up or its cause, and says nothing clear). An undated feed loses the date "on Saturday" resolves to, but two
 * reports of one event name the same day, and two events of one kind often fall on different days.
 */
export function leadWeekday(article: Pick<Article, 'text' | 'segmentation' | 'language'>): string | null {
  if (article.language !== 'en' && article.language !== 'und') return null;
  const found = new Set<string>();
  for (const sentence of article.segmentation.sentences) {
    if (sentence.index >= WEEKDAY_SENTENCES) continue;
    for (const match of article.text.slice(sentence.start, sentence.end).matchAll(WEEKDAY_RE)) {
      if (match[1] === undefined && match[2] !== undefined) found.add(match[2].toLowerCase());
    }
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

/** Terms never hold '@' (the tokenizer keeps letters, digits and inner punctuation only). */
export const ENTITY_KEY_PREFIX = '@';

/** Generational suffixes are not surnames: "Martin Luther King Jr." is "king". */
const NAME_SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
/** Words that the entity stage sometimes leaves at the front of a name ("Actress Lindsay Lohan", "The Times"). */
const NAME_PREFIXES: ReadonlySet<string> = new Set(['the', 'actress', 'actor', 'singer', 'star', 'president', 'prime', 'minister', 'sir', 'dame', 'lady', 'lord']);

const ASCII_WORD_RE = /^[a-z]+$/;

/**
 * A light English suffix stripper: "-ing" and "-ed" when a stem of at least three letters stays, one of a doubled
 * final consonant after that ("stopped" → "stop"), and a final "e" ("charge" and "charged" both → "charg"). Words
 * other than plain ASCII letters (numbers, names in other scripts) are left alone.
 */
export function lightStem(term: string): string {
  if (term.length < 5 || !ASCII_WORD_RE.test(term)) return term;
  let stem = term;
  if (stem.endsWith('ing') && stem.length - 3 >= 3) stem = stem.slice(0, -3);
  else if (stem.endsWith('ed') && stem.length - 2 >= 3) stem = stem.slice(0, -2);
  else if (stem.endsWith('e') && stem.length - 1 >= 4) return stem.slice(0, -1);
  if (stem === term) return stem;
  const n = stem.length;
  const last = stem[n - 1] as string;
  if (n >= 4 && last === stem[n - 2] && !'lsz'.includes(last) && !'aeiou'.includes(last)) stem = stem.slice(0, -1);
  else if (stem.endsWith('e') && stem.length >= 4) stem = stem.slice(0, -1);
  return stem;
}

/** Lower case, no diacritics, no punctuation, no title words in front: the form two outlets share. */
export function normalizeEntityName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  while (words.length > 1 && NAME_PREFIXES.has(words[0] as string)) words.shift();
  return words.join(' ');
}

/** The surname key of a person's name, or null when the name has a single word (then the name itself is the key). */
function surnameOf(normalized: string): string | null {
  const words = normalized.split(' ');
  while (words.length > 1 && NAME_SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  return words.length > 1 ? (words[words.length - 1] as string) : null;
}

function addWeight(map: Map<string, number>, key: string, weight: number): void {
  map.set(key, (map.get(key) ?? 0) + weight);
}

/** The `limit` heaviest entries (ties by key, so the result never depends on insertion order), scaled to unit length. */
function topUnit(weights: ReadonlyMap<string, number>, limit: number): Map<string, number> {
  const entries = [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
  let norm = 0;
  for (const [, weight] of entries) norm += weight * weight;
  norm = Math.sqrt(norm);
  return new Map(norm === 0 ? [] : entries.map(([key, weight]) => [key, weight / norm]));
}

/** The stemmed content terms of a text. */
export function eventTerms(text: string, language: string): string[] {
  const english = language === 'en' || language === 'und';
  // `und` (too short to tell) is tried as English, as the analysis pipeline does.
  return tokenize(text, english ? 'en' : language).map((term) => (english ? lightStem(term) : term));
}

/**
 * Term weights: occurrences in the headline and the lead count more; each term's count is then damped
 * logarithmically (1 + ln count), so that one word repeated throughout a long article does not outweigh the rest.
 */
function termWeights(article: Pick<Article, 'title' | 'text' | 'segmentation' | 'language'>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of eventTerms(article.title, article.language)) addWeight(counts, term, TITLE_WEIGHT);
  for (const sentence of article.segmentation.sentences) {
    const weight = sentence.index < LEAD_SENTENCES ? LEAD_WEIGHT : 1;
    for (const term of eventTerms(article.text.slice(sentence.start, sentence.end), article.language)) addWeight(counts, term, weight);
  }
  for (const [term, count] of counts) counts.set(term, 1 + Math.log(count));
  return counts;
}

/**
 * The days and months the lead writes out with their year, from the first to the last, in the first
 * TEXT_TIME_SENTENCES sentences (a month counts as the whole month); null when there is none. A range rather than
 * one date, so that a lead citing the earlier event of a follow-up does not date it away from that event. Years alone
 * are left out: "in 2013" in a lead is as often background ("since 2013") as the story's date, and a year-wide range
 * would rarely decide anything.
 */
export function textTimeOf(dates: readonly EventDateInput[]): TimeRange | null {
  let start = Infinity;
  let end = -Infinity;
  for (const mention of dates) {
    if (mention.sentenceIndex >= TEXT_TIME_SENTENCES || mention.granularity === 'year' || !WRITTEN_YEAR_RE.test(mention.mention)) continue;
    const [year, monthOfYear, day] = mention.date.split('-').map(Number);
    if (year === undefined || monthOfYear === undefined || Number.isNaN(year) || Number.isNaN(monthOfYear)) continue;
    if (mention.granularity === 'day' && day !== undefined && !Number.isNaN(day)) {
      start = Math.min(start, Date.UTC(year, monthOfYear - 1, day));
      end = Math.max(end, Date.UTC(year, monthOfYear - 1, day + 1) - 1);
    } else {
      start = Math.min(start, Date.UTC(year, monthOfYear - 1, 1));
      end = Math.max(end, Date.UTC(year, monthOfYear, 1) - 1);
    }
  }
  return start <= end ? { start, end } : null;
}

/**
 * The years the text writes out, anywhere in it ("in 2012", "July 7, 2012", "the 2008-09 season"): reports of one
 * event cite the same years (its own and the same background), reports of two events of one kind years apart
 * rarely share any. Dates without a written year were resolved against the published (or ingest) time and add nothing.
 */
export function writtenYears(dates: readonly EventDateInput[]): string[] {
  const years = new Set<string>();
  for (const mention of dates) if (WRITTEN_YEAR_RE.test(mention.mention)) years.add(mention.date.slice(0, 4));
  return [...years];
}

export function eventFeatures(
  article: Pick<Article, 'title' | 'text' | 'segmentation' | 'language' | 'publishedAt' | 'publishedAtIsIngestTime'>,
  analysis: { readonly entities: readonly EventEntityInput[]; readonly dates?: readonly EventDateInput[] },
): EventFeatures {
  const titleKey = ` ${normalizeEntityName(article.title)} `;
  const entityWeights = new Map<string, number>();
  const details = new Map<string, DetailKind>();
  let mainPerson: string | null = null;
  let mainScore = 0;
  for (const entity of analysis.entities) {
    const key = normalizeEntityName(entity.name);
    if (key === '') continue;
    const inTitle = titleKey.includes(` ${key} `);
    // Same damping as terms; a headline entity is what the story is about.
    const weight = (1 + Math.log(Math.max(1, entity.mentions))) * (inTitle ? 2 : 1);
    addWeight(entityWeights, ENTITY_KEY_PREFIX + key, weight);
    const surname = entity.type === 'person' ? surnameOf(key) : null;
    if (surname !== null) addWeight(entityWeights, ENTITY_KEY_PREFIX + surname, weight);
    if (entity.type !== 'organization' && (inTitle || entity.mentions >= DETAIL_MIN_MENTIONS)) details.set(ENTITY_KEY_PREFIX + (surname ?? key), entity.type);
    // Only a person named in full can be the main person (see MAIN_PERSON_MIN_MENTIONS).
    if (entity.type === 'person' && surname !== null) {
      const personKey = surname ?? key;
      const score = entity.mentions + (inTitle || titleKey.includes(` ${personKey} `) ? MAIN_PERSON_TITLE_BONUS : 0);
      if (score >= MAIN_PERSON_MIN_MENTIONS && score > mainScore) {
        mainScore = score;
        mainPerson = ENTITY_KEY_PREFIX + personKey;
      }
    }
  }
  for (const year of writtenYears(analysis.dates ?? [])) details.set(YEAR_KEY_PREFIX + year, 'year');
  const parsed = article.publishedAtIsIngestTime ? null : Date.parse(article.publishedAt);
  const publishedAt = parsed === null || Number.isNaN(parsed) ? null : parsed;
  // The weekday stands in for the date an undated article cannot give. A dated one has its time compared directly
  // (grouping's time distance), and its follow-ups rightly name other days: a flood on Tuesday, aid on Wednesday.
  const weekday = publishedAt === null ? leadWeekday(article) : null;
  if (weekday !== null) details.set(WEEKDAY_KEY_PREFIX + weekday, 'weekday');
  return {
    terms: topUnit(termWeights(article), MAX_TERMS),
    entities: topUnit(entityWeights, MAX_ENTITIES),
    mainPerson,
    publishedAt,
    textTime: publishedAt === null && analysis.dates !== undefined ? textTimeOf(analysis.dates) : null,
    details,
  };
}
