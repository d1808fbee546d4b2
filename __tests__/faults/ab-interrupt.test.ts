/**
 * An interrupted `perfgate ab` must not pass: benchmarks it never measured (or only began to)
 * are `skipped` on both sides, not `ok` with empty metrics, and the command exits 1 like
 * `perfgate run`. Driven through `main()` with a real git repository and real measurements;
 * the SIGINT is delivered to the process's own handler at a chosen point of the log.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../src/commands/dispatch.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { makeRepo } from '../helpers/gitrepo.js';
import { memIO } from './memio.js';

const EXTRA = '  - name: work2\n    run: ./bin/w\n  - name: work3\n    run: ./bin/w\n';

async function interruptedAb(
  when: RegExp,
  extraArgs: string[] = [],
): Promise<{ code: number; err: string; comparison: ComparisonDoc; base: ResultsDoc; head: ResultsDoc }> {
  const repo = makeRepo(2, EXTRA);
  const io = memIO(repo.dir);
  let sent = false;
  const write = io.stderr.write.bind(io.stderr);
  io.stderr = {
    write: (s: string) => {
      const r = write(s);
      if (!sent && when.test(s)) {
        sent = true;
        // What the terminal's Ctrl-C does, to this process's handlers only.
        process.emit('SIGINT', 'SIGINT');
      }
      return r;
    },
  };
  const out = path.join(repo.dir, '.perfgate');
  const code = await main(
    ['ab', '--base', 'HEAD', '--iterations', '4', '--no-profile', '--seed', '1', ...extraArgs],
    io,
  );
  const read = <T>(f: string): T => {
    try {
      return JSON.parse(readFileSync(path.join(out, f), 'utf8')) as T;
    } catch (err) {
      throw new Error(`perfgate ab exited ${code} without ${f}; its stderr:\n${io.err()}`, { cause: err });
    }
  };
  return {
    code,
    err: io.err(),
    comparison: read('comparison.json'),
    base: read('base/results.json'),
    head: read('head/results.json'),
  };
}

describe('perfgate ab interrupted', () => {
  it('after the first benchmark: the rest are skipped, the gate fails (exit 1)', async () => {
    const r = await interruptedAb(/^\[1\/3\] work: \d+ pairs/);
    expect(r.code).toBe(1);
    for (const doc of [r.base, r.head]) {
      expect(doc.benchmarks.map((b) => [b.name, b.status, b.error])).toEqual([
        ['work', 'ok', undefined],
        ['work2', 'skipped', 'interrupted before it was measured'],
        ['work3', 'skipped', 'interrupted before it was measured'],
      ]);
      // Adaptive sampling may have added pairs (the suite allows 20): at least the 4 asked for.
      const counts = Object.values(doc.benchmarks[0]?.metrics ?? {}).map((m) => m.samples.length);
      expect(counts.length).toBeGreaterThan(0);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(4);
    }
    expect(new Set(r.comparison.rows.map((row) => row.benchmark))).toEqual(new Set(['work']));
    expect(r.comparison.interrupted).toEqual(['work2', 'work3']);
    // Not gated whatever work's pairs said: an A/A at 4-12 pairs beside a cachegrind run of
    // another test once read +9.6% ("not gated: 1 significant regression(s): …; interrupted: …").
    expect(r.err).toMatch(/^perfgate: not gated: (.*; )?interrupted: work2, work3 not measured to the end$/m);
  });

  it('during the first warm-up, and with --no-fail: nothing measured, still exit 1', async () => {
    const r = await interruptedAb(/^\[1\/3\] work: \d+ warm-up/, ['--no-fail']);
    expect(r.code).toBe(1);
    expect(r.head.benchmarks.map((b) => b.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(r.head.benchmarks.every((b) => Object.keys(b.metrics).length === 0 || b.status !== 'ok')).toBe(true);
    expect(r.comparison.rows).toEqual([]);
    expect(r.comparison.interrupted).toEqual(['work', 'work2', 'work3']);
  });
});
