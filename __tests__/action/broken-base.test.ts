/**
 * The action's paired pull-request mode when one side cannot be built. Base broken (the PR
 * repairs main): before, exit 1 with no comment and no verdict, so the fix could never pass;
 * now head's numbers are reported, the comment says why there is no comparison, and
 * `on-missing-baseline` decides the gate. Head broken: the PR's own failure, exit 1, its
 * setup output in one escaped `::error::` line with the token scrubbed. The built
 * dist/index.js against the emulator, on real git repositories and a real compiler.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GitHubEmulator, WRITE_TOKEN } from '../github/emulator.js';
import { pullRequestEvent, runAction, type ActionRunResult } from '../github/runner.js';
import { makeRepo } from '../helpers/gitrepo.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { marker } from '../../src/report/markdown.js';

let emu: GitHubEmulator;
beforeAll(async () => {
  emu = await GitHubEmulator.start();
});
afterAll(async () => {
  await emu.stop();
});

/** base: w.c the compiler refuses; head: repaired. */
function repairedMain(): { repo: ReturnType<typeof makeRepo>; base: string; head: string } {
  const repo = makeRepo(2);
  const file = path.join(repo.dir, 'w.c');
  const good = readFileSync(file, 'utf8');
  writeFileSync(file, `#error main is broken\n${good}`);
  repo.commit('break main');
  const base = repo.git('rev-parse', 'HEAD');
  writeFileSync(file, good);
  repo.commit('repair main');
  return { repo, base, head: repo.git('rev-parse', 'HEAD') };
}

async function pr(
  number: number,
  repo: ReturnType<typeof makeRepo>,
  base: string,
  head: string,
  inputs: Record<string, string> = {},
): Promise<{ r: ActionRunResult; runId: number; runtimeToken: string }> {
  emu.addPull({ number, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
  const run = emu.addRun({
    headSha: head,
    event: 'pull_request',
    headBranch: 'feature',
    status: 'in_progress',
    workflow: 'perf.yml',
  });
  const r = await runAction({
    emulator: emu,
    run,
    eventName: 'pull_request',
    payload: pullRequestEvent(emu, { number, headSha: head, baseSha: base }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { backend: 'time', iterations: '3', 'max-iterations': '3', ...inputs },
  });
  return { r, runId: run.id, runtimeToken: run.runtimeToken };
}

describe('base cannot be built (the pull request repairs main)', () => {
  it("default on-missing-baseline: head's numbers in the comment, why there is no comparison, not gated (exit 0)", async () => {
    const { repo, base, head } = repairedMain();
    const { r, runId } = await pr(81, repo, base, head);
    expect({ code: r.code, verdict: r.outputs.verdict, stdout: r.stdout }).toMatchObject({
      code: 0,
      verdict: 'no-baseline',
    });
    expect(r.stdout).toContain(
      '::warning::NOT GATED: base could not be measured (setup (base) failed (exit 1): mkdir -p bin && cc -O2 -o bin/w w.c); head measured alone',
    );
    const comments = emu.commentsOn(81);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.startsWith(marker('perfgate'))).toBe(true);
    expect(body).toContain('## perfgate: ⚪ no comparison: base could not be measured');
    expect(body).toContain(
      '> **No comparison**: setup \\(base\\) failed \\(exit 1\\): mkdir -p bin \\&\\& cc -O2 -o bin/w w.c; head was measured alone',
    );
    // The compiler's words, fenced.
    expect(body).toMatch(/<details><summary>setup output \(base\)<\/summary>\n\n`{3,}text\n[^`]*main is broken/);
    expect(body).toContain('on-missing-baseline: ab');
    // Head's numbers: the results table of the head session.
    expect(body).toContain('<details open><summary>Head measured alone</summary>');
    expect(body).toMatch(/\| work +\| ok +\| wall +\|/);
    const report = emu.artifactsOf(runId).find((a) => a.name === 'perfgate-report-perfgate');
    const comparison = JSON.parse(emu.artifactFiles(report!.id)['comparison.json']!.toString('utf8')) as ComparisonDoc;
    expect(comparison.noComparison).toMatch(/^setup \(base\) failed/);
    expect(comparison.rows).toEqual([]);
  });

  it('on-missing-baseline: fail: the same comment, the gate fails (exit 1)', async () => {
    const { repo, base, head } = repairedMain();
    const { r } = await pr(82, repo, base, head, { 'on-missing-baseline': 'fail' });
    expect({ code: r.code, verdict: r.outputs.verdict }).toEqual({ code: 1, verdict: 'no-baseline' });
    expect(r.stdout).toContain('::error::no usable baseline: base could not be measured: setup (base) failed (exit 1)');
    expect(r.stdout).toContain('(on-missing-baseline: fail)');
    expect(emu.commentsOn(82)[0]!.body).toContain('on-missing-baseline: fail, so the gate fails');
  });
});

it("head's setup fails: exit 1 with its output on one escaped error line, the token scrubbed", async () => {
  const repo = makeRepo(2);
  const base = repo.git('rev-parse', 'HEAD');
  // The PR's setup prints the environment's tokens and a forged workflow command, then fails.
  const suite = path.join(repo.dir, 'perfgate.yml');
  writeFileSync(
    suite,
    readFileSync(suite, 'utf8').replace(
      /^setup: .*$/m,
      `setup: "env | grep -i token >&2; echo '::warning::forged' >&2; exit 1"`,
    ),
  );
  repo.commit('break setup');
  const head = repo.git('rev-parse', 'HEAD');
  const { r, runtimeToken } = await pr(83, repo, base, head);
  expect(r.code).toBe(1);
  const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain('setup (head) failed (exit 1): env | grep -i token');
  // The output is there, newlines escaped: the forged command does not start a line.
  expect(errors[0]).toContain('%0A::warning::forged');
  expect(r.stdout.split('\n').some((l) => l.startsWith('::warning::forged'))).toBe(false);
  // Setup runs without any variable that holds a secret (action/measure.ts, withoutSecrets):
  // the grep finds neither token's variable, scrubbed or not.
  expect(errors[0]).not.toContain('ACTIONS_RUNTIME_TOKEN');
  expect(errors[0]).not.toContain('GITHUB-TOKEN');
  // The log holds each token only where the runner is told to mask it.
  for (const token of [runtimeToken, WRITE_TOKEN]) {
    expect(r.stdout.split('\n').filter((l) => l.includes(token) && !l.startsWith('::add-mask::'))).toEqual([]);
  }
});
