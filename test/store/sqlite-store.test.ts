import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { NewArticle } from '../../src/domain/article.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { analyzed, article } from '../helpers/articles.ts';
import { tempDirectory } from '../helpers/temp.ts';

const directory = tempDirectory();
let databases = 0;
function freshPath(): string {
  databases += 1;
  return join(directory, `store-${databases}.db`);
}

const strike = article({
  title: 'Rail workers announce strike over pay',
  text: 'Rail workers will strike next week.\n\n“We have no choice,” the union leader said.',
  url: 'https://herald.example/strike?utm_source=rss',
  source: 'Herald',
  published: '2026-11-20T07:30:00+01:00',
});
const flood = article({
  title: 'River bursts its banks',
  text: 'The river flooded 300 homes. Crews rescued 42 people by boat.',
  published: '2026-11-18',
});

describe('SqliteArticleStore', () => {
  it('stores an article whole and reads it back with its segments', async () => {
    const store = openSqliteStore(freshPath());
    assert.deepEqual(await store.saveArticles(analyzed(strike)), [{ status: 'added', id: strike.id }]);
    const stored = await store.getArticle(strike.id, null);
    assert.deepEqual(stored, strike);
    await store.close();
  });

  it('counts a duplicate by canonical URL or by text instead of storing it twice', async () => {
    const store = openSqliteStore(freshPath());
    const sameUrl = article({ ...strike, title: 'Other title', text: 'Completely different words.', url: 'http://www.herald.example/strike/#top' });
    const sameText = article({ title: 'Copy', text: strike.text.toUpperCase().replace(/“|”/g, '"'), url: 'https://mirror.example/copy' });
    const outcomes = await store.saveArticles(analyzed(strike, sameUrl, sameText, flood));
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ['added', 'duplicate', 'duplicate', 'added'],
    );
    assert.equal(outcomes[1]?.id, strike.id, 'a duplicate names the stored article');
    assert.equal(await store.countArticles(), 2);
    await store.close();
  });

  it("keeps a server's articles from every other server", async () => {
    const store = openSqliteStore(freshPath());
    const privateNote = article({ title: 'Club meeting moved', text: 'The chess club meeting moved to Friday.' }, 'guild-a');
    await store.saveArticles(analyzed(privateNote, flood));
    assert.ok(await store.getArticle(privateNote.id, 'guild-a'));
    assert.equal(await store.getArticle(privateNote.id, 'guild-b'), null);
    assert.equal(await store.getArticle(privateNote.id, null), null);
    assert.ok(await store.getArticle(flood.id, 'guild-b'), 'shared articles are seen everywhere');
    assert.equal((await store.searchArticles('chess club', { limit: 10, guildId: 'guild-b' })).length, 0);
    assert.equal((await store.searchArticles('chess club', { limit: 10, guildId: 'guild-a' })).length, 1);
    await store.close();
  });

  it('lets the same text live privately in two servers', async () => {
    const store = openSqliteStore(freshPath());
    const text = { title: 'Bake sale', text: 'The bake sale raised 200 crowns.' };
    const outcomes = await store.saveArticles(analyzed(article(text, 'guild-a'), article(text, 'guild-b'), article(text, 'guild-a')));
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ['added', 'added', 'duplicate'],
    );
    await store.close();
  });

  it('survives reopening: migrations run once and data stays', async () => {
    const path = freshPath();
    const first = openSqliteStore(path);
    await first.saveArticles(analyzed(strike));
    await first.close();
    const second = openSqliteStore(path);
    assert.equal(await second.countArticles(), 1);
    await second.close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all(), [{ version: 1 }, { version: 2 }]);
    db.close();
  });

  it('rolls a failing batch back whole, leaving no half article', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    const broken: NewArticle = {
      ...flood,
      segmentation: { ...flood.segmentation, paragraphs: [{ index: 0, start: 0, end: 5, kind: 'table' as 'heading' }] },
    };
    await assert.rejects(store.saveArticles(analyzed(strike, broken)));
    assert.equal(await store.countArticles(), 0);
    await store.close();
    const db = new Database(path, { readonly: true });
    for (const table of ['paragraphs', 'sentences', 'articles_fts']) {
      assert.equal((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n, 0, table);
    }
    db.close();
  });
});

describe('searchArticles', () => {
  const older = article({ title: 'Ferry fares rise', text: 'Ferry operators raised fares again.', published: '2026-01-01' });
  const newer = article({ title: 'Ferry fares rise', text: 'Ferry operators raised fares again!', published: '2026-06-01' });
  const bodyOnly = article({ title: 'Weekend round-up', text: 'Among other things, the lighthouse reopened to visitors.' });
  const titleMatch = article({ title: 'Lighthouse reopens', text: 'The old tower welcomed visitors again on Saturday.' });

  async function searchable() {
    const store = openSqliteStore(freshPath());
    await store.saveArticles(analyzed(strike, flood, older, newer, bodyOnly, titleMatch));
    return store;
  }

  it('weights the title above the body and finds words only in the body', async () => {
    const store = await searchable();
    const hits = await store.searchArticles('lighthouse', { limit: 10, guildId: null });
    assert.deepEqual(
      hits.map((hit) => hit.article.id),
      [titleMatch.id, bodyOnly.id],
    );
    assert.match(hits[1]?.snippet ?? '', /lighthouse/);
    await store.close();
  });

  it('puts the newest first among equals', async () => {
    const store = await searchable();
    const hits = await store.searchArticles('ferry fares', { limit: 10, guildId: null });
    assert.deepEqual(
      hits.map((hit) => hit.article.id),
      [newer.id, older.id],
    );
    await store.close();
  });

  it('stems words', async () => {
    const store = await searchable();
    assert.equal((await store.searchArticles('striking workers', { limit: 10, guildId: null }))[0]?.article.id, strike.id);
    await store.close();
  });

  it('falls back to any word when no article has them all', async () => {
    const store = await searchable();
    const hits = await store.searchArticles('lighthouse volcano', { limit: 10, guildId: null });
    assert.equal(hits.length, 2);
    await store.close();
  });

  it('pages with limit and offset', async () => {
    const store = await searchable();
    const first = await store.searchArticles('ferry', { limit: 1, guildId: null });
    const second = await store.searchArticles('ferry', { limit: 1, offset: 1, guildId: null });
    assert.deepEqual([first[0]?.article.id, second[0]?.article.id], [newer.id, older.id]);
    await store.close();
  });

  const hostileQueries = [
    '"unbalanced quote',
    'rail AND',
    'NOT strike',
    '-strike',
    'strike*',
    'title:strike',
    'NEAR(rail strike)',
    '(((',
    '^rail',
    "rail' OR 1=1; DROP TABLE articles; --",
    'strike '.repeat(715),
  ];
  for (const query of hostileQueries) {
    it(`searches ${JSON.stringify(query.slice(0, 40))} as plain words`, async () => {
      const store = await searchable();
      const hits = await store.searchArticles(query, { limit: 10, guildId: null });
      if (/strike/i.test(query)) assert.ok(hits.some((hit) => hit.article.id === strike.id));
      assert.equal(await store.countArticles(), 6);
      await store.close();
    });
  }

  for (const nothing of ['', '   ', '!!!', '*', '""', '-- --']) {
    it(`returns nothing for ${JSON.stringify(nothing)}`, async () => {
      const store = await searchable();
      assert.deepEqual(await store.searchArticles(nothing, { limit: 10, guildId: null }), []);
      await store.close();
    });
  }
});

describe('stored analysis', () => {
  const report = article({
    title: 'Ferry service resumes',
    text:
      'Ferry service to Gull Island resumed on Monday after storm repairs.\n\n' +
      '“We are glad to have our link to the mainland back,” said Mayor Tomas Berg. The operator said crossings would run hourly.',
    published: '2026-03-04T08:00:00Z',
  });

  it('reads back exactly what the pipeline found', async () => {
    const store = openSqliteStore(freshPath());
    const [item] = analyzed(report);
    assert.ok(item);
    await store.saveArticles([item]);
    const stored = await store.getAnalysis(report.id, null);
    assert.ok(stored);
    assert.equal(stored.analysisVersion, item.analysisVersion);
    assert.deepEqual(stored.quotes, item.analysis.quotes);
    assert.deepEqual(stored.dates, item.analysis.dates);
    assert.deepEqual(stored.summaryRanking, item.analysis.summaryRanking);
    assert.deepEqual(
      stored.entities,
      item.analysis.entities.map(({ name, type, mentions }) => ({ name, type, mentions })),
    );
    assert.equal(stored.quotes[0]?.speaker, 'Tomas Berg');
    assert.equal(stored.dates[0]?.date, '2026-03-02');
    await store.close();
  });

  it('lists stale articles and replaces their analysis whole', async () => {
    const store = openSqliteStore(freshPath());
    const [item] = analyzed(report);
    assert.ok(item);
    await store.saveArticles([{ ...item, analysisVersion: 0 }]);
    assert.deepEqual(await store.listStaleArticles(1, 10), [{ id: report.id, guildId: null }]);
    await store.replaceAnalysis(report.id, { ...item.analysis, quotes: [] }, 1);
    assert.deepEqual(await store.listStaleArticles(1, 10), []);
    assert.deepEqual((await store.getAnalysis(report.id, null))?.quotes, []);
    await store.close();
  });
});
