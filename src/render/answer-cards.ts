import type { ArticleSummary } from '../domain/article.ts';
import type { QuoteItem, SummaryItem, TimelineItem, TopicAnswer } from '../answers/topic-answers.ts';
import { shortenAtWord } from '../text/shorten.ts';
import type { Card } from './card.ts';


/** "[1]"-style references to the answer's articles, so each line says where it came from. */
function referenceNumbers(articles: readonly ArticleSummary[]): (articleId: string) => string {
  const numbers = new Map(articles.map((article, index) => [article.id, index + 1]));
  return (articleId) => `[${numbers.get(articleId) ?? '?'}]`;
}

function sourcesField(articles: readonly ArticleSummary[]) {
  return {
    name: 'Sources',
    value: articles.map((article, index) => {
      const meta = [article.source, article.publishedAt.slice(0, 10)].filter((part) => part !== null).join(', ');
      return `[${index + 1}] ${article.title} (${meta})${article.url === null ? '' : ` ${article.url}`}`;
    }),
  };
}

export function noMatchCard(kind: string, topic: string): Card {
  return {
    title: `No ${kind} for “${shortenAtWord(topic, 80)}”`,
    lines: [
      `No stored article matches “${shortenAtWord(topic, 200)}”.`,
      'Try other words, or add articles first (`newsbot ingest PATH`).',
    ],
    fields: [],
  };
}

export function summaryCard(answer: TopicAnswer<SummaryItem>): Card {
  if (answer.items.length === 0) return noMatchCard('summary', answer.topic);
  const ref = referenceNumbers(answer.articles);
  return {
    title: `Summary: ${answer.articles[0]?.title ?? answer.topic}`,
    lines: answer.items.map((item) => `${item.text} ${ref(item.articleId)}`),
    fields: [sourcesField(answer.articles)],
    footer: 'Every sentence is quoted verbatim from the source.',
  };
}

export function quotesCard(answer: TopicAnswer<QuoteItem>): Card {
  if (answer.items.length === 0) return noMatchCard('quotes', answer.topic);
  const ref = referenceNumbers(answer.articles);
  return {
    title: `Quotes: ${shortenAtWord(answer.topic, 200)}`,
    lines: answer.items.map((item) => `${item.key ? '★ ' : ''}“${item.text}” — ${item.speaker ?? 'unattributed'} ${ref(item.articleId)}`),
    fields: [sourcesField(answer.articles)],
    footer: '★ key quote. Quotes are verbatim; speakers as the articles name them.',
  };
}

export function timelineCard(answer: TopicAnswer<TimelineItem>): Card {
  if (answer.items.length === 0) return noMatchCard('timeline', answer.topic);
  const ref = referenceNumbers(answer.articles);
  return {
    title: `Timeline: ${shortenAtWord(answer.topic, 200)}`,
    lines: answer.items.map((item) => `${item.date.padEnd(10)}  ${item.text} ${ref(item.articleId)}`),
    fields: [sourcesField(answer.articles)],
    footer: 'Dates resolved from each article’s own wording and publication time.',
  };
}
