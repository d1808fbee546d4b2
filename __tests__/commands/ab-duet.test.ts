/**
 * `perfgate ab --pairing duet|auto` end to end on throwaway repositories (real git, builds and
 * perf, the bundled CLI): a duet finds +5% work and no change where there is none, auto
 * calibrates and says what it chose, a benchmark on one CPU runs sequential pairs and says why,
 * and a bad pairing is refused from the flag and from the suite. Timings are bench:duet's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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

// ~11 ms of work: short runs, large effects; the power is bench:duet's business.
const UNITS = 10000;
const twoCpus = os.cpus().length >= 2;
const readComparison = (dir: string): ComparisonDoc =>
  JSON.parse(readFileSync(path.join(dir, '.perfgate', 'comparison.json'), 'utf8')) as ComparisonDoc;
/** A commit that changes a comment only: the same program on both sides. */
function commentOnly(repo: ReturnType<typeof makeRepo>): void {
  const file = path.join(repo.dir, 'w.c');
  writeFileSync(file, readFileSync(file, 'utf8').replace('/* the knob */', '/* the knob, documented */'));
  repo.commit('comment');
}
const gated = (doc: ComparisonDoc) => doc.rows.filter((r) => r.gated);
const ab = (dir: string, ...extra: string[]) =>
  perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--no-profile', ...extra], { cwd: dir });

describe('perfgate ab --pairing', () => {
  it('duet: +5% work is a regression, each pair run at once on CPUs 0 and 1', () => {
    if (!perfUsable(probe) || !twoCpus) return;
    const repo = makeRepo(UNITS);
    repo.setUnits(Math.round(UNITS * 1.05));
    repo.commit('5% more work');
    const r = ab(repo.dir, '--pairing', 'duet', '--cpus', '0,1', '--seed', '5');
    expect(r.stderr).toContain('[1/1] work: duet pairs: CPUs 0 and 1, swapped at random from pair to pair');
    expect(r.code).toBe(1);
    const doc = readComparison(repo.dir);
    const tc = gated(doc).find((row) => row.metric === 'task-clock');
    // Adaptive: a quiet runner decides at the first look (20 pairs), a loaded one takes more
    // (34 in one CI run); the verdict is what must not change.
    expect(tc?.verdict).toBe('regression');
    expect(tc?.n.base).toBe(tc?.n.head);
    expect(tc?.n.base).toBeGreaterThanOrEqual(20);
    for (const row of gated(doc))
      expect(row.sampling).toMatchObject({
        pairing: 'duet',
        pairingWhy: 'CPUs 0 and 1, swapped at random from pair to pair',
      });
    expect(r.stdout).toContain('Pairing: duet for 1 benchmark(s) (base and head at once, each on its own CPUs)');
  });

  it('duet A/A (a comment-only change): no regression, no improvement', () => {
    if (!perfUsable(probe) || !twoCpus) return;
    const repo = makeRepo(UNITS);
    commentOnly(repo);
    const r = ab(repo.dir, '--pairing', 'duet', '--cpus', '0,1', '--seed', '9');
    const doc = readComparison(repo.dir);
    expect(gated(doc).length).toBeGreaterThan(0);
    for (const row of gated(doc)) {
      expect(row.sampling?.pairing).toBe('duet');
      expect(['unchanged', 'inconclusive']).toContain(row.verdict);
    }
    expect(r.code).toBe(0);
  });

  it('auto: calibrates both designs on the benchmark, says what it measured and chose, and still finds +5%', () => {
    if (!perfUsable(probe) || !twoCpus) return;
    const repo = makeRepo(UNITS);
    repo.setUnits(Math.round(UNITS * 1.05));
    repo.commit('5% more work');
    const r = ab(repo.dir, '--pairing', 'auto', '--cpus', '0,1', '--seed', '5');
    expect(r.stderr).toContain('[1/1] work: pairing: auto: calibrating, 8 sequential and 8 duet pairs (CPUs 0 | 1)\n');
    const why = /\[1\/1\] work: (duet|sequential) pairs: (pairing: auto, calibrated on work: .*)\n/.exec(r.stderr);
    expect(why?.[2]).toMatch(
      /^pairing: auto, calibrated on work: (duet|sequential) \d+\.\d× cheaper per decision: duet .*work task-clock ±\d+\.\d\d%.* at \d+\.\d ms\/pair; sequential .*work task-clock ±\d+\.\d\d%.* at \d+\.\d ms\/pair \(8\+8 calibration pairs\)/,
    );
    const doc = readComparison(repo.dir);
    const tc = gated(doc).find((row) => row.metric === 'task-clock');
    expect(tc?.verdict).toBe('regression');
    expect(tc?.sampling?.pairing).toBe(why?.[1]);
    expect(tc?.sampling?.pairingWhy?.startsWith(why?.[2] ?? '?')).toBe(true);
    expect(r.code).toBe(1);
  });

  it('a benchmark on one CPU runs sequential pairs, saying why on stderr and in comparison.json', () => {
    if (!perfUsable(probe)) return;
    // makeRepo pins the benchmark to CPU 1.
    const repo = makeRepo(2000);
    commentOnly(repo);
    const r = ab(repo.dir, '--pairing', 'duet', '--iterations', '3', '--seed', '1');
    const why =
      'pairing: duet, but cpus 1 is one CPU: a duet needs two or more, to give base and head their own: sequential pairs';
    expect(r.stderr).toContain(`[1/1] work: sequential pairs: ${why}`);
    for (const row of gated(readComparison(repo.dir)))
      expect(row.sampling).toMatchObject({ pairing: 'sequential', pairingWhy: why });
    expect(r.stdout).toContain('Pairing: sequential for 1 benchmark(s); why, per row, in comparison.json.');
  });

  it('a bad pairing is refused from the flags (ab, bisect) and from the suite, before anything runs', () => {
    const repo = makeRepo(1000, '    pairing: together\n');
    commentOnly(repo);
    const flag = ab(repo.dir, '--pairing', 'both');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--pairing "both": expected one of sequential, duet, auto');
    const bisect = perfgate(['bisect', '--good', 'HEAD~1', '--bad', 'HEAD', '--pairing', 'both'], { cwd: repo.dir });
    expect(bisect.code).toBe(2);
    expect(bisect.stderr).toContain('--pairing "both": expected one of sequential, duet, auto');
    const suite = ab(repo.dir);
    expect(suite.code).toBe(2);
    expect(suite.stderr).toMatch(
      /perfgate\.yml[^:]*:7: benchmarks\[0\]\.pairing: expected one of "sequential", "duet", "auto"/,
    );
  });
});
