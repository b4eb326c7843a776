import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tempDirectory } from '../helpers/temp.ts';

const NEWSBOT = fileURLToPath(new URL('../../bin/newsbot.js', import.meta.url));
const directory = tempDirectory('newsbot-maintenance-cli-');
const DAY = 86_400_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `newsbot` binary, as an operator would. */
function newsbot(args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [NEWSBOT, ...args], {
    input: '',
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: directory, ...env },
    cwd: directory,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let databases = 0;
/** A database with old articles (one of them in a story still going on) and recent ones. */
function seededDb(): string {
  databases += 1;
  const db = join(directory, `m-${databases}.db`);
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  const lines = [
    { title: 'Kelm harbour closes', text: 'The Kelm harbour closed for dredging works on Monday, the port authority said.', published: ago(200) },
    { title: 'Ostby library fire', text: 'A fire damaged the Ostby library roof overnight. Nobody was hurt, firefighters said.', published: ago(150) },
    { title: 'Norland election called', text: 'Norland will hold an early election, prime minister Eva Strand announced on Tuesday.', published: ago(2) },
  ];
  const file = join(directory, `seed-${databases}.jsonl`);
  writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
  const run = newsbot(['ingest', file, '--json', '--db', db]);
  assert.equal(run.status, 0, run.stderr);
  return db;
}

function articleCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('newsbot prune', () => {
  it('prunes articles older than --days, once, and says what it kept', () => {
    const db = seededDb();
    const run = newsbot(['prune', '--days', '90', '--json', '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { articles: number; events: number; publishedBefore: string; keepEventsActiveSince: string };
    assert.deepEqual(Object.keys(report), ['articles', 'events', 'publishedBefore', 'keepEventsActiveSince']);
    assert.equal(report.articles, 2);
    assert.equal(report.events, 2);
    assert.ok(Math.abs(Date.parse(report.publishedBefore) - (Date.now() - 90 * DAY)) < 60_000);
    assert.equal(articleCount(db), 1);

    const again = newsbot(['prune', '--days', '90', '--db', db]);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /^Nothing to prune: no article published before \d{4}-\d{2}-\d{2} outside a current event\.\nKept every article of events still active since \d{4}-\d{2}-\d{2}\.\n$/);
  });

  it('uses NEWSBOT_RETENTION_DAYS by default and reports in words', () => {
    const db = seededDb();
    const run = newsbot(['prune', '--db', db], { NEWSBOT_RETENTION_DAYS: '180' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Pruned 1 article published before \d{4}-\d{2}-\d{2} and 1 event left empty\./);
    assert.equal(articleCount(db), 2);
  });

  it('refuses a --days that is not a whole number of at least 1', () => {
    for (const days of ['0', '1.5']) {
      const run = newsbot(['prune', '--days', days, '--db', join(directory, 'never.db')]);
      assert.notEqual(run.status, 0, days);
      assert.match(run.stderr, /must be a whole number/);
    }
    assert.equal(existsSync(join(directory, 'never.db')), false);
  });
});

describe('newsbot backup', () => {
  it('writes an openable copy, creating folders, and says where and how big', () => {
    const db = seededDb();
    const target = join(directory, 'backups', 'daily', 'copy.db');
    const run = newsbot(['backup', target, '--db', db]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^Wrote a backup of .*m-\\d+\\.db to ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+(\\.\\d)? (KB|MB|bytes)\\)\\.\\n$`));
    assert.equal(articleCount(target), 3);
    const search = newsbot(['search', 'election', '--json', '--db', target]);
    assert.equal((JSON.parse(search.stdout) as { results: unknown[] }).results.length, 1, 'the copy is a working database');

    const relative = newsbot(['backup', 'relative.db', '--db', db]);
    assert.equal(relative.status, 0, relative.stderr);
    assert.equal(articleCount(join(directory, 'relative.db')), 3, 'relative to the working folder');
  });

  it('refuses the live database, a folder, and a database that does not exist', () => {
    const db = seededDb();
    mkdirSync(join(directory, 'a-folder'), { recursive: true });
    const cases: [string[], RegExp][] = [
      [['backup', db, '--db', db], /is the live database itself/],
      [['backup', `./${db.slice(directory.length + 1)}`, '--db', db], /is the live database itself/],
      [['backup', 'a-folder', '--db', db], /is a folder/],
      [['backup', 'x.db', '--db', join(directory, 'missing.db')], /no database at/],
    ];
    for (const [args, message] of cases) {
      const run = newsbot(args);
      assert.equal(run.status, 1, args.join(' '));
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, / {4}at /, 'no stack trace');
    }
    assert.equal(articleCount(db), 3);
    assert.equal(existsSync(join(directory, 'missing.db')), false, 'not created by the refusal');
  });
});
