import { UserFacingError } from '../errors.ts';
import { formatBytes } from '../ingest/sources.ts';

/** Discord's own file hosts: an attachment URL anywhere else is not downloaded. */
const DISCORD_FILE_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];
const DOWNLOAD_TIMEOUT_MS = 15_000;

export interface AttachmentReader {
  /** The bytes at a Discord attachment URL; a UserFacingError when they cannot be had within `maxBytes` and time. */
  read(url: string, maxBytes: number): Promise<Uint8Array>;
}

export interface AttachmentReaderOptions {
  /** The API base the bot talks to: its host also serves attachments (a local Discord double in tests). */
  readonly apiBase: string;
  readonly timeoutMs?: number;
}

/** Downloads files people attach to commands: only from Discord's hosts, with size and time limits, no redirects. */
export function createAttachmentReader(options: AttachmentReaderOptions): AttachmentReader {
  const allowedHosts = new Set([...DISCORD_FILE_HOSTS, new URL(options.apiBase).host]);
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  return {
    async read(url, maxBytes) {
      const parsed = new URL(url);
      if (!allowedHosts.has(parsed.host) || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
        throw new Error(`refusing to download an attachment from ${parsed.host}`);
      }
      let response: Response;
      try {
        response = await fetch(parsed, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'TimeoutError') {
          throw new UserFacingError('Discord took too long to hand me that file; please try again.');
        }
        throw error;
      }
      if (!response.ok || response.body === null) {
        throw new UserFacingError(`I could not download that file from Discord (HTTP ${response.status}); please try again.`);
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) {
        await response.body.cancel();
        throw new UserFacingError(`That file is ${formatBytes(declared)}, more than the ${formatBytes(maxBytes)} limit.`);
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      for await (const chunk of response.body) {
        total += chunk.byteLength;
        if (total > maxBytes) {
          throw new UserFacingError(`That file is more than the ${formatBytes(maxBytes)} limit.`);
        }
        chunks.push(chunk);
      }
      return Buffer.concat(chunks, total);
    },
  };
}
