import { adHocDigest } from '../../digest/subscriptions.ts';
import { digestJson, renderDigestText } from '../../render/digest-text.ts';
import { UserFacingError } from '../../errors.ts';
import type { CliContext } from '../context.ts';
import { writeJson } from '../output.ts';

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * `--since`: "all" (every stored article), a span back from now ("24h", "3d", "90m", "1w") or a date or time
 * ("2026-11-26", "2026-11-26T08:00Z"); as ms since the epoch, or null for all.
 */
export function parseSince(text: string, now: Date): number | null {
  const value = text.trim().toLowerCase();
  if (value === 'all') return null;
  const span = /^(\d{1,5})\s*([mhdw])$/.exec(value);
  if (span) return now.getTime() - Number(span[1]) * (UNIT_MS[span[2] as string] as number);
  const time = Date.parse(text.trim());
  if (Number.isNaN(time)) throw new UserFacingError(`--since ${text}: give "all", a span such as 24h or 3d, or a date such as 2026-11-26`);
  return time;
}

/** `newsbot digest`: the digest a subscription would post, for the articles stored since `--since`. */
export async function digestCommand(
  options: {
    readonly topics: string | null;
    readonly since: string;
    readonly timezone: string;
    readonly size: number;
    readonly json: boolean;
    readonly guild?: string | undefined;
  },
  context: CliContext,
): Promise<number> {
  const now = context.clock();
  const since = parseSince(options.since, now);
  return context.withStore(async (store) => {
    const digest = await adHocDigest(store, { viewer: options.guild ?? null, topics: options.topics, size: options.size, timeZone: options.timezone, since }, now);
    if (options.json) writeJson(context.output.stdout, digestJson(digest));
    else context.output.stdout.write(renderDigestText(digest));
    return 0;
  });
}
