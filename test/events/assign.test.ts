// Grouping through the real store: articles arrive one by one and join, start or merge events in their own scope.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { groupUngroupedArticles } from '../../src/events/assign.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { analyzed, article } from '../helpers/articles.ts';
import { tempDirectory } from '../helpers/temp.ts';

const directory = tempDirectory('newsbot-assign-');
let count = 0;
function freshStore(): { store: ArticleStore; path: string } {
  count += 1;
  const path = join(directory, `assign-${count}.db`);
  return { store: openSqliteStore(path), path };
}

const bridge = (outlet: string, day: number, text: string, guildId: string | null = null) =>
  article(
    {
      title: `${outlet}: Ostby bridge collapse`,
      text,
      source: outlet,
      url: `https://${outlet.toLowerCase().replace(/\s+/g, '')}.example/bridge-${day}`,
      published: `2026-10-${String(day).padStart(2, '0')}T09:00:00Z`,
    },
    guildId,
  );

const collapseA = bridge('Ostby Post', 5, 'The Holm bridge in Ostby collapsed into the river Tana on Monday, injuring four people. Mayor Ida Brun said engineers had warned about cracks in the bridge last year.');
const collapseB = bridge('Tana Times', 5, 'Four people were hurt when the Holm bridge over the Tana collapsed in Ostby on Monday. Engineers had flagged cracks in the Holm bridge, Mayor Ida Brun said.');
const collapseC = bridge('Northern Wire', 7, 'Investigators began examining the wreck of the Holm bridge in Ostby on Wednesday, two days after its collapse into the Tana injured four people. Ida Brun, the mayor, promised a public inquiry.');
const election = article({
  title: 'Kelm elects a new council',
  text: 'Voters in Kelm elected a new council on Sunday. The Green List won nine of the 21 seats, said returning officer Per Dahl.',
  source: 'Kelm Courier',
  published: '2026-10-06T20:00:00Z',
});

function eventIdsOf(path: string): Map<string, number | null> {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT id, event_seq FROM articles').all() as { id: string; event_seq: number | null }[];
  db.close();
  return new Map(rows.map((row) => [row.id, row.event_seq]));
}

describe('groupUngroupedArticles', () => {
  it('puts one story from three outlets in one event and another story in its own', async () => {
    const { store } = freshStore();
    await store.saveArticles(analyzed(collapseA, election, collapseB, collapseC));
    assert.equal(await groupUngroupedArticles(store), 4);
    const events = await store.events.listEvents({ guildId: null, limit: 10 });
    assert.equal(events.length, 2);
    const [bridgeEvent, electionEvent] = events;
    assert.equal(bridgeEvent?.articleCount, 3);
    assert.equal(bridgeEvent?.outletCount, 3);
    assert.equal(bridgeEvent?.firstReport.source, 'Ostby Post', 'the earliest published, first stored among equals');
    assert.equal(electionEvent?.articleCount, 1);
    assert.deepEqual((await store.events.eventArticles(bridgeEvent?.id ?? '', null)).map((a) => a.id), [collapseA.id, collapseB.id, collapseC.id]);
    assert.equal((await store.events.eventOfArticle(collapseC.id, null))?.id, bridgeEvent?.id);
    assert.equal(await groupUngroupedArticles(store), 0, 'nothing left to group');
    await store.close();
  });

  it("never puts a server's own article into a shared event, nor one server's into another's", async () => {
    const { store, path } = freshStore();
    // The same story in each server's own words (the same text would be a duplicate of the shared article).
    const privateCopy = bridge('Guild Notes', 6, `${collapseB.text} Our members asked about the detour.`, 'guild-1');
    const otherGuild = bridge('Other Notes', 6, `${collapseB.text} Buses will replace the crossing.`, 'guild-2');
    await store.saveArticles(analyzed(collapseA, collapseB, privateCopy, otherGuild));
    await groupUngroupedArticles(store);
    const events = eventIdsOf(path);
    assert.equal(events.get(collapseA.id), events.get(collapseB.id));
    assert.notEqual(events.get(privateCopy.id), events.get(collapseA.id));
    assert.notEqual(events.get(otherGuild.id), events.get(privateCopy.id));
    assert.equal((await store.events.listEvents({ guildId: 'guild-1', limit: 10 })).length, 2, 'the shared event and its own');
    assert.equal((await store.events.listEvents({ guildId: null, limit: 10 })).length, 1, 'shared viewers see shared events only');
    await store.close();
  });

  it('keeps every article in exactly one event, and a removed article leaves its event (or the event goes)', async () => {
    const { store, path } = freshStore();
    const mine = bridge('Guild Notes', 6, 'A reader in Kelm sent us notes about a school play that opened on Friday to full houses.', 'guild-1');
    await store.saveArticles(analyzed(collapseA, collapseB, mine));
    await groupUngroupedArticles(store);
    assert.ok([...eventIdsOf(path).values()].every((seq) => seq !== null));
    const before = (await store.events.listEvents({ guildId: 'guild-1', limit: 10 })).length;
    assert.equal(await store.deleteGuildArticle(mine.id, 'guild-1'), true);
    assert.equal((await store.events.listEvents({ guildId: 'guild-1', limit: 10 })).length, before - 1);
    await store.close();
  });

  it('leaves articles whose analysis was deferred until they are analysed', async () => {
    const { store } = freshStore();
    await store.saveArticles([{ article: collapseA, analysis: { entities: [], quotes: [], dates: [], summaryRanking: [], skipped: [] }, analysisVersion: 0 }]);
    assert.equal(await groupUngroupedArticles(store), 0);
    await store.close();
  });

  it('answers to an old id after events merge', async () => {
    const { store } = freshStore();
    await store.saveArticles(analyzed(collapseA));
    await groupUngroupedArticles(store);
    const [first] = await store.events.listEvents({ guildId: null, limit: 1 });
    assert.ok(first);
    // A second event is created by hand and merged by the next article, as the grouping would ask.
    await store.saveArticles(analyzed(election, collapseB));
    await store.events.applyGrouping({
      articleId: election.id,
      terms: [],
      event: { kind: 'new', title: election.title, titleScore: 0.5, profile: '{}', keys: [] },
      mergeIds: [],
    });
    await store.events.applyGrouping({ articleId: collapseB.id, terms: [], event: { kind: 'join', id: first.id, profile: '{}', keys: [] }, mergeIds: [election.id] });
    const merged = await store.events.getEvent(election.id, null);
    assert.equal(merged?.id, first.id);
    assert.equal(merged?.articleCount, 3);
    assert.equal((await store.events.listEvents({ guildId: null, limit: 10 })).length, 1);
    await store.close();
  });
});
