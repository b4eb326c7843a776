/**
 * Shows feed events in Discord channels (the EventPublisher the feed poller calls): one message per event per channel,
 * posted for the event's first article there and edited in place as more outlets report it, at most
 * `postsPerChannelPerHour` new messages a channel gets per hour.
 */
import { RESTJSONErrorCodes } from 'discord.js';
import type { APIEmbed, Client, SendableChannels } from 'discord.js';
import type { Logger } from 'pino';
import { eventSummary } from '../answers/event-answers.ts';
import type { ArticleSummary, GuildScope } from '../domain/article.ts';
import type { EventPublisher, PublishOutcome, PublishRequest } from '../feeds/publisher.ts';
import type { ArticleStore } from '../store/article-store.ts';
import type { EventSummary } from '../store/event-store.ts';
import { shortenAtWord } from '../text/shorten.ts';
import { channelGoneReason, discordCode, NO_MENTIONS, postableChannel, tellServer } from './channel-access.ts';
import { escapeText, LIMITS, safeUrl } from './embeds.ts';
import { plural } from '../text/plural.ts';

export interface EventPosterDeps {
  readonly store: ArticleStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** New messages (not edits) a channel gets per hour at most, across its feeds. */
  readonly postsPerChannelPerHour: number;
}

const HOUR_MS = 60 * 60_000;
const COLOUR = 0x2b6cb0;

/** "14:20 UTC". */
function utcTime(date: Date): string {
  return `${date.toISOString().slice(11, 16)} UTC`;
}

/**
 * The message showing an event: its title, two summary sentences, the outlet and link of the article that brought it
 * (or its newest), and "1 outlet · first reported by X" — or, once edited, "3 outlets · updated 14:20 UTC".
 */
export function eventPostEmbed(
  event: EventSummary,
  article: ArticleSummary,
  sentences: readonly string[],
  options: { readonly updatedAt: Date | null },
): APIEmbed {
  const url = safeUrl(article.url);
  const outlet = escapeText(article.source ?? 'An unnamed outlet');
  const headline = escapeText(shortenAtWord(article.title.replace(/\s+/g, ' '), 200));
  const link = url === null ? `${outlet}: ${headline}` : `${outlet}: [${headline}](${url})`;
  const summary = sentences.map((sentence) => escapeText(sentence.replace(/\s+/g, ' ').trim())).join(' ');
  const description = [shortenAtWord(summary, LIMITS.description - link.length - 10), link].filter((part) => part.length > 0).join('\n\n');
  const firstBy = event.firstReport.source ?? 'an unnamed outlet';
  const footer =
    options.updatedAt === null
      ? `${plural(event.outletCount, 'outlet')} · first reported by ${firstBy}`
      : `${plural(event.outletCount, 'outlet')} · updated ${utcTime(options.updatedAt)}`;
  const embed: APIEmbed = {
    title: shortenAtWord(escapeText(event.title.replace(/\s+/g, ' ')), LIMITS.title),
    description,
    color: COLOUR,
    footer: { text: shortenAtWord(footer, LIMITS.footer) },
  };
  if (url !== null) embed.url = url;
  return embed;
}

export function createEventPoster(client: Client, deps: EventPosterDeps): EventPublisher {
  const { store, logger } = deps;

  async function render(request: PublishRequest, event: EventSummary, updatedAt: Date | null): Promise<APIEmbed> {
    const article = (await store.getArticle(request.articleId, request.guildId)) ?? event.firstReport;
    const summary = await eventSummary(store, event, request.guildId, { sentences: 2 });
    return eventPostEmbed(event, article, summary.items.map((item) => item.text), { updatedAt });
  }

  async function post(request: PublishRequest, event: EventSummary, channel: SendableChannels, now: Date): Promise<PublishOutcome> {
    const posted = await store.feeds.countPostsSince(request.channelId, now.getTime() - HOUR_MS);
    if (posted >= deps.postsPerChannelPerHour) {
      return { kind: 'skipped', reason: `the channel had ${posted} new event messages in the last hour (at most ${deps.postsPerChannelPerHour})` };
    }
    const embed = await render(request, event, null);
    const message = await channel.send({ embeds: [embed], allowedMentions: NO_MENTIONS });
    await store.feeds.saveEventPost({
      channelId: request.channelId,
      eventId: event.id,
      messageId: message.id,
      guildId: request.guildId,
      outletCount: event.outletCount,
      postedAt: now.getTime(),
      updatedAt: now.getTime(),
    });
    return { kind: 'posted', messageId: message.id };
  }

  /**
   * One publication per channel at a time: two feeds of one channel reporting the same event in the same polling round
   * must make one message (the second edits it), and the hourly cap must count the first before the second.
   */
  const queues = new Map<string, Promise<unknown>>();
  function inChannelOrder(channelId: string, work: () => Promise<PublishOutcome>): Promise<PublishOutcome> {
    const previous = queues.get(channelId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    queues.set(channelId, settled);
    void settled.then(() => {
      if (queues.get(channelId) === settled) queues.delete(channelId);
    });
    return next;
  }

  function publish(request: PublishRequest): Promise<PublishOutcome> {
    return inChannelOrder(request.channelId, () => publishNow(request));
  }

  async function publishNow(request: PublishRequest): Promise<PublishOutcome> {
    const event = await store.events.getEvent(request.eventId, request.guildId);
    if (event === null) return { kind: 'skipped', reason: 'the event is gone' };
    const existing = await store.feeds.getEventPost(request.channelId, event.id);
    if (existing !== null && existing.outletCount >= event.outletCount) return { kind: 'skipped', reason: 'no new outlet since the last message' };
    const found = await postableChannel(client, request.channelId);
    if ('unavailable' in found) return { kind: 'channel_unavailable', reason: found.unavailable };
    const now = deps.clock();
    try {
      if (existing === null) return await post(request, event, found.channel, now);
      const embed = await render(request, event, now);
      try {
        await found.channel.messages.edit(existing.messageId, { embeds: [embed], allowedMentions: NO_MENTIONS });
      } catch (error) {
        if (discordCode(error) !== RESTJSONErrorCodes.UnknownMessage) throw error;
        // Someone deleted the message: the event is shown again in a new one.
        logger.info({ channel: request.channelId, event: event.id, message: existing.messageId }, 'event message gone; posting it again');
        return await post(request, event, found.channel, now);
      }
      await store.feeds.saveEventPost({ ...existing, guildId: request.guildId, outletCount: event.outletCount, updatedAt: now.getTime() });
      return { kind: 'updated', messageId: existing.messageId };
    } catch (error) {
      const reason = channelGoneReason(error);
      if (reason !== null) return { kind: 'channel_unavailable', reason };
      throw error;
    }
  }

  async function announcePause(
    feed: { readonly id: string; readonly url: string; readonly guildId: GuildScope; readonly channelId: string | null },
    reason: string,
  ): Promise<void> {
    const url = feed.url.replace(/`/g, '%60');
    const why = escapeText(reason.trim().replace(/[.\s]+$/, ''));
    const content = (where: string) => shortenAtWord(`Paused feed \`${url}\`${where}: ${why}. Use \`/feeds remove id:${feed.id}\` or re-add it.`, LIMITS.content);
    await tellServer(client, logger, { guildId: feed.guildId, channelId: feed.channelId, content, about: { feed: feed.id } });
  }

  return { publish, announcePause };
}
