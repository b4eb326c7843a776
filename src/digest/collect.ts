/**
 * Reads what a digest needs from the store (the window's events, then sentences, a quote and links for the chosen
 * few) and hands it to the pure builder. One `DigestReader` serves a whole tick: a thousand servers' digests about
 * the same shared events read each event's summary once.
 */
import { eventQuotes, eventSummary } from '../answers/event-answers.ts';
import type { GuildScope } from '../domain/article.ts';
import { coveragePicture } from '../pictures/event-pictures.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { EventActivity } from '../store/digest-store.ts';
import type { EventSummary } from '../store/event-store.ts';
import { composeDigest, digestEntry, rankActivity } from './build-digest.ts';
import type { Digest, EventContent } from './build-digest.ts';

/** Sentences for a new event; an updated one gets fewer, from its new articles. */
const NEW_EVENT_SENTENCES = 3;
const UPDATED_EVENT_SENTENCES = 2;
const NEW_ARTICLES_READ = 20;
/** Articles a topic's search looks at to find the events it is about. */
const TOPIC_MATCHES = 300;
export const MAX_TOPICS = 10;

export interface DigestRequest {
  readonly viewer: GuildScope;
  /** Comma-separated topics; null for every event. */
  readonly topics: string | null;
  readonly size: number;
  readonly localDate: string;
  readonly timeZone: string;
  /** The window: articles stored after `afterSeq` … */
  readonly afterSeq: number;
  /** …shown to readers as "since" this instant (ms), or null when the window is everything stored. */
  readonly since: number | null;
  /** Add the top event's coverage chart. */
  readonly chart?: boolean;
}

export interface CollectedDigest {
  readonly digest: Digest;
  /** The newest article the digest covered: the next one starts after it. */
  readonly throughArticleSeq: number;
}

/** "ceasefire, rail strike" → ["ceasefire", "rail strike"]. */
export function splitTopics(topics: string | null): string[] {
  if (topics === null) return [];
  return [...new Set(topics.split(/[,;\n]/).map((topic) => topic.trim().replace(/\s+/g, ' ')).filter((topic) => topic !== ''))].slice(0, MAX_TOPICS);
}

/** Memoised reads for one round of digests. */
export class DigestReader {
  readonly #cache = new Map<string, Promise<unknown>>();
  #latestSeq: Promise<number> | null = null;

  constructor(readonly store: ArticleStore) {}

  #memo<T>(key: string, read: () => Promise<T>): Promise<T> {
    let found = this.#cache.get(key) as Promise<T> | undefined;
    if (found === undefined) {
      found = read();
      this.#cache.set(key, found);
    }
    return found;
  }

  /** The newest article when the round began: every digest of the round covers the same articles. */
  latestArticleSeq(): Promise<number> {
    this.#latestSeq ??= this.store.digests.latestArticleSeq();
    return this.#latestSeq;
  }

  activity(viewer: GuildScope, afterSeq: number, throughSeq: number): Promise<EventActivity[]> {
    return this.#memo(`activity ${viewer ?? ''} ${afterSeq} ${throughSeq}`, () => this.store.digests.eventActivity(viewer, afterSeq, throughSeq));
  }

  /** Ids of the events a topic's best-matching articles belong to. */
  topicEvents(topic: string, viewer: GuildScope): Promise<Set<string>> {
    return this.#memo(`topic ${viewer ?? ''} ${topic.toLowerCase()}`, async () => {
      const hits = await this.store.searchArticles(topic, { limit: TOPIC_MATCHES, guildId: viewer });
      const ids = new Set<string>();
      for (const hit of hits) {
        const event = await this.store.events.eventOfArticle(hit.article.id, viewer);
        if (event !== null) ids.add(event.id);
      }
      return ids;
    });
  }

  content(activity: EventActivity, viewer: GuildScope, afterSeq: number, throughSeq: number): Promise<EventContent> {
    const { event } = activity;
    // A new event's articles all lie inside any window it is new in, so every such window reads the same content.
    return this.#memo(`content ${viewer ?? ''} ${event.id} ${event.articleCount} ${activity.isNew ? 'new' : afterSeq} ${throughSeq}`, async () => {
      const newArticles = await this.store.digests.newArticlesOf(event.id, viewer, afterSeq, throughSeq, NEW_ARTICLES_READ);
      const summary = await this.#summary(event, viewer, activity.isNew ? null : newArticles.map((article) => article.id));
      const quote = await this.#quote(event, viewer);
      const cited = [...summary.articles, ...quote.articles];
      return { sentences: summary.items, quote: quote.items[0] ?? null, newArticles, cited };
    });
  }

  #summary(event: EventSummary, viewer: GuildScope, onlyArticles: readonly string[] | null) {
    const key = `summary ${viewer ?? ''} ${event.id} ${event.articleCount} ${onlyArticles?.join(',') ?? 'all'}`;
    return this.#memo(key, () =>
      onlyArticles === null
        ? eventSummary(this.store, event, viewer, { sentences: NEW_EVENT_SENTENCES })
        : eventSummary(this.store, event, viewer, { sentences: UPDATED_EVENT_SENTENCES, onlyArticles }),
    );
  }

  #quote(event: EventSummary, viewer: GuildScope) {
    return this.#memo(`quote ${viewer ?? ''} ${event.id} ${event.articleCount}`, () => eventQuotes(this.store, event, viewer, { limit: 1 }));
  }
}

/** The digest of the articles stored after `request.afterSeq`: the top events, each with what to say about it. */
export async function collectDigest(reader: DigestReader, request: DigestRequest): Promise<CollectedDigest> {
  const throughArticleSeq = await reader.latestArticleSeq();
  let activity = await reader.activity(request.viewer, request.afterSeq, throughArticleSeq);
  const topics = splitTopics(request.topics);
  if (topics.length > 0) {
    const wanted = new Set<string>();
    for (const topic of topics) for (const id of await reader.topicEvents(topic, request.viewer)) wanted.add(id);
    activity = activity.filter((entry) => wanted.has(entry.event.id));
  }
  const chosen = rankActivity(activity).slice(0, request.size);
  const entries = [];
  for (const entry of chosen) {
    entries.push(digestEntry(entry, await reader.content(entry, request.viewer, request.afterSeq, throughArticleSeq)));
  }
  const frame = { localDate: request.localDate, timeZone: request.timeZone, since: request.since, topics: topics.length > 0 ? topics.join(', ') : null };
  const top = chosen[0];
  const chart =
    request.chart === true && top !== undefined
      ? coveragePicture(top.event, await reader.store.events.eventArticles(top.event.id, request.viewer), new Date(`${request.localDate}T12:00:00Z`))
      : null;
  return { digest: composeDigest(frame, entries, activity.length, chart), throughArticleSeq };
}
