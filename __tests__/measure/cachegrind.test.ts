/**
 * The cachegrind runner and parser behind the valgrind backend and the counter profiles: a
 * captured out file (fixtures/cachegrind/), bad files refused, and one real run of the demo's
 * branch benchmark with the counter simulation.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  COUNTER_SIMULATION,
  parseCachegrindTotals,
  runCachegrind,
  simulatedCounts,
} from '../../src/measure/cachegrind.js';
import { benchBin, fixturesDir } from '../helpers/paths.js';
import { haveTool } from '../helpers/tools.js';
import { buildBenchmarks } from '../helpers/build.js';

describe('parseCachegrindTotals', () => {
  it('reads the events and summary lines of a captured out file (cache random, counter simulation)', () => {
    const totals = parseCachegrindTotals(
      readFileSync(path.join(fixturesDir, 'cachegrind', 'cache-random.out'), 'utf8'),
    );
    expect(totals).toEqual({
      Ir: 17429875,
      I1mr: 1180,
      ILmr: 81,
      Dr: 553617,
      D1mr: 524574,
      DLmr: 328067,
      Dw: 1059291,
      D1mw: 262552,
      DLmw: 4116,
      Bc: 1598204,
      Bcm: 3244,
      Bi: 307,
      Bim: 163,
    });
    expect(simulatedCounts(totals!)).toEqual({
      instructions: 17429875,
      d1Misses: 524574 + 262552,
      tlbMisses: 328067 + 4116,
      branchMisses: 3244 + 163,
    });
  });

  it('refuses a file without both lines, with a count per event, or with a negative count', () => {
    expect(parseCachegrindTotals('events: Ir D1mr\nsummary: 10\n')).toBeNull();
    expect(parseCachegrindTotals('summary: 10\n')).toBeNull();
    expect(parseCachegrindTotals('events: Ir\nsummary: -3\n')).toBeNull();
    // The valgrind backend's run (--cache-sim=no) counts instructions only: no simulated counts.
    expect(simulatedCounts(parseCachegrindTotals('events: Ir\nsummary: 627424\n')!)).toBeNull();
  });
});

describe('runCachegrind with the counter simulation', () => {
  it('counts a real run of the branch demo: sorted data, few mispredicted branches', async () => {
    if (!haveTool(['valgrind', '--version'], 'valgrind')) return;
    buildBenchmarks();
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'pg-cg-'));
    const run = await runCachegrind(
      {
        argv: [path.join(benchBin, 'branch'), 'sorted'],
        cwd: scratch,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        cpus: null,
        timeoutMs: 120_000,
      },
      scratch,
      COUNTER_SIMULATION,
    );
    expect(run.outcome.exitCode).toBe(0);
    expect(run.warnings).toEqual([]);
    const c = simulatedCounts(run.totals!)!;
    // 300 passes over 64 Ki bytes: ~20 M conditional branches, predicted well once sorted.
    expect(c.instructions).toBeGreaterThan(100e6);
    expect(c.branchMisses / c.instructions).toBeLessThan(0.01);
  }, 180_000);
});
