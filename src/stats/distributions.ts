/**
 * Distribution functions for perfgate's tests and intervals, written by hand because
 * simple-statistics has neither the Student t distribution nor the exact null distributions of
 * the rank tests, and its normal cdf (an erf approximation) is too coarse in the tails for
 * p-values that go through Benjamini–Hochberg.
 *
 * - Normal cdf: W. J. Cody's rational Chebyshev approximations, as in R's pnorm (full double
 *   precision, both tails computed directly so small upper tails are not 1 − (almost 1)).
 * - Normal quantile: Wichura's AS 241 (PPND16), relative accuracy about 1e-16, as in R's qnorm.
 * - Student t: cdf through the regularized incomplete beta (continued fraction, modified
 *   Lentz), quantile by safeguarded Newton on the cdf.
 * - Wilcoxon signed-rank and Mann–Whitney null distributions: exact, by dynamic programming,
 *   with quantile functions that follow R's qsignrank/qwilcox definitions.
 */
import { assertInteger, assertProbability } from './validate.js';

// The coefficients are quoted digit for digit from R's sources (more digits than a double holds),
// so each can be checked against its publication; the compiler rounds them to the nearest double.
/* eslint-disable no-loss-of-precision */

const DBL_EPSILON = 2.220446049250313e-16;
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;

// Cody (1969/1993) coefficients, as used by R's pnorm_both.
const PN_A = [
  2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113,
] as const;
const PN_B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956] as const;
const PN_C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
] as const;
const PN_D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
] as const;
const PN_P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5,
  0.02307344176494017303,
] as const;
const PN_Q = [
  1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5,
] as const;

/** Standard normal cdf P(Z <= x), or the upper tail P(Z > x) when `lowerTail` is false. */
export function normalCdf(x: number, lowerTail = true): number {
  if (Number.isNaN(x)) throw new RangeError('normalCdf: x is NaN');
  const [lower, upper] = normalBothTails(x);
  return lowerTail ? lower : upper;
}

function normalBothTails(x: number): [number, number] {
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > DBL_EPSILON * 0.5) {
      const xsq = x * x;
      xnum = PN_A[4] * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + (PN_A[i] as number)) * xsq;
        xden = (xden + (PN_B[i] as number)) * xsq;
      }
    }
    const temp = (x * (xnum + PN_A[3])) / (xden + PN_B[3]);
    return [0.5 + temp, 0.5 - temp];
  }
  let temp: number;
  if (y <= SQRT_32) {
    let xnum = PN_C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + (PN_C[i] as number)) * y;
      xden = (xden + (PN_D[i] as number)) * y;
    }
    temp = (xnum + PN_C[7]) / (xden + PN_D[7]);
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let xnum = PN_P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + (PN_P[i] as number)) * xsq;
      xden = (xden + (PN_Q[i] as number)) * xsq;
    }
    temp = (xsq * (xnum + PN_P[4])) / (xden + PN_Q[4]);
    temp = (ONE_OVER_SQRT_2PI - temp) / y;
  } else {
    return x > 0 ? [1, 0] : [0, 1];
  }
  // Splitting x² into a part exact in binary and a small remainder keeps exp(−x²/2) accurate.
  const xsq = Math.trunc(y * 16) / 16;
  const del = (y - xsq) * (y + xsq);
  const small = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp;
  return x > 0 ? [1 - small, small] : [small, 1 - small];
}

// Wichura (1988) AS 241 coefficients.
const AS241_A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
  67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
] as const;
const AS241_B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
  28729.085735721942674, 5226.495278852854561,
] as const;
const AS241_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
  0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
] as const;
const AS241_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
] as const;
const AS241_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
  0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
] as const;
const AS241_F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
] as const;

function horner(coefs: readonly number[], x: number): number {
  let acc = 0;
  for (let i = coefs.length - 1; i >= 0; i--) acc = acc * x + (coefs[i] as number);
  return acc;
}

/** Standard normal quantile: the z with P(Z <= z) = p (−Infinity at 0, +Infinity at 1). */
export function normalQuantile(p: number): number {
  assertProbability('normalQuantile: p', p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_A, r)) / horner(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = horner(AS241_C, r) / horner(AS241_D, r);
  } else {
    r -= 5;
    value = horner(AS241_E, r) / horner(AS241_F, r);
  }
  return q < 0 ? -value : value;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error about 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma: x must be > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection keeps the series in the range where it is accurate.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized incomplete beta I_x(a, b) for a, b > 0 and 0 <= x <= 1. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  assertProbability('regularizedIncompleteBeta: x', x);
  if (!(a > 0 && b > 0)) throw new RangeError(`regularizedIncompleteBeta: a and b must be > 0`);
  return incompleteBeta(x, 1 - x, a, b);
}

/**
 * I_x(a, b) given both x and y = 1 − x, so a caller that knows 1 − x more accurately than the
 * subtraction would give (the t cdf near 0) can pass it in.
 */
function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y));
  // The continued fraction converges fast only on this side of the mean; use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) return h;
  }
  throw new RangeError(`incomplete beta did not converge for a=${a}, b=${b}, x=${x}`);
}

function assertDf(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new RangeError(`degrees of freedom must be a finite number > 0, got ${df}`);
  }
}

/** Student t cdf P(T <= t) with `df` degrees of freedom, or P(T > t) when `lowerTail` is false. */
export function studentTCdf(t: number, df: number, lowerTail = true): number {
  if (Number.isNaN(t)) throw new RangeError('studentTCdf: t is NaN');
  assertDf(df);
  if (df > 4e5) {
    // Abramowitz & Stegun 26.7.8, as R's pt does: the beta route loses accuracy here.
    const v = 1 / (4 * df);
    return normalCdf((t * (1 - v)) / Math.sqrt(1 + t * t * 2 * v), lowerTail);
  }
  if (!Number.isFinite(t)) return t > 0 === lowerTail ? 1 : 0;
  // x = df/(df+t²) written so that neither t² nor its complement overflows or cancels.
  const at = Math.abs(t);
  const ratio = df / at;
  const x = at === 0 ? 1 : ratio / (at + ratio);
  const y = at === 0 ? 0 : at / (at + ratio);
  const tail = 0.5 * incompleteBeta(x, y, df / 2, 0.5); // P(T > |t|)
  return t > 0 === lowerTail ? 1 - tail : tail;
}

function studentTDensity(t: number, df: number): number {
  return Math.exp(
    logGamma((df + 1) / 2) -
      logGamma(df / 2) -
      0.5 * Math.log(df * Math.PI) -
      ((df + 1) / 2) * Math.log1p((t * t) / df),
  );
}

/** Student t quantile: the t with P(T <= t) = p. */
export function studentTQuantile(p: number, df: number): number {
  assertProbability('studentTQuantile: p', p);
  assertDf(df);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Solve on the upper tail of |T|, where p or 1 − p is exact (1 − p is exact for p >= 0.5).
  const q = p < 0.5 ? p : 1 - p;
  const upper = (t: number): number => studentTCdf(t, df, false);
  let lo = 0;
  let hi = Math.max(1, normalQuantile(1 - q));
  while (upper(hi) > q) {
    lo = hi;
    hi *= 2;
  }
  let t = (lo + hi) / 2;
  for (let iter = 0; iter < 200; iter++) {
    const f = upper(t) - q;
    if (f === 0) break;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / studentTDensity(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 4 * DBL_EPSILON * Math.abs(t)) {
      t = next;
      break;
    }
    t = next;
  }
  return p < 0.5 ? -t : t;
}

// ---------------------------------------------------------------------------------------------
// Exact null distributions of the rank statistics.

/** Largest n for which the exact signed-rank distribution is computed (O(n³) time). */
export const MAX_EXACT_SIGNED_RANK_N = 500;
/** Largest m·n for which the exact Mann–Whitney distribution is computed. */
export const MAX_EXACT_MANN_WHITNEY_MN = 10000;

const signedRankCache = new Map<number, Float64Array>();

/**
 * P(V = v), v = 0..n(n+1)/2, for the Wilcoxon signed-rank statistic V under H0. Built by
 * adding rank k with probability ½ to each sum; halving at every step keeps the values exact
 * (counts / 2^n) while counts fit in 53 bits and never overflows beyond.
 */
function signedRankPmfShared(n: number): Float64Array {
  assertInteger('signed-rank n', n, 1);
  if (n > MAX_EXACT_SIGNED_RANK_N) {
    throw new RangeError(
      `exact signed-rank distribution is limited to n <= ${MAX_EXACT_SIGNED_RANK_N}, got ${n}; ` +
        'use the normal approximation',
    );
  }
  const cached = signedRankCache.get(n);
  if (cached) return cached;
  const max = (n * (n + 1)) / 2;
  let prev = new Float64Array(max + 1);
  prev[0] = 1;
  let top = 0;
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array(max + 1);
    top += k;
    for (let s = 0; s <= top; s++) {
      const without = prev[s] as number;
      const withK = s >= k ? (prev[s - k] as number) : 0;
      next[s] = (without + withK) / 2;
    }
    prev = next;
  }
  signedRankCache.set(n, prev);
  return prev;
}

/** The exact null probabilities P(V = v) of the signed-rank statistic, v = 0..n(n+1)/2. */
export function signedRankPmf(n: number): number[] {
  return Array.from(signedRankPmfShared(n));
}

/**
 * P(V <= v) (R's psignrank), or P(V > v) when `lowerTail` is false. Non-integer v counts as
 * floor(v), which is what a cdf of an integer statistic means.
 */
export function signedRankCdf(v: number, n: number, lowerTail = true): number {
  return tailSum(signedRankPmfShared(n), v, lowerTail);
}

/** Smallest v with P(V <= v) >= p, with R's qsignrank fuzz so exact fractions land right. */
export function signedRankQuantile(p: number, n: number): number {
  assertProbability('signedRankQuantile: p', p);
  return discreteQuantile(signedRankPmfShared(n), p);
}

const mannWhitneyCache = new Map<string, Float64Array>();

/**
 * P(U = u), u = 0..m·n, for the Mann–Whitney statistic under H0 (all C(m+n, m) rankings
 * equally likely). Counts k-subsets of the ranks 1..N by U, where an element placed j-th among
 * the chosen contributes (its rank − j) to U; only additions, so no cancellation in the tails.
 */
function mannWhitneyPmfShared(m: number, n: number): Float64Array {
  assertInteger('Mann–Whitney m', m, 1);
  assertInteger('Mann–Whitney n', n, 1);
  if (m * n > MAX_EXACT_MANN_WHITNEY_MN) {
    throw new RangeError(
      `exact Mann–Whitney distribution is limited to m·n <= ${MAX_EXACT_MANN_WHITNEY_MN}, ` +
        `got ${m}·${n}; use the normal approximation`,
    );
  }
  const k = Math.min(m, n);
  const total = m + n;
  const key = `${k},${total}`;
  const cached = mannWhitneyCache.get(key);
  if (cached) return cached;
  const maxU = m * n;
  const width = maxU + 1;
  // counts[j * width + u]: subsets of the ranks seen so far with j elements and statistic u.
  const counts = new Float64Array((k + 1) * width);
  counts[0] = 1;
  for (let rank = 1; rank <= total; rank++) {
    for (let j = Math.min(rank, k); j >= 1; j--) {
      const shift = rank - j;
      // j − 1 elements among the first rank − 1 reach at most U = (j − 1)(rank − j).
      const reach = Math.min(maxU - shift, (j - 1) * (rank - j));
      const from = (j - 1) * width;
      const to = j * width;
      for (let u = reach; u >= 0; u--) {
        const c = counts[from + u] as number;
        if (c !== 0) counts[to + u + shift] = (counts[to + u + shift] as number) + c;
      }
    }
  }
  const pmf = counts.slice(k * width);
  let sum = 0;
  for (const c of pmf) sum += c;
  for (let u = 0; u < width; u++) pmf[u] = (pmf[u] as number) / sum;
  mannWhitneyCache.set(key, pmf);
  return pmf;
}

/** The exact null probabilities P(U = u) of the Mann–Whitney statistic, u = 0..m·n. */
export function mannWhitneyPmf(m: number, n: number): number[] {
  return Array.from(mannWhitneyPmfShared(m, n));
}

/** P(U <= u) (R's pwilcox), or P(U > u) when `lowerTail` is false. */
export function mannWhitneyCdf(u: number, m: number, n: number, lowerTail = true): number {
  return tailSum(mannWhitneyPmfShared(m, n), u, lowerTail);
}

/** Smallest u with P(U <= u) >= p, as R's qwilcox. */
export function mannWhitneyQuantile(p: number, m: number, n: number): number {
  assertProbability('mannWhitneyQuantile: p', p);
  return discreteQuantile(mannWhitneyPmfShared(m, n), p);
}

/** Sums the pmf over the requested tail only, so small tail probabilities keep their digits. */
function tailSum(pmf: Float64Array, v: number, lowerTail: boolean): number {
  if (Number.isNaN(v)) throw new RangeError('cdf argument is NaN');
  const max = pmf.length - 1;
  const q = Math.floor(v + 1e-7);
  let sum = 0;
  if (lowerTail) {
    for (let s = 0; s <= Math.min(q, max); s++) sum += pmf[s] as number;
  } else {
    for (let s = Math.max(q + 1, 0); s <= max; s++) sum += pmf[s] as number;
  }
  return Math.min(1, sum);
}

/** R's qsignrank/qwilcox search, including its 10·ε fuzz and the symmetric upper branch. */
function discreteQuantile(pmf: Float64Array, p: number): number {
  const max = pmf.length - 1;
  let acc = 0;
  let q = 0;
  if (p <= 0.5) {
    const target = p - 10 * DBL_EPSILON;
    for (;;) {
      acc += pmf[q] as number;
      if (acc >= target) return q;
      q++;
    }
  }
  const target = 1 - p + 10 * DBL_EPSILON;
  for (;;) {
    acc += pmf[q] as number;
    if (acc > target) return max - q;
    q++;
  }
}
