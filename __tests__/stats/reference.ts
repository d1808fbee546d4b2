/**
 * Reference values computed independently of perfgate by
 * __tests__/fixtures/stats/reference.py (scipy, brute-force enumeration, plain transcriptions
 * of R's algorithms); see that script for where each number comes from.
 */
import { readFileSync } from 'node:fs';

interface AsymptoticCi {
  /** Exact jump of R's step function (linear scan of every gap). */
  scan: [number, number];
  /** What R's uniroot(tol = 1e-4) returns on the same function (scipy brentq). */
  uniroot: [number, number];
  estimate: number;
}

export interface Reference {
  normalCdf: [number, number, number][];
  normalQuantile: [number, number][];
  signedRankCounts: Record<string, number[]>;
  signedRankQuantile: [number, number, number][];
  signedRankCdf10: [number, number][];
  signedRankCdf15Tail: [number, number][];
  mannWhitneyCounts: Record<string, number[]>;
  mannWhitneyQuantile: [number, number, number, number][];
  mannWhitneyLargeExact: { x: number[]; y: number[]; less: number; two: number; U: number };
  depression: {
    x: number[];
    y: number[];
    greater: number;
    twoSided: number;
    less: number;
    approxNoCorrectLess: number;
    approxCorrectTwo: number;
    exactCi95: { ci: [number, number]; estimate: number; qu: number; achieved: number };
    exactCi90: { ci: [number, number]; estimate: number; qu: number; achieved: number };
  };
  permeability: {
    x: number[];
    y: number[];
    U: number;
    greater: number;
    twoSided: number;
    approxNoCorrectGreater: number;
    exactCi95: { ci: [number, number]; estimate: number; qu: number };
  };
  largeOneSample: {
    x: number[];
    zeros: number;
    twoSided: number;
    greaterMu: number;
    lessNoCorrect: number;
    ciDropZeros: AsymptoticCi;
    ciAll: AsymptoticCi;
    ciAll90NoCorrect: AsymptoticCi;
  };
  largeTwoSample: {
    x: number[];
    y: number[];
    U: number;
    twoSided: number;
    greaterNoCorrect: number;
    ci: AsymptoticCi;
  };
  smallTies: {
    x: number[];
    y: number[];
    twoSided: number;
    ci: AsymptoticCi;
    oneSampleTwoSided: number;
    oneSampleCi: AsymptoticCi;
  };
  bh: { bh1995: number[]; bh1995Adjusted: number[]; mixed: number[]; mixedAdjusted: number[] };
  pocockOneSided: [number, number][];
  lawSchool: {
    lsat: number[];
    gpa: number[];
    correlation: number;
    ci90: { BCa: [number, number]; percentile: [number, number] };
  };
  twoSampleBca: { x: number[]; y: number[]; ci95: [number, number] };
  tukey: { values: number[]; q1: number; q3: number; labels: ('none' | 'mild' | 'severe')[] };
  rng: { seed42: number[]; seed0: number[] };
}

export const ref = JSON.parse(
  readFileSync(new URL('../fixtures/stats/reference.json', import.meta.url), 'utf8'),
) as Reference;

/** Relative comparison: |actual − expected| <= relTol · |expected| (tail probabilities need it). */
export function expectClose(actual: number, expected: number, relTol: number): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  if (!(Math.abs(actual - expected) <= relTol * scale)) {
    throw new Error(`expected ${actual} to be within relative ${relTol} of ${expected}`);
  }
}
