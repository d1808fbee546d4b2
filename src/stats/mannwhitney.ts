/**
 * Mann–Whitney U / Wilcoxon rank-sum test, the two-sample Hodges–Lehmann shift and its Moses
 * confidence interval. The gate does not use them for sessions measured apart (that is the
 * session-effect model of stats/sessions.ts, docs/ARCHITECTURE.md §4); the flame graph
 * attribution uses the shift interval for a frame's change of self time per run, base runs
 * against head runs. Hand-written because simple-statistics has no rank tests or HL intervals.
 *
 * Semantics follow R's wilcox.test(x, y, mu =, alternative =, exact =, correct =,
 * conf.int = TRUE) (R 4.x, stats/R/wilcox.test.R):
 * - W is the Mann–Whitney U of x: rank sum of x − mu in the pooled sample minus nx(nx+1)/2;
 * - exact (default when nx < 50 and ny < 50) only without ties in the pooled sample; otherwise
 *   the normal approximation with tie-corrected variance and continuity correction;
 * - exact interval (Moses): order statistics of the pairwise differences x_i − y_j at R's
 *   qwilcox positions;
 * - asymptotic interval: R's uniroot on the standardised statistic of (x − d, y); it is a step
 *   function jumping only at pairwise differences, so the jump is located exactly (R's limits
 *   agree within its tolerance, ~1e-4). Unbracketed limits return the range ends, as in R.
 * The estimate is always the median of the pairwise differences (docs/ARCHITECTURE.md §4); in the asymptotic
 * case R reports a uniroot point that may lie anywhere between the two middle differences.
 * Where R returns NaN we return numbers: when every pooled value is the same, p = 1; when both
 * samples are constant, the degenerate interval at their difference.
 */
import { mannWhitneyCdf, mannWhitneyQuantile, normalQuantile } from './distributions.js';
import {
  type Alternative,
  correctedZ,
  distinctSorted,
  exactPValue,
  hasTies,
  normalPValue,
  rankWithTies,
  sidedInterval,
  sortedMedian,
  stepCrossing,
} from './ranktest.js';
import { assertConfLevel, assertSample } from './validate.js';
import type { IntervalOptions, LocationInterval } from './wilcoxon.js';

export type { Alternative } from './ranktest.js';

export interface RankSumTestOptions {
  /** Hypothesised shift of x relative to y under H0; default 0. */
  mu?: number;
  alternative?: Alternative;
  /** Exact null distribution; default nx < 50 and ny < 50. Ignored (normal) with ties. */
  exact?: boolean;
  /** Continuity correction of the normal approximation; default true. */
  correct?: boolean;
}

export interface RankSumTest {
  /** W = Mann–Whitney U of x. */
  statistic: number;
  pValue: number;
  nx: number;
  ny: number;
  /** Whether the pooled sample (x − mu, y) had ties. */
  ties: boolean;
  exact: boolean;
  mu: number;
  alternative: Alternative;
}

export type RankSumResult = RankSumTest & LocationInterval;

/** All nx·ny differences x_i − y_j, sorted ascending. */
export function pairwiseDifferences(x: readonly number[], y: readonly number[]): Float64Array {
  assertSample('x', x);
  assertSample('y', y);
  return differences(x, y);
}

function differences(x: readonly number[], y: readonly number[]): Float64Array {
  const out = new Float64Array(x.length * y.length);
  let k = 0;
  for (const xi of x) for (const yj of y) out[k++] = xi - yj;
  return out.sort();
}

/** Two-sample Hodges–Lehmann shift: the median of all differences x_i − y_j. */
export function hodgesLehmannShift(x: readonly number[], y: readonly number[]): number {
  return sortedMedian(pairwiseDifferences(x, y));
}

/** The rank-sum test of H0: x − mu and y have the same distribution (R's W and p-value). */
export function rankSumTest(x: readonly number[], y: readonly number[], options: RankSumTestOptions = {}): RankSumTest {
  assertSample('x', x);
  assertSample('y', y);
  const mu = options.mu ?? 0;
  const alternative = options.alternative ?? 'two-sided';
  const correct = options.correct ?? true;
  if (!Number.isFinite(mu)) throw new RangeError(`mu must be finite, got ${mu}`);
  const nx = x.length;
  const ny = y.length;
  const { ranks, tieTerm } = rankWithTies([...x.map((v) => v - mu), ...y]);
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i] as number;
  const statistic = rankSum - (nx * (nx + 1)) / 2;
  const ties = tieTerm > 0;
  const exact = (options.exact ?? (nx < 50 && ny < 50)) && !ties;
  let pValue: number;
  if (exact) {
    pValue = exactPValue(statistic, (nx * ny) / 2, (u, lowerTail) => mannWhitneyCdf(u, nx, ny, lowerTail), alternative);
  } else if (tieTerm === (nx + ny) ** 3 - (nx + ny)) {
    // Every pooled value is the same (R returns NaN): U sits at its null mean.
    pValue = 1;
  } else {
    const z = correctedZ(statistic - (nx * ny) / 2, rankSumSigma(nx, ny, tieTerm), alternative, correct);
    pValue = normalPValue(z, alternative);
  }
  return { statistic, pValue, nx, ny, ties, exact, mu, alternative };
}

/**
 * Two-sample Hodges–Lehmann shift of x relative to y with its Moses confidence interval.
 * Exact by default when nx < 50, ny < 50 and the pooled sample has no ties.
 */
export function shiftInterval(
  x: readonly number[],
  y: readonly number[],
  options: IntervalOptions = {},
): LocationInterval {
  assertSample('x', x);
  assertSample('y', y);
  const exact = (options.exact ?? (x.length < 50 && y.length < 50)) && !hasTies([...x, ...y]);
  return intervalOf(x, y, options, exact);
}

/** R's wilcox.test(x, y, mu, alternative, exact, correct, conf.int = TRUE, conf.level). */
export function mannWhitney(
  x: readonly number[],
  y: readonly number[],
  options: RankSumTestOptions & IntervalOptions = {},
): RankSumResult {
  const test = rankSumTest(x, y, options);
  return { ...test, ...intervalOf(x, y, options, test.exact) };
}

function rankSumSigma(nx: number, ny: number, tieTerm: number): number {
  const n = nx + ny;
  return Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
}

function intervalOf(
  x: readonly number[],
  y: readonly number[],
  options: IntervalOptions,
  exact: boolean,
): LocationInterval {
  const alternative = options.alternative ?? 'two-sided';
  const confLevel = options.confLevel ?? 0.95;
  const correct = options.correct ?? true;
  assertConfLevel(confLevel);
  const diffs = differences(x, y);
  const estimate = sortedMedian(diffs);
  const alpha = 1 - confLevel;
  const nx = x.length;
  const ny = y.length;
  if (exact) {
    const qu = Math.max(1, mannWhitneyQuantile(alternative === 'two-sided' ? alpha / 2 : alpha, nx, ny));
    const ql = nx * ny - qu;
    const tail = mannWhitneyCdf(qu - 1, nx, ny);
    const achieved = alternative === 'two-sided' ? 2 * tail : tail;
    const ci = sidedInterval(alternative, diffs[qu - 1] as number, diffs[ql] as number);
    return { estimate, ci, confLevel: achieved - alpha > alpha / 2 ? 1 - achieved : confLevel, exact: true };
  }
  const min = diffs[0] as number;
  const max = diffs[diffs.length - 1] as number;
  if (min === max) return { estimate, ci: sidedInterval(alternative, min, min), confLevel, exact: false };
  const knots = distinctSorted(diffs);
  const w = (d: number): number => standardizedAt(x, y, d, alternative, correct);
  let ci: [number, number];
  switch (alternative) {
    case 'two-sided':
      ci = [stepCrossing(knots, w, normalQuantile(1 - alpha / 2)), stepCrossing(knots, w, normalQuantile(alpha / 2))];
      break;
    case 'greater':
      ci = [stepCrossing(knots, w, normalQuantile(1 - alpha)), Infinity];
      break;
    case 'less':
      ci = [-Infinity, stepCrossing(knots, w, normalQuantile(alpha))];
      break;
  }
  return { estimate, ci, confLevel, exact: false };
}

/** R's W(d) for two samples: corrected, tie-adjusted standardised U of (x − d, y). */
function standardizedAt(
  x: readonly number[],
  y: readonly number[],
  d: number,
  alternative: Alternative,
  correct: boolean,
): number {
  const nx = x.length;
  const ny = y.length;
  const { ranks, tieTerm } = rankWithTies([...x.map((v) => v - d), ...y]);
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i] as number;
  const centered = rankSum - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
  return correctedZ(centered, rankSumSigma(nx, ny, tieTerm), alternative, correct);
}
