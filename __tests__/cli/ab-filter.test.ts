/**
 * `perfgate ab --filter` that matches no suite entry. Trying it on a go-test suite, a user's
 * filter for one harness benchmark (`DigestBytes/4B`) was refused naming a temporary worktree's
 * suite (`/tmp/perfgate-ab-…/head/perfgate.yml`, gone by then) and not saying that --filter
 * picks entries, not the benchmarks a harness reports.
 */
import { perfgate } from '../helpers/cli.js';
import { harnessRepo } from '../helpers/harness-repo.js';

it('names the suite in the repository and says how to pick a harness benchmark', () => {
  const repo = harnessRepo(
    {},
    `version: 1\nbenchmarks:\n  - name: xxh\n    run: ./bin/xxhash.test -test.bench .\n    format: go-test\n  - name: plain\n    run: "true"\n`,
  );
  repo.change('perfgate.yml', 'run: "true"', 'run: "true "');
  const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--filter', 'DigestBytes/4B'], { cwd: repo.dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(
    'perfgate ab: --filter /DigestBytes\\/4B/ matches no benchmark of perfgate.yml (head) (names: xxh, plain)',
  );
  expect(r.stderr).toContain(
    "--filter picks suite entries, not the benchmarks a harness reports (xxh/…): choose those with the harness's own flag in run:",
  );
  expect(r.stderr).not.toContain('perfgate-ab-');
});
