import { classify, comparePaired, geomeanChange, toRelative } from '../../src/stats/verdict.js';
import { wilcoxonSignedRank } from '../../src/stats/wilcoxon.js';
import { ref } from './reference.js';

describe('classify (docs/ARCHITECTURE.md §4 verdict rules)', () => {
  const theta = 0.02;
  it.each([
    [[0.021, 0.05], 'regression'],
    [[-0.05, -0.021], 'improvement'],
    [[-0.019, 0.019], 'unchanged'],
    [[0.02, 0.05], 'inconclusive'], // lower end exactly at θ is not beyond it
    [[-0.01, 0.03], 'inconclusive'],
    [[-0.03, 0.01], 'inconclusive'],
    [[-0.03, 0.03], 'inconclusive'],
    [[-0.019, 0.02], 'inconclusive'],
    [[NaN, NaN], 'inconclusive'],
  ] as const)('%j -> %s', (ci, verdict) => {
    expect(classify(ci, theta)).toBe(verdict);
  });

  it('with θ = 0 any interval excluding 0 decides, and nothing is "unchanged"', () => {
    expect(classify([0.001, 0.002], 0)).toBe('regression');
    expect(classify([-0.001, 0.001], 0)).toBe('inconclusive');
  });

  it('rejects thresholds that are not relative changes in [0, 1)', () => {
    expect(() => classify([0, 0], -0.01)).toThrow(RangeError);
    expect(() => classify([0, 0], 2)).toThrow(/0.02 = 2%/);
    expect(() => classify([0, 0], NaN)).toThrow(RangeError);
  });
});

describe('toRelative', () => {
  it('maps log ratios to relative change: exp(x) − 1', () => {
    const r = toRelative(Math.log(1.1), [Math.log(0.9), Math.log(1.25)]);
    expect(r.change).toBeCloseTo(0.1, 15);
    expect(r.ci[0]).toBeCloseTo(-0.1, 15);
    expect(r.ci[1]).toBeCloseTo(0.25, 15);
  });
});

describe('comparePaired', () => {
  // Pairs whose log ratios are the depression differences / 100 (exact 95% interval known).
  const d = ref.depression.x.map((v, i) => (v - (ref.depression.y[i] as number)) / 100);
  const base = d.map((_, i) => 50 + 7 * i);
  const head = base.map((b, i) => b * Math.exp(d[i] as number));

  it('estimates and intervals are the signed-rank ones on ln(head/base), mapped to relative', () => {
    const r = comparePaired(base, head, { threshold: 0.02 });
    expect(r.design).toBe('paired');
    expect(r.logEstimate).toBeCloseTo(0.0046, 12);
    expect(r.logCi[0]).toBeCloseTo(0.0001, 12);
    expect(r.logCi[1]).toBeCloseTo(0.00786, 12);
    expect(r.change).toBeCloseTo(Math.expm1(0.0046), 12);
    expect(r.ci[1]).toBeCloseTo(Math.expm1(0.00786), 12);
    expect(r.exact).toBe(true);
    expect(r.n).toEqual({ base: 9, head: 9 });
    expect(r.verdict).toBe('unchanged');
    expect(comparePaired(base, head, { threshold: 0.005 }).verdict).toBe('inconclusive');
    expect(comparePaired(base, head, { threshold: 0 }).verdict).toBe('regression');
  });

  it('4 pairs, 3 of them tied: no interval is reachable (level 0, as R reports), so no verdict', () => {
    // Ratios ln 1.1 ×3 and ln 1.21: the ties force the normal approximation, and at the smallest
    // Walsh average only one non-zero difference is left (W = 0), so R doubles alpha past 1 and
    // returns the median twice at conf.level 0. Classifying that point [+10%, +10%] would call a
    // regression that 4 pairs cannot support.
    const r = comparePaired([100, 100, 100, 100], [110, 110, 110, 121], { threshold: 0.02 });
    expect(r.exact).toBe(false);
    expect(r.confLevel).toBe(0);
    expect(r.ci[0]).toBeCloseTo(0.1, 12);
    expect(r.ci[1]).toBeCloseTo(0.1, 12);
    expect(r.verdict).toBe('inconclusive');
  });

  it('a clear 5% slowdown: regression, and p = 1/1024 against ln(1.02) (all 10 ranks positive)', () => {
    const b = Array.from({ length: 10 }, (_, i) => 100 + i);
    const h = b.map((v, i) => v * Math.exp(0.05 + 0.001 * i));
    const r = comparePaired(b, h, { threshold: 0.02 });
    expect(r.verdict).toBe('regression');
    expect(r.p).toBeCloseTo(1 / 1024, 15);
    expect(r.ci[0]).toBeGreaterThan(0.02);
  });

  it('a clear speed-up: improvement, and p near 1 (no evidence of a regression)', () => {
    const b = Array.from({ length: 12 }, (_, i) => 200 - i);
    const h = b.map((v, i) => v * Math.exp(-0.06 - 0.002 * i));
    const r = comparePaired(b, h, { threshold: 0.02 });
    expect(r.verdict).toBe('improvement');
    expect(r.p).toBeCloseTo(1, 10);
  });

  it('identical pairs count: 25 unchanged pairs and 5 slower ones are not a regression', () => {
    // R's wilcox.test would drop the 25 zero log ratios before building its interval and see a
    // clean +3%; the interval here is built from all pairs, whose pseudo-median is 0.
    const b = Array.from({ length: 30 }, () => 1000);
    const h = b.map((v, i) => (i < 25 ? v : v * Math.exp(0.03)));
    const r = comparePaired(b, h, { threshold: 0.02 });
    expect(r.change).toBe(0);
    expect(r.verdict).not.toBe('regression');
    const rSemantics = wilcoxonSignedRank(h.map((v, i) => Math.log(v / (b[i] as number))));
    expect(rSemantics.ci[0]).toBeCloseTo(0.03, 12);
  });

  it('bit-identical runs (deterministic counters): change 0, unchanged', () => {
    const b = [5_000_123, 5_000_123, 5_000_123, 5_000_123, 5_000_123];
    const r = comparePaired(b, [...b], { threshold: 0.005 });
    expect(r.change).toBe(0);
    expect(r.ci).toEqual([0, 0]);
    expect(r.verdict).toBe('unchanged');
  });

  it('rejects non-positive values, NaN and mismatched lengths', () => {
    expect(() => comparePaired([1, 2], [1, 0], { threshold: 0.02 })).toThrow(/head\[1\] = 0 is not positive/);
    expect(() => comparePaired([1, -2], [1, 1], { threshold: 0.02 })).toThrow(RangeError);
    expect(() => comparePaired([1, NaN], [1, 1], { threshold: 0.02 })).toThrow(RangeError);
    expect(() => comparePaired([1, 2], [1], { threshold: 0.02 })).toThrow(/same length/);
    expect(() => comparePaired([1], [1], { threshold: 1 })).toThrow(RangeError);
  });
});

describe('geomeanChange', () => {
  it('averages log estimates; SE combines the rows: √(Σ SE²)/K', () => {
    const z = 1.959963984540054;
    const rows = [
      { logEstimate: 0.01, logCi: [0.01 - z * 0.01, 0.01 + z * 0.01] as [number, number], confLevel: 0.95 },
      { logEstimate: 0.03, logCi: [0.03 - z * 0.02, 0.03 + z * 0.02] as [number, number], confLevel: 0.95 },
    ];
    const g = geomeanChange(rows);
    const se = Math.sqrt(0.01 ** 2 + 0.02 ** 2) / 2;
    expect(g.logEstimate).toBeCloseTo(0.02, 15);
    expect(g.logCi[0]).toBeCloseTo(0.02 - z * se, 12);
    expect(g.logCi[1]).toBeCloseTo(0.02 + z * se, 12);
    expect(g.change).toBeCloseTo(Math.expm1(0.02), 15);
    expect(g.count).toBe(2);
  });

  it('one row reproduces that row (symmetric interval); rows at other levels are rescaled', () => {
    const one = geomeanChange([{ logEstimate: 0.05, logCi: [0.03, 0.07], confLevel: 0.95 }]);
    expect(one.logCi[0]).toBeCloseTo(0.03, 12);
    expect(one.logCi[1]).toBeCloseTo(0.07, 12);
    // A 90% half-width of 1.6449·SE becomes a 95% half-width of 1.96·SE.
    const z90 = 1.6448536269514722;
    const ninety = geomeanChange([{ logEstimate: 0, logCi: [-z90, z90], confLevel: 0.9 }]);
    expect(ninety.logCi[1]).toBeCloseTo(1.959963984540054, 12);
  });

  it('rejects empty input and infinite (one-sided) intervals', () => {
    expect(() => geomeanChange([])).toThrow(RangeError);
    const oneSided = { logEstimate: 0, logCi: [0, Infinity] as [number, number], confLevel: 0.95 };
    expect(() => geomeanChange([oneSided])).toThrow(RangeError);
  });
});
