/**
 * The one seeded random number generator of perfgate (docs/ARCHITECTURE.md §4: seeded RNG everywhere
 * randomness is used, seed recorded in the output). Math.random cannot be seeded, so results
 * that depend on it could not be reproduced from a comparison.json.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018) — 128-bit state, period 2^128 − 1, passes
 * BigCrush — with its state filled from the 32-bit seed by splitmix32, as its authors advise,
 * so that nearby seeds (1, 2, 3...) still give unrelated streams.
 */
import { assertInteger } from './validate.js';

// Local bindings: bootstraps call these millions of times, and a global lookup per call is
// costly where modules run inside a vm context (jest runs tests that way: ~20x slower).
const { imul, floor, sqrt, log, cos, PI } = Math;

/** Seed used when the caller gives none: results stay reproducible by default. */
export const DEFAULT_SEED = 0x5eed;

export interface Rng {
  /** The seed this generator was created from (record it next to any result it produced). */
  readonly seed: number;
  /** Uniform double in [0, 1) carrying 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal deviate (Box–Muller; one deviate per call, so streams stay simple). */
  normal(): number;
  /**
   * Fills `out` with the next out.length values of next(), in order: the same stream, for hot
   * loops. A bootstrap draws millions of numbers; one call per number, with the state in the
   * closure, cost three times the generator itself.
   */
  uniforms(out: Float64Array): void;
  /**
   * x[int(x.length)] drawn x.length times and added in draw order: a bootstrap resample's total
   * without writing the resample out (the same numbers as that loop draws).
   */
  resampleSum(x: readonly number[]): number;
}

/** Creates a generator from an integer seed in [0, 2^32). */
export function createRng(seed: number = DEFAULT_SEED): Rng {
  assertInteger('seed', seed, 0);
  if (seed > 0xffffffff) {
    throw new RangeError(`seed must be < 2^32, got ${seed}`);
  }
  let sm = seed | 0;
  const splitmix32 = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm ^ (sm >>> 16);
    z = imul(z, 0x21f0aaad);
    z ^= z >>> 15;
    z = imul(z, 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let s0 = splitmix32();
  let s1 = splitmix32();
  let s2 = splitmix32();
  let s3 = splitmix32();

  // The generator's one definition, for both bulk forms: `count` numbers, each stored in `out`
  // or, with `pick`, made an index as int(count) makes it and the picked values summed. The
  // state lives in locals for the loop (V8 keeps them in registers; the closure's own variables
  // are a memory load and store per use). A branch per number costs less than writing the
  // numbers out and reading them back in a second loop (8% of a step interval).
  const run = (count: number, out: Float64Array | null, pick: readonly number[] | null): number => {
    let a0 = s0;
    let a1 = s1;
    let a2 = s2;
    let a3 = s3;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      // Two 32-bit outputs, 27 + 26 bits: the usual way to fill a double's mantissa.
      const hi = imul(rotl(imul(a1, 5), 7), 9) >>> 5;
      let t = a1 << 9;
      a2 ^= a0;
      a3 ^= a1;
      a1 ^= a2;
      a0 ^= a3;
      a2 ^= t;
      a3 = rotl(a3, 11);
      const lo = imul(rotl(imul(a1, 5), 7), 9) >>> 6;
      t = a1 << 9;
      a2 ^= a0;
      a3 ^= a1;
      a1 ^= a2;
      a0 ^= a3;
      a2 ^= t;
      a3 = rotl(a3, 11);
      // × 2^-53 is exact, as / 2^53 is, without a division.
      const u = (hi * 67108864 + lo) * 1.1102230246251565e-16;
      if (pick === null) (out as Float64Array)[i] = u;
      else sum += pick[floor(u * count)] as number;
    }
    s0 = a0;
    s1 = a1;
    s2 = a2;
    s3 = a3;
    return sum;
  };
  const uniforms = (out: Float64Array): void => void run(out.length, out, null);
  const one = new Float64Array(1);
  const next = (): number => {
    uniforms(one);
    return one[0] as number;
  };

  return {
    seed,
    next,
    int(n: number): number {
      if (!(n >= 1 && n <= 0x20000000000000 && floor(n) === n)) {
        throw new RangeError(`n must be an integer in [1, 2^53], got ${n}`);
      }
      return floor(next() * n);
    },
    normal(): number {
      const u1 = 1 - next(); // (0, 1]: keeps log finite
      const u2 = next();
      return sqrt(-2 * log(u1)) * cos(2 * PI * u2);
    },
    uniforms,
    resampleSum: (x: readonly number[]): number => run(x.length, null, x),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
