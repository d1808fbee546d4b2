/**
 * `perfgate run --shard i/n` and `perfgate merge` through the bundled CLI on the demo suite:
 * two shards cover every benchmark exactly once, and merging them gives a results.json equal,
 * benchmark for benchmark, to an unsharded run's structure.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resultsProblems } from '../../src/results/results-file.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { buildBenchmarks } from '../helpers/build.js';
import { perfgate } from '../helpers/cli.js';
import { benchBin, repoRoot } from '../helpers/paths.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'pg-shard-'));
const readDoc = (dir: string): ResultsDoc =>
  JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as ResultsDoc;
/** What must match between a merged and an unsharded run: names, order, statuses, metric names. */
const shape = (doc: ResultsDoc): unknown =>
  doc.benchmarks.map((b) => ({ name: b.name, status: b.status, metrics: Object.keys(b.metrics).sort() }));

beforeAll(() => buildBenchmarks());
/** The demo suite records flame graphs (5 perf record runs per benchmark): a run takes ~1 min here. */
const SLOW = 400_000;

describe('two shards of the demo suite', () => {
  const dirs = { one: tmp(), two: tmp(), whole: tmp(), merged: tmp() };
  let r1: ReturnType<typeof perfgate>;
  let r2: ReturnType<typeof perfgate>;
  let whole: ReturnType<typeof perfgate>;
  beforeAll(() => {
    r1 = perfgate(['run', '--iterations', '3', '--shard', '1/2', '--out', dirs.one], {
      cwd: repoRoot,
      timeoutMs: SLOW,
    });
    r2 = perfgate(['run', '--iterations', '3', '--shard', '2/2', '--out', dirs.two], {
      cwd: repoRoot,
      timeoutMs: SLOW,
    });
    whole = perfgate(['run', '--iterations', '3', '--out', dirs.whole], { cwd: repoRoot, timeoutMs: SLOW });
  }, 3 * SLOW);

  it('each shard measures its half and records it', () => {
    expect(r1.code).toBe(0);
    expect(r2.code).toBe(0);
    expect(r1.stderr).toMatch(/^shard 1\/2: 4 of 8 benchmarks \(/m);
    const [a, b] = [readDoc(dirs.one), readDoc(dirs.two)];
    expect(resultsProblems(a)).toEqual([]);
    expect(a.shard).toEqual({ index: 1, count: 2, all: expect.any(Array) });
    expect(b.shard?.index).toBe(2);
    expect(a.benchmarks).toHaveLength(4);
    expect(b.benchmarks).toHaveLength(4);
  });

  it('together they cover every benchmark exactly once', () => {
    const names = [...readDoc(dirs.one).benchmarks, ...readDoc(dirs.two).benchmarks].map((b) => b.name);
    const all = readDoc(dirs.one).shard?.all ?? [];
    expect(all).toHaveLength(8);
    expect(names.slice().sort()).toEqual(all.slice().sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('merged, they equal an unsharded run benchmark for benchmark', () => {
    const m = perfgate(
      ['merge', path.join(dirs.two, 'results.json'), path.join(dirs.one, 'results.json'), '--out', dirs.merged],
      { cwd: repoRoot },
    );
    expect(m.stderr).toContain(`merged 2 shards, 8 benchmarks: ${path.join(dirs.merged, 'results.json')}`);
    expect(m.code).toBe(0);
    expect(whole.code).toBe(0);
    const merged = readDoc(dirs.merged);
    const unsharded = readDoc(dirs.whole);
    expect(resultsProblems(merged)).toEqual([]);
    expect(merged.shard).toBeUndefined();
    expect(shape(merged)).toEqual(shape(unsharded));
    expect(merged.benchmarks.every((b) => Object.values(b.metrics).every((s) => s.samples.length === 3))).toBe(true);
    expect(merged.fingerprint.hard).toEqual(unsharded.fingerprint.hard);
    expect(merged.fingerprint.binaries).toEqual(unsharded.fingerprint.binaries);
    expect(Object.keys(merged.fingerprint.binaries ?? {})).toEqual([
      'benchmarks/bin/branch',
      'benchmarks/bin/cache',
      'benchmarks/bin/false_sharing',
      'benchmarks/bin/tlb',
    ]);
    expect(readFileSync(path.join(dirs.merged, 'summary.txt'), 'utf8')).toBe(m.stdout);
    // Profiles are copied beside the merged results: every path it writes resolves.
    const profiled = merged.benchmarks.filter((b) => b.profile);
    expect(profiled.length).toBeGreaterThan(0);
    for (const b of profiled) expect(existsSync(path.join(dirs.merged, b.profile?.folded ?? 'missing'))).toBe(true);
  });

  it('merge refuses a shard given twice or a shard missing (exit 2)', () => {
    const twice = perfgate(
      ['merge', path.join(dirs.one, 'results.json'), path.join(dirs.one, 'results.json'), '--out', tmp()],
      { cwd: repoRoot },
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('perfgate merge: cannot merge:');
    expect(twice.stderr).toContain('shard 1/2 given twice');
    expect(twice.stderr).toContain('missing shard(s) 2/2');
    const none = perfgate(['merge'], { cwd: repoRoot });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("expected the shards' results.json (or comparison.json) files");
    const unsharded = perfgate(['merge', path.join(dirs.whole, 'results.json')], { cwd: repoRoot });
    expect(unsharded.code).toBe(2);
    expect(unsharded.stderr).toContain('not a shard (no "shard" field');
  });
});

it('bad --shard values exit 2 with a clear message, before anything runs', () => {
  const cases: [string, string][] = [
    ['3/2', '--shard "3/2": shard 3 does not exist when there are 2'],
    ['x', '--shard "x": expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/2'],
    ['0/2', '--shard "0/2": shards are numbered from 1'],
  ];
  for (const [value, message] of cases) {
    const out = tmp();
    const r = perfgate(['run', '--shard', value, '--out', path.join(out, 'o')], { cwd: repoRoot });
    expect({ value, code: r.code }).toEqual({ value, code: 2 });
    expect(r.stderr).toContain(message);
  }
});

it('an empty shard (more shards than benchmarks) still writes a results.json that merges', () => {
  const dir = tmp();
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    `version: 1\ndefaults: { iterations: 2, warmup: 0 }\nbenchmarks:\n  - name: only\n    run: ${benchBin}/work 10\n`,
  );
  const a = perfgate(['run', '--shard', '1/2', '--out', 'a'], { cwd: dir });
  const b = perfgate(['run', '--shard', '2/2', '--out', 'b'], { cwd: dir });
  expect([a.code, b.code]).toEqual([0, 0]);
  expect(b.stderr).toContain('shard 2/2: 0 of 1 benchmarks\n');
  expect(readDoc(path.join(dir, 'b')).benchmarks).toEqual([]);
  const m = perfgate(['merge', 'a/results.json', 'b/results.json', '--out', 'm'], { cwd: dir });
  expect(m.code).toBe(0);
  expect(readDoc(path.join(dir, 'm')).benchmarks.map((x) => x.name)).toEqual(['only']);
});
