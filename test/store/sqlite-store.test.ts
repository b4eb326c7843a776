import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { NewArticle } from '../../src/domain/article.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { MIN_VISIBLE_IN_WINDOW, openSqliteStore, RANK_WINDOW } from '../../src/store/sqlite/sqlite-store.ts';
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
    assert.deepEqual(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all(), MIGRATIONS.map(({ version }) => ({ version })));
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

describe('searchArticles at scale: a common word ranked among its newest matches', () => {
  /** Articles that mention the harbour once, in the body: more of them than the ranking window holds. */
  function fillers(count: number, guildId: string | null, from: number): NewArticle[] {
    return Array.from({ length: count }, (_, i) =>
      article(
        {
          title: `Council notes ${from + i}`,
          text: `Item ${from + i}: the committee discussed the harbour budget and road repairs.`,
          published: '2026-05-01',
        },
        guildId,
      ),
    );
  }
  const oldBest = article({
    title: 'Harbour harbour harbour',
    text: 'The harbour master spoke about the harbour.',
    published: '2026-06-01',
  });
  const recentBest = article({ title: 'Harbour reopens', text: 'The harbour reopened to boats on Monday.', published: '2026-05-02' });
  const privateBest = article({ title: 'Harbour harbour harbour strike', text: 'Harbour staff strike at the harbour.' }, 'guild-a');
  let store: ArticleStore;

  before(async () => {
    store = openSqliteStore(freshPath());
    // Storage order is what the window follows: the best title match first (so oldest), the private one last.
    await store.saveArticles(analyzed(oldBest, ...fillers(RANK_WINDOW + 50, null, 0), recentBest, privateBest));
  });
  after(() => store.close());

  async function everyHit(query: string, guildId: string | null, pageSize: number): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += pageSize) {
      const page = await store.searchArticles(query, { limit: pageSize, offset, guildId });
      ids.push(...page.map((hit) => hit.article.id));
      if (page.length < pageSize) return ids;
    }
  }

  it('puts the best title match among recent articles first, and lists at most the window', async () => {
    const hits = await store.searchArticles('harbour', { limit: 10, guildId: null });
    assert.equal(hits[0]?.article.id, recentBest.id);
    const all = await everyHit('harbour', null, 250);
    assert.ok(all.length <= RANK_WINDOW, `${all.length} results`);
    assert.equal(all.includes(oldBest.id), false, 'older than the newest matches: the documented trade-off');
  });

  it('still ranks every match when a query has fewer matches than the window', async () => {
    const hits = await store.searchArticles('harbour master', { limit: 10, guildId: null });
    assert.deepEqual(
      hits.map((hit) => hit.article.id),
      [oldBest.id],
    );
  });

  it("never shows another guild's private article, even when it would rank first", async () => {
    for (const viewer of [null, 'guild-b']) {
      assert.equal((await everyHit('harbour', viewer, 100)).includes(privateBest.id), false, `viewer ${viewer}`);
      // Only the private article has both words: for others the query falls back to any word, without it.
      const hits = await store.searchArticles('harbour strike', { limit: 10, guildId: viewer });
      assert.equal(hits.length, 10);
      assert.equal(hits.some((hit) => hit.article.id === privateBest.id), false, `viewer ${viewer}`);
    }
    assert.equal((await store.searchArticles('harbour', { limit: 1, guildId: 'guild-a' }))[0]?.article.id, privateBest.id);
  });

  it('pages through a common word without overlap or gap', async () => {
    const whole = (await store.searchArticles('harbour', { limit: 70, guildId: null })).map((hit) => hit.article.id);
    assert.equal(whole.length, 70);
    assert.equal(new Set(whole).size, 70);
    assert.deepEqual(await everyHit('harbour', null, 7).then((ids) => ids.slice(0, 70)), whole);
    const viewerA = (await store.searchArticles('harbour', { limit: 30, guildId: 'guild-a' })).map((hit) => hit.article.id);
    const pagesA = [];
    for (let offset = 0; offset < 30; offset += 4) {
      pagesA.push(...(await store.searchArticles('harbour', { limit: 4, offset, guildId: 'guild-a' })).map((hit) => hit.article.id));
    }
    assert.deepEqual(pagesA.slice(0, 30), viewerA);
  });
});

describe('searchArticles when other guilds crowd the newest matches', () => {
  it('ranks every match, so that older shared articles are still found', async () => {
    const store = openSqliteStore(freshPath());
    const shared = Array.from({ length: MIN_VISIBLE_IN_WINDOW - 1 }, (_, i) =>
      article({ title: `Ferry timetable ${i}`, text: `Ferry timetable number ${i} for the island route.` }),
    );
    const crowd = Array.from({ length: RANK_WINDOW }, (_, i) =>
      article({ title: `Ferry club ${i}`, text: `Our ferry club meets on pier ${i}.` }, 'guild-a'),
    );
    await store.saveArticles(analyzed(...shared, ...crowd));
    for (const viewer of [null, 'guild-b']) {
      const hits = await store.searchArticles('ferry', { limit: 100, guildId: viewer });
      assert.deepEqual(new Set(hits.map((hit) => hit.article.id)), new Set(shared.map((a) => a.id)), `viewer ${viewer}`);
    }
    const own = await store.searchArticles('ferry', { limit: 100, guildId: 'guild-a' });
    assert.equal(own.length, 100);
    await store.close();
  });
});

describe('searchArticles ordering of equal scores', () => {
  // Same title, same lengths, one differing word: every article scores exactly the same for "tide".
  const march1 = article({ title: 'Tide tables', text: 'Tide tables for the north coast.', published: '2026-03-01' });
  const march2 = article({ title: 'Tide tables', text: 'Tide tables for the south coast.', published: '2026-03-02' });
  const march2Later = article({ title: 'Tide tables', text: 'Tide tables for the east coast.', published: '2026-03-02' });
  const february = article({ title: 'Tide tables', text: 'Tide tables for the west coast.', published: '2026-02-01' });

  it('puts the newest published first, then the most recently stored, the same on every page', async () => {
    const store = openSqliteStore(freshPath());
    await store.saveArticles(analyzed(march1, march2, march2Later, february));
    const expected = [march2Later.id, march2.id, march1.id, february.id];
    const whole = await store.searchArticles('tide', { limit: 10, guildId: null });
    assert.deepEqual(
      whole.map((hit) => hit.article.id),
      expected,
    );
    const pages = [];
    for (let offset = 0; offset < 5; offset += 1) pages.push(...(await store.searchArticles('tide', { limit: 1, offset, guildId: null })));
    assert.deepEqual(
      pages.map((hit) => hit.article.id),
      expected,
    );
    assert.deepEqual(await store.searchArticles('tide', { limit: 0, guildId: null }), []);
    await store.close();
  });
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

describe("a guild's own articles: listing and deleting", () => {
  const mine = article({ title: 'Kelm bakery wins a prize', text: 'The Kelm bakery won the regional bread prize on Friday.' }, 'guild-a');
  const theirs = article({ title: 'Dovrik harbour reopens', text: 'Dovrik harbour reopened to ferries on Monday.' }, 'guild-b');

  it('lists the newest first, own only or with the shared ones', async () => {
    const store = openSqliteStore(freshPath());
    await store.saveArticles(analyzed(strike, mine, theirs));
    const own = await store.listRecentArticles({ guildId: 'guild-a', ownOnly: true, limit: 10 });
    assert.deepEqual(own.map((a) => a.id), [mine.id]);
    const visible = await store.listRecentArticles({ guildId: 'guild-a', ownOnly: false, limit: 10 });
    assert.deepEqual(visible.map((a) => a.id), [mine.id, strike.id]);
    assert.deepEqual(await store.listRecentArticles({ guildId: null, ownOnly: true, limit: 10 }), []);
    assert.deepEqual((await store.listRecentArticles({ guildId: null, ownOnly: false, limit: 10 })).map((a) => a.id), [strike.id]);
    await store.close();
  });

  it('deletes an article with its segments, analysis and index entry', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.saveArticles(analyzed({ ...mine, addedBy: 'user-1' }, theirs));
    assert.equal((await store.getArticle(mine.id, 'guild-a'))?.addedBy, 'user-1');
    assert.equal(await store.deleteGuildArticle(mine.id, 'guild-a'), true);
    assert.equal(await store.getArticle(mine.id, 'guild-a'), null);
    assert.deepEqual(await store.searchArticles('bakery', { limit: 5, guildId: 'guild-a' }), []);
    assert.equal(await store.deleteGuildArticle(mine.id, 'guild-a'), false, 'gone already');
    await store.close();

    const db = new Database(path, { readonly: true });
    for (const table of ['paragraphs', 'sentences', 'entities', 'quotes', 'date_mentions', 'summary_ranks']) {
      const left = db.prepare(`SELECT COUNT(*) AS n FROM ${table} t JOIN articles a ON a.seq = t.article_seq WHERE a.id = ?`).get(mine.id) as { n: number };
      assert.equal(left.n, 0, table);
    }
    const orphans = db.prepare(`SELECT COUNT(*) AS n FROM sentences WHERE article_seq NOT IN (SELECT seq FROM articles)`).get() as { n: number };
    assert.equal(orphans.n, 0);
    // The external-content index matches the table exactly once the row is gone.
    db.close();
    const check = new Database(path);
    check.prepare(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)`).run();
    check.close();
  });

  it("never deletes a shared article or another guild's article", async () => {
    const store = openSqliteStore(freshPath());
    await store.saveArticles(analyzed(strike, theirs));
    assert.equal(await store.deleteGuildArticle(strike.id, 'guild-a'), false);
    assert.equal(await store.deleteGuildArticle(theirs.id, 'guild-a'), false);
    assert.equal(await store.countArticles(), 2);
    await store.close();
  });
});
