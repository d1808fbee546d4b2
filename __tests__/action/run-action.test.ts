/**
 * The bundled action's handling of bad input and of a GitHub that misbehaves, run as a runner
 * runs it against the loopback emulator: each case gives a clear message and the right
 * outputs, and loses no measured result.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitHubEmulator, ROUTES, WRITE_TOKEN } from '../github/emulator.js';
import { pullRequestEvent, pushEvent, runAction } from '../github/runner.js';
import { buildBenchmarks } from '../helpers/build.js';
import { makeRepo } from '../helpers/gitrepo.js';
import { benchBin, repoRoot } from '../helpers/paths.js';
import { resultsDoc } from '../helpers/comparison.js';

let emu: GitHubEmulator;
const sha = 'c'.repeat(40);
beforeAll(async () => {
  buildBenchmarks();
  emu = await GitHubEmulator.start();
});
afterAll(async () => {
  await emu.stop();
});

const push = (workspace: string, inputs: Record<string, string> = {}, token = WRITE_TOKEN) =>
  runAction({
    emulator: emu,
    run: emu.addRun({ headSha: sha, event: 'push', status: 'in_progress', workflow: 'perf.yml' }),
    eventName: 'push',
    payload: pushEvent(emu, { sha }),
    workspace,
    token,
    inputs,
  });

it('baseline on the demo suite: job summary with host checks and the table, outputs set', async () => {
  const r = await push(repoRoot, {
    iterations: '5',
    filter: '^(cache|branch)/',
    out: path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-out-')), 'o'),
  });
  expect(r.code).toBe(0);
  expect(r.outputs.verdict).toBe('baseline');
  const doc = JSON.parse(readFileSync(r.outputs.results!, 'utf8')) as {
    git: { sha: string };
    benchmarks: { name: string }[];
  };
  expect(doc.git.sha).toBe(sha);
  expect(doc.benchmarks.map((b) => b.name)).toEqual([
    'cache/sequential',
    'cache/random',
    'branch/sorted',
    'branch/shuffled',
  ]);
  // The verdict first, the folded host checks last (issue 20 item 13).
  expect(r.summary.indexOf(`### perfgate baseline run at \`${sha.slice(0, 7)}\`: 4 of 4 benchmarks measured`)).toBe(0);
  expect(r.summary).toMatch(
    /\n<details><summary>(❌ |⚠️ )?Host checks: \d+ pass, \d+ warn, \d+ fail, \d+ unknown<\/summary>[^]*<\/details>\n$/,
  );
  expect(r.summary).toMatch(/^\| cache\/random +\| ok +\|/m);
  expect(r.stdout).toContain('::group::perfgate host checks:');
});

it('rejects bad inputs, naming each one, before measuring', async () => {
  const r = await push(repoRoot, {
    mode: 'sideways',
    iterations: 'lots',
    backend: 'rdtsc',
    cpus: 'first',
    shard: '3/2',
  });
  expect(r.code).toBe(2);
  for (const m of [
    "input 'mode' is 'sideways': expected one of auto, baseline, compare, comment, merge",
    "input 'iterations' is 'lots': expected a positive whole number, e.g. 30",
    "input 'backend' is 'rdtsc': expected one of auto, perf, valgrind, time",
    "input 'cpus' is 'first'",
    'input \'shard\' "3/2": shard 3 does not exist when there are 2',
  ]) {
    expect(r.stdout.replace(/%0A/g, '\n')).toContain(m);
  }
  expect(r.outputs.results).toBeUndefined();
});

it('a malformed suite fails with file, line and key; nothing is measured', async () => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'pg-ws-'));
  writeFileSync(
    path.join(ws, 'perfgate.yml'),
    `version: 1\nbenchmarks:\n  - name: x\n    run: touch ran\n    iteratons: 3\n`,
  );
  const r = await push(ws);
  expect(r.code).toBe(2);
  expect(r.stdout).toContain(`${path.join(ws, 'perfgate.yml')}:5: benchmarks[0].iteratons: unknown key 'iteratons'`);
  expect(existsSync(path.join(ws, 'ran'))).toBe(false);
});

it('a failing benchmark fails the step, but results, summary and the baseline upload are kept', async () => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'pg-ws-'));
  writeFileSync(
    path.join(ws, 'perfgate.yml'),
    `version: 1\ndefaults: { iterations: 3, warmup: 0 }\nbenchmarks:\n  - name: ok\n    run: ${benchBin}/work 10\n  - name: broken\n    run: /bin/false\n`,
  );
  const r = await push(ws);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('::error::1 benchmark(s) did not complete: broken (failed)');
  expect(r.outputs.results).toBe(path.join(ws, '.perfgate', 'baseline', 'results.json'));
  expect(r.summary).toContain('**1 benchmark(s) did not complete:**');
  expect(r.stdout).toContain('uploaded artifact perfgate-baseline-perfgate');
});

it('an artifact upload that fails is a warning: the gate stays green and the files stay local', async () => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'pg-ws-'));
  writeFileSync(
    path.join(ws, 'perfgate.yml'),
    `version: 1\ndefaults: { iterations: 3, warmup: 0 }\nbenchmarks:\n  - name: ok\n    run: ${benchBin}/work 10\n`,
  );
  emu.failNext(ROUTES.createArtifact, { status: 500 }, 20);
  const r = await push(ws);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /::warning::could not upload artifact perfgate-baseline-perfgate: .*; the files are still in .*\.perfgate\/baseline/,
  );
  expect(r.summary).toContain('The baseline could not be stored as an artifact');
}, 300_000);

describe('compare with a misbehaving GitHub', () => {
  it('retries 500s and rate limits; a corrupt baseline artifact falls back to measuring the base, saying why', async () => {
    const repo = makeRepo(3000);
    const base = repo.git('rev-parse', 'HEAD');
    repo.setUnits(3100);
    repo.commit('a little more work');
    const head = repo.git('rev-parse', 'HEAD');
    const pushRun = emu.addRun({
      headSha: base,
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      workflow: 'perf.yml',
      headBranch: 'main',
    });
    emu.addArtifact(pushRun.id, 'perfgate-baseline-perfgate', {
      'results.json': '{"schemaVersion": 1, "benchmarks": "not a list"',
    });
    emu.addPull({ number: 21, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
    emu.failNext(ROUTES.listWorkflowRuns, { status: 502 }, 2);
    emu.failNext(ROUTES.createComment, { rateLimit: 'secondary', status: 429, retryAfterS: 1 }, 1);
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
      payload: pullRequestEvent(emu, { number: 21, headSha: head, baseSha: base }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { iterations: '5', baseline: 'artifact' },
    });
    expect(r.stdout).toMatch(
      /::warning::baseline artifact perfgate-baseline-perfgate of run \d+ is unusable: .*is not JSON.*measuring the base commit in this job/,
    );
    expect([0, 1]).toContain(r.code);
    expect(emu.commentsOn(21)).toHaveLength(1);
    expect(emu.requestsTo(ROUTES.listWorkflowRuns).length).toBeGreaterThanOrEqual(3);
  }, 300_000);

  it('without a token: warns, cannot find a baseline, still gates by measuring the base', async () => {
    const repo = makeRepo(3000);
    const base = repo.git('rev-parse', 'HEAD');
    repo.setUnits(3000);
    writeFileSync(path.join(repo.dir, 'NOTES'), 'docs only\n');
    repo.git('add', 'NOTES');
    repo.commit('docs');
    const head = repo.git('rev-parse', 'HEAD');
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
      payload: pullRequestEvent(emu, { number: 22, headSha: head, baseSha: base }),
      workspace: repo.dir,
      token: '',
      inputs: { iterations: '5', comment: 'never' },
    });
    expect(r.stdout).toContain(
      '::warning::no github-token (pass github-token: ${{ github.token }}): cannot read baselines, upload artifacts or comment',
    );
    expect(r.outputs.verdict).toMatch(/^(pass|regression)$/);
    expect(r.outputs.comparison).toMatch(/comparison\.json$/);
  }, 300_000);
});

it('baseline-path: a baseline run keeps the baseline on disk, a compare run with baseline: artifact reads it from there', async () => {
  const repo = makeRepo(3000);
  const base = repo.git('rev-parse', 'HEAD');
  const store = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-store-')), 'main');
  const keep = await runAction({
    emulator: emu,
    run: emu.addRun({ headSha: base, event: 'push', status: 'in_progress', workflow: 'perf.yml' }),
    eventName: 'push',
    payload: pushEvent(emu, { sha: base }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { iterations: '5', 'baseline-path': store },
  });
  expect(keep.code).toBe(0);
  expect(keep.stdout).toContain(`baseline saved to ${store}`);
  expect(existsSync(path.join(store, 'results.json'))).toBe(true);
  repo.setUnits(3000);
  writeFileSync(path.join(repo.dir, 'NOTES'), 'docs only\n');
  repo.git('add', 'NOTES');
  repo.commit('docs');
  const head = repo.git('rev-parse', 'HEAD');
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
    payload: pullRequestEvent(emu, { number: 23, headSha: head, baseSha: base }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: {
      iterations: '5',
      'baseline-path': store,
      baseline: 'artifact',
      comment: 'never',
      'fail-on-regression': 'false',
    },
  });
  expect(r.code).toBe(0);
  expect(r.outputs.verdict).toBe('not-gated');
  const report = readFileSync(r.outputs.report!, 'utf8');
  expect(report).toContain(`Baseline: local baseline file, commit \`${base.slice(0, 12)}\``);
}, 300_000);

it('a stored baseline with no benchmark in common with head is no usable baseline: on-missing-baseline decides (here: fail)', async () => {
  const repo = makeRepo(3000);
  const base = repo.git('rev-parse', 'HEAD');
  repo.setUnits(3100);
  repo.commit('a little more work');
  const head = repo.git('rev-parse', 'HEAD');
  const other = resultsDoc(
    [
      {
        name: 'other',
        status: 'ok',
        backend: 'perf',
        threshold: {},
        metrics: { wall: { unit: 'ns', samples: [100, 101, 99] } },
      },
    ],
    { git: { sha: base, ref: 'refs/heads/main' } },
  );
  const pushRun = emu.addRun({
    headSha: base,
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    workflow: 'perf.yml',
    headBranch: 'main',
  });
  emu.addArtifact(pushRun.id, 'perfgate-baseline-perfgate', { 'results.json': JSON.stringify(other) });
  emu.addPull({ number: 24, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
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
    payload: pullRequestEvent(emu, { number: 24, headSha: head, baseSha: base }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { iterations: '5', baseline: 'artifact', 'on-missing-baseline': 'fail' },
  });
  expect(r.code).toBe(1);
  expect(r.outputs.verdict).toBe('no-baseline');
  expect(r.outputs.results).toMatch(/head\/results\.json$/);
  expect(r.stdout.replace(/%0A/g, '\n')).toMatch(
    /::error::no usable baseline: no benchmark in common: \S+downloaded-baseline\/results\.json has other; \S+head\/results\.json has work \(on-missing-baseline: fail\)/,
  );
  expect(emu.commentsOn(24)).toHaveLength(0);
}, 300_000);
