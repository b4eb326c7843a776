// Which digests are due (src/digest/schedule.ts), with a fixed clock: due from the local time to the end of the
// local day and not a minute before; yesterday's unposted digest reported as missed, never posted; what the ledger
// says (retry, claim lease, final states); subscriptions made after the day's time; pauses; several zones in one call;
// clocks changing (due once on a fall-back day, at the end of the gap on a spring-forward day) — the last also as a
// minute-by-minute simulation of whole DST-change days. nextRun for each case; retryDelayMs and the lease.
// Reference: Europe/Paris is CEST (+2) in June 2026; 2026-06-10 08:00 Paris = 06:00Z.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLAIM_LEASE_MS, dueDigests, nextRun, retryDelayMs } from '../../src/digest/schedule.ts';
import type { DeliveryStatus, DigestTiming, DueDigest, Ledger, LedgerState } from '../../src/digest/schedule.ts';
import { addDays, localDateOf, zonedInstant } from '../../src/digest/zoned-time.ts';

const MINUTE_MS = 60_000;

function at(iso: string): number {
  const ms = Date.parse(iso);
  assert.ok(!Number.isNaN(ms), iso);
  return ms;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The delivery ledger as a map the test writes to: "subscription date" → state. */
class FakeLedger {
  readonly rows = new Map<string, LedgerState>();
  readonly read: Ledger = (subscriptionId, localDate) => this.rows.get(`${subscriptionId} ${localDate}`);

  set(subscriptionId: string, localDate: string, status: DeliveryStatus, extra: Partial<LedgerState> = {}): this {
    this.rows.set(`${subscriptionId} ${localDate}`, { status, claimedAt: 0, nextAttemptAt: null, ...extra });
    return this;
  }
}

function timing(overrides: Partial<DigestTiming> = {}): DigestTiming {
  return {
    subscriptionId: 'paris',
    minutes: 8 * 60,
    timeZone: 'Europe/Paris',
    // Long ago: yesterday's digest counts, unless a case says otherwise.
    createdAt: at('2026-01-01T00:00:00Z'),
    paused: false,
    ...overrides,
  };
}

/** A digest as the tests write it: [subscription, local date, scheduled at (ISO), reason]. */
type Expected = readonly [string, string, string, DueDigest['reason']];

function shown(digests: readonly DueDigest[]): Expected[] {
  return digests.map((digest) => [digest.subscriptionId, digest.localDate, iso(digest.scheduledAt), digest.reason]);
}

const JUNE_10 = '2026-06-10';
const PARIS_0800 = '2026-06-10T06:00:00.000Z';
const PARIS_0800_NEXT = '2026-06-11T06:00:00.000Z';

describe('dueDigests and nextRun: one subscription, table', () => {
  const cases: {
    name: string;
    now: string;
    timing?: Partial<DigestTiming>;
    ledger?: (ledger: FakeLedger) => void;
    due: Expected[];
    missed?: Expected[];
    next: string;
  }[] = [
    // Yesterday is posted in these, so only today is looked at.
    { name: 'due exactly at the instant', now: '2026-06-10T06:00:00Z', ledger: (l) => l.set('paris', '2026-06-09', 'posted'), due: [['paris', JUNE_10, PARIS_0800, 'scheduled']], next: PARIS_0800 },
    { name: 'not due a minute before', now: '2026-06-10T05:59:00Z', ledger: (l) => l.set('paris', '2026-06-09', 'posted'), due: [], next: PARIS_0800 },
    { name: 'not due a millisecond before', now: '2026-06-10T05:59:59.999Z', ledger: (l) => l.set('paris', '2026-06-09', 'posted'), due: [], next: PARIS_0800 },
    { name: 'due a minute after (a late tick)', now: '2026-06-10T06:01:00Z', ledger: (l) => l.set('paris', '2026-06-09', 'posted'), due: [['paris', JUNE_10, PARIS_0800, 'scheduled']], next: '2026-06-10T06:01:00.000Z' },
    {
      name: 'after downtime, still due late the same local day',
      now: '2026-06-10T21:59:00Z', // 23:59 in Paris
      ledger: (l) => l.set('paris', '2026-06-09', 'posted'),
      due: [['paris', JUNE_10, PARIS_0800, 'scheduled']],
      next: '2026-06-10T21:59:00.000Z',
    },
    {
      name: 'after downtime into the next local day: missed, not due',
      now: '2026-06-10T22:00:00Z', // 00:00 on the 11th in Paris
      due: [],
      missed: [['paris', JUNE_10, PARIS_0800, 'scheduled']],
      next: PARIS_0800_NEXT,
    },
    {
      name: 'the next day after its time: today due, yesterday missed',
      now: '2026-06-11T07:00:00Z',
      due: [['paris', '2026-06-11', PARIS_0800_NEXT, 'scheduled']],
      missed: [['paris', JUNE_10, PARIS_0800, 'scheduled']],
      next: '2026-06-11T07:00:00.000Z',
    },
    { name: 'yesterday recorded as missed is not reported again', now: '2026-06-11T05:00:00Z', ledger: (l) => l.set('paris', JUNE_10, 'missed'), due: [], next: PARIS_0800_NEXT },
    { name: 'yesterday posted is not missed', now: '2026-06-11T05:00:00Z', ledger: (l) => l.set('paris', JUNE_10, 'posted'), due: [], next: PARIS_0800_NEXT },
    {
      name: 'yesterday still waiting for a retry when its day ended: closed as missed',
      now: '2026-06-11T05:00:00Z',
      ledger: (l) => l.set('paris', JUNE_10, 'retry', { nextAttemptAt: at('2026-06-10T23:00:00Z') }),
      due: [],
      missed: [['paris', JUNE_10, PARIS_0800, 'retry']],
      next: PARIS_0800_NEXT,
    },
    {
      name: 'yesterday held by a run that died: closed as missed',
      now: '2026-06-11T05:00:00Z',
      ledger: (l) => l.set('paris', JUNE_10, 'claimed', { claimedAt: at('2026-06-10T06:00:05Z') }),
      due: [],
      missed: [['paris', JUNE_10, PARIS_0800, 'abandoned-claim']],
      next: PARIS_0800_NEXT,
    },
    {
      name: 'yesterday claimed moments ago (a run still posting just after midnight): left alone',
      now: '2026-06-10T22:05:00Z',
      ledger: (l) => l.set('paris', JUNE_10, 'claimed', { claimedAt: at('2026-06-10T22:00:00Z') }),
      due: [],
      next: PARIS_0800_NEXT,
    },

    // createdAt
    {
      name: 'made after today\'s time: not due today',
      now: '2026-06-10T12:00:00Z',
      timing: { createdAt: at('2026-06-10T10:00:00Z') },
      due: [],
      next: PARIS_0800_NEXT,
    },
    {
      name: 'made after that day\'s time: not counted missed the next day',
      now: '2026-06-11T05:00:00Z',
      timing: { createdAt: at('2026-06-10T10:00:00Z') },
      due: [],
      next: PARIS_0800_NEXT,
    },
    {
      name: 'made after that day\'s time: due the next day at its time',
      now: '2026-06-11T06:00:00Z',
      timing: { createdAt: at('2026-06-10T10:00:00Z') },
      due: [['paris', '2026-06-11', PARIS_0800_NEXT, 'scheduled']],
      next: PARIS_0800_NEXT,
    },
    {
      name: 'made earlier the same day: due that day',
      now: '2026-06-10T06:00:00Z',
      timing: { createdAt: at('2026-06-10T05:00:00Z') },
      due: [['paris', JUNE_10, PARIS_0800, 'scheduled']],
      next: PARIS_0800,
    },
    {
      name: 'made at the very instant: due',
      now: '2026-06-10T06:30:00Z',
      timing: { createdAt: at(PARIS_0800) },
      due: [['paris', JUNE_10, PARIS_0800, 'scheduled']],
      next: '2026-06-10T06:30:00.000Z',
    },

    // Ledger states of today.
    {
      name: 'retry waiting: not due before nextAttemptAt',
      now: '2026-06-10T06:10:00Z',
      ledger: (l) => l.set('paris', '2026-06-09', 'posted').set('paris', JUNE_10, 'retry', { nextAttemptAt: at('2026-06-10T06:15:00Z') }),
      due: [],
      next: '2026-06-10T06:15:00.000Z',
    },
    {
      name: 'retry at nextAttemptAt: due (retry)',
      now: '2026-06-10T06:15:00Z',
      ledger: (l) => l.set('paris', '2026-06-09', 'posted').set('paris', JUNE_10, 'retry', { nextAttemptAt: at('2026-06-10T06:15:00Z') }),
      due: [['paris', JUNE_10, PARIS_0800, 'retry']],
      next: '2026-06-10T06:15:00.000Z',
    },
    {
      name: 'retry past nextAttemptAt: due (retry)',
      now: '2026-06-10T09:00:00Z',
      ledger: (l) => l.set('paris', '2026-06-09', 'posted').set('paris', JUNE_10, 'retry', { nextAttemptAt: at('2026-06-10T06:15:00Z') }),
      due: [['paris', JUNE_10, PARIS_0800, 'retry']],
      next: '2026-06-10T09:00:00.000Z',
    },
    {
      name: 'claimed within the lease: not due (another run is posting it)',
      now: '2026-06-10T06:09:00Z',
      ledger: (l) => l.set('paris', '2026-06-09', 'posted').set('paris', JUNE_10, 'claimed', { claimedAt: at('2026-06-10T06:00:00Z') }),
      due: [],
      next: '2026-06-10T06:09:00.000Z',
    },
    {
      name: 'claimed a minute short of the lease: not due',
      now: '2026-06-10T06:09:59.999Z',
      ledger: (l) => l.set('paris', '2026-06-09', 'posted').set('paris', JUNE_10, 'claimed', { claimedAt: at('2026-06-10T06:00:00Z') }),
      due: [],
      next: '2026-06-10T06:09:59.999Z',
    },
    {
      name: 'claimed exactly a lease ago: due (abandoned-claim)',
      now: '2026-06-10T06:10:00Z',
      ledger: (l) => l.set('paris', '2026-06-09', 'posted').set('paris', JUNE_10, 'claimed', { claimedAt: at('2026-06-10T06:00:00Z') }),
      due: [['paris', JUNE_10, PARIS_0800, 'abandoned-claim']],
      next: '2026-06-10T06:10:00.000Z',
    },
    {
      name: 'claim renewed recently though first claimed long ago: not due',
      now: '2026-06-10T08:00:00Z',
      ledger: (l) => l.set('paris', '2026-06-09', 'posted').set('paris', JUNE_10, 'claimed', { claimedAt: at('2026-06-10T07:58:00Z') }),
      due: [],
      next: '2026-06-10T08:00:00.000Z',
    },
    {
      name: 'claimed long ago: due (abandoned-claim)',
      now: '2026-06-10T12:00:00Z',
      ledger: (l) => l.set('paris', '2026-06-09', 'posted').set('paris', JUNE_10, 'claimed', { claimedAt: at('2026-06-10T06:00:00Z') }),
      due: [['paris', JUNE_10, PARIS_0800, 'abandoned-claim']],
      next: '2026-06-10T12:00:00.000Z',
    },
    ...(['posted', 'empty', 'failed', 'missed'] as const).map((status) => ({
      name: `${status} today: not due, next run tomorrow`,
      now: '2026-06-10T12:00:00Z',
      ledger: (l: FakeLedger) => l.set('paris', '2026-06-09', 'posted').set('paris', JUNE_10, status, { claimedAt: at(PARIS_0800), nextAttemptAt: at(PARIS_0800) }),
      due: [],
      next: PARIS_0800_NEXT,
    })),

    // Paused: nothing at all, neither due nor missed.
    { name: 'paused: not due at its time', now: '2026-06-10T06:00:00Z', timing: { paused: true }, due: [], next: PARIS_0800 },
    { name: 'paused: yesterday not missed', now: '2026-06-11T07:00:00Z', timing: { paused: true }, due: [], next: '2026-06-11T07:00:00.000Z' },

    // Clock changes, New York.
    {
      name: 'spring-forward: 02:30 is not due at 01:59 EST',
      now: '2026-03-08T06:59:00Z',
      timing: { subscriptionId: 'ny', timeZone: 'America/New_York', minutes: 150 },
      ledger: (l) => l.set('ny', '2026-03-07', 'posted'),
      due: [],
      next: '2026-03-08T07:00:00.000Z',
    },
    {
      name: 'spring-forward: 02:30 is due at the end of the gap (03:00 EDT)',
      now: '2026-03-08T07:00:00Z',
      timing: { subscriptionId: 'ny', timeZone: 'America/New_York', minutes: 150 },
      ledger: (l) => l.set('ny', '2026-03-07', 'posted'),
      due: [['ny', '2026-03-08', '2026-03-08T07:00:00.000Z', 'scheduled']],
      next: '2026-03-08T07:00:00.000Z',
    },
    {
      name: 'fall-back: 01:30 due at its first occurrence (EDT)',
      now: '2026-11-01T05:30:00Z',
      timing: { subscriptionId: 'ny', timeZone: 'America/New_York', minutes: 90 },
      ledger: (l) => l.set('ny', '2026-10-31', 'posted'),
      due: [['ny', '2026-11-01', '2026-11-01T05:30:00.000Z', 'scheduled']],
      next: '2026-11-01T05:30:00.000Z',
    },
    {
      name: 'fall-back: posted at the first 01:30, not due again at the second (EST)',
      now: '2026-11-01T06:30:00Z',
      timing: { subscriptionId: 'ny', timeZone: 'America/New_York', minutes: 90 },
      ledger: (l) => l.set('ny', '2026-10-31', 'posted').set('ny', '2026-11-01', 'posted'),
      due: [],
      next: '2026-11-02T06:30:00.000Z', // 01:30 EST
    },
    {
      name: 'fall-back: missed the first 01:30 (down), due at the second as the same digest',
      now: '2026-11-01T06:30:00Z',
      timing: { subscriptionId: 'ny', timeZone: 'America/New_York', minutes: 90 },
      ledger: (l) => l.set('ny', '2026-10-31', 'posted'),
      due: [['ny', '2026-11-01', '2026-11-01T05:30:00.000Z', 'scheduled']],
      next: '2026-11-01T06:30:00.000Z',
    },
    {
      name: 'the day before spring-forward: next run is at the end of the gap',
      now: '2026-03-07T12:00:00Z',
      timing: { subscriptionId: 'ny', timeZone: 'America/New_York', minutes: 150 },
      ledger: (l) => l.set('ny', '2026-03-06', 'posted').set('ny', '2026-03-07', 'posted'),
      due: [],
      next: '2026-03-08T07:00:00.000Z',
    },

    // Odd offsets and 30-minute DST.
    {
      name: 'Lord Howe spring-forward: 02:15 due at 02:30 (+11)',
      now: '2026-10-03T15:30:00Z',
      timing: { subscriptionId: 'lh', timeZone: 'Australia/Lord_Howe', minutes: 135 },
      ledger: (l) => l.set('lh', '2026-10-03', 'posted'),
      due: [['lh', '2026-10-04', '2026-10-03T15:30:00.000Z', 'scheduled']],
      next: '2026-10-03T15:30:00.000Z',
    },
    {
      name: 'Kathmandu 08:00 (+05:45): not a minute early',
      now: '2026-06-10T02:14:00Z',
      timing: { subscriptionId: 'ktm', timeZone: 'Asia/Kathmandu' },
      ledger: (l) => l.set('ktm', '2026-06-09', 'posted'),
      due: [],
      next: '2026-06-10T02:15:00.000Z',
    },
  ];

  for (const c of cases) {
    test(c.name, () => {
      const ledger = new FakeLedger();
      c.ledger?.(ledger);
      const subscription = timing(c.timing);
      const now = at(c.now);
      const result = dueDigests(now, [subscription], ledger.read);
      assert.deepEqual(shown(result.due), c.due, 'due');
      assert.deepEqual(shown(result.missed), c.missed ?? [], 'missed');
      assert.equal(iso(nextRun(subscription, now, ledger.read)), c.next, 'nextRun');
    });
  }
});

describe('dueDigests: several subscriptions in one call', () => {
  const zones = [
    { subscriptionId: 'paris', timeZone: 'Europe/Paris', dueAt: '2026-06-10T06:00:00.000Z', localDate: '2026-06-10' },
    { subscriptionId: 'newyork', timeZone: 'America/New_York', dueAt: '2026-06-10T12:00:00.000Z', localDate: '2026-06-10' },
    // Tokyo's 08:00 on the 10th is the evening of the 9th in UTC.
    { subscriptionId: 'tokyo', timeZone: 'Asia/Tokyo', dueAt: '2026-06-09T23:00:00.000Z', localDate: '2026-06-10' },
  ];
  const timings = zones.map(({ subscriptionId, timeZone }) => timing({ subscriptionId, timeZone, createdAt: at('2026-06-09T13:00:00Z') }));

  test('08:00 in Paris, New York and Tokyo: each due at its own instant, once', () => {
    const ledger = new FakeLedger();
    const firstDue = new Map<string, string>();
    for (let now = at('2026-06-09T20:00:00Z'); now <= at('2026-06-10T14:00:00Z'); now += MINUTE_MS) {
      const { due, missed } = dueDigests(now, timings, ledger.read);
      assert.deepEqual(missed, [], iso(now));
      for (const digest of due) {
        assert.equal(digest.scheduledAt, now, `${digest.subscriptionId} due when its time comes, at ${iso(now)}`);
        assert.ok(!firstDue.has(digest.subscriptionId), `${digest.subscriptionId} due twice`);
        firstDue.set(digest.subscriptionId, iso(now));
        ledger.set(digest.subscriptionId, digest.localDate, 'posted');
      }
    }
    assert.deepEqual(Object.fromEntries(firstDue), Object.fromEntries(zones.map((zone) => [zone.subscriptionId, zone.dueAt])));
  });

  test('all three due together after downtime, in order of their instants', () => {
    const ledger = new FakeLedger();
    const { due } = dueDigests(at('2026-06-10T13:00:00Z'), [...timings].reverse(), ledger.read);
    assert.deepEqual(
      shown(due),
      [...zones].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).map((zone): Expected => [zone.subscriptionId, zone.localDate, zone.dueAt, 'scheduled']),
    );
  });

  test('the same instant for two subscriptions: ordered by id', () => {
    const pair = [timing({ subscriptionId: 'b' }), timing({ subscriptionId: 'a' })];
    const ledger = new FakeLedger().set('a', '2026-06-09', 'posted').set('b', '2026-06-09', 'posted');
    assert.deepEqual(
      dueDigests(at(PARIS_0800), pair, ledger.read).due.map((digest) => digest.subscriptionId),
      ['a', 'b'],
    );
  });

  test('a paused subscription among active ones is skipped alone', () => {
    const mixed = [timing({ subscriptionId: 'on' }), timing({ subscriptionId: 'off', paused: true })];
    const result = dueDigests(at('2026-06-10T07:00:00Z'), mixed, new FakeLedger().read);
    assert.deepEqual(result.due.map((digest) => digest.subscriptionId), ['on']);
    assert.deepEqual(result.missed.map((digest) => digest.subscriptionId), ['on']);
  });

  test('no subscriptions: nothing', () => {
    assert.deepEqual(dueDigests(at(PARIS_0800), [], new FakeLedger().read), { due: [], missed: [] });
  });
});

describe('a whole DST-change day, tick by tick', () => {
  // Times inside the spring gap (02:00–02:59), inside the repeated autumn hour (01:00–01:59), at both edges, and
  // ordinary ones; every minute from the local midnight to the next, a 'posted' row recorded for whatever is due.
  const times = ['00:00', '00:30', '01:00', '01:30', '01:59', '02:00', '02:30', '02:59', '03:00', '03:30', '08:00', '12:00', '23:59'];
  const days: { zone: string; date: string; what: string }[] = [
    { zone: 'America/New_York', date: '2026-03-08', what: 'New York spring-forward' },
    { zone: 'America/New_York', date: '2026-11-01', what: 'New York fall-back' },
    { zone: 'Europe/Berlin', date: '2026-03-29', what: 'Berlin spring-forward' },
    { zone: 'Europe/Berlin', date: '2026-10-25', what: 'Berlin fall-back' },
    { zone: 'Australia/Lord_Howe', date: '2026-10-04', what: 'Lord Howe spring-forward (30 minutes)' },
    { zone: 'Australia/Lord_Howe', date: '2026-04-05', what: 'Lord Howe fall-back (30 minutes)' },
    { zone: 'America/Santiago', date: '2026-09-06', what: 'Santiago spring-forward at midnight' },
    { zone: 'America/Santiago', date: '2026-04-04', what: 'Santiago fall-back at midnight (23:00–23:59 twice)' },
  ];

  for (const day of days) {
    test(`${day.what} (${day.zone} ${day.date}): each time due exactly once, at its instant`, () => {
      const ledger = new FakeLedger();
      const timings = times.map((time) => {
        const [hours, minutes] = time.split(':').map(Number) as [number, number];
        const subscriptionId = `${day.zone} ${time}`;
        ledger.set(subscriptionId, addDays(day.date, -1), 'posted');
        return timing({ subscriptionId, timeZone: day.zone, minutes: hours * 60 + minutes });
      });
      const start = zonedInstant(day.date, 0, day.zone);
      const end = zonedInstant(addDays(day.date, 1), 0, day.zone);
      // The day really is not 24 hours long: the simulation covers the change.
      assert.notEqual(end - start, 24 * 60 * MINUTE_MS);
      const dueCount = new Map<string, number>();
      for (let now = start; now < end; now += MINUTE_MS) {
        assert.equal(localDateOf(now, day.zone), day.date);
        const { due, missed } = dueDigests(now, timings, ledger.read);
        assert.deepEqual(missed, [], `nothing missed at ${iso(now)}`);
        for (const digest of due) {
          assert.equal(digest.localDate, day.date);
          assert.equal(digest.reason, 'scheduled');
          assert.equal(digest.scheduledAt, now, `${digest.subscriptionId} due at its instant, not later`);
          const subscription = timings.find((t) => t.subscriptionId === digest.subscriptionId) as DigestTiming;
          assert.equal(nextRun(subscription, now, ledger.read), now, 'nextRun says now');
          assert.equal(nextRun(subscription, now - MINUTE_MS, ledger.read), now, 'a minute before, nextRun said this instant');
          dueCount.set(digest.subscriptionId, (dueCount.get(digest.subscriptionId) ?? 0) + 1);
          ledger.set(digest.subscriptionId, digest.localDate, 'posted');
        }
      }
      for (const t of timings) {
        assert.equal(dueCount.get(t.subscriptionId), 1, `${t.subscriptionId}: due once`);
        // Once posted, the next run is the next day's.
        assert.equal(nextRun(t, end - MINUTE_MS, ledger.read), zonedInstant(addDays(day.date, 1), t.minutes, day.zone));
      }
    });
  }
});

describe('retryDelayMs and the claim lease', () => {
  const cases: { failures: number; minutes: number }[] = [
    { failures: 0, minutes: 1 },
    { failures: 1, minutes: 1 },
    { failures: 2, minutes: 2 },
    { failures: 3, minutes: 4 },
    { failures: 4, minutes: 8 },
    { failures: 5, minutes: 16 },
    { failures: 6, minutes: 30 },
    { failures: 7, minutes: 30 },
    { failures: 100, minutes: 30 },
  ];
  for (const c of cases) test(`${c.failures} failures → ${c.minutes} min`, () => assert.equal(retryDelayMs(c.failures), c.minutes * MINUTE_MS));

  test('delays never shrink as failures grow', () => {
    for (let failures = 1; failures < 50; failures += 1) assert.ok(retryDelayMs(failures + 1) >= retryDelayMs(failures));
  });

  test('the lease is 10 minutes', () => assert.equal(CLAIM_LEASE_MS, 10 * MINUTE_MS));
});
