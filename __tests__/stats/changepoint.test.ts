/**
 * The change-point detector's parts against independently computed values: the t test against
 * scipy, Q̂ against a hand computation and a direct implementation of Matteson & James' formula,
 * and the outlier and step behaviour on seeded series.
 */
import { bestSplit, detectChangePoints, firstPassP, guardOutliers, tTest } from '../../src/stats/changepoint.js';
import { createRng } from '../../src/stats/rng.js';

describe('tTest (pooled variance from population standard deviations, as Otava feeds scipy)', () => {
  // scipy 1.17.1: ttest_ind_from_stats(mean(x), np.std(x), len(x), mean(y), np.std(y), len(y))
  it.each([
    { x: [10, 11, 9, 10.5, 9.5], y: [12, 12.5, 11.5, 13], t: -5.177693563576147, p: 0.0012841473379632915 },
    { x: [1, 2, 3], y: [7], t: -5.303300858899107, p: 0.0337650603987537 },
    {
      x: [100, 101, 99, 100, 102, 98, 100, 101],
      y: [100.5, 99.5, 101, 100, 99, 101.5],
      t: -0.22100659333382058,
      p: 0.8288030885472085,
    },
  ])('matches scipy for $x vs $y', ({ x, y, t, p }) => {
    const r = tTest([...x, ...y], 0, x.length, x.length + y.length);
    expect(r.t).toBeCloseTo(t, 10);
    expect(Math.abs(r.p / p - 1)).toBeLessThan(1e-9);
  });

  it('gives p = 1 with no degree of freedom or two equal constant sides, p = 0 for two different constant sides', () => {
    expect(tTest([1, 5], 0, 1, 2).p).toBe(1);
    expect(tTest([5, 5, 5, 5, 5], 0, 3, 5).p).toBe(1); // scipy: nan (never significant in Otava)
    expect(tTest([5, 5, 5, 6, 6], 0, 3, 5).p).toBe(0);
    expect(() => tTest([1, 2, 3], 0, 0, 3)).toThrow(RangeError);
  });
});

/** Q̂ as Matteson & James define it: nm/(n+m) · (2·mean|X−Y| − mean pair |X−X'| − mean pair |Y−Y'|). */
function qhatDirect(x: number[], y: number[]): number {
  const n = x.length;
  const m = y.length;
  let cross = 0;
  for (const a of x) for (const b of y) cross += Math.abs(a - b);
  const within = (v: number[]): number => {
    if (v.length < 2) return 0;
    let s = 0;
    for (let i = 0; i < v.length; i++)
      for (let j = i + 1; j < v.length; j++) s += Math.abs((v[i] as number) - (v[j] as number));
    return s / ((v.length * (v.length - 1)) / 2);
  };
  return ((n * m) / (n + m)) * ((2 * cross) / (n * m) - within(x) - within(y));
}

describe('bestSplit (the E-divisive candidate)', () => {
  it('finds the hand-computed split of [0, 0, 3, 3]: τ = 2 (κ = 4), Q̂ = 6', () => {
    // τ=2, κ=4: X=[0,0], Y=[3,3]: 2/4·(4·3) − 0 − 0 = 6; the next best is τ=2, κ=3: 2/3·6 = 4.
    expect(bestSplit([0, 0, 3, 3], 0, 4)).toEqual({ index: 2, qhat: 6 });
  });

  it('agrees with a direct evaluation of Q̂ over every (τ, κ) on random segments', () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 30; trial++) {
      const z = Array.from({ length: 25 }, (_, i) => (i > 12 ? 3 : 0) + rng.normal());
      const s = rng.int(5);
      const e = 15 + rng.int(11);
      let best = { index: -1, qhat: -Infinity };
      for (let tau = s + 1; tau < e; tau++) {
        for (let kappa = tau + 1; kappa <= e; kappa++) {
          const q = qhatDirect(z.slice(s, tau), z.slice(tau, kappa));
          if (q > best.qhat) best = { index: tau, qhat: q };
        }
      }
      const got = bestSplit(z, s, e);
      expect(got.index).toBe(best.index);
      expect(got.qhat).toBeCloseTo(best.qhat, 9);
    }
  });
});

it('relaxes p for the weak pass as Otava does', () => {
  expect(firstPassP(0.001)).toBeCloseTo(0.01, 15);
  expect(firstPassP(0.1)).toBeCloseTo(0.2, 15);
  expect(firstPassP(0.6)).toBe(0.6);
});

/** 1% normal noise around `level(i)`, seeded. */
function nightly(seed: number, n: number, level: (i: number) => number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => level(i) * (1 + 0.01 * rng.normal()));
}

describe('outliers and steps', () => {
  const opts = { window: 50, p: 0.001, minMagnitude: 0.02 };

  it('does not invent a step from one slow night near a real step (Otava reports it as a step in and out)', () => {
    const z = nightly(1, 160, (i) => (i < 80 ? 100 : 110));
    z[70] = 150;
    // Otava (apache/otava 1ceb153, compute_change_points(z, 50, 0.001, 0.02) on this series, run
    // with numpy 2.4.6 / scipy 1.17.1): indexes [70, 71, 80], p 2.9592952197716925e-59,
    // 8.226777625207901e-14, 8.098674883357126e-40.
    const otava = detectChangePoints(z, { ...opts, mode: 'otava' }).changePoints;
    expect(otava.map((c) => c.index)).toEqual([70, 71, 80]);
    [2.9592952197716925e-59, 8.226777625207901e-14, 8.098674883357126e-40].forEach((p, i) =>
      expect(Math.abs((otava[i]?.p ?? 0) / p - 1)).toBeLessThan(1e-8),
    );
    const robust = detectChangePoints(z, opts);
    expect(robust.changePoints.map((c) => c.index)).toEqual([80]);
    expect(robust.outliers).toEqual([70]);
  });

  it('does not report a lone slow night in a flat series', () => {
    const z = nightly(1, 120, () => 100);
    z[60] = 140;
    const robust = detectChangePoints(z, opts);
    expect(robust.changePoints).toEqual([]);
    expect(robust.outliers).toEqual([60]);
  });

  it('does not invent a step from two slow nights in a row either', () => {
    const z = nightly(2, 120, () => 100);
    z[70] = 135;
    z[71] = 128;
    expect(detectChangePoints(z, opts).changePoints).toEqual([]);
  });

  it('finds an 8% step exactly, with slow nights just before and after it', () => {
    const z = nightly(3, 150, (i) => (i < 80 ? 100 : 108));
    z[78] = 130;
    z[83] = 150;
    const { changePoints } = detectChangePoints(z, opts);
    expect(changePoints.map((c) => c.index)).toEqual([80]);
    const [c] = changePoints;
    expect(c?.before).toBeCloseTo(100, 0);
    expect(c?.after).toBeCloseTo(108, 0);
    expect(c?.change).toBeCloseTo(0.08, 2);
    expect(c?.p).toBeLessThan(1e-10);
  });

  it('finds an improvement (a step down) with a negative change', () => {
    const z = nightly(4, 100, (i) => (i < 40 ? 100 : 94));
    const [c, ...rest] = detectChangePoints(z, opts).changePoints;
    expect(rest).toEqual([]);
    expect(c?.index).toBe(40);
    expect(c?.change).toBeLessThan(-0.05);
  });

  it('reports a step at the end of the series once three nights confirm it, not after one', () => {
    const level = (i: number): number => (i < 97 ? 100 : 110);
    expect(detectChangePoints(nightly(5, 100, level), opts).changePoints.map((c) => c.index)).toEqual([97]);
    expect(detectChangePoints(nightly(5, 98, level), opts).changePoints).toEqual([]);
  });

  it('treats a lone deviation in a deterministic count as an outlier and a step in it as a step', () => {
    const flat = Array.from({ length: 60 }, () => 1_000_000);
    flat[30] = 1_000_400;
    expect(guardOutliers(flat).outliers).toEqual([30]);
    expect(detectChangePoints(flat, opts).changePoints).toEqual([]);
    const step = Array.from({ length: 60 }, (_, i) => (i < 25 ? 1_000_000 : 1_030_000));
    expect(detectChangePoints(step, opts).changePoints).toEqual([
      { index: 25, before: 1_000_000, after: 1_030_000, change: 1_030_000 / 1_000_000 - 1, p: 0 },
    ]);
  });

  it('finds nothing in pure noise', () => {
    expect(
      detectChangePoints(
        nightly(6, 200, () => 100),
        opts,
      ).changePoints,
    ).toEqual([]);
  });
});

it('validates its input', () => {
  expect(detectChangePoints([], { window: 30, p: 0.01, minMagnitude: 0 })).toEqual({ changePoints: [], outliers: [] });
  expect(() => detectChangePoints([1, 2], { window: 1, p: 0.01, minMagnitude: 0 })).toThrow(/window/);
  expect(() => detectChangePoints([1, 2], { window: 30, p: 0, minMagnitude: 0 })).toThrow(/p must/);
  expect(() => detectChangePoints([1, 2], { window: 30, p: 0.01, minMagnitude: -1 })).toThrow(/minMagnitude/);
  expect(() => detectChangePoints([1, NaN], { window: 30, p: 0.01, minMagnitude: 0 })).toThrow(/series\[1\]/);
});
