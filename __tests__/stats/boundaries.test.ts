import { crossingProbabilities, spendingBoundary, spent } from '../../src/stats/boundaries.js';
import { createRng } from '../../src/stats/rng.js';

const FIVE = [0.2, 0.4, 0.6, 0.8, 1];

describe('Lan–DeMets alpha-spending boundaries', () => {
  // Published one-sided α = 0.025 boundaries for five equally spaced looks (Lan & DeMets 1983;
  // the values R's gsDesign and rpact print for sfLDOF / sfLDPocock, e.g. rpact's
  // getDesignGroupSequential(kMax = 5, typeOfDesign = "asOF" | "asP")).
  it("reproduces the O'Brien–Fleming-type and Pocock-type constants", () => {
    const obf = [4.8769, 3.3569, 2.6803, 2.2898, 2.031];
    const pocock = [2.438, 2.4268, 2.4101, 2.3966, 2.3859];
    spendingBoundary(FIVE, 0.025, 'obrien-fleming').critical.forEach((z, k) =>
      expect(Math.abs(z - (obf[k] as number))).toBeLessThan(2e-4),
    );
    spendingBoundary(FIVE, 0.025, 'pocock').critical.forEach((z, k) =>
      expect(Math.abs(z - (pocock[k] as number))).toBeLessThan(2e-4),
    );
  });

  it('spends the error it is asked to, look by look, in an independent Monte-Carlo of the walk', () => {
    // The action's defaults: 30 pairs, then batches of 10 up to 90 (unequal first increment).
    const fractions = [30, 40, 50, 60, 70, 80, 90].map((n) => n / 90);
    const b = spendingBoundary(fractions, 0.05, 'pocock');
    const rng = createRng(23);
    const paths = 200_000;
    const first = new Array<number>(fractions.length).fill(0);
    for (let p = 0; p < paths; p++) {
      let s = 0;
      let info = 0;
      for (let k = 0; k < fractions.length; k++) {
        const t = fractions[k] as number;
        s += Math.sqrt(t - info) * rng.normal();
        info = t;
        if (s / Math.sqrt(t) >= (b.critical[k] as number)) {
          first[k] = (first[k] as number) + 1;
          break;
        }
      }
    }
    let before = 0;
    fractions.forEach((t, k) => {
      const expected = spent('pocock', 0.05, t) - before;
      before += expected;
      const se = Math.sqrt((expected * (1 - expected)) / paths);
      expect(Math.abs((first[k] as number) / paths - expected)).toBeLessThan(4 * se);
    });
    const total = first.reduce((a, c) => a + c, 0) / paths;
    expect(Math.abs(total - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / paths));
  });

  it('one look is the fixed-sample test; crossing probabilities agree with the boundary', () => {
    expect(spendingBoundary([1], 0.05, 'obrien-fleming').critical[0]).toBeCloseTo(1.6449, 4);
    const b = spendingBoundary(FIVE, 0.05, 'obrien-fleming');
    const per = crossingProbabilities(b.critical, FIVE, 1);
    FIVE.forEach((t, k) =>
      expect(per[k]).toBeCloseTo(
        spent('obrien-fleming', 0.05, t) - (k === 0 ? 0 : spent('obrien-fleming', 0.05, FIVE[k - 1] as number)),
        6,
      ),
    );
  });

  it('rejects looks that do not increase to 1, and alphas outside (0, 0.5)', () => {
    expect(() => spendingBoundary([0.5, 0.5, 1], 0.05, 'pocock')).toThrow(/increase/);
    expect(() => spendingBoundary([0.5, 0.9], 0.05, 'pocock')).toThrow(/ending at 1/);
    expect(() => spendingBoundary([1], 0.7, 'pocock')).toThrow(/alpha/);
    expect(() => crossingProbabilities([2, 2], [1], 1)).toThrow(/one boundary per look/);
  });
});
