import type { Logger } from 'pino';
import type { ArticleStore } from '../store/article-store.ts';
import type { FetchPage } from '../net/safe-fetch.ts';
import type { PictureRenderer } from '../pictures/renderer.ts';
import type { AttachmentReader } from './attachments.ts';

/** What the bot's handlers need, passed explicitly (no globals). */
export interface BotDeps {
  readonly store: ArticleStore;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Limits for articles people add. */
  readonly limits: { readonly maxArticleBytes: number };
  readonly attachments: AttachmentReader;
  /** Fetches feeds and pages safely (public addresses only, size and time limits). */
  readonly fetchPage: FetchPage;
  readonly feeds: { readonly pollMinutes: number };
  /** Draws the timeline and coverage pictures (the fonts are loaded once, by the composition root). */
  readonly pictures: PictureRenderer;
}
