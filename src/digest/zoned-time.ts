/**
 * Wall-clock time in IANA time zones, from the zone data Node ships (Intl): which local date and time an instant is
 * in a zone, and which instant a local date and time is — including the days clocks change.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A calendar date, "YYYY-MM-DD". */
export type LocalDate = string;

export interface WallClock {
  readonly date: LocalDate;
  /** Minutes since local midnight, 0–1439. */
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, format);
  }
  return format;
}

/**
 * Today's names of zones that Node's zone list still gives under an old one (its ICU lists "Asia/Calcutta", not
 * "Asia/Kolkata"): people look for the name they know, and both work with Intl.
 */
const CURRENT_NAMES: ReadonlyMap<string, string> = new Map([
  ['Asia/Calcutta', 'Asia/Kolkata'],
  ['Asia/Katmandu', 'Asia/Kathmandu'],
  ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
  ['Asia/Rangoon', 'Asia/Yangon'],
  ['Europe/Kiev', 'Europe/Kyiv'],
  ['America/Godthab', 'America/Nuuk'],
  ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ['Atlantic/Faeroe', 'Atlantic/Faroe'],
  ['Pacific/Enderbury', 'Pacific/Kanton'],
  ['Pacific/Truk', 'Pacific/Chuuk'],
  ['Pacific/Ponape', 'Pacific/Pohnpei'],
]);

function accepted(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

let zoneList: readonly string[] | null = null;

/** Every zone name Node knows, under today's names, for autocomplete; UTC first (Intl lists it under Etc only). */
export function knownTimeZones(): readonly string[] {
  zoneList ??= [
    'UTC',
    ...Intl.supportedValuesOf('timeZone')
      .filter((zone) => zone !== 'UTC')
      .map((zone) => {
        const current = CURRENT_NAMES.get(zone);
        return current !== undefined && accepted(current) !== null ? current : zone;
      }),
  ];
  return zoneList;
}

/**
 * The zone as newsbot stores it: the listed spelling of a name typed in any case ("europe/paris" → "Europe/Paris",
 * "asia/kolkata" → "Asia/Kolkata"), any other name Intl accepts as it resolves; null when Node does not know it.
 */
export function canonicalTimeZone(zone: string): string | null {
  const trimmed = zone.trim();
  if (trimmed === '' || trimmed.length > 64) return null;
  const resolved = accepted(trimmed);
  if (resolved === null) return null;
  const lower = trimmed.toLowerCase();
  return knownTimeZones().find((name) => name.toLowerCase() === lower) ?? CURRENT_NAMES.get(resolved) ?? resolved;
}

/** The local date and time of an instant (ms since the epoch) in a zone, to the minute. */
export function wallClock(instant: number, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, minutes: Number(parts['hour']) * 60 + Number(parts['minute']) };
}

export function localDateOf(instant: number, zone: string): LocalDate {
  return wallClock(instant, zone).date;
}

/** The local wall clock read as if it were UTC: comparable numbers for "earlier/later on the wall". */
function wallAsUtc(instant: number, zone: string): number {
  const { date, minutes } = wallClock(instant, zone);
  return Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** "HH:MM" → minutes since midnight, or null when it is not a time of day. */
export function parseTimeOfDay(text: string): number | null {
  const match = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The instant a local date and time happen in a zone. When clocks go back and the time happens twice, the first
 * time; when clocks go forward over it and it never happens, the end of the gap (02:30 in a 02:00–03:00 gap is
 * 03:00): a daily job set for that time still runs that day, as early as it can.
 */
export function zonedInstant(date: LocalDate, minutes: number, zone: string): number {
  const wanted = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  // The zone's offsets a day either side cover the one change a day can have.
  const offsets = new Set([wanted - DAY_MS, wanted, wanted + DAY_MS].map((probe) => wallAsUtc(probe, zone) - probe));
  const candidates = [...offsets].map((offset) => wanted - offset).sort((a, b) => a - b);
  const exact = candidates.find((instant) => wallAsUtc(instant, zone) === wanted);
  if (exact !== undefined) return exact;
  // In a gap: the first minute whose wall clock is past the wanted time is where the clocks landed.
  let low = candidates[0] ?? wanted;
  let high = candidates[candidates.length - 1] ?? wanted;
  if (wallAsUtc(high, zone) < wanted) return high;
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (wallAsUtc(middle, zone) >= wanted) high = middle;
    else low = middle;
  }
  return high;
}
