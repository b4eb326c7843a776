/**
 * A timeline of one event across its articles: the days that matter, in date order, each told by its most
 * representative sentence, verbatim, with the articles that support it.
 *
 * The date-wise approach of Gholipour Ghalandari & Ifrim (2020, "Examining the State-of-the-Art in News Timeline
 * Summarization"): choose the dates first, then describe each. Unsupervised:
 *
 * 1. Date selection. A day is important when many articles speak of it. Every article votes once for each day it
 *    mentions in a sentence — a day of the month; a month or a year alone is not a day. A vote made two or more days
 *    after the day (a recollection: the day still mattered once the news had moved on) counts double a vote made
 *    while it was news. Mentions of days more than a few days after the publication are plans, not events, and are
 *    left out; so are time stamps (a date next to a clock time: datelines, "updated at", readers' comments).
 *    Publication adds a little: an article published on a day or the day after reports on that day, when it does not
 *    already vote for it by naming it. A chronology (an article listing dated milestones, one a line) votes three
 *    times. Each day's score is then multiplied by the attention its month gets as a month ("in April", "since
 *    March"): the period the story keeps referring to. The highest-scoring days are kept; ties go to the earlier day.
 * 2. Sentence selection. The candidates of a day are the sentences that mention it, else (none, or only datelines)
 *    the lead sentences of the articles published on it. Each is scored by its TF-IDF cosine to the centroid of the
 *    day's candidates — what most of them say about the day — plus, at half weight, to the whole story's, and
 *    discounted when it is very long; sentences of a date and a few words and headings are never chosen. Days are
 *    described in order of importance, and a sentence too close to one already chosen (the same fact told for
 *    another day) is skipped.
 *
 * Measured on Timeline17 (bench/suites/timeline17.ts, all of a topic's articles): Date-F1 0.495 against 0.366 for the
 * K most mentioned days (0.475 before the chronology and month weights). Given only the articles published within the
 * gold timeline's range, as the paper's setting does, it reaches 0.517 (published DATEWISE, with a supervised date
 * ranker and keyword filtering: 0.544): much of what is left is knowing where a timeline starts and ends, which an
 * unsupervised method cannot read from the gold. Measured and not kept (each within ±0.01 of the plain count, or
 * worse): counting distinct publication days or distinct later days that mention a day instead of articles, or
 * adding them (also by reciprocal rank fusion); burstiness against the neighbouring days (ratio, difference or local
 * maximum, windows of 1 to 30 days: 0.43–0.47); a weight growing with the recall distance; lead-sentence mentions;
 * dividing an article's vote among its days; a prior decaying from the story's most mentioned day; dropping days long
 * before the coverage starts.
 *
 * Pure and deterministic whatever the order of the sources: ties are broken by date, then article id, then sentence
 * index.
 */
import type { Segmentation } from '../domain/article.ts';
import type { DateMention } from '../nlp/analysis-types.ts';
import {
  bagOfTerms,
  cosine,
  countWords,
  documentFrequencies,
  inverseDocumentFrequencies,
  sumVectors,
  tokenize,
  Vocabulary,
  weightVector,
  type TermBag,
  type TermVector,
} from '../nlp/summary.ts';

export interface TimelineSource {
  readonly article: {
    readonly id: string;
    readonly title: string;
    readonly publishedAt: string;
    readonly publishedAtIsIngestTime: boolean;
    /** ISO 639-1 code (`und` when unknown): how the sentences are tokenised. English when not given. */
    readonly language?: string;
    readonly text: string;
    readonly segmentation: Segmentation;
  };
  readonly dates: readonly DateMention[];
}

export interface TimelineSentence {
  readonly articleId: string;
  readonly sentenceIndex: number;
  /** Verbatim: the article's text over the sentence's span. */
  readonly text: string;
}

export interface TimelineEntry {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly sentences: TimelineSentence[];
  /** Every article supporting this date (mentioning it, or published on it or the day after), sorted. */
  readonly articleIds: string[];
}

export interface TimelineOptions {
  /** At most this many dates. */
  readonly dates: number;
  /** Sentences per date; 1 when not given. */
  readonly sentencesPerDate?: number;
}

/**
 * Days after the publication a mentioned day may lie and still count: a scheduled event a few days off ("the vote on
 * Friday") often happens as announced; beyond that, a mention is a plan or a deadline, not an event.
 */
const FUTURE_TOLERANCE_DAYS = 3;
/**
 * A mention made at least this many days after the mentioned day is a recollection: the day still mattered enough to
 * be recalled once the news had moved on. Mentions made on the day or the next ("on Tuesday", in Wednesday's paper)
 * mostly reflect how much was published then, which tells the volume of coverage more than the weight of the day.
 */
const RECALL_AFTER_DAYS = 2;
/**
 * What a recollection counts relative to same-time reporting. On Timeline17 a weight of 2 beat 1 (Date-F1 0.47
 * against 0.44) and 1.5 or 3 did worse: recalled days are the ones timelines keep, but the day's own reporting still
 * counts. Weighting mentions down with the distance, the other intuition, did worse than no weighting at all (0.41).
 */
const RECALL_WEIGHT = 2;
/**
 * What an article published on a day (or the next day) adds to that day, relative to a mention made while it was
 * news; nothing when the article names the day itself (its vote already counts it). Small: on Timeline17, where most
 * articles name their days, 0.25 cost nothing measurable (0.475 against 0.478 without) and 0.5 cost 0.02; it is what
 * places the articles that never write a date.
 */
const PUBLICATION_WEIGHT = 0.25;
/**
 * A chronology — an article most of whose sentences are dated and that opens many of them with the date ("March 19 -
 * ...", "20 April: ...") — is an editor's list of the story's milestones: its votes count this many times an ordinary
 * article's. On Timeline17 the gain is small (Date-F1 0.475 → 0.482) and flat for weights 2 to 5 (0.480–0.487) and
 * for the thresholds below anywhere between 5 sentences / 20 % and 12 / 50 %; 3 is the middle of that plateau.
 */
const CHRONOLOGY_WEIGHT = 3;
/** Sentences opening with a day mention an article needs to be a chronology. */
const CHRONOLOGY_MIN_DATED_OPENINGS = 8;
/** Share of an article's sentences that must mention a day for it to be a chronology. */
const CHRONOLOGY_MIN_DATED_SHARE = 0.3;
/** A day mention this close to the start of its sentence opens it ("March 19 - ", "On 20 April, "). */
const OPENING_CHARS = 3;
/**
 * Months the story talks about ("in April", "since March", written without a day) mark its active period: a day's
 * score is multiplied by 1 + MONTH_WEIGHT × its month's share of all such month mentions (months after the
 * publication's month, plans, are left out; so are time stamps). On Timeline17 it helps the stories whose
 * journalists' timeline covers the weeks the articles keep referring to (the swine-flu outbreak of April) and costs
 * a little where coverage and timeline share one month; Date-F1 over the weights 1, 2, 3, 4, 6, 8, 12, 16: 0.479,
 * 0.486, 0.484, 0.493, 0.495, 0.491, ... (with the chronology weight); 6 is the middle of the 4–8 plateau.
 */
const MONTH_WEIGHT = 6;
/** How many lead sentences of an article published on a day stand in for it when no sentence mentions the day. */
const LEAD_SENTENCES = 3;
/** A candidate sentence needs this many words besides its date mentions: fewer, and it is a dateline or a label. */
const MIN_CONTENT_WORDS = 5;
/** Words beyond this make a sentence less attractive: a timeline entry should read at a glance. */
const LONG_SENTENCE_WORDS = 45;
/**
 * How much closeness to the whole story adds to closeness to the day's candidates. The articles of a story also
 * mention its days in passing (a market report, a list of other headlines): the day's centroid alone can side with
 * them when they are many. Half as much as the day's own centroid: on Timeline17 it raised concat ROUGE-1 by 0.01
 * without changing what the day is about (0.25 gave less, 1 a little more but chose more general sentences).
 */
const STORY_WEIGHT = 0.5;
/** A sentence whose cosine to one already chosen reaches this tells the same fact: skipped. */
const DUPLICATE_COSINE = 0.6;
/** Candidate sentences per day beyond this add little to the centroid and only cost time. */
const MAX_CANDIDATES_PER_DAY = 400;
/**
 * The IDF is computed over the candidates of this many times the wanted number of days, the most likely to be chosen:
 * enough that terms common to the whole story weigh little, without reading the sentences of every day mentioned.
 */
const IDF_POOL_FACTOR = 3;

/**
 * A clock time this close to a date mention makes it a time stamp ("Tue Mar 1, 2011 6:36 pm EST", "At 18:15 26th Apr
 * 2009, Jo wrote:", "Last updated at 10:02 on 3 May"): when a page or a reader's comment was written, not something
 * the text says happened that day. Stamps neither vote for their day nor make a sentence a candidate for it.
 */
const STAMP_WINDOW_CHARS = 16;
// "6:36", "9 a.m.", "10.30pm", and the British "22.49 BST" (a dot time needs a zone or am/pm: "6.50" alone is a number).
const CLOCK_TIME_RE = /\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[.:]\d{2})?\s?[aApP]\.?[mM]\b|\b\d{1,2}\.\d{2}\s?[A-Z]{1,3}T\b/;

const MS_PER_DAY = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` string; null for anything else. */
function dayNumber(date: string): number | null {
  const match = DAY_RE.exec(date);
  if (match === null) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isFinite(ms) ? Math.round(ms / MS_PER_DAY) : null;
}

function dayString(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The publication day in the published time's own offset (ISO 8601 writes the local date first); null when the
 * published time is the ingest time, which says nothing about the story.
 */
function publicationDay(source: TimelineSource): number | null {
  if (source.article.publishedAtIsIngestTime) return null;
  return dayNumber(source.article.publishedAt.slice(0, 10));
}

/** How much a mention of `day` counts when published on `published` (null: unknown, counted fully). */
export function mentionWeight(day: number, published: number | null): number {
  if (published === null) return 1;
  const after = published - day;
  if (after < -FUTURE_TOLERANCE_DAYS) return 0;
  return after >= RECALL_AFTER_DAYS ? RECALL_WEIGHT : 1;
}

interface Candidate {
  readonly source: number;
  readonly sentenceIndex: number;
}

interface DayEvidence {
  readonly day: number;
  score: number;
  /** Sentences that mention the day (article order, then sentence order). */
  readonly mentions: Candidate[];
  readonly articles: Set<number>;
  /** Articles published on the day itself: their leads are the fallback candidates. */
  readonly publishedOn: number[];
}

function evidenceFor(days: Map<number, DayEvidence>, day: number): DayEvidence {
  let evidence = days.get(day);
  if (evidence === undefined) {
    evidence = { day, score: 0, mentions: [], articles: new Set(), publishedOn: [] };
    days.set(day, evidence);
  }
  return evidence;
}

function isTimeStamp(source: TimelineSource, mention: DateMention): boolean {
  const sentence = source.article.segmentation.sentences[mention.sentenceIndex];
  const from = Math.max(sentence?.start ?? 0, mention.start - STAMP_WINDOW_CHARS);
  const to = Math.min(sentence?.end ?? source.article.text.length, mention.end + STAMP_WINDOW_CHARS);
  return CLOCK_TIME_RE.test(source.article.text.slice(from, to));
}

/**
 * Whether an article is a chronology: many of its sentences open with a day and a good share of them mention one.
 * Time stamps do not count.
 */
export function isChronology(source: TimelineSource): boolean {
  const sentences = source.article.segmentation.sentences;
  if (sentences.length === 0) return false;
  const dated = new Set<number>();
  const openings = new Set<number>();
  for (const mention of source.dates) {
    if (mention.granularity !== 'day' || isTimeStamp(source, mention)) continue;
    dated.add(mention.sentenceIndex);
    const sentence = sentences[mention.sentenceIndex];
    if (sentence !== undefined && mention.start - sentence.start <= OPENING_CHARS) openings.add(mention.sentenceIndex);
  }
  return openings.size >= CHRONOLOGY_MIN_DATED_OPENINGS && dated.size / sentences.length >= CHRONOLOGY_MIN_DATED_SHARE;
}

/** `YYYY-MM` of a day number. */
function monthOf(day: number): string {
  return dayString(day).slice(0, 7);
}

/**
 * How often each month is mentioned as a month (not a day) across the articles, one vote per article and month;
 * months after the publication's month are plans and left out.
 */
function monthMentions(sources: readonly TimelineSource[]): Map<string, number> {
  const months = new Map<string, number>();
  for (const source of sources) {
    const published = publicationDay(source);
    const latest = published === null ? null : monthOf(published);
    const voted = new Set<string>();
    for (const mention of source.dates) {
      if (mention.granularity !== 'month' || voted.has(mention.date) || isTimeStamp(source, mention)) continue;
      if (latest !== null && mention.date > latest) continue;
      voted.add(mention.date);
      months.set(mention.date, (months.get(mention.date) ?? 0) + 1);
    }
  }
  return months;
}

/** What a day's score is multiplied by for the attention its month gets: 1 + MONTH_WEIGHT × the month's share. */
export function monthFactor(day: number, months: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const count of months.values()) total += count;
  return total === 0 ? 1 : 1 + (MONTH_WEIGHT * (months.get(monthOf(day)) ?? 0)) / total;
}

/** Every day with its score and candidates. */
function collectDays(sources: readonly TimelineSource[]): Map<number, DayEvidence> {
  const days = new Map<number, DayEvidence>();
  sources.forEach((source, s) => {
    const published = publicationDay(source);
    const articleWeight = isChronology(source) ? CHRONOLOGY_WEIGHT : 1;
    const voted = new Set<number>();
    for (const mention of source.dates) {
      if (mention.granularity !== 'day' || isTimeStamp(source, mention)) continue;
      const day = dayNumber(mention.date);
      if (day === null) continue;
      const weight = mentionWeight(day, published);
      if (weight === 0) continue;
      const evidence = evidenceFor(days, day);
      // One vote per article and day: an article that repeats a date is not more articles.
      if (!voted.has(day)) {
        voted.add(day);
        evidence.score += articleWeight * weight;
        evidence.articles.add(s);
      }
      const last = evidence.mentions[evidence.mentions.length - 1];
      if (last?.source !== s || last.sentenceIndex !== mention.sentenceIndex) evidence.mentions.push({ source: s, sentenceIndex: mention.sentenceIndex });
    }
    if (published === null) return;
    // A day supported only as the eve of a publication is never a candidate by itself (see buildTimeline's filter):
    // without a mention, nothing says what happened then.
    for (const day of [published, published - 1]) {
      const evidence = evidenceFor(days, day);
      if (!voted.has(day)) evidence.score += PUBLICATION_WEIGHT;
      evidence.articles.add(s);
      if (day === published) evidence.publishedOn.push(s);
    }
  });
  const months = monthMentions(sources);
  for (const evidence of days.values()) evidence.score *= monthFactor(evidence.day, months);
  return days;
}

/** Words of a sentence outside its date mentions, as a reader counts them. */
function contentWords(text: string, start: number, end: number, dates: readonly DateMention[]): number {
  let words = 0;
  let at = start;
  for (const mention of dates) {
    if (mention.end <= at || mention.start >= end) continue;
    if (mention.start > at) words += countWords(text.slice(at, mention.start));
    at = Math.max(at, mention.end);
  }
  if (at < end) words += countWords(text.slice(at, end));
  return words;
}

/** A sentence prepared for selection: its terms, its length and whether it may be shown at all. */
interface SentenceInfo {
  readonly bag: TermBag;
  readonly words: number;
  readonly usable: boolean;
}

class SentenceTable {
  readonly #infos = new Map<string, SentenceInfo>();
  readonly #mentionsBySource: DateMention[][];

  constructor(
    private readonly sources: readonly TimelineSource[],
    private readonly vocabulary: Vocabulary,
  ) {
    this.#mentionsBySource = sources.map((source) => [...source.dates].sort((a, b) => a.start - b.start));
  }

  text(candidate: Candidate): string | null {
    const article = this.sources[candidate.source]?.article;
    const sentence = article?.segmentation.sentences[candidate.sentenceIndex];
    return article === undefined || sentence === undefined ? null : article.text.slice(sentence.start, sentence.end);
  }

  articleId(candidate: Candidate): string | null {
    return this.sources[candidate.source]?.article.id ?? null;
  }

  info(candidate: Candidate): SentenceInfo | null {
    const key = `${candidate.source}:${candidate.sentenceIndex}`;
    const known = this.#infos.get(key);
    if (known !== undefined) return known;
    const article = this.sources[candidate.source]?.article;
    const sentence = article?.segmentation.sentences[candidate.sentenceIndex];
    if (article === undefined || sentence === undefined) return null;
    const text = article.text.slice(sentence.start, sentence.end);
    const paragraph = article.segmentation.paragraphs[sentence.paragraphIndex];
    const content = contentWords(article.text, sentence.start, sentence.end, this.#mentionsBySource[candidate.source] ?? []);
    const info: SentenceInfo = {
      bag: bagOfTerms(tokenize(text, article.language ?? 'en'), this.vocabulary),
      words: countWords(text),
      // A heading is a label, not a statement; a sentence of a date and a few words is a dateline.
      usable: paragraph?.kind !== 'heading' && content >= MIN_CONTENT_WORDS,
    };
    this.#infos.set(key, info);
    return info;
  }
}

/** The sentences that mention a day. */
function mentionCandidates(evidence: DayEvidence): Candidate[] {
  return evidence.mentions.slice(0, MAX_CANDIDATES_PER_DAY);
}

/** The lead sentences of the articles published on a day: news opens with what happened. */
function leadCandidates(evidence: DayEvidence, sources: readonly TimelineSource[]): Candidate[] {
  const leads: Candidate[] = [];
  for (const s of evidence.publishedOn) {
    const count = Math.min(LEAD_SENTENCES, sources[s]?.article.segmentation.sentences.length ?? 0);
    for (let i = 0; i < count; i++) leads.push({ source: s, sentenceIndex: i });
  }
  return leads.slice(0, MAX_CANDIDATES_PER_DAY);
}

function compareDays(a: DayEvidence, b: DayEvidence): number {
  return b.score - a.score || a.day - b.day;
}

export function buildTimeline(sources: readonly TimelineSource[], options: TimelineOptions): TimelineEntry[] {
  // NaN would make every comparison false and the loops unbounded: it asks for nothing.
  const wanted = Number.isNaN(options.dates) ? 0 : Math.max(0, Math.floor(options.dates));
  const perDate = Number.isNaN(options.sentencesPerDate) ? 1 : Math.max(1, Math.floor(options.sentencesPerDate ?? 1));
  if (wanted === 0 || sources.length === 0) return [];

  const ranked = [...collectDays(sources).values()]
    .filter((evidence) => evidence.mentions.length > 0 || evidence.publishedOn.length > 0)
    .sort(compareDays);
  const vocabulary = new Vocabulary();
  const table = new SentenceTable(sources, vocabulary);

  // IDF over the candidates of the days that can be chosen: what tells one day's story from another's weighs most.
  const bags: TermBag[] = [];
  for (const evidence of ranked.slice(0, wanted * IDF_POOL_FACTOR)) {
    for (const candidate of [...mentionCandidates(evidence), ...leadCandidates(evidence, sources)]) {
      const info = table.info(candidate);
      if (info !== null) bags.push(info.bag);
    }
  }
  const idf = inverseDocumentFrequencies(documentFrequencies(bags, vocabulary.size), bags.length);
  const vectorOf = (info: SentenceInfo): TermVector => weightVector(info.bag, idf, bags.length);
  const story = sumVectors(bags.map((bag) => weightVector(bag, idf, bags.length)));

  const chosen: TermVector[] = [];
  const entries: TimelineEntry[] = [];
  for (const evidence of ranked) {
    if (entries.length >= wanted) break;
    // Leads stand in when no sentence mentions the day, or only datelines and stamps do.
    let sentences = describeDay(mentionCandidates(evidence), table, vectorOf, chosen, perDate, story);
    if (sentences.length === 0) sentences = describeDay(leadCandidates(evidence, sources), table, vectorOf, chosen, perDate, story);
    if (sentences.length === 0) continue;
    entries.push({
      date: dayString(evidence.day),
      sentences,
      articleIds: [...new Set([...evidence.articles].map((s) => sources[s]?.article.id ?? ''))].filter((id) => id !== '').sort(),
    });
  }
  return entries.sort((a, b) => compareText(a.date, b.date));
}

/** The day's best sentences: closest to the centroid of its candidates, not too long, not told already. */
function describeDay(
  list: readonly Candidate[],
  table: SentenceTable,
  vectorOf: (info: SentenceInfo) => TermVector,
  chosen: TermVector[],
  perDate: number,
  story: TermVector,
): TimelineSentence[] {
  const usable: { candidate: Candidate; vector: TermVector; words: number }[] = [];
  for (const candidate of list) {
    const info = table.info(candidate);
    if (info === null || !info.usable) continue;
    usable.push({ candidate, vector: vectorOf(info), words: info.words });
  }
  if (usable.length === 0) return [];
  const centroid = sumVectors(usable.map((u) => u.vector));
  const scored = usable
    .map((u) => ({ ...u, score: (cosine(u.vector, centroid) + STORY_WEIGHT * cosine(u.vector, story)) * lengthFactor(u.words) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        compareText(table.articleId(a.candidate) ?? '', table.articleId(b.candidate) ?? '') ||
        a.candidate.sentenceIndex - b.candidate.sentenceIndex,
    );
  const picked: TimelineSentence[] = [];
  for (const item of scored) {
    if (picked.length >= perDate) break;
    if (chosen.some((vector) => cosine(vector, item.vector) >= DUPLICATE_COSINE)) continue;
    const text = table.text(item.candidate);
    const article = table.articleId(item.candidate);
    if (text === null || article === null) continue;
    chosen.push(item.vector);
    picked.push({ articleId: article, sentenceIndex: item.candidate.sentenceIndex, text });
  }
  return picked;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 1 up to LONG_SENTENCE_WORDS words, then falling: twice as long scores half. */
function lengthFactor(words: number): number {
  return words <= LONG_SENTENCE_WORDS ? 1 : LONG_SENTENCE_WORDS / words;
}
