import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { explainChanges, msPerRun, timeBasis } from '../../src/flamegraph/explain.js';
import type { BenchmarkResult } from '../../src/results/results-doc.js';

function result(name: string, taskClock: number[], profile?: BenchmarkResult['profile']): BenchmarkResult {
  return {
    name,
    status: 'ok',
    backend: 'perf',
    threshold: {},
    metrics: {
      'task-clock': { unit: 'ms', samples: taskClock },
      wall: { unit: 'ns', samples: taskClock.map((x) => x * 2e6) },
    },
    ...(profile ? { profile } : {}),
  };
}

function side(root: string, name: string, runs: string[]): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'profiles', 'runs', 'b'), { recursive: true });
  runs.forEach((text, i) => writeFileSync(path.join(dir, 'profiles', 'runs', 'b', `${i + 1}.folded`), text));
  writeFileSync(path.join(dir, 'profiles', 'b.folded'), 'stale 1\n');
  return dir;
}

const files = {
  folded: 'profiles/b.folded',
  runs: ['profiles/runs/b/1.folded', 'profiles/runs/b/2.folded'],
  callGraph: 'fp' as const,
};

describe('explainChanges', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pg-explain-unit-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('scales each side by its median task-clock and counts the profile runs', async () => {
    // Base: f is 50% of 40 ms (median of 38, 40, 45); head: f is 75% of 60 ms.
    const base = side(root, 'base', ['p;main;f 5\np;main;g 5\n', 'p;main;f 5\np;main;g 5\n']);
    const head = side(root, 'head', ['p;main;f 15\np;main;g 5\n', 'p;main;f 15\np;main;g 5\n']);
    const out = path.join(root, 'out');
    const { explanations, warnings } = await explainChanges(
      { dir: base, benchmarks: [result('b', [45, 38, 40], files)] },
      { dir: head, benchmarks: [result('b', [60, 61, 59], files)] },
      out,
    );
    expect(warnings).toEqual([]);
    const ex = explanations.b!;
    expect(ex.profileRuns).toEqual({ base: 2, head: 2 });
    expect(ex.basis).toEqual({ metric: 'task-clock', msPerRun: { base: 40, head: 60 } });
    expect(ex.top[0]).toMatchObject({ frame: 'f', selfMs: { base: 20, head: 45 }, change: { self: 25 } });
    // g: 20 ms → 15 ms; main holds everything: 40 → 60 ms total.
    expect(ex.top.find((f) => f.frame === 'g')!.selfMs).toEqual({ base: 20, head: 15 });
    expect(ex.top.find((f) => f.frame === 'main')!.totalMs).toEqual({ base: 40, head: 60 });
    expect(ex.unwind).toMatchObject({ broken: false, mode: 'fp', base: { mode: 'fp' } });
    expect(readFileSync(path.join(out, ex.diff), 'utf8')).toContain('</svg>');
  });

  it('falls back to the summed profile, without intervals, when per-run files are gone', async () => {
    const base = side(root, 'base', []);
    const head = side(root, 'head', []);
    writeFileSync(path.join(base, 'profiles', 'b.folded'), 'p;main;f 10\n');
    writeFileSync(path.join(head, 'profiles', 'b.folded'), 'p;main;f 10\n');
    const { explanations, warnings } = await explainChanges(
      { dir: base, benchmarks: [result('b', [10], files)] },
      { dir: head, benchmarks: [result('b', [20], files)] },
      path.join(root, 'out'),
    );
    expect(explanations.b!.profileRuns).toEqual({ base: 0, head: 0 });
    expect(explanations.b!.top[0]).toMatchObject({ frame: 'f', selfMs: { base: 10, head: 20 } });
    expect(explanations.b!.top[0]!.change.selfCi).toBeUndefined();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^b: per-run profiles unreadable \(.*ENOENT.*\): the summed profile is used, without intervals$/,
    );
  });

  it('reads ms from task-clock, else wall, in their units', () => {
    const r = result('x', [3, 1, 2]);
    expect(msPerRun(r, 'task-clock')).toBe(2);
    expect(msPerRun(r, 'wall')).toBe(4);
    const noTc: BenchmarkResult = { ...r, metrics: { wall: r.metrics.wall! } };
    expect(timeBasis(noTc, r)).toEqual({ metric: 'wall', msPerRun: { base: 4, head: 4 } });
    expect(timeBasis({ ...r, metrics: {} }, r)).toBeNull();
  });
});
