import type { IngestReport } from '../../ingest/ingest.ts';
import { ingestPaths } from '../../ingest/ingest.ts';
import type { CliContext } from '../context.ts';
import { plural, StatusLine, writeJson, writeLine } from '../output.ts';

export interface IngestCommandOptions {
  readonly json: boolean;
  readonly guild?: string | undefined;
  readonly deferAnalysis: boolean;
}

function summaryLine(report: IngestReport): string {
  return `Added ${plural(report.added, 'article')}, ${plural(report.duplicates, 'duplicate')}, ${report.rejected.length.toLocaleString('en-US')} rejected.`;
}

/** `newsbot ingest PATH...`: exit code 0 unless every input was rejected. */
export async function ingestCommand(paths: readonly string[], options: IngestCommandOptions, context: CliContext): Promise<number> {
  const { output } = context;
  const status = new StatusLine(output.stderr);
  const started = Date.now();
  const report = await context.withStore((store) =>
    ingestPaths(
      paths,
      {
        store,
        clock: context.clock,
        limits: { maxArticleBytes: context.config.maxArticleBytes },
        stdin: context.stdin,
        onProgress: (progress) => {
          const seconds = Math.max((Date.now() - started) / 1000, 0.001);
          status.update(
            `Ingesting… ${plural(progress.read, 'input')} read (${Math.round(progress.read / seconds)}/s), ` +
              `${progress.added.toLocaleString('en-US')} added, ${progress.duplicates.toLocaleString('en-US')} duplicates, ` +
              `${progress.rejected.toLocaleString('en-US')} rejected`,
          );
        },
      },
      { guildId: options.guild ?? null, deferAnalysis: options.deferAnalysis },
    ),
  );
  status.clear();

  const inputs = report.added + report.duplicates + report.rejected.length;
  if (options.json) {
    writeJson(output.stdout, {
      added: report.added,
      duplicates: report.duplicates,
      rejected: report.rejected.map(({ path, reason }) => ({ path, reason })),
    });
  } else {
    for (const rejection of report.rejected) {
      writeLine(output.stdout, `rejected ${rejection.path}: ${rejection.reason} (${rejection.detail})`);
    }
    writeLine(output.stdout, summaryLine(report));
    if (options.deferAnalysis && report.added > 0) writeLine(output.stdout, 'Analysis deferred: run `newsbot reanalyze` next.');
  }
  for (const warning of report.warnings) writeLine(output.stderr, `warning: ${warning}`);

  if (inputs === 0) {
    writeLine(output.stderr, `newsbot: nothing to ingest in ${paths.join(', ')} (no files found)`);
    return 1;
  }
  return report.rejected.length === inputs ? 1 : 0;
}
