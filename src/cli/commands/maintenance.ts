import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserFacingError } from '../../errors.ts';
import { formatBytes } from '../../ingest/sources.ts';
import { pruneOldArticles, prunePlan } from '../../retention/prune.ts';
import type { CliContext } from '../context.ts';
import { plural, writeJson, writeLine } from '../output.ts';

/** `newsbot prune [--days N]`: retention by hand, as the bot does it daily. */
export async function pruneCommand(options: { readonly days?: number | undefined; readonly json: boolean }, context: CliContext): Promise<number> {
  const settings = { now: context.clock(), retentionDays: options.days ?? context.config.retentionDays };
  return context.withStore(async (store) => {
    const plan = await prunePlan(store, settings);
    const removed = await pruneOldArticles(store, settings);
    if (options.json) {
      writeJson(context.output.stdout, {
        articles: removed.articles,
        events: removed.events,
        publishedBefore: plan.publishedBefore.toISOString(),
        keepEventsActiveSince: plan.keepEventsActiveSince.toISOString(),
      });
      return 0;
    }
    const day = (date: Date) => date.toISOString().slice(0, 10);
    writeLine(
      context.output.stdout,
      removed.articles === 0
        ? `Nothing to prune: no article published before ${day(plan.publishedBefore)} outside a current event.`
        : `Pruned ${plural(removed.articles, 'article')} published before ${day(plan.publishedBefore)} and ${plural(removed.events, 'event')} left empty.`,
    );
    writeLine(context.output.stdout, `Kept every article of events still active since ${day(plan.keepEventsActiveSince)}.`);
    return 0;
  });
}

/** `newsbot backup FILE`: a consistent copy of the database, safe while the bot runs. */
export async function backupCommand(file: string, context: CliContext): Promise<number> {
  const target = resolve(file);
  if (sameFile(target, resolve(context.config.dbPath))) {
    throw new UserFacingError(`${file} is the live database itself (${context.config.dbPath}); give another file name for the backup.`);
  }
  if (!existsSync(context.config.dbPath)) {
    throw new UserFacingError(`there is no database at ${context.config.dbPath} to back up (set NEWSBOT_DB or --db)`);
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new UserFacingError(`${file} is a folder; give a file name for the backup, such as ${join(file, 'newsbot-backup.db')}.`);
  }
  await context.withStore((store) => store.backup(target));
  writeLine(context.output.stdout, `Wrote a backup of ${context.config.dbPath} to ${target} (${formatBytes(statSync(target).size)}).`);
  return 0;
}

/** Whether two paths name the same file, symbolic links followed (the file itself need not exist yet). */
function sameFile(a: string, b: string): boolean {
  const canonical = (path: string): string => {
    if (existsSync(path)) return realpathSync(path);
    const folder = dirname(path);
    return existsSync(folder) ? join(realpathSync(folder), basename(path)) : path;
  };
  return canonical(a) === canonical(b);
}
