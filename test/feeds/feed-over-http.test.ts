/** The feed building blocks together, against a real HTTP server on 127.0.0.1: fetch, parse, de-duplicate, schedule. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { FeedParseError, parseFeed } from '../../src/feeds/parse-feed.ts';
import { afterFailure, afterSuccess, initialPollState, itemKeys } from '../../src/feeds/poll-policy.ts';
import type { FeedPollState } from '../../src/feeds/poll-policy.ts';
import { createSafeFetcher, FetchError } from '../../src/net/safe-fetch.ts';
import type { ConditionalRequest } from '../../src/net/safe-fetch.ts';
import { startServer } from '../net/local-server.ts';
import type { LocalServer } from '../net/local-server.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

/** A feed that re-dates its items and changes their GUIDs on every fetch, and adds one new story on the second. */
function shiftyFeed(fetchCount: number): string {
  const day = 20 + fetchCount;
  const items = [
    `<item><title>Harbour reopens</title><link>https://shifty.example/harbour?utm_source=rss&amp;utm_content=${fetchCount}</link>` +
      `<guid isPermaLink="false">harbour-${fetchCount}</guid><pubDate>Fri, ${day} Nov 2026 08:00:00 GMT</pubDate></item>`,
    `<item><title>Bridge works delayed</title><link>http://www.shifty.example/bridge/#fetch-${fetchCount}</link>` +
      `<guid isPermaLink="false">bridge-${fetchCount}</guid><pubDate>Fri, ${day} Nov 2026 09:00:00 GMT</pubDate></item>`,
  ];
  if (fetchCount >= 2) {
    items.unshift(`<item><title>New ferry route announced</title><link>https://shifty.example/ferry</link><guid isPermaLink="false">ferry-${fetchCount}</guid></item>`);
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Shifty Gazette</title><link>https://shifty.example/</link>${items.join('')}</channel></rss>`;
}

describe('feeds over HTTP', () => {
  let server: LocalServer;
  let shiftyFetches = 0;
  const fetchPage = createSafeFetcher({ userAgent: 'newsbot-test/1.0', timeoutMs: 5000, maxBytes: 2 * 1024 * 1024, maxRedirects: 3, allowLoopback: true }).fetchPage;

  async function fetchFeed(path: string, conditional?: ConditionalRequest) {
    const result = await fetchPage(`${server.origin}${path}`, conditional);
    if (result.status === 'not_modified') return { result, feed: null };
    return { result, feed: parseFeed(result.body, result.contentType ?? undefined, { baseUrl: result.url }) };
  }

  before(async () => {
    server = await startServer();
    const serve = (path: string, contentType: string, body: () => Buffer | string, extra: Record<string, string> = {}) =>
      server.route(path, (_req, res) => void res.writeHead(200, { 'Content-Type': contentType, ...extra }).end(body()));
    serve('/herald.xml', 'application/rss+xml; charset=utf-8', () => fixture('herald.rss.xml'));
    serve('/meridian.atom', 'application/atom+xml', () => fixture('meridian.atom.xml'));
    serve('/bulletin.json', 'application/feed+json', () => fixture('bulletin.feed.json'));
    serve('/broken.xml', 'application/rss+xml', () => '<?xml version="1.0"?><rss version="2.0"><channel><title>Half a feed</title><item><title>Cut off');
    serve('/lol.xml', 'application/rss+xml', () => fixture('billion-laughs.xml'));
    serve('/home.html', 'text/html; charset=utf-8', () => '<!doctype html><html><head><title>Home</title></head><body>Hi</body></html>');
    serve('/herald.xml.gz', 'application/rss+xml', () => zlib.gzipSync(fixture('herald.rss.xml')), { 'Content-Encoding': 'gzip' });
    server.route('/moved.xml', (_req, res) => void res.writeHead(301, { Location: '/herald.xml' }).end());
    server.route('/shifty.xml', (_req, res) => {
      shiftyFetches += 1;
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(shiftyFeed(shiftyFetches));
    });
    server.route('/conditional.xml', (req, res) => {
      const etag = '"herald-7"';
      const lastModified = 'Thu, 26 Nov 2026 09:00:00 GMT';
      if (req.headers['if-none-match'] === etag || req.headers['if-modified-since'] === lastModified) return void res.writeHead(304).end();
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag, 'Last-Modified': lastModified }).end(fixture('herald.rss.xml'));
    });
    server.route('/down.xml', (_req, res) => void res.writeHead(500).end('down'));
  });

  after(async () => {
    await server.close();
  });

  it('fetches and parses RSS, Atom and JSON Feed', async () => {
    const rss = await fetchFeed('/herald.xml');
    assert.equal(rss.feed?.format, 'rss');
    assert.equal(rss.feed?.items.length, 3);
    const atom = await fetchFeed('/meridian.atom');
    assert.equal(atom.feed?.format, 'atom');
    assert.equal(atom.feed?.items[0]?.title, 'Norland rail strike begins as stations fall silent');
    const json = await fetchFeed('/bulletin.json');
    assert.equal(json.feed?.format, 'json');
    assert.equal(json.feed?.items[0]?.author, 'Anna Berg');
  });

  it('parses a gzip-encoded feed and one reached through a redirect (relative links against the final URL)', async () => {
    const gz = await fetchFeed('/herald.xml.gz');
    assert.equal(gz.feed?.items[0]?.guid, 'herald-4711');
    const moved = await fetchFeed('/moved.xml');
    assert.equal(moved.result.status === 'ok' && moved.result.url, `${server.origin}/herald.xml`);
    assert.equal(moved.feed?.items[1]?.url, 'https://herald.example/news/2026/11/25/kelmsford-flood');
  });

  it('refuses malformed XML, a billion-laughs document and a web page with user-safe messages', async () => {
    await assert.rejects(fetchFeed('/broken.xml'), (error: unknown) => error instanceof FeedParseError && /well-formed/.test(error.message));
    await assert.rejects(fetchFeed('/lol.xml'), (error: unknown) => error instanceof FeedParseError && /entities/.test(error.message));
    await assert.rejects(fetchFeed('/home.html'), (error: unknown) => error instanceof FeedParseError && /web page/.test(error.message));
  });

  it('posts nothing twice when the feed changes its GUIDs and dates, but sees a new story', async () => {
    const feedUrl = `${server.origin}/shifty.xml`;
    const seen = new Set<string>();
    const newItems = async () => {
      const { feed } = await fetchFeed('/shifty.xml');
      assert.ok(feed !== null);
      const fresh = feed.items.filter((item) => !itemKeys(item, feedUrl).some((key) => seen.has(key)));
      for (const item of feed.items) for (const key of itemKeys(item, feedUrl)) seen.add(key);
      return fresh.map((item) => item.title);
    };
    assert.deepEqual(await newItems(), ['Harbour reopens', 'Bridge works delayed']);
    assert.deepEqual(await newItems(), ['New ferry route announced']);
    assert.deepEqual(await newItems(), []);
  });

  it('uses ETag and Last-Modified to skip an unchanged feed', async () => {
    const first = await fetchFeed('/conditional.xml');
    assert.equal(first.result.status, 'ok');
    if (first.result.status !== 'ok') return;
    const { etag, lastModified } = first.result;
    assert.equal((await fetchFeed('/conditional.xml', { etag })).result.status, 'not_modified');
    assert.equal((await fetchFeed('/conditional.xml', { lastModified })).result.status, 'not_modified');
    assert.equal((await fetchFeed('/conditional.xml', { etag: '"other"' })).result.status, 'ok');
  });

  it('feeds fetch failures into the poll policy', async () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    let state: FeedPollState = initialPollState(now);
    const error = await fetchFeed('/down.xml').then(
      () => assert.fail('expected a failure'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof FetchError && error.status === 500);
    state = afterFailure(state, now, error);
    assert.equal(state.consecutiveFailures, 1);
    assert.equal(state.lastError, 'The site had a problem answering (HTTP 500).');
    assert.equal(state.nextPollAt, now + 30 * 60_000);
    await fetchFeed('/herald.xml');
    state = afterSuccess(state, now);
    assert.equal(state.consecutiveFailures, 0);
  });
});
