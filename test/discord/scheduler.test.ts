// The bot's timed jobs: each its own error boundary, never two runs of one job at once, stopped cleanly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import cron from 'node-cron';
import { logSink } from '../helpers/log-sink.ts';
import { FEED_POLL_SCHEDULE, guardedJob, PRUNE_SCHEDULE, startSchedulers } from '../../src/discord/scheduler.ts';


describe('scheduler', () => {
  test('a tick while the previous run is still going does not start the job again', async () => {
    const { logger, lines } = logSink('debug');
    let calls = 0;
    let release: () => void = () => undefined;
    const job = guardedJob('poll-feeds', () => {
      calls += 1;
      return new Promise<void>((resolve) => (release = resolve));
    }, logger);
    const first = job.run();
    const second = job.run();
    assert.equal(calls, 1);
    assert.ok(lines.some((line) => line['msg'] === 'previous run still going; skipping this tick'));
    release();
    await Promise.all([first, second]);
    assert.equal(job.running, null);
    const third = job.run();
    release();
    await third;
    assert.equal(calls, 2, 'the next tick after it finished runs again');
  });

  test('a failing job is logged and never throws; the next tick runs as usual', async () => {
    const { logger, lines } = logSink('debug');
    let calls = 0;
    const job = guardedJob('prune', () => {
      calls += 1;
      return Promise.reject(new Error('SQLITE_BUSY'));
    }, logger);
    await job.run();
    await job.run();
    assert.equal(calls, 2);
    const failures = lines.filter((line) => line['msg'] === 'scheduled job failed');
    assert.equal(failures.length, 2);
    assert.equal(failures[0]?.['job'], 'prune');
  });

  test('startSchedulers registers a job every minute and a daily prune, and stop() removes them', async () => {
    const { logger } = logSink('debug');
    assert.ok(cron.validate(FEED_POLL_SCHEDULE) && cron.validate(PRUNE_SCHEDULE));
    const before = cron.getTasks().size;
    const schedulers = startSchedulers({ pollFeeds: async () => undefined, prune: async () => undefined, logger });
    const tasks = [...cron.getTasks().values()].slice(before);
    assert.deepEqual(tasks.map((task) => [task.name, task.getPattern()]), [['poll-feeds', FEED_POLL_SCHEDULE], ['prune', PRUNE_SCHEDULE]]);
    const next = tasks[0]?.getNextRun();
    assert.ok(next && next.getTime() - Date.now() <= 60_000, 'feeds are polled within a minute');
    await schedulers.stop();
    assert.equal(cron.getTasks().size, before);
  });
});
