import {
  mannWhitneyCdf,
  mannWhitneyPmf,
  mannWhitneyQuantile,
  normalCdf,
  normalQuantile,
  signedRankCdf,
  signedRankPmf,
  signedRankQuantile,
} from '../../src/stats/distributions.js';
import { expectClose, ref } from './reference.js';

describe('normal distribution', () => {
  it('matches R qnorm at published points', () => {
    // R 4.x: qnorm(0.975), qnorm(0.995), qnorm(1e-10)
    expectClose(normalQuantile(0.975), 1.959963984540054, 1e-15);
    expectClose(normalQuantile(0.995), 2.5758293035489, 1e-13);
    expectClose(normalQuantile(1e-10), -6.361340902404056, 1e-15);
  });

  it('matches 40-digit mpmath quantiles across the range, including the far tails', () => {
    for (const [p, z] of ref.normalQuantile) expectClose(normalQuantile(p), z, 1e-14);
  });

  it('matches 40-digit mpmath in both tails without cancellation', () => {
    for (const [z, lower, upper] of ref.normalCdf) {
      if (Math.abs(z) >= 37.5193) {
        // Beyond Cody's range the tail is subnormal (pnorm(-38) = 2.9e-316); R returns 0 too.
        expect(normalCdf(-Math.abs(z))).toBe(0);
        continue;
      }
      expectClose(normalCdf(z), lower, 1e-13);
      expectClose(normalCdf(z, false), upper, 1e-13);
    }
  });

  it('is the inverse of the cdf and handles the ends', () => {
    for (const p of [1e-12, 0.01, 0.3, 0.5, 0.8, 0.999999]) {
      expectClose(normalCdf(normalQuantile(p)), p, 1e-13);
    }
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });

  it('rejects invalid input', () => {
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(NaN)).toThrow(RangeError);
    expect(() => normalCdf(NaN)).toThrow(RangeError);
  });
});

describe('exact Wilcoxon signed-rank distribution', () => {
  it('reproduces the brute-force subset counts (2^n · pmf are the counts)', () => {
    for (const [n, counts] of Object.entries(ref.signedRankCounts)) {
      const scaled = signedRankPmf(Number(n)).map((p) => p * 2 ** Number(n));
      expect(scaled).toEqual(counts);
    }
  });

  it('psignrank(8, 10) = 25/1024 (published: 0.02441406)', () => {
    expect(signedRankCdf(8, 10)).toBe(25 / 1024);
    for (const [q, p] of ref.signedRankCdf10) {
      expectClose(signedRankCdf(q, 10), p, 1e-15);
      expectClose(signedRankCdf(q, 10, false), 1 - p, 1e-12);
    }
    for (const [q, p] of ref.signedRankCdf15Tail) expect(signedRankCdf(q, 15)).toBe(p);
  });

  it('quantiles follow R qsignrank (smallest q with P(V <= q) >= p)', () => {
    for (const [p, n, q] of ref.signedRankQuantile) expect(signedRankQuantile(p, n)).toBe(q);
  });

  it('has the textbook mean n(n+1)/4 and variance n(n+1)(2n+1)/24 at n = 49', () => {
    const n = 49;
    const pmf = signedRankPmf(n);
    let total = 0;
    let mean = 0;
    let second = 0;
    pmf.forEach((p, v) => {
      total += p;
      mean += v * p;
      second += v * v * p;
    });
    expectClose(total, 1, 1e-14);
    expectClose(mean, (n * (n + 1)) / 4, 1e-13);
    expectClose(second - mean * mean, (n * (n + 1) * (2 * n + 1)) / 24, 1e-11);
  });

  it('refuses sizes it would take too long to compute', () => {
    expect(() => signedRankPmf(501)).toThrow(RangeError);
    expect(() => signedRankPmf(0)).toThrow(RangeError);
  });
});

describe('exact Mann–Whitney distribution', () => {
  const choose = (n: number, k: number): number => {
    let c = 1;
    for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
    return c;
  };

  it('reproduces the brute-force placement counts', () => {
    for (const [key, counts] of Object.entries(ref.mannWhitneyCounts)) {
      const [m, n] = key.split(',').map(Number) as [number, number];
      const total = choose(m + n, m);
      expect(mannWhitneyPmf(m, n).map((p) => Math.round(p * total))).toEqual(counts);
      expect(mannWhitneyPmf(n, m).map((p) => Math.round(p * total))).toEqual(counts);
    }
  });

  it('quantiles follow R qwilcox', () => {
    for (const [p, m, n, q] of ref.mannWhitneyQuantile) expect(mannWhitneyQuantile(p, m, n)).toBe(q);
  });

  it('cdf tails add up and agree with the counts', () => {
    const counts = ref.mannWhitneyCounts['10,5'] as number[];
    const total = choose(15, 5);
    let acc = 0;
    counts.forEach((c, u) => {
      acc += c;
      expectClose(mannWhitneyCdf(u, 10, 5), acc / total, 1e-13);
      if (u < counts.length - 1) expectClose(mannWhitneyCdf(u, 10, 5, false), 1 - acc / total, 1e-12);
    });
  });

  it('has mean mn/2 and variance mn(m+n+1)/12 at m = 49, n = 49', () => {
    const m = 49;
    const n = 49;
    const pmf = mannWhitneyPmf(m, n);
    let mean = 0;
    let second = 0;
    pmf.forEach((p, u) => {
      mean += u * p;
      second += u * u * p;
    });
    expectClose(mean, (m * n) / 2, 1e-12);
    expectClose(second - mean * mean, (m * n * (m + n + 1)) / 12, 1e-10);
  });

  it('refuses sizes beyond its limit', () => {
    expect(() => mannWhitneyPmf(101, 100)).toThrow(RangeError);
  });
});
