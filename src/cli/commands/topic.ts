import { eventQuotes, eventSummary, eventTimeline, resolveEvent, timelineOfArticles } from '../../answers/event-answers.ts';
import type { EventSelector, EventTimelineItem } from '../../answers/event-answers.ts';
import type { ArticleSummary } from '../../domain/article.ts';
import { UserFacingError } from '../../errors.ts';
import { renderPlainText } from '../../render/card.ts';
import { eventQuotesCard, eventSummaryCard, eventTimelineCard } from '../../render/event-cards.ts';
import type { ArticleStore } from '../../store/article-store.ts';
import type { EventSummary } from '../../store/event-store.ts';
import type { CliContext } from '../context.ts';
import { writeJson, writeLine } from '../output.ts';
import { writePicture } from '../picture-file.ts';
import { timelinePicture } from '../../pictures/event-pictures.ts';

export interface AnswerCommandOptions {
  readonly json: boolean;
  readonly guild?: string | undefined;
  readonly sentences: number;
  readonly limit: number;
  readonly dates: number;
  readonly speaker?: string | undefined;
  /** Timelines: also draw the picture into this file. */
  readonly png?: string | undefined;
}

/** What an answer is about: an event by id, the event a topic finds, or (timelines only) every stored article. */
export type AnswerSubject = EventSelector | { readonly all: true };

export function articleJson(article: ArticleSummary) {
  return { id: article.id, title: article.title, url: article.url, source: article.source, publishedAt: article.publishedAt };
}

export function eventJson(event: EventSummary | null) {
  return event === null ? null : { id: event.id, title: event.title };
}

export function timelineEntriesJson(items: readonly EventTimelineItem[]) {
  return items.map((item) => ({ date: item.date, summary: item.sentences.map((sentence) => sentence.text), articles: [...item.articleIds] }));
}

function noMatchText(subject: AnswerSubject): string {
  if ('eventId' in subject) return `No event with id ${subject.eventId}; \`newsbot events --all\` lists them.`;
  if ('topic' in subject) return `No stored article matches “${subject.topic}”. Try other words, or add articles first (\`newsbot ingest PATH\`).`;
  return 'No articles are stored yet (`newsbot ingest PATH`).';
}

async function allArticleIds(store: ArticleStore, viewer: string | null): Promise<string[]> {
  const articles = await store.listRecentArticles({ guildId: viewer, ownOnly: false, limit: Number.MAX_SAFE_INTEGER });
  return articles.map((article) => article.id).reverse();
}

/** `newsbot summary|quotes|timeline (--event ID | --topic TEXT | --all)`: answers about one event across its articles. */
export async function answerCommand(kind: 'summary' | 'quotes' | 'timeline', subject: AnswerSubject, options: AnswerCommandOptions, context: CliContext): Promise<number> {
  const viewer = options.guild ?? null;
  const { stdout } = context.output;
  return context.withStore(async (store) => {
    if ('all' in subject) {
      if (kind !== 'timeline') throw new UserFacingError('--all works with `newsbot timeline` only');
      const answer = await timelineOfArticles(store, await allArticleIds(store, viewer), viewer, { dates: options.dates });
      if (options.json) writeJson(stdout, { entries: timelineEntriesJson(answer.items) });
      else stdout.write(renderPlainText(eventTimelineCard({ ...answer, event: null })));
      if (options.png !== undefined) writePicture(options.png, context.pictures().timeline(timelinePicture({ ...answer, event: null }, context.clock())), context.output.stderr);
      return 0;
    }
    const event = await resolveEvent(store, subject, viewer);
    if (event === null) {
      if (options.json) writeJson(stdout, kind === 'timeline' ? { entries: [] } : { event: null, articles: [], [kind]: [] });
      else writeLine(stdout, noMatchText(subject));
      // An unknown id is a mistake; a topic without matches is an answer.
      return 'eventId' in subject ? 1 : 0;
    }
    if (kind === 'summary') {
      const answer = await eventSummary(store, event, viewer, { sentences: options.sentences });
      if (options.json) writeJson(stdout, { event: eventJson(event), articles: answer.articles.map(articleJson), summary: answer.items });
      else stdout.write(renderPlainText(eventSummaryCard(answer)));
    } else if (kind === 'quotes') {
      const answer = await eventQuotes(store, event, viewer, { limit: options.limit, speaker: options.speaker });
      if (options.json) writeJson(stdout, { event: eventJson(event), articles: answer.articles.map(articleJson), quotes: answer.items });
      else stdout.write(renderPlainText(eventQuotesCard(answer, options.speaker)));
    } else {
      const answer = await eventTimeline(store, event, viewer, { dates: options.dates });
      if (options.json) writeJson(stdout, { entries: timelineEntriesJson(answer.items) });
      else stdout.write(renderPlainText(eventTimelineCard(answer)));
      if (options.png !== undefined) writePicture(options.png, context.pictures().timeline(timelinePicture(answer, context.clock())), context.output.stderr);
    }
    return 0;
  });
}
