import { reanalyzeStaleArticles } from '../../analysis/reanalyze.ts';
import type { CliContext } from '../context.ts';
import { plural, StatusLine, writeLine } from '../output.ts';

/** `newsbot reanalyze`: brings every stored article's analysis up to this version of the pipeline. */
export async function reanalyzeCommand(context: CliContext): Promise<number> {
  const status = new StatusLine(context.output.stderr);
  const updated = await context.withStore((store) =>
    reanalyzeStaleArticles(store, (count) => status.update(`Reanalysing… ${plural(count, 'article')} updated`)),
  );
  status.clear();
  writeLine(context.output.stdout, updated === 0 ? 'Every stored article is up to date.' : `Reanalysed ${plural(updated, 'article')}.`);
  return 0;
}
