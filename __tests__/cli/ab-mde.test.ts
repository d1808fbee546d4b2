/**
 * The minimum detectable change through the real engine: `perfgate ab` (perf, pairs, the
 * bundled CLI) writes `mde` on every row with an interval, prints it in the table, and says
 * "this runner cannot see" for exactly the gated rows whose mde is above θ. Nothing here rests
 * on a measured time: which rows are above θ depends on the machine, the agreement does not.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { perfgate } from '../helpers/cli.js';
import { makeRepo } from '../helpers/gitrepo.js';

it('perfgate ab: mde on the rows, in the table, and the sentence for the gated rows above θ only', () => {
  const repo = makeRepo(300);
  repo.git('commit', '-q', '--allow-empty', '-m', 'head: same code');
  const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--iterations', '8', '--out', 'out'], {
    cwd: repo.dir,
  });
  // A/A: 0, or 1 on a rare false verdict; never a usage or measuring error.
  expect([0, 1]).toContain(r.code);
  const doc = JSON.parse(readFileSync(path.join(repo.dir, 'out', 'comparison.json'), 'utf8')) as ComparisonDoc;
  const gated = doc.rows.filter((x) => x.gated);
  expect(gated.map((x) => x.metric).sort()).toEqual(['task-clock', 'wall']);
  for (const row of doc.rows) {
    const interval = row.confLevel > 0 && row.ci.every((v) => v !== null && Number.isFinite(v));
    if (interval) expect(row.mde).toBeGreaterThanOrEqual(0);
    else expect(row).not.toHaveProperty('mde');
  }
  expect(r.stdout).toMatch(
    /^benchmark\s+metric\s+base \(median\)\s+head \(median\)\s+change( \(paired\))?\s+CI\s+θ\s+mde\s+p\(adj\)\s+n\s+verdict$/m,
  );
  for (const row of gated) {
    // Adaptive by default: the pairs the row ended with, 8 or more.
    const said = r.stdout.includes(
      `cannot see a ${row.threshold! * 100}% change in work ${row.metric} at ${row.n.base} pairs`,
    );
    expect({ metric: row.metric, mde: row.mde, said }).toEqual({
      metric: row.metric,
      mde: row.mde,
      said: row.mde! > row.threshold!,
    });
  }
});
