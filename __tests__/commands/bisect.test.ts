/**
 * `perfgate bisect` end to end: real git worktrees, real builds, real perf. A repository of one
 * C benchmark whose work is a knob in the source; one commit of eight turns the knob up by 8%.
 */
import { existsSync, readFileSync } from 'node:fs';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { BisectOutcome } from '../../src/engine/bisect.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { probeHost, type HostProbe } from '../../src/host/probe.js';
import { perfgate } from '../helpers/cli.js';
import { makeRepo } from '../helpers/gitrepo.js';
import { perfUsable } from '../helpers/tools.js';

let probe: HostProbe;
beforeAll(async () => {
  probe = await probeHost();
});

const SHA = /^[0-9a-f]{40}$/;

/** Eight commits after the good one; the `slow`-th (1-based) does 8% more work, the others touch a notes file. */
function history(slow: number | null): { repo: ReturnType<typeof makeRepo>; shas: string[] } {
  const repo = makeRepo(15000, '    profile: true\n');
  const shas: string[] = [];
  for (let i = 1; i <= 8; i++) {
    if (i === slow) {
      repo.setUnits(16200);
      repo.commit(`c${i}: 8% more work`);
    } else {
      appendFileSync(path.join(repo.dir, 'notes.txt'), `note ${i}\n`);
      repo.git('add', 'notes.txt');
      repo.commit(`c${i}: notes`);
    }
    shas.push(repo.git('rev-parse', 'HEAD'));
  }
  return { repo, shas };
}

function bisectJson(dir: string, args: string[]): BisectOutcome {
  const r = perfgate(['bisect', '--iterations', '12', '--json', '--seed', '5', ...args], { cwd: dir });
  expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as BisectOutcome;
}

describe('perfgate bisect', () => {
  it('names the commit that added 8% work, by its full sha, with a paired regression against its parent and the why', () => {
    if (!perfUsable(probe)) return;
    const { repo, shas } = history(6);
    const o = bisectJson(repo.dir, ['--good', 'HEAD~8', '--bad', 'HEAD']);
    expect(o.confirmed).toBe(true);
    expect(o.culprit?.commit).toBe(shas[5]);
    expect(o.culprit).toMatchObject({ subject: 'c6: 8% more work', verdict: 'regression', author: 'perfgate test' });
    expect(o.culprit?.ci?.[0]).toBeGreaterThan(0.02);
    expect(o).toMatchObject({ benchmark: 'work', metric: 'task-clock', commits: 8 });
    // Confirm, then binary search over 8 commits (log2 = 3; a middle commit left open by its
    // A/B is measured against bad too), then the culprit against its parent.
    expect(o.steps.length).toBeLessThanOrEqual(1 + 2 * 3 + 1);
    expect(o.steps[0]).toMatchObject({ base: repo.git('rev-parse', 'HEAD~8'), head: shas[7], verdict: 'regression' });
    for (const s of o.steps) expect([s.base, s.head]).toEqual([expect.stringMatching(SHA), expect.stringMatching(SHA)]);
    const last = o.steps[o.steps.length - 1];
    expect(last).toMatchObject({ base: shas[4], head: shas[5] });
    // The why: the culprit's pair was profiled, and its comparison explains the benchmark.
    const doc = JSON.parse(readFileSync(path.join(o.culprit!.dir, 'comparison.json'), 'utf8')) as ComparisonDoc;
    expect(doc.explanations?.work).toBeDefined();
    expect(existsSync(path.join(repo.dir, '.perfgate', 'bisect', 'bisect.json'))).toBe(true);
    expect(repo.git('worktree', 'list').split('\n')).toHaveLength(1);

    // Text: the steps, the culprit's sha, subject and its comparison.
    const text = perfgate(['bisect', '--good', shas[4]!, '--bad', shas[5]!, '--iterations', '8', '--no-profile'], {
      cwd: repo.dir,
    });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`culprit: ${shas[5]}`);
    expect(text.stdout).toContain('c6: 8% more work');
    expect(text.stdout).toMatch(/work\s+task-clock .*REGRESSION/);
  });

  it('a range without a step: "culprit": null with the measured change; a spent budget stops with the range', () => {
    if (!perfUsable(probe)) return;
    const { repo, shas } = history(null);
    const o = bisectJson(repo.dir, ['--good', 'HEAD~3', '--bad', 'HEAD', '--no-profile']);
    expect(o).toMatchObject({ confirmed: false, culprit: null, commits: 3 });
    expect(o.steps).toHaveLength(1);
    expect(o.steps[0]?.verdict).not.toBe('regression');
    expect(o.steps[0]?.change).toEqual(expect.any(Number));
    expect(o.reason).toMatch(/no step to bisect/);

    // A 50% step with no time left after confirming it: no culprit, the whole range. (The spent
    // budget stops the confirming A/B at its first look, where the adaptive design's interval is
    // widest: the step is large so that look confirms it.)
    repo.setUnits(22500);
    repo.commit('c9: 50% more work');
    const spent = bisectJson(repo.dir, ['--good', 'HEAD~5', '--bad', 'HEAD', '--no-profile', '--time-budget', '1ms']);
    expect(spent).toMatchObject({
      confirmed: true,
      culprit: null,
      range: { good: shas[3], bad: repo.git('rev-parse', 'HEAD') },
    });
    expect(spent.steps).toHaveLength(1);
    expect(spent.reason).toMatch(/time budget ran out/);
  });

  it('refuses a good commit that is not an ancestor of bad, and an empty range', () => {
    const { repo } = history(null);
    const backwards = perfgate(['bisect', '--good', 'HEAD', '--bad', 'HEAD~2'], { cwd: repo.dir });
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/--good [0-9a-f]{12} is not an ancestor of --bad [0-9a-f]{12}/);
    const same = perfgate(['bisect', '--good', 'HEAD', '--bad', 'HEAD'], { cwd: repo.dir });
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/same commit/);
    const none = perfgate(['bisect', '--bad', 'HEAD'], { cwd: repo.dir });
    expect(none.code).toBe(2);
  });
});
