/**
 * Incremental grouping of articles into events (one real-world story told by many outlets). Pure: no I/O, no clock.
 *
 * The caller keeps, per event, an `EventProfile` (summed term and entity vectors, article count, time range) and,
 * for the whole corpus, document frequencies (`CorpusStats`). For each new article it computes `eventFeatures`,
 * adds them to the stats, fetches a few candidate events from an index (see `candidateKeys`) and calls
 * `assignToEvent`: the article joins the best candidate whose score passes the join threshold, or starts a new event.
 * When the article is strongly similar to several events that are also similar to each other, `mergeWith` names the
 * others, so that a story first split by arrival order (two outlets' versions arrived before the one that links them)
 * is joined again.
 *
 * The score of an article against an event, in [0, 1] before penalties:
 *   TEXT_WEIGHT × cosine(article TF-IDF, event centroid TF-IDF) + ENTITY_WEIGHT × cosine over named entities (IDF
 *   weighted, so a rare name counts more than "United States").
 * Then two kinds of contrary evidence:
 *   - a different main person (each side's main person absent from the other side altogether) multiplies the score
 *     by PERSON_CONFLICT_FACTOR: two celebrities entering rehab read alike but are two stories;
 *   - different details (`EventFeatures.details`): for each kind — the people, the places, the time — where each side
 *     has some and none of either side's appears on the other side, DETAIL_CONFLICT_FACTOR once more. Two fights of
 *     one boxer share the boxer, but not the opponent, the city or the year. Time is the years written out and the
 *     weekday the lead names, weighed together (`timeConflict`): they conflict when years or weekdays differ and no
 *     year or weekday is shared;
 *   - time: beyond TIME_GRACE_DAYS from the event's range, every doubling of the gap costs TIME_PENALTY_PER_DOUBLING,
 *     up to MAX_TIME_PENALTY. When either side has no published time, a date written out in full in the lead of an
 *     undated article (`EventFeatures.textTime`) stands in for it, with the longer WRITTEN_TIME_GRACE_DAYS; when
 *     either side has neither, time is ignored.
 */
import { ENTITY_KEY_PREFIX, MAX_ENTITIES, type DetailKind, type EventFeatures } from './features.ts';

export interface CorpusStats {
  /** Articles counted so far. */
  readonly documents: number;
  /** Articles whose features hold `term` (a term, or an entity key: those start with '@'). */
  documentFrequency(term: string): number;
}

/** Document frequencies kept in memory: for tests, benchmarks and a caller that rebuilds them at start-up. */
export class InMemoryCorpusStats implements CorpusStats {
  private documentCount = 0;
  private readonly frequencies = new Map<string, number>();

  get documents(): number {
    return this.documentCount;
  }

  documentFrequency(term: string): number {
    return this.frequencies.get(term) ?? 0;
  }

  add(features: EventFeatures): void {
    this.documentCount++;
    for (const key of statsKeys(features)) this.frequencies.set(key, (this.frequencies.get(key) ?? 0) + 1);
  }

  /** Undoes `add` for an article that is deleted. */
  remove(features: EventFeatures): void {
    this.documentCount = Math.max(0, this.documentCount - 1);
    for (const key of statsKeys(features)) {
      const count = (this.frequencies.get(key) ?? 0) - 1;
      if (count > 0) this.frequencies.set(key, count);
      else this.frequencies.delete(key);
    }
  }
}

/** Every key an article adds one to in the document frequencies: its terms and its entity keys. */
export function statsKeys(features: EventFeatures): string[] {
  return [...features.terms.keys(), ...features.entities.keys()];
}

/**
 * The stats and index key of an entity key. Entity keys already carry ENTITY_KEY_PREFIX (so terms and entities share
 * one table of document frequencies without colliding); this only adds it to a bare name.
 */
export function entityStatsKey(entity: string): string {
  return entity.startsWith(ENTITY_KEY_PREFIX) ? entity : ENTITY_KEY_PREFIX + entity;
}

export interface EventProfile {
  readonly id: string;
  readonly articleCount: number;
  /** Sum of the members' unit term vectors (so its direction is the centroid's), pruned to PROFILE_TERMS. */
  readonly terms: ReadonlyMap<string, number>;
  /** Sum of the members' unit entity vectors, pruned to PROFILE_ENTITIES. */
  readonly entities: ReadonlyMap<string, number>;
  /** Main person key → number of members whose main person it is. */
  readonly mainPersons: ReadonlyMap<string, number>;
  /** Earliest and latest published time of the members that have one (ms since the epoch); null when none has. */
  readonly firstPublishedAt: number | null;
  readonly lastPublishedAt: number | null;
  /**
   * Earliest and latest time of the members that have any: their published time, or for an undated member the date
   * its lead writes out (`EventFeatures.textTime`). Holds the published range; null when no member has a time.
   */
  readonly firstTime: number | null;
  readonly lastTime: number | null;
  /** Detail key (`EventFeatures.details`) → its kind and the number of members that have it; pruned to PROFILE_DETAILS. */
  readonly details: ReadonlyMap<string, DetailCount>;
}

export interface DetailCount {
  readonly kind: DetailKind;
  readonly count: number;
}

export interface GroupingOptions {
  /** An article joins the best event scoring at least this; below, it starts a new event. */
  readonly joinThreshold?: number;
  /** An article scoring at least this with two events (that also match each other) merges them. */
  readonly mergeThreshold?: number;
  /** Share of the score given by text; the rest by entities. */
  readonly textWeight?: number;
}

export interface Assignment {
  /** The event to join, or null to start a new one. */
  readonly eventId: string | null;
  /** The score of the best candidate (0 when there was none), whether or not it passed the threshold. */
  readonly score: number;
  /** Other candidates that are the same event as `eventId`: the caller merges them into it. Empty when `eventId` is null. */
  readonly mergeWith: string[];
}

export interface CandidateScore {
  readonly score: number;
  readonly text: number;
  readonly entities: number;
  readonly personConflict: boolean;
  /** How many kinds of details (people, places, time) the two sides conflict on. */
  readonly detailConflicts: number;
  /** Days between the article and the event's time range; null when either has no time. */
  readonly gapDays: number | null;
}

/**
 * Chosen from the ECB+ benchmark as the middle of a plateau, not its peak (bench/suites/events-ecbplus.ts reports
 * F1 across thresholds): same-story pairs score mostly 0.3–0.7, different stories of the same kind 0.1–0.3.
 */
export const DEFAULT_JOIN_THRESHOLD = 0.3;
/**
 * Merging is irreversible for the caller, so it asks for more evidence than joining: the article must match both
 * events well above the join threshold, and the two events must pass the join threshold against each other.
 */
export const DEFAULT_MERGE_THRESHOLD = 0.45;
/**
 * Text carries the story's action and setting, entities its actors and places. Text is the steadier signal (every
 * article has it; entity extraction misses and mistypes names), so it gets the larger share.
 */
export const DEFAULT_TEXT_WEIGHT = 0.6;
/**
 * Two stories about different main people are rarely one event, but the entity stage can miss a name in one
 * article, so a conflict halves the score rather than vetoing: overwhelming text similarity can still join.
 */
const PERSON_CONFLICT_FACTOR = 0.5;
/**
 * Each kind of detail the two sides differ on multiplies the score by this. Milder than a main-person conflict: one
 * report of a story can name a place or cite a year the others leave out, and then the other kinds still agree or
 * are silent; two events of one kind mostly differ on two or three kinds at once (another opponent, another city,
 * another year), which takes a match of 0.45 below the join threshold. On ECB+ (articles without dates, two events of
 * one kind per topic) this moved F1 from 0.868 to 0.883: 0.5 splits same-story reports (0.861), 0.8 lets more pairs
 * of events through (0.879); adding organisations or weekdays as kinds lost recall for as much precision.
 */
const DETAIL_CONFLICT_FACTOR = 0.7;
/** The kinds compared one by one; years and weekdays are compared together, by `timeConflict`. */
const NAME_DETAIL_KINDS: readonly DetailKind[] = ['person', 'place'];
/** A person is an event's main person when they are the main person of at least this share of its articles. */
const EVENT_MAIN_PERSON_SHARE = 0.5;
/** Follow-ups within a week (arrest, charges, funeral) are the same story; time says nothing inside that window. */
const TIME_GRACE_DAYS = 7;
/** Each doubling of the gap beyond the grace period costs this much: 14 days −0.15, a month −0.3, two months −0.45. */
const TIME_PENALTY_PER_DOUBLING = 0.15;
/**
 * The grace for times written in the text (an undated article's lead date, see `EventFeatures.textTime`): a written
 * date is weaker evidence than a published time, because a lead also cites the earlier event a follow-up is about
 * ("charged on Monday over the May 3, 2013 robbery"), and follow-ups weeks or months later (charges after an arrest,
 * a rule reversed months after it was issued) are still told as the same story. So only a gap of about a season or
 * more counts; beyond it the usual slope applies: two fights of the same boxer three years apart lose 0.5. Measured
 * on ECB+, whose gold events do span follow-ups up to two months apart: a 7-day grace costs 0.015 of F1 there,
 * 60 days 0.007, 90 days 0.006, 120 days nothing.
 */
const WRITTEN_TIME_GRACE_DAYS = 120;
/** The most time can take away: a year apart still joins if text and entities are near identical (score > 0.9). */
const MAX_TIME_PENALTY = 0.6;
/**
 * Profile size bounds: the centroid keeps the terms most members share; rarer ones barely move a cosine. Scoring
 * reads the IDF of every profile key, so this bounds its cost too (30 candidates × 120 keys).
 */
const PROFILE_TERMS = 80;
const PROFILE_ENTITIES = 2 * MAX_ENTITIES;
/** The details most members share; a big event's rarer ones would only make its conflicts rarer still. */
const PROFILE_DETAILS = 60;
const DAY_MS = 86_400_000;

/** Smoothed IDF (never zero, so a term every article holds still counts a little). */
function idf(stats: CorpusStats, key: string): number {
  return Math.log((stats.documents + 1) / (stats.documentFrequency(key) + 1)) + 1;
}

/** A vector scaled by IDF, with its length: the article's side, computed once per assignment. */
interface Weighted {
  readonly weights: ReadonlyMap<string, number>;
  readonly norm: number;
}

function weigh(vector: ReadonlyMap<string, number>, stats: CorpusStats): Weighted {
  const weights = new Map<string, number>();
  let norm = 0;
  for (const [key, weight] of vector) {
    const w = weight * idf(stats, key);
    weights.set(key, w);
    norm += w * w;
  }
  return { weights, norm: Math.sqrt(norm) };
}

/** Cosine between `a` (already IDF-scaled) and `b` scaled by IDF here: one IDF look-up per key of `b`. */
function idfCosine(a: Weighted, b: ReadonlyMap<string, number>, stats: CorpusStats): number {
  if (a.norm === 0 || b.size === 0) return 0;
  let dot = 0;
  let normB = 0;
  for (const [key, weight] of b) {
    const w = weight * idf(stats, key);
    normB += w * w;
    const other = a.weights.get(key);
    if (other !== undefined) dot += other * w;
  }
  return normB === 0 ? 0 : dot / (a.norm * Math.sqrt(normB));
}

/** The profile's main person: the main person of at least EVENT_MAIN_PERSON_SHARE of its articles. */
function eventMainPerson(profile: EventProfile): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [person, count] of profile.mainPersons) {
    if (count > bestCount || (count === bestCount && best !== null && person < best)) {
      best = person;
      bestCount = count;
    }
  }
  return best !== null && bestCount >= EVENT_MAIN_PERSON_SHARE * profile.articleCount ? best : null;
}

interface Side {
  /** The side's details: an article's own, an event's of all its members (so a bigger event conflicts less readily). */
  readonly details: ReadonlyMap<string, { readonly kind: DetailKind }>;
  readonly terms: ReadonlyMap<string, number>;
  readonly entities: ReadonlyMap<string, number>;
  readonly mainPerson: string | null;
  /** Published range. */
  readonly first: number | null;
  readonly last: number | null;
  /** Range of published and written times. */
  readonly firstTime: number | null;
  readonly lastTime: number | null;
}

function profileSide(profile: EventProfile): Side {
  return {
    details: profile.details,
    terms: profile.terms,
    entities: profile.entities,
    mainPerson: eventMainPerson(profile),
    first: profile.firstPublishedAt,
    last: profile.lastPublishedAt,
    firstTime: profile.firstTime,
    lastTime: profile.lastTime,
  };
}

/** An article's time range: its published time, else the date its lead writes out. */
function featureTime(features: EventFeatures): { first: number | null; last: number | null } {
  if (features.publishedAt !== null) return { first: features.publishedAt, last: features.publishedAt };
  if (features.textTime !== null) return { first: features.textTime.start, last: features.textTime.end };
  return { first: null, last: null };
}

function featureSide(features: EventFeatures): Side {
  const time = featureTime(features);
  return {
    details: new Map([...(features.details ?? [])].map(([key, kind]) => [key, { kind }])),
    terms: features.terms,
    entities: features.entities,
    mainPerson: features.mainPerson,
    first: features.publishedAt,
    last: features.publishedAt,
    firstTime: time.first,
    lastTime: time.last,
  };
}

interface WeightedSide extends Side {
  readonly weightedTerms: Weighted;
  readonly weightedEntities: Weighted;
}

function weighSide(side: Side, stats: CorpusStats): WeightedSide {
  return { ...side, weightedTerms: weigh(side.terms, stats), weightedEntities: weigh(side.entities, stats) };
}

function daysBetween(aFirst: number, aLast: number, bFirst: number, bLast: number): number {
  return Math.max(0, bFirst - aLast, aFirst - bLast) / DAY_MS;
}

/**
 * Days between two sides and the grace that applies: by published times when both have them (TIME_GRACE_DAYS), else
 * by published or written times when both have those (WRITTEN_TIME_GRACE_DAYS); null when either side has no time.
 */
function timeGap(a: Side, b: Side): { days: number; grace: number } | null {
  if (a.first !== null && a.last !== null && b.first !== null && b.last !== null) {
    return { days: daysBetween(a.first, a.last, b.first, b.last), grace: TIME_GRACE_DAYS };
  }
  if (a.firstTime !== null && a.lastTime !== null && b.firstTime !== null && b.lastTime !== null) {
    return { days: daysBetween(a.firstTime, a.lastTime, b.firstTime, b.lastTime), grace: WRITTEN_TIME_GRACE_DAYS };
  }
  return null;
}

/**
 * Whether the two sides differ on details of this kind: each has some, and none of either side's is named (as a
 * detail or an entity) on the other side. Silence is no conflict: a report that names no place differs from none.
 */
function names(side: Side, key: string): boolean {
  return side.entities.has(key) || side.details.has(key);
}

function detailConflict(a: Side, b: Side, kind: DetailKind): boolean {
  let aHas = false;
  for (const [key, detail] of a.details) {
    if (detail.kind !== kind) continue;
    if (names(b, key)) return false;
    aHas = true;
  }
  if (!aHas) return false;
  let bHas = false;
  for (const [key, detail] of b.details) {
    if (detail.kind !== kind) continue;
    if (names(a, key)) return false;
    bHas = true;
  }
  return bHas;
}

/** Whether either side names (as a detail or an entity) one of the other side's details of this kind. */
function sharesDetail(a: Side, b: Side, kind: DetailKind): boolean {
  for (const [key, detail] of a.details) if (detail.kind === kind && names(b, key)) return true;
  for (const [key, detail] of b.details) if (detail.kind === kind && names(a, key)) return true;
  return false;
}

/**
 * Whether the two sides differ on time: their years differ (see `detailConflict`) or the weekdays their leads name
 * differ, and no year or weekday is shared. One piece of time evidence alone is weak: a weekday differs between
 * reports of one event (a report filed the next day, a follow-up's day in the lead) about one pair in three where
 * both name one, and years cited as background differ too; but a shared weekday makes a year conflict background,
 * and a shared year makes a weekday conflict a follow-up's day. A weekday against a year alone says nothing.
 * (Weekdays as a kind of their own cost as much recall as they bought precision on ECB+; weighed with years, F1
 * moved from 0.883 to 0.890.)
 */
function timeConflict(a: Side, b: Side): boolean {
  return (
    (detailConflict(a, b, 'year') && !sharesDetail(a, b, 'weekday')) || (detailConflict(a, b, 'weekday') && !sharesDetail(a, b, 'year'))
  );
}

function scoreSides(a: WeightedSide, b: Side, stats: CorpusStats, textWeight: number): CandidateScore {
  const text = idfCosine(a.weightedTerms, b.terms, stats);
  const entities = idfCosine(a.weightedEntities, b.entities, stats);
  // Without entities on one side, their absence is no evidence against: text alone decides.
  let score = a.entities.size === 0 || b.entities.size === 0 ? text : textWeight * text + (1 - textWeight) * entities;
  const personConflict =
    a.mainPerson !== null && b.mainPerson !== null && a.mainPerson !== b.mainPerson && !b.entities.has(a.mainPerson) && !a.entities.has(b.mainPerson);
  if (personConflict) score *= PERSON_CONFLICT_FACTOR;
  let detailConflicts = 0;
  for (const kind of NAME_DETAIL_KINDS) if (detailConflict(a, b, kind)) detailConflicts++;
  if (timeConflict(a, b)) detailConflicts++;
  score *= DETAIL_CONFLICT_FACTOR ** detailConflicts;
  const gap = timeGap(a, b);
  const gapDays = gap === null ? null : gap.days;
  if (gap !== null && gap.days > gap.grace) score -= Math.min(MAX_TIME_PENALTY, TIME_PENALTY_PER_DOUBLING * Math.log2(gap.days / gap.grace));
  return { score, text, entities, personConflict, detailConflicts, gapDays };
}

/** How well an article fits an event: the combined score and its parts. */
export function scoreCandidate(features: EventFeatures, profile: EventProfile, stats: CorpusStats, options: GroupingOptions = {}): CandidateScore {
  return scoreSides(weighSide(featureSide(features), stats), profileSide(profile), stats, options.textWeight ?? DEFAULT_TEXT_WEIGHT);
}

/** How well two events fit each other, on the same scale as an article against an event. */
export function scoreProfiles(a: EventProfile, b: EventProfile, stats: CorpusStats, options: GroupingOptions = {}): CandidateScore {
  return scoreSides(weighSide(profileSide(a), stats), profileSide(b), stats, options.textWeight ?? DEFAULT_TEXT_WEIGHT);
}

/**
 * Where the article goes: the best-scoring candidate at or above the join threshold (ties to the smaller id, so the
 * answer does not depend on the order of candidates), or null for a new event; plus the candidates to merge into it.
 */
export function assignToEvent(
  features: EventFeatures,
  candidates: readonly EventProfile[],
  stats: CorpusStats,
  options: GroupingOptions = {},
): Assignment {
  const joinThreshold = options.joinThreshold ?? DEFAULT_JOIN_THRESHOLD;
  const mergeThreshold = options.mergeThreshold ?? DEFAULT_MERGE_THRESHOLD;
  const textWeight = options.textWeight ?? DEFAULT_TEXT_WEIGHT;
  const side = weighSide(featureSide(features), stats);
  const scored = candidates.map((profile) => ({ profile, score: scoreSides(side, profileSide(profile), stats, textWeight).score }));
  let best: (typeof scored)[number] | undefined;
  for (const entry of scored) {
    if (best === undefined || entry.score > best.score || (entry.score === best.score && entry.profile.id < best.profile.id)) best = entry;
  }
  if (best === undefined) return { eventId: null, score: 0, mergeWith: [] };
  if (best.score < joinThreshold) return { eventId: null, score: best.score, mergeWith: [] };
  const winner = best;
  const mergeWith =
    winner.score < mergeThreshold
      ? []
      : scored
          .filter(
            (entry) =>
              entry !== winner &&
              entry.profile.id !== winner.profile.id &&
              entry.score >= mergeThreshold &&
              scoreProfiles(winner.profile, entry.profile, stats, options).score >= joinThreshold,
          )
          .map((entry) => entry.profile.id)
          .sort();
  return { eventId: winner.profile.id, score: winner.score, mergeWith };
}

function sumPruned(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>, limit: number): Map<string, number> {
  const sum = new Map(a);
  for (const [key, weight] of b) sum.set(key, (sum.get(key) ?? 0) + weight);
  if (sum.size <= limit) return sum;
  return new Map([...sum].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, limit));
}

function minOrNull(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOrNull(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** Counts summed, then pruned to the PROFILE_DETAILS most frequent (ties by key, so order never matters). */
function sumDetails(a: ReadonlyMap<string, DetailCount>, b: Iterable<[string, DetailCount]>): Map<string, DetailCount> {
  const sum = new Map(a);
  for (const [key, { kind, count }] of b) sum.set(key, { kind, count: (sum.get(key)?.count ?? 0) + count });
  if (sum.size <= PROFILE_DETAILS) return sum;
  return new Map([...sum].sort((x, y) => y[1].count - x[1].count || (x[0] < y[0] ? -1 : 1)).slice(0, PROFILE_DETAILS));
}

function detailCounts(features: EventFeatures): [string, DetailCount][] {
  return [...(features.details ?? [])].map(([key, kind]) => [key, { kind, count: 1 }]);
}

/** A new event holding one article. */
export function newProfile(id: string, features: EventFeatures): EventProfile {
  return addToProfile(
    {
      id,
      articleCount: 0,
      terms: new Map(),
      entities: new Map(),
      mainPersons: new Map(),
      firstPublishedAt: null,
      lastPublishedAt: null,
      firstTime: null,
      lastTime: null,
      details: new Map(),
    },
    features,
  );
}

/** The event with one more article (a new profile; the argument is not changed). */
export function addToProfile(profile: EventProfile, features: EventFeatures): EventProfile {
  const mainPersons = new Map(profile.mainPersons);
  const time = featureTime(features);
  if (features.mainPerson !== null) mainPersons.set(features.mainPerson, (mainPersons.get(features.mainPerson) ?? 0) + 1);
  return {
    id: profile.id,
    articleCount: profile.articleCount + 1,
    terms: sumPruned(profile.terms, features.terms, PROFILE_TERMS),
    entities: sumPruned(profile.entities, features.entities, PROFILE_ENTITIES),
    mainPersons,
    firstPublishedAt: minOrNull(profile.firstPublishedAt, features.publishedAt),
    lastPublishedAt: maxOrNull(profile.lastPublishedAt, features.publishedAt),
    firstTime: minOrNull(profile.firstTime, time.first),
    lastTime: maxOrNull(profile.lastTime, time.last),
    details: sumDetails(profile.details, detailCounts(features)),
  };
}

/** One event from two: keeps `a`'s id (the caller chooses which survives, e.g. the older). */
export function mergeProfiles(a: EventProfile, b: EventProfile): EventProfile {
  const mainPersons = new Map(a.mainPersons);
  for (const [person, count] of b.mainPersons) mainPersons.set(person, (mainPersons.get(person) ?? 0) + count);
  return {
    id: a.id,
    articleCount: a.articleCount + b.articleCount,
    terms: sumPruned(a.terms, b.terms, PROFILE_TERMS),
    entities: sumPruned(a.entities, b.entities, PROFILE_ENTITIES),
    mainPersons,
    firstPublishedAt: minOrNull(a.firstPublishedAt, b.firstPublishedAt),
    lastPublishedAt: maxOrNull(a.lastPublishedAt, b.lastPublishedAt),
    firstTime: minOrNull(a.firstTime, b.firstTime),
    lastTime: maxOrNull(a.lastTime, b.lastTime),
    details: sumDetails(a.details, b.details),
  };
}

/**
 * Keys under which a caller can index events to fetch candidates for an article: its entities and its heaviest
 * terms (the index maps each key to the events whose profiles hold it). A few keys suffice because same-story
 * articles share their main names and headline words.
 */
export function candidateKeys(features: EventFeatures, terms = 10): string[] {
  return [...features.entities.keys(), ...[...features.terms.keys()].slice(0, terms)];
}

/** A profile as plain JSON (for storage). */
export interface EventProfileJson {
  readonly id: string;
  readonly articleCount: number;
  readonly terms: [string, number][];
  readonly entities: [string, number][];
  readonly mainPersons: [string, number][];
  readonly firstPublishedAt: number | null;
  readonly lastPublishedAt: number | null;
  /** Absent from profiles stored before written dates counted: their range was the published one. */
  readonly firstTime?: number | null;
  readonly lastTime?: number | null;
  /** Key, kind, count. Absent from profiles stored before details counted: such an event conflicts with none. */
  readonly details?: [string, DetailKind, number][];
}

/** Stored weights keep 4 decimals: scores move by far less than any threshold, and profiles take half the space. */
function rounded(weights: ReadonlyMap<string, number>): [string, number][] {
  return [...weights].map(([key, weight]) => [key, Math.round(weight * 1e4) / 1e4]);
}

export function profileToJson(profile: EventProfile): EventProfileJson {
  return {
    id: profile.id,
    articleCount: profile.articleCount,
    terms: rounded(profile.terms),
    entities: rounded(profile.entities),
    mainPersons: [...profile.mainPersons],
    firstPublishedAt: profile.firstPublishedAt,
    lastPublishedAt: profile.lastPublishedAt,
    firstTime: profile.firstTime,
    lastTime: profile.lastTime,
    details: [...profile.details].map(([key, { kind, count }]) => [key, kind, count]),
  };
}

export function profileFromJson(json: EventProfileJson): EventProfile {
  return {
    id: json.id,
    articleCount: json.articleCount,
    terms: new Map(json.terms),
    entities: new Map(json.entities),
    mainPersons: new Map(json.mainPersons),
    firstPublishedAt: json.firstPublishedAt,
    lastPublishedAt: json.lastPublishedAt,
    firstTime: json.firstTime ?? json.firstPublishedAt,
    lastTime: json.lastTime ?? json.lastPublishedAt,
    details: new Map((json.details ?? []).map(([key, kind, count]) => [key, { kind, count }])),
  };
}
