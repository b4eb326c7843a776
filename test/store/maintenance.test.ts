import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { NewArticle } from '../../src/domain/article.ts';
import { UserFacingError } from '../../src/errors.ts';
import { initialPollState } from '../../src/feeds/poll-policy.ts';
import { pruneOldArticles, prunePlan } from '../../src/retention/prune.ts';
import type { AnalyzedArticle, ArticleStore } from '../../src/store/article-store.ts';
import { MAINTENANCE_BATCH } from '../../src/store/sqlite/maintenance.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { analyzed, article } from '../helpers/articles.ts';
import { tempDirectory } from '../helpers/temp.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const DAY = 86_400_000;
const EMPTY_ANALYSIS = { entities: [], quotes: [], dates: [], summaryRanking: [], skipped: [] };

/** An article published on `date`, with words of its own so that every text is distinct. */
function dated(name: string, date: string, guildId: string | null = null): NewArticle {
  return article(
    { title: `${name} report`, text: `The ${name} story was reported on ${date}. Officials in ${name} said more would follow.`, published: `${date}T09:00:00Z` },
    guildId,
  );
}

/** Stores the articles and puts them in one new event (the first article's), in order. */
async function eventOf(store: ArticleStore, articles: readonly NewArticle[], light = false): Promise<string> {
  const items: AnalyzedArticle[] = light ? articles.map((a) => ({ article: a, analysis: EMPTY_ANALYSIS, analysisVersion: 1 })) : analyzed(...articles);
  await store.saveArticles(items);
  const [first, ...rest] = articles;
  assert.ok(first);
  const id = await store.events.applyGrouping({
    articleId: first.id,
    terms: ['story'],
    event: { kind: 'new', title: first.title, titleScore: 1, profile: '{}', keys: [`key-${first.id}`] },
    mergeIds: [],
  });
  await store.inTransaction(async () => {
    for (const next of rest) await store.events.applyGrouping({ articleId: next.id, terms: ['story'], event: { kind: 'join', id, profile: '{}', keys: [`key-${next.id}`] }, mergeIds: [] });
  });
  return id;
}

/** Every consistency check: the full-text index against its content table, and no row left without its article or event. */
function assertConsistent(path: string): void {
  const db = new Database(path, { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    assert.equal(count('SELECT COUNT(*) AS n FROM articles_fts_docsize'), count('SELECT COUNT(*) AS n FROM articles'), 'one FTS row per article');
    for (const table of ['paragraphs', 'sentences', 'entities', 'quotes', 'date_mentions', 'summary_ranks', 'analysis_skips']) {
      assert.equal(count(`SELECT COUNT(*) AS n FROM ${table} WHERE article_seq NOT IN (SELECT seq FROM articles)`), 0, `orphan ${table}`);
    }
    for (const table of ['event_keys', 'event_aliases', 'event_posts']) {
      assert.equal(count(`SELECT COUNT(*) AS n FROM ${table} WHERE event_seq NOT IN (SELECT seq FROM events)`), 0, `orphan ${table}`);
    }
    assert.equal(count('SELECT COUNT(*) AS n FROM articles WHERE event_seq IS NOT NULL AND event_seq NOT IN (SELECT seq FROM events)'), 0);
    assert.equal(count('SELECT COUNT(*) AS n FROM events e WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.event_seq = e.seq)'), 0, 'no empty event');
    assert.equal(
      count(`SELECT COUNT(*) AS n FROM events e WHERE article_count != (SELECT COUNT(*) FROM articles a WHERE a.event_seq = e.seq)
             OR last_published_ts != (SELECT MAX(published_ts) FROM articles a WHERE a.event_seq = e.seq)
             OR first_published_ts != (SELECT MIN(published_ts) FROM articles a WHERE a.event_seq = e.seq)`),
      0,
      'events restated',
    );
  } finally {
    db.close();
  }
  // The FTS5 checks write nothing but need a writable handle.
  const writable = new Database(path);
  try {
    writable.exec(`INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')`);
    writable.exec(`INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)`);
  } finally {
    writable.close();
  }
}

describe('pruneOldArticles', () => {
  it('deletes old articles with everything derived from them, keeps current events whole, restates the others', async () => {
    const path = join(tempDirectory('newsbot-prune-'), 'p.db');
    const store = openSqliteStore(path);
    try {
      const lone = dated('Arvik', '2026-01-10');
      const longStart = dated('Brennholt', '2026-02-01');
      const longNow = dated('Brennholt-later', '2026-11-25');
      const fadingOld = dated('Corvay', '2026-03-01');
      const fadingRecent = dated('Corvay-later', '2026-10-01');
      const ungrouped = dated('Dunmere', '2026-04-01');
      const guildOld = dated('Eskby', '2026-05-01', 'guild-1');
      const newest = dated('Fjellvik', '2026-11-26');
      const loneEvent = await eventOf(store, [lone]);
      const longEvent = await eventOf(store, [longStart, longNow]);
      const fadingEvent = await eventOf(store, [fadingOld, fadingRecent]);
      await store.saveArticles(analyzed(ungrouped));
      const guildEvent = await eventOf(store, [guildOld]);
      await eventOf(store, [newest]);
      await store.feeds.saveEventPost({ channelId: 'channel-1', eventId: guildEvent, messageId: 'm-1', outletCount: 1, postedAt: 1, updatedAt: 1, guildId: 'guild-1' });

      const plan = await prunePlan(store, { now: NOW, retentionDays: 90 });
      assert.equal(plan.publishedBefore.toISOString(), '2026-08-29T12:00:00.000Z');
      assert.equal(plan.keepEventsActiveSince.toISOString(), '2026-11-19T09:00:00.000Z', '7 days before the newest article');

      assert.deepEqual(await pruneOldArticles(store, { now: NOW, retentionDays: 90 }), { articles: 4, events: 2 });
      const left = async (a: NewArticle) => (await store.getArticle(a.id, a.guildId)) !== null;
      assert.deepEqual(
        await Promise.all([lone, longStart, longNow, fadingOld, fadingRecent, ungrouped, guildOld, newest].map(left)),
        [false, true, true, false, true, false, false, true],
      );
      assert.equal(await store.events.getEvent(loneEvent, null), null);
      assert.equal(await store.events.getEvent(guildEvent, 'guild-1'), null);
      assert.equal(await store.feeds.getEventPost('channel-1', guildEvent), null, 'its post went with it');
      assert.equal((await store.events.getEvent(longEvent, null))?.articleCount, 2, 'a current event keeps its first report');
      const fading = await store.events.getEvent(fadingEvent, null);
      assert.equal(fading?.articleCount, 1);
      assert.equal(fading?.firstSeen, '2026-10-01T09:00:00.000Z', 'restated from what is left');
      assert.deepEqual(await store.searchArticles('Arvik', { limit: 5, guildId: null }), []);
      assert.equal((await store.searchArticles('Brennholt', { limit: 5, guildId: null })).length, 2);

      assert.deepEqual(await pruneOldArticles(store, { now: NOW, retentionDays: 90 }), { articles: 0, events: 0 }, 'nothing twice');
    } finally {
      await store.close();
    }
    assertConsistent(path);
  });

  it('works in batches: an event spread over several batches is deleted once, kept events are passed over', async () => {
    const path = join(tempDirectory('newsbot-prune-batches-'), 'b.db');
    const store = openSqliteStore(path);
    const count = MAINTENANCE_BATCH + 300;
    try {
      const start = Date.parse('2025-01-01T00:00:00Z');
      const day = (i: number) => new Date(start + i * 3_600_000).toISOString().slice(0, 19);
      const old = Array.from({ length: count }, (_, i) => article({ title: `Old ${i}`, text: `Old item number ${i} of the archive.`, published: `${day(i)}Z` }));
      // Interleaved with the doomed ones: a kept event with old articles, current thanks to its last one.
      const kept = Array.from({ length: 600 }, (_, i) => article({ title: `Kept ${i}`, text: `Kept item number ${i} of the saga.`, published: `${day(i)}Z` }));
      const doomedEvent = await eventOf(store, old, true);
      const keptEvent = await eventOf(store, [...kept, dated('Saga-finale', '2026-11-26')], true);
      assert.deepEqual(await pruneOldArticles(store, { now: NOW, retentionDays: 30 }), { articles: count, events: 1 });
      assert.equal(await store.events.getEvent(doomedEvent, null), null);
      assert.equal((await store.events.getEvent(keptEvent, null))?.articleCount, 601);
      assert.equal(await store.countArticles(), 601);
    } finally {
      await store.close();
    }
    assertConsistent(path);
  });

  it('measures "current" from the newest article, capped at now, and refuses a retention of 0 days', async () => {
    const store = openSqliteStore(join(tempDirectory('newsbot-prune-plan-'), 'c.db'));
    try {
      assert.equal((await prunePlan(store, { now: NOW, retentionDays: 90 })).keepEventsActiveSince.getTime(), NOW.getTime() - 7 * DAY, 'empty store');
      await store.saveArticles(analyzed(dated('Future', '2030-01-01')));
      assert.equal((await prunePlan(store, { now: NOW, retentionDays: 90 })).keepEventsActiveSince.getTime(), NOW.getTime() - 7 * DAY, 'a misdated article');
      await assert.rejects(pruneOldArticles(store, { now: NOW, retentionDays: 0 }), RangeError);
    } finally {
      await store.close();
    }
  });
});

describe('deleteGuildData', () => {
  it("removes one server's articles, events, feeds, digests, posts and term statistics, and nothing of anyone else's", async () => {
    const path = join(tempDirectory('newsbot-guild-'), 'g.db');
    const store = openSqliteStore(path);
    try {
      const shared = dated('Gravholm', '2026-11-20');
      const mine = [dated('Hallby', '2026-11-21', 'guild-1'), dated('Hallby-more', '2026-11-22', 'guild-1'), dated('Isdal', '2026-11-22', 'guild-1')];
      const theirs = dated('Jorvik', '2026-11-23', 'guild-2');
      const sharedEvent = await eventOf(store, [shared]);
      const myEvent = await eventOf(store, mine.slice(0, 2));
      await eventOf(store, mine.slice(2));
      const theirEvent = await eventOf(store, [theirs]);
      const post = (channelId: string, eventId: string, guildId: string) =>
        store.feeds.saveEventPost({ channelId, eventId, messageId: `m-${channelId}`, outletCount: 1, postedAt: 1, updatedAt: 1, guildId });
      await post('c-1', sharedEvent, 'guild-1');
      await post('c-1b', myEvent, 'guild-1');
      await post('c-2', sharedEvent, 'guild-2');
      await post('c-2b', theirEvent, 'guild-2');
      const feed = (guildId: string | null, channelId: string | null) =>
        store.feeds.addFeed({ guildId, channelId, url: `https://news.example/${guildId ?? 'shared'}.xml`, title: null, filter: null, addedBy: null, addedAt: NOW.toISOString(), poll: initialPollState(NOW.getTime()) });
      const myFeed = await feed('guild-1', 'c-1');
      const theirFeed = await feed('guild-2', 'c-2');
      const sharedFeed = await feed(null, null);
      assert.ok(myFeed && theirFeed && sharedFeed);
      await store.feeds.markItemsSeen(myFeed.id, 'guild-1', ['item-a', 'item-b'], 1);
      await store.feeds.markItemsSeen(theirFeed.id, 'guild-2', ['item-a'], 1);
      const digest = (guildId: string, channelId: string) =>
        store.digests.saveSubscription(
          { guildId, channelId, minutes: 480, timeZone: 'UTC', topics: null, size: 5, pingRoleId: null, whenEmpty: 'line', chart: false, createdBy: 'u' },
          NOW.getTime(),
        );
      const myDigest = (await digest('guild-1', 'c-1')).subscription;
      await digest('guild-2', 'c-2');
      await store.digests.recordMissed(myDigest.id, '2026-11-26', 1, 'offline', 1);

      assert.deepEqual(await store.deleteGuildData('guild-1'), { articles: 3, events: 2, feeds: 1, digests: 1 });

      for (const a of mine) assert.equal(await store.getArticle(a.id, 'guild-1'), null);
      assert.ok(await store.getArticle(shared.id, null));
      assert.ok(await store.getArticle(theirs.id, 'guild-2'));
      assert.equal(await store.events.getEvent(myEvent, 'guild-1'), null);
      assert.ok(await store.events.getEvent(sharedEvent, null));
      assert.ok(await store.events.getEvent(theirEvent, 'guild-2'));
      assert.deepEqual(await store.feeds.listFeeds('guild-1'), []);
      assert.equal((await store.feeds.listFeeds('guild-2')).length, 1);
      assert.equal((await store.feeds.listFeeds(null)).length, 1);
      assert.equal(await store.feeds.getEventPost('c-1', sharedEvent), null, "a shared event's post in the server's channel");
      assert.ok(await store.feeds.getEventPost('c-2', sharedEvent));
      assert.ok(await store.feeds.getEventPost('c-2b', theirEvent));
      assert.deepEqual([...(await store.feeds.seenItemKeys('guild-1', ['item-a', 'item-b']))], []);
      assert.deepEqual([...(await store.feeds.seenItemKeys('guild-2', ['item-a']))], ['item-a']);
      assert.equal((await store.events.termStatistics('guild-2')).documents, 1);
      assert.equal((await store.events.termStatistics(null)).documents, 1);
      assert.deepEqual(await store.searchArticles('Hallby', { limit: 5, guildId: 'guild-1' }), []);
      assert.deepEqual(await store.digests.listSubscriptions('guild-1'), []);
      assert.equal((await store.digests.listSubscriptions('guild-2')).length, 1);
      assert.deepEqual(await store.digests.deliveriesSince('2026-01-01'), [], 'the ledger went with its subscription');

      assert.deepEqual(await store.deleteGuildData('guild-1'), { articles: 0, events: 0, feeds: 0, digests: 0 }, 'idempotent');
      await assert.rejects(store.deleteGuildData(' '), /needs a guild id/, 'never the shared scope');
    } finally {
      await store.close();
    }
    assertConsistent(path);
    const db = new Database(path, { readonly: true });
    try {
      assert.equal((db.prepare(`SELECT COUNT(*) AS n FROM event_term_stats WHERE scope = 'guild-1'`).get() as { n: number }).n, 0);
    } finally {
      db.close();
    }
  });
});

describe('backup', () => {
  it('copies a consistent database while another connection writes, and never over the live file', async () => {
    const directory = tempDirectory('newsbot-backup-');
    const path = join(directory, 'live.db');
    const store = openSqliteStore(path);
    const writer = openSqliteStore(path);
    try {
      await store.saveArticles(
        Array.from({ length: 400 }, (_, i) => ({
          article: article({ title: `Backup ${i}`, text: `Backup test article ${i}. ${'Padding words for size. '.repeat(40)}` }),
          analysis: EMPTY_ANALYSIS,
          analysisVersion: 1,
        })),
      );
      const before = await store.countArticles();
      let writing = true;
      let written = 0;
      const writes = (async () => {
        while (writing) {
          await writer.saveArticles([{ article: article({ title: `Live ${written}`, text: `Written during the backup, number ${written}.` }), analysis: EMPTY_ANALYSIS, analysisVersion: 1 }]);
          written += 1;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
      const copy = join(directory, 'nested', 'folder', 'copy.db');
      await store.backup(copy);
      writing = false;
      await writes;
      assert.ok(written > 0, 'the other connection wrote meanwhile');
      assertConsistent(copy);
      const copied = new Database(copy, { readonly: true });
      const inCopy = (copied.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
      copied.close();
      assert.ok(inCopy >= before && inCopy <= before + written, `${inCopy} articles, between ${before} and ${before + written}`);

      // Once the writes are over, a copy has exactly the live counts.
      const again = join(directory, 'again.db');
      await store.backup(again);
      const reopened = openSqliteStore(again);
      assert.equal(await reopened.countArticles(), await store.countArticles());
      assert.equal((await reopened.searchArticles('padding', { limit: 500, guildId: null })).length, 400);
      await reopened.close();

      for (const refused of [path, `${path}-wal`, join(directory, '.', 'live.db')]) {
        await assert.rejects(store.backup(refused), (error: unknown) => error instanceof UserFacingError && /live database/.test(error.message), refused);
      }
      const link = join(directory, 'link.db');
      symlinkSync(path, link);
      await assert.rejects(store.backup(link), UserFacingError, 'a link to the live file');
      assert.equal(await store.countArticles(), before + written, 'the live database is untouched');
    } finally {
      await writer.close();
      await store.close();
    }
  });
});
