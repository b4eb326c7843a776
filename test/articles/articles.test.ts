import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addArticle } from '../../src/articles/add-article.ts';
import type { ArticleDocument } from '../../src/articles/add-article.ts';
import { removeArticle } from '../../src/articles/remove-article.ts';
import { UserFacingError } from '../../src/errors.ts';
import { createSafeFetcher, FetchError } from '../../src/net/safe-fetch.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { analyzed, article, REFERENCE_DATE } from '../helpers/articles.ts';
import { startServer } from '../net/local-server.ts';
import type { LocalServer } from '../net/local-server.ts';
import { tempDirectory } from '../helpers/temp.ts';

const OWNER = { guildId: 'guild-1', userId: 'user-1' };
let store: ArticleStore;
const deps = () => ({ store, clock: () => REFERENCE_DATE, limits: { maxArticleBytes: 1_000 } });

function file(filename: string, content: string | Uint8Array, onRead?: () => void): ArticleDocument {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return {
    kind: 'file',
    filename,
    size: bytes.length,
    read: async () => {
      onRead?.();
      return bytes;
    },
  };
}

const pasted: ArticleDocument = {
  kind: 'pasted',
  title: 'Ostby bridge closes for repairs',
  text: 'The Ostby bridge closed on Monday for six weeks of repairs. “Safety comes first,” said mayor Ida Brun.',
  url: 'https://ostby.example/bridge',
  source: null,
  published: '2026-11-23',
};

describe('addArticle', () => {
  before(() => {
    store = openSqliteStore(join(tempDirectory('newsbot-articles-'), 'a.db'));
  });
  after(() => store.close());

  it('stores pasted text privately to the server, with who added it, and shows what the analysis found', async () => {
    const added = await addArticle(deps(), pasted, OWNER);
    assert.equal(added.status, 'added');
    assert.equal(added.article.guildId, 'guild-1');
    assert.equal(added.article.addedBy, 'user-1');
    assert.equal(added.article.source, 'ostby.example', 'the outlet defaults to the link’s host');
    assert.equal(added.overview.quotes[0]?.speaker, 'Ida Brun');
    assert.equal(added.overview.dates[0]?.date, '2026-11-23');
    assert.equal(await store.getArticle(added.article.id, null), null, 'not shared');
  });

  it('recognises the same article added again', async () => {
    assert.equal((await addArticle(deps(), pasted, { ...OWNER, userId: 'user-2' })).status, 'duplicate');
  });

  const refusals: [string, ArticleDocument, RegExp][] = [
    ['a type that holds no article', file('data.json', '{"text":"x"}'), /only add \.txt/],
    ['a file without extension', file('README', 'text'), /only add .*README/],
    ['a declared size over the limit', file('long.txt', 'x'.repeat(1_001)), /too long/],
    ['an empty file', file('empty.txt', ''), /no article text/],
    ['a binary file', file('zip.txt', new Uint8Array([0x50, 0x4b, 0, 0, 3, 4])), /not text/],
    ['front matter that is not YAML', file('bad.md', '---\ntitle: [unclosed\n---\nBody text.'), /could not read that file/],
    ['pasted text over the limit', { ...pasted, text: 'é'.repeat(600) }, /too long/],
    ['pasted blank text', { ...pasted, text: ' \n ' }, /no article text/],
  ];
  for (const [name, document, message] of refusals) {
    it(`refuses ${name} with a message the sender can act on`, async () => {
      await assert.rejects(addArticle(deps(), document, OWNER), (error: unknown) => error instanceof UserFacingError && message.test(error.message));
    });
  }

  it('never reads a file refused on its declared type or size', async () => {
    let reads = 0;
    await assert.rejects(addArticle(deps(), file('x.pdf', 'pdf', () => (reads += 1)), OWNER), UserFacingError);
    await assert.rejects(addArticle(deps(), file('x.txt', 'y'.repeat(5_000), () => (reads += 1)), OWNER), UserFacingError);
    assert.equal(reads, 0);
  });
});

describe('removeArticle', () => {
  const shared = article({ title: 'Shared story', text: 'A story every server sees, from the operator.' });
  let mine = '';
  before(async () => {
    store = openSqliteStore(join(tempDirectory('newsbot-remove-'), 'r.db'));
    await store.saveArticles(analyzed(shared));
    mine = (await addArticle(deps(), pasted, OWNER)).article.id;
  });
  after(() => store.close());

  const requester = (userId: string, canManageServer = false) => ({ guildId: 'guild-1', userId, canManageServer });

  it('refuses someone else without Manage Server', async () => {
    await assert.rejects(removeArticle(store, mine, requester('user-9')), /Only the person who added that article/);
  });
  it('refuses shared articles, even to managers', async () => {
    await assert.rejects(removeArticle(store, shared.id, requester('user-1', true)), /only the bot’s operator/);
  });
  it('refuses an article of another server as unknown', async () => {
    await assert.rejects(removeArticle(store, mine, { guildId: 'guild-2', userId: 'user-1', canManageServer: true }), /No article with id/);
  });
  it('lets a manager remove it, once', async () => {
    assert.equal((await removeArticle(store, ` ${mine} `, requester('user-9', true))).id, mine);
    await assert.rejects(removeArticle(store, mine, requester('user-1')), /No article with id/);
    assert.equal(await store.countArticles(), 1);
  });
});

/** A news page as a site serves it: navigation around one article, with its metadata. */
const ARTICLE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Vesterby tram line opens | Vesterby Courier</title>
<meta property="og:title" content="Vesterby tram line opens">
<meta property="og:site_name" content="Vesterby Courier">
<meta property="article:published_time" content="2026-11-24T08:00:00Z">
<link rel="canonical" href="https://courier.example/news/tram"></head>
<body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Vesterby tram line opens</h1>
<p>The first trams ran on the new Vesterby line on Tuesday, ten years after the project was approved by the council.</p>
<p>“This changes how the whole east side gets to work,” said transport councillor Nils Aberg at the opening.</p>
<p>The line has eleven stops and trams will run every six minutes at peak times.</p></article>
<footer>© Vesterby Courier</footer></body></html>`;

describe('addArticle from a link', () => {
  let server: LocalServer;
  const fetcher = (maxBytes = 100_000) =>
    createSafeFetcher({ userAgent: 'newsbot-test', timeoutMs: 5_000, maxBytes, maxRedirects: 3, allowLoopback: true }).fetchPage;
  const link = (path: string, fetchPage = fetcher()): ArticleDocument => ({ kind: 'link', url: `${server.origin}${path}`, fetchPage });
  const linkDeps = () => ({ store, clock: () => REFERENCE_DATE, limits: { maxArticleBytes: 10_000 } });

  before(async () => {
    store = openSqliteStore(join(tempDirectory('newsbot-link-'), 'l.db'));
    server = await startServer();
    const html = (body: string | Buffer, type = 'text/html; charset=utf-8') => (_req: unknown, res: ServerResponse) =>
      res.writeHead(200, { 'Content-Type': type }).end(body);
    server.route('/news/tram', html(ARTICLE_PAGE));
    server.route('/gallery', html('<html><head><title>Photos</title></head><body><nav><a href="/">Home</a></nav><img src="a.jpg"></body></html>'));
    server.route('/moved', (_req, res) => res.writeHead(302, { Location: 'http://10.0.0.1/news' }).end());
    server.route('/huge', html(`<html><body><article>${'<p>Words of a very long page. </p>'.repeat(10_000)}</article></body></html>`));
    server.route('/long-text', html(`<html><body><article>${'<p>The council met again today to discuss the budget at length. </p>'.repeat(400)}</article></body></html>`));
    server.route('/latin1', html(Buffer.from(ARTICLE_PAGE.replace('<meta charset="utf-8">', '').replace('“This', 'Café “This').replace(/[“”]/g, '"'), 'latin1'), 'text/html; charset=iso-8859-1'));
    server.route('/image.png', html('\x89PNG', 'image/png'));
  });
  after(async () => {
    await server.close();
    await store.close();
  });

  it('fetches the page, reads its article and metadata, and stores it like any other', async () => {
    const added = await addArticle(linkDeps(), link('/news/tram'), OWNER);
    assert.equal(added.status, 'added');
    assert.equal(added.article.title, 'Vesterby tram line opens');
    assert.equal(added.article.url, 'https://courier.example/news/tram', 'the canonical address the page names');
    assert.equal(added.article.publishedAt.slice(0, 10), '2026-11-24');
    assert.equal(added.article.guildId, 'guild-1');
    assert.equal(added.overview.quotes[0]?.speaker, 'Nils Aberg');
    const text = (await store.getArticle(added.article.id, 'guild-1'))?.text ?? '';
    assert.doesNotMatch(text, /Home|Sport|©/, 'navigation and footer left out');
    assert.equal((await addArticle(linkDeps(), link('/news/tram'), OWNER)).status, 'duplicate');
  });

  it('decodes the charset the page is served in', async () => {
    const added = await addArticle(linkDeps(), link('/latin1'), { ...OWNER, guildId: 'guild-latin' });
    assert.match((await store.getArticle(added.article.id, 'guild-latin'))?.text ?? '', /Café "This changes/);
  });

  const refusals: [string, string, RegExp, (() => ReturnType<typeof fetcher>)?][] = [
    ['a page without article text', '/gallery', /no article text/],
    ['a page that does not exist', '/missing', /no such page \(HTTP 404\)/],
    ['a redirect to a private address', '/moved', /10\.0\.0\.1 points to a private network/],
    ['a page larger than the fetcher reads', '/huge', /larger than 97\.7 KB|larger than 98 KB/],
    ['an article longer than the limit', '/long-text', /too long/],
    ['something that is not a web page', '/image.png', /not a web page .*image\/png/],
  ];
  for (const [name, path, message] of refusals) {
    it(`refuses ${name} with a message the sender can act on`, async () => {
      const count = await store.countArticles();
      await assert.rejects(addArticle(linkDeps(), link(path), OWNER), (error: unknown) => error instanceof UserFacingError && message.test(error.message));
      assert.equal(await store.countArticles(), count);
    });
  }

  it('refuses addresses that are not http(s) before any request', async () => {
    const requests = server.requests.length;
    await assert.rejects(addArticle(linkDeps(), { kind: 'link', url: 'file:///etc/passwd', fetchPage: fetcher() }, OWNER), FetchError);
    await assert.rejects(addArticle(linkDeps(), { kind: 'link', url: 'not a link', fetchPage: fetcher() }, OWNER), /not a valid web address/);
    assert.equal(server.requests.length, requests);
  });
});
