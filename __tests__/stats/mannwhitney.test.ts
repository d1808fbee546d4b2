import {
  hodgesLehmannShift,
  mannWhitney,
  pairwiseDifferences,
  rankSumTest,
  shiftInterval,
} from '../../src/stats/mannwhitney.js';
import { expectClose, ref } from './reference.js';

describe('two-sample Hodges–Lehmann shift', () => {
  it('is the median of the pairwise differences, by hand', () => {
    // x = 1, 5; y = 0, 2: differences 1, -1, 5, 3 -> sorted -1, 1, 3, 5 -> median 2
    expect(Array.from(pairwiseDifferences([1, 5], [0, 2]))).toEqual([-1, 1, 3, 5]);
    expect(hodgesLehmannShift([1, 5], [0, 2])).toBe(2);
    // x = 3, 4, 10; y = 1: differences 2, 3, 9 -> median 3
    expect(hodgesLehmannShift([10, 3, 4], [1])).toBe(3);
  });

  it('is antisymmetric in its arguments', () => {
    const x = [0.3, 1.2, 0.8, 2.2];
    const y = [0.1, 0.4, 0.2];
    expect(hodgesLehmannShift(y, x)).toBe(-hodgesLehmannShift(x, y));
  });
});

describe('rank-sum test: Hollander & Wolfe (1973) p. 69, R ?wilcox.test example', () => {
  const { x, y } = ref.permeability;

  it('wilcox.test(x, y, alternative = "g"): W = 35, p-value = 0.1272', () => {
    const r = rankSumTest(x, y, { alternative: 'greater' });
    expect(r.statistic).toBe(35);
    expect(r.exact).toBe(true);
    expectClose(r.pValue, ref.permeability.greater, 1e-14);
    expect(r.pValue).toBeCloseTo(0.1272, 4);
  });

  it('two-sided exact p-value matches scipy', () => {
    expectClose(rankSumTest(x, y).pValue, ref.permeability.twoSided, 1e-14);
  });

  it('large-sample approximation without correction: R gives p = 0.1103', () => {
    const r = rankSumTest(x, y, { alternative: 'greater', exact: false, correct: false });
    expectClose(r.pValue, ref.permeability.approxNoCorrectGreater, 1e-12);
    expect(r.pValue).toBeCloseTo(0.1103, 4);
  });

  it('exact Moses interval: differences 9 and 42 of 50 (qwilcox(0.025, 10, 5) = 9)', () => {
    const r = mannWhitney(x, y);
    expect(r.estimate).toBeCloseTo(0.305, 14);
    expect(r.ci[0]).toBeCloseTo(ref.permeability.exactCi95.ci[0], 14); // -0.15
    expect(r.ci[1]).toBeCloseTo(ref.permeability.exactCi95.ci[1], 14); // 0.76
    expect(r.exact).toBe(true);
    expect(r.confLevel).toBe(0.95);
  });

  it('tests a shifted null: x − mu against y', () => {
    // Shifting x by mu and testing mu is the same test as testing 0 on the shifted data.
    const shifted = x.map((v) => v - 0.25);
    expect(rankSumTest(x, y, { mu: 0.25 }).pValue).toBe(rankSumTest(shifted, y).pValue);
  });
});

describe('exact rank-sum p-values beyond brute-force sizes (30 vs 25, scipy exact)', () => {
  const { x, y } = ref.mannWhitneyLargeExact;
  it('statistic and p-values', () => {
    const r = rankSumTest(x, y, { alternative: 'less' });
    expect(r.exact).toBe(true);
    expect(r.statistic).toBe(ref.mannWhitneyLargeExact.U);
    expectClose(r.pValue, ref.mannWhitneyLargeExact.less, 1e-10);
    expectClose(rankSumTest(x, y).pValue, ref.mannWhitneyLargeExact.two, 1e-10);
  });
});

describe('rank-sum test, normal approximation with ties (60 vs 45)', () => {
  const data = ref.largeTwoSample;

  it('statistic and tie-corrected p-values match scipy', () => {
    const r = rankSumTest(data.x, data.y);
    expect(r.ties).toBe(true);
    expect(r.exact).toBe(false);
    expect(r.statistic).toBe(data.U);
    expectClose(r.pValue, data.twoSided, 1e-10);
    expectClose(
      rankSumTest(data.x, data.y, { alternative: 'greater', correct: false }).pValue,
      data.greaterNoCorrect,
      1e-10,
    );
  });

  it("reproduces R's asymptotic interval (exact jump; R's uniroot within 1e-4)", () => {
    const r = mannWhitney(data.x, data.y);
    expect(r.ci[0]).toBeCloseTo(data.ci.scan[0], 12);
    expect(r.ci[1]).toBeCloseTo(data.ci.scan[1], 12);
    expect(Math.abs(r.ci[0] - data.ci.uniroot[0])).toBeLessThan(1e-4);
    expect(Math.abs(r.ci[1] - data.ci.uniroot[1])).toBeLessThan(1e-4);
    expect(r.estimate).toBeCloseTo(data.ci.estimate, 12);
  });

  it('small samples with ties fall back to the normal approximation', () => {
    const r = mannWhitney(ref.smallTies.x, ref.smallTies.y);
    expect(r.exact).toBe(false);
    expectClose(r.pValue, ref.smallTies.twoSided, 1e-12);
    expect(r.ci[0]).toBeCloseTo(ref.smallTies.ci.scan[0], 14);
    expect(r.ci[1]).toBeCloseTo(ref.smallTies.ci.scan[1], 14);
    expect(r.estimate).toBeCloseTo(ref.smallTies.ci.estimate, 14);
  });

  it('one-sided intervals have an infinite end and a tighter finite one', () => {
    const two = shiftInterval(data.x, data.y);
    const greater = shiftInterval(data.x, data.y, { alternative: 'greater' });
    const less = shiftInterval(data.x, data.y, { alternative: 'less' });
    expect(greater.ci[1]).toBe(Infinity);
    expect(less.ci[0]).toBe(-Infinity);
    expect(greater.ci[0]).toBeGreaterThanOrEqual(two.ci[0]);
    expect(less.ci[1]).toBeLessThanOrEqual(two.ci[1]);
  });
});

describe('rank-sum edge cases and validation', () => {
  it('returns the range ends when the sample cannot bracket the limit (R: wilcox.test(1, 2:60))', () => {
    const y = Array.from({ length: 59 }, (_, i) => i + 2);
    const r = shiftInterval([1], y);
    expect(r.exact).toBe(false);
    expect(r.ci[0]).toBe(1 - 60);
    expect(r.ci[1]).toBe(1 - 2);
  });

  it('constant samples: degenerate interval and p = 1 when everything is tied', () => {
    const r = mannWhitney([2, 2, 2], [2, 2]);
    expect(r.pValue).toBe(1);
    expect(r.ci).toEqual([0, 0]);
    expect(mannWhitney([3, 3], [1, 1]).ci).toEqual([2, 2]);
  });

  it('rejects empty samples and NaN', () => {
    expect(() => rankSumTest([], [1])).toThrow(RangeError);
    expect(() => rankSumTest([1], [])).toThrow(/y: expected at least one value/);
    expect(() => shiftInterval([1, NaN], [1])).toThrow(/x\[1\] is NaN/);
  });

  it('handles a few hundred values per side', () => {
    const x = Array.from({ length: 300 }, (_, i) => Math.round(Math.sin(i * 7.1) * 100) / 100 + 0.1);
    const y = Array.from({ length: 300 }, (_, i) => Math.round(Math.cos(i * 3.3) * 100) / 100);
    const r = mannWhitney(x, y);
    expect(r.ci[0]).toBeLessThanOrEqual(r.estimate);
    expect(r.ci[1]).toBeGreaterThanOrEqual(r.estimate);
  }, 30_000);
});
