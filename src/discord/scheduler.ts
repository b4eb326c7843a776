/**
 * The bot's timed jobs: polling due feeds and posting due digests every minute, pruning once a day. Each job is its own error boundary (a
 * failure is logged and the next tick runs as usual) and never runs twice at once (a tick that finds the previous one
 * still running is skipped).
 */
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

export interface SchedulerJobs {
  readonly pollFeeds: () => Promise<unknown>;
  /** The digest round: a pure schedule decides what is due, so a minute's tick is all it needs. */
  readonly postDigests?: () => Promise<unknown>;
  readonly prune?: () => Promise<unknown>;
  readonly logger: Logger;
}

export interface Schedulers {
  /** Stops the timers and waits for the jobs still running, at most `waitMs` (default 4 s). */
  stop(waitMs?: number): Promise<void>;
}

export const FEED_POLL_SCHEDULE = '* * * * *';
/** A few seconds into each minute, so that a digest set for 08:00 is not read as due at 07:59:59.9 by a fast clock. */
export const DIGEST_SCHEDULE = '5 * * * * *';
/** 04:17 UTC: off the hour, when most servers are quiet. */
export const PRUNE_SCHEDULE = '17 4 * * *';

/** A job that runs at most once at a time and never throws; `running` is the run in progress. */
export function guardedJob(name: string, job: () => Promise<unknown>, logger: Logger): { run(): Promise<void>; readonly running: Promise<void> | null } {
  let running: Promise<void> | null = null;
  return {
    get running() {
      return running;
    },
    run() {
      if (running !== null) {
        logger.warn({ job: name }, 'previous run still going; skipping this tick');
        return running;
      }
      const started = Date.now();
      running = (async () => {
        try {
          await job();
          logger.debug({ job: name, ms: Date.now() - started }, 'scheduled job done');
        } catch (error) {
          logger.error({ job: name, err: error }, 'scheduled job failed');
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}

export function startSchedulers(jobs: SchedulerJobs): Schedulers {
  const { logger } = jobs;
  const entries: { task: ScheduledTask; job: ReturnType<typeof guardedJob> }[] = [];
  const add = (name: string, expression: string, work: () => Promise<unknown>) => {
    const job = guardedJob(name, work, logger);
    // The guard above does the overlap check (and logs it); the callback returns at once so node-cron never waits.
    const task = cron.schedule(expression, () => void job.run(), { name, timezone: 'UTC' });
    entries.push({ task, job });
  };
  add('poll-feeds', FEED_POLL_SCHEDULE, jobs.pollFeeds);
  if (jobs.postDigests) add('post-digests', DIGEST_SCHEDULE, jobs.postDigests);
  if (jobs.prune) add('prune', PRUNE_SCHEDULE, jobs.prune);
  logger.info({ jobs: entries.map((entry) => entry.task.name) }, 'schedulers started');
  return {
    async stop(waitMs = 4_000) {
      for (const { task } of entries) {
        try {
          await task.destroy();
        } catch (error) {
          logger.warn({ err: error, job: task.name }, 'could not stop a scheduled job');
        }
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
        timer.unref();
      });
      await Promise.race([Promise.allSettled(entries.map(({ job }) => job.running ?? Promise.resolve())), timeout]);
      clearTimeout(timer);
    },
  };
}
