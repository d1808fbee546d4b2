/**
 * Change points in a nightly series: E-divisive means with a Student t significance test over
 * sliding windows, the method of Apache Otava (ex-Hunter; Fleming et al., "Hunter: Using Change
 * Point Detection to Hunt for Performance Regressions", ICPE 2023; Otava's docs/MATH.md), after
 * Matteson & James (2014). Written from the published method and checked against the change
 * points Otava's own tests assert on a real series (__tests__/stats/changepoint-otava.test.ts).
 *
 * 1. Split: windows of `window` points, each starting half a window after the previous one (or
 *    at the last change point found in it). In each window, divisive segmentation: the split τ
 *    (with an end κ) that maximises the energy statistic Q̂ between Z[s:τ] and Z[τ:κ] over all
 *    segments is tested with a two-sided Student t test between the two sides of its segment;
 *    a significant one is kept and the search repeats, the first insignificant one stops it.
 *    This pass uses a relaxed p (10× p below 0.05, 2× below 0.5): its points are "weak".
 * 2. Merge: each weak point is re-tested between its neighbours; repeatedly the point with the
 *    largest p above `p` (or, when every p is below it, the one with the smallest magnitude when
 *    that is at most `minMagnitude`) is dropped and its neighbours re-tested.
 *
 * Two details are kept exactly as Otava has them (in 'otava' mode) because its results depend on them:
 * - the t test is scipy's `ttest_ind_from_stats` (pooled variance) fed the POPULATION standard
 *   deviations (numpy's default ddof = 0), so the pooled variance is Σ(x − x̄)² / (n₁ + n₂ − 2)
 *   without the usual n/(n − 1) factors;
 * - after a point is dropped, the points re-tested are the one that took its place in the list
 *   and the one after it (not the one before it), so the left neighbour keeps its old p.
 *
 * What perfgate adds (`mode: 'robust'`, the default; `mode: 'otava'` is Otava exactly):
 * - an outlier guard. A nightly series has single slow nights (a noisy neighbour, a cold cache),
 *   and Otava reports such a night as two change points (in and out: 10 and 11 on the
 *   conformance series at p 0.1), and near a real step it can report a lone night as a step in
 *   and out even at p 0.001. Before detection, each point farther than OUTLIER_K robust
 *   standard deviations from the median of its neighbourhood (two points either side) is
 *   replaced by the median of its neighbours. A real step survives: its new level is the neighbourhood's
 *   majority from the step's first night on (from its second night at the end of the series);
 * - segments of at least MIN_SEGMENT points: a change point next to a shorter segment is merged
 *   away first (a burst of two noisy nights is not a new level);
 * - after a merge, the dropped point's left and right neighbours are re-tested (Otava re-tests
 *   the right one and the one after it, so the left one keeps a stale p).
 * On synthetic nightly series with outliers this lifts precision from ~55% to ~100% at the same
 * recall (`npm run bench:changepoint`); on the conformance series it still finds exactly
 * [15, 71] at window 30, p 0.01, magnitude 5%.
 */
import { studentTCdf } from './distributions.js';
import { assertSample } from './validate.js';

export interface ChangePointOptions {
  /** Points per sliding window (Otava's window_len; Otava's default is 50). */
  window: number;
  /** Largest p-value of a change point (Otava's max_pvalue). */
  p: number;
  /** Smallest relative change kept (0.05 = 5%; Otava's min_magnitude). */
  minMagnitude: number;
  /** 'robust' (default): perfgate's guards against outliers and short segments; 'otava': Otava exactly. */
  mode?: 'robust' | 'otava';
}

/**
 * Defaults of `perfgate history detect`: Otava's window and p (50, 0.001), and 2% magnitude,
 * twice the night-to-night noise of a quiet benchmark (callers that know the metric's noise
 * threshold θ pass that instead). `npm run bench:changepoint` prints what they achieve.
 */
export const DEFAULT_CHANGEPOINT_OPTIONS = { window: 50, p: 0.001, minMagnitude: 0.02 } as const;

export interface ChangePoint {
  /** Position of the first point after the step. */
  index: number;
  /** Mean of the segment before the step (from the previous change point). */
  before: number;
  /** Mean of the segment after it (up to the next change point). */
  after: number;
  /** Relative change after/before − 1 (0.05 = 5% higher), 0 when before is 0 (as Otava). */
  change: number;
  /** Two-sided p-value of the t test between the two segments. */
  p: number;
}

export interface ChangePointResult {
  changePoints: ChangePoint[];
  /** Indexes the outlier guard replaced by their neighbourhood's median (none in 'otava' mode). */
  outliers: number[];
}

/** Two-sample comparison as Otava's TTestSignificanceTester.compare computes it. */
export interface TTest {
  meanBefore: number;
  meanAfter: number;
  /** Population standard deviations (ddof 0), 0 for a single point. */
  sdBefore: number;
  sdAfter: number;
  t: number;
  p: number;
}

function mean(x: readonly number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] as number;
  return s / (to - from);
}

function populationSd(x: readonly number[], from: number, to: number, m: number): number {
  if (to - from < 2) return 0;
  let ss = 0;
  for (let i = from; i < to; i++) ss += ((x[i] as number) - m) ** 2;
  return Math.sqrt(ss / (to - from));
}

/**
 * Student t test of x[a:b] against x[b:c] with pooled variance, given population standard
 * deviations (see the module comment). p = 1 when there are only two points (no degree of
 * freedom); p = 0 when both sides are constant but differ; p = 1 when they are constant and equal
 * (scipy gives NaN there, which Otava's comparisons treat as not significant).
 */
export function tTest(x: readonly number[], a: number, b: number, c: number): TTest {
  if (!(a < b && b < c)) throw new RangeError(`tTest: expected a < b < c, got ${a}, ${b}, ${c}`);
  const n1 = b - a;
  const n2 = c - b;
  const m1 = mean(x, a, b);
  const m2 = mean(x, b, c);
  const s1 = populationSd(x, a, b, m1);
  const s2 = populationSd(x, b, c, m2);
  const base = { meanBefore: m1, meanAfter: m2, sdBefore: s1, sdAfter: s2 };
  if (n1 + n2 <= 2) return { ...base, t: NaN, p: 1 };
  const df = n1 + n2 - 2;
  const pooled = ((n1 - 1) * s1 * s1 + (n2 - 1) * s2 * s2) / df;
  const se = Math.sqrt(pooled * (1 / n1 + 1 / n2));
  const diff = m1 - m2;
  if (se === 0) return diff === 0 ? { ...base, t: NaN, p: 1 } : { ...base, t: diff > 0 ? Infinity : -Infinity, p: 0 };
  const t = diff / se;
  return { ...base, t, p: Math.min(1, 2 * studentTCdf(-Math.abs(t), df)) };
}

/** Relative change after/before − 1, and Otava's magnitude max(|after/before − 1|, |before/after − 1|). */
function forwardChange(before: number, after: number): number {
  return before === 0 ? 0 : after / before - 1;
}
function magnitude(before: number, after: number): number {
  return Math.max(Math.abs(forwardChange(before, after)), Math.abs(after === 0 ? 0 : before / after - 1));
}

export interface Candidate {
  index: number;
  qhat: number;
}

/**
 * The best split of z[s:e]: the τ (s < τ < e) and κ (τ < κ ≤ e) maximising
 *   Q̂(X = z[s:τ], Y = z[τ:κ]) = 2/(n+m) ΣΣ|Xᵢ − Yⱼ| − 2m/((n+m)(n−1)) Σᵢ<ₖ|Xᵢ − Xₖ| − 2n/((n+m)(m−1)) Σⱼ<ₖ|Yⱼ − Yₖ|
 * (n = τ − s, m = κ − τ; a within-sum term is 0 for a single point). Ties go to the smallest τ,
 * then the smallest κ, as numpy's argmax over Otava's (τ, κ) matrix does. O((e − s)²) through
 * W(a, b) = Σ_{a≤i<j<b} |zᵢ − zⱼ|, since the cross sum of [s,τ)×[τ,κ) is W(s,κ) − W(s,τ) − W(τ,κ).
 */
export function bestSplit(z: readonly number[], s: number, e: number): Candidate {
  const L = e - s;
  if (L < 2) throw new RangeError(`bestSplit: a segment needs 2 points, got [${s}, ${e})`);
  // w[a][b] for s ≤ a ≤ b ≤ e, stored at (a − s)(L + 1) + (b − s).
  const w = new Float64Array((L + 1) * (L + 1));
  const at = (a: number, b: number): number => (a - s) * (L + 1) + (b - s);
  for (let c = s; c < e; c++) {
    // Adding point c to every [a, c): W(a, c + 1) = W(a, c) + Σ_{a≤i<c} |z_i − z_c|.
    let col = 0;
    w[at(c, c + 1)] = 0;
    for (let a = c - 1; a >= s; a--) {
      col += Math.abs((z[a] as number) - (z[c] as number));
      w[at(a, c + 1)] = (w[at(a, c)] as number) + col;
    }
  }
  let best: Candidate = { index: s + 1, qhat: -Infinity };
  for (let tau = s + 1; tau < e; tau++) {
    const n = tau - s;
    const wx = w[at(s, tau)] as number;
    for (let kappa = tau + 1; kappa <= e; kappa++) {
      const m = kappa - tau;
      const wy = w[at(tau, kappa)] as number;
      const cross = (w[at(s, kappa)] as number) - wx - wy;
      const total = kappa - s;
      const a = (2 / total) * cross;
      const b = n > 1 ? ((2 * m) / (total * (n - 1))) * wx : 0;
      const c = m > 1 ? ((2 * n) / (total * (m - 1))) * wy : 0;
      const q = a - b - c;
      if (q > best.qhat) best = { index: tau, qhat: q };
    }
  }
  return best;
}

interface Weak {
  index: number;
  test: TTest;
}

/** Segment bounds [0, c₁), [c₁, c₂), …, [c_k, n) for sorted change point indexes. */
function bounds(indexes: readonly number[], n: number): number[] {
  return [0, ...indexes, n];
}

/**
 * Divisive segmentation of z[from:to] (Otava's ChangePointDetector on one window): the best
 * candidate over all current segments is tested within its segment; keep while p ≤ maxP.
 */
function divisive(z: readonly number[], from: number, to: number, maxP: number): number[] {
  const found: number[] = [];
  // A segment's best split, by its start: a split changes only the segment it cuts, so the
  // others' are not searched again (each search is O(length²)).
  const splits = new Map<number, { end: number; cand: Candidate }>();
  for (;;) {
    const cuts = [from, ...found, to];
    let best: Candidate | null = null;
    let seg = 0;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const s = cuts[i] as number;
      const e = cuts[i + 1] as number;
      if (e - s < 2) continue;
      let known = splits.get(s);
      if (known?.end !== e) splits.set(s, (known = { end: e, cand: bestSplit(z, s, e) }));
      const cand = known.cand;
      if (best === null || cand.qhat > best.qhat) {
        best = cand;
        seg = i;
      }
    }
    if (best === null) return found;
    const test = tTest(z, cuts[seg] as number, best.index, cuts[seg + 1] as number);
    if (!(test.p <= maxP)) return found;
    found.push(best.index);
    found.sort((x, y) => x - y);
  }
}

/** Step 1: the weak change points of the whole series at the relaxed p, each tested between its neighbours. */
export function weakChangePoints(z: readonly number[], window: number, firstPassP: number): number[] {
  const step = Math.floor(window / 2);
  const seen = new Set<number>();
  let start = 0;
  while (start < z.length) {
    const end = Math.min(start + window, z.length);
    const found = divisive(z, start, end, firstPassP);
    for (const i of found) seen.add(i);
    start = Math.max(found.length > 0 ? (found[found.length - 1] as number) : 0, start + step);
  }
  return [...seen].sort((x, y) => x - y);
}

/** Otava's first-pass (weak) p-value for a final p. */
export function firstPassP(p: number): number {
  return p < 0.05 ? p * 10 : p < 0.5 ? p * 2 : p;
}

function testAll(z: readonly number[], indexes: readonly number[]): Weak[] {
  const cuts = bounds(indexes, z.length);
  return indexes.map((index, i) => ({ index, test: tTest(z, cuts[i] as number, index, cuts[i + 2] as number) }));
}

/**
 * Step 2: drop weak points until every p < maxP and every magnitude > minMagnitude (and, in
 * robust mode, every segment has at least minSegment points).
 */
function mergeWeak(z: readonly number[], points: Weak[], maxP: number, minMagnitude: number, robust: boolean): Weak[] {
  const cps = [...points];
  const mag = (c: Weak): number => magnitude(c.test.meanBefore, c.test.meanAfter);
  const largestP = (among: number[]): number =>
    among.reduce((w, i) => ((cps[i] as Weak).test.p > (cps[w] as Weak).test.p ? i : w), among[0] as number);
  while (cps.length > 0) {
    const cuts = bounds(
      cps.map((c) => c.index),
      z.length,
    );
    const short = robust
      ? cps
          .map((_, i) => i)
          .filter(
            (i) =>
              Math.min(
                (cuts[i + 1] as number) - (cuts[i] as number),
                (cuts[i + 2] as number) - (cuts[i + 1] as number),
              ) < MIN_SEGMENT,
          )
      : [];
    let weakest: number;
    if (short.length > 0) {
      weakest = largestP(short);
    } else {
      weakest = largestP(cps.map((_, i) => i));
      if ((cps[weakest] as Weak).test.p < maxP) {
        weakest = cps.reduce((w, c, i) => (mag(c) < mag(cps[w] as Weak) ? i : w), 0);
        if (mag(cps[weakest] as Weak) > minMagnitude) return cps;
      }
    }
    cps.splice(weakest, 1);
    const after = bounds(
      cps.map((c) => c.index),
      z.length,
    );
    // Otava re-tests the point that moved into the dropped one's place and the one after it;
    // the ones whose segments changed are the one before and the one after the dropped point.
    for (const k of robust ? [weakest - 1, weakest] : [weakest, weakest + 1]) {
      const c = cps[k];
      if (c) cps[k] = { index: c.index, test: tTest(z, after[k] as number, c.index, after[k + 2] as number) };
    }
  }
  return cps;
}

/**
 * Robust mode: fewest points a segment between change points may have. A shorter one is a burst
 * of noise or a slow night or two, not a new level; it also means a step at the end of the
 * series is reported once MIN_SEGMENT nights confirm it.
 */
export const MIN_SEGMENT = 3;

/** Robust standard deviations from the neighbourhood median beyond which a point is an outlier. */
export const OUTLIER_K = 5;
/** Neighbours on each side that make a point's neighbourhood. */
const OUTLIER_HALF_WIDTH = 2;

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const h = values.length >> 1;
  return values.length % 2 === 1 ? (values[h] as number) : ((values[h - 1] as number) + (values[h] as number)) / 2;
}

/** Up to `h` points on each side of i that are not flagged, nearest first. */
function neighbours(z: readonly number[], flagged: readonly boolean[], i: number, h: number): number[] {
  const out: number[] = [];
  for (let j = i - 1, k = 0; j >= 0 && k < h; j--)
    if (!flagged[j]) {
      out.push(z[j] as number);
      k++;
    }
  for (let j = i + 1, k = 0; j < z.length && k < h; j++)
    if (!flagged[j]) {
      out.push(z[j] as number);
      k++;
    }
  return out;
}

/**
 * Replaces outliers by the median of their neighbourhood (two unflagged points on each side,
 * fewer at the ends). The scale is global, 1.4826 × the median absolute residual of each point
 * from the median of itself and its neighbours: a five-point MAD is too noisy to judge one
 * point by, and the running median follows steps and drifts, so neither inflates the scale.
 * Flagging goes one point at a time, worst first, and later medians skip flagged points: a slow
 * night next to a step would otherwise drag its neighbours' medians and flag a good point. A
 * point is an outlier when its residual exceeds OUTLIER_K × scale; in a constant series (scale
 * 0: deterministic counts) any lone deviation is one. At most a quarter of the points are
 * flagged: beyond that the "outliers" are the distribution.
 */
export function guardOutliers(z: readonly number[]): { values: number[]; outliers: number[] } {
  const h = OUTLIER_HALF_WIDTH;
  const flagged = z.map(() => false);
  const residual = (i: number): number =>
    Math.abs((z[i] as number) - median([z[i] as number, ...neighbours(z, flagged, i, h)]));
  // Each point's residual is computed once, then again only when a point of its neighbourhood
  // is flagged: those are the h nearest unflagged points on either side of the flagged one.
  // Recomputing every residual per flagged point was O(n²) medians on a noisy series.
  const residuals = Float64Array.from(z, (_, i) => residual(i));
  const scale = 1.4826 * median(Array.from(residuals));
  const outliers: number[] = [];
  while (outliers.length < z.length / 4) {
    let worst = -1;
    let worstResidual = OUTLIER_K * scale;
    for (let i = 0; i < z.length; i++) {
      if (!flagged[i] && (residuals[i] as number) > worstResidual) {
        worst = i;
        worstResidual = residuals[i] as number;
      }
    }
    if (worst < 0) break;
    flagged[worst] = true;
    outliers.push(worst);
    for (const step of [-1, 1])
      for (let j = worst + step, k = 0; j >= 0 && j < z.length && k < h; j += step)
        if (!flagged[j]) {
          residuals[j] = residual(j);
          k++;
        }
  }
  outliers.sort((a, b) => a - b);
  const values = [...z];
  for (const i of outliers) {
    const around = neighbours(z, flagged, i, h);
    if (around.length > 0) values[i] = median(around);
  }
  return { values, outliers };
}

function checkOptions(o: ChangePointOptions): void {
  if (!Number.isInteger(o.window) || o.window < 2)
    throw new RangeError(`window must be a whole number ≥ 2, got ${o.window}`);
  if (!(o.p > 0 && o.p <= 1)) throw new RangeError(`p must be in (0, 1], got ${o.p}`);
  if (!(o.minMagnitude >= 0 && Number.isFinite(o.minMagnitude)))
    throw new RangeError(`minMagnitude must be a finite number ≥ 0, got ${o.minMagnitude}`);
}

/** The change points of a series (oldest first), with the outliers the guard set aside. */
export function detectChangePoints(series: readonly number[], options: ChangePointOptions): ChangePointResult {
  checkOptions(options);
  if (series.length === 0) return { changePoints: [], outliers: [] };
  assertSample('series', series);
  const robust = options.mode !== 'otava';
  const { values, outliers } = robust ? guardOutliers(series) : { values: [...series], outliers: [] };
  const weak = testAll(values, weakChangePoints(values, options.window, firstPassP(options.p)));
  const kept = mergeWeak(values, weak, options.p, options.minMagnitude, robust);
  return {
    changePoints: kept.map((c) => ({
      index: c.index,
      before: c.test.meanBefore,
      after: c.test.meanAfter,
      change: forwardChange(c.test.meanBefore, c.test.meanAfter),
      p: c.test.p,
    })),
    outliers,
  };
}
