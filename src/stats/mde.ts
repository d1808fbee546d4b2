/**
 * The minimum detectable change (mde) of a row: the smallest true change its test tells apart
 * from no change with power 80% at the row's own level (docs/ARCHITECTURE.md §4).
 *
 * Definition. A two-sided test at level 1 − α of a log-scale estimate with standard error SE
 * detects a true log shift δ with power 1 − β when
 *     δ = (q_{1−α/2} + q_{1−β}) · SE,
 * q the standard normal quantile, or Student's t with `df` degrees of freedom for the session
 * model's t interval (the shifted central t: it ignores the noncentral t's skew, which costs a
 * few points of power at few degrees of freedom; the far tail is ignored in both cases). Then
 *     mde = exp(δ) − 1,
 * a relative rise of the cost, the terms verdicts compare with θ (stats/verdict.ts
 * costInterval): a time rising by mde, or a throughput falling by mde / (1 + mde).
 *
 * SE comes from the interval the row already has: a two-sided interval at level L with
 * half-width h on the log scale implies SE = h / q_{(1+L)/2}, so δ = h · (1 + q_{1−β} / q_{(1+L)/2}).
 * For paired rows that is the SE the signed-rank interval achieves (the rank method's
 * efficiency included) rather than the SD of the log ratios over √n, which one outlier inflates;
 * the level is the one the interval reached (Pocock-widened under adaptive sampling).
 *
 * What it means for the gate: a regression needs the interval's lower end above +θ, so a true
 * change Δ is flagged with 80% power once ln(1 + Δ) ≥ ln(1 + θ) + δ (about θ + mde). A row whose
 * mde exceeds θ cannot tell a change of θ from none.
 */
import { normalQuantile, studentTQuantile } from './distributions.js';
import { assertConfLevel } from './validate.js';

/** The power the mde is quoted at. */
export const MDE_POWER = 0.8;

const quantile = (p: number, df?: number): number => (df === undefined ? normalQuantile(p) : studentTQuantile(p, df));

/** The standard error a two-sided interval [lo, hi] (log scale) at `level` implies. */
export function intervalSe(logCi: readonly [number, number], level: number, df?: number): number {
  assertConfLevel(level);
  const [lo, hi] = logCi;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi))
    throw new RangeError(`intervalSe: expected a finite interval lo <= hi, got [${lo}, ${hi}]`);
  return (hi - lo) / (2 * quantile((1 + level) / 2, df));
}

/** δ = (q_{(1+level)/2} + q_{power}) · SE on the log scale. */
export function logMde(se: number, level: number, df?: number): number {
  assertConfLevel(level);
  if (!(se >= 0 && Number.isFinite(se))) throw new RangeError(`logMde: SE must be finite and >= 0, got ${se}`);
  return (quantile((1 + level) / 2, df) + quantile(MDE_POWER, df)) * se;
}

/**
 * The mde of a row from its relative interval [lo, hi] (in the metric's own terms or in cost
 * terms: the log width is the same) at `level`; null when the row has no interval to speak of
 * (NaN ends, level 0: no interval was reachable).
 */
export function mdeOfInterval(ci: readonly [number, number], level: number, df?: number): number | null {
  if (!(level > 0 && level < 1) || !ci.every((v) => Number.isFinite(v) && v > -1) || ci[0] > ci[1]) return null;
  const se = intervalSe([Math.log1p(ci[0]), Math.log1p(ci[1])], level, df);
  return Math.expm1(logMde(se, level, df));
}

/**
 * The spread of one pair's log ratio that an interval from `pairs` pairs implies (SE·√n): the
 * pair noise, on the scale of "2.1% pair noise" (SD of log ratios).
 */
export function pairNoise(ci: readonly [number, number], level: number, pairs: number): number {
  return intervalSe([Math.log1p(ci[0]), Math.log1p(ci[1])], level) * Math.sqrt(pairs);
}

/**
 * Pairs at which the mde would reach θ at the same level and noise, SE falling as 1/√n:
 * ⌈n · (ln(1 + mde) / ln(1 + θ))²⌉; Infinity for θ = 0 with any noise.
 */
export function pairsForMde(mde: number, threshold: number, pairs: number): number {
  if (!(mde >= 0) || !(threshold >= 0) || !(pairs >= 1))
    throw new RangeError(`pairsForMde: expected mde >= 0, θ >= 0, pairs >= 1, got ${mde}, ${threshold}, ${pairs}`);
  if (mde <= threshold) return pairs;
  if (threshold === 0) return Infinity;
  return Math.ceil(pairs * (Math.log1p(mde) / Math.log1p(threshold)) ** 2 - 1e-9);
}
