/**
 * A profile per changed harness benchmark (issue 21), with the real Google Benchmark and perf:
 * a suite of two benchmarks, each with a function the other never calls. Head doubles the work
 * of BM_Encode's `encode_block` and cuts BM_Decode's `decode_block` to a third. Each is
 * profiled alone with `--benchmark_filter=^name$` (names with `/`), so the why of BM_Encode
 * names `encode_block` first, and BM_Decode's never names it: one profile of the whole
 * invocation, where the harness runs each benchmark for a fixed time, would show
 * `encode_block` growing in both.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { probeHost } from '../../src/host/probe.js';
import { perfgate } from '../helpers/cli.js';
import { framesOf } from '../helpers/comparison.js';
import { gatedRow, harnessRepo, harnessSrc, readComparison } from '../helpers/harness-repo.js';
import { haveGoogleBenchmark, haveTool, perfUsable } from '../helpers/tools.js';

const suite = `version: 1
setup: mkdir -p bin && g++ -O2 -g -fno-omit-frame-pointer -o bin/codec codec.cc -lbenchmark -lpthread
defaults: { iterations: 8, max-iterations: 8, warmup: 1, cpus: "1", timeout: 120s, profile: true }
benchmarks:
  - name: gb
    run: ./bin/codec --benchmark_min_time=0.05
    format: google-benchmark
`;

it('each changed Google Benchmark is profiled alone, and its why names its own function', async () => {
  if (!haveGoogleBenchmark() || !perfUsable(await probeHost())) return;
  const repo = harnessRepo({ 'codec.cc': harnessSrc('google-benchmark', 'codec.cc') }, suite);
  repo.change(
    'codec.cc',
    '#define ENCODE_WORK 3000\n#endif\n#ifndef DECODE_WORK\n#define DECODE_WORK 3000',
    '#define ENCODE_WORK 6000\n#endif\n#ifndef DECODE_WORK\n#define DECODE_WORK 1000',
  );
  const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--seed', '7'], {
    cwd: repo.dir,
    timeoutMs: 600_000,
  });
  const doc = readComparison(repo.dir);
  const encode = 'gb/BM_Encode/1000';
  const decode = 'gb/BM_Decode/1000';
  expect(gatedRow(doc, encode, 'cpu_time').verdict).toBe('regression');
  expect(gatedRow(doc, decode, 'cpu_time').verdict).toBe('improvement');
  expect(r.stderr).toContain(`profiling ${encode} alone (--benchmark_filter=^BM_Encode/1000$)`);

  const mine = framesOf(doc, encode);
  expect(mine?.basis).toMatchObject({ metric: 'cpu_time', per: 'iteration' });
  expect(mine?.top[0]?.frame).toMatch(/encode_block/);
  expect(mine!.top[0]!.change.self).toBeGreaterThan(0);
  expect(mine!.top[0]!.change.selfCi![0]).toBeGreaterThan(0);
  // Its counters come from it alone too, through the same filter.
  const evidence = doc.explanations?.[encode]?.evidence;
  if (evidence?.noCounters === undefined) {
    expect(evidence).toMatchObject({ source: 'cachegrind', scope: 'alone' });
    expect(r.stderr).toContain('gb: counting head alone (--benchmark_filter=^BM_Encode/1000$) under cachegrind');
  } else expect(evidence.noCounters).toMatch(/^cachegrind of (base|head) /);

  const other = framesOf(doc, decode);
  expect(other?.top.length).toBeGreaterThan(0);
  expect(other!.top.some((f) => /encode_block/.test(f.frame))).toBe(false);
  expect(other!.top.find((f) => f.change.self < 0)?.frame).toMatch(/decode_block/);

  // Every changed benchmark had its own: the whole invocation was not profiled.
  expect(doc.explanations?.gb).toBeUndefined();
  expect(r.stdout).not.toContain('profile of the whole');
  expect(existsSync(path.join(repo.dir, '.perfgate', 'flamegraphs', 'gb%2FBM_Encode%2F1000.diff.svg'))).toBe(true);
  // Scaled to the harness's time per iteration, in µs: a frame's share of a fixed-time run.
  expect(r.stdout).toMatch(
    /gb\/BM_Encode\/1000: frames whose self time per iteration changed most \(5 profile runs per side, this benchmark alone, scaled to its median cpu_time [0-9.]+ → [0-9.]+ µs\/iteration/,
  );
  expect(r.code).toBe(1);

  // The investigation report's hypothesis names the same function, in the harness's unit.
  const report = perfgate(['report', path.join('.perfgate', 'comparison.json'), '--out', 'report.md'], {
    cwd: repo.dir,
  });
  expect(report.code).toBe(0);
  // Markdown escapes _ ( + with backslashes: read the text without them.
  const md = readFileSync(path.join(repo.dir, 'report.md'), 'utf8').replace(/\\/g, '');
  expect(md).toMatch(
    /gb\/BM_Encode\/1000\*\*: the regression \(cpu_time \+[0-9.]+%, \+[0-9.]+ µs per iteration\) is most likely in `encode_block`/,
  );
  expect(md).toMatch(/gb\/BM_Decode\/1000\*\*: the improvement .* is most likely in `decode_block`/);
  expect(md).not.toContain('profiled as one invocation');
}, 600_000);

it('a harness without a per-benchmark filter (hyperfine) is profiled whole, and the explanation says why', () => {
  if (!haveTool(['hyperfine', '--version'], 'hyperfine')) return;
  const repo = harnessRepo(
    { 'work.c': harnessSrc('hyperfine', 'work.c'), 'steady.c': harnessSrc('hyperfine', 'work.c') },
    `version: 1
setup: mkdir -p bin && cc -O2 -o bin/work work.c && cc -O2 -o bin/steady steady.c
defaults: { iterations: 8, max-iterations: 8, warmup: 1, cpus: "1", timeout: 300s, profile: true }
benchmarks:
  - name: hf
    run: hyperfine -N --warmup 1 --runs 5 --command-name work ./bin/work --command-name steady ./bin/steady
    format: hyperfine
    threshold: { user: 3% }
`,
  );
  repo.change('work.c', '#define UNITS 20000', '#define UNITS 40000');
  const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--seed', '7'], {
    cwd: repo.dir,
    timeoutMs: 600_000,
  });
  const doc = readComparison(repo.dir);
  expect(gatedRow(doc, 'hf/work', 'user').verdict).toBe('regression');
  expect(r.stderr).not.toContain('alone (');
  expect(framesOf(doc, 'hf/work')).toBeUndefined();
  expect(framesOf(doc, 'hf')?.whole).toBe('this harness has no per-benchmark filter');
  expect(r.stdout).toContain(
    'hf/work (profile of the whole hf invocation: this harness has no per-benchmark filter): frames whose self time per run changed most',
  );
  expect(r.code).toBe(1);
}, 600_000);
