/**
 * Issue 21 items 1-4 end to end: `perfgate ab` (the bundled CLI, real git, builds, perf and
 * valgrind) on a copy of the demo suite whose head commit switches each pair from its fast to
 * its slow variant. On this machine (no PMU) the changed benchmarks are counted once a side
 * under cachegrind, and each gets its kind with the numbers in comparison.json: cache/random
 * memory, branch/shuffled branches, tlb/page-stride memory (through the simulated TLB), 40% more
 * work more-work, and a sleep added waiting. Effects of 1.4× and more, 10 pairs, no flame graphs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ComparisonDoc, KindLabel } from '../../src/compare/comparison-doc.js';
import { probeHost, type HostProbe } from '../../src/host/probe.js';
import { perfgate } from '../helpers/cli.js';
import { makeDemoRepo, type DemoRepo } from '../helpers/demorepo.js';
import { haveTool, perfUsable } from '../helpers/tools.js';

const SUITE = `version: 1
setup: make -s -C benchmarks
defaults:
  iterations: 10
  max-iterations: 10
  warmup: 1
  cpus: "1"
  threshold: { wall: 3%, task-clock: 2% }
benchmarks:
  - name: cache
    run: ./benchmarks/bin/cache sequential
  - name: branch
    run: ./benchmarks/bin/branch sorted
  - name: tlb
    run: ./benchmarks/bin/tlb line-stride
  - name: work
    run: ./benchmarks/bin/work 5000
  - name: sleep
    run: ./benchmarks/bin/work 2000
    env: { SLEEP_US: "0" }
`;

let probe: HostProbe;
let repo: DemoRepo;
beforeAll(async () => {
  probe = await probeHost();
  repo = makeDemoRepo();
  writeFileSync(path.join(repo.dir, 'perfgate.yml'), SUITE);
  repo.commit('the fast variants');
  for (const [from, to] of [
    ['cache sequential', 'cache random'],
    ['branch sorted', 'branch shuffled'],
    ['tlb line-stride', 'tlb page-stride'],
    ['work 5000', 'work 7000'],
    ['SLEEP_US: "0"', 'SLEEP_US: "30000"'],
  ] as const)
    repo.edit('perfgate.yml', from, to);
  repo.commit('the slow variants');
});

const readDoc = (): ComparisonDoc =>
  JSON.parse(readFileSync(path.join(repo.dir, '.perfgate', 'comparison.json'), 'utf8')) as ComparisonDoc;
const kindOf = (doc: ComparisonDoc, name: string): KindLabel => {
  const ex = doc.explanations?.[name];
  if (!ex?.kind || !ex.evidence) throw new Error(`${name}: no kind in ${JSON.stringify(ex)}`);
  return { kind: ex.kind, evidence: ex.evidence };
};
const ready = (): boolean => perfUsable(probe) && haveTool(['valgrind', '--version'], 'valgrind') && !probe.perf.pmu;

describe('perfgate ab labels the kind of each demo slowdown (no PMU: cachegrind)', () => {
  it('memory, branches, memory (TLB), more work and waiting, each with its numbers', () => {
    if (!ready()) return;
    // No --no-profile: it turns the counter runs off too. The suite asks for no flame graphs.
    const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--seed', '21'], {
      cwd: repo.dir,
      timeoutMs: 600_000,
    });
    expect(r.code).toBe(1);
    // Four need counters; waiting is read off the time rows and costs no cachegrind run.
    expect(r.stderr).toMatch(/counters: cachegrind, one run per side, for 4 changed benchmark\(s\): \d+:\d\d/);
    expect(r.stderr).not.toContain('sleep: counting');
    const doc = readDoc();

    const cache = kindOf(doc, 'cache');
    expect(cache.kind).toBe('memory');
    expect(cache.evidence).toMatchObject({ source: 'cachegrind', scope: 'benchmark' });
    expect(cache.evidence.moved).toEqual(expect.arrayContaining(['d1Misses']));
    const d1 = cache.evidence.perKiloInstructions!.d1Misses!;
    expect(d1.head / d1.base).toBeGreaterThan(2);
    expect(Math.abs(cache.evidence.instructions!.change)).toBeLessThan(0.001);
    expect(cache.evidence.seconds!.base).toBeGreaterThan(0);

    const branch = kindOf(doc, 'branch');
    expect(branch.kind).toBe('branches');
    const mispredicted = branch.evidence.perKiloInstructions!.branchMisses!;
    expect(mispredicted.head / mispredicted.base).toBeGreaterThan(5);

    const tlb = kindOf(doc, 'tlb');
    expect(tlb.kind).toBe('memory');
    expect(tlb.evidence.moved).toEqual(['tlbMisses']);
    const d1tlb = tlb.evidence.perKiloInstructions!.d1Misses!;
    expect(Math.abs(d1tlb.head / d1tlb.base - 1)).toBeLessThan(0.01);

    const work = kindOf(doc, 'work');
    expect(work.kind).toBe('more-work');
    expect(work.evidence.instructions!.change).toBeGreaterThan(0.3);

    const sleep = kindOf(doc, 'sleep');
    expect(sleep.kind).toBe('waiting');
    expect(sleep.evidence).toMatchObject({ source: 'time', time: { metric: 'wall', verdict: 'regression' } });
    expect(Math.abs(sleep.evidence.cpu!)).toBeLessThan(0.5 * sleep.evidence.wall!);

    // The text report says it where the verdicts are.
    expect(r.stdout).toContain('kind of change (counters against time):');
    expect(r.stdout).toMatch(/ {2}cache \+[\d.]+% CPU time: memory \(TLB, L1 data cache\) — /);
    expect(r.stdout).toMatch(/ {2}branch \+[\d.]+% CPU time: branch mispredictions — mispredicted branches/);
    expect(r.stdout).toMatch(/ {2}work \+[\d.]+% CPU time: more work — instructions \+39\.8%/);
    expect(r.stdout).toMatch(/ {2}sleep \+[\d.]+% wall time: waiting/);
  }, 600_000);

  it('over the time budget the counters are skipped with the reason, and the label says so', () => {
    if (!ready()) return;
    const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--filter', '^work$', '--time-budget', '1s'], {
      cwd: repo.dir,
      timeoutMs: 600_000,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('counting base under cachegrind');
    const work = kindOf(readDoc(), 'work');
    expect(work.kind).toBe('unclear');
    expect(work.evidence.noCounters).toMatch(
      /^over the time budget: cachegrind of both sides estimated at [\d.]+ s, [\d.]+ s left$/,
    );
    expect(r.stdout).toMatch(/work \+[\d.]+% CPU time: unclear .*\(no counters: over the time budget/);
  }, 600_000);
});
