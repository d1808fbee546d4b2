/**
 * Pieces shared by the signed-rank and rank-sum tests: midranks with tie bookkeeping, R's
 * continuity-corrected normal p-values, exact p-values from a null cdf, and the inversion of a
 * rank statistic into a confidence limit.
 */
import { normalCdf } from './distributions.js';

/** H1 of a test: the location (shift) is ≠, > or < the hypothesised value. */
export type Alternative = 'two-sided' | 'greater' | 'less';

export interface Ranking {
  /** 1-based ranks, ties sharing their average rank (R's rank(), ties.method = "average"). */
  ranks: Float64Array;
  /** Σ (t³ − t) over groups of t tied values: the tie term of the rank-test variances. */
  tieTerm: number;
}

export function rankWithTies(values: ArrayLike<number>): Ranking {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    const v = values[order[i] as number] as number;
    while (j + 1 < n && values[order[j + 1] as number] === v) j++;
    const t = j - i + 1;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = mid;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}

/** True when some value occurs more than once. */
export function hasTies(values: ArrayLike<number>): boolean {
  return new Set(Array.from(values)).size !== values.length;
}

/**
 * Standardised statistic with R's continuity correction: `centered` is statistic − mean under
 * H0; the half-unit correction moves it toward 0 (two-sided) or against H1 (one-sided).
 */
export function correctedZ(centered: number, sigma: number, alternative: Alternative, correct: boolean): number {
  let correction = 0;
  if (correct) {
    correction = alternative === 'two-sided' ? Math.sign(centered) * 0.5 : alternative === 'greater' ? 0.5 : -0.5;
  }
  return (centered - correction) / sigma;
}

/** p-value of a standard normal statistic, as R's wilcox.test computes it. */
export function normalPValue(z: number, alternative: Alternative): number {
  switch (alternative) {
    case 'less':
      return normalCdf(z);
    case 'greater':
      return normalCdf(z, false);
    case 'two-sided':
      return 2 * Math.min(normalCdf(z), normalCdf(z, false));
  }
}

/**
 * Exact p-value of an integer statistic whose null distribution is symmetric about `center`,
 * with `cdf(v, lowerTail)` giving P(S <= v) or P(S > v). Two-sided doubles the smaller tail.
 */
export function exactPValue(
  statistic: number,
  center: number,
  cdf: (v: number, lowerTail: boolean) => number,
  alternative: Alternative,
): number {
  switch (alternative) {
    case 'greater':
      return cdf(statistic - 1, false);
    case 'less':
      return cdf(statistic, true);
    case 'two-sided': {
      const p = statistic > center ? cdf(statistic - 1, false) : cdf(statistic, true);
      return Math.min(2 * p, 1);
    }
  }
}

/**
 * Where a non-increasing step function `w` crosses `target`, given the sorted distinct points
 * `knots` at which it can jump (Walsh averages, pairwise differences). R finds this point with
 * uniroot(tol = 1e-4) on the same function; searching the knots instead returns the jump
 * itself, to which uniroot converges, without its tolerance. Between knots w is constant, so
 * it is probed at midpoints; as in R, an unbracketed target returns the nearer end.
 */
export function stepCrossing(knots: Float64Array, w: (d: number) => number, target: number): number {
  const first = knots[0] as number;
  const last = knots[knots.length - 1] as number;
  if (w(first) - target <= 0) return first;
  if (w(last) - target >= 0) return last;
  // Smallest j whose right-hand interval (knots[j], knots[j+1]) lies at or below the target.
  let lo = 0;
  let hi = knots.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const probe = ((knots[mid] as number) + (knots[mid + 1] as number)) / 2;
    if (w(probe) <= target) hi = mid;
    else lo = mid + 1;
  }
  return knots[lo] as number;
}

/** The interval an alternative calls for: one-sided alternatives leave one end open. */
export function sidedInterval(alternative: Alternative, lower: number, upper: number): [number, number] {
  if (alternative === 'greater') return [lower, Infinity];
  if (alternative === 'less') return [-Infinity, upper];
  return [lower, upper];
}

/** Sorted distinct values of a sorted array. */
export function distinctSorted(sorted: Float64Array): Float64Array {
  const out: number[] = [];
  for (const v of sorted) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  return Float64Array.from(out);
}

/** Median of a sorted array (mean of the two middle values when the length is even). */
export function sortedMedian(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * R's signif(x, 2), used where R rounds an achieved confidence level. R (nmath/fprec.c) scales
 * to two digits and rounds with nearbyint, half to even, so an exact half such as 0.125 (the
 * achieved alpha of 4 pairs) gives 0.12, where toPrecision(2) gives 0.13.
 */
export function signif2(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e10 = 1 - Math.floor(Math.log10(Math.abs(x)));
  const scale = 10 ** Math.abs(e10);
  const v = e10 >= 0 ? x * scale : x / scale;
  const floor = Math.floor(v);
  const frac = v - floor;
  const rounded = frac > 0.5 || (frac === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return e10 >= 0 ? rounded / scale : rounded * scale;
}
