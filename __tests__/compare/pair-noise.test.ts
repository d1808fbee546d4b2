/**
 * The rule `pairing: auto` chooses by: spreads of the pairs' log ratios, robust to a wild pair,
 * and the cost of a decision, max over gated rows of (spread / θ)² × time per pair.
 */
import { decisionCost, gatedSpreads, pairSpread, preferDuet } from '../../src/compare/pair-noise.js';
import type { BenchmarkResult } from '../../src/results/results-doc.js';

describe('pairSpread', () => {
  it('is zero for a constant ratio, and the robust one ignores a wild pair the SD does not', () => {
    expect(pairSpread([10, 20, 30, 40], [11, 22, 33, 44])).toEqual({ robust: 0, sd: 0 });
    const base = [100, 100, 100, 100, 100, 100, 100, 100];
    const head = [101, 99, 101, 99, 101, 99, 101, 200];
    const s = pairSpread(base, head)!;
    expect(s.robust).toBeCloseTo(1.4826 * Math.log(1.01), 3);
    expect(s.sd).toBeGreaterThan(0.2);
  });
  it('needs three pairs', () => {
    expect(pairSpread([1, 2], [1, 2])).toBeNull();
  });
});

const result = (
  name: string,
  threshold: Record<string, number>,
  metrics: Record<string, number[]>,
): BenchmarkResult => ({
  name,
  status: 'ok',
  backend: 'perf',
  threshold,
  metrics: Object.fromEntries(Object.entries(metrics).map(([m, samples]) => [m, { unit: 'ms', samples }])),
});

describe('gatedSpreads', () => {
  it('pools the batches of a design, per benchmark and gated metric only', () => {
    const batch = (head: number[]) => ({
      base: [result('a', { 'task-clock': 0.02 }, { 'task-clock': [10, 10], 'page-faults': [1, 1] })],
      head: [result('a', { 'task-clock': 0.02 }, { 'task-clock': head, 'page-faults': [1, 2] })],
    });
    const g = gatedSpreads([batch([10.1, 9.9]), batch([10.1, 9.9])]);
    expect(Object.keys(g.spreads)).toEqual(['a task-clock']);
    expect(g.thresholds).toEqual({ 'a task-clock': 0.02 });
    expect(g.spreads['a task-clock']).toBeGreaterThan(0);
  });
});

describe('the choice', () => {
  const th = { 'a task-clock': 0.02, 'a wall': 0.03 };
  it('costs the hardest row: max (spread / θ)² × ms per pair', () => {
    const cost = decisionCost({ spreads: { 'a task-clock': 0.01, 'a wall': 0.03 }, msPerPair: 10, pairs: 8 }, th);
    expect(cost).toBeCloseTo(1 * 10, 6);
  });
  it('takes duet when it is cheaper per decision, sequential otherwise, with the figures', () => {
    const seq = { spreads: { 'a task-clock': 0.01 }, msPerPair: 100, pairs: 8 };
    const fastDuet = { spreads: { 'a task-clock': 0.01 }, msPerPair: 50, pairs: 8 };
    const noisyDuet = { spreads: { 'a task-clock': 0.02 }, msPerPair: 50, pairs: 8 };
    expect(preferDuet(seq, fastDuet, th)).toEqual({
      duet: true,
      why: 'duet 2.0× cheaper per decision: duet a task-clock ±1.00% at 50.0 ms/pair; sequential a task-clock ±1.00% at 100.0 ms/pair (8+8 calibration pairs)',
    });
    expect(preferDuet(seq, noisyDuet, th)).toMatchObject({
      duet: false,
      why: expect.stringMatching(/^sequential 2\.0× cheaper per decision: /),
    });
  });
  it('without a gated metric measured by both, stays sequential and says so', () => {
    const none = { spreads: {}, msPerPair: 10, pairs: 8 };
    expect(preferDuet(none, none, th)).toMatchObject({
      duet: false,
      why: expect.stringMatching(/^no gated metric to compare the designs on/),
    });
  });
});
