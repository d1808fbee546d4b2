/**
 * A cancelled pull-request job, as GitHub cancels it: a signal to the action (SIGINT first;
 * SIGTERM when the runner skips it), SIGKILL ~7.5 s later. The built dist/index.js against the
 * emulator, on a real git repository, with a benchmark that hangs and starts a setsid child.
 * Before: SIGTERM exited 143 at once and SIGINT 130, leaving the benchmark running, the
 * `perfgate-ab-*` worktrees and `perfgate-run-*` folders behind, no outputs, nothing uploaded,
 * and the previous green comment in place.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BOT_LOGIN, GitHubEmulator, WRITE_TOKEN } from '../github/emulator.js';
import { pullRequestEvent, pushEvent, runAction, type ActionRunResult } from '../github/runner.js';
import { makeRepo } from '../helpers/gitrepo.js';
import { marker } from '../../src/report/markdown.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';

/** GitHub's runner: SIGKILL this long after the first signal of a cancellation. */
const GITHUB_KILL_MS = 7_500;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function waitFor(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The pid a script wrote to `file`, once the whole line is there. */
const pidIn = (file: string): number | null => {
  const m = /^(\d+)\n/.exec(existsSync(file) ? readFileSync(file, 'utf8') : '');
  return m ? Number(m[1]) : null;
};

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

let emu: GitHubEmulator;
beforeAll(async () => {
  emu = await GitHubEmulator.start();
});
/** Benchmarks started here: a failing run must not leave them behind on a shared machine. */
const started: number[] = [];
afterAll(async () => {
  await emu.stop();
  for (const pid of started.filter(alive)) process.kill(pid, 'SIGKILL');
});

interface Hanging {
  repo: ReturnType<typeof makeRepo>;
  baseSha: string;
  headSha: string;
  tmp: string;
  /** Starts the action; resolves once the hanging benchmark and its setsid child run. */
  start(o: {
    eventName: 'pull_request' | 'push';
    payload: Record<string, unknown>;
    run: ReturnType<GitHubEmulator['addRun']>;
  }): Promise<{ child: ChildProcess; result: Promise<ActionRunResult>; pids: [number, number] }>;
}

/** A repository of two commits whose suite has a quick benchmark and then one that hangs. */
function hangingRepo(): Hanging {
  const pids = mkdtempSync(path.join(os.tmpdir(), 'pg-cancel-pids-'));
  const bench = path.join(pids, 'bench.sh');
  writeFileSync(
    bench,
    `#!/bin/sh\necho $$ > "${pids}/bench.pid"\nsetsid sh -c 'echo $$ > "${pids}/escaped.pid"; exec sleep 120' &\nexec sleep 120\n`,
  );
  chmodSync(bench, 0o755);
  const repo = makeRepo(2);
  writeFileSync(
    path.join(repo.dir, 'perfgate.yml'),
    `version: 1\ndefaults: { iterations: 3, warmup: 0, backend: time, timeout: 10m, profile: false }\nbenchmarks:\n  - name: quick\n    run: "true"\n  - name: hang\n    run: ${bench}\n`,
  );
  repo.git('add', '-A');
  repo.commit('suite');
  const baseSha = repo.git('rev-parse', 'HEAD');
  writeFileSync(path.join(repo.dir, 'README'), 'head\n');
  repo.git('add', '-A');
  repo.commit('head');
  const headSha = repo.git('rev-parse', 'HEAD');
  // A private TMPDIR shows whether the action left temporary folders or worktrees behind.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-cancel-tmp-'));
  return {
    repo,
    baseSha,
    headSha,
    tmp,
    start: async ({ eventName, payload, run }) => {
      let child: ChildProcess | undefined;
      const result = runAction({
        emulator: emu,
        run,
        eventName,
        payload,
        workspace: repo.dir,
        token: WRITE_TOKEN,
        env: { TMPDIR: tmp },
        onSpawn: (c) => (child = c),
      });
      await waitFor(
        () => pidIn(path.join(pids, 'bench.pid')) !== null && pidIn(path.join(pids, 'escaped.pid')) !== null,
        'the hanging benchmark to start',
      );
      const found = ['bench.pid', 'escaped.pid'].map((f) => pidIn(path.join(pids, f))) as [number, number];
      started.push(...found);
      return { child: child!, result, pids: found };
    },
  };
}

/** Signals as GitHub does, then SIGKILL if the action is still running after GitHub's grace. */
async function cancel(
  child: ChildProcess,
  result: Promise<ActionRunResult>,
  signals: NodeJS.Signals[],
): Promise<ActionRunResult> {
  for (const sig of signals) child.kill(sig);
  const killer = setTimeout(() => child.kill('SIGKILL'), GITHUB_KILL_MS);
  const r = await result;
  clearTimeout(killer);
  return r;
}

const worktrees = (dir: string): number =>
  execFileSync('git', ['-C', dir, 'worktree', 'list'], { encoding: 'utf8' }).trim().split('\n').length;

describe.each(['SIGTERM', 'SIGINT'] as const)('the job cancelled with %s first', (sig) => {
  it('kills the benchmark, removes worktrees and temporary folders, uploads the partial results, and turns the green comment into a cancelled one', async () => {
    const h = hangingRepo();
    const pr = sig === 'SIGTERM' ? 71 : 72;
    emu.addPull({ number: pr, head: { ref: 'feature', sha: h.headSha }, base: { ref: 'main', sha: h.baseSha } });
    const green = emu.addComment(pr, `${marker('perfgate')}\n### perfgate: ✅ no regression found\n`, {
      login: BOT_LOGIN,
    });
    const run = emu.addRun({
      headSha: h.headSha,
      event: 'pull_request',
      headBranch: 'feature',
      status: 'in_progress',
      workflow: 'perf.yml',
    });
    const { child, result, pids } = await h.start({
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: pr, headSha: h.headSha, baseSha: h.baseSha }),
      run,
    });
    expect(worktrees(h.repo.dir)).toBe(3);
    const r = await cancel(child, result, [sig]);

    expect({ code: r.code, verdict: r.outputs.verdict }).toEqual({ code: 1, verdict: 'cancelled' });
    expect(r.stdout).toContain(`::error::perfgate: cancelled (${sig}); not gated: hang`);
    expect(pids.map(alive)).toEqual([false, false]);
    expect(worktrees(h.repo.dir)).toBe(1);
    expect(readdirSync(h.tmp)).toEqual([]);

    // The partial results went up: quick measured to the end, hang not gated.
    const report = emu.artifactsOf(run.id).find((a) => a.name === 'perfgate-report-perfgate');
    expect(report).toBeDefined();
    const comparison = JSON.parse(emu.artifactFiles(report!.id)['comparison.json']!.toString('utf8')) as ComparisonDoc;
    expect(comparison.interrupted).toEqual(['hang']);
    expect(new Set(comparison.rows.map((row) => row.benchmark))).toEqual(new Set(['quick']));

    // The same sticky comment, now saying the run was cancelled and which rows are not gated.
    const comments = emu.commentsOn(pr);
    expect(comments.map((c) => c.id)).toEqual([green.id]);
    const body = comments[0]!.body;
    expect(body).not.toContain('no regression found');
    // Notices are escaped text: `\\(` is markdown's escaped parenthesis.
    expect(body).toContain(
      `⏹️ Cancelled \\(${sig}\\): the job was stopped while measuring; not gated: hang; the rows below were measured to the end before the signal.`,
    );
    expect(body).toContain('**Interrupted**: not measured to the end, so not gated: hang');
  });
});

it('a second signal right after the first: exit 130 at once, still nothing left running or behind', async () => {
  const h = hangingRepo();
  emu.addPull({ number: 73, head: { ref: 'feature', sha: h.headSha }, base: { ref: 'main', sha: h.baseSha } });
  const run = emu.addRun({
    headSha: h.headSha,
    event: 'pull_request',
    headBranch: 'feature',
    status: 'in_progress',
    workflow: 'perf.yml',
  });
  const { child, result, pids } = await h.start({
    eventName: 'pull_request',
    payload: pullRequestEvent(emu, { number: 73, headSha: h.headSha, baseSha: h.baseSha }),
    run,
  });
  const r = await cancel(child, result, ['SIGINT', 'SIGTERM']);
  expect(r.code).toBe(130);
  // Sent back to back, the two may be handled in either order.
  expect(r.stderr).toMatch(/SIG(INT|TERM) again: killing what runs, cleaning up, exiting/);
  await waitFor(() => !pids.some(alive), 'the benchmark and its setsid child to die', 5_000);
  expect(worktrees(h.repo.dir)).toBe(1);
  expect(readdirSync(h.tmp)).toEqual([]);
});

it('a cancelled push (mode baseline): the partial session is uploaded apart, never stored as the baseline', async () => {
  const h = hangingRepo();
  const run = emu.addRun({
    headSha: h.headSha,
    event: 'push',
    headBranch: 'main',
    status: 'in_progress',
    workflow: 'perf.yml',
  });
  const { child, result, pids } = await h.start({
    eventName: 'push',
    payload: pushEvent(emu, { sha: h.headSha }),
    run,
  });
  const r = await cancel(child, result, ['SIGTERM']);
  expect({ code: r.code, verdict: r.outputs.verdict }).toEqual({ code: 1, verdict: 'cancelled' });
  expect(r.stdout).toContain('::error::perfgate: cancelled (SIGTERM): the partial session is not stored as a baseline');
  expect(pids.map(alive)).toEqual([false, false]);
  expect(readdirSync(h.tmp)).toEqual([]);
  expect(emu.artifactsOf(run.id).map((a) => a.name)).toEqual(['perfgate-baseline-perfgate-cancelled']);
  const [artifact] = emu.artifactsOf(run.id);
  const doc = JSON.parse(emu.artifactFiles(artifact!.id)['results.json']!.toString('utf8')) as ResultsDoc;
  expect(doc.benchmarks.map((b) => [b.name, b.status])).toEqual([
    ['quick', 'ok'],
    ['hang', 'skipped'],
  ]);
});

it('cancelled during setup: the setup is killed, worktrees removed, and the green comment says cancelled, nothing gated', async () => {
  const pids = mkdtempSync(path.join(os.tmpdir(), 'pg-cancel-pids-'));
  const repo = makeRepo(2);
  const suite = path.join(repo.dir, 'perfgate.yml');
  // (A function, not a string: in a replacement string `$$` would be one `$`.)
  writeFileSync(
    suite,
    readFileSync(suite, 'utf8').replace(/^setup: .*$/m, () => `setup: echo $$ > "${pids}/setup.pid"; exec sleep 120`),
  );
  repo.commit('slow setup');
  const baseSha = repo.git('rev-parse', 'HEAD');
  writeFileSync(path.join(repo.dir, 'README'), 'head\n');
  repo.git('add', '-A');
  repo.commit('head');
  const headSha = repo.git('rev-parse', 'HEAD');
  emu.addPull({ number: 74, head: { ref: 'feature', sha: headSha }, base: { ref: 'main', sha: baseSha } });
  const green = emu.addComment(74, `${marker('perfgate')}\n### perfgate: ✅ no regression found\n`, {
    login: BOT_LOGIN,
  });
  const run = emu.addRun({
    headSha,
    event: 'pull_request',
    headBranch: 'feature',
    status: 'in_progress',
    workflow: 'perf.yml',
  });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-cancel-tmp-'));
  let child: ChildProcess | undefined;
  const result = runAction({
    emulator: emu,
    run,
    eventName: 'pull_request',
    payload: pullRequestEvent(emu, { number: 74, headSha, baseSha }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    env: { TMPDIR: tmp },
    onSpawn: (c) => (child = c),
  });
  await waitFor(() => pidIn(path.join(pids, 'setup.pid')) !== null, 'setup to start');
  const setupPid = pidIn(path.join(pids, 'setup.pid')) as number;
  expect(alive(setupPid)).toBe(true);
  started.push(setupPid);
  const r = await cancel(child!, result, ['SIGTERM']);
  // Interrupted before there was a result: 130, as the command line exits.
  expect(r.code).toBe(130);
  expect(r.stdout).toContain('::error::setup (base) interrupted and killed: nothing measured');
  expect(alive(setupPid)).toBe(false);
  expect(worktrees(repo.dir)).toBe(1);
  expect(readdirSync(tmp)).toEqual([]);
  const comments = emu.commentsOn(74);
  expect(comments.map((c) => c.id)).toEqual([green.id]);
  expect(comments[0]!.body).toContain('## perfgate: ⏹️ cancelled, nothing gated');
  expect(comments[0]!.body).toContain(
    'Cancelled \\(SIGTERM\\) before anything was compared: setup \\(base\\) interrupted and killed: nothing measured',
  );
});
