/**
 * Higher-is-better metrics (throughput): a drop is the regression. With every head sample
 * exactly 0.9 × its base sample, all paired log-ratios are ln 0.9, so the Hodges–Lehmann
 * estimate and both interval ends are exactly −10%.
 */
import {
  analyzeBenchmark,
  analyzeSessions,
  finalizeRows,
  geomeanByEntry,
  summarize,
} from '../../src/compare/analyze.js';
import type { BenchmarkResult } from '../../src/results/results-doc.js';
import { followUp } from '../../src/report/investigation-render.js';
import { verdictOf } from '../../src/stats/verdict.js';
import { comparison, row as mkRow } from '../helpers/comparison.js';

const base = [100, 101, 99, 100.5, 99.5, 100, 101, 99];
const result = (samples: number[], direction?: 'higher'): BenchmarkResult => ({
  name: 'svc/http://127.0.0.1/',
  status: 'ok',
  backend: 'time',
  threshold: { requests: 0.05 },
  metrics: { requests: { unit: 'req/s', samples, ...(direction ? { direction } : {}) } },
  harness: { entry: 'svc', format: 'wrk', name: 'http://127.0.0.1/' },
});

describe('metric direction', () => {
  it('a 10% throughput drop is a regression with change −10%', () => {
    const [row] = analyzeBenchmark(
      result(base, 'higher'),
      result(
        base.map((v) => v * 0.9),
        'higher',
      ),
      0.95,
    );
    expect(row).toMatchObject({ verdict: 'regression', direction: 'higher', entry: 'svc', unit: 'req/s' });
    expect(row!.change).toBeCloseTo(-0.1, 12);
    expect(row!.ci[0]).toBeCloseTo(-0.1, 12);
    expect(row!.ci[1]).toBeCloseTo(-0.1, 12);
    // Its p is that of the cost 1/x rising by 1/0.9: the same test a slowdown gets.
    const [cost] = analyzeBenchmark(result(base.map((v) => 1 / v)), result(base.map((v) => 1 / (v * 0.9))), 0.95);
    expect(row!.p).toBe(cost!.p);
    expect(row!.p).toBeLessThan(0.01);
    const [final] = finalizeRows([row!], 0.05, true);
    expect(final!.verdict).toBe('regression');
    expect(summarize([final!]).regressions).toBe(1);
  });

  it('a 10% throughput gain is an improvement, and the same numbers lower-is-better are the reverse', () => {
    const up = base.map((v) => v * 1.1);
    expect(analyzeBenchmark(result(base, 'higher'), result(up, 'higher'), 0.95)[0]).toMatchObject({
      verdict: 'improvement',
    });
    expect(analyzeBenchmark(result(base), result(up), 0.95)[0]).toMatchObject({ verdict: 'regression' });
    expect(analyzeBenchmark(result(base), result(up), 0.95)[0]!.direction).toBeUndefined();
  });

  it('geomean per entry: over the primary metric of each entry, in its own direction', () => {
    const mk = (benchmark: string, entry: string, metric: string, change: number) => ({
      benchmark,
      entry,
      metric,
      unit: 'ns',
      gated: true,
      verdict: 'unchanged' as const,
      change,
      ci: [change - 0.01, change + 0.01] as [number, number],
      confLevel: 0.95,
      p: 0.5,
      pAdjusted: 0.5,
      threshold: 0.03,
      n: { base: 10, head: 10 },
      median: { base: 1, head: 1 },
      outliers: 0,
    });
    const g = geomeanByEntry([
      mk('a/x', 'a', 'time', 0.1),
      mk('a/y', 'a', 'time', -0.05),
      mk('a/y', 'a', 'bytes', 0.5),
      mk('b/z', 'b', 'cpu_time', 0.02),
    ]);
    expect(g.a).toMatchObject({ metric: 'time', benchmarks: 2 });
    expect(g.a!.change).toBeCloseTo(Math.sqrt(1.1 * 0.95) - 1, 12);
    expect(g.b).toMatchObject({ metric: 'cpu_time', benchmarks: 1 });
    expect(g.b!.change).toBeCloseTo(0.02, 12);
  });
});

test('across sessions too, a throughput drop is the regression', () => {
  const session = (v: number): BenchmarkResult => ({
    name: 'srv/root',
    status: 'ok',
    backend: 'perf',
    threshold: { 'requests/s': 0.05 },
    metrics: { 'requests/s': { unit: 'req/s', samples: [v, v * 1.001, v * 0.999], direction: 'higher' } },
  });
  const rows = analyzeSessions([session(1000), session(1010), session(990), session(1005)], session(700), 0.95);
  expect(rows[0]).toMatchObject({ verdict: 'regression', direction: 'higher' });
  expect(rows[0]!.change).toBeCloseTo(700 / 1001.25 - 1, 2);
  expect(rows[0]!.ci[1]).toBeLessThan(-0.05);
  expect(
    analyzeSessions([session(1000), session(1010), session(990), session(1005)], session(1400), 0.95)[0],
  ).toMatchObject({ verdict: 'improvement' });
});

describe("verdictOf: one rule for an interval in the metric's own terms", () => {
  it('for a throughput, θ bounds the cost 1/x: a drop below 1/(1+θ) − 1 is the regression', () => {
    // θ = 5%: the cost rises past +5% once the throughput falls past 1/1.05 − 1 = −4.76%.
    expect(verdictOf([-0.06, -0.049], 0.95, 0.05, 'higher')).toBe('regression');
    expect(verdictOf([-0.06, -0.047], 0.95, 0.05, 'higher')).toBe('inconclusive');
    expect(verdictOf([0.06, 0.08], 0.95, 0.05, 'higher')).toBe('improvement');
    expect(verdictOf([-0.02, 0.02], 0.95, 0.05, 'higher')).toBe('unchanged');
    // The same intervals lower-is-better read the other way.
    expect(verdictOf([-0.06, -0.049], 0.95, 0.05, undefined)).toBe('inconclusive');
    expect(verdictOf([0.06, 0.08], 0.95, 0.05, undefined)).toBe('regression');
  });

  it('a row that reached no interval (level 0) or has NaN ends has no verdict', () => {
    expect(verdictOf([0.1, 0.1], 0, 0.02, undefined)).toBe('inconclusive');
    expect(verdictOf([NaN, NaN], 0.95, 0.02, 'higher')).toBe('inconclusive');
  });

  it('every analysed row carries the verdict verdictOf gives its stored interval (what shard merge re-applies)', () => {
    for (const f of [0.9, 0.96, 1, 1.04, 1.1]) {
      for (const direction of ['higher', undefined] as const) {
        const [r] = analyzeBenchmark(
          result(base, direction),
          result(
            base.map((v, i) => v * f * (1 + 0.003 * (i % 3))),
            direction,
          ),
          0.95,
        );
        expect([f, direction, r!.verdict]).toEqual([
          f,
          direction,
          verdictOf(r!.ci, r!.confLevel, r!.threshold!, r!.direction),
        ]);
      }
    }
  });
});

test('a throughput regression followed up: still regressed while it stays down, recovered once back within θ', () => {
  const sha = 'b'.repeat(40);
  const drop = mkRow('svc/root', 'requests/s', 'regression', -0.2, {
    direction: 'higher',
    ci: [-0.22, -0.18],
    threshold: 0.05,
  });
  const first = comparison([drop]);
  const later = (change: number, ci: [number, number], verdict: 'regression' | 'unchanged') => {
    const doc = comparison([{ ...drop, change, ci, verdict }], 'd'.repeat(40));
    doc.base.git.sha = sha;
    return doc;
  };
  expect(first.base.git.sha).toBe(sha);
  // Against the same baseline: still 20% down is still regressed, not "below +θ, recovered".
  expect(followUp(first, drop, later(-0.2, [-0.22, -0.18], 'regression'), 'x').status).toBe('still regressed');
  expect(followUp(first, drop, later(-0.1, [-0.12, -0.08], 'regression'), 'x').status).toBe('partly recovered');
  expect(followUp(first, drop, later(0, [-0.01, 0.01], 'unchanged'), 'x').status).toBe('recovered');
});
