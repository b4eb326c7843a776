import { createAttachmentReader } from '../src/discord/attachments.ts';
import type { BotDeps } from '../src/discord/deps.ts';
import { createSafeFetcher } from '../src/net/safe-fetch.ts';
import { createPictureRenderer } from '../src/pictures/renderer.ts';

/** The bot's dependencies in a benchmark: what the suite gives, the rest as the bot would have it. */
export function benchBotDeps(apiBase: string, given: Pick<BotDeps, 'store' | 'logger' | 'clock'>): BotDeps {
  return {
    limits: { maxArticleBytes: 2_000_000 },
    attachments: createAttachmentReader({ apiBase }),
    // Benchmarks never fetch; the fetcher is there because the bot's commands may.
    fetchPage: createSafeFetcher({ userAgent: 'newsbot-bench', timeoutMs: 5_000, maxBytes: 1_000_000, maxRedirects: 0 }).fetchPage,
    feeds: { pollMinutes: 15 },
    pictures: createPictureRenderer(),
    ...given,
  };
}
