/**
 * Runs the analysis quality suites (bench/suites/quotes.ts, dates.ts and summary.ts, written separately, each with
 * its own CLI) as suites of this runner, as bench/segmentation-adapter.ts does for segmentation. Each module is loaded
 * dynamically, so that the runner works, and says why it skipped, while a file or its dataset is missing.
 *
 * A module returns a flat record of figures with its baselines beside them under their own names: quotes `x` and
 * `baseline_regex_x` (speakers: `baseline_name_after_mark_speaker_accuracy`), dates `x` and `chrono_x`, summary `x`
 * and `lead3_x`. The table shows the figures that carry the targets and what explains them, each next to its
 * baseline; the whole record goes to the JSON results as a note.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DATASETS_DIR } from './paths.ts';
import { SuiteSkipped, type BenchRow, type Suite, type SuiteContext } from './types.ts';

type AnalysisBench = (datasetDir: string) => Promise<Record<string, number>>;
type Results = Readonly<Record<string, number>>;

/** One row of the table, read from a module's results. */
interface Figure {
  readonly label: string;
  /** The module's name for the figure, or a derived value. */
  readonly value: string | ((results: Results) => number | undefined);
  /** The module's name for the same figure of the baseline, shown as `label vs name`. */
  readonly baseline?: { readonly key: string; readonly name: string };
  readonly unit?: string;
  readonly target?: string;
}

interface AnalysisSuiteSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly module: URL;
  readonly exportName: string;
  readonly datasetDir: string;
  readonly figures: readonly Figure[];
}

async function loadBench(spec: AnalysisSuiteSpec): Promise<AnalysisBench> {
  const path = fileURLToPath(spec.module);
  if (!existsSync(path)) throw new SuiteSkipped(`${path} does not exist yet`);
  const module: unknown = await import(spec.module.href);
  const run = (module as Record<string, unknown>)[spec.exportName];
  if (typeof run !== 'function') throw new Error(`${path} does not export ${spec.exportName}`);
  return run as AnalysisBench;
}

function toRows(spec: AnalysisSuiteSpec, results: Results, context: SuiteContext): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const figure of spec.figures) {
    const value = typeof figure.value === 'string' ? results[figure.value] : figure.value(results);
    const baseline = figure.baseline === undefined ? undefined : results[figure.baseline.key];
    // A renamed figure must not sink the suite's other figures: say so and go on.
    if (value === undefined || (figure.baseline !== undefined && baseline === undefined)) {
      context.note(`${spec.name}: no figure for "${figure.label}" in the module's results`);
      continue;
    }
    rows.push({
      suite: spec.name,
      metric: figure.baseline === undefined ? figure.label : `${figure.label} vs ${figure.baseline.name}`,
      value,
      unit: figure.unit ?? '',
      ...(baseline === undefined ? {} : { baseline }),
      ...(figure.target === undefined ? {} : { target: figure.target }),
    });
  }
  return rows;
}

function analysisSuite(spec: AnalysisSuiteSpec): Suite {
  return {
    name: spec.name,
    aliases: spec.aliases,
    async run(context: SuiteContext): Promise<BenchRow[]> {
      if (!existsSync(spec.datasetDir)) throw new SuiteSkipped(`no dataset at ${spec.datasetDir}`);
      const bench = await loadBench(spec);
      const results = await bench(spec.datasetDir);
      context.note(`${spec.name}: every figure: ${JSON.stringify(results)}`);
      return toRows(spec, results, context);
    },
  };
}

const difference =
  (key: string, baselineKey: string) =>
  (results: Results): number | undefined => {
    const value = results[key];
    const baseline = results[baselineKey];
    return value === undefined || baseline === undefined ? undefined : value - baseline;
  };

const ratio =
  (key: string, baselineKey: string) =>
  (results: Results): number | undefined => {
    const value = results[key];
    const baseline = results[baselineKey];
    return value === undefined || baseline === undefined || baseline === 0 ? undefined : value / baseline;
  };

const REGEX = 'quote-mark regex';

export const quotesSuite = analysisSuite({
  name: 'quotes',
  aliases: ['quote', 'polnear'],
  module: new URL('./suites/quotes.ts', import.meta.url),
  exportName: 'runQuotesBench',
  datasetDir: `${DATASETS_DIR}polnear`,
  figures: [
    { label: 'articles (PolNeAR dev)', value: 'articles' },
    { label: 'gold quotes', value: 'gold_quotes' },
    { label: 'quote F1', value: 'f1', baseline: { key: 'baseline_regex_f1', name: REGEX }, target: '≥ 0.95' },
    { label: 'quote precision', value: 'precision', baseline: { key: 'baseline_regex_precision', name: REGEX } },
    { label: 'quote recall', value: 'recall', baseline: { key: 'baseline_regex_recall', name: REGEX } },
    { label: 'quote F1, pieces counted', value: 'strict_f1', baseline: { key: 'baseline_regex_strict_f1', name: REGEX } },
    {
      label: 'speaker accuracy',
      value: 'speaker_accuracy',
      baseline: { key: 'baseline_name_after_mark_speaker_accuracy', name: 'name after the mark' },
      target: '≥ 0.85',
    },
    { label: 'time per article (entities + quotes)', value: 'ms_per_article', unit: 'ms' },
  ],
});

const CHRONO = 'chrono-node';

export const datesSuite = analysisSuite({
  name: 'dates',
  aliases: ['date', 'tempeval'],
  module: new URL('./suites/dates.ts', import.meta.url),
  exportName: 'runDatesBench',
  datasetDir: `${DATASETS_DIR}tempeval3`,
  figures: [
    { label: 'documents (TempEval-3)', value: 'documents' },
    { label: 'gold dates', value: 'overall_gold' },
    { label: 'value F1, overall', value: 'overall_f1', baseline: { key: 'chrono_overall_f1', name: CHRONO }, target: '≥ 0.85' },
    { label: "value F1, overall, minus chrono-node's", value: difference('overall_f1', 'chrono_overall_f1'), target: '> 0' },
    { label: 'value precision, overall', value: 'overall_precision', baseline: { key: 'chrono_overall_precision', name: CHRONO } },
    { label: 'value recall, overall', value: 'overall_recall', baseline: { key: 'chrono_overall_recall', name: CHRONO } },
    { label: 'value F1, TimeBank', value: 'timebank_f1', baseline: { key: 'chrono_timebank_f1', name: CHRONO } },
    { label: 'value F1, AQUAINT', value: 'aquaint_f1', baseline: { key: 'chrono_aquaint_f1', name: CHRONO } },
    { label: 'value F1, held-out half', value: 'check_f1', baseline: { key: 'chrono_check_f1', name: CHRONO } },
    { label: 'time per document', value: 'ms_per_doc', baseline: { key: 'chrono_ms_per_doc', name: CHRONO }, unit: 'ms' },
  ],
});

const LEAD3 = 'Lead-3';

export const summarySuite = analysisSuite({
  name: 'summary',
  aliases: ['summaries', 'rouge'],
  module: new URL('./suites/summary.ts', import.meta.url),
  exportName: 'runSummaryBench',
  datasetDir: `${DATASETS_DIR}bbc-news-summary`,
  figures: [
    { label: 'articles (BBC News Summary)', value: 'articles' },
    { label: 'ROUGE-2 F1', value: 'rouge2_f1', baseline: { key: 'lead3_rouge2_f1', name: LEAD3 } },
    { label: "ROUGE-2 F1 ÷ Lead-3's", value: ratio('rouge2_f1', 'lead3_rouge2_f1'), target: '≥ 1.05' },
    { label: 'ROUGE-1 F1', value: 'rouge1_f1', baseline: { key: 'lead3_rouge1_f1', name: LEAD3 } },
    { label: 'ROUGE-L F1', value: 'rougeL_f1', baseline: { key: 'lead3_rougeL_f1', name: LEAD3 } },
    { label: 'ROUGE-2 F1', value: 'rouge2_f1', baseline: { key: 'leadfill_rouge2_f1', name: 'lead sentences to 75 tokens' } },
    { label: 'time per article (summary, segmentation given)', value: 'ms_per_article', unit: 'ms' },
  ],
});
