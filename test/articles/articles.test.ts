import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addArticle } from '../../src/articles/add-article.ts';
import type { ArticleDocument } from '../../src/articles/add-article.ts';
import { removeArticle } from '../../src/articles/remove-article.ts';
import { UserFacingError } from '../../src/errors.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { analyzed, article, REFERENCE_DATE } from '../helpers/articles.ts';
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
