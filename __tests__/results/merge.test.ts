/** perfgate merge: shard documents → one, and every reason to refuse. */
import { mergeResults, type ShardInput } from '../../src/results/merge-results.js';
import { resultsProblems } from '../../src/results/results-file.js';
import type { BenchmarkResult, ResultsDoc } from '../../src/results/results-doc.js';

const bench = (name: string): BenchmarkResult => ({
  name,
  status: 'ok',
  backend: 'perf',
  threshold: { 'task-clock': 0.02 },
  metrics: { 'task-clock': { unit: 'ms', samples: [1, 2, 3] } },
});
const ALL = ['a', 'b', 'c', 'd'];

function shard(index: number, count: number, names: string[], over: Partial<ResultsDoc> = {}): ShardInput {
  return {
    file: `shard${index}.json`,
    doc: {
      schemaVersion: 1,
      tool: { name: 'perfgate', version: '0.1.0' },
      suite: { path: 'perfgate.yml', sha256: 'a'.repeat(64) },
      git: { sha: 'abc', ref: 'main' },
      fingerprint: {
        hard: { cpu: 'AMD EPYC', backend: 'perf' },
        soft: { hostname: `runner-${index}`, thp: 'madvise' },
        binaries: { 'bin/x': 'f'.repeat(64) },
      },
      backend: 'perf',
      backendReason: 'auto → perf',
      startedAt: `2026-01-01T00:0${index}:00.000Z`,
      finishedAt: `2026-01-01T00:1${index}:00.000Z`,
      shard: { index, count, all: ALL },
      benchmarks: names.map(bench),
      ...over,
    },
  };
}

it('merges shards into suite order, without the shard field, and stays schema-valid', () => {
  const { doc, warnings } = mergeResults([shard(2, 2, ['b', 'd']), shard(1, 2, ['a', 'c'])]);
  expect(doc.benchmarks.map((x) => x.name)).toEqual(['a', 'b', 'c', 'd']);
  expect(doc.shard).toBeUndefined();
  expect(doc.startedAt).toBe('2026-01-01T00:01:00.000Z');
  expect(doc.finishedAt).toBe('2026-01-01T00:12:00.000Z');
  expect(doc.fingerprint.soft).toEqual({ hostname: 'shard 2: runner-2; shard 1: runner-1', thp: 'madvise' });
  expect(doc.fingerprint.binaries).toEqual({ 'bin/x': 'f'.repeat(64) });
  expect(warnings).toEqual([]);
  expect(resultsProblems(doc)).toEqual([]);
});

it.each<[string, ShardInput[], RegExp]>([
  ['a shard missing', [shard(1, 3, ['a']), shard(2, 3, ['b'])], /missing shard\(s\) 3\/3/],
  [
    'a shard twice',
    [shard(1, 2, ['a', 'c']), shard(1, 2, ['a', 'c'])],
    /shard 1\/2 given twice: shard1\.json and shard1\.json/,
  ],
  [
    'a benchmark in two shards',
    [shard(1, 2, ['a', 'b', 'c']), shard(2, 2, ['b', 'd'])],
    /benchmark b is in both shard1\.json and shard2\.json/,
  ],
  [
    'different counts',
    [shard(1, 2, ['a', 'c']), shard(2, 3, ['b', 'd'])],
    /shard2\.json: shard 2\/3, but shard1\.json is one of 2/,
  ],
  [
    'different suites',
    [shard(1, 2, ['a', 'c']), shard(2, 2, ['b', 'd'], { suite: { path: 'x.yml', sha256: 'b'.repeat(64) } })],
    /suite sha256 bbbbbbbbbbbb… differs/,
  ],
  [
    'different backends',
    [shard(1, 2, ['a', 'c']), shard(2, 2, ['b', 'd'], { backend: 'time' })],
    /shard2\.json: backend time, but shard1\.json used perf/,
  ],
  [
    'different commits',
    [shard(1, 2, ['a', 'c']), shard(2, 2, ['b', 'd'], { git: { sha: 'def', ref: 'main' } })],
    /commit def, but shard1\.json measured abc/,
  ],
  [
    'different machines',
    [
      shard(1, 2, ['a', 'c']),
      shard(2, 2, ['b', 'd'], { fingerprint: { hard: { cpu: 'Intel Xeon', backend: 'perf' }, soft: {} } }),
    ],
    /hard fingerprint key cpu is "Intel Xeon", but "AMD EPYC" in shard1\.json/,
  ],
  [
    'a benchmark in no shard',
    [shard(1, 2, ['a', 'c']), shard(2, 2, ['b'])],
    /benchmark\(s\) d in the shard plan but in no shard's results/,
  ],
  [
    'not a shard',
    [shard(1, 2, ['a', 'c']), shard(2, 2, ['b', 'd'], { shard: undefined })],
    /shard2\.json: not a shard/,
  ],
])('refuses %s', (_what, inputs, message) => {
  expect(() => mergeResults(inputs)).toThrow(message);
  try {
    mergeResults(inputs);
  } catch (err) {
    expect((err as { exitCode: number }).exitCode).toBe(2);
  }
});

it('differently built binaries are a warning, not a refusal', () => {
  const two = shard(2, 2, ['b', 'd']);
  two.doc.fingerprint.binaries = { 'bin/x': 'e'.repeat(64) };
  const { warnings } = mergeResults([shard(1, 2, ['a', 'c']), two]);
  expect(warnings).toEqual([
    'bin/x: built differently in shard2.json (sha256 eeeeeeeeeeee… vs ffffffffffff…); keeping the first',
  ]);
});
