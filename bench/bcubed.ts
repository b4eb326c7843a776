/**
 * B-cubed precision and recall (Bagga & Baldwin, 1998) of a clustering against gold labels: for each item, the share
 * of its predicted cluster that shares its gold label (precision) and the share of its gold cluster that shares its
 * predicted cluster (recall), averaged over items. Unlike pairwise scores it does not let big clusters dominate.
 */
export interface BCubed {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function bcubed(predicted: readonly string[], gold: readonly string[]): BCubed {
  if (predicted.length !== gold.length) throw new Error('bcubed: predicted and gold differ in length');
  const n = predicted.length;
  if (n === 0) return { precision: 1, recall: 1, f1: 1 };
  const predictedSize = new Map<string, number>();
  const goldSize = new Map<string, number>();
  const both = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = predicted[i] as string;
    const g = gold[i] as string;
    predictedSize.set(p, (predictedSize.get(p) ?? 0) + 1);
    goldSize.set(g, (goldSize.get(g) ?? 0) + 1);
    // A NUL byte separates the labels: it cannot occur in either.
    const key = `${p}\u0000${g}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < n; i++) {
    const p = predicted[i] as string;
    const g = gold[i] as string;
    const shared = both.get(`${p}\u0000${g}`) ?? 0;
    precision += shared / (predictedSize.get(p) ?? 1);
    recall += shared / (goldSize.get(g) ?? 1);
  }
  precision /= n;
  recall /= n;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
