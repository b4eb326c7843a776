import type { ArticleSummary } from '../domain/article.ts';
import type { QuoteItem, SummaryItem, TimelineItem, TopicAnswer } from '../answers/topic-answers.ts';
import { shortenAtWord } from '../text/shorten.ts';
import type { ArticleOverview } from '../answers/article-overview.ts';
import type { Card, CardField } from './card.ts';


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

const STAGE_WORDS: Readonly<Record<string, string>> = { quotes: 'quotes', dates: 'dates', entities: 'names', summary: 'summary' };

/** One article as the analysis saw it. `heading` says why it is shown (e.g. "Added"); the id lets people refer to it. */
export function articleCard(overview: ArticleOverview, heading?: string): Card {
  const { article } = overview;
  const fields: CardField[] = [];
  if (overview.quotes.length > 0) {
    fields.push({ name: 'Key quotes', value: overview.quotes.map((item) => `${item.key ? '★ ' : ''}“${item.text}” — ${item.speaker ?? 'unattributed'}`) });
  }
  if (overview.dates.length > 0) {
    fields.push({ name: 'Dates', value: overview.dates.map((item) => `${item.date}  ${item.text}`) });
  }
  fields.push(sourcesField([article]));
  const skipped = overview.skipped.map((skip) => STAGE_WORDS[skip.stage] ?? skip.stage);
  const notes = [
    `Article id ${article.id}`,
    article.guildId === null ? 'shared with every server' : 'this server’s own',
    skipped.length > 0 && overview.skipped.every((skip) => skip.reason === 'language')
      ? `no ${skipped.join(' or ')}: those are found in English articles only (this one is ${article.language})`
      : skipped.length > 0
        ? `${skipped.join(', ')} could not be analysed`
        : '',
  ].filter((note) => note !== '');
  return {
    title: `${heading === undefined ? '' : `${heading}: `}${article.title}`,
    lines: overview.summary.length > 0 ? overview.summary.map((item) => item.text) : ['(No summary: the article has too little text.)'],
    fields,
    footer: notes.join(' · '),
  };
}
