/** One measured figure, as printed in the table and written to the JSON results. */
export interface BenchRow {
  readonly suite: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** The same figure for a naive approach, measured in the same run on the same data. */
  readonly baseline?: number;
  /** A goal such as `≥ 1000` or `< 10`, checked against `value`. */
  readonly target?: string;
}

export interface SuiteContext {
  /** Size of the synthetic corpus (the `--articles` flag). */
  readonly syntheticArticles: number;
  /** Build the synthetic database again even when bench/.cache holds one for the same corpus, analysis and schema. */
  readonly rebuild: boolean;
  /** Progress and findings worth keeping: printed as they come and written to the JSON results. */
  readonly note: (message: string) => void;
}

export interface Suite {
  readonly name: string;
  /** Other names accepted by `--only` (e.g. `search` for the synthetic suite). */
  readonly aliases: readonly string[];
  run(context: SuiteContext): Promise<BenchRow[]>;
}

/** Thrown by a suite that cannot run here (a missing dataset or module): reported as skipped, not as a failure. */
export class SuiteSkipped extends Error {
  override readonly name = 'SuiteSkipped';
}

/** A row builder for one suite, so that each row reads as metric, value, unit and what it is compared with. */
export function rowsOf(suite: string) {
  return (metric: string, value: number, unit: string, comparison: Pick<BenchRow, 'baseline' | 'target'> = {}): BenchRow => ({
    suite,
    metric,
    value,
    unit,
    ...comparison,
  });
}
