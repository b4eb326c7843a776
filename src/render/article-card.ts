import type { ArticleOverview } from '../answers/article-overview.ts';
import type { Card, CardField } from './card.ts';
import { sourcesField } from './event-cards.ts';

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
