import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/config.ts';
import { SAMPLES_DIRECTORY } from '../../src/cli/commands/demo.ts';
import { parseSince } from '../../src/cli/commands/digest.ts';
import { runCli } from '../../src/cli/main.ts';
import { UserFacingError } from '../../src/errors.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDirectory } from '../helpers/temp.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** When the samples are ingested: two days before the digests below. */
const SAMPLES_INGESTED = new Date('2026-11-25T12:00:00Z');
const NOW = new Date('2026-11-27T12:00:00Z');

const directory = tempDirectory('newsbot-digest-cli-');

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs `newsbot ARGS` in this process, on the given database, with the clock at `now`. */
async function newsbot(db: string, args: string[], now: Date = NOW): Promise<Run> {
  const stdout = sink();
  const stderr = sink();
  const status = await runCli(['--db', db, ...args], {
    output: { stdout: stdout.stream, stderr: stderr.stream },
    stdin: Readable.from([]),
    clock: () => new Date(now),
    loadConfig: (overrides) => parseConfig({}, overrides),
  });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

function json<T>(run: Run): T {
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as T;
}

/** A one-line error, as a user should see it: no stack trace, nothing on stdout. */
function assertCleanError(run: Run, pattern: RegExp): void {
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, pattern);
  assert.equal(run.stderr.includes('    at '), false, `no stack trace: ${run.stderr}`);
  assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
}

interface DigestJson {
  date: string;
  timeZone: string;
  title: string;
  since: string | null;
  topics: string | null;
  events: {
    id: string;
    title: string;
    status: 'new' | 'updated';
    whatsNew: string | null;
    outletCount: number;
    summary: { text: string; articleId: string | null }[];
    quote: { text: string; speaker: string; articleIds: string[] } | null;
    links: { id: string; url: string | null; title: string; source: string | null }[];
  }[];
  moreEvents: number;
}

let databases = 0;
async function samplesDb(): Promise<string> {
  databases += 1;
  const db = join(directory, `digest-${databases}.db`);
  const ingest = await newsbot(db, ['ingest', SAMPLES_DIRECTORY, '--json'], SAMPLES_INGESTED);
  assert.equal(ingest.status, 0, ingest.stderr);
  assert.equal((JSON.parse(ingest.stdout) as { added: number }).added, 9);
  return db;
}

describe('newsbot digest', async () => {
  const db = await samplesDb();
  const all = json<DigestJson>(await newsbot(db, ['digest', '--since', 'all', '--json', '--size', '10']));

  it('prints the documented JSON for every stored article', async () => {
    const digest = json<DigestJson>(await newsbot(db, ['digest', '--since', 'all', '--json']));
    assert.deepEqual(Object.keys(digest), ['date', 'timeZone', 'title', 'since', 'topics', 'events', 'moreEvents']);
    assert.equal(digest.date, '2026-11-27');
    assert.equal(digest.timeZone, 'UTC');
    assert.equal(digest.title, 'Daily digest · Friday 27 November 2026');
    assert.equal(digest.since, null);
    assert.equal(digest.topics, null);
    assert.ok(digest.events.length >= 2 && digest.events.length <= 5, 'at most the default size');
    assert.deepEqual(digest.events, all.events.slice(0, digest.events.length), 'the same ranking at any size');
    for (const event of digest.events) {
      assert.deepEqual(Object.keys(event), ['id', 'title', 'status', 'whatsNew', 'outletCount', 'summary', 'quote', 'links']);
      assert.equal(event.status, 'new', 'everything stored is news');
      assert.equal(event.whatsNew, null);
      assert.ok(event.summary.length > 0);
      for (const link of event.links) assert.deepEqual(Object.keys(link), ['id', 'url', 'title', 'source']);
    }
    const strike = digest.events[0];
    assert.ok(strike);
    assert.match(strike.title, /rail strike/i);
    assert.equal(strike.outletCount, 3);
    assert.ok(strike.quote, 'the strike has quotes');
    assert.deepEqual(Object.keys(strike.quote), ['text', 'speaker', 'articleIds']);
  });

  it('ranks the events most outlets first', () => {
    const outlets = all.events.map((event) => event.outletCount);
    assert.deepEqual(outlets, [...outlets].sort((a, b) => b - a));
    assert.ok((outlets[0] ?? 0) > (outlets.at(-1) ?? 0));
    assert.equal(new Set(all.events.map((event) => event.id)).size, all.events.length);
    assert.equal(all.moreEvents, 0);
  });

  it('quotes every summary sentence and quote verbatim from the article it names', async () => {
    const store = openSqliteStore(db);
    try {
      for (const event of all.events) {
        for (const item of event.summary) {
          assert.ok(item.articleId, `${item.text} names its article`);
          const article = await store.getArticle(item.articleId, null);
          assert.ok(article, `article ${item.articleId} is stored`);
          assert.ok(article.text.includes(item.text), `verbatim in ${item.articleId}: ${item.text}`);
          const ofArticle = await store.events.eventOfArticle(item.articleId, null);
          assert.equal(ofArticle?.id, event.id, 'from the event’s own articles');
        }
        if (event.quote) {
          assert.ok(event.quote.articleIds.length > 0);
          for (const id of event.quote.articleIds) assert.ok((await store.getArticle(id, null))?.text.includes(event.quote.text), `quote verbatim in ${id}`);
        }
        for (const link of event.links) {
          assert.equal((await store.events.eventOfArticle(link.id, null))?.id, event.id, 'links to the event’s articles');
          assert.equal((await store.getArticle(link.id, null))?.title, link.title);
        }
      }
    } finally {
      await store.close();
    }
  });

  it('shows --size events and counts the rest', async () => {
    assert.ok(all.events.length >= 2);
    const one = json<DigestJson>(await newsbot(db, ['digest', '--since', 'all', '--size', '1', '--json']));
    assert.equal(one.events.length, 1);
    assert.equal(one.events[0]?.id, all.events[0]?.id);
    assert.equal(one.moreEvents, all.events.length - 1);
    assert.ok(one.moreEvents > 0);
    const text = await newsbot(db, ['digest', '--since', 'all', '--size', '1']);
    assert.match(text.stdout, new RegExp(`…and ${one.moreEvents} more events? with news`));
  });

  it('refuses a --size out of range', async () => {
    for (const size of ['0', '11', 'many']) {
      const run = await newsbot(db, ['digest', '--since', 'all', '--size', size]);
      assert.notEqual(run.status, 0, `--size ${size}`);
      assert.match(run.stderr, /whole number from 1 to 10/);
    }
  });

  it('keeps to the --topics', async () => {
    const strike = json<DigestJson>(await newsbot(db, ['digest', '--since', 'all', '--topics', 'rail strike', '--json', '--size', '10']));
    assert.equal(strike.topics, 'rail strike');
    assert.ok(strike.events.length > 0);
    assert.ok(strike.events.some((event) => event.id === all.events[0]?.id));
    assert.ok(strike.events.length < all.events.length, 'other stories are left out');
    assert.ok(strike.events.every((event) => !/Kelmsford|flood/i.test(event.title)));

    const two = json<DigestJson>(await newsbot(db, ['digest', '--since', 'all', '--topics', ' rail strike ,Kelmsford flood,', '--json', '--size', '10']));
    assert.equal(two.topics, 'rail strike, Kelmsford flood');
    assert.ok(two.events.length > strike.events.length);
    assert.ok(two.events.some((event) => /Kelmsford|Valda/i.test(event.title)));

    const none = json<DigestJson>(await newsbot(db, ['digest', '--since', 'all', '--topics', 'zeppelin', '--json']));
    assert.deepEqual(none.events, []);
    assert.equal(none.moreEvents, 0);
    const text = await newsbot(db, ['digest', '--since', 'all', '--topics', 'zeppelin']);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /topics: zeppelin/);
    assert.match(text.stdout, /^No new events about these topics\.$/m);
  });

  it('prints the digest as text', async () => {
    const run = await newsbot(db, ['digest', '--since', 'all']);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.startsWith('📰 Daily digest · Friday 27 November 2026\n'), run.stdout.slice(0, 80));
    assert.match(run.stdout, /^1\. \[new\] .*rail strike/im);
    assert.match(run.stdout, /^ {3}3 outlets · event [0-9a-f]+$/m);
    assert.match(run.stdout, /^ {3}Read: /m);
  });

  it('dates the digest in --timezone', async () => {
    const lateEvening = new Date('2026-11-27T23:30:00Z');
    const auckland = json<DigestJson>(await newsbot(db, ['digest', '--since', 'all', '--timezone', 'Pacific/Auckland', '--json'], lateEvening));
    assert.equal(auckland.timeZone, 'Pacific/Auckland');
    assert.equal(auckland.date, '2026-11-28');
    assert.equal(auckland.title, 'Daily digest · Saturday 28 November 2026');
    const london = json<DigestJson>(await newsbot(db, ['digest', '--since', 'all', '--timezone', 'Europe/London', '--json'], lateEvening));
    assert.equal(london.date, '2026-11-27');
  });

  it('refuses an unknown time zone in one line', async () => {
    assertCleanError(await newsbot(db, ['digest', '--timezone', 'Mars/Olympus']), /^newsbot: “Mars\/Olympus” is not a time zone I know, e\.g\. Europe\/Paris/);
    assertCleanError(await newsbot(db, ['digest', '--since', 'all', '--json', '--timezone', 'Mars/Olympus']), /not a time zone/);
  });

  it('refuses a --since it cannot read, with the usage hint', async () => {
    const run = await newsbot(db, ['digest', '--since', 'yesterday-ish garbage']);
    assertCleanError(run, /^newsbot: --since yesterday-ish garbage: give "all", a span such as 24h or 3d, or a date such as 2026-11-26$/m);
  });
});

describe('newsbot digest --since', () => {
  it('counts a span back from the clock', async () => {
    const db = await samplesDb();
    const note = join(directory, 'quay.txt');
    writeFileSync(
      note,
      'Ferry service to Holm Island resumes\n\nThe ferry service between Vesterhavn and Holm Island resumed on Friday after a week of storms, the operator Holm Lines said.',
    );
    const noteIngested = new Date(NOW.getTime() - HOUR);
    assert.equal((await newsbot(db, ['ingest', note], noteIngested)).status, 0);

    const recent = json<DigestJson>(await newsbot(db, ['digest', '--since', '24h', '--json']));
    assert.equal(recent.since, 'Since Thursday 26 November, 12:00 (UTC)');
    assert.deepEqual(
      recent.events.map((event) => event.title),
      ['Ferry service to Holm Island resumes'],
      'only what was stored in the last 24 hours',
    );
    assert.equal(recent.moreEvents, 0);

    const paris = json<DigestJson>(await newsbot(db, ['digest', '--since', '90m', '--timezone', 'Europe/Paris', '--json']));
    assert.equal(paris.since, 'Since Friday 27 November, 11:30 (Europe/Paris)');
    assert.equal(paris.events.length, 1);

    const week = json<DigestJson>(await newsbot(db, ['digest', '--since', '3d', '--json', '--size', '10']));
    const everything = json<DigestJson>(await newsbot(db, ['digest', '--since', 'all', '--json', '--size', '10']));
    assert.deepEqual(week.events, everything.events, 'three days back reaches the samples');
    assert.ok(week.events.length > 1);

    // The window is [now - 24h, now]: an article stored exactly 24 hours ago is in it, a millisecond more is not.
    const dayLater = new Date(noteIngested.getTime() + DAY);
    assert.equal(json<DigestJson>(await newsbot(db, ['digest', '--since', '24h', '--json'], dayLater)).events.length, 1);
    const tooLate = new Date(dayLater.getTime() + 1);
    assert.deepEqual(json<DigestJson>(await newsbot(db, ['digest', '--since', '24h', '--json'], tooLate)).events, []);
    const text = await newsbot(db, ['digest', '--since', '24h'], tooLate);
    assert.match(text.stdout, /^No new events\.$/m);

    const byDate = json<DigestJson>(await newsbot(db, ['digest', '--since', '2026-11-27', '--json']));
    assert.equal(byDate.since, 'Since Friday 27 November, 00:00 (UTC)');
    assert.equal(byDate.events.length, 1);
  });
});

describe('parseSince', () => {
  const reference = new Date('2026-11-27T12:00:00Z');
  const at = (iso: string) => Date.parse(iso);
  const cases: [string, number | null][] = [
    ['all', null],
    [' ALL ', null],
    ['24h', at('2026-11-26T12:00:00Z')],
    ['24H', at('2026-11-26T12:00:00Z')],
    ['3d', at('2026-11-24T12:00:00Z')],
    ['90m', at('2026-11-27T10:30:00Z')],
    ['1w', at('2026-11-20T12:00:00Z')],
    ['2 d', at('2026-11-25T12:00:00Z')],
    ['0h', at('2026-11-27T12:00:00Z')],
    ['2026-11-26', at('2026-11-26T00:00:00Z')],
    ['2026-11-26T08:00Z', at('2026-11-26T08:00:00Z')],
    ['2026-11-26T08:00:00+01:00', at('2026-11-26T07:00:00Z')],
  ];
  it('reads a date or time without an offset in the digest’s time zone', () => {
    assert.equal(parseSince('2026-11-26', reference, 'Europe/Paris'), at('2026-11-25T23:00:00Z'));
    assert.equal(parseSince('2026-11-26T08:00', reference, 'Asia/Tokyo'), at('2026-11-25T23:00:00Z'));
    assert.equal(parseSince('2026-11-26T08:00Z', reference, 'Asia/Tokyo'), at('2026-11-26T08:00:00Z'));
  });
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.equal(parseSince(text, reference), expected);
    });
  }

  for (const text of ['yesterday-ish garbage', '', '   ', '3 days', '-3d', '24x', 'h', '123456h', '2026-13-45', 'tomorrow']) {
    it(`refuses ${JSON.stringify(text)} with the usage hint`, () => {
      assert.throws(() => parseSince(text, reference), (error: unknown) => {
        assert.ok(error instanceof UserFacingError);
        assert.match(error.message, /give "all", a span such as 24h or 3d, or a date such as 2026-11-26/);
        return true;
      });
    });
  }

  // V8's Date.parse falls back to a lenient legacy parser: a bare number or words ending in one become a date in 2001.
  for (const text of ['12', '2', 'garbage 2', 'week 3']) {
    it(`refuses ${JSON.stringify(text)}, which is no date`, () => {
      assert.throws(() => parseSince(text, reference), UserFacingError);
    });
  }
});
