import type { APIEmbed } from 'discord.js';
import type { ArticleSummary } from '../domain/article.ts';
import type { Card } from '../render/card.ts';
import type { SearchHit } from '../store/article-store.ts';
import { shortenAtWord } from '../text/shorten.ts';

/** Search results as a card, newest first; the articles become the linked sources. */
export function searchResultsCard(query: string, hits: readonly SearchHit[]): { card: Card; sources: ArticleSummary[] } {
  const sorted = [...hits].sort((a, b) => Date.parse(b.article.publishedAt) - Date.parse(a.article.publishedAt));
  return {
    card: {
      title: `Search: ${shortenAtWord(query, 200)}`,
      lines: sorted.map((hit, index) => `[${index + 1}] ${hit.article.title} — ${shortenAtWord(hit.snippet.replace(/\s+/g, ' '), 300)}`),
      fields: [{ name: 'Sources', value: [] }],
      footer: `${sorted.length} article${sorted.length === 1 ? '' : 's'}, newest first.`,
    },
    sources: sorted.map((hit) => hit.article),
  };
}

export function helpEmbed(): APIEmbed {
  return {
    title: 'newsbot',
    color: 0x2b6cb0,
    description: [
      'I answer from stored news articles; every sentence is quoted verbatim from an article, with its source.',
      '',
      '`/summary topic` — a summary of the news event that best matches, across its outlets',
      '`/quotes topic [speaker]` — key quotes with their speakers, each once with every outlet that carried it',
      '`/timeline topic [dates]` — the event’s dates, each with its most telling sentence',
      '`/events` — current events, most outlets first',
      '`/event id` — one event: first report, outlets, summary, quotes, timeline',
      '`/search query` — stored articles, newest first',
      '`/article add [file] [url]` — add an article to this server: paste it, attach a .txt, .md or .html file, or give a link',
      '`/article show id` — one article’s summary, quotes and dates',
      '`/article remove id` — remove an article you added (Manage Server: any of this server’s)',
      '`/feeds add|remove|list|import|export` — follow news feeds; new events are posted in a channel (Manage Server)',
      '`/digest subscribe|unsubscribe|status|preview` — a daily digest of the top events in a channel, at your time (Manage Server)',
      '`/help` — this message',
    ].join('\n'),
    footer: { text: 'Shared articles come from the bot’s operator; articles added with /article add stay in this server.' },
  };
}
