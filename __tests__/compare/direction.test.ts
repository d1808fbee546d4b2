/**
 * Higher-is-better metrics (throughput): a drop is the regression. With every head sample
 * exactly 0.9 × its base sample, all paired log-ratios are ln 0.9, so the Hodges–Lehmann
 * estimate and both interval ends are exactly −10%.
 */
import { analyzeBenchmark, analyzeSessions, finalizeRows, geomeanByEntry, summarize } from '../../src/compare/analyze.js';
import type { BenchmarkResult } from '../../src/results/types.js';

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
    const [row] = analyzeBenchmark(result(base, 'higher'), result(base.map((v) => v * 0.9), 'higher'), 0.95);
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
    expect(analyzeBenchmark(result(base, 'higher'), result(up, 'higher'), 0.95)[0]).toMatchObject({ verdict: 'improvement' });
    expect(analyzeBenchmark(result(base), result(up), 0.95)[0]).toMatchObject({ verdict: 'regression' });
    expect(analyzeBenchmark(result(base), result(up), 0.95)[0]!.direction).toBeUndefined();
  });

  it('geomean per entry: over the primary metric of each entry, in its own direction', () => {
    const mk = (benchmark: string, entry: string, metric: string, change: number) => ({
      benchmark, entry, metric, unit: 'ns', gated: true, verdict: 'unchanged' as const, change, ci: [change - 0.01, change + 0.01] as [number, number],
      confLevel: 0.95, p: 0.5, pAdjusted: 0.5, threshold: 0.03, n: { base: 10, head: 10 }, median: { base: 1, head: 1 }, outliers: 0,
    });
    const g = geomeanByEntry([mk('a/x', 'a', 'time', 0.1), mk('a/y', 'a', 'time', -0.05), mk('a/y', 'a', 'bytes', 0.5), mk('b/z', 'b', 'cpu_time', 0.02)]);
    expect(g.a).toMatchObject({ metric: 'time', benchmarks: 2 });
    expect(g.a!.change).toBeCloseTo(Math.sqrt(1.1 * 0.95) - 1, 12);
    expect(g.b).toMatchObject({ metric: 'cpu_time', benchmarks: 1 });
    expect(g.b!.change).toBeCloseTo(0.02, 12);
  });
});

test('across sessions too, a throughput drop is the regression', () => {
  const session = (v: number): BenchmarkResult => ({ name: 'srv/root', status: 'ok', backend: 'perf', threshold: { 'requests/s': 0.05 }, metrics: { 'requests/s': { unit: 'req/s', samples: [v, v * 1.001, v * 0.999], direction: 'higher' } } });
  const rows = analyzeSessions([session(1000), session(1010), session(990), session(1005)], session(700), 0.95);
  expect(rows[0]).toMatchObject({ verdict: 'regression', direction: 'higher' });
  expect(rows[0]!.change).toBeCloseTo(700 / 1001.25 - 1, 2);
  expect(rows[0]!.ci[1]).toBeLessThan(-0.05);
  expect(analyzeSessions([session(1000), session(1010), session(990), session(1005)], session(1400), 0.95)[0]).toMatchObject({ verdict: 'improvement' });
});
