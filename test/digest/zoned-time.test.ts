// Wall-clock time in IANA zones (src/digest/zoned-time.ts): which instant a local date and time is — on ordinary days,
// on the days clocks go forward (a time in the gap is the end of the gap) or back (a repeated time is its first
// occurrence), in zones with odd offsets and 30-minute DST — and the time-of-day and zone-name parsing around it.
// Every expected instant below was worked out by hand from the zones' published rules for 2026.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addDays,
  canonicalTimeZone,
  formatTimeOfDay,
  knownTimeZones,
  localDateOf,
  parseTimeOfDay,
  wallClock,
  zonedInstant,
} from '../../src/digest/zoned-time.ts';

const MINUTE_MS = 60_000;

function at(iso: string): number {
  return Date.parse(iso);
}

function hhmm(text: string): number {
  const minutes = parseTimeOfDay(text);
  assert.notEqual(minutes, null, `fixture time ${text}`);
  return minutes as number;
}

describe('zonedInstant', () => {
  const cases: { name: string; zone: string; date: string; time: string; instant: string; wall?: string }[] = [
    // Ordinary days.
    { name: 'UTC midnight', zone: 'UTC', date: '2026-06-01', time: '00:00', instant: '2026-06-01T00:00:00Z' },
    { name: 'UTC last minute of the day', zone: 'UTC', date: '2026-06-01', time: '23:59', instant: '2026-06-01T23:59:00Z' },
    { name: 'New York in winter (EST, -5)', zone: 'America/New_York', date: '2026-01-15', time: '08:00', instant: '2026-01-15T13:00:00Z' },
    { name: 'New York in summer (EDT, -4)', zone: 'America/New_York', date: '2026-07-15', time: '08:00', instant: '2026-07-15T12:00:00Z' },
    { name: 'Kolkata, +05:30 all year', zone: 'Asia/Kolkata', date: '2026-01-15', time: '08:00', instant: '2026-01-15T02:30:00Z' },
    { name: 'Kolkata midnight is the previous UTC day', zone: 'Asia/Kolkata', date: '2026-06-01', time: '00:00', instant: '2026-05-31T18:30:00Z' },
    { name: 'Kathmandu, +05:45', zone: 'Asia/Kathmandu', date: '2026-06-01', time: '08:00', instant: '2026-06-01T02:15:00Z' },
    { name: 'Chatham in winter, +12:45', zone: 'Pacific/Chatham', date: '2026-06-01', time: '08:00', instant: '2026-05-31T19:15:00Z' },
    { name: 'Chatham in summer, +13:45', zone: 'Pacific/Chatham', date: '2026-01-15', time: '08:00', instant: '2026-01-14T18:15:00Z' },
    { name: 'Tokyo, +9', zone: 'Asia/Tokyo', date: '2026-03-08', time: '08:00', instant: '2026-03-07T23:00:00Z' },
    { name: 'a time zone west of UTC late in the evening is the next UTC day', zone: 'America/Los_Angeles', date: '2026-07-01', time: '22:00', instant: '2026-07-02T05:00:00Z' },

    // New York, 2026-03-08: 02:00 EST → 03:00 EDT.
    { name: 'NY spring-forward: before the gap', zone: 'America/New_York', date: '2026-03-08', time: '01:59', instant: '2026-03-08T06:59:00Z' },
    { name: 'NY spring-forward: start of the gap → end of the gap', zone: 'America/New_York', date: '2026-03-08', time: '02:00', instant: '2026-03-08T07:00:00Z', wall: '03:00' },
    { name: 'NY spring-forward: inside the gap → end of the gap', zone: 'America/New_York', date: '2026-03-08', time: '02:30', instant: '2026-03-08T07:00:00Z', wall: '03:00' },
    { name: 'NY spring-forward: last minute of the gap → end of the gap', zone: 'America/New_York', date: '2026-03-08', time: '02:59', instant: '2026-03-08T07:00:00Z', wall: '03:00' },
    { name: 'NY spring-forward: end of the gap itself', zone: 'America/New_York', date: '2026-03-08', time: '03:00', instant: '2026-03-08T07:00:00Z' },
    { name: 'NY spring-forward: midnight, still EST', zone: 'America/New_York', date: '2026-03-08', time: '00:00', instant: '2026-03-08T05:00:00Z' },
    { name: 'NY spring-forward: evening, EDT', zone: 'America/New_York', date: '2026-03-08', time: '23:59', instant: '2026-03-09T03:59:00Z' },

    // New York, 2026-11-01: 02:00 EDT → 01:00 EST; 01:00–01:59 happens twice.
    { name: 'NY fall-back: repeated time → first occurrence (EDT)', zone: 'America/New_York', date: '2026-11-01', time: '01:30', instant: '2026-11-01T05:30:00Z' },
    { name: 'NY fall-back: start of the repeated hour', zone: 'America/New_York', date: '2026-11-01', time: '01:00', instant: '2026-11-01T05:00:00Z' },
    { name: 'NY fall-back: last repeated minute', zone: 'America/New_York', date: '2026-11-01', time: '01:59', instant: '2026-11-01T05:59:00Z' },
    { name: 'NY fall-back: 02:00 happens once, in EST', zone: 'America/New_York', date: '2026-11-01', time: '02:00', instant: '2026-11-01T07:00:00Z' },
    { name: 'NY fall-back: midnight, still EDT', zone: 'America/New_York', date: '2026-11-01', time: '00:00', instant: '2026-11-01T04:00:00Z' },
    { name: 'NY fall-back: evening, EST', zone: 'America/New_York', date: '2026-11-01', time: '23:59', instant: '2026-11-02T04:59:00Z' },

    // Berlin: 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
    { name: 'Berlin spring-forward: inside the gap → 03:00 CEST', zone: 'Europe/Berlin', date: '2026-03-29', time: '02:30', instant: '2026-03-29T01:00:00Z', wall: '03:00' },
    { name: 'Berlin fall-back: repeated 02:30 → first occurrence (CEST)', zone: 'Europe/Berlin', date: '2026-10-25', time: '02:30', instant: '2026-10-25T00:30:00Z' },
    { name: 'Berlin fall-back: 03:00 happens once, in CET', zone: 'Europe/Berlin', date: '2026-10-25', time: '03:00', instant: '2026-10-25T02:00:00Z' },

    // Lord Howe: +10:30 standard, +11 in summer; the clocks move by 30 minutes.
    { name: 'Lord Howe spring-forward: 02:15 in the 02:00–02:30 gap → 02:30', zone: 'Australia/Lord_Howe', date: '2026-10-04', time: '02:15', instant: '2026-10-03T15:30:00Z', wall: '02:30' },
    { name: 'Lord Howe spring-forward: 02:30 is the end of the gap', zone: 'Australia/Lord_Howe', date: '2026-10-04', time: '02:30', instant: '2026-10-03T15:30:00Z' },
    { name: 'Lord Howe spring-forward: 01:59 before the gap', zone: 'Australia/Lord_Howe', date: '2026-10-04', time: '01:59', instant: '2026-10-03T15:29:00Z' },
    { name: 'Lord Howe fall-back: repeated 01:45 → first occurrence (+11)', zone: 'Australia/Lord_Howe', date: '2026-04-05', time: '01:45', instant: '2026-04-04T14:45:00Z' },
    { name: 'Lord Howe fall-back: 02:00 happens once (+10:30)', zone: 'Australia/Lord_Howe', date: '2026-04-05', time: '02:00', instant: '2026-04-04T15:30:00Z' },

    // Chatham: 02:45 +12:45 → 03:45 +13:45 on 2026-09-27; 03:45 +13:45 → 02:45 +12:45 on 2026-04-05.
    { name: 'Chatham spring-forward: 03:00 in the gap → 03:45', zone: 'Pacific/Chatham', date: '2026-09-27', time: '03:00', instant: '2026-09-26T14:00:00Z', wall: '03:45' },
    { name: 'Chatham fall-back: repeated 03:15 → first occurrence', zone: 'Pacific/Chatham', date: '2026-04-05', time: '03:15', instant: '2026-04-04T13:30:00Z' },

    // Sydney: 02:00 AEST → 03:00 AEDT on 2026-10-04; 03:00 AEDT → 02:00 AEST on 2026-04-05.
    { name: 'Sydney spring-forward: 02:30 → 03:00 AEDT', zone: 'Australia/Sydney', date: '2026-10-04', time: '02:30', instant: '2026-10-03T16:00:00Z', wall: '03:00' },
    { name: 'Sydney fall-back: repeated 02:30 → first occurrence (AEDT)', zone: 'Australia/Sydney', date: '2026-04-05', time: '02:30', instant: '2026-04-04T15:30:00Z' },

    // Santiago changes at midnight: 2026-09-06 00:00 -04 → 01:00 -03; 2026-04-05 00:00 -03 → 2026-04-04 23:00 -04.
    { name: 'Santiago spring-forward: midnight never happens → 01:00', zone: 'America/Santiago', date: '2026-09-06', time: '00:00', instant: '2026-09-06T04:00:00Z', wall: '01:00' },
    { name: 'Santiago spring-forward: 00:30 → 01:00', zone: 'America/Santiago', date: '2026-09-06', time: '00:30', instant: '2026-09-06T04:00:00Z', wall: '01:00' },
    { name: 'Santiago fall-back: the evening before repeats 23:30 → first occurrence', zone: 'America/Santiago', date: '2026-04-04', time: '23:30', instant: '2026-04-05T02:30:00Z' },
    { name: 'Santiago fall-back day: midnight once, -04', zone: 'America/Santiago', date: '2026-04-05', time: '00:00', instant: '2026-04-05T04:00:00Z' },
  ];

  for (const c of cases) {
    test(c.name, () => {
      const instant = zonedInstant(c.date, hhmm(c.time), c.zone);
      assert.equal(new Date(instant).toISOString(), new Date(at(c.instant)).toISOString());
      // The instant is on the asked local date, at the asked time (or where the clocks landed, for a gap).
      assert.deepEqual(wallClock(instant, c.zone), { date: c.date, minutes: hhmm(c.wall ?? c.time) });
      assert.equal(instant % MINUTE_MS, 0, 'whole minutes');
    });
  }

  test('round trip: every minute of a week around each change, in several zones, is found again', () => {
    const spans: { zone: string; from: string }[] = [
      { zone: 'America/New_York', from: '2026-03-06T00:00:00Z' },
      { zone: 'America/New_York', from: '2026-10-30T00:00:00Z' },
      { zone: 'Australia/Lord_Howe', from: '2026-10-02T00:00:00Z' },
      { zone: 'Pacific/Chatham', from: '2026-04-03T00:00:00Z' },
      { zone: 'America/Santiago', from: '2026-09-04T00:00:00Z' },
    ];
    for (const { zone, from } of spans) {
      const start = at(from);
      for (let instant = start; instant < start + 4 * 24 * 60 * MINUTE_MS; instant += 7 * MINUTE_MS) {
        const wall = wallClock(instant, zone);
        const back = zonedInstant(wall.date, wall.minutes, zone);
        // A repeated time comes back as its first occurrence: never later than the instant, at most an hour earlier.
        assert.ok(back <= instant && instant - back <= 60 * MINUTE_MS, `${zone} ${new Date(instant).toISOString()}`);
        assert.deepEqual(wallClock(back, zone), wall);
      }
    }
  });
});

describe('wallClock and localDateOf', () => {
  const cases: { name: string; instant: string; zone: string; date: string; time: string }[] = [
    { name: 'UTC midnight is minute 0, not 24:00', instant: '2026-06-01T00:00:00Z', zone: 'UTC', date: '2026-06-01', time: '00:00' },
    { name: 'a UTC evening is the next day in Tokyo', instant: '2026-06-01T20:00:00Z', zone: 'Asia/Tokyo', date: '2026-06-02', time: '05:00' },
    { name: 'a UTC morning is the previous day in Los Angeles', instant: '2026-06-01T03:00:00Z', zone: 'America/Los_Angeles', date: '2026-05-31', time: '20:00' },
    { name: 'seconds are dropped', instant: '2026-06-01T12:34:59.999Z', zone: 'UTC', date: '2026-06-01', time: '12:34' },
    { name: 'Kathmandu +05:45', instant: '2026-06-01T18:15:00Z', zone: 'Asia/Kathmandu', date: '2026-06-02', time: '00:00' },
    { name: 'NY first 01:30 on the fall-back day', instant: '2026-11-01T05:30:00Z', zone: 'America/New_York', date: '2026-11-01', time: '01:30' },
    { name: 'NY second 01:30 on the fall-back day', instant: '2026-11-01T06:30:00Z', zone: 'America/New_York', date: '2026-11-01', time: '01:30' },
    { name: 'leap day', instant: '2028-02-29T12:00:00Z', zone: 'UTC', date: '2028-02-29', time: '12:00' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(wallClock(at(c.instant), c.zone), { date: c.date, minutes: hhmm(c.time) });
      assert.equal(localDateOf(at(c.instant), c.zone), c.date);
    });
  }
});

describe('addDays', () => {
  const cases: { date: string; days: number; expected: string }[] = [
    { date: '2026-06-01', days: 1, expected: '2026-06-02' },
    { date: '2026-06-01', days: -1, expected: '2026-05-31' },
    { date: '2026-12-31', days: 1, expected: '2027-01-01' },
    { date: '2026-03-01', days: -1, expected: '2026-02-28' },
    { date: '2028-03-01', days: -1, expected: '2028-02-29' },
    { date: '2026-03-07', days: 1, expected: '2026-03-08' },
    { date: '2026-03-08', days: 1, expected: '2026-03-09' },
    { date: '2026-06-01', days: 0, expected: '2026-06-01' },
    { date: '2026-01-01', days: 365, expected: '2027-01-01' },
  ];
  for (const c of cases) {
    test(`${c.date} ${c.days >= 0 ? '+' : ''}${c.days} → ${c.expected}`, () => assert.equal(addDays(c.date, c.days), c.expected));
  }
});

describe('parseTimeOfDay and formatTimeOfDay', () => {
  const accepted: { text: string; minutes: number }[] = [
    { text: '07:30', minutes: 450 },
    { text: '7:30', minutes: 450 },
    { text: '23:59', minutes: 1439 },
    { text: '00:00', minutes: 0 },
    { text: '0:00', minutes: 0 },
    { text: '12:00', minutes: 720 },
    { text: ' 07:30 ', minutes: 450 },
    { text: '19:05', minutes: 1145 },
  ];
  for (const c of accepted) test(`accepts ${JSON.stringify(c.text)}`, () => assert.equal(parseTimeOfDay(c.text), c.minutes));

  // Negative cases: not a time of day.
  const rejected = ['24:00', '7', '07:60', '', 'abc', ' 07:30 x', '25:00', '-1:00', '1:5', '007:30', '07:30:00', '7 30', '07:3O', 'noon'];
  for (const text of rejected) test(`rejects ${JSON.stringify(text)}`, () => assert.equal(parseTimeOfDay(text), null));

  const formatted: { minutes: number; text: string }[] = [
    { minutes: 0, text: '00:00' },
    { minutes: 5, text: '00:05' },
    { minutes: 450, text: '07:30' },
    { minutes: 1439, text: '23:59' },
  ];
  for (const c of formatted) test(`formats ${c.minutes} as ${c.text}`, () => assert.equal(formatTimeOfDay(c.minutes), c.text));

  test('format and parse round-trip every minute of the day', () => {
    for (let minutes = 0; minutes < 24 * 60; minutes += 1) assert.equal(parseTimeOfDay(formatTimeOfDay(minutes)), minutes);
  });
});

describe('canonicalTimeZone and knownTimeZones', () => {
  const cases: { input: string; expected: string | null }[] = [
    { input: 'europe/paris', expected: 'Europe/Paris' },
    { input: 'Europe/Paris', expected: 'Europe/Paris' },
    { input: 'AMERICA/NEW_YORK', expected: 'America/New_York' },
    { input: '  Asia/Tokyo  ', expected: 'Asia/Tokyo' },
    { input: 'utc', expected: 'UTC' },
    // Negative cases: unknown, empty, or absurd names.
    { input: 'Mars/Olympus', expected: null },
    { input: '', expected: null },
    { input: '   ', expected: null },
    { input: 'Europe/', expected: null },
    { input: `Europe/${'x'.repeat(80)}`, expected: null },
  ];
  for (const c of cases) test(`${JSON.stringify(c.input)} → ${String(c.expected)}`, () => assert.equal(canonicalTimeZone(c.input), c.expected));

  test('knownTimeZones lists UTC first and once, and the zones the tests use', () => {
    const zones = knownTimeZones();
    assert.equal(zones[0], 'UTC');
    assert.equal(zones.filter((zone) => zone === 'UTC').length, 1);
    for (const zone of ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago']) assert.ok(zones.includes(zone), zone);
    for (const zone of zones) assert.notEqual(canonicalTimeZone(zone), null, zone);
  });

  test('a renamed zone resolves to a name Node knows, with the same clock', () => {
    // Node's ICU may answer with the older name (Asia/Kolkata → Asia/Calcutta); what matters is the same wall clock.
    const instant = at('2026-06-01T12:00:00Z');
    for (const zone of ['Asia/Kolkata', 'Asia/Kathmandu', 'Europe/Kyiv', 'Asia/Calcutta']) {
      const canonical = canonicalTimeZone(zone);
      assert.ok(canonical !== null && knownTimeZones().includes(canonical), `${zone} → ${String(canonical)}`);
      assert.deepEqual(wallClock(instant, canonical), wallClock(instant, zone));
    }
  });
});
