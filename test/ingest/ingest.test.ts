import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ingestPaths, type IngestProgress, type IngestReport } from '../../src/ingest/ingest.ts';
import type { ArticleStore } from '../../src/store/article-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { REFERENCE_DATE } from '../helpers/articles.ts';
import { tempDirectory } from '../helpers/temp.ts';

const PLACES = ['Norland', 'Kelmsford', 'Vesterhavn', 'Saltmarsh', 'Brenna', 'Oskar Bay', 'Tallow', 'Lindholm'];
const PEOPLE = ['Anna Berg', 'Erik Lund', 'Marta Kovač', 'Sofia Lindqvist', 'Jonas Hale', 'Ida Moss'];
const PROJECTS = ['bridge', 'ferry terminal', 'flood wall', 'tram line', 'hospital wing'];
/** More than two ingest batches (1,000 articles each), so that batches are analysed in a worker while others are stored. */
const LINES = 2_150;

/** One JSONL line: short stories on a few dozen topics told by several outlets, with quotes and dates. */
function storyLine(index: number): string {
  const topic = index % 60;
  const place = PLACES[topic % PLACES.length] ?? '';
  const person = PEOPLE[topic % PEOPLE.length] ?? '';
  const project = PROJECTS[topic % PROJECTS.length] ?? '';
  const day = 10 + (index % 15);
  return JSON.stringify({
    title: `${place} approves the ${project} plan number ${topic}`,
    text:
      `${place} council approved plan ${topic} for a new ${project} on Tuesday, officials said. The vote was ${index % 9} to ${index % 4}.\n\n` +
      `“We will start building in March 2027,” said ${person}, the council leader, in story ${index}. ` +
      `Critics said the ${project} would cost too much.`,
    url: `https://outlet${index % 5}.example/news/${index}`,
    source: `Outlet ${index % 5}`,
    publishedAt: `2026-11-${day}T08:00:00Z`,
  });
}

/** Stories with, here and there, an empty article, a line that is not JSON and a repeated story. */
function writeCorpus(directory: string): string {
  const lines: string[] = [];
  for (let index = 0; index < LINES; index++) {
    if (index % 450 === 7) lines.push('{"title": "nothing", "text": "   "}');
    if (index % 700 === 3) lines.push('{not json');
    lines.push(storyLine(index % 500 === 499 ? index - 1 : index));
  }
  const path = join(directory, 'stories.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface IngestRun {
  readonly report: IngestReport;
  readonly progress: IngestProgress[];
  readonly store: ArticleStore;
}

async function ingestInto(store: ArticleStore, path: string, analysisWorkers: number, deferAnalysis = false): Promise<IngestRun> {
  const progress: IngestProgress[] = [];
  const report = await ingestPaths(
    [path],
    { store, clock: () => REFERENCE_DATE, limits: { maxArticleBytes: 2_000_000 }, onProgress: (step) => progress.push(step), analysisWorkers },
    { guildId: null, deferAnalysis },
  );
  return { report, progress, store };
}

describe('ingestPaths with analysis workers', () => {
  const directory = tempDirectory('newsbot-ingest-');
  const corpus = writeCorpus(directory);

  it('stores, groups and reports exactly what the inline analysis does', async () => {
    const inline = await ingestInto(openSqliteStore(join(directory, 'inline.db')), corpus, 0);
    const pooled = await ingestInto(openSqliteStore(join(directory, 'pooled.db')), corpus, 1);
    try {
      assert.deepEqual(pooled.report, inline.report);
      assert.ok(inline.report.added > 2_000 && inline.report.duplicates > 0);
      const reasons = inline.report.rejected.map((rejection) => rejection.reason);
      assert.deepEqual([reasons.filter((reason) => reason === 'empty').length, reasons.filter((reason) => reason === 'parse_error').length], [5, 4]);
      // Once per stored batch, with the counts as they were when the batch's last input was read.
      assert.deepEqual(pooled.progress, inline.progress);
      assert.deepEqual(
        inline.progress.map((step) => step.added + step.duplicates),
        [1_000, 2_000, inline.report.added + inline.report.duplicates],
      );
      for (const id of inline.report.addedIds) {
        assert.deepEqual(await pooled.store.getAnalysis(id, null), await inline.store.getAnalysis(id, null), id);
      }
      const events = async (store: ArticleStore) => {
        const listed = await store.events.listEvents({ guildId: null, limit: Number.MAX_SAFE_INTEGER });
        return Promise.all(listed.map(async (event) => ({ event, articles: (await store.events.eventArticles(event.id, null)).map((a) => a.id) })));
      };
      const inlineEvents = await events(inline.store);
      assert.ok(inlineEvents.length > 1 && inlineEvents.length < 200, `${inlineEvents.length} events`);
      assert.deepEqual(await events(pooled.store), inlineEvents);
    } finally {
      await inline.store.close();
      await pooled.store.close();
    }
  });

  it('leaves the analysis for later when asked to, workers or not', async () => {
    const store = openSqliteStore(join(directory, 'deferred.db'));
    try {
      const { report } = await ingestInto(store, corpus, 1, true);
      assert.ok(report.added > 2_000);
      assert.equal((await store.listStaleArticles(1, Number.MAX_SAFE_INTEGER)).length, report.added);
      assert.deepEqual(await store.events.listEvents({ guildId: null, limit: 10 }), []);
    } finally {
      await store.close();
    }
  });

  it('fails with the store\'s error, the workers stopped, when saving a batch fails', async () => {
    const real = openSqliteStore(join(directory, 'failing.db'));
    let saves = 0;
    const failing = new Proxy(real, {
      get(target, property, receiver) {
        if (property === 'saveArticles') {
          return (...args: Parameters<ArticleStore['saveArticles']>) => {
            saves += 1;
            return saves === 2 ? Promise.reject(new Error('disk full')) : target.saveArticles(...args);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      await assert.rejects(ingestInto(failing, corpus, 1), /disk full/);
      // The first batch of 1,000 holds two repeated stories, each stored once.
      assert.equal(await real.countArticles(), 998, 'the batch stored before the failure stays');
    } finally {
      await real.close();
    }
  });
});
