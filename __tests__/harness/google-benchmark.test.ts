/**
 * Google Benchmark inside `perfgate ab`, for real: a binary of our own with two benchmarks,
 * built by the suite's setup in base and head worktrees; head does 12% more work in BM_Knob.
 * The work is a multiply-add chain (instruction-bound), so its cost follows the knob.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { perfgate } from '../helpers/cli.js';
import { gatedRow, harnessRepo, harnessSrc, readComparison } from '../helpers/harness-repo.js';
import { haveGoogleBenchmark } from '../helpers/tools.js';

const suite = (
  run = './bin/bench --benchmark_min_time=0.05 --benchmark_filter="BM_Steady|BM_Knob"',
  extra = '',
): string =>
  `version: 1
setup: mkdir -p bin && g++ -O2 -o bin/bench bench.cc -lbenchmark -lpthread
defaults: { iterations: 10, max-iterations: 10, warmup: 1, cpus: "1", timeout: 120s }
benchmarks:
  - name: gb
    run: ${run}
    format: google-benchmark
${extra}`;

describe('google-benchmark entries', () => {
  it('perfgate ab: the 12% slower benchmark is a regression, the other is not', () => {
    if (!haveGoogleBenchmark()) return;
    const repo = harnessRepo({ 'bench.cc': harnessSrc('google-benchmark', 'bench.cc') }, suite());
    repo.change('bench.cc', '#define WORK_B 4000', '#define WORK_B 4480');
    const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--seed', '3', '--no-profile'], {
      cwd: repo.dir,
      timeoutMs: 600_000,
    });
    const doc = readComparison(repo.dir);
    const knob = gatedRow(doc, 'gb/BM_Knob', 'cpu_time');
    const steady = gatedRow(doc, 'gb/BM_Steady', 'cpu_time');
    expect(knob).toMatchObject({
      gated: true,
      verdict: 'regression',
      unit: 'ns',
      entry: 'gb',
      n: { base: 10, head: 10 },
    });
    expect(knob.ci[0]).toBeGreaterThan(0.03);
    expect(steady.verdict).not.toBe('regression');
    // bytes_per_second is higher-is-better: the same slowdown is a throughput drop.
    const bps = gatedRow(doc, 'gb/BM_Knob', 'bytes_per_second');
    expect(bps).toMatchObject({ direction: 'higher', gated: false, unit: 'B/s' });
    expect(bps.change).toBeGreaterThan(-0.02); // 12% more bytes per iteration at 12% more time: about the same rate
    expect(doc.summary.geomeanByEntry?.gb).toMatchObject({ metric: 'cpu_time', benchmarks: 2 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gb/BM_Knob');
    // The whole invocation's counters stay on the entry, as context.
    const base = JSON.parse(readFileSync(path.join(repo.dir, '.perfgate', 'base', 'results.json'), 'utf8')) as {
      benchmarks: {
        name: string;
        threshold: Record<string, number>;
        metrics: Record<string, unknown>;
        harness?: { entry: string };
      }[];
    };
    const entry = base.benchmarks.find((b) => b.name === 'gb');
    expect(entry?.threshold).toEqual({});
    expect(Object.keys(entry?.metrics ?? {})).toContain('wall');
    expect(base.benchmarks.find((b) => b.name === 'gb/BM_Knob')?.harness).toMatchObject({
      entry: 'gb',
      format: 'google-benchmark',
      name: 'BM_Knob',
    });
  }, 600_000);

  it('a benchmark renamed between base and head is removed and added, and the others still compare', () => {
    if (!haveGoogleBenchmark()) return;
    const repo = harnessRepo(
      { 'bench.cc': harnessSrc('google-benchmark', 'bench.cc') },
      suite('./bin/bench --benchmark_min_time=0.02 --benchmark_filter="BM_Steady|BM_Knob"'),
    );
    repo.change('bench.cc', 'BENCHMARK(BM_Knob);', 'BENCHMARK(BM_Knob)->Name("BM_Knob_renamed");');
    // A fixed 4 pairs: the suite's max-iterations would let an undecided row on a loaded runner
    // add pairs up to 10, and this test is about names, not the adaptive budget.
    perfgate(
      ['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--iterations', '4', '--max-iterations', '4', '--no-profile'],
      {
        cwd: repo.dir,
        timeoutMs: 600_000,
      },
    );
    const doc = readComparison(repo.dir);
    expect(doc.removed).toContain('gb/BM_Knob');
    expect(doc.added).toContain('gb/BM_Knob_renamed');
    expect(gatedRow(doc, 'gb/BM_Steady', 'cpu_time').n).toEqual({ base: 4, head: 4 });
  }, 600_000);

  it('perfgate run: a binary that crashes in its third benchmark keeps the two that reported and fails the entry', () => {
    if (!haveGoogleBenchmark()) return;
    const repo = harnessRepo(
      { 'bench.cc': harnessSrc('google-benchmark', 'bench.cc') },
      suite('./bin/bench --benchmark_min_time=0.02', '')
        .replace('g++ -O2', 'g++ -O2 -DCRASH_IN_SIZED')
        .replace('iterations: 10, max-iterations: 10', 'iterations: 3, max-iterations: 3'),
    );
    const r = perfgate(['run', '--out', '.perfgate'], { cwd: repo.dir, timeoutMs: 300_000 });
    const doc = JSON.parse(readFileSync(path.join(repo.dir, '.perfgate', 'results.json'), 'utf8')) as {
      benchmarks: { name: string; status: string; error?: string; metrics: Record<string, { samples: number[] }> }[];
    };
    const byName = new Map(doc.benchmarks.map((b) => [b.name, b]));
    expect(r.code).toBe(1);
    expect(byName.get('gb')?.status).toBe('failed');
    expect(byName.get('gb')?.error).toMatch(/killed by SIGILL|exited with code/);
    expect(byName.get('gb')?.error).toContain('kept the 3 benchmark(s) that reported (last: BM_Sized/64)');
    for (const name of ['gb/BM_Steady', 'gb/BM_Knob', 'gb/BM_Sized/64']) {
      expect(byName.get(name)?.status).toBe('ok');
      expect(byName.get(name)?.metrics.cpu_time?.samples).toHaveLength(3);
    }
    expect(byName.has('gb/BM_Sized/512')).toBe(false);
  }, 300_000);
});
