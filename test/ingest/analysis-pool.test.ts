import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analysisJobFor, runAnalysisJob } from '../../src/ingest/analysis-job.ts';
import { defaultAnalysisWorkers, startAnalysisPool } from '../../src/ingest/analysis-pool.ts';
import type { NewArticle } from '../../src/domain/article.ts';
import { prepareArticle } from '../../src/ingest/prepare.ts';
import { readInputs } from '../../src/ingest/sources.ts';
import { article, REFERENCE_DATE } from '../helpers/articles.ts';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

/** Every sample article (English and French, every format) plus texts that reach the less common fields. */
async function fixtureArticles(): Promise<NewArticle[]> {
  const articles: NewArticle[] = [];
  for await (const item of readInputs([SAMPLES], { maxArticleBytes: 2_000_000 })) {
    if (!item.ok) continue;
    const prepared = prepareArticle(item.article, { guildId: null, now: REFERENCE_DATE });
    if (prepared.ok) articles.push(prepared.article);
  }
  articles.push(
    article({ text: 'Storm\n\nShe said the storm would pass. “It will be over by Friday,” said Mrs Anna Berg, who leads the council.' }),
    article({ text: 'Ok.' }),
  );
  return articles;
}

/** A worker from inline source, for the ways a worker can go wrong. */
function workerSource(code: string): URL {
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

describe('analysis pool', () => {
  it('gives exactly the analyses of the inline pipeline, in input order, across several workers', async () => {
    const articles = await fixtureArticles();
    assert.ok(articles.length >= 8);
    const pool = startAnalysisPool({ workers: 3 });
    after(() => pool.close());
    // Twice the list, so that each worker has more than one article and slices end mid-list.
    const input = [...articles, ...articles];
    const analyses = await pool.analyze(input);
    // Strict deep equality compares prototypes too: a class instance or a Map lost in the copy would fail here.
    assert.deepStrictEqual(analyses, input.map((item) => runAnalysisJob(analysisJobFor(item))));
    assert.ok(analyses.some((analysis) => analysis.quotes.length > 0 && analysis.dates.length > 0 && analysis.entities.length > 0));
    assert.ok(analyses.some((analysis) => analysis.skipped.length > 0), 'the French sample skips the rule-based stages');
  });

  it('answers concurrent requests each with its own analyses', async () => {
    const articles = await fixtureArticles();
    const pool = startAnalysisPool({ workers: 2 });
    after(() => pool.close());
    const [forward, backward, none] = await Promise.all([pool.analyze(articles), pool.analyze([...articles].reverse()), pool.analyze([])]);
    assert.deepStrictEqual(backward, [...forward].reverse());
    assert.deepStrictEqual(none, []);
  });

  it('rejects pending and later requests once closed', async () => {
    const articles = await fixtureArticles();
    const pool = startAnalysisPool({ workers: 1 });
    const pending = assert.rejects(pool.analyze(articles), /closed/);
    await pool.close();
    await pending;
    await assert.rejects(pool.analyze(articles), /closed/);
    await pool.close();
  });

  it('rejects, instead of waiting forever, when a worker crashes', async () => {
    const crashing = workerSource(`import { parentPort } from 'node:worker_threads';
      parentPort.on('message', () => { throw new Error('boom'); });`);
    const pool = startAnalysisPool({ workers: 2, entry: crashing });
    await assert.rejects(pool.analyze(await fixtureArticles()), /analysis worker failed: boom/);
    await assert.rejects(pool.analyze(await fixtureArticles()), /boom/);
    await pool.close();
  });

  it('rejects when a worker exits', async () => {
    const exiting = workerSource(`import { parentPort } from 'node:worker_threads';
      parentPort.on('message', () => process.exit(3));`);
    const pool = startAnalysisPool({ workers: 1, entry: exiting });
    await assert.rejects(pool.analyze(await fixtureArticles()), /exit code 3/);
    await pool.close();
  });

  it('rejects one request whose analysis threw, and goes on with the next', async () => {
    const picky = workerSource(`import { parentPort } from 'node:worker_threads';
      parentPort.on('message', ({ id, jobs }) => parentPort.postMessage(
        jobs.length === 1 ? { id, ok: false, message: 'unexpected' } : { id, ok: true, analyses: jobs.map(() => 'done') }));`);
    const pool = startAnalysisPool({ workers: 1, entry: picky });
    after(() => pool.close());
    const articles = await fixtureArticles();
    await assert.rejects(pool.analyze(articles.slice(0, 1)), /analysis failed in a worker: unexpected/);
    assert.deepStrictEqual(await pool.analyze(articles.slice(0, 2)), ['done', 'done']);
  });
});

describe('defaultAnalysisWorkers', () => {
  it('leaves one core to the thread that stores, and none to workers on a single core', () => {
    assert.deepEqual([1, 2, 4, 64].map((cores) => defaultAnalysisWorkers(cores)), [0, 1, 3, 4]);
  });
});
