/**
 * A change that repairs a broken base: base's `setup` fails, head's builds. Before, `perfgate ab`
 * refused the pair (exit 2) with nothing measured, so the fix could never pass. Now head is
 * measured alone, its numbers printed, the comparison says why there is none, and
 * `--on-missing-baseline` decides the exit. A setup that fails on head is the change's own
 * failure: exit 1, with its output. The bundled CLI on real git repositories and a real compiler.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { cliPath } from '../helpers/paths.js';
import { makeRepo } from '../helpers/gitrepo.js';

/** Commits a w.c the compiler refuses (setup fails), then `fixed` decides whether the next commit repairs it. */
function brokenThen(fixed: boolean): { repo: ReturnType<typeof makeRepo>; base: string; head: string } {
  const repo = makeRepo(2);
  const file = path.join(repo.dir, 'w.c');
  const good = readFileSync(file, 'utf8');
  const firstBase = repo.git('rev-parse', 'HEAD');
  if (fixed) {
    writeFileSync(file, `#error main is broken\n${good}`);
    repo.commit('break main');
    const base = repo.git('rev-parse', 'HEAD');
    writeFileSync(file, good);
    repo.commit('repair main');
    return { repo, base, head: repo.git('rev-parse', 'HEAD') };
  }
  writeFileSync(file, `#error the change breaks the build\n${good}`);
  repo.commit('break the build');
  return { repo, base: firstBase, head: repo.git('rev-parse', 'HEAD') };
}

function ab(dir: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [cliPath, 'ab', '--iterations', '3', '--backend', 'time', '--no-profile', '--out', 'out', ...args],
    { cwd: dir, encoding: 'utf8' },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('perfgate ab when base cannot be built', () => {
  it('measures head alone, prints its numbers, says why there is no comparison, and is not gated (default skip)', () => {
    const { repo, base } = brokenThen(true);
    const r = ab(repo.dir, ['--base', base]);
    // The whole stderr is shown if the code is wrong.
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(r.stderr).toContain(
      'perfgate: not gated: base could not be measured, head measured alone (--on-missing-baseline skip)',
    );
    expect(r.stderr).toContain(
      'perfgate: no comparison: setup (base) failed (exit 1): mkdir -p bin && cc -O2 -o bin/w w.c',
    );
    // The compiler's own words, so the reader sees why base is broken.
    expect(r.stderr).toContain('main is broken');
    expect(r.stdout).toMatch(/^work +ok +wall +\S+ +3 /m);
    const comparison = JSON.parse(readFileSync(path.join(repo.dir, 'out', 'comparison.json'), 'utf8')) as ComparisonDoc;
    expect(comparison.noComparison).toMatch(/^setup \(base\) failed \(exit 1\)/);
    expect(comparison.rows).toEqual([]);
    const head = JSON.parse(readFileSync(path.join(repo.dir, 'out', 'head', 'results.json'), 'utf8')) as ResultsDoc;
    expect(head.benchmarks.map((b) => [b.name, b.status, b.metrics.wall?.samples.length])).toEqual([['work', 'ok', 3]]);
    const baseDoc = JSON.parse(readFileSync(path.join(repo.dir, 'out', 'base', 'results.json'), 'utf8')) as ResultsDoc;
    expect(baseDoc.benchmarks.map((b) => [b.name, b.status])).toEqual([['work', 'failed']]);
  });

  it('--on-missing-baseline fail: the same report, exit 1', () => {
    const { repo, base } = brokenThen(true);
    const r = ab(repo.dir, ['--base', base, '--on-missing-baseline', 'fail']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('perfgate: gate failed: base could not be measured (--on-missing-baseline fail)');
    expect(r.stdout).toMatch(/^work +ok +wall/m);
  });

  it('--on-missing-baseline with another value: exit 2 naming the flag and the choices', () => {
    const { repo, base } = brokenThen(true);
    const r = ab(repo.dir, ['--base', base, '--on-missing-baseline', 'ab']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--on-missing-baseline "ab": expected one of skip, fail');
  });

  it("head's setup fails: the change's own failure, exit 1 with the setup's output", () => {
    const { repo, base } = brokenThen(false);
    const r = ab(repo.dir, ['--base', base]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('perfgate ab: setup (head) failed (exit 1): mkdir -p bin && cc -O2 -o bin/w w.c');
    expect(r.stderr).toContain('the change breaks the build');
  });
});
