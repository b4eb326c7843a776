/**
 * Puts stored articles into events, one at a time, as they arrive: the pure grouping (grouping.ts) decides, the
 * store keeps the profiles, the candidate index and the document frequencies between articles.
 */
import type { Article, GuildScope } from '../domain/article.ts';
import type { ArticleStore } from '../store/article-store.ts';
import { eventFeatures } from './features.ts';
import type { EventFeatures } from './features.ts';
import {
  addToProfile,
  assignToEvent,
  candidateKeys,
  entityStatsKey,
  mergeProfiles,
  newProfile,
  profileFromJson,
  profileToJson,
  scoreCandidate,
  statsKeys,
} from './grouping.ts';
import type { CorpusStats, EventProfile, EventProfileJson } from './grouping.ts';

/** Bump when grouping decisions change, so that cached benchmark databases grouped the old way are rebuilt. */
export const GROUPING_VERSION = 5;

/** Candidate events read per article: same-story events share names and headline words, so few are needed. */
const CANDIDATES = 10;
/**
 * Candidates are looked up by the article's rarest keys only: a name or word in a tenth of all articles finds
 * hundreds of events and tells none apart, while a rare one finds the few that matter.
 */
const LOOKUP_KEYS = 20;
/** An event is indexed under all its names and this many of its heaviest terms. */
const INDEXED_TERMS = 12;
const BATCH = 200;
/**
 * A new event's first headline holds the title until another article fits the event's profile better than this (a
 * text cosine): a later, more central article names the story better than the first report's angle did.
 */
const FIRST_TITLE_SCORE = 0.5;

/** The keys an event is found by: its names and heaviest terms (the same kinds of keys articles look up). */
function profileKeys(profile: EventProfile): string[] {
  const terms = [...profile.terms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, INDEXED_TERMS);
  return [...[...profile.entities.keys()].map(entityStatsKey), ...terms.map(([term]) => term)];
}

/** Document frequencies as the grouping expects them: the corpus with this article already counted. */
async function statsWith(store: ArticleStore, scope: GuildScope, features: EventFeatures): Promise<CorpusStats> {
  const stored = await store.events.termStatistics(scope);
  const own = new Set(statsKeys(features));
  return {
    documents: stored.documents + 1,
    documentFrequency: (key) => stored.documentFrequency(key) + (own.has(key) ? 1 : 0),
  };
}

/** What grouping reads of an article's analysis. */
export type GroupingInput = Parameters<typeof eventFeatures>[1];

/** Parsed profiles kept between articles: parsing a profile cost more than scoring it. */
const PROFILE_CACHE_SIZE = 20_000;

/**
 * Assigns articles to events one at a time. Keeps the profiles it has parsed (keyed by their stored text, so a
 * changed profile is parsed again), which is what makes a long ingest fast; make one per run of work.
 */
export class EventGrouper {
  readonly #profiles = new Map<string, { readonly json: string; readonly profile: EventProfile }>();

  constructor(private readonly store: ArticleStore) {}

  #profileOf(id: string, json: string): EventProfile {
    const cached = this.#profiles.get(id);
    if (cached && cached.json === json) return cached.profile;
    return this.#keep(id, json, profileFromJson(JSON.parse(json) as EventProfileJson));
  }

  /** Least recently stored first out, so the events a long ingest keeps meeting stay. */
  #keep(id: string, json: string, profile: EventProfile): EventProfile {
    this.#profiles.delete(id);
    if (this.#profiles.size >= PROFILE_CACHE_SIZE) {
      const oldest = this.#profiles.keys().next();
      if (!oldest.done) this.#profiles.delete(oldest.value);
    }
    this.#profiles.set(id, { json, profile });
    return profile;
  }

  /**
   * The profile as stored (JSON), remembered as it will be read back (weights rounded), so that the next article
   * meeting this event neither parses it nor sees different numbers than a fresh read would give.
   */
  #remember(id: string, profile: EventProfile): string {
    const stored = profileToJson(profile);
    const json = JSON.stringify(stored);
    this.#keep(id, json, profileFromJson(stored));
    return json;
  }

  /** Groups a stored article by id, reading its analysis back. Null when it is not stored (or not visible). */
  async groupStored(id: string, guildId: GuildScope): Promise<string | null> {
    const analysis = await this.store.getAnalysis(id, guildId);
    return analysis ? this.group(analysis.article, analysis) : null;
  }

  /** Assigns one stored, analysed article to an event (joining, starting or merging events). Returns the event id. */
  async group(article: Article, analysis: GroupingInput): Promise<string> {
    const store = this.store;
    const features = eventFeatures(article, analysis);
    const stats = await statsWith(store, article.guildId, features);
    const lookupKeys = candidateKeys(features)
      .map((key) => ({ key, documents: stats.documentFrequency(key) }))
      .sort((a, b) => a.documents - b.documents || (a.key < b.key ? -1 : 1))
      .slice(0, LOOKUP_KEYS)
      .map(({ key }) => key);
    const candidates = await store.events.candidateEvents(article.guildId, lookupKeys, CANDIDATES);
    const profiles = candidates.map((candidate) => ({ ...candidate, profile: this.#profileOf(candidate.id, candidate.profile) }));
    const decision = assignToEvent(features, profiles.map((candidate) => candidate.profile), stats);
    const terms = statsKeys(features);

    if (decision.eventId === null) {
      const profile = newProfile(article.id, features);
      const eventId = await store.events.applyGrouping({
        articleId: article.id,
        terms,
        event: { kind: 'new', title: article.title, titleScore: FIRST_TITLE_SCORE, profile: this.#remember(article.id, profile), keys: profileKeys(profile) },
        mergeIds: [],
      });
      return eventId;
    }
    const target = profiles.find((candidate) => candidate.profile.id === decision.eventId);
    if (!target) throw new Error(`the grouping chose event ${decision.eventId}, which was not a candidate`);
    let profile = addToProfile(target.profile, features);
    for (const mergeId of decision.mergeWith) {
      const other = profiles.find((candidate) => candidate.profile.id === mergeId);
      if (other) profile = mergeProfiles(profile, other.profile);
    }
    const fit = scoreCandidate(features, profile, stats).text;
    const eventId = await store.events.applyGrouping({
      articleId: article.id,
      terms,
      event: {
        kind: 'join',
        id: target.id,
        profile: this.#remember(target.id, profile),
        keys: profileKeys(profile),
        ...(fit > target.titleScore ? { title: { text: article.title, score: fit } } : {}),
      },
      mergeIds: decision.mergeWith,
    });
    return eventId;
  }
}

/** Assigns one stored, analysed article to an event. Returns the event id, or null when it is not stored. */
export function groupArticle(store: ArticleStore, id: string, guildId: GuildScope): Promise<string | null> {
  return new EventGrouper(store).groupStored(id, guildId);
}

/**
 * Groups every analysed article not yet in an event, oldest first (the order they arrived in). Articles stored with
 * their analysis deferred wait until `reanalyze` has analysed them.
 */
export async function groupUngroupedArticles(
  store: ArticleStore,
  onProgress?: (grouped: number) => void,
  grouper: EventGrouper = new EventGrouper(store),
): Promise<number> {
  let grouped = 0;
  for (;;) {
    const batch = await store.events.listUngroupedArticles(BATCH);
    if (batch.length === 0) return grouped;
    // One commit per batch: per article, the commit (every touched page written to the log) cost more than the work.
    await store.inTransaction(async () => {
      for (const { id, guildId } of batch) {
        await grouper.groupStored(id, guildId);
        grouped += 1;
      }
    });
    onProgress?.(grouped);
  }
}
