/** `newsbot feeds …` as the operator runs it: the real binary against invented feeds on a local HTTP server. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseOpml } from '../../src/feeds/opml.ts';
import { startServer } from '../net/local-server.ts';
import type { LocalServer } from '../net/local-server.ts';
import { tempDirectory } from '../helpers/temp.ts';
import { paragraphs, rss } from '../feeds/helpers.ts';

const NEWSBOT = fileURLToPath(new URL('../../bin/newsbot.js', import.meta.url));
const directory = tempDirectory('newsbot-feeds-cli-');
const GUILD = '123456789012345678';
const CHANNEL = '234567890123456789';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `newsbot` binary. Asynchronously: the feeds are served by this very process, which must keep
 * answering while the command runs.
 */
function newsbot(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEWSBOT, ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: directory, NEWSBOT_FETCH_ALLOW_LOOPBACK: '1', NEWSBOT_FETCH_TIMEOUT_MS: '5000' },
      cwd: directory,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function json<T>(run: Run): T {
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as T;
}

interface FeedJson {
  id: string;
  guildId: string | null;
  channelId: string | null;
  url: string;
  title: string | null;
  filter: string | null;
  nextPollAt: string | null;
  pausedReason: string | null;
}

const longText = (place: string) =>
  paragraphs(
    `The harvest fair in ${place} drew hundreds of residents on Thursday, organisers said.`,
    `Volunteers in ${place} spent three weeks preparing the grounds, and the brass band played until late evening.`,
    `“We wanted something the whole of ${place} could share,” the organiser said. “It has been a difficult year here.”`,
    `The fair is expected to return next year, with a larger programme and a second day added for schools.`,
    `Tickets for next year will go on sale in ${place} in March, and prices would stay the same, the organisers said.`,
    `Traders from the whole valley sold bread, cheese and apples, and the fire brigade gave rides on its old engine.`,
  );

describe('newsbot feeds', () => {
  let server: LocalServer;
  const db = join(directory, 'feeds.db');

  before(async () => {
    server = await startServer();
    server.route('/valley.xml', (_req, res) =>
      void res
        .writeHead(200, { 'Content-Type': 'application/rss+xml' })
        .end(
          rss('Valley News', [
            { title: 'Harvest fair returns to Lindale', link: 'https://valley.example/fair', guid: 'v-1', content: longText('Lindale') },
            { title: 'Library extends hours', link: 'https://valley.example/library', guid: 'v-2', description: 'The library opens until nine on weekdays.' },
          ]),
        ),
    );
    server.route('/down.xml', (_req, res) => void res.writeHead(500).end('down'));
    server.route('/home.html', (_req, res) =>
      void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/valley.xml"></head><body>Hi</body></html>'),
    );
  });
  after(async () => {
    await server.close();
  });

  it('adds, lists, polls, exports, imports and removes feeds', async () => {
    const added = await newsbot(['feeds', 'add', `${server.origin}/valley.xml`, '--guild', GUILD, '--channel', CHANNEL, '--filter', 'fair', '--json', '--db', db]);
    assert.equal(added.status, 0, added.stderr);
    const feed = json<FeedJson>(added);
    assert.equal(feed.title, 'Valley News');
    assert.equal(feed.guildId, GUILD);
    assert.equal(feed.channelId, CHANNEL);
    assert.equal(feed.filter, 'fair');

    const page = await newsbot(['feeds', 'add', `${server.origin}/home.html`, '--guild', GUILD, '--db', db]);
    assert.equal(page.status, 1);
    assert.match(page.stderr, new RegExp(`^newsbot: That address is a web page, not a feed\\. The site’s feed seems to be ${server.origin}/valley\\.xml`));
    const twice = await newsbot(['feeds', 'add', `${server.origin}/valley.xml`, '--guild', GUILD, '--db', db]);
    assert.equal(twice.status, 1);
    assert.match(twice.stderr, /already followed in <#234567890123456789>/);

    const list = await newsbot(['feeds', 'list', '--guild', GUILD, '--json', '--db', db]);
    assert.equal(list.status, 0, list.stderr);
    const { feeds } = json<{ feeds: FeedJson[] }>(list);
    assert.deepEqual(
      feeds.map(({ id, url, pausedReason }) => ({ id, url, pausedReason })),
      [{ id: feed.id, url: `${server.origin}/valley.xml`, pausedReason: null }],
    );
    assert.deepEqual(json(await newsbot(['feeds', 'list', '--json', '--db', db])), { feeds: [] }, 'the shared scope has none');

    const poll = await newsbot(['feeds', 'poll', '--db', db]);
    assert.equal(poll.status, 0, poll.stderr);
    assert.equal(poll.stdout, `${feed.id}  Valley News: 2 new articles, 0 items seen before\n`);
    const again = await newsbot(['feeds', 'poll', '--db', db]);
    assert.equal(again.stdout, 'no feed is due; --all-now polls every feed now\n');
    const now = await newsbot(['feeds', 'poll', '--all-now', '--db', db]);
    assert.equal(now.stdout, `${feed.id}  Valley News: 0 new articles, 2 items seen before\n`);
    const search = await newsbot(['search', 'harvest', 'fair', '--guild', GUILD, '--json', '--db', db]);
    assert.equal(json<{ results: { title: string }[] }>(search).results[0]?.title, 'Harvest fair returns to Lindale');

    const exported = await newsbot(['feeds', 'export', '--guild', GUILD, '--db', db]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.deepEqual(parseOpml(exported.stdout), [{ url: `${server.origin}/valley.xml`, title: 'Valley News' }]);

    const opmlFile = join(directory, 'feeds.opml');
    writeFileSync(
      opmlFile,
      exported.stdout.replace('</body>', `<outline type="rss" text="Down" xmlUrl="${server.origin}/down.xml"/></body>`),
    );
    const imported = await newsbot(['feeds', 'import', opmlFile, '--json', '--db', db]);
    assert.equal(imported.status, 0, imported.stderr);
    const result = json<{ added: FeedJson[]; skipped: { url: string; reason: string }[] }>(imported);
    assert.deepEqual(result.added.map(({ url, guildId }) => [url, guildId]), [[`${server.origin}/valley.xml`, null]]);
    assert.deepEqual(result.skipped, [{ url: `${server.origin}/down.xml`, reason: 'The site had a problem answering (HTTP 500).' }]);
    const all = json<{ feeds: FeedJson[] }>(await newsbot(['feeds', 'list', '--all', '--json', '--db', db]));
    assert.equal(all.feeds.length, 2);

    const wrongScope = await newsbot(['feeds', 'remove', feed.id, '--db', db]);
    assert.equal(wrongScope.status, 1);
    assert.match(wrongScope.stderr, /No feed .* is followed here/);
    const removed = await newsbot(['feeds', 'remove', feed.id, '--guild', GUILD, '--db', db]);
    assert.equal(removed.status, 0, removed.stderr);
    assert.match(removed.stdout, /stopped following Valley News/);
    assert.deepEqual(json(await newsbot(['feeds', 'list', '--guild', GUILD, '--json', '--db', db])), { feeds: [] });
  });

  it('reports a failing feed and exits 1', async () => {
    const failingDb = join(directory, 'failing.db');
    const added = await newsbot(['feeds', 'add', `${server.origin}/valley.xml`, '--db', failingDb]);
    assert.equal(added.status, 0, added.stderr);
    server.route('/valley.xml', (_req, res) => void res.writeHead(503).end('down'));
    const poll = await newsbot(['feeds', 'poll', '--db', failingDb]);
    assert.equal(poll.status, 1);
    assert.match(poll.stdout, /Valley News: failed: The site had a problem answering \(HTTP 503\)\.\n$/);
  });
});
