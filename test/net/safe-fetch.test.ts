import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it, mock } from 'node:test';
import zlib from 'node:zlib';
import { createSafeFetcher, FetchError } from '../../src/net/safe-fetch.ts';
import type { FetchFailureReason, ResolveHost, SafeFetcherOptions } from '../../src/net/safe-fetch.ts';
import { startServer } from './local-server.ts';
import type { LocalServer } from './local-server.ts';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Norland Herald</title><link>https://herald.example/</link>
<item><title>Ferry timetable changes</title><link>https://herald.example/ferry</link></item>
</channel></rss>`;

const MB = 1024 * 1024;

function fetcher(overrides: Partial<SafeFetcherOptions> = {}) {
  return createSafeFetcher({
    userAgent: 'newsbot-test/1.0 (+https://newsbot.example/bot)',
    timeoutMs: 5000,
    maxBytes: MB,
    maxRedirects: 5,
    allowLoopback: true,
    ...overrides,
  }).fetchPage;
}

async function rejectsWith(promise: Promise<unknown>, reason: FetchFailureReason): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof FetchError, `expected a FetchError, got ${String(error)}`);
    assert.equal(error.reason, reason, `expected ${reason}, got ${error.reason}: ${error.message}`);
    assert.ok(error.message.length > 0);
    return error;
  }
  assert.fail(`expected the fetch to fail with ${reason}`);
}

/** A lookup for invented host names; records what it was asked. */
function fakeDns(table: Record<string, string[]>): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: net.isIPv6(address) ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolve, { calls });
}

/** Hosts that sockets were asked to connect to while `run` ran. */
async function connectionsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const hosts: string[] = [];
  const original = net.Socket.prototype.connect;
  const spy = mock.method(net.Socket.prototype, 'connect', function (this: net.Socket, ...args: unknown[]) {
    const [first] = args;
    const options = (Array.isArray(first) ? first[0] : first) as { host?: string } | undefined;
    hosts.push(typeof options === 'object' && options !== null ? (options.host ?? '') : String(args[1] ?? ''));
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  });
  try {
    await run();
  } catch {
    // The caller checks the outcome separately.
  } finally {
    spy.mock.restore();
  }
  return hosts;
}

describe('createSafeFetcher', () => {
  let server: LocalServer;
  let bytesSentForHuge = 0;

  before(async () => {
    server = await startServer();
    server.route('/feed.xml', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: '"v1"', 'Last-Modified': 'Thu, 26 Nov 2026 10:00:00 GMT' });
      res.end(RSS);
    });
    server.route('/etag.xml', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { ETag: '"v1"' }).end();
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: '"v1"' }).end(RSS);
    });
    server.route('/modified.xml', (req, res) => {
      const lastModified = 'Thu, 26 Nov 2026 10:00:00 GMT';
      if (req.headers['if-modified-since'] === lastModified) return void res.writeHead(304).end();
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Last-Modified': lastModified }).end(RSS);
    });
    server.route('/error', (_req, res) => void res.writeHead(500, { 'Content-Type': 'text/plain' }).end('boom'));
    server.route('/busy', (_req, res) => void res.writeHead(503, { 'Retry-After': '120' }).end('busy'));
    server.route('/gone', (_req, res) => void res.writeHead(410).end('gone'));
    server.route('/r1', (_req, res) => void res.writeHead(301, { Location: '/r2' }).end());
    server.route('/r2', (_req, res) => void res.writeHead(302, { Location: `${server.origin}/r3?x=1` }).end());
    server.route('/r3', (_req, res) => void res.writeHead(307, { Location: 'feed.xml' }).end());
    server.route('/loop', (_req, res) => void res.writeHead(302, { Location: '/loop' }).end());
    server.route('/to-private', (_req, res) => void res.writeHead(302, { Location: 'http://10.0.0.1/feed.xml' }).end());
    server.route('/to-metadata', (_req, res) => void res.writeHead(301, { Location: 'http://169.254.169.254/latest/meta-data/' }).end());
    server.route('/to-mapped-metadata', (_req, res) => void res.writeHead(301, { Location: 'http://[::ffff:a9fe:a9fe]/' }).end());
    server.route('/to-rebinding-name', (_req, res) => void res.writeHead(302, { Location: 'http://internal.test/admin' }).end());
    server.route('/to-ftp', (_req, res) => void res.writeHead(302, { Location: 'ftp://files.example/feed' }).end());
    server.route('/no-location', (_req, res) => void res.writeHead(302).end());
    server.route('/huge', (_req, res) => {
      // 50 MB, streamed without a Content-Length, respecting back-pressure, until the client hangs up.
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const total = 50 * MB;
      const pump = () => {
        while (bytesSentForHuge < total && !res.destroyed) {
          bytesSentForHuge += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    });
    server.route('/huge-declared', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Length': String(50 * MB) });
      res.write(Buffer.alloc(1024, 'a'));
      // Never finishes on its own: the client must refuse it from the header.
    });
    server.route('/slow', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('<')), 100);
      res.on('close', () => clearInterval(timer));
    });
    server.route('/silent', () => {
      // Never answers.
    });
    server.route('/gzip', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' });
      res.end(zlib.gzipSync(RSS));
    });
    server.route('/br', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'br' });
      res.end(zlib.brotliCompressSync(RSS));
    });
    server.route('/deflate-raw', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'deflate' });
      res.end(zlib.deflateRawSync(RSS));
    });
    server.route('/gzip-bomb', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' });
      res.end(zlib.gzipSync(Buffer.alloc(20 * MB)));
    });
    server.route('/bad-gzip', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' });
      res.end('this is not gzip');
    });
  });

  after(async () => {
    await server.close();
  });

  it('fetches a page with its metadata and sends User-Agent, Accept and Accept-Encoding', async () => {
    const result = await fetcher()(`${server.origin}/feed.xml`);
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    assert.equal(new TextDecoder().decode(result.body), RSS);
    assert.equal(result.url, `${server.origin}/feed.xml`);
    assert.equal(result.contentType, 'application/rss+xml; charset=utf-8');
    assert.equal(result.etag, '"v1"');
    assert.equal(result.lastModified, 'Thu, 26 Nov 2026 10:00:00 GMT');
    const seen = server.requests.findLast((request) => request.path === '/feed.xml');
    assert.equal(seen?.headers['user-agent'], 'newsbot-test/1.0 (+https://newsbot.example/bot)');
    assert.match(seen?.headers.accept ?? '', /application\/rss\+xml/);
    assert.equal(seen?.headers['accept-encoding'], 'gzip, deflate, br');
    assert.equal(seen?.headers.host, `127.0.0.1:${server.port}`);
  });

  it('returns not_modified for 304 with ETag / If-None-Match', async () => {
    const fetchPage = fetcher();
    const first = await fetchPage(`${server.origin}/etag.xml`);
    assert.equal(first.status, 'ok');
    const etag = first.status === 'ok' ? first.etag : null;
    assert.equal(etag, '"v1"');
    assert.deepEqual(await fetchPage(`${server.origin}/etag.xml`, { etag: '"v1"' }), { status: 'not_modified' });
    assert.equal((await fetchPage(`${server.origin}/etag.xml`, { etag: '"v0"' })).status, 'ok');
  });

  it('returns not_modified for 304 with Last-Modified / If-Modified-Since', async () => {
    const fetchPage = fetcher();
    const first = await fetchPage(`${server.origin}/modified.xml`);
    assert.equal(first.status, 'ok');
    const lastModified = first.status === 'ok' ? first.lastModified : null;
    assert.ok(lastModified !== null);
    assert.deepEqual(await fetchPage(`${server.origin}/modified.xml`, { lastModified }), { status: 'not_modified' });
  });

  it('turns a 500 into http_error with the status', async () => {
    const error = await rejectsWith(fetcher()(`${server.origin}/error`), 'http_error');
    assert.equal(error.status, 500);
    assert.match(error.message, /HTTP 500/);
  });

  it('keeps Retry-After of a 503 and the status of a 404 and a 410', async () => {
    const busy = await rejectsWith(fetcher()(`${server.origin}/busy`), 'http_error');
    assert.equal(busy.status, 503);
    assert.equal(busy.retryAfter, '120');
    assert.equal((await rejectsWith(fetcher()(`${server.origin}/nowhere`), 'http_error')).status, 404);
    assert.equal((await rejectsWith(fetcher()(`${server.origin}/gone`), 'http_error')).status, 410);
  });

  it('follows a redirect chain (relative and absolute Locations) and reports the final URL', async () => {
    const result = await fetcher()(`${server.origin}/r1`);
    assert.equal(result.status, 'ok');
    if (result.status === 'ok') assert.equal(result.url, `${server.origin}/feed.xml`);
  });

  it('stops after maxRedirects', async () => {
    await rejectsWith(fetcher({ maxRedirects: 2 })(`${server.origin}/r1`), 'too_many_redirects');
    await rejectsWith(fetcher()(`${server.origin}/loop`), 'too_many_redirects');
    await rejectsWith(fetcher({ maxRedirects: 0 })(`${server.origin}/r1`), 'too_many_redirects');
  });

  it('treats a redirect without Location as an http_error and a redirect to ftp as invalid_url', async () => {
    await rejectsWith(fetcher()(`${server.origin}/no-location`), 'http_error');
    await rejectsWith(fetcher()(`${server.origin}/to-ftp`), 'invalid_url');
  });

  it('refuses a redirect to a private address before connecting to it', async () => {
    const fetchPage = fetcher();
    const hosts = await connectionsDuring(() => rejectsWith(fetchPage(`${server.origin}/to-private`), 'forbidden_address'));
    await rejectsWith(fetchPage(`${server.origin}/to-private`), 'forbidden_address');
    assert.deepEqual(hosts, ['127.0.0.1']);
  });

  it('refuses redirects to the cloud metadata address, also written as IPv4-mapped IPv6', async () => {
    const fetchPage = fetcher();
    const hosts = await connectionsDuring(async () => {
      const error = await rejectsWith(fetchPage(`${server.origin}/to-metadata`), 'forbidden_address');
      assert.match(error.message, /metadata/);
      await rejectsWith(fetchPage(`${server.origin}/to-mapped-metadata`), 'forbidden_address');
    });
    assert.ok(hosts.every((host) => host === '127.0.0.1'), hosts.join(', '));
  });

  it('refuses a redirect to a host name that resolves to a private address, without connecting', async () => {
    const dns = fakeDns({ 'internal.test': ['10.1.2.3'] });
    const fetchPage = fetcher({ lookup: dns });
    const hosts = await connectionsDuring(() => rejectsWith(fetchPage(`${server.origin}/to-rebinding-name`), 'forbidden_address'));
    await rejectsWith(fetchPage(`${server.origin}/to-rebinding-name`), 'forbidden_address');
    assert.deepEqual(dns.calls, ['internal.test', 'internal.test']);
    assert.deepEqual(hosts, ['127.0.0.1']);
  });

  it('refuses a host name when any of its addresses is forbidden', async () => {
    const dns = fakeDns({ 'mixed.test': ['93.184.216.34', '192.168.0.10'], 'v6.test': ['fd00:ec2::254'], 'linklocal.test': ['fe80::1'] });
    const fetchPage = fetcher({ lookup: dns });
    await rejectsWith(fetchPage('http://mixed.test/'), 'forbidden_address');
    await rejectsWith(fetchPage('http://v6.test/'), 'forbidden_address');
    await rejectsWith(fetchPage('https://linklocal.test/'), 'forbidden_address');
  });

  it('refuses loopback unless allowLoopback is set, and allowLoopback allows nothing else', async () => {
    const strict = fetcher({ allowLoopback: false });
    await rejectsWith(strict(`${server.origin}/feed.xml`), 'forbidden_address');
    await rejectsWith(strict(`http://[::1]:${server.port}/feed.xml`), 'forbidden_address');
    await rejectsWith(strict(`http://localhost:${server.port}/feed.xml`), 'forbidden_address');
    const loose = fetcher({ allowLoopback: true, lookup: fakeDns({}) });
    await rejectsWith(loose('http://10.0.0.1/'), 'forbidden_address');
    await rejectsWith(loose('http://0.0.0.0/'), 'forbidden_address');
    await rejectsWith(loose('http://192.168.1.1/'), 'forbidden_address');
    await rejectsWith(loose('http://[fc00::1]/'), 'forbidden_address');
    await rejectsWith(loose('http://0x7f000001.0x0a/'), 'invalid_url');
  });

  it('connects to the vetted address itself: the name is resolved once and sent as Host', async () => {
    const dns = fakeDns({ 'feeds.test': ['127.0.0.1'] });
    const fetchPage = fetcher({ lookup: dns });
    const hosts = await connectionsDuring(async () => {
      const result = await fetchPage(`http://feeds.test:${server.port}/feed.xml`);
      assert.equal(result.status, 'ok');
      if (result.status === 'ok') assert.equal(result.url, `http://feeds.test:${server.port}/feed.xml`);
    });
    assert.deepEqual(dns.calls, ['feeds.test']);
    assert.deepEqual(hosts, ['127.0.0.1']);
    assert.equal(server.requests.at(-1)?.headers.host, `feeds.test:${server.port}`);
  });

  it('refuses invalid URLs and URLs with credentials', async () => {
    const fetchPage = fetcher();
    for (const url of ['not a url', 'ftp://files.example/feed', 'javascript:alert(1)', 'file:///etc/passwd', `http://user:secret@127.0.0.1:${server.port}/feed.xml`]) {
      await rejectsWith(fetchPage(url), 'invalid_url');
    }
  });

  it('reports a closed port as a network error', async () => {
    const spare = net.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const { port } = spare.address() as net.AddressInfo;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    await rejectsWith(fetcher()(`http://127.0.0.1:${port}/`), 'network');
  });

  it('reports an unknown host name as a network error', async () => {
    await rejectsWith(fetcher({ lookup: fakeDns({}) })('http://nowhere.test/'), 'network');
  });

  it('refuses a huge streamed page quickly, without reading it all', async () => {
    const started = Date.now();
    const error = await rejectsWith(fetcher({ maxBytes: MB })(`${server.origin}/huge`), 'too_large');
    assert.match(error.message, /1 MB/);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    // Give the server a moment to notice the hang-up, then check it stopped well short of 50 MB.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(bytesSentForHuge < 20 * MB, `server sent ${bytesSentForHuge} bytes`);
  });

  it('refuses a page whose Content-Length is over the limit before reading it', async () => {
    const started = Date.now();
    await rejectsWith(fetcher({ maxBytes: MB, timeoutMs: 10_000 })(`${server.origin}/huge-declared`), 'too_large');
    assert.ok(Date.now() - started < 2000);
  });

  it('times out on a page that trickles in, and on one that never answers', async () => {
    let started = Date.now();
    const error = await rejectsWith(fetcher({ timeoutMs: 300 })(`${server.origin}/slow`), 'timeout');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.match(error.message, /0\.3 seconds/);
    started = Date.now();
    await rejectsWith(fetcher({ timeoutMs: 300 })(`${server.origin}/silent`), 'timeout');
    assert.ok(Date.now() - started < 2000);
  });

  it('times out on a DNS lookup that hangs', async () => {
    const hanging: ResolveHost = () => new Promise(() => undefined);
    await rejectsWith(fetcher({ timeoutMs: 200, lookup: hanging })('http://slow-dns.test/'), 'timeout');
  });

  it('decodes gzip, brotli and raw deflate bodies', async () => {
    for (const path of ['/gzip', '/br', '/deflate-raw']) {
      const result = await fetcher()(`${server.origin}${path}`);
      assert.equal(result.status, 'ok', path);
      if (result.status === 'ok') assert.equal(new TextDecoder().decode(result.body), RSS, path);
    }
  });

  it('caps the decompressed size too (gzip bomb) and rejects a damaged compressed body', async () => {
    await rejectsWith(fetcher({ maxBytes: MB })(`${server.origin}/gzip-bomb`), 'too_large');
    await rejectsWith(fetcher()(`${server.origin}/bad-gzip`), 'network');
  });

  it('over https, connects to the vetted address, sends the host name as SNI and verifies the certificate', async () => {
    // A self-signed certificate for feeds.test (test/net/fixtures, made for these tests only): the handshake reaches
    // the server, which sees the SNI, and the fetcher then refuses the untrusted certificate.
    const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
    const context = tls.createSecureContext({ key: fixture('test-tls.key'), cert: fixture('test-tls.crt') });
    const serverNames: string[] = [];
    const sockets = new Set<net.Socket>();
    const tlsServer = tls.createServer({
      SNICallback: (name, done) => {
        serverNames.push(name);
        done(null, context);
      },
      key: fixture('test-tls.key'),
      cert: fixture('test-tls.crt'),
    });
    tlsServer.on('connection', (socket: net.Socket) => sockets.add(socket));
    tlsServer.on('secureConnection', (socket) => socket.end());
    tlsServer.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const { port } = tlsServer.address() as net.AddressInfo;
    try {
      const dns = fakeDns({ 'feeds.test': ['127.0.0.1'] });
      const hosts = await connectionsDuring(async () => {
        const error = await rejectsWith(fetcher({ lookup: dns })(`https://feeds.test:${port}/feed.xml`), 'network');
        assert.match(error.message, /self-signed security certificate/);
      });
      assert.deepEqual(hosts, ['127.0.0.1']);
      assert.deepEqual(serverNames, ['feeds.test']);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    }
  });
});
