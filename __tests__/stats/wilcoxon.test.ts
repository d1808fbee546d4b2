import {
  hodgesLehmann,
  signedRankInterval,
  signedRankTest,
  walshAverages,
  wilcoxonPaired,
  wilcoxonSignedRank,
} from '../../src/stats/wilcoxon.js';
import { signif2 } from '../../src/stats/ranktest.js';
import { expectClose, ref } from './reference.js';

describe('Walsh averages and the Hodges–Lehmann pseudo-median', () => {
  it('computes the Walsh averages of a small vector by hand', () => {
    // (1+1)/2, (1+2)/2, (1+4)/2, (2+2)/2, (2+4)/2, (4+4)/2 sorted
    expect(Array.from(walshAverages([4, 1, 2]))).toEqual([1, 1.5, 2, 2.5, 3, 4]);
    expect(hodgesLehmann([4, 1, 2])).toBe(2.25);
  });

  it('takes the median of an odd number of Walsh averages', () => {
    // x = -1, 0, 5, 9, 10: 15 averages; by hand sorted:
    // -1, -0.5, 0, 2, 2.5, 4, 4.5, 4.5, 5, 5, 7, 7.5, 9, 9.5, 10 -> 8th = 4.5
    expect(hodgesLehmann([9, -1, 10, 0, 5])).toBe(4.5);
  });

  it('is a location statistic: shifts with the data, unaffected by a wild outlier', () => {
    const x = [0.1, 0.3, 0.2, 0.5, 0.4, 0.25];
    expectClose(hodgesLehmann(x.map((v) => v + 10)), hodgesLehmann(x) + 10, 1e-14);
    expect(hodgesLehmann([...x, 1000])).toBeLessThan(0.5);
  });
});

describe('signed-rank test: Hollander & Wolfe (1973) p. 29, R ?wilcox.test example', () => {
  const { x, y } = ref.depression;

  it('wilcox.test(x, y, paired = TRUE, alternative = "greater"): V = 40, p = 0.01953', () => {
    const r = wilcoxonPaired(x, y, { alternative: 'greater' });
    expect(r.statistic).toBe(40);
    expect(r.exact).toBe(true);
    expect(r.pValue).toBe(ref.depression.greater); // 10/512, exact
    expect(r.pValue).toBeCloseTo(0.01953, 5);
  });

  it('two-sided and "less" exact p-values match scipy', () => {
    expect(wilcoxonPaired(x, y).pValue).toBe(ref.depression.twoSided);
    expect(wilcoxonPaired(x, y, { alternative: 'less' }).pValue).toBeCloseTo(ref.depression.less, 15);
  });

  it('large-sample approximation without correction: R gives V = 5, p = 0.01908', () => {
    const diff = y.map((v, i) => v - (x[i] as number));
    const r = signedRankTest(diff, { alternative: 'less', exact: false, correct: false });
    expect(r.statistic).toBe(5);
    expect(r.exact).toBe(false);
    expectClose(r.pValue, ref.depression.approxNoCorrectLess, 1e-12);
    expect(r.pValue).toBeCloseTo(0.01908, 5);
  });

  it('continuity-corrected approximation matches scipy', () => {
    const r = wilcoxonPaired(x, y, { exact: false });
    expectClose(r.pValue, ref.depression.approxCorrectTwo, 1e-12);
  });

  it('exact 95% interval and estimate: Walsh averages 6 and 40 of 45 (qsignrank(0.025, 9) = 6)', () => {
    const r = wilcoxonPaired(x, y);
    expect(r.ci[0]).toBeCloseTo(ref.depression.exactCi95.ci[0], 14); // 0.01
    expect(r.ci[1]).toBeCloseTo(ref.depression.exactCi95.ci[1], 14); // 0.786
    expect(r.estimate).toBeCloseTo(0.46, 14);
    expect(r.confLevel).toBe(0.95); // achieved 1 - 20/512 = 0.961 is close enough for R
  });

  it('exact 90% interval and one-sided intervals', () => {
    const r = wilcoxonPaired(x, y, { confLevel: 0.9 });
    expect(r.ci[0]).toBeCloseTo(ref.depression.exactCi90.ci[0], 14); // 0.175
    expect(r.ci[1]).toBeCloseTo(ref.depression.exactCi90.ci[1], 14); // 0.726
    // One-sided 95% uses qsignrank(0.05, 9), the same position as two-sided 90%.
    const greater = wilcoxonPaired(x, y, { alternative: 'greater' });
    expect(greater.ci[0]).toBeCloseTo(0.175, 14);
    expect(greater.ci[1]).toBe(Infinity);
    const less = wilcoxonPaired(x, y, { alternative: 'less' });
    expect(less.ci[0]).toBe(-Infinity);
    expect(less.ci[1]).toBeCloseTo(0.726, 14);
  });

  it('lowers the reported level when the sample cannot reach the requested one (as R)', () => {
    // n = 3: the most extreme exact two-sided level is 1 - 2/8 = 0.75. R: qsignrank(0.025, 3) = 0
    // -> 1, achieved alpha = 2 * psignrank(0, 3) = 0.25 -> conf.level = 1 - signif(0.25, 2).
    const r = signedRankInterval([0.3, 0.1, 0.7], { confLevel: 0.95 });
    expect(r.exact).toBe(true);
    expect(r.ci).toEqual([0.1, 0.7]);
    expect(r.confLevel).toBe(0.75);
  });

  it('n = 4: achieved alpha 2/16 = 0.125 rounds half to even as signif in R does, to 0.88', () => {
    // R's signif (nmath/fprec.c) is nearbyint(0.125 * 100) / 100 = 12 / 100, so
    // wilcox.test(c(0.4, 0.1, 0.3, 0.2), conf.int = TRUE) reports an 88 percent interval.
    const r = signedRankInterval([0.4, 0.1, 0.3, 0.2], { confLevel: 0.95 });
    expect(r.ci).toEqual([0.1, 0.4]);
    expect(r.confLevel).toBe(0.88);
    // The same rounding elsewhere: R's signif(x, 2) for these x is 0.062, 0.38, 0.25, 1200, 0.0012.
    expect([0.0625, 0.375, 0.25, 1250, 0.00125].map(signif2)).toEqual([0.062, 0.38, 0.25, 1200, 0.0012]);
  });
});

describe('signed-rank test, normal approximation with ties and zeros (n = 60)', () => {
  const data = ref.largeOneSample;

  it('drops values equal to mu and matches scipy (zero_method "wilcox", as R)', () => {
    const r = signedRankTest(data.x);
    expect(r.zeros).toBe(data.zeros);
    expect(r.n).toBe(data.x.length - data.zeros);
    expect(r.ties).toBe(true);
    expect(r.exact).toBe(false);
    expectClose(r.pValue, data.twoSided, 1e-10);
  });

  it('tests a non-zero mu one-sided, and without continuity correction', () => {
    expectClose(signedRankTest(data.x, { mu: 0.005, alternative: 'greater' }).pValue, data.greaterMu, 1e-10);
    expectClose(signedRankTest(data.x, { alternative: 'less', correct: false }).pValue, data.lessNoCorrect, 1e-12);
  });

  it("wilcoxonSignedRank reproduces R's asymptotic interval (zeros dropped first)", () => {
    const r = wilcoxonSignedRank(data.x);
    expect(r.ci[0]).toBeCloseTo(data.ciDropZeros.scan[0], 14);
    expect(r.ci[1]).toBeCloseTo(data.ciDropZeros.scan[1], 14);
    // R's own uniroot answer is within its tolerance of the exact jump.
    expect(Math.abs(r.ci[0] - data.ciDropZeros.uniroot[0])).toBeLessThan(1e-4);
    expect(Math.abs(r.ci[1] - data.ciDropZeros.uniroot[1])).toBeLessThan(1e-4);
    expect(r.estimate).toBeCloseTo(data.ciDropZeros.estimate, 14);
  });

  it('signedRankInterval keeps every value (the interval does not depend on a tested mu)', () => {
    const r = signedRankInterval(data.x);
    expect(r.exact).toBe(false);
    expect(r.ci[0]).toBeCloseTo(data.ciAll.scan[0], 14);
    expect(r.ci[1]).toBeCloseTo(data.ciAll.scan[1], 14);
    expect(r.estimate).toBeCloseTo(data.ciAll.estimate, 14);
    const r90 = signedRankInterval(data.x, { confLevel: 0.9, correct: false });
    expect(r90.ci[0]).toBeCloseTo(data.ciAll90NoCorrect.scan[0], 14);
    expect(r90.ci[1]).toBeCloseTo(data.ciAll90NoCorrect.scan[1], 14);
  });

  it('small sample with ties falls back to the normal approximation', () => {
    const r = wilcoxonSignedRank(ref.smallTies.x);
    expect(r.exact).toBe(false);
    expectClose(r.pValue, ref.smallTies.oneSampleTwoSided, 1e-12);
    expect(r.ci[0]).toBeCloseTo(ref.smallTies.oneSampleCi.scan[0], 14);
    expect(r.ci[1]).toBeCloseTo(ref.smallTies.oneSampleCi.scan[1], 14);
    expect(r.estimate).toBeCloseTo(ref.smallTies.oneSampleCi.estimate, 14);
  });
});

describe('signed-rank edge cases and validation', () => {
  it('every value equal to mu: p = 1 and a degenerate interval at mu (R gives NaN)', () => {
    const r = wilcoxonSignedRank([0, 0, 0, 0]);
    expect(r.pValue).toBe(1);
    expect(r.n).toBe(0);
    expect(r.zeros).toBe(4);
    expect(r.ci).toEqual([0, 0]);
    expect(r.estimate).toBe(0);
  });

  it('every value identical: degenerate interval at that value, p from the tied ranks', () => {
    const r = wilcoxonSignedRank([0.02, 0.02, 0.02, 0.02, 0.02, 0.02]);
    expect(r.ci).toEqual([0.02, 0.02]);
    expect(r.estimate).toBe(0.02);
    // V = 21, all ranks tied at 3.5: sigma² = 6·7·13/24 − (216 − 6)/48 = 18.375
    const z = (21 - 10.5 - 0.5) / Math.sqrt(18.375);
    expect(r.pValue).toBeLessThan(0.05);
    expect(r.pValue).toBeCloseTo(2 * (1 - 0.5 * (1 + erf(z / Math.SQRT2))), 6);
  });

  it('exact can be switched off, and is never used with ties', () => {
    expect(signedRankTest([0.1, 0.2, -0.05, 0.3], { exact: false }).exact).toBe(false);
    expect(signedRankTest([0.1, 0.2, -0.1, 0.3]).exact).toBe(false); // |0.1| tied
    expect(signedRankTest(Array.from({ length: 60 }, (_, i) => i + 1)).exact).toBe(false);
    expect(
      signedRankTest(
        Array.from({ length: 60 }, (_, i) => i + 1),
        { exact: true },
      ).exact,
    ).toBe(true);
  });

  it('rejects empty samples, NaN, infinite values and mismatched pairs', () => {
    expect(() => signedRankTest([])).toThrow(RangeError);
    expect(() => signedRankTest([1, NaN])).toThrow(/x\[1\] is NaN/);
    expect(() => signedRankInterval([1, Infinity])).toThrow(RangeError);
    expect(() => wilcoxonPaired([1, 2], [1])).toThrow(/same length/);
    expect(() => signedRankInterval([1, 2, 3], { confLevel: 1 })).toThrow(RangeError);
    expect(() => signedRankTest([1, 2], { mu: NaN })).toThrow(RangeError);
  });

  // O(n²) Walsh averages take milliseconds here; the test's timeout bounds a blow-up without
  // timing the machine.
  it('handles a few hundred pairs (O(n²) Walsh averages)', () => {
    const x = Array.from({ length: 400 }, (_, i) => Math.sin(i * 12.9898) * 0.02 + 0.01);
    const r = wilcoxonSignedRank(x);
    expect(r.exact).toBe(false);
    expect(r.ci[0]).toBeLessThan(r.estimate);
    expect(r.ci[1]).toBeGreaterThan(r.estimate);
  }, 30_000);
});

/** erf by its Maclaurin series (accurate for the |x| < 3 used here), independent of src/stats. */
function erf(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 100; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
