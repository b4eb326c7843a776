/** Following feeds against a real HTTP server on 127.0.0.1: checks on add, remove, list, OPML import and export. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { UserFacingError } from '../../src/errors.ts';
import { addFeed, advertisedFeedLinks, exportFeeds, importFeeds, listFeeds, MAX_FEEDS_PER_GUILD, removeFeed } from '../../src/feeds/manage.ts';
import type { AddFeedInput, FeedManagerDeps } from '../../src/feeds/manage.ts';
import { parseOpml, toOpml } from '../../src/feeds/opml.ts';
import { initialPollState } from '../../src/feeds/poll-policy.ts';
import { createSafeFetcher } from '../../src/net/safe-fetch.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startServer } from '../net/local-server.ts';
import type { LocalServer } from '../net/local-server.ts';
import { tempDirectory } from '../helpers/temp.ts';
import { newsPage, paragraphs, rss } from './helpers.ts';

const GUILD = '333333333333333333';
const CHANNEL = '444444444444444444';
const NOW = new Date('2026-11-27T08:00:00Z');
const directory = tempDirectory('newsbot-manage-');

describe('feed management', () => {
  let server: LocalServer;
  let store: ArticleStore;
  let deps: FeedManagerDeps;
  let stores = 0;
  const { fetchPage } = createSafeFetcher({ userAgent: 'newsbot-test/1.0', timeoutMs: 5000, maxBytes: 256 * 1024, maxRedirects: 3, allowLoopback: true });

  const input = (path: string, fields: Partial<AddFeedInput> = {}): AddFeedInput => ({
    url: `${server.origin}${path}`,
    guildId: GUILD,
    channelId: CHANNEL,
    filter: null,
    addedBy: '555555555555555555',
    pollMinutes: 20,
    ...fields,
  });

  const refusedWith = (pattern: RegExp) => (error: unknown) => {
    assert.ok(error instanceof UserFacingError, `a UserFacingError, not ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };

  before(async () => {
    server = await startServer();
    const feed = (title: string) => rss(title, [{ title: 'Harbour reopens', link: 'https://example.test/harbour', description: 'The harbour reopened.' }]);
    for (const name of ['valley', 'coast', 'hills', 'plain']) {
      server.route(`/${name}.xml`, (_req, res) => void res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(feed(`${name[0]?.toUpperCase()}${name.slice(1)} News`)));
    }
    server.route('/moved.xml', (_req, res) => void res.writeHead(301, { Location: '/valley.xml' }).end());
    server.route('/site.html', (_req, res) =>
      void res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(
          newsPage(
            'Home',
            paragraphs('Welcome to the Valley News.'),
            '<link rel="stylesheet" href="/style.css"><link rel="alternate" type="application/rss+xml" title="RSS" href="/valley.xml?format=rss&amp;lang=en"><link rel="alternate" type="application/atom+xml" href="https://valley.example/atom">',
          ),
        ),
    );
    server.route('/bare.html', (_req, res) => void res.writeHead(200, { 'Content-Type': 'text/html' }).end(newsPage('Bare', paragraphs('No feed here.'))));
    server.route('/notes.txt', (_req, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('just some notes'));
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    stores += 1;
    store = openSqliteStore(join(directory, `manage-${stores}.db`));
    deps = { store, fetchPage, clock: () => NOW };
  });

  it('adds a feed with its title, due at once, not primed', async () => {
    const feed = await addFeed(deps, input('/valley.xml', { filter: ' Ferry,  harbour ferry ' }));
    assert.equal(feed.title, 'Valley News');
    assert.equal(feed.url, `${server.origin}/valley.xml`);
    assert.equal(feed.guildId, GUILD);
    assert.equal(feed.channelId, CHANNEL);
    assert.equal(feed.filter, 'ferry harbour');
    assert.equal(feed.addedBy, '555555555555555555');
    assert.equal(feed.addedAt, NOW.toISOString());
    assert.equal(feed.primed, false);
    assert.deepEqual(feed.poll, initialPollState(NOW.getTime(), 20 * 60_000));
    assert.deepEqual((await listFeeds(store, GUILD)).map(({ id }) => id), [feed.id]);
    assert.deepEqual(await listFeeds(store, null), [], 'another scope');
  });

  it('refuses a web page, suggesting the feed it advertises', async () => {
    await assert.rejects(
      addFeed(deps, input('/site.html')),
      refusedWith(new RegExp(`web page, not a feed\\. The site’s feed seems to be ${server.origin}/valley\\.xml\\?format=rss&lang=en \\(it also names https://valley\\.example/atom\\)`)),
    );
    await assert.rejects(addFeed(deps, input('/bare.html')), refusedWith(/web page, not a feed .* names no feed/));
    await assert.rejects(addFeed(deps, input('/notes.txt')), refusedWith(/not a feed/));
    assert.deepEqual(await listFeeds(store, GUILD), []);
  });

  it('refuses bad addresses and unreachable pages with the reason', async () => {
    await assert.rejects(addFeed(deps, input('', { url: 'ftp://example.test/feed.xml' })), refusedWith(/Only http:\/\/ and https:\/\//));
    await assert.rejects(addFeed(deps, input('', { url: 'not a url' })), refusedWith(/not a valid web address/));
    await assert.rejects(addFeed(deps, input('/missing.xml')), refusedWith(/no such page \(HTTP 404\)/));
    await assert.rejects(addFeed(deps, input('/valley.xml', { filter: Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ') })), refusedWith(/at most 20 words/));
  });

  it('refuses a feed already followed in the server, under another spelling or through a redirect', async () => {
    const first = await addFeed(deps, input('/valley.xml'));
    await assert.rejects(addFeed(deps, input('/valley.xml', { channelId: '666666666666666666' })), refusedWith(new RegExp(`already followed in <#${CHANNEL}> \\(feed ${first.id}\\)`)));
    await assert.rejects(addFeed(deps, input('/valley.xml?utm_source=newsletter')), refusedWith(/already followed/));
    await assert.rejects(addFeed(deps, input('/moved.xml')), refusedWith(/already followed/));
    // Another server may follow it too.
    const other = await addFeed(deps, input('/valley.xml', { guildId: '777777777777777777', channelId: null }));
    assert.equal(other.channelId, null);
    await assert.rejects(addFeed(deps, input('/valley.xml', { guildId: '777777777777777777' })), refusedWith(/already followed without a channel/));
  });

  it(`refuses more than ${MAX_FEEDS_PER_GUILD} feeds in one server`, async () => {
    for (let i = 0; i < MAX_FEEDS_PER_GUILD; i += 1) {
      const added = await store.feeds.addFeed({
        guildId: GUILD,
        channelId: null,
        url: `https://filler${i}.example/feed.xml`,
        title: null,
        filter: null,
        addedBy: null,
        addedAt: NOW.toISOString(),
        poll: initialPollState(NOW.getTime()),
      });
      assert.ok(added !== null);
    }
    await assert.rejects(addFeed(deps, input('/valley.xml')), refusedWith(/already follows 50 feeds/));
    const result = await importFeeds(deps, toOpml([{ url: `${server.origin}/coast.xml`, title: 'Coast' }], 'list'), { guildId: GUILD, channelId: null, filter: null, addedBy: null, pollMinutes: 15 });
    assert.deepEqual(result.added, []);
    assert.match(result.skipped[0]?.reason ?? '', /more than 50 feeds/);
  });

  it('removes a feed of its own scope only', async () => {
    const feed = await addFeed(deps, input('/valley.xml'));
    await assert.rejects(removeFeed(store, feed.id, '888888888888888888'), refusedWith(/No feed .* is followed here/));
    assert.equal((await removeFeed(store, ` ${feed.id} `, GUILD)).id, feed.id);
    assert.deepEqual(await listFeeds(store, GUILD), []);
    await assert.rejects(removeFeed(store, feed.id, GUILD), refusedWith(/No feed/));
  });

  it('imports an OPML list, skipping what fails with the reason, and exports it back', async () => {
    const opml = `<?xml version="1.0"?>
<opml version="2.0"><head><title>My reader</title></head><body>
  <outline text="Local">
    <outline type="rss" text="Valley (from the reader)" xmlUrl="${server.origin}/valley.xml"/>
    <outline type="rss" text="Coast" xmlUrl="${server.origin}/coast.xml"/>
    <outline type="rss" text="Valley again" xmlUrl="${server.origin.replace('http://', 'HTTP://')}/valley.xml/"/>
  </outline>
  <outline type="rss" text="A web page" xmlUrl="${server.origin}/site.html"/>
  <outline type="rss" text="Gone" xmlUrl="${server.origin}/gone.xml"/>
  <outline type="rss" text="Hills" xmlUrl="${server.origin}/hills.xml"/>
</body></opml>`;
    const target = { guildId: GUILD, channelId: CHANNEL, filter: 'harbour', addedBy: null, pollMinutes: 15 };
    const result = await importFeeds(deps, new TextEncoder().encode(opml), target);
    assert.deepEqual(
      result.added.map((feed) => [feed.title, feed.url, feed.filter, feed.channelId]),
      [
        ['Valley News', `${server.origin}/valley.xml`, 'harbour', CHANNEL],
        ['Coast News', `${server.origin}/coast.xml`, 'harbour', CHANNEL],
        ['Hills News', `${server.origin}/hills.xml`, 'harbour', CHANNEL],
      ],
    );
    assert.deepEqual(
      result.skipped.map(({ url, reason }) => [url.slice(server.origin.length), reason.split('.')[0]]),
      [
        ['/site.html', 'That address is a web page, not a feed'],
        ['/gone.xml', 'The site says there is no such page (HTTP 404)'],
        ['/valley.xml/', 'The list names this feed twice'],
      ],
    );

    const exported = await exportFeeds(store, GUILD);
    assert.deepEqual(parseOpml(exported), [
      { url: `${server.origin}/valley.xml`, title: 'Valley News' },
      { url: `${server.origin}/coast.xml`, title: 'Coast News' },
      { url: `${server.origin}/hills.xml`, title: 'Hills News' },
    ]);

    // Into another server: the round trip gives the same feeds.
    const again = await importFeeds(deps, exported, { ...target, guildId: '999999999999999999' });
    assert.deepEqual(again.skipped, []);
    assert.deepEqual(
      again.added.map(({ url }) => url),
      result.added.map(({ url }) => url),
    );
    // Into the same one: every feed is already followed.
    const twice = await importFeeds(deps, exported, target);
    assert.deepEqual(twice.added, []);
    assert.ok(twice.skipped.every(({ reason }) => /already followed/.test(reason)));
  });

  it('refuses a file that is not OPML', async () => {
    await assert.rejects(importFeeds(deps, 'hello', { guildId: GUILD, channelId: null, filter: null, addedBy: null, pollMinutes: 15 }), refusedWith(/not a readable OPML file/));
  });

  it('finds the feed links a page advertises', () => {
    const html = `<head><link rel="alternate stylesheet" href="/a.css"><LINK REL="Alternate" TYPE="application/atom+xml" HREF='/atom.xml'>
      <link rel="alternate" type="application/feed+json" href="feed.json"><link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="text/html" href="/en/"></head>`;
    assert.deepEqual(advertisedFeedLinks(html, 'https://site.example/news/'), ['https://site.example/atom.xml', 'https://site.example/news/feed.json']);
  });
});
