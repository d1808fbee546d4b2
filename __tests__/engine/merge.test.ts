/**
 * Merging paired shards re-applies Benjamini–Hochberg from each row's interval: a row that
 * reached no interval (level 0) must stay without a verdict, not be classified from its point.
 * Shards are real directories holding the documents `ab --shard` writes.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareDocs } from '../../src/compare/compare-docs.js';
import { mergeComparisonShards } from '../../src/engine/merge-shards.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import type { BenchmarkResult, ResultsDoc } from '../../src/results/results-doc.js';
import { perfgate } from '../helpers/cli.js';
import { resultsDoc } from '../helpers/comparison.js';

const ALL = ['tiny', 'big'];
const result = (name: string, samples: number[]): BenchmarkResult => ({
  name,
  status: 'ok',
  backend: 'perf',
  threshold: { 'task-clock': 0.02 },
  metrics: { 'task-clock': { unit: 'ms', samples } },
});
/** A wrk-like row: requests/s, higher is better. */
const throughput = (name: string, samples: number[]): BenchmarkResult => ({
  name,
  status: 'ok',
  backend: 'time',
  threshold: { 'requests/s': 0.05 },
  metrics: { 'requests/s': { unit: 'req/s', samples, direction: 'higher' } },
});

function shard(
  root: string,
  index: number,
  base: BenchmarkResult,
  head: BenchmarkResult,
  noComparison?: string,
): { name: string; dir: string } {
  const dir = path.join(root, `shard-${index}`);
  const doc = (b: BenchmarkResult, sha: string): ResultsDoc =>
    resultsDoc([b], { git: { sha, ref: null }, shard: { index, count: 2, all: ALL } });
  const docs = { base: doc(base, 'a'.repeat(40)), head: doc(head, 'b'.repeat(40)) };
  const c = compareDocs(docs.base, docs.head, { design: 'paired' });
  c.shard = { index, count: 2, all: ALL };
  if (noComparison !== undefined) c.noComparison = noComparison;
  for (const side of ['base', 'head'] as const) {
    mkdirSync(path.join(dir, side), { recursive: true });
    writeFileSync(path.join(dir, side, 'results.json'), JSON.stringify(docs[side]));
  }
  writeFileSync(path.join(dir, 'comparison.json'), JSON.stringify(c));
  return { name: `shard-${index}`, dir };
}

it('a shard row with no reachable interval stays inconclusive after the merge', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pg-merge-'));
  const base = Array.from({ length: 12 }, (_, i) => 10 + 0.01 * i);
  const shards = [
    // 4 pairs, 3 tied: level 0 and the point [+10%, +10%], which classify() would call a regression.
    shard(root, 1, result('tiny', [0.1, 0.1, 0.1, 0.1]), result('tiny', [0.11, 0.11, 0.11, 0.121])),
    shard(
      root,
      2,
      result('big', base),
      result(
        'big',
        base.map((v, i) => v * 1.05 * (1 + 0.001 * (i % 5))),
      ),
    ),
  ];
  const { comparison } = await mergeComparisonShards(shards, path.join(root, 'merged'));
  expect(comparison.rows.map((r) => [r.benchmark, r.verdict, r.confLevel > 0])).toEqual([
    ['tiny', 'inconclusive', false],
    ['big', 'regression', true],
  ]);
  expect(comparison.rows[0]?.note).toBe('4 pairs, mostly tied, reach no interval at 95%: more iterations needed');
  expect(comparison.summary.regressions).toBe(1);
});

it('a throughput that fell 10% is a regression in each shard and after the merge; one that rose is an improvement in both', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pg-merge-'));
  const base = Array.from({ length: 12 }, (_, i) => 1000 + 3 * i);
  const jitter = (f: number) => base.map((v, i) => v * f * (1 + 0.002 * (i % 4)));
  const shards = [
    shard(root, 1, throughput('tiny', base), throughput('tiny', jitter(0.9))),
    shard(root, 2, throughput('big', base), throughput('big', jitter(1.1))),
  ];
  const shardRows = shards.map(
    (s) => (JSON.parse(readFileSync(path.join(s.dir, 'comparison.json'), 'utf8')) as ComparisonDoc).rows[0]!,
  );
  expect(shardRows.map((r) => [r.benchmark, r.verdict, r.direction])).toEqual([
    ['tiny', 'regression', 'higher'],
    ['big', 'improvement', 'higher'],
  ]);
  expect(shardRows[0]!.ci[1]).toBeLessThan(-0.05);
  const { comparison } = await mergeComparisonShards(shards, path.join(root, 'merged'));
  expect(comparison.rows.map((r) => [r.benchmark, r.verdict, r.direction])).toEqual([
    ['tiny', 'regression', 'higher'],
    ['big', 'improvement', 'higher'],
  ]);
  expect(comparison.rows.map((r) => r.ci)).toEqual(shardRows.map((r) => r.ci));
  expect(comparison.summary).toMatchObject({ regressions: 1, improvements: 1 });
  // The same shards through the bundled `perfgate merge`: the gate fails (it passed, exit 0).
  const cli = perfgate(
    ['merge', ...shards.map((s) => path.join(s.dir, 'comparison.json')), '--out', path.join(root, 'cli')],
    { cwd: root },
  );
  expect([cli.code, cli.stderr]).toEqual([1, expect.stringContaining('merged 2 paired shards, 2 rows')]);
  const merged = JSON.parse(readFileSync(path.join(root, 'cli', 'comparison.json'), 'utf8')) as ComparisonDoc;
  expect(merged.rows.map((r) => r.verdict)).toEqual(['regression', 'improvement']);
});

it("a shard row's own note (a level below the one asked for) survives the merge", async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pg-merge-'));
  const base = Array.from({ length: 12 }, (_, i) => 10 + 0.01 * i);
  const shards = [
    // 4 distinct pairs: the exact signed-rank interval reaches 1 − 2/16 = 87.5% at most.
    shard(
      root,
      1,
      result('tiny', [1, 1.01, 1.02, 1.03]),
      result('tiny', [1.001, 1.01 * 1.002, 1.02 * 0.999, 1.03 * 1.003]),
    ),
    shard(
      root,
      2,
      result('big', base),
      result(
        'big',
        base.map((v, i) => v * 1.05 * (1 + 0.001 * (i % 5))),
      ),
    ),
  ];
  const before = (JSON.parse(readFileSync(path.join(shards[0]!.dir, 'comparison.json'), 'utf8')) as ComparisonDoc)
    .rows[0]!;
  expect(before).toMatchObject({ verdict: 'unchanged', note: '4 pairs reach only 88% confidence, not 95%' });
  const { comparison } = await mergeComparisonShards(shards, path.join(root, 'merged'));
  expect(comparison.rows[0]).toMatchObject({ benchmark: 'tiny', verdict: 'unchanged', note: before.note });
});

it('a shard whose base could not be built: the merged comparison says there is none, from whichever shard said so', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pg-merge-'));
  const failed: BenchmarkResult = {
    name: 'big',
    status: 'failed',
    backend: 'perf',
    threshold: { 'task-clock': 0.02 },
    metrics: {},
    error: 'setup (base) failed (exit 1): make',
  };
  const shards = [
    shard(root, 1, result('tiny', [0.1, 0.1, 0.1, 0.1]), result('tiny', [0.1, 0.1, 0.1, 0.1])),
    shard(root, 2, failed, result('big', [10, 10.1, 10.2]), 'setup (base) failed (exit 1): make'),
  ];
  const { comparison } = await mergeComparisonShards(shards, path.join(root, 'merged'));
  expect(comparison.noComparison).toBe('setup (base) failed (exit 1): make');
});
