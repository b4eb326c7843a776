/**
 * The daily digest, as data: which events since the previous digest matter most, and what to say about each. Pure:
 * the store's answers come in, a `Digest` goes out for any renderer (Discord messages, the terminal).
 */
import type { ArticleSummary } from '../domain/article.ts';
import type { CoveragePictureInput } from '../pictures/picture.ts';
import type { EventActivity } from '../store/digest-store.ts';
import { plural } from '../text/plural.ts';

/** What the answers layer found for one chosen event. */
export interface EventContent {
  /** Verbatim sentences with the article each comes from. */
  readonly sentences: readonly { readonly articleId: string; readonly text: string }[];
  readonly quote: { readonly text: string; readonly speaker: string; readonly articleIds: readonly string[] } | null;
  /** The window's articles of the event, newest first. */
  readonly newArticles: readonly ArticleSummary[];
  /** Every article the sentences and the quote cite. */
  readonly cited: readonly ArticleSummary[];
}

export interface DigestSentence {
  readonly text: string;
  readonly source: ArticleSummary | null;
}

export interface DigestEntry {
  readonly eventId: string;
  readonly title: string;
  readonly status: 'new' | 'updated';
  /** For updated events: what happened since the last digest, e.g. "2 new articles, from Reuters and AP". */
  readonly whatsNew: string | null;
  readonly sentences: readonly DigestSentence[];
  readonly quote: { readonly text: string; readonly speaker: string; readonly sources: readonly ArticleSummary[] } | null;
  readonly outletCount: number;
  /** Articles to read, one per outlet, newest first. */
  readonly links: readonly ArticleSummary[];
}

export interface Digest {
  /** The subscription's local date, "YYYY-MM-DD". */
  readonly localDate: string;
  readonly timeZone: string;
  /** "Daily digest · Friday 27 November 2026". */
  readonly title: string;
  /** "Since Thursday 26 November, 08:00 (Europe/Paris)", or null when the digest covers everything stored. */
  readonly sinceLine: string | null;
  readonly topics: string | null;
  readonly entries: readonly DigestEntry[];
  /** Events with news in the window beyond the digest's size. */
  readonly moreEvents: number;
  /** The top event's coverage chart, when the subscription asked for one. */
  readonly chart: CoveragePictureInput | null;
}

const LINKS_PER_EVENT = 3;

/**
 * How much an event's news weighs: new outlets most (a story others pick up), then how widely it is told at all,
 * then how much was written; a new story a little before an update of equal weight.
 */
function weight(activity: EventActivity): number {
  const newOutlets = activity.newOutlets.filter((outlet) => outlet !== '').length;
  return 2 * newOutlets + 0.5 * activity.event.outletCount + Math.log2(1 + activity.newArticleCount) + (activity.isNew ? 0.25 : 0);
}

/** The events best worth a reader's morning, first. */
export function rankActivity(activity: readonly EventActivity[]): EventActivity[] {
  return [...activity].sort(
    (a, b) => weight(b) - weight(a) || b.newestPublished - a.newestPublished || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0),
  );
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "2 new articles, from Reuters and AP" */
export function whatsNew(activity: EventActivity): string {
  const outlets = activity.newOutlets.filter((outlet) => outlet !== '');
  const shown = outlets.slice(0, 3);
  const from = shown.length === 0 ? '' : `, from ${listWords(outlets.length > shown.length ? [...shown, `${outlets.length - shown.length} more`] : shown)}`;
  return `${plural(activity.newArticleCount, 'new article')}${from}`;
}

/** One article per outlet, newest first. */
function linksOf(articles: readonly ArticleSummary[]): ArticleSummary[] {
  const seen = new Set<string>();
  const links: ArticleSummary[] = [];
  for (const article of articles) {
    const outlet = article.source ?? article.url ?? article.id;
    if (seen.has(outlet)) continue;
    seen.add(outlet);
    links.push(article);
    if (links.length === LINKS_PER_EVENT) break;
  }
  return links;
}

export function digestEntry(activity: EventActivity, content: EventContent): DigestEntry {
  const byId = new Map([...content.cited, ...content.newArticles].map((article) => [article.id, article]));
  const quote = content.quote;
  return {
    eventId: activity.event.id,
    title: activity.event.title,
    status: activity.isNew ? 'new' : 'updated',
    whatsNew: activity.isNew ? null : whatsNew(activity),
    sentences: content.sentences.map((sentence) => ({ text: sentence.text, source: byId.get(sentence.articleId) ?? null })),
    quote:
      quote === null
        ? null
        : {
            text: quote.text,
            speaker: quote.speaker,
            sources: quote.articleIds.map((id) => byId.get(id)).filter((article): article is ArticleSummary => article !== undefined),
          },
    outletCount: activity.event.outletCount,
    links: linksOf(content.newArticles),
  };
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The parts of an instant's local date and time in a zone, named as Intl names them. */
function partsOf(instant: number, timeZone: string): Record<string, string> {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(instant))) parts[part.type] = part.value;
  return parts;
}

/** "Friday 27 November 2026" for a local date. */
export function longDate(localDate: string): string {
  const parts = partsOf(Date.parse(`${localDate}T12:00:00Z`), 'UTC');
  return `${parts['weekday']} ${parts['day']} ${parts['month']} ${parts['year']}`;
}

/** "Thursday 26 November, 08:00" for an instant in a zone. */
export function localMoment(instant: number, timeZone: string): string {
  const parts = partsOf(instant, timeZone);
  return `${parts['weekday']} ${parts['day']} ${parts['month']}, ${parts['hour']}:${parts['minute']}`;
}

export interface DigestFrame {
  readonly localDate: string;
  readonly timeZone: string;
  /** ms: where the window starts, or null when it covers everything stored. */
  readonly since: number | null;
  readonly topics: string | null;
}

export function composeDigest(
  frame: DigestFrame,
  entries: readonly DigestEntry[],
  eventsWithNews: number,
  chart: CoveragePictureInput | null = null,
): Digest {
  return {
    localDate: frame.localDate,
    timeZone: frame.timeZone,
    title: `Daily digest · ${longDate(frame.localDate)}`,
    sinceLine: frame.since === null ? null : `Since ${localMoment(frame.since, frame.timeZone)} (${frame.timeZone})`,
    topics: frame.topics,
    entries,
    moreEvents: Math.max(0, eventsWithNews - entries.length),
    chart,
  };
}
