/**
 * Tukey fences for labelling outliers (docs/ARCHITECTURE.md §4: label, never silently drop). Quartiles are
 * R's type 7 / numpy's linear definition — simple-statistics' quantileSorted — so the labels
 * can be checked against R's quantile() or numpy.percentile().
 */
import { quantileSorted } from 'simple-statistics';
import { assertSample } from './validate.js';

/** none: inside the inner fences; mild: beyond 1.5 × IQR; severe: beyond 3 × IQR. */
export type OutlierLabel = 'none' | 'mild' | 'severe';

export interface TukeyFences {
  q1: number;
  q3: number;
  iqr: number;
  /** Inner fences q1 − 1.5·IQR and q3 + 1.5·IQR. */
  inner: [number, number];
  /** Outer fences q1 − 3·IQR and q3 + 3·IQR. */
  outer: [number, number];
  /** One label per input value, in input order. */
  labels: OutlierLabel[];
  counts: Record<OutlierLabel, number>;
}

/** Labels each value by Tukey's fences; a value exactly on a fence is not beyond it. */
export function tukeyFences(values: readonly number[]): TukeyFences {
  assertSample('values', values);
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const inner: [number, number] = [q1 - 1.5 * iqr, q3 + 1.5 * iqr];
  const outer: [number, number] = [q1 - 3 * iqr, q3 + 3 * iqr];
  const counts: Record<OutlierLabel, number> = { none: 0, mild: 0, severe: 0 };
  const labels = values.map((v): OutlierLabel => {
    const label: OutlierLabel =
      v < outer[0] || v > outer[1] ? 'severe' : v < inner[0] || v > inner[1] ? 'mild' : 'none';
    counts[label]++;
    return label;
  });
  return { q1, q3, iqr, inner, outer, labels, counts };
}
