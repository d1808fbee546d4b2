import { intervalSe, logMde, mdeOfInterval, pairNoise, pairsForMde } from '../../src/stats/mde.js';
import { compareSessions } from '../../src/stats/sessions.js';
import { signedRankInterval } from '../../src/stats/wilcoxon.js';
import { createRng } from '../../src/stats/rng.js';

// Expected values computed independently with scipy 1.17 (scipy.stats.norm / t / nct):
//   norm.ppf(0.975) + norm.ppf(0.8)        = 2.8015852181129683  (its square, 7.849, is the
//     "n = 8/Δ²" rule of thumb for one sample or pairs at α 0.05 and power 0.8: van Belle,
//     Statistical Rules of Thumb, 2nd ed., §2.3);
//   the same over √30                       = 0.5114971402445012  (the d that R's
//     pwr::pwr.norm.test(n = 30, sig.level = 0.05, power = 0.8) solves for);
//   norm.ppf(0.995) + norm.ppf(0.8)        = 3.4174505371218147;
//   t.ppf(0.975, 6) + t.ppf(0.8, 6)        = 3.35261513632551.
test.each([
  [0.95, undefined, 2.8015852181129683],
  [0.99, undefined, 3.4174505371218147],
  [0.95, 6, 3.35261513632551],
])('δ at level %p (df %p) is (q_{1−α/2} + q_{0.8})·SE, as scipy computes it', (level, df, factor) => {
  expect(logMde(1, level, df)).toBeCloseTo(factor, 9);
  expect(logMde(1 / Math.sqrt(30), level, df)).toBeCloseTo(factor / Math.sqrt(30), 9);
  expect(logMde(0, level, df)).toBe(0);
});

test('pwr.norm.test(n = 30, sig.level = 0.05, power = 0.8): d = 0.5115', () => {
  expect(logMde(1 / Math.sqrt(30), 0.95)).toBeCloseTo(0.5114971402445012, 9);
});

// scipy: se = (log1p(hi) − log1p(lo)) / (2·q((1+L)/2)); mde = expm1((q((1+L)/2) + q(0.8))·se).
test.each([
  [[-0.02, 0.03], 0.95, undefined, 0.03620470092447133],
  [[-0.02, 0.03], 0.9837, undefined, 0.03416888716745612],
  [[-0.02, 0.03], 0.95, 6, 0.03467788001783334],
] as const)('the mde of the interval %p at %p (df %p) matches scipy', (ci, level, df, expected) => {
  expect(mdeOfInterval(ci, level, df)).toBeCloseTo(expected, 9);
});

test('a row without an interval has no mde; a zero-width one (exact counts) sees any change', () => {
  expect(mdeOfInterval([NaN, NaN], 0.95)).toBeNull();
  expect(mdeOfInterval([0.01, 0.01], 0)).toBeNull();
  expect(mdeOfInterval([0.01, 0.01], 0.95)).toBe(0);
  expect(() => intervalSe([0.02, 0.01], 0.95)).toThrow(/lo <= hi/);
  expect(() => logMde(-1, 0.95)).toThrow(/SE must be/);
});

test('a higher-is-better row has the mde of its cost: the log width is the same either way', () => {
  // A throughput interval [−4%, +1%] is the cost interval [1/1.01 − 1, 1/0.96 − 1].
  const metric = mdeOfInterval([-0.04, 0.01], 0.95);
  const cost = mdeOfInterval([1 / 1.01 - 1, 1 / 0.96 - 1], 0.95);
  expect(metric).not.toBeNull();
  expect(cost).toBeCloseTo(metric as number, 12);
});

test('pairs that would bring the mde to θ: n·(ln(1+mde)/ln(1+θ))², as scipy computes (123.52 → 124)', () => {
  expect(pairsForMde(0.041, 0.02, 30)).toBe(124);
  expect(pairsForMde(0.015, 0.02, 30)).toBe(30);
  expect(pairsForMde(0.01, 0, 30)).toBe(Infinity);
  expect(() => pairsForMde(0.01, 0.02, 0)).toThrow(/pairs >= 1/);
});

/**
 * Fixed-seed Monte Carlo: normal log ratios of SD σ, n pairs. The mde read off the signed-rank
 * interval of A/A pairs, applied as the true shift, must be detected (interval's lower end above
 * 0) about 80% of the time; that is the whole chain the rows use (interval → SE → mde).
 */
test.each([
  [30, 0.95],
  [20, 0.9837],
])('%p normal pairs at level %p: the mde is detected with power ~80%', (n, level) => {
  const rng = createRng(2026);
  const sigma = 0.03;
  const draw = (shift: number): number[] => Array.from({ length: n }, () => shift + sigma * rng.normal());
  const interval = (x: number[]): [number, number] => {
    const ci = signedRankInterval(x, { confLevel: level }).ci;
    return [Math.expm1(ci[0]), Math.expm1(ci[1])];
  };
  let total = 0;
  const pilots = 300;
  for (let i = 0; i < pilots; i++) total += mdeOfInterval(interval(draw(0)), level) as number;
  const mde = total / pilots;
  // The rank interval's SE is near σ/√(n·3/π) (its efficiency against the mean is 3/π for normal data).
  const normalTheory = Math.expm1(logMde(sigma / Math.sqrt((n * 3) / Math.PI), level));
  expect(mde / normalTheory).toBeGreaterThan(0.9);
  expect(mde / normalTheory).toBeLessThan(1.1);
  const trials = 1000;
  let detected = 0;
  for (let i = 0; i < trials; i++) if (interval(draw(Math.log1p(mde)))[0] > 0) detected++;
  // Binomial SE at 1000 trials is 1.3 points: ±5 points is about 4 SE.
  expect(detected / trials).toBeGreaterThan(0.75);
  expect(detected / trials).toBeLessThan(0.85);
});

test('the pair noise an interval implies is the SD of the log ratios behind it', () => {
  const rng = createRng(7);
  const x = Array.from({ length: 200 }, () => 0.025 * rng.normal());
  const ci = signedRankInterval(x, { confLevel: 0.95 }).ci;
  const noise = pairNoise([Math.expm1(ci[0]), Math.expm1(ci[1])], 0.95, 200);
  // The rank interval's SE is σ/√(3n/π): its pair noise is σ·√(π/3), 2.3% from 2.5% less sampling error.
  expect(noise).toBeGreaterThan(0.025 * Math.sqrt(Math.PI / 3) * 0.85);
  expect(noise).toBeLessThan(0.025 * Math.sqrt(Math.PI / 3) * 1.15);
});

/**
 * The session model: K = 7 baseline centres and one head centre, N(0, τ²) each, the head shifted
 * by the mde at the true spread (SE = τ·√(1 + 1/K), df 6). The shifted-central-t approximation
 * gives power 0.7967 by scipy's noncentral t (nct.sf(t.ppf(0.975, 6), 6, 3.35261513632551));
 * the simulation must agree.
 */
test('K = 7 sessions: the t-based mde at the true spread is detected with the power scipy computes (0.797)', () => {
  const rng = createRng(11);
  const k = 7;
  const tau = 0.02;
  const delta = logMde(tau * Math.sqrt(1 + 1 / k), 0.95, k - 1);
  const trials = 2000;
  let detected = 0;
  for (let i = 0; i < trials; i++) {
    const base = Array.from({ length: k }, () => tau * rng.normal());
    const r = compareSessions(base, delta + tau * rng.normal(), { threshold: 0 });
    if (r.ci[0] > 0) detected++;
  }
  expect(Math.abs(detected / trials - 0.7967475038105214)).toBeLessThan(0.035);
});
