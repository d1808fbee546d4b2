import { mean } from 'simple-statistics';
import { bootstrapCi, bootstrapCi2, bootstrapMeanRatio } from '../../src/stats/bootstrap.js';
import { normalCdf, normalQuantile } from '../../src/stats/distributions.js';
import { createRng } from '../../src/stats/rng.js';
import { ref } from './reference.js';

/** Plain arithmetic mean (simple-statistics' Kahan-summed mean is slow under jest's vm). */
function average(a: readonly number[]): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

/** Pearson correlation, written out so the test does not lean on the code under test. */
function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    const w = b[i] as number;
    sab += (v - ma) * (w - mb);
    saa += (v - ma) ** 2;
    sbb += (w - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('bootstrap confidence intervals', () => {
  const { lsat, gpa } = ref.lawSchool;
  // Resample schools (pairs) by resampling their indices.
  const schools = lsat.map((_, i) => i);
  const lawCorrelation = (idx: readonly number[]): number =>
    correlation(
      idx.map((i) => lsat[i] as number),
      idx.map((i) => gpa[i] as number),
    );

  it('same seed, same result; the seed is returned', () => {
    const a = bootstrapCi([1, 4, 2, 8, 5, 7], mean, { seed: 11, resamples: 500 });
    const b = bootstrapCi([1, 4, 2, 8, 5, 7], mean, { seed: 11, resamples: 500 });
    expect(a).toEqual(b);
    expect(a.seed).toBe(11);
    const c = bootstrapCi([1, 4, 2, 8, 5, 7], mean, { seed: 12, resamples: 500 });
    expect(c.ci).not.toEqual(a.ci);
  });

  it('law school data (Efron & Tibshirani 1993): correlation 0.776, BCa and percentile 90% as scipy', () => {
    expect(lawCorrelation(schools)).toBeCloseTo(0.776, 3);
    const bca = bootstrapCi(schools, lawCorrelation, { confLevel: 0.9, resamples: 20000, seed: 3 });
    expect(bca.estimate).toBeCloseTo(ref.lawSchool.correlation, 12);
    // scipy.stats.bootstrap(BCa, 100 000 resamples) gives about (0.426, 0.926); Monte Carlo
    // error of either side with 20 000 resamples is ~0.01.
    expect(Math.abs(bca.ci[0] - ref.lawSchool.ci90.BCa[0])).toBeLessThan(0.03);
    expect(Math.abs(bca.ci[1] - ref.lawSchool.ci90.BCa[1])).toBeLessThan(0.015);
    const pct = bootstrapCi(schools, lawCorrelation, {
      confLevel: 0.9,
      resamples: 20000,
      seed: 3,
      method: 'percentile',
    });
    expect(Math.abs(pct.ci[0] - ref.lawSchool.ci90.percentile[0])).toBeLessThan(0.02);
    expect(Math.abs(pct.ci[1] - ref.lawSchool.ci90.percentile[1])).toBeLessThan(0.01);
    // The skewness correction moves the interval down, away from the bound at 1.
    expect(bca.ci[0]).toBeLessThan(pct.ci[0]);
  });

  it('two-sample BCa of a difference in means agrees with scipy', () => {
    const { x, y, ci95 } = ref.twoSampleBca;
    const r = bootstrapCi2(x, y, (a, b) => mean([...a]) - mean([...b]), { resamples: 20000, seed: 4 });
    expect(r.estimate).toBeCloseTo(mean(x) - mean(y), 12);
    expect(Math.abs(r.ci[0] - ci95[0])).toBeLessThan(0.05);
    expect(Math.abs(r.ci[1] - ci95[1])).toBeLessThan(0.05);
  });

  it('percentile interval for the mean of normal samples covers about 95% of the time', () => {
    const data = createRng(2024);
    const reps = 300;
    let covered = 0;
    for (let rep = 0; rep < reps; rep++) {
      const sample = Array.from({ length: 30 }, () => 5 + 2 * data.normal());
      const r = bootstrapCi(sample, average, { resamples: 1000, seed: rep, method: 'percentile' });
      if (r.ci[0] <= 5 && 5 <= r.ci[1]) covered++;
    }
    // Percentile intervals undercover slightly at n = 30 (about 93.5%); SE over 300 reps ≈ 1.3%.
    expect(covered / reps).toBeGreaterThan(0.9);
    expect(covered / reps).toBeLessThan(0.99);
  });

  it('BCa interval of a skewed statistic covers near its level (exponential mean)', () => {
    const data = createRng(77);
    const reps = 200;
    let covered = 0;
    for (let rep = 0; rep < reps; rep++) {
      const sample = Array.from({ length: 25 }, () => -Math.log(1 - data.next()));
      const r = bootstrapCi(sample, average, { resamples: 1000, seed: 1000 + rep });
      if (r.ci[0] <= 1 && 1 <= r.ci[1]) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.88);
    expect(covered / reps).toBeLessThan(0.99);
  });

  it('a constant sample gives a degenerate interval, and a one-point sample works two-sample', () => {
    const r = bootstrapCi([3, 3, 3, 3], mean, { resamples: 200 });
    expect(r.ci).toEqual([3, 3]);
    const r2 = bootstrapCi2([1, 2, 3, 4], [2], (a, b) => mean([...a]) - mean([...b]), { resamples: 200 });
    expect(r2.ci[0]).toBeLessThanOrEqual(r2.ci[1]);
  });

  it('bootstrapMeanRatio is the textbook BCa of mean(y) / mean(x) − 1, on random samples', () => {
    // Written out as the definition reads: each resample drawn with rng.int one value at a time
    // (x, then y), the statistic on fresh arrays, the jackknife by summing each leave-one-out
    // sample afresh, BCa as Efron & Tibshirani (z0 counting ties as half), type-7 quantiles.
    const type7 = (sorted: readonly number[], p: number): number => {
      const h = (sorted.length - 1) * p;
      const lo = Math.floor(h);
      const a = sorted[lo] as number;
      return h === lo ? a : a + (h - lo) * ((sorted[lo + 1] as number) - a);
    };
    const textbook = (
      x: number[],
      y: number[],
      B: number,
      seed: number,
      bca: boolean,
    ): { estimate: number; ci: [number, number] } => {
      const rng = createRng(seed);
      const draw = (a: number[]): number[] => a.map(() => a[rng.int(a.length)] as number);
      const stat = (a: number[], b: number[]): number => average(b) / average(a) - 1;
      const estimate = stat(x, y);
      const reps: number[] = [];
      for (let b = 0; b < B; b++) {
        const rx = draw(x);
        reps.push(stat(rx, draw(y)));
      }
      reps.sort((a, b) => a - b);
      const alpha = 1 - 0.95;
      let probs: [number, number] = [alpha / 2, 1 - alpha / 2];
      if (bca) {
        const z0 = normalQuantile(
          (reps.filter((r) => r < estimate).length + reps.filter((r) => r === estimate).length / 2) / B,
        );
        const drop = (a: number[], i: number): number[] => a.filter((_, j) => j !== i);
        const jack = [
          x.length > 1 ? x.map((_, i) => stat(drop(x, i), y)) : [],
          y.length > 1 ? y.map((_, i) => stat(x, drop(y, i))) : [],
        ];
        let num = 0;
        let den = 0;
        for (const t of jack) {
          if (t.length === 0) continue;
          const n = t.length;
          const tbar = average(t);
          num += t.reduce((s, v) => s + ((n - 1) * (tbar - v)) ** 3, 0) / n ** 3;
          den += t.reduce((s, v) => s + ((n - 1) * (tbar - v)) ** 2, 0) / n ** 2;
        }
        const acc = den === 0 ? 0 : num / (6 * den ** 1.5);
        const adjust = (p: number): number => {
          const z = z0 + normalQuantile(p);
          return normalCdf(z0 + z / (1 - acc * z));
        };
        probs = [adjust(probs[0]), adjust(probs[1])];
      }
      return { estimate, ci: [type7(reps, probs[0]), type7(reps, probs[1])] };
    };
    const data = createRng(31337);
    for (let k = 0; k < 24; k++) {
      // Night-like levels: a positive level, 1–5% noise, a few slow nights; 1 to 60 nights a side.
      const level = 1 + data.next() * 1e6;
      const night = (): number =>
        Number((level * (1 + 0.03 * data.normal()) * (data.next() < 0.05 ? 1.5 : 1)).toPrecision(9));
      const x = Array.from({ length: 1 + data.int(60) }, night);
      const y = Array.from({ length: 1 + data.int(60) }, () => night() * 1.08);
      const B = 200 + data.int(300);
      const seed = data.int(2 ** 32);
      const pct = bootstrapMeanRatio(x, y, { resamples: B, seed, method: 'percentile' });
      const want = textbook(x, y, B, seed, false);
      // The same resamples, summed in the same order: the same replicates, bit for bit.
      expect([pct.estimate, pct.ci]).toEqual([want.estimate, want.ci]);
      const bca = bootstrapMeanRatio(x, y, { resamples: B, seed });
      const wantBca = textbook(x, y, B, seed, true);
      expect(bca.estimate).toBe(wantBca.estimate);
      // The jackknife means from totals differ from fresh sums in the last bits only.
      for (const i of [0, 1]) {
        expect(Math.abs((bca.ci[i] as number) - (wantBca.ci[i] as number))).toBeLessThanOrEqual(
          1e-12 * Math.abs(wantBca.ci[i] as number),
        );
      }
      expect(bca).toMatchObject({ method: 'bca', resamples: B, seed, confLevel: 0.95 });
    }
  });

  it('rejects bad input and statistics that return NaN', () => {
    expect(() => bootstrapCi([], mean)).toThrow(RangeError);
    expect(() => bootstrapCi([1, NaN], mean)).toThrow(RangeError);
    expect(() => bootstrapCi([1, 2], () => NaN)).toThrow(/statistic returned NaN/);
    expect(() => bootstrapCi([1, 2], mean, { resamples: 1 })).toThrow(RangeError);
    expect(() => bootstrapCi([1, 2], mean, { confLevel: 95 })).toThrow(RangeError);
  });
});
