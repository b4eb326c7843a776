import { adHocDigest } from '../../digest/subscriptions.ts';
import { digestJson, renderDigestText } from '../../render/digest-text.ts';
import { canonicalTimeZone, zonedInstant } from '../../digest/zoned-time.ts';
import { UserFacingError } from '../../errors.ts';
import type { CliContext } from '../context.ts';
import { writeJson } from '../output.ts';

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** ISO 8601 only: JavaScript's own parser also takes "12" or "week 3" for days in 2001. */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * `--since`: "all" (every stored article), a span back from now ("24h", "3d", "90m", "1w") or an ISO date or time
 * ("2026-11-26", "2026-11-26T08:00", "2026-11-26T08:00Z"), read in `timeZone` unless it says its offset; as ms since
 * the epoch, or null for all.
 */
export function parseSince(text: string, now: Date, timeZone = 'UTC'): number | null {
  const value = text.trim().toLowerCase();
  if (value === 'all') return null;
  const span = /^(\d{1,5})\s*([mhdw])$/.exec(value);
  if (span) return now.getTime() - Number(span[1]) * (UNIT_MS[span[2] as string] as number);
  const iso = ISO_DATE.exec(text.trim());
  const problem = new UserFacingError(`--since ${text}: give "all", a span such as 24h or 3d, or a date such as 2026-11-26`);
  if (iso === null || Number.isNaN(Date.parse(`${iso[1]}T00:00:00Z`)) || new Date(`${iso[1]}T00:00:00Z`).toISOString().slice(0, 10) !== iso[1]) throw problem;
  const [, date = '', hours = '00', minutes = '00', seconds = '00', offset] = iso;
  if (offset !== undefined) {
    const time = Date.parse(`${date}T${hours}:${minutes}:${seconds}${offset.toUpperCase()}`);
    if (Number.isNaN(time)) throw problem;
    return time;
  }
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) throw problem;
  return zonedInstant(date, Number(hours) * 60 + Number(minutes), timeZone) + Number(seconds) * 1000;
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
  const since = parseSince(options.since, now, canonicalTimeZone(options.timezone) ?? 'UTC');
  return context.withStore(async (store) => {
    const digest = await adHocDigest(store, { viewer: options.guild ?? null, topics: options.topics, size: options.size, timeZone: options.timezone, since }, now);
    if (options.json) writeJson(context.output.stdout, digestJson(digest));
    else context.output.stdout.write(renderDigestText(digest));
    return 0;
  });
}
