/**
 * A deterministic corpus of news-like articles for the bench: the same seed and count always give the same bytes.
 *
 * The text is nonsense but has the statistics that matter to ingest and search: a Zipf-like word distribution over a
 * few thousand words (so common words have long posting lists and rare ones short), capitalised multi-word names,
 * quotes, decimal numbers and dotted abbreviations (which the sentence segmenter must not split on), ~2,000
 * characters per article, ~30 outlets and two years of publication dates.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';

/** Bump when the generated text changes, so that a cached corpus from an older generator is never reused. */
export const GENERATOR_VERSION = 2;
export const SYNTHETIC_SEED = 20_240_601;

export interface SyntheticArticle {
  readonly title: string;
  readonly text: string;
  readonly url: string;
  readonly source: string;
  readonly publishedAt: string;
}

export type Random = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG; plenty for test data and identical on every platform. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function randomInt(random: Random, min: number, maxInclusive: number): number {
  return min + Math.floor(random() * (maxInclusive - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

/** Draws indexes 0..n-1 with probability ∝ 1/(rank+1)^exponent, by binary search over the cumulative weights. */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(size: number, exponent: number) {
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank += 1) {
      total += 1 / (rank + 1) ** exponent;
      this.cumulative[rank] = total;
    }
  }

  sample(random: Random): number {
    const target = random() * (this.cumulative[this.cumulative.length - 1] as number);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** The most frequent English words, in rough frequency order: the head of the Zipf distribution. */
export const FUNCTION_WORDS: readonly string[] = [
  'the', 'of', 'to', 'and', 'a', 'in', 'is', 'that', 'for', 'it', 'as', 'was', 'with', 'on', 'be', 'by', 'at', 'he',
  'this', 'have', 'from', 'or', 'had', 'not', 'but', 'are', 'they', 'which', 'were', 'an', 'their', 'has', 'been',
  'its', 'one', 'would', 'will', 'there', 'we', 'more', 'all', 'she', 'who', 'after', 'also', 'than', 'could', 'over',
  'into', 'about', 'some', 'when', 'other', 'new', 'last', 'first', 'two', 'before', 'most', 'while', 'since', 'under',
];

/** Common content words of news text, right after the function words in frequency. */
const NEWS_WORDS: readonly string[] = [
  'said', 'year', 'government', 'people', 'minister', 'week', 'police', 'report', 'market', 'company', 'city',
  'state', 'president', 'court', 'election', 'party', 'public', 'country', 'million', 'percent', 'plan', 'officials',
  'month', 'time', 'workers', 'health', 'council', 'security', 'prices', 'economy', 'bank', 'budget', 'law', 'vote',
  'deal', 'talks', 'union', 'strike', 'school', 'team', 'season', 'match', 'players', 'coach', 'film', 'music',
  'festival', 'award', 'research', 'university', 'study', 'data', 'technology', 'software', 'network', 'energy',
  'oil', 'gas', 'power', 'climate', 'weather', 'storm', 'flood', 'fire', 'rail', 'train', 'airport', 'flight',
  'hospital', 'doctors', 'patients', 'schools', 'teachers', 'students', 'housing', 'rents', 'taxes', 'jobs',
  'growth', 'inflation', 'rates', 'shares', 'investors', 'profits', 'sales', 'exports', 'trade', 'tariffs',
  'border', 'army', 'troops', 'peace', 'ceasefire', 'protest', 'crowd', 'leader', 'mayor', 'judge', 'trial',
  'ruling', 'appeal', 'investigation', 'charges', 'spokesman', 'spokeswoman', 'statement', 'agency', 'ministry',
  'committee', 'parliament', 'senate', 'campaign', 'candidate', 'poll', 'survey', 'results', 'figures', 'record',
  'increase', 'decline', 'cuts', 'spending', 'funding', 'support', 'opposition', 'coalition', 'reform', 'policy',
  'service', 'services', 'water', 'roads', 'transport', 'village', 'region', 'district', 'county', 'island',
  'coast', 'river', 'bridge', 'port', 'factory', 'plant', 'industry', 'farmers', 'crops', 'food', 'supply',
  'shortage', 'warning', 'risk', 'crisis', 'emergency', 'rescue', 'victims', 'damage', 'losses', 'insurance',
  'contract', 'merger', 'chief', 'executive', 'board', 'director', 'staff', 'members', 'families', 'children',
  'women', 'men', 'residents', 'visitors', 'tourists', 'summer', 'winter', 'spring', 'autumn', 'morning', 'night',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'early', 'late', 'later', 'expected',
  'announced', 'confirmed', 'denied', 'warned', 'agreed', 'rejected', 'approved', 'launched', 'opened', 'closed',
  'raised', 'cut', 'won', 'lost', 'killed', 'injured', 'arrested', 'elected', 'appointed', 'resigned', 'signed',
];

/** Syllables for the long tail of made-up words and names: pronounceable, never a real word by design. */
const ONSETS = ['b', 'br', 'c', 'ch', 'd', 'dr', 'f', 'g', 'gr', 'h', 'k', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'st', 't', 'tr', 'v', 'w', 'z'];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 't', 'm', 'nd', 'st', 'rk'];

const FIRST_NAMES: readonly string[] = [
  'Anna', 'Ben', 'Carla', 'David', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'James', 'Kenji', 'Laura', 'Maria',
  'Nadia', 'Omar', 'Paul', 'Rosa', 'Samuel', 'Tara', 'Victor', 'Wei', 'Yusuf', 'Zoe', 'Lena', 'Daniel', 'Sofia',
  'Ruth', 'Peter', 'Amara', 'Lucas', 'Mei', 'Ivan', 'Priya', 'Tomas', 'Helen', 'Kofi', 'Marta', 'Oscar', 'Leila',
];
const HONORIFICS: readonly string[] = ['Mr.', 'Ms.', 'Dr.', 'Prof.', 'Gen.', 'Sen.'];
const ABBREVIATIONS: readonly string[] = ['U.S.', 'U.K.', 'E.U.', 'U.N.', 'a.m.', 'p.m.', 'e.g.', 'Inc.', 'Corp.'];
const ORGANISATION_SUFFIXES: readonly string[] = ['Group', 'Holdings', 'Bank', 'Council', 'Institute', 'Energy', 'Airlines', 'Foundation'];

/** Everything an article is drawn from; built once from the seed. */
export interface Lexicon {
  /** By descending frequency: function words, news words, then made-up words. */
  readonly words: readonly string[];
  /** People, places and organisations, by descending frequency. */
  readonly entities: readonly string[];
  readonly outlets: readonly { readonly name: string; readonly domain: string }[];
  readonly wordSampler: ZipfSampler;
  readonly entitySampler: ZipfSampler;
}

const VOCABULARY_SIZE = 4_000;
const ENTITY_COUNT = 5_000;
const OUTLET_COUNT = 30;
/** Close to 1, as in natural language; 1.07 keeps the head from being overwhelming on a 4,000-word vocabulary. */
const ZIPF_EXPONENT = 1.07;
/** Names are chosen per article (see `Writer`), with the plain Zipf law of news coverage. */
const ENTITY_ZIPF_EXPONENT = 1.0;

function madeUpWord(random: Random, syllables: number): string {
  let word = '';
  for (let i = 0; i < syllables; i += 1) word += pick(random, ONSETS) + pick(random, NUCLEI);
  return word + pick(random, CODAS);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function uniqueMadeUpWords(random: Random, count: number, taken: Set<string>, syllables: [number, number]): string[] {
  const words: string[] = [];
  while (words.length < count) {
    const word = madeUpWord(random, randomInt(random, syllables[0], syllables[1]));
    if (word.length < 3 || taken.has(word)) continue;
    taken.add(word);
    words.push(word);
  }
  return words;
}

export function buildLexicon(seed: number = SYNTHETIC_SEED): Lexicon {
  const random = mulberry32(seed);
  const taken = new Set<string>([...FUNCTION_WORDS, ...NEWS_WORDS]);
  const words = [...FUNCTION_WORDS, ...NEWS_WORDS];
  words.push(...uniqueMadeUpWords(random, VOCABULARY_SIZE - words.length, taken, [1, 3]));

  const surnames = uniqueMadeUpWords(random, 2_000, taken, [2, 3]).map(capitalise);
  const places = uniqueMadeUpWords(random, 800, taken, [2, 3]).map(capitalise);
  const entities: string[] = [];
  for (let i = 0; i < ENTITY_COUNT; i += 1) {
    const kind = random();
    if (kind < 0.6) entities.push(`${pick(random, FIRST_NAMES)} ${pick(random, surnames)}`);
    else if (kind < 0.85) entities.push(pick(random, places));
    else entities.push(`${pick(random, places)} ${pick(random, ORGANISATION_SUFFIXES)}`);
  }

  const outletStems = uniqueMadeUpWords(random, OUTLET_COUNT, taken, [2, 2]);
  const outletKinds = ['Herald', 'Times', 'Post', 'Wire', 'Gazette', 'Tribune', 'Daily', 'News'];
  const outlets = outletStems.map((stem) => ({ name: `${capitalise(stem)} ${pick(random, outletKinds)}`, domain: `${stem}.example` }));

  return {
    words,
    entities,
    outlets,
    wordSampler: new ZipfSampler(words.length, ZIPF_EXPONENT),
    entitySampler: new ZipfSampler(entities.length, ENTITY_ZIPF_EXPONENT),
  };
}

/** Content words by frequency: what a person might search for on its own. */
export function commonContentWords(lexicon: Lexicon, count: number): string[] {
  return lexicon.words.slice(FUNCTION_WORDS.length, FUNCTION_WORDS.length + count);
}

/**
 * What one article is written from. Its names come from a small cast chosen per article, as in real reporting: a
 * story mentions a few people and places again and again, and even the most newsworthy name is in a minority of
 * stories. (Drawing every name from the global distribution put the top name in almost every article, which made
 * names far commoner than in real news and queries on them unrealistically heavy.)
 */
interface Writer {
  readonly random: Random;
  readonly lexicon: Lexicon;
  readonly cast: readonly string[];
}

function entity(writer: Writer): string {
  return pick(writer.random, writer.cast);
}

function number(random: Random): string {
  const kind = random();
  if (kind < 0.35) return String(randomInt(random, 2, 99));
  if (kind < 0.6) return `${randomInt(random, 1, 20)}.${randomInt(random, 1, 9)}`;
  if (kind < 0.8) return `${randomInt(random, 1, 9)},${String(randomInt(random, 0, 999)).padStart(3, '0')}`;
  return `${randomInt(random, 1, 60)}%`;
}

function word(writer: Writer): string {
  return writer.lexicon.words[writer.lexicon.wordSampler.sample(writer.random)] as string;
}

/** One token of running text: usually a Zipf word, sometimes a name, a number or a dotted abbreviation. */
function token(writer: Writer): string {
  const kind = writer.random();
  if (kind < 0.04) return entity(writer);
  if (kind < 0.07) return number(writer.random);
  if (kind < 0.08) return pick(writer.random, ABBREVIATIONS);
  return word(writer);
}

function clause(writer: Writer, minWords: number, maxWords: number): string {
  const tokens: string[] = [];
  const length = randomInt(writer.random, minWords, maxWords);
  for (let i = 0; i < length; i += 1) tokens.push(token(writer));
  return capitalise(tokens.join(' '));
}

/** A name as a reporter writes it: sometimes with an honorific, whose period is not a sentence end. */
function speaker(writer: Writer): string {
  const name = entity(writer);
  return writer.random() < 0.3 ? `${pick(writer.random, HONORIFICS)} ${name}` : name;
}

/** Ends a sentence with a period unless it already ends with one (a final "U.S." takes no second period). */
function withPeriod(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

function sentence(writer: Writer): string {
  const kind = writer.random();
  if (kind < 0.1) return `“${clause(writer, 6, 14)},” said ${speaker(writer)}.`;
  if (kind < 0.15) return `${speaker(writer)} said: “${withPeriod(clause(writer, 6, 14))}”`;
  return withPeriod(clause(writer, 8, 20));
}

function paragraph(writer: Writer): string {
  const sentences: string[] = [];
  const count = randomInt(writer.random, 2, 5);
  for (let i = 0; i < count; i += 1) sentences.push(sentence(writer));
  return sentences.join(' ');
}

/** Headlines skip the function-word head so that they read like headlines and make useful queries. */
function title(writer: Writer): string {
  const words: string[] = [];
  const length = randomInt(writer.random, 6, 12);
  if (writer.random() < 0.6) words.push(entity(writer));
  while (words.length < length) {
    const rank = writer.lexicon.wordSampler.sample(writer.random);
    if (rank >= FUNCTION_WORDS.length) words.push(writer.lexicon.words[rank] as string);
  }
  return capitalise(words.join(' '));
}

function castOf(random: Random, lexicon: Lexicon): string[] {
  const size = randomInt(random, 1, 4);
  return Array.from({ length: size }, () => lexicon.entities[lexicon.entitySampler.sample(random)] as string);
}

const CORPUS_START_MS = Date.UTC(2023, 0, 1);
const CORPUS_SPAN_MS = 2 * 365 * 24 * 3600 * 1000;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

export function generateArticle(random: Random, lexicon: Lexicon, index: number): SyntheticArticle {
  const writer: Writer = { random, lexicon, cast: castOf(random, lexicon) };
  const headline = title(writer);
  const paragraphs: string[] = [];
  const paragraphCount = randomInt(random, 4, 10);
  for (let i = 0; i < paragraphCount; i += 1) paragraphs.push(paragraph(writer));
  const outlet = pick(random, lexicon.outlets);
  const published = new Date(CORPUS_START_MS + Math.floor(random() * CORPUS_SPAN_MS));
  const day = published.toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    title: headline,
    text: paragraphs.join('\n\n'),
    // The index makes every URL unique, so no synthetic article is a duplicate of another.
    url: `https://${outlet.domain}/${day}/${slug(headline)}-${index}`,
    source: outlet.name,
    publishedAt: published.toISOString(),
  };
}

/** Articles written per stream write: big enough to keep the writer busy, small enough to keep memory flat. */
const WRITE_CHUNK_ARTICLES = 1_000;

async function writeCorpus(path: string, count: number, seed: number): Promise<void> {
  const lexicon = buildLexicon(seed);
  const random = mulberry32(seed ^ 0x5eed);
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (let start = 0; start < count; start += WRITE_CHUNK_ARTICLES) {
    const lines: string[] = [];
    for (let index = start; index < Math.min(count, start + WRITE_CHUNK_ARTICLES); index += 1) {
      lines.push(JSON.stringify(generateArticle(random, lexicon, index)));
    }
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export function syntheticCorpusPath(cacheDir: string, count: number): string {
  return join(cacheDir, `synthetic-${count}-v${GENERATOR_VERSION}.jsonl`);
}

/**
 * The corpus of `count` articles as JSONL in the cache folder, generated only when missing. It is written to a
 * temporary name and renamed, so an interrupted run never leaves a truncated corpus that a later run would reuse.
 * The seed is fixed (and the generator version is in the name), so the name identifies the content.
 */
export async function ensureSyntheticCorpus(cacheDir: string, count: number): Promise<{ path: string; generated: boolean }> {
  const path = syntheticCorpusPath(cacheDir, count);
  if (existsSync(path)) return { path, generated: false };
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  try {
    await writeCorpus(partial, count, SYNTHETIC_SEED);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
  return { path, generated: true };
}
