/**
 * The kind of a change from counters and time rows (compare/slowdown-kind.ts). The counts are
 * the demo pairs' own, measured here under cachegrind (COUNTER_SIMULATION, one run a side, as
 * `perfgate ab` took them on 2026-12-07); the time changes are of the same order as measured.
 */
import {
  labelChange,
  labelChanges,
  needsCounters,
  pmuCounters,
  type CounterProfile,
} from '../../src/compare/slowdown-kind.js';
import type { ComparisonRow } from '../../src/compare/comparison-doc.js';
import { row } from '../helpers/comparison.js';

const cg = (
  base: CounterProfile['base'],
  head: CounterProfile['head'],
  scope: CounterProfile['scope'] = 'benchmark',
): CounterProfile => ({ source: 'cachegrind', scope, base, head, seconds: { base: 0.4, head: 0.5 } });

// Instructions, D1 misses, page-level (TLB) misses, mispredicted branches per run.
const DEMO = {
  cache: cg(
    { instructions: 17414201, d1Misses: 296617, tlbMisses: 4710, branchMisses: 3053 },
    { instructions: 17414229, d1Misses: 787126, tlbMisses: 332183, branchMisses: 3056 },
  ),
  branch: cg(
    { instructions: 183452347, d1Misses: 322673, tlbMisses: 125, branchMisses: 518602 },
    { instructions: 183452375, d1Misses: 322676, tlbMisses: 125, branchMisses: 10397309 },
  ),
  tlb: cg(
    { instructions: 67221053, d1Misses: 4720235, tlbMisses: 73831, branchMisses: 2969 },
    { instructions: 67221024, d1Misses: 4720237, tlbMisses: 4202598, branchMisses: 2966 },
  ),
  work: cg(
    { instructions: 25109796, d1Misses: 1499, tlbMisses: 77, branchMisses: 2927 },
    { instructions: 35109796, d1Misses: 1499, tlbMisses: 77, branchMisses: 2927 },
  ),
};

/** task-clock and wall rows of one benchmark changing by `cpu` and `wall`. */
function timeRows(name: string, cpu: number, wall = cpu, extra: ComparisonRow[] = []): ComparisonRow[] {
  const verdict = (c: number): ComparisonRow['verdict'] =>
    c > 0.03 ? 'regression' : c < -0.03 ? 'improvement' : 'unchanged';
  return [
    row(name, 'task-clock', verdict(cpu), cpu),
    row(name, 'wall', verdict(wall), wall, { median: { base: 10e6, head: 10e6 * (1 + wall) } }),
    ...extra,
  ];
}

describe('labelChange on the demo pairs (cachegrind counts)', () => {
  it('cache/random is memory: D1 and TLB misses per instruction up, instructions flat', () => {
    const l = labelChange({ rows: timeRows('cache', 6.3), counters: DEMO.cache })!;
    expect(l.kind).toBe('memory');
    expect(l.evidence.moved).toEqual(['tlbMisses', 'd1Misses']);
    expect(l.evidence.perKiloInstructions?.d1Misses?.head).toBeCloseTo((1000 * 787126) / 17414229, 6);
    expect(l.evidence).toMatchObject({ source: 'cachegrind', scope: 'benchmark', seconds: { base: 0.4, head: 0.5 } });
    expect(Math.abs(l.evidence.instructions!.change)).toBeLessThan(1e-5);
  });

  it('branch/shuffled is branches: mispredictions per instruction ×20', () => {
    const l = labelChange({ rows: timeRows('branch', 1.6), counters: DEMO.branch })!;
    expect(l.kind).toBe('branches');
    expect(l.evidence.moved).toEqual(['branchMisses']);
  });

  it('tlb/page-stride is memory through the simulated TLB alone (D1 misses identical)', () => {
    const l = labelChange({ rows: timeRows('tlb', 1.3), counters: DEMO.tlb })!;
    expect(l.kind).toBe('memory');
    expect(l.evidence.moved).toEqual(['tlbMisses']);
  });

  it('work +40% units is more work: instructions explain the time', () => {
    const l = labelChange({ rows: timeRows('work', 0.35), counters: DEMO.work })!;
    expect(l.kind).toBe('more-work');
    expect(l.evidence.instructions!.change).toBeCloseTo(0.398, 3);
    expect(l.evidence.moved).toBeUndefined();
  });

  it('the same pairs the other way round are improvements of the same kinds', () => {
    const flip = (c: CounterProfile): CounterProfile => ({ ...c, base: c.head, head: c.base });
    const faster = (cpu: number): number => 1 / (1 + cpu) - 1;
    expect(labelChange({ rows: timeRows('cache', faster(6.3)), counters: flip(DEMO.cache) })!.kind).toBe('memory');
    expect(labelChange({ rows: timeRows('branch', faster(1.6)), counters: flip(DEMO.branch) })!.kind).toBe('branches');
    expect(labelChange({ rows: timeRows('work', faster(0.35)), counters: flip(DEMO.work) })!.kind).toBe('more-work');
  });

  it('a sleep added is waiting, without counters: wall up, CPU time flat', () => {
    const l = labelChange({ rows: timeRows('sleep', 0.002, 4.1), offcpuGraph: 'flamegraphs/sleep.offcpu.diff.svg' })!;
    expect(l.kind).toBe('waiting');
    expect(l.evidence).toMatchObject({ source: 'time', time: { metric: 'wall' }, wall: 4.1, cpu: 0.002 });
    expect(l.evidence.offcpuGraph).toBe('flamegraphs/sleep.offcpu.diff.svg');
  });

  it('the same counts and a changed time is layout', () => {
    const same = cg(DEMO.work.base, { ...DEMO.work.base, instructions: DEMO.work.base.instructions + 12 });
    expect(labelChange({ rows: timeRows('work', 0.06), counters: same })!.kind).toBe('layout');
  });

  it('instructions between a quarter and a half of the time change, rates flat: unclear', () => {
    const some = cg(DEMO.work.base, {
      ...DEMO.work.base,
      instructions: Math.round(DEMO.work.base.instructions * 1.12),
    });
    expect(labelChange({ rows: timeRows('work', 0.35), counters: some })!.kind).toBe('unclear');
  });

  it('no counters and nothing in the time rows: unclear, saying why', () => {
    const l = labelChange({ rows: timeRows('work', 0.35), noCounters: 'no PMU, and valgrind missing' })!;
    expect(l).toEqual(expect.objectContaining({ kind: 'unclear' }));
    expect(l.evidence.noCounters).toBe('no PMU, and valgrind missing');
  });

  it('two CPUs busy, CPU time up, the work the same: contention', () => {
    const rows = timeRows('fs', 0.8, 0.05);
    rows[0]!.median = { base: 20, head: 36 };
    rows[1]!.median = { base: 10.5e6, head: 11e6 };
    const same = cg(DEMO.work.base, DEMO.work.base);
    const l = labelChange({ rows, counters: same })!;
    expect(l.kind).toBe('contention');
    expect(l.evidence.cpusBusy!.head).toBeGreaterThan(3);
  });

  it('a harness benchmark counted over its whole invocation: rates only, no instruction change', () => {
    const l = labelChange({ rows: timeRows('gb/BM_x', 1.6), counters: { ...DEMO.branch, scope: 'invocation' } })!;
    expect(l.kind).toBe('branches');
    expect(l.evidence.instructions).toBeUndefined();
    expect(l.evidence.scope).toBe('invocation');
  });

  it('an inconclusive row beyond θ is labelled; an unchanged benchmark is not', () => {
    const likely = [row('b', 'task-clock', 'inconclusive', 0.4, { ci: [-0.01, 0.9] })];
    expect(labelChange({ rows: likely, counters: DEMO.work })).toMatchObject({
      kind: 'more-work',
      evidence: { time: { verdict: 'inconclusive' } },
    });
    expect(labelChange({ rows: [row('b', 'task-clock', 'unchanged', 0.001)], counters: DEMO.work })).toBeNull();
  });
});

describe('PMU counters from the pairs', () => {
  // Medians per run of each counter, base and head, as the pairs' context rows carry them.
  const counter = (metric: string, base: number, head: number): ComparisonRow =>
    row('cache', metric, 'regression', head / base - 1, {
      gated: false,
      threshold: null,
      unit: 'count',
      median: { base, head },
    });

  it('LL and dTLB misses per instruction up: memory, with the multiplexed events named', () => {
    const rows = [
      ...timeRows('cache', 6.3),
      counter('instructions', 17.4e6, 17.41e6),
      counter('cache-misses', 40e3, 420e3),
      counter('dTLB-load-misses', 5e3, 300e3),
      counter('branch-misses', 3e3, 3e3),
    ];
    const pmu = pmuCounters(rows, ['dTLB-load-misses'])!;
    expect(pmu).toMatchObject({ source: 'pmu', multiplexed: ['dTLB-load-misses'] });
    const l = labelChange({ rows, counters: pmu })!;
    expect(l.kind).toBe('memory');
    expect(l.evidence.moved).toEqual(['llMisses', 'tlbMisses']);
    // The instruction change is the pairs' own estimate, with its interval.
    expect(l.evidence.instructions).toMatchObject({ change: 17.41e6 / 17.4e6 - 1, ci: expect.any(Array) });
    expect(l.evidence.multiplexed).toEqual(['dTLB-load-misses']);
  });

  it('labelChanges falls back to the PMU rows where no simulated counts were taken', () => {
    const rows = [...timeRows('w', 0.35), counter('instructions', 25e6, 35e6)].map((r) => ({ ...r, benchmark: 'w' }));
    expect(labelChanges(rows).w?.kind).toBe('more-work');
    expect(labelChanges(rows).w?.evidence.source).toBe('pmu');
  });

  it('without an instructions row there are no PMU counters', () => {
    expect(pmuCounters(timeRows('x', 0.2), [])).toBeNull();
  });
});

describe('needsCounters: cachegrind only where the counts decide the label', () => {
  it('a CPU-time change needs them; waiting, a valgrind-backend change and no change do not', () => {
    expect(needsCounters(timeRows('cache', 6.3))).toBe(true);
    expect(needsCounters(timeRows('sleep', 0.002, 4.1))).toBe(false);
    expect(needsCounters([row('w', 'instructions', 'regression', 0.3)])).toBe(false);
    expect(needsCounters(timeRows('steady', 0.001))).toBe(false);
    // The valgrind backend's change is more work, from its own instruction counts.
    expect(labelChange({ rows: [row('w', 'instructions', 'regression', 0.3)] })?.kind).toBe('more-work');
  });
});
