/** Invented feeds, pages and a recording publisher for the feed poller and feed management tests. */
import type { PublishOutcome, PublishRequest, EventPublisher } from '../../src/feeds/publisher.ts';
import type { GuildScope } from '../../src/domain/article.ts';

export interface TestItem {
  readonly title: string;
  readonly link: string;
  readonly guid?: string;
  readonly pubDate?: string;
  readonly description?: string;
  readonly content?: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An RSS 2.0 document; HTML in descriptions and content goes in CDATA, as most feeds send it. */
export function rss(title: string, items: readonly TestItem[], siteUrl = 'https://example.test/'): string {
  const body = items
    .map((item) =>
      [
        '<item>',
        `<title>${escapeXml(item.title)}</title>`,
        `<link>${escapeXml(item.link)}</link>`,
        item.guid === undefined ? '' : `<guid isPermaLink="false">${escapeXml(item.guid)}</guid>`,
        item.pubDate === undefined ? '' : `<pubDate>${item.pubDate}</pubDate>`,
        item.description === undefined ? '' : `<description><![CDATA[${item.description}]]></description>`,
        item.content === undefined ? '' : `<content:encoded><![CDATA[${item.content}]]></content:encoded>`,
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>${escapeXml(title)}</title><link>${escapeXml(siteUrl)}</link><description>Invented news</description>
${body}
</channel></rss>`;
}

/** Paragraphs as HTML. */
export function paragraphs(...texts: string[]): string {
  return texts.map((text) => `<p>${text}</p>`).join('\n');
}

/** A news page with site furniture around the article, as Readability sees real ones. */
export function newsPage(title: string, body: string, extraHead = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title} | Invented Daily</title>${extraHead}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<main><article><h1>${title}</h1>${body}</article></main>
<footer>© Invented Daily. All rights reserved. Contact us. Privacy.</footer></body></html>`;
}

export interface RecordedPause {
  readonly feedId: string;
  readonly reason: string;
}

/** An EventPublisher that records what it is asked and answers with `outcome`. */
export class RecordingPublisher implements EventPublisher {
  readonly published: PublishRequest[] = [];
  readonly pauses: RecordedPause[] = [];
  outcome: PublishOutcome = { kind: 'posted', messageId: 'message-1' };

  async publish(request: PublishRequest): Promise<PublishOutcome> {
    this.published.push(request);
    return this.outcome;
  }

  async announcePause(feed: { readonly id: string; readonly url: string; readonly guildId: GuildScope; readonly channelId: string | null }, reason: string): Promise<void> {
    this.pauses.push({ feedId: feed.id, reason });
  }
}
