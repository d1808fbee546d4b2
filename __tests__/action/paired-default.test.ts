/**
 * The pull-request gate measures base and head paired in the job, whatever baselines exist,
 * through the same engine as `perfgate ab`: the built dist/index.js against the GitHub
 * emulator, and dist/cli/index.js, on real git repositories.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { GitHubEmulator, WRITE_TOKEN } from '../github/emulator.js';
import { pullRequestEvent, runAction, scheduleEvent } from '../github/runner.js';
import { makeRepo } from '../helpers/gitrepo.js';
import { cliPath } from '../helpers/paths.js';
import { unavailable } from '../helpers/optional.js';
import { framesOf } from '../helpers/comparison.js';

let emu: GitHubEmulator;
beforeAll(async () => {
  emu = await GitHubEmulator.start();
});
afterAll(async () => {
  await emu.stop();
});

const readComparison = (file: string): ComparisonDoc => JSON.parse(readFileSync(file, 'utf8')) as ComparisonDoc;

/**
 * A repository whose benchmark refuses to run unless it is pinned to CPU 0 alone. The check is a
 * C program (sched_getaffinity, then exec) rather than `grep /proc/self/status`: valgrind counts
 * the check's instructions too, and grep's depend on the file's changing numbers (context
 * switches, memory), which made the two runs' counts differ by ~90 instructions on a busy host.
 */
function pinnedRepo(): ReturnType<typeof makeRepo> {
  const repo = makeRepo(200);
  writeFileSync(
    path.join(repo.dir, 'pin.c'),
    [
      '#define _GNU_SOURCE',
      '#include <sched.h>',
      '#include <unistd.h>',
      'int main(int argc, char **argv) {',
      '  cpu_set_t s;',
      '  if (argc < 2 || sched_getaffinity(0, sizeof s, &s) != 0 || CPU_COUNT(&s) != 1 || !CPU_ISSET(0, &s)) return 1;',
      '  execv(argv[1], argv + 1);',
      '  return 127;',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(repo.dir, 'perfgate.yml'),
    [
      'version: 1',
      'setup: mkdir -p bin && cc -O2 -o bin/w w.c && cc -O2 -o bin/pin pin.c',
      'defaults: { iterations: 4, warmup: 0, cpus: "1", profile: false }',
      'benchmarks:',
      '  - name: work',
      // Fails (exit 1) unless the affinity is exactly CPU 0: proves the cpus input reached the runs.
      '    run: ./bin/pin ./bin/w',
      '  - name: again',
      '    run: ./bin/pin ./bin/w',
      '',
    ].join('\n'),
  );
  repo.git('add', '-A');
  repo.commit('pinned suite');
  return repo;
}

it('the action and perfgate ab give the same comparison (valgrind backend, cpus 0, same seed)', async () => {
  if (
    unavailable(
      'the action/ab parity test',
      spawnSync('valgrind', ['--version']).status === 0 ? undefined : 'valgrind is not installed',
    )
  )
    return;
  const repo = pinnedRepo();
  const base = repo.git('rev-parse', 'HEAD');
  repo.setUnits(260);
  repo.commit('more work');
  const head = repo.git('rev-parse', 'HEAD');
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-parity-')), 'out');
  const run = emu.addRun({
    headSha: head,
    event: 'pull_request',
    status: 'in_progress',
    workflow: 'perf.yml',
    headBranch: 'feature',
  });
  const r = await runAction({
    emulator: emu,
    run,
    eventName: 'pull_request',
    payload: pullRequestEvent(emu, { number: 41, headSha: head, baseSha: base }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { backend: 'valgrind', cpus: '0', iterations: '4', 'max-iterations': '4', out, comment: 'never' },
  });
  expect(r.stderr).not.toMatch(/::error/);
  const action = readComparison(r.outputs.comparison!);
  expect(action.design).toBe('paired');
  expect(action.baseline.source).toBe('same-job');
  expect(action.base.backend).toBe('valgrind');
  expect(action.seed).not.toBeNull();

  const cliOut = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-parity-cli-')), 'out');
  const cli = spawnSync(
    'node',
    [
      cliPath,
      'ab',
      '--base',
      base,
      '--backend',
      'valgrind',
      '--cpus',
      '0',
      '--iterations',
      '4',
      '--max-iterations',
      '4',
      '--seed',
      String(action.seed),
      '--out',
      cliOut,
      '--no-fail',
    ],
    { cwd: repo.dir, encoding: 'utf8' },
  );
  expect(cli.stderr).not.toMatch(/failed|error/i);
  const cliDoc = readComparison(path.join(cliOut, 'comparison.json'));
  const essence = (c: ComparisonDoc) => ({
    design: c.design,
    seed: c.seed,
    backend: c.base.backend,
    sequential: c.sequential,
    problems: c.problems,
    rows: c.rows.map((x) => ({
      benchmark: x.benchmark,
      metric: x.metric,
      verdict: x.verdict,
      change: x.change,
      ci: x.ci,
      median: x.median,
      n: x.n,
      sampling: x.sampling,
    })),
  });
  expect(essence(cliDoc)).toEqual(essence(action));
  // Both benchmarks ran pinned to CPU 0 on both sides (else they exit 1 and become problems).
  expect(action.problems).toEqual([]);
  expect(action.rows.filter((x) => x.metric === 'instructions').map((x) => x.benchmark)).toEqual(['work', 'again']);
  // Deterministic counts: +30% work is a regression in both.
  expect(action.rows.find((x) => x.benchmark === 'work' && x.metric === 'instructions')?.verdict).toBe('regression');
}, 600_000);

it('a stored baseline artifact does not change the default: base and head are paired in the job, and the report holds every flame graph it names', async () => {
  const repo = makeRepo(3000);
  const suite = path.join(repo.dir, 'perfgate.yml');
  writeFileSync(suite, readFileSync(suite, 'utf8').replace('cpus: "1"', 'cpus: "1", profile: true'));
  repo.commit('profile the benchmark');
  const base = repo.git('rev-parse', 'HEAD');
  writeFileSync(path.join(repo.dir, 'NOTES'), 'docs only\n');
  repo.git('add', 'NOTES');
  repo.commit('docs');
  const head = repo.git('rev-parse', 'HEAD');
  const pushRun = emu.addRun({
    headSha: base,
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    workflow: 'perf.yml',
    headBranch: 'main',
  });
  emu.addArtifact(pushRun.id, 'perfgate-baseline-perfgate', { 'results.json': '{"schemaVersion": 1}' });
  emu.addPull({ number: 42, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
  const run = emu.addRun({
    headSha: head,
    event: 'pull_request',
    status: 'in_progress',
    workflow: 'perf.yml',
    headBranch: 'feature',
  });
  const r = await runAction({
    emulator: emu,
    run,
    eventName: 'pull_request',
    payload: pullRequestEvent(emu, { number: 42, headSha: head, baseSha: base }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { iterations: '6', 'max-iterations': '6' },
  });
  expect(r.stderr).not.toMatch(/::error/);
  const c = readComparison(r.outputs.comparison!);
  expect(c.design).toBe('paired');
  expect(c.baseline).toEqual({
    source: 'same-job',
    sessions: 1,
    reason: expect.stringContaining('baseline: same-job, the default'),
  });
  const [comment] = emu.commentsOn(42);
  expect(comment?.body).toContain('Baseline: base measured in this job');
  expect(comment?.body).toContain('paired design');
  expect(comment?.body).toContain('interleaved pairs in this job');
  // Every graph the comparison names is in the report directory that is uploaded.
  const reportDir = path.dirname(r.outputs.report!);
  const named = Object.keys(c.explanations ?? {}).flatMap((n) => {
    const ex = framesOf(c, n);
    return ex ? [ex.diff, ex.negated] : [];
  });
  expect(named.length).toBeGreaterThan(0);
  for (const rel of named) expect(existsSync(path.join(reportDir, rel))).toBe(true);
}, 600_000);

it('sharded pull request: each shard pairs its share, the merge job posts one comment for all of them', async () => {
  const repo = makeRepo(
    500,
    ['  - name: second', '    run: ./bin/w', '  - name: third', '    run: ./bin/w', ''].join('\n'),
  );
  const base = repo.git('rev-parse', 'HEAD');
  repo.setUnits(500);
  writeFileSync(path.join(repo.dir, 'NOTES'), 'docs only\n');
  repo.git('add', 'NOTES');
  repo.commit('docs');
  const head = repo.git('rev-parse', 'HEAD');
  emu.addPull({ number: 43, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
  const run = emu.addRun({
    headSha: head,
    event: 'pull_request',
    status: 'in_progress',
    workflow: 'perf.yml',
    headBranch: 'feature',
  });
  const job = (inputs: Record<string, string>) =>
    runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 43, headSha: head, baseSha: base }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: {
        iterations: '5',
        'max-iterations': '5',
        ...inputs,
        out: path.join(repo.dir, '.perfgate', (inputs.shard ?? 'merge').replace('/', '-')),
      },
    });
  const shardNames: string[][] = [];
  for (const shard of ['1/2', '2/2']) {
    const r = await job({ shard });
    expect(r.stderr).not.toMatch(/::error/);
    expect(r.outputs.verdict).toBe('shard');
    const c = readComparison(r.outputs.comparison!);
    expect(c.design).toBe('paired');
    shardNames.push([...new Set(c.rows.map((x) => x.benchmark))]);
  }
  // Each shard measured only its share (and nobody commented yet).
  expect(shardNames.flat().sort()).toEqual(['second', 'third', 'work']);
  expect(emu.commentsOn(43)).toHaveLength(0);
  const m = await job({ mode: 'merge' });
  expect(m.stderr).not.toMatch(/::error/);
  expect(m.outputs.verdict).toMatch(/^(pass|regression)$/);
  const merged = readComparison(m.outputs.comparison!);
  expect([...new Set(merged.rows.map((x) => x.benchmark))]).toEqual(['work', 'second', 'third']);
  expect(merged.shard).toBeUndefined();
  // BH over all gated rows of both shards: every gated row has an adjusted p from the one family.
  const gated = merged.rows.filter((x) => x.gated && x.p !== null);
  expect(gated.length).toBeGreaterThanOrEqual(3);
  expect(gated.every((x) => x.pAdjusted !== null && x.pAdjusted >= (x.p as number))).toBe(true);
  expect(emu.commentsOn(43)).toHaveLength(1);
  expect(existsSync(path.join(path.dirname(m.outputs.report!), 'comparison.json'))).toBe(true);
  // The shards left no worktree behind.
  expect(
    execFileSync('git', ['-C', repo.dir, 'worktree', 'list'], { encoding: 'utf8' }).trim().split('\n'),
  ).toHaveLength(1);
}, 900_000);

it('baseline: history compares the head with the newest runs of the base branch, the interval carrying their spread', async () => {
  const repo = makeRepo(3000);
  const base = repo.git('rev-parse', 'HEAD');
  const history = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-hist-')), 'history');
  for (let night = 0; night < 3; night++) {
    const run = emu.addRun({
      headSha: base,
      event: 'schedule',
      status: 'in_progress',
      workflow: 'perf.yml',
      headBranch: 'main',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'schedule',
      payload: scheduleEvent(emu),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      ref: 'refs/heads/main',
      inputs: { iterations: '5', 'history-path': history },
    });
    expect(r.stderr).not.toMatch(/::error/);
    expect(r.summary).toContain('History: ');
  }
  // Four times the work: with K = 3 sessions the prediction interval is ±t(2)·τ̂·√(4/3) ≈ ±5 τ̂
  // on the log scale, and on a loaded 2-core CI runner twice the work (+0.69) once came out
  // inconclusive, the three nights' medians having spread that far.
  repo.setUnits(12000);
  repo.commit('four times the work');
  const head = repo.git('rev-parse', 'HEAD');
  emu.addPull({ number: 44, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
  const run = emu.addRun({
    headSha: head,
    event: 'pull_request',
    status: 'in_progress',
    workflow: 'perf.yml',
    headBranch: 'feature',
  });
  const r = await runAction({
    emulator: emu,
    run,
    eventName: 'pull_request',
    payload: pullRequestEvent(emu, { number: 44, headSha: head, baseSha: base }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { iterations: '5', baseline: 'history', 'history-path': history },
  });
  expect(r.stderr).not.toMatch(/::error::(?!perfgate: )/);
  const c = readComparison(r.outputs.comparison!);
  expect(c.design).toBe('unpaired');
  expect(c.baseline).toMatchObject({ source: 'history', sessions: 3 });
  const row = c.rows.find((x) => x.metric === 'task-clock')!;
  expect(row.sessions?.count).toBe(3);
  expect({
    verdict: row.verdict,
    note: row.note,
    change: row.change,
    ci: row.ci,
    sessions: row.sessions,
    warnings: c.warnings,
  }).toMatchObject({ verdict: 'regression' });
  expect(emu.commentsOn(44)[0]?.body).toContain('Baseline: base branch history');
  // A regression against other sessions fails nothing until pairs of base and head in this
  // job confirm it (__tests__/action/unpaired-confirm.test.ts has the drift they refute).
  expect(row.confirmation?.status).toBe('confirmed');
  expect(c.confirmation?.status).toBe('paired');
}, 900_000);
