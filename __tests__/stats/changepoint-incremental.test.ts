/**
 * The change-point detector's incremental bookkeeping (issue 22 item 5: a year of nightly runs ×
 * 400 series) against the definitions written out the plain way, on random series: the outlier
 * guard recomputes only the residuals a flagged point changes, and the divisive search keeps the
 * best split of each segment it did not cut. Both must give what recomputing everything gives.
 */
import { bestSplit, guardOutliers, tTest, weakChangePoints, OUTLIER_K } from '../../src/stats/changepoint.js';
import { createRng, type Rng } from '../../src/stats/rng.js';

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 === 1 ? (v[h] as number) : ((v[h - 1] as number) + (v[h] as number)) / 2;
}

/** guardOutliers as its comment defines it: every residual recomputed for every flagged point. */
function plainGuard(z: readonly number[]): { values: number[]; outliers: number[] } {
  const flagged = z.map(() => false);
  const around = (i: number): number[] => {
    const out: number[] = [];
    for (let j = i - 1; j >= 0 && out.length < 2; j--) if (!flagged[j]) out.push(z[j] as number);
    const left = out.length;
    for (let j = i + 1; j < z.length && out.length < left + 2; j++) if (!flagged[j]) out.push(z[j] as number);
    return out;
  };
  const residual = (i: number): number => Math.abs((z[i] as number) - median([z[i] as number, ...around(i)]));
  const scale = 1.4826 * median(z.map((_, i) => residual(i)));
  const outliers: number[] = [];
  while (outliers.length < z.length / 4) {
    let worst = -1;
    let worstResidual = OUTLIER_K * scale;
    for (let i = 0; i < z.length; i++) {
      if (flagged[i]) continue;
      const r = residual(i);
      if (r > worstResidual) [worst, worstResidual] = [i, r];
    }
    if (worst < 0) break;
    flagged[worst] = true;
    outliers.push(worst);
  }
  outliers.sort((a, b) => a - b);
  const values = [...z];
  for (const i of outliers) {
    const a = around(i);
    if (a.length > 0) values[i] = median(a);
  }
  return { values, outliers };
}

/** weakChangePoints with every segment's best split searched again on every round. */
function plainWeak(z: readonly number[], window: number, maxP: number): number[] {
  const seen = new Set<number>();
  let start = 0;
  while (start < z.length) {
    const end = Math.min(start + window, z.length);
    const found: number[] = [];
    for (;;) {
      const cuts = [start, ...found, end];
      let best: { index: number; qhat: number; seg: number } | null = null;
      for (let i = 0; i + 1 < cuts.length; i++) {
        if ((cuts[i + 1] as number) - (cuts[i] as number) < 2) continue;
        const c = bestSplit(z, cuts[i] as number, cuts[i + 1] as number);
        if (best === null || c.qhat > best.qhat) best = { ...c, seg: i };
      }
      if (best === null || !(tTest(z, cuts[best.seg] as number, best.index, cuts[best.seg + 1] as number).p <= maxP))
        break;
      found.push(best.index);
      found.sort((a, b) => a - b);
    }
    for (const i of found) seen.add(i);
    start = Math.max(found.length > 0 ? (found[found.length - 1] as number) : 0, start + Math.floor(window / 2));
  }
  return [...seen].sort((a, b) => a - b);
}

/** A nightly-like series: levels with steps, noise, and slow nights (some in runs, some at the ends). */
function series(rng: Rng): number[] {
  const n = 5 + rng.int(200);
  let level = 100 + rng.next() * 1000;
  const noise = [0, 0.002, 0.01, 0.05][rng.int(4)] as number;
  const slowRate = [0, 0.02, 0.1, 0.3][rng.int(4)] as number;
  return Array.from({ length: n }, () => {
    if (rng.next() < 0.03) level *= 1 + (rng.next() - 0.4) * 0.3;
    const slow = rng.next() < slowRate ? 1 + rng.next() : 1;
    // Whole numbers now and then: ties in the medians and residuals.
    const v = level * slow * (1 + noise * rng.normal());
    return noise === 0 || rng.next() < 0.2 ? Math.round(v) : v;
  });
}

it('the outlier guard flags and replaces what recomputing every residual each round does', () => {
  const rng = createRng(2202);
  let flagged = 0;
  for (let k = 0; k < 300; k++) {
    const z = series(rng);
    const got = guardOutliers(z);
    expect(got).toEqual(plainGuard(z));
    flagged += got.outliers.length;
  }
  // The random series exercise the guard: many points flagged over all, not none.
  expect(flagged).toBeGreaterThan(300);
});

it('the divisive search finds the weak change points that searching every segment again finds', () => {
  const rng = createRng(5225);
  let found = 0;
  for (let k = 0; k < 120; k++) {
    const z = guardOutliers(series(rng)).values;
    const window = [10, 30, 50][rng.int(3)] as number;
    const p = [0.01, 0.1][rng.int(2)] as number;
    const got = weakChangePoints(z, window, p);
    expect(got).toEqual(plainWeak(z, window, p));
    found += got.length;
  }
  expect(found).toBeGreaterThan(100);
});
