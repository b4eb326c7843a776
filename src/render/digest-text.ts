/** A digest for the terminal (`newsbot digest`, the demo) and as JSON: the same content the bot posts. */
import type { Digest } from '../digest/build-digest.ts';
import type { ArticleSummary } from '../domain/article.ts';

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function outlet(article: ArticleSummary | null | undefined): string {
  return article?.source ?? 'unnamed outlet';
}

export function renderDigestText(digest: Digest): string {
  const out = [`📰 ${digest.title}`];
  const about = [digest.sinceLine, digest.topics === null ? null : `topics: ${digest.topics}`].filter((part): part is string => part !== null);
  if (about.length > 0) out.push(about.join(' · '));
  out.push('═'.repeat(Math.min(78, Math.max(8, digest.title.length + 3))));
  if (digest.entries.length === 0) out.push(digest.topics === null ? 'No new events.' : 'No new events about these topics.');
  for (const [index, entry] of digest.entries.entries()) {
    out.push('');
    out.push(`${index + 1}. ${entry.status === 'new' ? '[new]' : '[updated]'} ${oneLine(entry.title)}`);
    out.push(`   ${entry.outletCount} outlet${entry.outletCount === 1 ? '' : 's'} · event ${entry.eventId}`);
    if (entry.whatsNew !== null) out.push(`   Updated: ${entry.whatsNew}`);
    for (const sentence of entry.sentences) out.push(`   ${oneLine(sentence.text)} (${outlet(sentence.source)})`);
    if (entry.quote !== null) out.push(`   “${oneLine(entry.quote.text)}” — ${oneLine(entry.quote.speaker)} (${outlet(entry.quote.sources[0])})`);
    for (const link of entry.links) out.push(`   Read: ${outlet(link)}: ${oneLine(link.title)}${link.url === null ? '' : ` ${link.url}`}`);
  }
  if (digest.moreEvents > 0) out.push('', `…and ${digest.moreEvents} more event${digest.moreEvents === 1 ? '' : 's'} with news (newsbot events).`);
  return `${out.join('\n')}\n`;
}

export function digestJson(digest: Digest): unknown {
  return {
    date: digest.localDate,
    timeZone: digest.timeZone,
    title: digest.title,
    since: digest.sinceLine,
    topics: digest.topics,
    events: digest.entries.map((entry) => ({
      id: entry.eventId,
      title: entry.title,
      status: entry.status,
      whatsNew: entry.whatsNew,
      outletCount: entry.outletCount,
      summary: entry.sentences.map((sentence) => ({ text: sentence.text, articleId: sentence.source?.id ?? null })),
      quote: entry.quote === null ? null : { text: entry.quote.text, speaker: entry.quote.speaker, articleIds: entry.quote.sources.map((article) => article.id) },
      links: entry.links.map(({ id, url, title, source }) => ({ id, url, title, source })),
    })),
    moreEvents: digest.moreEvents,
  };
}
