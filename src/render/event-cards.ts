import type { EventAnswer, EventOverview, EventQuoteItem, EventSummaryItem, EventTimelineItem } from '../answers/event-answers.ts';
import type { ArticleSummary } from '../domain/article.ts';
import type { EventSummary } from '../store/event-store.ts';
import { shortenAtWord } from '../text/shorten.ts';
import type { Card, CardField } from './card.ts';
import { plural } from '../text/plural.ts';

/** "[1]"-style references to an answer's articles, in the order of its sources list. */
function references(articles: readonly ArticleSummary[]): (ids: readonly string[]) => string {
  const numbers = new Map(articles.map((article, index) => [article.id, index + 1]));
  return (ids) => ids.map((id) => `[${numbers.get(id) ?? '?'}]`).join('');
}

export function sourcesField(articles: readonly ArticleSummary[]): CardField {
  return {
    name: 'Sources',
    value: articles.map((article, index) => {
      const meta = [article.source, article.publishedAt.slice(0, 10)].filter((part) => part !== null).join(', ');
      return `[${index + 1}] ${article.title} (${meta})${article.url === null ? '' : ` ${article.url}`}`;
    }),
  };
}

/** "3 outlets · 5 articles · 2026-11-24 → 2026-11-26": an event's size and span in one line. */
export function eventLine(event: EventSummary): string {
  const first = event.firstSeen.slice(0, 10);
  const last = event.lastSeen.slice(0, 10);
  return `${plural(event.outletCount, 'outlet')} · ${plural(event.articleCount, 'article')} · ${first === last ? first : `${first} → ${last}`}`;
}

function firstReportLine(event: EventSummary): string {
  const report = event.firstReport;
  return `First reported by ${report.source ?? 'an unnamed outlet'} on ${report.publishedAt.slice(0, 10)}`;
}

export function eventSummaryCard(answer: EventAnswer<EventSummaryItem>): Card {
  const ref = references(answer.articles);
  return {
    title: `Summary: ${answer.event.title}`,
    lines: answer.items.length > 0 ? answer.items.map((item) => `${item.text} ${ref([item.articleId])}`) : ['(Its articles are too short to summarise.)'],
    fields: [sourcesField(answer.articles)],
    footer: `${eventLine(answer.event)} · event ${answer.event.id} · every sentence verbatim from its source`,
  };
}

export function eventQuotesCard(answer: EventAnswer<EventQuoteItem>, speaker?: string): Card {
  const ref = references(answer.articles);
  return {
    title: `Quotes: ${answer.event.title}`,
    lines:
      answer.items.length > 0
        ? answer.items.map((item) => `${item.key ? '★ ' : ''}“${item.text}” — ${item.speaker} ${ref(item.articleIds)}`)
        : [speaker === undefined ? 'No attributed quotes in this event’s articles.' : `No quotes by “${shortenAtWord(speaker, 80)}” in this event’s articles.`],
    fields: [sourcesField(answer.articles)],
    footer: `${eventLine(answer.event)} · ★ key quote · quotes verbatim, speakers as the articles name them`,
  };
}

export function eventTimelineCard(answer: Pick<EventAnswer<EventTimelineItem>, 'articles' | 'items'> & { readonly event: EventSummary | null }, title?: string): Card {
  const ref = references(answer.articles);
  return {
    title: `Timeline: ${title ?? answer.event?.title ?? 'all stored articles'}`,
    lines:
      answer.items.length > 0
        ? answer.items.map((item) => `${item.date}  ${item.sentences.map((s) => s.text).join(' ')} ${ref(item.sentences.map((s) => s.articleId))}`)
        : ['No dated statements in these articles.'],
    fields: [sourcesField(answer.articles)],
    footer: `${answer.event ? `${eventLine(answer.event)} · ` : ''}dates many articles name, each with its most telling sentence`,
  };
}

export function eventOverviewCard(overview: EventOverview): Card {
  const { event } = overview;
  const ref = references(overview.summary.articles);
  const fields: CardField[] = [{ name: 'Outlets', value: [overview.outlets.length > 0 ? overview.outlets.join(', ') : 'unnamed'] }];
  if (overview.quotes.items.length > 0) {
    const quoteRef = references(overview.quotes.articles);
    fields.push({ name: 'Key quotes', value: overview.quotes.items.map((item) => `“${item.text}” — ${item.speaker} ${quoteRef(item.articleIds)}`) });
  }
  if (overview.timeline.items.length > 0) {
    fields.push({ name: 'Timeline', value: overview.timeline.items.map((item) => `${item.date}  ${item.sentences[0]?.text ?? ''}`) });
  }
  fields.push(sourcesField(overview.summary.articles));
  return {
    title: event.title,
    lines: [`${firstReportLine(event)}.`, '', ...overview.summary.items.map((item) => `${item.text} ${ref([item.articleId])}`)],
    fields,
    footer: `${eventLine(event)} · event ${event.id}`,
  };
}

/** Current events, most outlets first. */
export function eventsListCard(events: readonly EventSummary[], heading: string): Card {
  return {
    title: heading,
    lines:
      events.length > 0
        ? events.map((event, index) => `${index + 1}. ${event.title} — ${eventLine(event)} (event ${event.id})`)
        : ['No events yet: add articles with /article add, or ask the operator to ingest some.'],
    fields: [],
    footer: 'Events group the articles that tell one story; /event id shows one.',
  };
}
