/**
 * `perfgate ab` end to end on throwaway repositories: real git worktrees, real builds, real
 * perf. The "true" change is measured independently with valgrind's exact instruction counts
 * of the two binaries (the loop is ALU-bound, so time follows instructions).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { probeHost, type HostProbe } from '../../src/host/probe.js';
import { perfgate } from '../helpers/cli.js';
import { makeRepo } from '../helpers/gitrepo.js';
import { perfUsable } from '../helpers/tools.js';

let probe: HostProbe;
beforeAll(async () => {
  probe = await probeHost();
});

const readComparison = (dir: string): ComparisonDoc =>
  JSON.parse(readFileSync(path.join(dir, '.perfgate', 'comparison.json'), 'utf8')) as ComparisonDoc;
const row = (doc: ComparisonDoc, metric: string) => doc.rows.find((r) => r.metric === metric)!;

/** Instructions of `w.c` built with a given knob, by valgrind: the independent reference. */
function instructions(units: number): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ref-'));
  const src = path.join(dir, 'w.c');
  writeFileSync(
    src,
    `#include <stdint.h>\nstatic volatile uint64_t sink;\nint main(void) { uint64_t s = 1; for (uint64_t i = 0; i < ${units} * 1000ull; i++) s = s * 6364136223846793005ull + i; sink = s; return 0; }\n`,
  );
  execFileSync('cc', ['-O2', '-o', path.join(dir, 'w'), src]);
  execFileSync(
    'valgrind',
    ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${path.join(dir, 'cg.out')}`, path.join(dir, 'w')],
    { stdio: 'ignore' },
  );
  return Number(/^summary:\s+(\d+)/m.exec(readFileSync(path.join(dir, 'cg.out'), 'utf8'))?.[1]);
}

function noWorktreesLeft(repo: { git: (...a: string[]) => string }): void {
  expect(repo.git('worktree', 'list').split('\n')).toHaveLength(1);
  expect(repo.git('status', '--porcelain')).toBe('');
}

describe('perfgate ab', () => {
  it('a head ≈6% slower is a regression whose interval contains the true change', () => {
    if (!perfUsable(probe)) return;
    const repo = makeRepo(30000);
    repo.setUnits(31800);
    repo.commit('6% more work');
    const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--seed', '7', '--no-profile'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('gate failed: ');
    const doc = readComparison(repo.dir);
    expect(doc.design).toBe('paired');
    expect(doc.seed).toBe(7);
    const tc = row(doc, 'task-clock');
    expect(tc).toMatchObject({ verdict: 'regression', gated: true, threshold: 0.02 });
    // Adaptive: 20 pairs at the first look on a quiet runner, more on a loaded one.
    expect(tc.n.base).toBe(tc.n.head);
    expect(tc.n.base).toBeGreaterThanOrEqual(20);
    const truth = instructions(31800) / instructions(30000) - 1;
    expect(truth).toBeGreaterThan(0.055);
    // A 95% interval misses the truth in 1 run of 20: allowed a quarter of its width either side,
    // so only an interval that is off, not one that is unlucky, fails. Process start-up (≈1%)
    // dilutes the change slightly.
    const slack = (tc.ci[1] - tc.ci[0]) / 4;
    expect(tc.ci[0]).toBeLessThan(truth + slack);
    expect(tc.ci[1]).toBeGreaterThan(truth * 0.9 - slack);
    expect(tc.pAdjusted).toBeLessThan(0.05);
    for (const key of ['change', 'ci', 'p', 'pAdjusted', 'n', 'threshold'] as const) expect(tc[key]).toBeDefined();
    expect(existsSync(path.join(repo.dir, '.perfgate', 'base', 'results.json'))).toBe(true);
    noWorktreesLeft(repo);
  });

  it('a comment-only change is not a regression', () => {
    if (!perfUsable(probe)) return;
    const repo = makeRepo(30000);
    writeFileSync(
      path.join(repo.dir, 'w.c'),
      readFileSync(path.join(repo.dir, 'w.c'), 'utf8').replace('/* the knob */', '/* the knob, documented */'),
    );
    repo.commit('comment');
    const r = perfgate(['ab', '--base', 'HEAD~1', '--no-profile'], { cwd: repo.dir });
    const doc = readComparison(repo.dir);
    // Head is the checked-out branch, by name (reports title it "branch (sha)", not "working-tree").
    expect(doc.head.git.ref).toBe(repo.git('rev-parse', '--abbrev-ref', 'HEAD'));
    expect(doc.summary.regressions).toBe(0);
    expect(r.code).toBe(0);
    expect(['unchanged', 'inconclusive']).toContain(row(doc, 'task-clock').verdict);
  });

  // The effect is large on purpose: this checks the direction of the verdict, not the
  // test's power (that lives in npm run bench:power), and 2 busy cores blur a few percent.
  it('a head ≈25% faster is an improvement', () => {
    if (!perfUsable(probe)) return;
    const repo = makeRepo(40000);
    repo.setUnits(30000);
    repo.commit('25% less work');
    const r = perfgate(['ab', '--base', 'HEAD~1', '--no-profile', '--json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ComparisonDoc;
    expect(row(doc, 'task-clock').verdict).toBe('improvement');
    expect(row(doc, 'task-clock').change).toBeLessThan(-0.03);
  });

  it('measures uncommitted changes of the working tree as head, and says so', () => {
    if (!perfUsable(probe)) return;
    const repo = makeRepo(30000);
    repo.setUnits(45000); // +50%: this is about which tree is measured, so the effect must be unmistakable
    const r = perfgate(['ab', '--base', 'HEAD', '--no-profile', '--iterations', '10'], { cwd: repo.dir });
    expect(r.stderr).toMatch(
      /head: the working tree has uncommitted changes; measuring them \(snapshot [0-9a-f]{12}\)/,
    );
    expect(r.code).toBe(1);
    const doc = readComparison(repo.dir);
    expect(row(doc, 'task-clock').verdict).toBe('regression');
    expect(doc.head.git.ref).toBe(`${repo.git('rev-parse', '--abbrev-ref', 'HEAD')} + uncommitted changes`);
    expect(repo.git('status', '--porcelain')).toBe('M w.c'); // the user's changes are untouched
    expect(repo.git('stash', 'list')).toBe('');
  });

  it('adaptive sampling records pairs, looks and why it stopped; profiles both sides', () => {
    if (!perfUsable(probe)) return;
    const repo = makeRepo(20000);
    repo.setUnits(20200); // +1%: inside θ = 2%, so it should settle as unchanged or run out
    const suite = path.join(repo.dir, 'perfgate.yml');
    writeFileSync(suite, readFileSync(suite, 'utf8').replace('cpus: "1"', 'cpus: "1", profile: true'));
    repo.commit('1% more work; profile (head settings apply to both sides)');
    const r = perfgate(['ab', '--base', 'HEAD~1', '--iterations', '10', '--max-iterations', '40', '--seed', '1'], {
      cwd: repo.dir,
    });
    expect([0, 1]).toContain(r.code);
    const doc = readComparison(repo.dir);
    expect(doc.sequential.looks).toBe(1 + Math.ceil(30 / 5));
    expect(doc.sequential.nominalAlpha).toBeLessThan(0.05);
    const tc = row(doc, 'task-clock');
    expect(tc.sampling?.pairs).toBeGreaterThanOrEqual(10);
    expect(tc.sampling?.pairs).toBeLessThanOrEqual(40);
    expect(['decided', 'futile', 'max-iterations']).toContain(tc.sampling?.stop);
    expect(tc.sampling?.design).toBe('tost-pocock');
    // The row's interval is at the level of the look it stopped at (one-sided 5% spent, Pocock-type).
    expect(tc.confLevel).toBeCloseTo(doc.sequential.levels?.[(tc.sampling?.looks ?? 0) - 1] ?? NaN, 10);
    for (const side of ['base', 'head']) {
      const profiles = readdirSync(path.join(repo.dir, '.perfgate', side, 'profiles'));
      expect(profiles).toEqual(['runs', 'work.folded']);
      expect(readdirSync(path.join(repo.dir, '.perfgate', side, 'profiles', 'runs', 'work'))).toEqual([
        '1.folded',
        '2.folded',
        '3.folded',
        '4.folded',
        '5.folded',
      ]);
    }
  });

  it('bad input: unknown ref, missing --base, a base whose setup fails, one-sided benchmarks', () => {
    const repo = makeRepo(1000);
    let r = perfgate(['ab', '--base', 'no-such-branch'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--base no-such-branch: no such commit in ${repo.dir}`);
    r = perfgate(['ab'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base REF is required');

    // Head breaks the build: setup (head) fails, nothing is left behind.
    writeFileSync(path.join(repo.dir, 'w.c'), 'this is not C\n');
    repo.commit('broken');
    r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--no-profile'], { cwd: repo.dir });
    // The change's own failure (exit 1), not a usage error.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('setup (head) failed (exit 1): mkdir -p bin && cc -O2 -o bin/w w.c');
    noWorktreesLeft(repo);

    // Base is the broken one now (head repairs it): head measured alone, not gated (faults/broken-base.test.ts).
    repo.git('revert', '--no-edit', 'HEAD');
    r = perfgate(['ab', '--base', 'HEAD~1', '--no-profile', '--iterations', '3', '--backend', 'time'], {
      cwd: repo.dir,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('perfgate: no comparison: setup (base) failed');
    noWorktreesLeft(repo);
  });

  it('benchmarks on one side only are reported as added/removed, not errors', () => {
    if (!perfUsable(probe)) return;
    const repo = makeRepo(1000, '  - name: old\n    run: ./bin/w\n');
    const suite = path.join(repo.dir, 'perfgate.yml');
    writeFileSync(suite, readFileSync(suite, 'utf8').replace('name: old', 'name: new'));
    repo.commit('rename benchmark');
    const r = perfgate(['ab', '--base', 'HEAD~1', '--iterations', '5', '--no-profile'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    const doc = readComparison(repo.dir);
    expect(doc.added).toEqual(['new']);
    expect(doc.removed).toEqual(['old']);
    expect(doc.problems).toEqual([]);
    expect(r.stdout).toContain('added (no baseline): new');
    expect(r.stdout).toContain('removed (only in base): old');
  });
});
