import type { DigestSubscription } from '../store/digest-store.ts';
import type { Digest } from './build-digest.ts';

export interface DeliveryRequest {
  readonly subscription: DigestSubscription;
  readonly digest: Digest;
  /** Messages of this digest already posted and recorded (after a retry): they are not posted again. */
  readonly posted: readonly string[];
  /**
   * True when a crashed run's claim was taken over: it may have posted messages it never recorded, so the channel's
   * recent messages are looked at before anything is posted.
   */
  readonly recover: boolean;
  /** Records one posted message in the ledger; called right after each is sent. */
  readonly onPosted: (messageId: string) => Promise<void>;
}

export type DeliveryResult =
  | { readonly kind: 'posted'; readonly messageIds: readonly string[] }
  | { readonly kind: 'channel_unavailable'; readonly reason: string };

/** Where digests go: Discord in the bot (src/discord/digest-poster.ts), a recorder in tests. */
export interface DigestSender {
  /** Posts the digest (the parts not yet posted). Throws on transient failures (outage): the run retries later. */
  deliver(request: DeliveryRequest): Promise<DeliveryResult>;
  /** Tells the server that a subscription was paused, in a channel the bot can still write to. */
  announcePause(subscription: DigestSubscription, reason: string): Promise<void>;
}
