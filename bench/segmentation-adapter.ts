/**
 * Runs bench/suites/segmentation.ts (written separately, with its own CLI) as a suite of this runner. It is loaded
 * dynamically so that the runner works, and says why it skipped, while that file does not exist yet.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DATASETS_DIR } from './paths.ts';
import { SuiteSkipped, type BenchRow, type Suite } from './types.ts';

const SUITE = 'segmentation';
const MODULE_URL = new URL('./suites/segmentation.ts', import.meta.url);
const DATASET_DIR = `${DATASETS_DIR}bbc-news-summary`;
/** The module reports each measure for its own segmenter as `x` and for the Intl.Segmenter baseline as `intl_x`. */
const BASELINE_PREFIX = 'intl_';

type SegmentationBench = (datasetDir: string) => Promise<Record<string, number>>;

async function loadSegmentationBench(): Promise<SegmentationBench> {
  if (!existsSync(fileURLToPath(MODULE_URL))) throw new SuiteSkipped(`${fileURLToPath(MODULE_URL)} does not exist yet`);
  const module: unknown = await import(MODULE_URL.href);
  const run = (module as { runSegmentationBench?: unknown }).runSegmentationBench;
  if (typeof run !== 'function') throw new Error('bench/suites/segmentation.ts does not export runSegmentationBench');
  return run as SegmentationBench;
}

/** Values pass through as the module reports them (rates stay 0..1), so the two outputs can be compared. */
function toRow(metric: string, value: number, baseline: number | undefined): BenchRow {
  const unit = metric.endsWith('_per_s') ? 'articles/s' : '';
  if (baseline === undefined) return { suite: SUITE, metric, value, unit };
  return { suite: SUITE, metric: `${metric} vs Intl.Segmenter`, value, unit, baseline };
}

async function runSegmentation(): Promise<BenchRow[]> {
  if (!existsSync(DATASET_DIR)) throw new SuiteSkipped(`no dataset at ${DATASET_DIR}`);
  const bench = await loadSegmentationBench();
  const results = await bench(DATASET_DIR);
  return Object.entries(results)
    .filter(([metric]) => !metric.startsWith(BASELINE_PREFIX))
    .map(([metric, value]) => toRow(metric, value, results[`${BASELINE_PREFIX}${metric}`]));
}

export const segmentationSuite: Suite = { name: SUITE, aliases: ['segment'], run: runSegmentation };
