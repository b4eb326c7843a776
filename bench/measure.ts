import { existsSync, rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Runs `work` once and returns its result with the wall-clock time it took. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples: always one of the measured values, never interpolated. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function fileBytes(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** A SQLite database in WAL mode is up to three files. */
export function sqliteFiles(dbPath: string): string[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`];
}

export function removeSqliteFiles(dbPath: string): void {
  for (const path of sqliteFiles(dbPath)) rmSync(path, { force: true });
}

export const BYTES_PER_MB = 1_000_000;
