import type { GuildScope } from '../domain/article.ts';

/** A feed item that became (part of) an event a channel should see. */
export interface PublishRequest {
  readonly feedId: string;
  readonly guildId: GuildScope;
  readonly channelId: string;
  readonly eventId: string;
  /** The article the item became. */
  readonly articleId: string;
}

export type PublishOutcome =
  | { readonly kind: 'posted'; readonly messageId: string }
  | { readonly kind: 'updated'; readonly messageId: string }
  /** Nothing new to show, or the channel reached its hourly cap (the event is posted later if it grows again). */
  | { readonly kind: 'skipped'; readonly reason: string }
  /** The channel is gone or the bot may no longer post there: its feeds should pause, with this reason. */
  | { readonly kind: 'channel_unavailable'; readonly reason: string };

/**
 * Shows events in channels: one message per event per channel, edited in place as more outlets report it. The
 * Discord bot implements it; the feed poller only says which event changed where, so polling needs no Discord.
 */
export interface EventPublisher {
  publish(request: PublishRequest): Promise<PublishOutcome>;
  /** Tells a channel (or, when it is gone, the server) that a feed was paused and why. */
  announcePause(feed: { readonly id: string; readonly url: string; readonly guildId: GuildScope; readonly channelId: string | null }, reason: string): Promise<void>;
}
