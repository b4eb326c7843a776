import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
    const run = newsbot(['search', 'rail'], { env: { NEWSBOT_MAX_ARTICLE_BYTES: 'huge', NEWSBOT_LOG_LEVEL: 'loud' } });
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
    assert.match(first.stdout, /Norland rail/);
    const second = newsbot(['demo'], { env });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /0 new articles, 9 already stored/);
  });
});
