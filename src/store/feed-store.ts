import type { GuildScope } from '../domain/article.ts';

/** Where a feed's polling stands (src/feeds/poll-policy.ts decides it; the store keeps it). */
export interface FeedPollState {
  readonly intervalMs: number;
  readonly consecutiveFailures: number;
  /** When to poll next; null while paused. */
  readonly nextPollAt: number | null;
  /** Why polling stopped, for the channel; null while polling. */
  readonly pausedReason: string | null;
  /** The last failure's message (safe to show); null after a success. */
  readonly lastError: string | null;
}

/** A feed newsbot polls: shared (added by the operator) or one server's, posting to a channel or only storing. */
export interface Feed {
  readonly id: string;
  readonly guildId: GuildScope;
  readonly channelId: string | null;
  readonly url: string;
  readonly title: string | null;
  /** Words an item must contain (any one) to be posted; null posts every item. */
  readonly filter: string | null;
  readonly addedBy: string | null;
  readonly addedAt: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly poll: FeedPollState;
  readonly lastPolledAt: string | null;
  /** False until the first successful poll, whose items are stored silently. */
  readonly primed: boolean;
}

export type NewFeed = Pick<Feed, 'guildId' | 'channelId' | 'url' | 'title' | 'filter' | 'addedBy' | 'addedAt' | 'poll'>;

export interface FeedPollUpdate {
  readonly poll: FeedPollState;
  readonly lastPolledAt: string;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly title?: string | null;
  readonly primed?: boolean;
}

/** The message showing an event in a channel. */
export interface EventPost {
  readonly channelId: string;
  readonly eventId: string;
  readonly messageId: string;
  readonly outletCount: number;
  readonly postedAt: number;
  readonly updatedAt: number;
}

export interface FeedStore {
  /** Null when the same URL is already a feed of this scope and channel. */
  addFeed(feed: NewFeed): Promise<Feed | null>;
  getFeed(id: string, guildId: GuildScope): Promise<Feed | null>;
  /** A guild's feeds (or the shared ones for null), oldest first. */
  listFeeds(guildId: GuildScope): Promise<Feed[]>;
  /** Every feed of every scope: for the operator's command line. */
  listAllFeeds(): Promise<Feed[]>;
  /** Removes a feed of exactly this scope, with its item keys; its articles stay. */
  removeFeed(id: string, guildId: GuildScope): Promise<boolean>;
  /** Feeds whose next poll is at or before `now` (ms), soonest first. Paused feeds are never due. */
  dueFeeds(now: number, limit: number): Promise<Feed[]>;
  updateFeedAfterPoll(id: string, update: FeedPollUpdate): Promise<void>;
  /** Feeds posting to a channel (to pause them when it is gone). */
  feedsInChannel(channelId: string): Promise<Feed[]>;

  /** The keys among `keys` already seen in the scope. */
  seenItemKeys(guildId: GuildScope, keys: readonly string[]): Promise<Set<string>>;
  markItemsSeen(feedId: string, guildId: GuildScope, keys: readonly string[], at: number): Promise<void>;

  getEventPost(channelId: string, eventId: string): Promise<EventPost | null>;
  saveEventPost(post: EventPost & { readonly guildId: GuildScope }): Promise<void>;
  /** Messages posted (not edited) in the channel since `since` (ms): for the per-channel hourly cap. */
  countPostsSince(channelId: string, since: number): Promise<number>;
}
