/**
 * Group-sequential boundaries (docs/ARCHITECTURE.md §4): the probability that a standardised
 * statistic observed at several looks crosses a boundary, and Lan–DeMets alpha-spending
 * boundaries for looks at any information fractions. Computed by the Armitage–McPherson–Rowe
 * recursive numerical integration of the score walk S_k = √I_k · Z_k, whose increments are
 * independent N(0, I_k − I_{k−1}) under H0 (Jennison & Turnbull 2000, ch. 19): Simpson's rule on
 * a grid 0.05 wide per unit of the smallest increment, so the constants are right to ~1e-6.
 */
import { normalCdf, normalQuantile } from './distributions.js';
import { assertProbability } from './validate.js';

/** The walk's density on a grid over the continuation region after some look. */
interface Walk {
  points: number[];
  /** Simpson weight × density at each point: the mass the point carries. */
  mass: number[];
  /** Information (variance of S) at this look. */
  info: number;
}

const STEP = 0.05;
/** Below −8 SD the walk's mass is < 1e-15: the lower edge of a one-sided region. */
const FLOOR_SD = 8;
// A local binding: the kernel runs ~10⁶ times per boundary, and global lookups are slow inside
// vm contexts (jest).
const exp = Math.exp;
const NORM = 1 / Math.sqrt(2 * Math.PI);
const phi = (z: number): number => NORM * exp(-0.5 * z * z);

/** Points and Simpson weights on [a, b] with an even number of intervals no wider than STEP. */
function simpsonGrid(a: number, b: number): { points: number[]; weights: number[] } {
  const intervals = Math.max(2, 2 * Math.ceil((b - a) / (2 * STEP)));
  const h = (b - a) / intervals;
  const points: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i <= intervals; i++) {
    points.push(a + i * h);
    const w = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    weights.push((w * h) / 3);
  }
  return { points, weights };
}

/** The continuation region of S at information `info` for boundary z (|Z| < z two-sided, Z < z one-sided). */
function region(z: number, info: number, sides: 1 | 2): [number, number] {
  const sd = Math.sqrt(info);
  return [sides === 2 ? -z * sd : -FLOOR_SD * sd, z * sd];
}

/** The walk after the first look, still inside the region. */
function firstWalk(z: number, info: number, sides: 1 | 2): Walk {
  const sd = Math.sqrt(info);
  const [a, b] = region(z, info, sides);
  const g = simpsonGrid(a, b);
  return { points: g.points, mass: g.points.map((s, i) => ((g.weights[i] as number) * phi(s / sd)) / sd), info };
}

/** P(the walk, still inside after the previous look, crosses z at information `info`). */
function crossingAt(walk: Walk, z: number, info: number, sides: 1 | 2): number {
  const sd = Math.sqrt(info - walk.info);
  const bound = z * Math.sqrt(info);
  let crossed = 0;
  for (let i = 0; i < walk.points.length; i++) {
    const s = walk.points[i] as number;
    const m = walk.mass[i] as number;
    crossed += m * normalCdf((bound - s) / sd, false);
    if (sides === 2) crossed += m * normalCdf((bound + s) / sd, false);
  }
  return crossed;
}

/** The walk one look later, restricted to that look's continuation region. */
function nextWalk(walk: Walk, z: number, info: number, sides: 1 | 2): Walk {
  const sd = Math.sqrt(info - walk.info);
  const [a, b] = region(z, info, sides);
  const g = simpsonGrid(a, b);
  const mass = g.points.map((t, j) => {
    let f = 0;
    for (let i = 0; i < walk.points.length; i++)
      f += (walk.mass[i] as number) * phi((t - (walk.points[i] as number)) / sd);
    return ((g.weights[j] as number) * f) / sd;
  });
  return { points: g.points, mass, info };
}

/**
 * Information at each look scaled so the smallest increment is 1: the grid step is then fine
 * enough for every increment's kernel.
 */
function scaled(info: readonly number[]): number[] {
  let smallest = Infinity;
  info.forEach((v, k) => {
    const d = v - (k === 0 ? 0 : (info[k - 1] as number));
    if (!(d > 0)) throw new RangeError(`information must increase from look to look, got ${info.join(', ')}`);
    smallest = Math.min(smallest, d);
  });
  return info.map((v) => v / smallest);
}

/**
 * Per look, P(Z_k crosses z_k at look k and at no look before | H0), for boundaries `z` at
 * information levels `info` (pairs, or any multiple of them). Two-sided: |Z_k| >= z_k.
 */
export function crossingProbabilities(z: readonly number[], info: readonly number[], sides: 1 | 2): number[] {
  if (z.length !== info.length || z.length === 0)
    throw new RangeError(`expected one boundary per look, got ${z.length} boundaries and ${info.length} looks`);
  const I = scaled(info);
  const out = [sides * normalCdf(z[0] as number, false)];
  let walk = firstWalk(z[0] as number, I[0] as number, sides);
  for (let k = 1; k < z.length; k++) {
    out.push(crossingAt(walk, z[k] as number, I[k] as number, sides));
    if (k < z.length - 1) walk = nextWalk(walk, z[k] as number, I[k] as number, sides);
  }
  return out;
}

/**
 * Lan–DeMets spending functions: the error spent by information fraction t (0 < t <= 1) of the
 * maximum. `pocock` spends early (α·ln(1 + (e − 1)t)): an equivalence or an effect far from the
 * threshold is decided at the first look; `obrien-fleming` spends late (2 − 2Φ(z_{1−α/2}/√t)):
 * nearly the fixed-sample interval at the last look, for effects close to the threshold.
 */
export type Spending = 'pocock' | 'obrien-fleming';

export function spent(kind: Spending, alpha: number, t: number): number {
  if (t >= 1) return alpha;
  if (kind === 'pocock') return alpha * Math.log(1 + (Math.E - 1) * t);
  return 2 * normalCdf(normalQuantile(1 - alpha / 2) / Math.sqrt(t), false);
}

export interface SpendingBoundary {
  kind: Spending;
  /** One-sided error spent over all looks. */
  alpha: number;
  /** Information fraction of each look (pairs at the look ÷ the planned maximum). */
  fractions: number[];
  /** Per look, the one-sided critical value z_k: cross when Z_k >= z_k. */
  critical: number[];
  /** Per look, the one-sided nominal level 1 − Φ(z_k). */
  nominal: number[];
}

const spendingCache = new Map<string, SpendingBoundary>();

/**
 * One-sided boundary spending `alpha` by `kind` over looks at `fractions` (increasing, the last
 * 1): at each look, z_k solves P(first crossing at look k | H0) = spent(t_k) − spent(t_{k−1}).
 * A look may stop for another reason (the other decision, a time budget) without adding error:
 * stopping only removes later chances to cross.
 */
export function spendingBoundary(fractions: readonly number[], alpha: number, kind: Spending): SpendingBoundary {
  assertProbability('alpha', alpha);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${alpha}`);
  if (fractions.length === 0 || fractions.length > 50 || Math.abs((fractions.at(-1) as number) - 1) > 1e-12)
    throw new RangeError(`fractions must be 1 to 50 increasing values ending at 1, got ${fractions.join(', ')}`);
  const key = `${kind},${alpha},${fractions.join(',')}`;
  const cached = spendingCache.get(key);
  if (cached) return cached;
  const I = scaled(fractions);
  const critical: number[] = [];
  let walk: Walk | null = null;
  let before = 0;
  fractions.forEach((t, k) => {
    const target = spent(kind, alpha, t) - before;
    before += target;
    let z: number;
    if (walk === null) z = normalQuantile(1 - target);
    else {
      const w = walk;
      // Bisection: crossing probability falls as z rises; 60 halvings of [0, 40] reach 1e-16.
      let lo = 0;
      let hi = 40;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (crossingAt(w, mid, I[k] as number, 1) > target) lo = mid;
        else hi = mid;
      }
      z = (lo + hi) / 2;
    }
    critical.push(z);
    if (k < fractions.length - 1)
      walk = walk === null ? firstWalk(z, I[k] as number, 1) : nextWalk(walk, z, I[k] as number, 1);
  });
  const result: SpendingBoundary = {
    kind,
    alpha,
    fractions: [...fractions],
    critical,
    nominal: critical.map((z) => normalCdf(z, false)),
  };
  spendingCache.set(key, result);
  return result;
}
