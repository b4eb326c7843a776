import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tempDirectory } from '../helpers/temp.ts';

const NEWSBOT = fileURLToPath(new URL('../../bin/newsbot.js', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));
const directory = tempDirectory('newsbot-cli-');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `newsbot` binary, as a user would. */
function newsbot(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Run {
  const result = spawnSync(process.execPath, [NEWSBOT, ...args], {
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: directory, ...options.env },
    cwd: directory,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let databases = 0;
function freshDb(): string {
  databases += 1;
  return join(directory, `cli-${databases}.db`);
}

function json<T>(run: Run): T {
  assert.equal(run.stderr.includes('    at '), false, `no stack trace: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

interface IngestJson {
  added: number;
  duplicates: number;
  rejected: { path: string; reason: string }[];
}
interface SearchJson {
  results: { id: string; title: string; url: string | null; source: string | null; publishedAt: string; snippet: string }[];
}

describe('newsbot ingest', () => {
  it('ingests the sample folder, then counts every article as a duplicate the second time', () => {
    const db = freshDb();
    const first = json<IngestJson>(newsbot(['ingest', SAMPLES, '--json', '--db', db]));
    assert.deepEqual(first, { added: 9, duplicates: 0, rejected: [] });
    const second = newsbot(['ingest', SAMPLES, '--json', '--db', db]);
    assert.equal(second.status, 0);
    assert.deepEqual(json<IngestJson>(second), { added: 0, duplicates: 9, rejected: [] });
  });

  it('prints exactly added, duplicates and rejected as JSON, and reports each bad input', () => {
    const folder = join(directory, 'mixed');
    mkdirSync(join(folder, 'nested'), { recursive: true });
    writeFileSync(join(folder, 'good.txt'), 'Harbour reopens\n\nThe harbour reopened on Monday after repairs.');
    writeFileSync(join(folder, 'empty.txt'), '   \n');
    writeFileSync(join(folder, 'nested', 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(folder, 'nested', 'data.txt'), Buffer.from([0x00, 0x01, 0x02, 0x00, 0x50]));
    writeFileSync(
      join(folder, 'lines.jsonl'),
      '{"title": "Bridge opens", "text": "The new bridge opened to traffic."}\n{not json\n{"title": "No text"}\n',
    );
    const run = newsbot(['ingest', folder, '--json', '--db', freshDb()]);
    assert.equal(run.status, 0);
    const report = json<IngestJson>(run);
    assert.deepEqual(Object.keys(report), ['added', 'duplicates', 'rejected']);
    assert.equal(report.added, 2);
    const reasons = Object.fromEntries(report.rejected.map(({ path, reason }) => [path.slice(folder.length + 1), reason]));
    assert.deepEqual(reasons, {
      'empty.txt': 'empty',
      'lines.jsonl:2': 'parse_error',
      'lines.jsonl:3': 'empty',
      'nested/data.txt': 'binary',
      'nested/image.png': 'unsupported',
    });
    for (const rejection of report.rejected) assert.deepEqual(Object.keys(rejection), ['path', 'reason']);
  });

  it('exits non-zero when every input was rejected', () => {
    const bad = join(directory, 'bad.txt');
    writeFileSync(bad, '');
    const run = newsbot(['ingest', bad, '--json', '--db', freshDb()]);
    assert.equal(run.status, 1);
    assert.deepEqual(json<IngestJson>(run).rejected, [{ path: bad, reason: 'empty' }]);
  });

  it('reads an article from standard input', () => {
    const db = freshDb();
    const input = '---\ntitle: Piped story\npublished: 2026-11-01\n---\nA story arrived through a pipe on Sunday.';
    assert.deepEqual(json<IngestJson>(newsbot(['ingest', '-', '--json', '--db', db], { input })), { added: 1, duplicates: 0, rejected: [] });
    const found = json<SearchJson>(newsbot(['search', 'pipe', '--json', '--db', db]));
    assert.equal(found.results[0]?.title, 'Piped story');
    assert.equal(found.results[0]?.publishedAt, '2026-11-01T00:00:00Z');
  });

  it('prints a readable summary without --json', () => {
    const run = newsbot(['ingest', SAMPLES, '--db', freshDb()]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Added 9 articles, 0 duplicates, 0 rejected\./);
  });

  it('takes the database from NEWSBOT_DB, and --db over it', () => {
    const fromEnv = freshDb();
    const fromFlag = freshDb();
    const story = join(directory, 'story.txt');
    writeFileSync(story, 'Library extends opening hours\n\nThe library will open on Sundays from December.');
    newsbot(['ingest', story, '--json'], { env: { NEWSBOT_DB: fromEnv } });
    newsbot(['ingest', story, '--json', '--db', fromFlag], { env: { NEWSBOT_DB: fromEnv } });
    const count = (path: string) => {
      const db = new Database(path, { readonly: true });
      const n = (db.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
      db.close();
      return n;
    };
    assert.deepEqual([count(fromEnv), count(fromFlag)], [1, 1]);
  });

  it('leaves no half article when killed in the middle of an ingest', async () => {
    const db = freshDb();
    const big = join(directory, 'big.jsonl');
    const paragraph = 'The council met again on Tuesday. “We will decide soon,” the mayor said. Costs rose 3.5 p.c. in the U.S. market. ';
    writeFileSync(
      big,
      Array.from({ length: 20_000 }, (_, index) =>
        JSON.stringify({ title: `Council meeting number ${index}`, text: `${paragraph.repeat(8)}\n\nItem ${index} was approved.` }),
      ).join('\n'),
    );
    const child = spawn(process.execPath, [NEWSBOT, 'ingest', big, '--db', db], { stdio: 'ignore' });
    // Kill it once some batches are committed but long before it can finish.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        try {
          const probe = new Database(db, { readonly: true, fileMustExist: true });
          const n = (probe.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
          probe.close();
          if (n > 0) {
            clearInterval(poll);
            resolve();
          }
        } catch {
          // not created yet
        }
      }, 20);
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const check = new Database(db);
    const articles = (check.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
    assert.ok(articles > 0 && articles < 20_000, `killed mid-way (${articles} stored)`);
    const incomplete = check
      .prepare(
        `SELECT COUNT(*) AS n FROM articles a
         WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_seq = a.seq)
            OR NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.article_seq = a.seq)`,
      )
      .get() as { n: number };
    assert.equal(incomplete.n, 0);
    assert.equal((check.prepare(`SELECT COUNT(*) AS n FROM articles_fts WHERE articles_fts MATCH '"council"'`).get() as { n: number }).n, articles);
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();
  });
});

describe('newsbot search', () => {
  const db = join(directory, 'search.db');
  const ingested = newsbot(['ingest', SAMPLES, '--json', '--db', db]);

  it('ranks stored articles and prints the documented JSON', () => {
    assert.equal(ingested.status, 0, ingested.stderr);
    const { results } = json<SearchJson>(newsbot(['search', 'flood', 'aid', '--json', '--db', db]));
    assert.ok(results.length > 0);
    assert.equal(results[0]?.title, 'Kelmsford to get emergency flood aid, ministry confirms');
    assert.deepEqual(Object.keys(results[0] ?? {}), ['id', 'title', 'url', 'source', 'publishedAt', 'snippet']);
  });

  it('respects --limit', () => {
    const { results } = json<SearchJson>(newsbot(['search', 'rail', '--limit', '2', '--json', '--db', db]));
    assert.equal(results.length, 2);
  });

  it('returns an empty list, exit 0, when nothing matches', () => {
    const run = newsbot(['search', 'zeppelin', '--json', '--db', db]);
    assert.equal(run.status, 0);
    assert.deepEqual(json<SearchJson>(run), { results: [] });
  });

  for (const query of ['"rail', 'rail AND', '-strike', 'strike*', 'x'.repeat(5000), 'NEAR(a b)']) {
    it(`searches ${JSON.stringify(query.slice(0, 20))} as plain words, never an error`, () => {
      const run = newsbot(['search', query, '--json', '--db', db]);
      assert.equal(run.status, 0, run.stderr);
      json<SearchJson>(run);
    });
  }

  it('explains a bad --limit in one line and exits non-zero', () => {
    const run = newsbot(['search', 'rail', '--limit', 'many', '--db', db]);
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /--limit/);
  });
});

describe('errors', () => {
  it('reports a bad configuration in one line per problem, without a stack trace', () => {
    const run = newsbot(['search', 'rail'], { env: { NEWSBOT_MAX_ARTICLE_BYTES: 'huge', LOG_LEVEL: 'loud' } });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split('\n').length, 2);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it('reports an unusable database path in one line, and the stack only with --debug', () => {
    const blocker = join(directory, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const run = newsbot(['search', 'rail', '--db', join(blocker, 'newsbot.db')]);
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /^newsbot: /);
    const debug = newsbot(['search', 'rail', '--debug', '--db', join(blocker, 'newsbot.db')]);
    assert.match(debug.stderr, /\n\s+at /);
  });
});

describe('newsbot demo', () => {
  it('runs on a fresh database and again on the same one', () => {
    const env = { NEWSBOT_DB: freshDb() };
    const first = newsbot(['demo'], { env });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /9 new articles/);
    assert.match(first.stdout, /Summary: /);
    assert.match(first.stdout, /— Marta Kovač \[\d\]/);
    assert.match(first.stdout, /2026-11-17 /);
    const second = newsbot(['demo'], { env });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /0 new articles, 9 already stored/);
  });
});

interface AnalyzeJson {
  summary: { text: string; start: number; end: number }[];
  quotes: { text: string; speaker: string | null; start: number; end: number; fragment: boolean; key: boolean }[];
  timeline: { date: string; mention: string; start: number; end: number; text: string }[];
  entities: { name: string; type: string; mentions: number }[];
}

describe('newsbot analyze', () => {
  const story = [
    'Harbour workers end strike after pay deal',
    '',
    'Dock workers in Port Alder returned to work on Monday after a three-week strike ended with a new pay deal.',
    '“This is a fair result for everyone who kept the port running,” said Ines Moreau, the union’s regional secretary.',
    'The harbour authority said cargo traffic will recover by March. Exports fell 10 p.c. during the stoppage.',
    '“We lost a lot of trust,” she added. “It will take time to win it back.”',
  ].join('\n');

  it('prints the documented JSON, with offsets into the input as given', () => {
    const file = join(directory, 'harbour.txt');
    // A byte order mark and Windows line endings: offsets count the text after the mark, as given.
    writeFileSync(file, `\uFEFF${story.replace(/\n/g, '\r\n')}  `);
    const input = `${story.replace(/\n/g, '\r\n')}  `;
    const run = newsbot(['analyze', file, '--published', '2026-02-11T09:00:00+01:00', '--sentences', '2', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const result = json<AnalyzeJson>(run);
    for (const key of ['summary', 'quotes', 'timeline', 'entities'] as const) assert.ok(Array.isArray(result[key]), key);
    assert.equal(result.summary.length, 2);
    for (const item of [...result.summary, ...result.quotes]) assert.equal(input.slice(item.start, item.end), item.text);
    for (const item of result.timeline) assert.equal(input.slice(item.start, item.end), item.mention);

    assert.deepEqual(
      result.quotes.map(({ speaker, fragment }) => ({ speaker, fragment })),
      [
        { speaker: 'Ines Moreau', fragment: false },
        { speaker: 'Ines Moreau', fragment: false },
        { speaker: 'Ines Moreau', fragment: false },
      ],
    );
    assert.deepEqual(
      result.timeline.map(({ mention, date }) => ({ mention, date })),
      [
        { mention: 'on Monday', date: '2026-02-09' },
        { mention: 'by March', date: '2026-03' },
      ],
    );
    assert.ok(result.entities.some((entity) => entity.name === 'Ines Moreau' && entity.type === 'person'));
  });

  it('reads standard input and touches no database', () => {
    const db = join(directory, 'never-created.db');
    const run = newsbot(['analyze', '-', '--json', '--db', db, '--title', 'Harbour deal'], { input: story });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(json<AnalyzeJson>(run).summary.length > 0);
    assert.equal(existsSync(db), false);
  });

  it('says which parts were skipped for an article in another language', () => {
    const french = 'Les dockers de Port Alder ont repris le travail lundi après trois semaines de grève. ' +
      '« C’est un résultat juste », a déclaré la secrétaire régionale du syndicat. Le trafic devrait reprendre en mars.';
    const run = newsbot(['analyze', '-', '--json'], { input: french });
    assert.equal(run.status, 0, run.stderr);
    const result = json<AnalyzeJson & { language: string; skipped: { stage: string }[] }>(run);
    assert.equal(result.language, 'fr');
    assert.ok(result.summary.length > 0, 'summarised all the same');
    assert.ok(result.skipped.some((skip) => skip.stage === 'dates'));
  });

  for (const [name, args, input] of [
    ['an empty input', ['analyze', '-', '--json'], ''],
    ['a bad --published', ['analyze', '-', '--published', 'soon', '--json'], 'Some text here.'],
    ['a missing file', ['analyze', 'no-such-file.txt', '--json'], ''],
  ] as const) {
    it(`refuses ${name} in one line`, () => {
      const run = newsbot([...args], { input });
      assert.equal(run.status, 1);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    });
  }

  const seed = fileURLToPath(new URL('../../../shared/seed/000_a93aed45eeec922c.txt', import.meta.url));
  it('finds the seed article’s quotes, speakers and dates', { skip: !existsSync(seed) && 'no ../shared/seed here' }, () => {
    const run = newsbot(['analyze', seed, '--published', '2025-03-18', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const result = json<AnalyzeJson>(run);
    assert.equal(result.quotes.length, 12);
    const speakers = result.quotes.map((quote) => quote.speaker);
    assert.equal(speakers[0], 'Vladimir Putin');
    assert.equal(speakers[3], 'Donald Trump');
    assert.equal(result.quotes[3]?.fragment, true);
    assert.deepEqual(speakers.slice(4, 6), ['Alan Fisher', 'Alan Fisher']);
    assert.deepEqual(speakers.slice(7, 9), ['Dorsa Jabbari', 'Dorsa Jabbari']);
    assert.deepEqual(speakers.slice(9, 12), ['Olaf Scholz', 'Emmanuel Macron', 'Olaf Scholz']);
    assert.ok(result.timeline.some((entry) => entry.mention.includes('Tuesday') && entry.date === '2025-03-18'));
    assert.equal(result.timeline.some((entry) => /p\.c\./.test(entry.mention)), false);
  });
});

interface SummaryJson {
  event: { id: string; title: string } | null;
  articles: { id: string; title: string; url: string | null; source: string | null; publishedAt: string }[];
  summary: { articleId: string; text: string }[];
}

interface EventsJson {
  events: { id: string; title: string; articles: { id: string; url: string | null; title: string }[] }[];
}

interface TimelineJson {
  entries: { date: string; summary: string[]; articles: string[] }[];
}

describe('newsbot events, event, summary, quotes and timeline', () => {
  const db = join(directory, 'topics.db');
  newsbot(['ingest', SAMPLES, '--db', db]);

  it('groups every stored article into exactly one event', () => {
    const all = json<EventsJson>(newsbot(['events', '--all', '--json', '--db', db]));
    const ids = all.events.flatMap((event) => event.articles.map((article) => article.id));
    assert.equal(ids.length, 9);
    assert.equal(new Set(ids).size, 9);
    const strike = all.events.find((event) => event.articles.length === 4);
    assert.ok(strike, 'the four English rail strike articles are one event');
    assert.ok(strike.articles.every((article) => /rail|strike/i.test(article.title)));
    for (const event of all.events) assert.deepEqual(Object.keys(event), ['id', 'title', 'articles']);
    for (const article of all.events.flatMap((event) => event.articles)) assert.deepEqual(Object.keys(article), ['id', 'url', 'title']);
  });

  it('lists current events, most outlets first', () => {
    const current = json<EventsJson>(newsbot(['events', '--json', '--db', db]));
    assert.ok(current.events.length >= 2);
    assert.equal(current.events[0]?.articles.length, 4);
    assert.match(newsbot(['events', '--db', db]).stdout, /^1\. .* — 3 outlets · 4 articles/m);
  });

  it('summarises the event that best matches a topic, across its articles, verbatim', () => {
    const result = json<SummaryJson>(newsbot(['summary', '--topic', 'rail strike', '--sentences', '4', '--json', '--db', db]));
    assert.ok(result.event);
    assert.equal(result.summary.length, 4);
    assert.ok(new Set(result.summary.map((item) => item.articleId)).size >= 2, 'sentences from several outlets');
    for (const item of result.summary) assert.ok(result.articles.some((article) => article.id === item.articleId));
    const byId = json<SummaryJson>(newsbot(['summary', '--event', result.event.id, '--sentences', '4', '--json', '--db', db]));
    assert.deepEqual(byId, result);
  });

  it('answers quotes with speakers and all their sources, narrowed by --speaker', () => {
    const result = json<{ articles: { id: string }[]; quotes: { articleIds: string[]; speaker: string; text: string }[] }>(
      newsbot(['quotes', '--topic', 'rail strike', '--speaker', 'Lund', '--json', '--db', db]),
    );
    assert.ok(result.quotes.length > 0);
    for (const quote of result.quotes) {
      assert.equal(quote.speaker, 'Erik Lund');
      for (const id of quote.articleIds) assert.ok(result.articles.some((article) => article.id === id));
    }
  });

  it('answers a timeline in date order, at most --dates dates, in the documented shape', () => {
    const result = json<TimelineJson>(newsbot(['timeline', '--topic', 'Kelmsford flood', '--dates', '4', '--json', '--db', db]));
    assert.deepEqual(Object.keys(result), ['entries']);
    const dates = result.entries.map((entry) => entry.date);
    assert.ok(dates.length >= 3 && dates.length <= 4);
    assert.deepEqual(dates, [...dates].sort());
    for (const entry of result.entries) {
      assert.match(entry.date, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(entry.summary.length > 0 && entry.articles.length > 0);
    }
  });

  it('treats every stored article as one story with --all', () => {
    const result = json<TimelineJson>(newsbot(['timeline', '--all', '--dates', '20', '--json', '--db', db]));
    const articles = new Set(result.entries.flatMap((entry) => entry.articles));
    assert.ok(articles.size >= 5, 'dates come from several events');
  });

  it('shows one event overview', () => {
    const [strike] = json<EventsJson>(newsbot(['events', '--json', '--db', db])).events;
    assert.ok(strike);
    const overview = json<{ id: string; outlets: string[]; firstReport: { source: string }; summary: unknown[]; quotes: unknown[]; timeline: unknown[] }>(
      newsbot(['event', strike.id, '--json', '--db', db]),
    );
    assert.equal(overview.id, strike.id);
    assert.equal(overview.outlets.length, 3);
    assert.equal(overview.firstReport.source, 'Norland Herald');
    assert.ok(overview.summary.length > 0 && overview.quotes.length > 0 && overview.timeline.length > 0);
    assert.match(newsbot(['event', strike.id, '--db', db]).stdout, /First reported by Norland Herald on 2026-11-20/);
    const unknown = newsbot(['event', 'nope', '--db', db]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no event with id nope/);
  });

  it('asks for exactly one subject', () => {
    const run = newsbot(['summary', '--db', db]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /give one of --topic TEXT or --event ID/);
    assert.match(newsbot(['timeline', '--topic', 'x', '--all', '--db', db]).stderr, /give one of --topic TEXT, --event ID or --all/);
  });

  for (const kind of ['summary', 'quotes'] as const) {
    it(`${kind}: no match is empty lists and exit 0`, () => {
      const run = newsbot([kind, '--topic', 'zeppelin', '--json', '--db', db]);
      assert.equal(run.status, 0);
      assert.deepEqual(json(run), { event: null, articles: [], [kind]: [] });
      const human = newsbot([kind, '--topic', 'zeppelin', '--db', db]);
      assert.match(human.stdout, /No stored article matches/);
    });
  }
  it('timeline: no match is no entries and exit 0', () => {
    const run = newsbot(['timeline', '--topic', 'zeppelin', '--json', '--db', db]);
    assert.equal(run.status, 0);
    assert.deepEqual(json(run), { entries: [] });
  });
});

describe('newsbot reanalyze', () => {
  it('re-runs the analysis of articles stored by an older version', () => {
    const db = freshDb();
    newsbot(['ingest', SAMPLES, '--db', db]);
    assert.match(newsbot(['reanalyze', '--db', db]).stdout, /up to date/);
    const sqlite = new Database(db);
    sqlite.exec('UPDATE articles SET analysis_version = 0; DELETE FROM quotes;');
    sqlite.close();
    const run = newsbot(['reanalyze', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Reanalysed 9 articles/);
    const check = new Database(db, { readonly: true });
    assert.ok((check.prepare('SELECT COUNT(*) AS n FROM quotes').get() as { n: number }).n > 0);
    check.close();
  });
});

describe('newsbot ingest --defer-analysis', () => {
  it('stores at once and leaves the analysis to reanalyze', () => {
    const db = freshDb();
    const run = newsbot(['ingest', SAMPLES, '--defer-analysis', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /newsbot reanalyze/);
    const before = json<{ quotes: unknown[] }>(newsbot(['quotes', '--topic', 'rail strike', '--json', '--db', db]));
    assert.deepEqual(before.quotes, []);
    assert.match(newsbot(['reanalyze', '--db', db]).stdout, /Reanalysed 9 articles/);
    const after = json<{ quotes: unknown[] }>(newsbot(['quotes', '--topic', 'rail strike', '--json', '--db', db]));
    assert.ok(after.quotes.length > 0);
  });
});
