const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// The zone at the end of an RFC 2822 date ("Tue, 18 Mar 2025 10:00:00 +0100"), as feeds write them.
const TRAILING_OFFSET = /\s([+-])(\d{2}):?(\d{2})$/;
const TRAILING_UTC = /\s(GMT|UTC|UT|Z)$/i;

const EARLIEST_YEAR = 1800;
// Date.parse accepts almost anything ("18/03/2025 maybe" is a date in 2003 to it), so the free-form fallback only
// sees texts made of month and weekday names, zone names, numbers and date punctuation, with a four-digit year.
const DATE_WORDS =
  /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?|mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs|rsday)?|fri(day)?|sat(urday)?|sun(day)?|gmt|utc|ut|z|am|pm)$/i;

function looksLikeWrittenDate(text: string): boolean {
  if (!/\b\d{4}\b/.test(text) || /[^\p{L}\d\s,.:+-]/u.test(text)) return false;
  const words = text.match(/\p{L}+/gu) ?? [];
  return words.length > 0 && words.every((word) => DATE_WORDS.test(word));
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes > 0 ? '+' : '-';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

function parseOffset(text: string | undefined): number {
  if (text === undefined || text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** The instant written in the given offset, as ISO 8601 with that offset. */
function formatInOffset(instant: number, offsetMinutes: number): string {
  const local = new Date(instant + offsetMinutes * 60_000);
  const milliseconds = local.getUTCMilliseconds();
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (milliseconds > 0 ? `.${pad(milliseconds, 3)}` : '') +
    formatOffset(offsetMinutes)
  );
}

function plausible(instant: number): boolean {
  return Number.isFinite(instant) && new Date(instant).getUTCFullYear() >= EARLIEST_YEAR;
}

/**
 * Reads a published time and writes it as ISO 8601, keeping the offset it was given in (the day it names is counted
 * in that offset later). A date alone is midnight UTC; a time without a zone is taken as UTC. Returns null when the
 * text is not a date.
 */
export function parsePublished(text: string): string | null {
  const trimmed = text.trim();
  const dateOnly = DATE_ONLY.exec(trimmed);
  if (dateOnly) {
    const instant = Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]));
    // Date.UTC rolls 2025-02-30 over into March; a real date survives the round trip.
    return plausible(instant) && formatInOffset(instant, 0).startsWith(trimmed) ? formatInOffset(instant, 0) : null;
  }
  const iso = ISO_DATE_TIME.exec(trimmed);
  if (iso) {
    const [, date, hours, minutes, seconds = '00', fraction = '', zone] = iso;
    const offset = parseOffset(zone);
    if (Math.abs(offset) > 18 * 60) return null;
    const instant = Date.parse(`${date}T${hours}:${minutes}:${seconds}${fraction.slice(0, 4)}${formatOffset(offset)}`);
    return plausible(instant) ? formatInOffset(instant, offset) : null;
  }
  if (!looksLikeWrittenDate(trimmed)) return null;
  const zone = TRAILING_OFFSET.exec(trimmed);
  const hasZone = zone !== null || TRAILING_UTC.test(trimmed);
  // Without a zone Date.parse would use the machine's; news times without one are taken as UTC, like ISO ones.
  const instant = hasZone ? Date.parse(trimmed) : Date.parse(`${trimmed} UTC`);
  if (!plausible(instant)) return null;
  const offset = zone ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) : 0;
  return formatInOffset(instant, offset);
}
