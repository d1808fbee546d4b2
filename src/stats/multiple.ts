/**
 * Keeping α honest across many tests (docs/ARCHITECTURE.md §4): Benjamini–Hochberg over the gated rows of
 * one comparison, and Pocock's group-sequential boundary for the repeated looks of adaptive
 * sampling. Neither is in simple-statistics.
 */
import { crossingProbabilities } from './boundaries.js';
import { normalCdf, normalQuantile } from './distributions.js';
import { assertInteger, assertProbability } from './validate.js';

/**
 * Benjamini–Hochberg adjusted p-values, identical to R's p.adjust(p, "BH"):
 * p̃_(i) = min over j >= i of min(1, m/j · p_(j)), returned in the input order.
 */
export function adjustBH(p: readonly number[]): number[] {
  p.forEach((v, i) => assertProbability(`p[${i}]`, v));
  const m = p.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => (p[b] as number) - (p[a] as number));
  const adjusted = new Array<number>(m);
  let running = 1;
  order.forEach((index, k) => {
    const rank = m - k; // rank among ascending p-values, walking from the largest down
    running = Math.min(running, (m / rank) * (p[index] as number));
    adjusted[index] = running;
  });
  return adjusted;
}

export interface PocockOptions {
  /** Overall type I error across all looks; default 0.05. */
  alpha?: number;
  /** 2: reject on |Z| (default); 1: reject on Z in the direction of H1 only. */
  sides?: 1 | 2;
}

export interface PocockBoundary {
  looks: number;
  alpha: number;
  sides: 1 | 2;
  /** The constant c: stop and reject at look k when |Z_k| >= c (or Z_k >= c one-sided). */
  critical: number;
  /** Nominal per-look p-value threshold equivalent to `critical`. */
  nominalAlpha: number;
}

const boundaryCache = new Map<string, PocockBoundary>();

/**
 * Pocock (1977) boundary for `looks` equally spaced analyses: one constant critical value c
 * such that P(some |Z_k| >= c | H0) = alpha, where Z_k is the standardised statistic after k
 * of `looks` equal batches (corr(Z_j, Z_k) = √(j/k)). Computed, not tabulated, by the recursive
 * integration of stats/boundaries.ts, then solving for c.
 * Adaptive sampling in perfgate applies the rank tests at each look; their statistics are
 * asymptotically normal with independent increments, which is what the boundary assumes.
 */
export function pocockBoundary(looks: number, options: PocockOptions = {}): PocockBoundary {
  assertInteger('looks', looks, 1);
  const alpha = options.alpha ?? 0.05;
  const sides = options.sides ?? 2;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (looks > 50) throw new RangeError(`looks must be <= 50, got ${looks}`);
  const key = `${looks},${alpha},${sides}`;
  const cached = boundaryCache.get(key);
  if (cached) return cached;

  const info = Array.from({ length: looks }, (_, k) => k + 1);
  const error = (c: number): number =>
    crossingProbabilities(new Array<number>(looks).fill(c), info, sides).reduce((a, b) => a + b, 0) - alpha;
  // The one-look critical value is a lower bound; the Bonferroni value an upper bound.
  let lo = normalQuantile(1 - alpha / sides);
  let hi = normalQuantile(1 - alpha / sides / looks) + 1e-9;
  let fLo = error(lo);
  let fHi = error(hi);
  let critical = lo;
  // Illinois variant of regula falsi: bracketed, and superlinear on this smooth monotone curve.
  let side = 0;
  for (let iter = 0; iter < 100 && hi - lo > 1e-10; iter++) {
    critical = (lo * fHi - hi * fLo) / (fHi - fLo);
    const f = error(critical);
    if (f === 0) break;
    if (f > 0) {
      lo = critical;
      fLo = f;
      if (side === 1) fHi /= 2;
      side = 1;
    } else {
      hi = critical;
      fHi = f;
      if (side === -1) fLo /= 2;
      side = -1;
    }
  }
  const result: PocockBoundary = {
    looks,
    alpha,
    sides,
    critical,
    nominalAlpha: sides * normalCdf(critical, false),
  };
  boundaryCache.set(key, result);
  return result;
}
