/** The results table printed at the end of a run, and the check of each figure against its target. */
import type { BenchRow } from './types.ts';

export type Verdict = 'pass' | 'fail' | 'none';

const TARGET = /^(≥|>=|>|≤|<=|<|=)\s*(-?[\d,_]*\.?\d+)$/;

/** Checks `value` against a target such as `≥ 1000`, `< 10` or `= 0`. */
export function verdict(row: BenchRow): Verdict {
  if (row.target === undefined) return 'none';
  const match = TARGET.exec(row.target.trim());
  if (!match) throw new Error(`unreadable target ${JSON.stringify(row.target)} for ${row.suite} ${row.metric}`);
  const [, operator, digits] = match;
  const bound = Number((digits as string).replace(/[,_]/g, ''));
  switch (operator) {
    case '≥':
    case '>=':
      return row.value >= bound ? 'pass' : 'fail';
    case '>':
      return row.value > bound ? 'pass' : 'fail';
    case '≤':
    case '<=':
      return row.value <= bound ? 'pass' : 'fail';
    case '<':
      return row.value < bound ? 'pass' : 'fail';
    default:
      return row.value === bound ? 'pass' : 'fail';
  }
}

/** Enough digits to compare figures at a glance, no more: 12,345 · 123.4 · 12.34 · 0.9974. */
export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) || magnitude >= 100) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return String(Number(value.toPrecision(4)));
}

function withUnit(value: number, unit: string): string {
  return unit === '' ? formatNumber(value) : `${formatNumber(value)} ${unit}`;
}

const VERDICT_MARKS: Record<Verdict, string> = { pass: '✓', fail: '✗', none: '' };

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['suite', 'metric', 'value', 'baseline', 'target', '✓/✗'];
  const cells = rows.map((row) => [
    row.suite,
    row.metric,
    withUnit(row.value, row.unit),
    row.baseline === undefined ? '' : withUnit(row.baseline, row.unit),
    row.target ?? '',
    VERDICT_MARKS[verdict(row)],
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => (line[column] as string).length)));
  // Figures are right-aligned so that their digits line up; labels are left-aligned.
  const rightAligned = new Set([2, 3]);
  const render = (line: readonly string[]): string =>
    line
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number)))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  return [render(header), rule, ...cells.map(render)].join('\n');
}
