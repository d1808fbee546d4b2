/**
 * `perfgate compare` on results that cannot be gated: nothing measured, empty or impossible
 * samples, a benchmark listed twice. Each is an input error (exit 2) naming file and benchmark.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/commands/dispatch.js';
import type { BenchmarkResult } from '../../src/results/results-doc.js';
import { memIO } from './memio.js';
import { resultsDoc } from '../helpers/comparison.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-results-'));
const wall = (values: number[]): BenchmarkResult['metrics'] => ({ wall: { unit: 'ns', samples: values } });
const steady = [100, 101, 99, 100, 102, 98, 100, 101, 99, 100];

function bench(
  name: string,
  metrics: BenchmarkResult['metrics'] = wall(steady),
  status: BenchmarkResult['status'] = 'ok',
): BenchmarkResult {
  return { name, status, backend: 'time', threshold: { wall: 0.03 }, metrics };
}

function write(name: string, benchmarks: BenchmarkResult[]): string {
  const doc = resultsDoc(benchmarks, { fingerprint: { hard: { backend: 'time' }, soft: {} }, backend: 'time' });
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

async function compare(base: string, head: string): Promise<{ code: number; err: string }> {
  const io = memIO(dir);
  const code = await main(['compare', base, head, '--out', path.join(dir, 'out')], io);
  return { code, err: io.err() };
}

const good = write('good.json', [bench('a'), bench('b')]);

describe('compare refuses results it cannot gate', () => {
  it('sound files still compare (exit 0)', async () => {
    expect((await compare(good, good)).code).toBe(0);
  });

  it('no samples on either side', async () => {
    const empty = write('empty.json', []);
    expect(await compare(empty, empty)).toEqual({
      code: 2,
      err: `perfgate compare: ${empty}: no benchmark was measured (no benchmarks): nothing to compare against\n`,
    });
    const skipped = write('skipped.json', [bench('a', {}, 'skipped')]);
    expect(await compare(skipped, skipped)).toEqual({
      code: 2,
      err: `perfgate compare: ${skipped}: no benchmark was measured (a skipped): nothing to compare against\n`,
    });
    expect(await compare(good, empty)).toEqual({
      code: 2,
      err: `perfgate compare: ${empty}: no benchmarks: nothing to compare\n`,
    });
  });

  it('an ok benchmark with no metrics, or a metric with no samples', async () => {
    const noMetrics = write('no-metrics.json', [bench('a', {})]);
    expect(await compare(noMetrics, good)).toEqual({
      code: 2,
      err: `perfgate compare: ${noMetrics}: benchmark 'a' is ok but has no metrics: expected samples\n`,
    });
    const noSamples = write('no-samples.json', [bench('a'), bench('b', wall([]))]);
    expect(await compare(good, noSamples)).toEqual({
      code: 2,
      err: `perfgate compare: ${noSamples}: benchmark 'b' metric 'wall' is ok but has no samples\n`,
    });
  });

  it('zero or negative sample values', async () => {
    const zero = write('zero.json', [bench('a', wall([100, 0, 100]))]);
    expect(await compare(good, zero)).toEqual({
      code: 2,
      err: `perfgate compare: ${zero}: benchmark 'a' metric 'wall' sample 1 is 0: expected a positive time\n`,
    });
    const negative = write('negative.json', [
      bench('a', { ...wall(steady), 'cache-misses': { unit: 'count', samples: [3, -1] } }),
    ]);
    expect(await compare(negative, good)).toEqual({
      code: 2,
      err: `perfgate compare: ${negative}: benchmark 'a' metric 'cache-misses' sample 1 is -1: expected a count or amount of at least 0\n`,
    });
    // A count of 0 is a real measurement (no cache misses), not an error.
    const zeroCount = write('zero-count.json', [
      bench('a', { ...wall(steady), 'cache-misses': { unit: 'count', samples: steady.map(() => 0) } }),
    ]);
    expect((await compare(zeroCount, zeroCount)).code).toBe(0);
  });

  it('a benchmark listed twice (it would count twice in the geomean)', async () => {
    const dup = write('dup.json', [bench('a'), bench('b'), bench('a')]);
    expect(await compare(good, dup)).toEqual({
      code: 2,
      err: `perfgate compare: ${dup}: benchmark 'a' appears twice (benchmarks[0] and [2]): each benchmark must be listed once\n`,
    });
  });

  it('no benchmark in common', async () => {
    const other = write('other.json', [bench('c')]);
    expect(await compare(good, other)).toEqual({
      code: 2,
      err: `perfgate compare: no benchmark in common: ${good} has a, b; ${other} has c\n`,
    });
  });

  it('several problems are listed together', async () => {
    const bad = write('bad.json', [bench('a', wall([])), bench('a', wall([-5]))]);
    const r = await compare(bad, good);
    expect(r.code).toBe(2);
    expect(r.err.split('\n').filter(Boolean)).toEqual([
      `perfgate compare: ${bad}:`,
      "  benchmark 'a' metric 'wall' is ok but has no samples",
      "  benchmark 'a' appears twice (benchmarks[0] and [1]): each benchmark must be listed once",
      "  benchmark 'a' metric 'wall' sample 0 is -5: expected a positive time",
    ]);
  });
});
