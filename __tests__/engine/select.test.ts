/**
 * The number of pairs a benchmark may get: the run's max-iterations (flag or action input),
 * else the suite's, else 3 × the iterations on every front end. A suite's max-iterations equal to its
 * iterations is a fixed N it asked for, and must not be read as "not set". And the pairing: the
 * run's over the suite's.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selectBenchmarks } from '../../src/engine/rig.js';
import { loadSuite } from '../../src/suite/load.js';

async function suite(defaults: string): Promise<Awaited<ReturnType<typeof loadSuite>>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-select-'));
  const file = path.join(dir, 'perfgate.yml');
  writeFileSync(file, `version: 1\ndefaults: ${defaults}\nbenchmarks:\n  - name: a\n    run: /bin/true\n`);
  return loadSuite(file);
}

const plan = (
  s: Awaited<ReturnType<typeof loadSuite>>,
  opts: Parameters<typeof selectBenchmarks>[1],
): [number, number, string | undefined] => {
  const [b] = selectBenchmarks(s, opts);
  return [b!.iterations, b!.maxIterations, b!.maxIterationsFrom];
};

it("honours the suite's max-iterations even where it equals iterations", async () => {
  expect(plan(await suite('{ iterations: 3, max-iterations: 3 }'), {})).toEqual([3, 3, 'suite']);
  expect(plan(await suite('{ iterations: 10, max-iterations: 10 }'), {})).toEqual([10, 10, 'suite']);
  expect(plan(await suite('{ iterations: 10, max-iterations: 25 }'), {})).toEqual([10, 25, 'suite']);
});

it('applies the default factor only where the suite says nothing: the same on every front end', async () => {
  expect(plan(await suite('{ iterations: 10 }'), {})).toEqual([10, 30, 'default']);
  expect(plan(await suite('{ iterations: 7 }'), { iterations: 4 })).toEqual([4, 12, 'default']);
});

it("the run's max-iterations overrides the suite's; never below the iterations", async () => {
  const s = await suite('{ iterations: 3, max-iterations: 3 }');
  expect(plan(s, { maxIterations: 12 })).toEqual([3, 12, 'run']);
  expect(plan(s, { iterations: 8, maxIterations: 5 })).toEqual([8, 8, 'run']);
  // More iterations than the suite's maximum: a fixed N at the iterations asked for.
  expect(plan(s, { iterations: 6 })).toEqual([6, 6, 'suite']);
});

it("a run's pairing (flag or input) overrides the suite's for every benchmark; without one the suite's stays", async () => {
  const s = await suite('{ pairing: duet }');
  expect(selectBenchmarks(s, {})[0]?.pairing).toBe('duet');
  expect(selectBenchmarks(s, { pairing: 'sequential' })[0]?.pairing).toBe('sequential');
  expect(selectBenchmarks(await suite('{ iterations: 3 }'), { pairing: 'auto' })[0]?.pairing).toBe('auto');
});
