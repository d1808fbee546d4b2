/**
 * From samples to a verdict (docs/ARCHITECTURE.md §4). Intervals are computed on log ratios, where a
 * multiplicative change is a shift and the rank methods apply, then mapped back to relative
 * change: change = exp(estimate) − 1, ci = [exp(lo) − 1, exp(hi) − 1]. The threshold θ is
 * relative (0.02 = 2%) and is compared with the relative interval on both sides: regression
 * beyond +θ, improvement beyond −θ (not −ln(1+θ), which would be a smaller relative change).
 */
import { normalQuantile } from './distributions.js';
import { intervalSe } from './mde.js';
import { assertConfLevel, assertPositiveSample } from './validate.js';
import { type LocationInterval, signedRankInterval, signedRankTest } from './wilcoxon.js';

export type Verdict = 'regression' | 'improvement' | 'unchanged' | 'inconclusive';

/**
 * Verdict for a relative confidence interval [lo, hi] and threshold θ:
 * regression if lo > θ; improvement if hi < −θ; unchanged if −θ < lo and hi < θ; otherwise
 * inconclusive (including an interval with NaN ends, which must never pass as unchanged).
 */
export function classify(ci: readonly [number, number], threshold: number): Verdict {
  assertThreshold(threshold);
  const [lo, hi] = ci;
  if (lo > threshold) return 'regression';
  if (hi < -threshold) return 'improvement';
  if (lo > -threshold && hi < threshold) return 'unchanged';
  return 'inconclusive';
}

/** `higher` when higher is better (throughput, requests/s); absent: lower is better (time, counts). */
export type Direction = 'higher' | undefined;

/**
 * A relative change of a higher-is-better metric x as the change of its cost 1/x, where a drop
 * is a positive change (a 10% throughput drop is an 11.1% cost rise). The map
 * c ↦ 1/(1 + c) − 1 is its own inverse, so the same call converts back.
 */
export function costChange(change: number, direction: Direction): number {
  return direction === 'higher' ? 1 / (1 + change) - 1 : change;
}

/** An interval through costChange: for higher-is-better the ends swap. */
export function costInterval(ci: readonly [number, number], direction: Direction): [number, number] {
  return direction === 'higher' ? [costChange(ci[1], direction), costChange(ci[0], direction)] : [ci[0], ci[1]];
}

/**
 * THE verdict of a row: its interval of relative change in the metric's own terms (as
 * comparison.json stores it), the level that interval reached, θ and the metric's direction.
 * Every path that turns an interval into a verdict calls this one (analysis paired and across
 * sessions, shard merge), so a throughput drop is a regression everywhere; fix follow-ups in
 * report/investigation-render.ts judge in the same cost terms (costInterval).
 * Level 0 is R's answer when no interval is reachable (a few samples, mostly tied: the
 * "interval" is the median repeated), so there is nothing to classify.
 */
export function verdictOf(
  ci: readonly [number, number],
  confLevel: number,
  threshold: number,
  direction: Direction,
): Verdict {
  assertThreshold(threshold);
  if (!(confLevel > 0)) return 'inconclusive';
  return classify(costInterval(ci, direction), threshold);
}

/** Maps a log-scale estimate and interval to relative change. */
export function toRelative(
  logEstimate: number,
  logCi: readonly [number, number],
): { change: number; ci: [number, number] } {
  return { change: Math.expm1(logEstimate), ci: [Math.expm1(logCi[0]), Math.expm1(logCi[1])] };
}

export interface CompareOptions {
  /** Noise threshold θ, relative (0.02 = 2%), in [0, 1). */
  threshold: number;
  /** Level of the two-sided interval; default 0.95. */
  confLevel?: number;
}

export interface Comparison {
  design: 'paired' | 'unpaired';
  /** Relative change head vs base (0.031 = +3.1%; positive = slower/more). */
  change: number;
  ci: [number, number];
  /** The same on the log scale, as computed. */
  logEstimate: number;
  logCi: [number, number];
  /**
   * One-sided p-value of H0: shift <= ln(1 + θ) against "greater" — evidence of a regression
   * beyond the threshold; the input to Benjamini–Hochberg across gated rows.
   */
  p: number;
  verdict: Verdict;
  threshold: number;
  /** Level the interval achieves (below the requested one only for tiny samples). */
  confLevel: number;
  /** Whether the interval used the exact null distribution. */
  exact: boolean;
  n: { base: number; head: number };
}

/**
 * Paired A/B analysis on r_i = ln(head_i / base_i): Hodges–Lehmann estimate and signed-rank
 * interval from all r_i (signedRankInterval), p from the signed-rank test with
 * mu = ln(1 + θ), alternative "greater".
 */
export function comparePaired(base: readonly number[], head: readonly number[], options: CompareOptions): Comparison {
  const { threshold, confLevel } = checkOptions(options);
  assertPositiveSample('base', base);
  assertPositiveSample('head', head);
  if (base.length !== head.length) {
    throw new RangeError(`paired samples must have the same length, got base ${base.length} and head ${head.length}`);
  }
  const ratios = head.map((h, i) => Math.log(h / (base[i] as number)));
  const interval = signedRankInterval(ratios, { confLevel });
  const test = signedRankTest(ratios, { mu: Math.log1p(threshold), alternative: 'greater' });
  return assemble('paired', interval, test.pValue, threshold, { base: base.length, head: head.length });
}

export interface GeomeanInput {
  logEstimate: number;
  logCi: readonly [number, number];
  confLevel: number;
}

export interface GeomeanChange {
  /** exp(mean of the log estimates) − 1. */
  change: number;
  ci: [number, number];
  logEstimate: number;
  logCi: [number, number];
  confLevel: number;
  count: number;
}

/**
 * Geometric-mean change across rows: the mean of the per-row log estimates, with a normal
 * interval whose standard error combines the rows' own uncertainties,
 * SE = √(Σ SE_i²) / K, SE_i = (hi_i − lo_i) / (2·z_{(1+level_i)/2}).
 * This is the uncertainty of this suite's geomean (rows measured independently), defined for
 * K = 1 and shrinking as rows get more precise. A t-interval over the K estimates would
 * instead treat the benchmarks as a sample from a population of benchmarks — a different
 * question, and undefined for one benchmark.
 */
export function geomeanChange(rows: readonly GeomeanInput[], confLevel = 0.95): GeomeanChange {
  assertConfLevel(confLevel);
  if (rows.length === 0) throw new RangeError('geomeanChange: expected at least one row');
  let sum = 0;
  let variance = 0;
  rows.forEach((row, i) => {
    const [lo, hi] = row.logCi;
    if (![row.logEstimate, lo, hi].every(Number.isFinite) || lo > hi) {
      throw new RangeError(`geomeanChange: row ${i} needs a finite estimate and a finite interval lo <= hi`);
    }
    assertConfLevel(row.confLevel);
    const se = intervalSe([lo, hi], row.confLevel);
    sum += row.logEstimate;
    variance += se * se;
  });
  const k = rows.length;
  const logEstimate = sum / k;
  const half = (normalQuantile((1 + confLevel) / 2) * Math.sqrt(variance)) / k;
  const logCi: [number, number] = [logEstimate - half, logEstimate + half];
  return { ...toRelative(logEstimate, logCi), logEstimate, logCi, confLevel, count: k };
}

function assertThreshold(threshold: number): void {
  if (!(threshold >= 0 && threshold < 1)) {
    throw new RangeError(`threshold must be a relative change in [0, 1) (0.02 = 2%), got ${threshold}`);
  }
}

function checkOptions(options: CompareOptions): { threshold: number; confLevel: number } {
  assertThreshold(options.threshold);
  const confLevel = options.confLevel ?? 0.95;
  assertConfLevel(confLevel);
  return { threshold: options.threshold, confLevel };
}

function assemble(
  design: 'paired' | 'unpaired',
  interval: LocationInterval,
  p: number,
  threshold: number,
  n: { base: number; head: number },
): Comparison {
  const relative = toRelative(interval.estimate, interval.ci);
  return {
    design,
    change: relative.change,
    ci: relative.ci,
    logEstimate: interval.estimate,
    logCi: interval.ci,
    p,
    verdict: verdictOf(relative.ci, interval.confLevel, threshold, undefined),
    threshold,
    confLevel: interval.confLevel,
    exact: interval.exact,
    n,
  };
}
