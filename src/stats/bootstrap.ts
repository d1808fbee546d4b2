/**
 * Bootstrap confidence intervals of an arbitrary statistic, one- and two-sample, percentile or
 * BCa (Efron & Tibshirani, An Introduction to the Bootstrap, 1993, ch. 13–14). simple-statistics
 * can draw a resample but has no intervals. Every result carries the seed that reproduces it.
 *
 * Conventions (the same as scipy.stats.bootstrap, so results can be cross-checked):
 * - interval ends are type-7 (linear) quantiles of the B bootstrap statistics;
 * - BCa bias correction z0 = Φ⁻¹((#{θ* < θ̂} + #{θ* = θ̂}/2) / B): counting ties as half keeps
 *   z0 sensible for discrete statistics such as medians of small samples;
 * - BCa acceleration from the jackknife; with two samples each sample is jackknifed in turn and
 *   the influence terms of both are pooled (scipy's multi-sample formula, which reduces to
 *   E&T eq. 14.15 for one sample).
 * Two-sample resampling draws each sample independently with replacement (unpaired design).
 */
import { quantileSorted } from 'simple-statistics';
import { normalCdf, normalQuantile } from './distributions.js';
import { DEFAULT_SEED, type Rng, createRng } from './rng.js';
import { assertConfLevel, assertInteger, assertSample } from './validate.js';

const { floor } = Math;

export type BootstrapMethod = 'percentile' | 'bca';

export interface BootstrapOptions {
  /** Number of resamples B; default 10000. */
  resamples?: number;
  /** Default 0.95. */
  confLevel?: number;
  /** Default DEFAULT_SEED; recorded in the result. */
  seed?: number;
  /** Default 'bca'. */
  method?: BootstrapMethod;
}

export interface BootstrapResult {
  /** The statistic on the original sample(s). */
  estimate: number;
  ci: [number, number];
  confLevel: number;
  method: BootstrapMethod;
  resamples: number;
  seed: number;
}

export type Statistic = (sample: readonly number[]) => number;
export type TwoSampleStatistic = (x: readonly number[], y: readonly number[]) => number;

/** Bootstrap confidence interval of `statistic` on one sample. */
export function bootstrapCi(
  x: readonly number[],
  statistic: Statistic,
  options: BootstrapOptions = {},
): BootstrapResult {
  assertSample('x', x);
  const settings = resolve(options);
  const rng = createRng(settings.seed);
  const estimate = checked(statistic(x));
  const replicates = new Float64Array(settings.resamples);
  const rx = x.slice(); // packed, not holey: new Array(n) is several times slower to fill and read
  const ux = new Float64Array(x.length);
  for (let b = 0; b < settings.resamples; b++) replicates[b] = checked(statistic(resample(x, rng, ux, rx)));
  const acceleration = settings.method === 'bca' ? jackknifeAcceleration([jackknife(x, statistic)]) : 0;
  return finish(estimate, replicates, acceleration, settings);
}

/** Bootstrap confidence interval of `statistic(x, y)`, resampling x and y independently. */
export function bootstrapCi2(
  x: readonly number[],
  y: readonly number[],
  statistic: TwoSampleStatistic,
  options: BootstrapOptions = {},
): BootstrapResult {
  assertSample('x', x);
  assertSample('y', y);
  const settings = resolve(options);
  const rng = createRng(settings.seed);
  const estimate = checked(statistic(x, y));
  const replicates = new Float64Array(settings.resamples);
  const rx = x.slice(); // packed, not holey: new Array(n) is several times slower to fill and read
  const ry = y.slice();
  const ux = new Float64Array(x.length);
  const uy = new Float64Array(y.length);
  for (let b = 0; b < settings.resamples; b++) {
    replicates[b] = checked(statistic(resample(x, rng, ux, rx), resample(y, rng, uy, ry)));
  }
  const acceleration =
    settings.method === 'bca'
      ? jackknifeAcceleration([jackknife(x, (xs) => statistic(xs, y)), jackknife(y, (ys) => statistic(x, ys))])
      : 0;
  return finish(estimate, replicates, acceleration, settings);
}

/**
 * bootstrapCi2(x, y, (a, b) => mean(b) / mean(a) − 1), the mean being a sum in index order: the
 * same resamples, drawn in the same order, and the same replicates, bit for bit (each resample's
 * sum is accumulated as it is drawn, by rng.resampleSum, instead of written out and read back). The jackknife's
 * leave-one-out means come from the totals, (Σ − xᵢ)/(n − 1): O(n) instead of O(n²), and equal
 * to a fresh sum but for the last bits, which move the interval in its 12th digit or so. It is
 * the interval of every step of the history (`history detect`, the dashboard, the alert):
 * hundreds of them per command over a year of nightly runs.
 */
export function bootstrapMeanRatio(
  x: readonly number[],
  y: readonly number[],
  options: BootstrapOptions = {},
): BootstrapResult {
  assertSample('x', x);
  assertSample('y', y);
  const settings = resolve(options);
  const rng = createRng(settings.seed);
  const sx = sum(x);
  const sy = sum(y);
  const my = sy / y.length;
  const estimate = checked(my / (sx / x.length) - 1);
  const replicates = new Float64Array(settings.resamples);
  for (let b = 0; b < settings.resamples; b++) {
    const rx = rng.resampleSum(x) / x.length;
    replicates[b] = checked(rng.resampleSum(y) / y.length / rx - 1);
  }
  const acceleration =
    settings.method === 'bca'
      ? jackknifeAcceleration([
          leaveOneOut(x, sx, (mean) => my / mean - 1),
          leaveOneOut(y, sy, (mean) => mean / (sx / x.length) - 1),
        ])
      : 0;
  return finish(estimate, replicates, acceleration, settings);
}

function sum(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s;
}

/** jackknife() of a statistic of the mean, from the total: the mean without xᵢ is (Σ − xᵢ)/(n − 1). */
function leaveOneOut(x: readonly number[], total: number, ofMean: (mean: number) => number): Float64Array {
  if (x.length < 2) return new Float64Array(0);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = checked(ofMean((total - (x[i] as number)) / (x.length - 1)));
  return out;
}

interface Settings {
  resamples: number;
  confLevel: number;
  seed: number;
  method: BootstrapMethod;
}

function resolve(options: BootstrapOptions): Settings {
  const settings: Settings = {
    resamples: options.resamples ?? 10000,
    confLevel: options.confLevel ?? 0.95,
    seed: options.seed ?? DEFAULT_SEED,
    method: options.method ?? 'bca',
  };
  assertInteger('resamples', settings.resamples, 2);
  assertConfLevel(settings.confLevel);
  return settings;
}

function checked(value: number): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(`bootstrap statistic returned ${value}; it must return a finite number`);
  }
  return value;
}

/**
 * A resample of x into `out` (reused across resamples: a statistic reads its sample and keeps no
 * reference to it). A new array per resample was most of the time of `history detect` over a
 * year of nightly runs (allocation and garbage collection of 2000 × ~180 values per step).
 * The indexes are rng.int(n)'s, floor(u · n), from uniforms drawn in bulk into `u` (x.length long).
 */
function resample(x: readonly number[], rng: Rng, u: Float64Array, out: number[]): number[] {
  rng.uniforms(u);
  const n = x.length;
  for (let i = 0; i < n; i++) out[i] = x[floor((u[i] as number) * n)] as number;
  return out;
}

/** Leave-one-out values of the statistic (none for a single observation: nothing to leave). */
function jackknife(x: readonly number[], statistic: Statistic): Float64Array {
  if (x.length < 2) return new Float64Array(0);
  const out = new Float64Array(x.length);
  // The leave-one-out sample, kept in one array: leaving out i + 1 instead of i puts x[i] back
  // where x[i + 1] was (x without x[i]: x[0..i-1], x[i+1..]).
  const rest = x.slice(1);
  for (let i = 0; i < x.length; i++) {
    if (i > 0) rest[i - 1] = x[i - 1] as number;
    out[i] = checked(statistic(rest));
  }
  return out;
}

/**
 * a = Σ_j Σ_i U_ji³ / n_j³ / (6 (Σ_j Σ_i U_ji² / n_j²)^{3/2}), U_ji = (n_j − 1)(θ̄_j − θ_(i)),
 * over samples j and their leave-one-out values i.
 */
function jackknifeAcceleration(samples: readonly Float64Array[]): number {
  let num = 0;
  let den = 0;
  for (const values of samples) {
    const n = values.length;
    if (n === 0) continue;
    let mean = 0;
    for (const v of values) mean += v / n;
    let s2 = 0;
    let s3 = 0;
    for (const v of values) {
      const u = (n - 1) * (mean - v);
      s2 += u * u;
      s3 += u * u * u;
    }
    num += s3 / n ** 3;
    den += s2 / n ** 2;
  }
  return den === 0 ? 0 : num / (6 * den ** 1.5);
}

function finish(estimate: number, replicates: Float64Array, acceleration: number, settings: Settings): BootstrapResult {
  // A typed array sorts numerically without a comparator call per comparison.
  const sorted = Array.from(replicates.slice().sort());
  const alpha = 1 - settings.confLevel;
  let probs: [number, number] = [alpha / 2, 1 - alpha / 2];
  if (settings.method === 'bca') {
    let below = 0;
    let equal = 0;
    for (const r of sorted) {
      if (r < estimate) below++;
      else if (r === estimate) equal++;
    }
    const z0 = normalQuantile((below + equal / 2) / sorted.length);
    if (!Number.isFinite(z0)) {
      throw new RangeError(
        'BCa bias correction is infinite: every bootstrap statistic lies on one side of the ' +
          'estimate; use the percentile method',
      );
    }
    const adjust = (p: number): number => {
      const z = z0 + normalQuantile(p);
      return normalCdf(z0 + z / (1 - acceleration * z));
    };
    probs = [adjust(probs[0]), adjust(probs[1])];
  }
  return {
    estimate,
    ci: [quantileSorted(sorted, probs[0]), quantileSorted(sorted, probs[1])],
    confLevel: settings.confLevel,
    method: settings.method,
    resamples: settings.resamples,
    seed: settings.seed,
  };
}
