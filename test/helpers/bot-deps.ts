import { createAttachmentReader } from '../../src/discord/attachments.ts';
import type { BotDeps } from '../../src/discord/deps.ts';
import { createSafeFetcher } from '../../src/net/safe-fetch.ts';
import { createPictureRenderer } from '../../src/pictures/renderer.ts';
import type { PictureRenderer } from '../../src/pictures/renderer.ts';

let pictures: PictureRenderer | null = null;

/** The bot's dependencies for tests: what a test gives, plus safe defaults that reach only 127.0.0.1. */
export function testBotDeps(apiBase: string, given: Pick<BotDeps, 'store' | 'logger' | 'clock'> & Partial<BotDeps>): BotDeps {
  return {
    limits: { maxArticleBytes: 200_000 },
    attachments: createAttachmentReader({ apiBase }),
    fetchPage: createSafeFetcher({ userAgent: 'newsbot-test', timeoutMs: 5_000, maxBytes: 5_000_000, maxRedirects: 5, allowLoopback: true }).fetchPage,
    feeds: { pollMinutes: 15 },
    // Loaded once per test process: parsing the fonts takes a moment.
    pictures: (pictures ??= createPictureRenderer()),
    ...given,
  };
}
