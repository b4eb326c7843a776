/**
 * Puts stored articles into events, one at a time, as they arrive: the pure grouping (grouping.ts) decides, the
 * store keeps the profiles, the candidate index and the document frequencies between articles.
 */
import type { GuildScope } from '../domain/article.ts';
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
export const GROUPING_VERSION = 1;

/** Candidate events read per article: same-story events share names and headline words, so few are needed. */
const CANDIDATES = 12;
/**
 * Candidates are looked up by the article's rarest keys only: a name or word in a tenth of all articles finds
 * hundreds of events and tells none apart, while a rare one finds the few that matter.
 */
const LOOKUP_KEYS = 16;
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

/** Assigns one stored, analysed article to an event (joining, starting or merging events). Returns the event id. */
export async function groupArticle(store: ArticleStore, id: string, guildId: GuildScope): Promise<string | null> {
  const analysis = await store.getAnalysis(id, guildId);
  if (!analysis) return null;
  const { article } = analysis;
  const features = eventFeatures(article, analysis);
  const stats = await statsWith(store, article.guildId, features);
  const lookupKeys = candidateKeys(features)
    .map((key) => ({ key, documents: stats.documentFrequency(key) }))
    .sort((a, b) => a.documents - b.documents || (a.key < b.key ? -1 : 1))
    .slice(0, LOOKUP_KEYS)
    .map(({ key }) => key);
  const candidates = await store.events.candidateEvents(article.guildId, lookupKeys, CANDIDATES);
  const profiles = candidates.map((candidate) => ({ ...candidate, profile: profileFromJson(JSON.parse(candidate.profile) as EventProfileJson) }));
  const decision = assignToEvent(features, profiles.map((candidate) => candidate.profile), stats);
  const terms = statsKeys(features);

  if (decision.eventId === null) {
    const profile = newProfile(article.id, features);
    return store.events.applyGrouping({
      articleId: article.id,
      terms,
      event: { kind: 'new', title: article.title, titleScore: FIRST_TITLE_SCORE, profile: JSON.stringify(profileToJson(profile)), keys: profileKeys(profile) },
      mergeIds: [],
    });
  }
  const target = profiles.find((candidate) => candidate.profile.id === decision.eventId);
  if (!target) throw new Error(`the grouping chose event ${decision.eventId}, which was not a candidate`);
  let profile = addToProfile(target.profile, features);
  for (const mergeId of decision.mergeWith) {
    const other = profiles.find((candidate) => candidate.profile.id === mergeId);
    if (other) profile = mergeProfiles(profile, other.profile);
  }
  const fit = scoreCandidate(features, profile, stats).text;
  return store.events.applyGrouping({
    articleId: article.id,
    terms,
    event: {
      kind: 'join',
      id: target.id,
      profile: JSON.stringify(profileToJson(profile)),
      keys: profileKeys(profile),
      ...(fit > target.titleScore ? { title: { text: article.title, score: fit } } : {}),
    },
    mergeIds: decision.mergeWith,
  });
}

/**
 * Groups every analysed article not yet in an event, oldest first (the order they arrived in). Articles stored with
 * their analysis deferred wait until `reanalyze` has analysed them.
 */
export async function groupUngroupedArticles(store: ArticleStore, onProgress?: (grouped: number) => void): Promise<number> {
  let grouped = 0;
  for (;;) {
    const batch = await store.events.listUngroupedArticles(BATCH);
    if (batch.length === 0) return grouped;
    // One commit per batch: per article, the commit (every touched page written to the log) cost more than the work.
    await store.inTransaction(async () => {
      for (const { id, guildId } of batch) {
        await groupArticle(store, id, guildId);
        grouped += 1;
      }
    });
    onProgress?.(grouped);
  }
}
