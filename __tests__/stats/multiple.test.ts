import { adjustBH, pocockBoundary } from '../../src/stats/multiple.js';
import { expectClose, ref } from './reference.js';

describe('Benjamini–Hochberg', () => {
  it('R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") is 0.05 everywhere', () => {
    for (const v of adjustBH([0.01, 0.02, 0.03, 0.04, 0.05])) expect(v).toBeCloseTo(0.05, 15);
  });

  it('Benjamini & Hochberg (1995): of their 15 p-values, the first 4 are rejected at q = 0.05', () => {
    const rejected = adjustBH(ref.bh.bh1995).map((v) => v <= 0.05);
    expect(rejected).toEqual([true, true, true, true, ...new Array<boolean>(11).fill(false)]);
    adjustBH(ref.bh.bh1995).forEach((v, i) => expectClose(v, ref.bh.bh1995Adjusted[i] as number, 1e-14));
  });

  it('keeps input order with ties and unsorted input (scipy false_discovery_control)', () => {
    adjustBH(ref.bh.mixed).forEach((v, i) => expectClose(v, ref.bh.mixedAdjusted[i] as number, 1e-14));
  });

  it('adjusted values are capped at 1 and monotone in the raw p-values', () => {
    const p = [0.9, 0.95, 0.99];
    expect(adjustBH(p)).toEqual([0.99, 0.99, 0.99]);
    expect(adjustBH([])).toEqual([]);
    expect(adjustBH([0.3])).toEqual([0.3]);
  });

  it('rejects values that are not probabilities', () => {
    expect(() => adjustBH([0.1, NaN])).toThrow(RangeError);
    expect(() => adjustBH([1.2])).toThrow(RangeError);
  });
});

describe('Pocock group-sequential boundary', () => {
  // Pocock (1977); Jennison & Turnbull (2000) Table 2.1.
  it('reproduces the published two-sided α = 0.05 constants', () => {
    const published = [1.96, 2.178, 2.289, 2.361, 2.413, 2.453, 2.485, 2.512, 2.535, 2.555];
    published.forEach((c, i) => {
      expect(Math.abs(pocockBoundary(i + 1).critical - c)).toBeLessThan(6e-4);
    });
  });

  it('one-sided α = 0.05 constants match a multivariate-normal computation in scipy', () => {
    expect(pocockBoundary(1, { sides: 1 }).critical).toBeCloseTo(1.6448536, 6);
    for (const [k, c] of ref.pocockOneSided) {
      expect(Math.abs(pocockBoundary(k, { sides: 1 }).critical - c)).toBeLessThan(1e-5);
    }
  });

  it('nominal per-look alpha: 0.05 for one look, about 0.0158 for five (Pocock 1977)', () => {
    expect(pocockBoundary(1).nominalAlpha).toBeCloseTo(0.05, 10);
    expect(pocockBoundary(5).nominalAlpha).toBeCloseTo(0.0158, 4);
    const b = pocockBoundary(3, { alpha: 0.1, sides: 1 });
    expect(b).toMatchObject({ looks: 3, alpha: 0.1, sides: 1 });
    expect(b.nominalAlpha).toBeLessThan(0.1);
  });

  it('rejects bad arguments', () => {
    expect(() => pocockBoundary(0)).toThrow(RangeError);
    expect(() => pocockBoundary(2.5)).toThrow(RangeError);
    expect(() => pocockBoundary(3, { alpha: 0 })).toThrow(RangeError);
  });
});
