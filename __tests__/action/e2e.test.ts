/**
 * The bundled action (dist/index.js) end to end, as a runner runs it, against the loopback
 * GitHub emulator: the real Octokit and @actions/artifact clients, real git, real perf. One
 * repository goes through the life of a project: a push stores a baseline, a pull request that
 * makes the benchmark slower gets one comment (updated, not duplicated, on the next run), a
 * merge queue run gates, a fork PR leaves its report for the workflow_run companion, and a
 * repository without any baseline falls back to measuring the base in the same job.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitHubEmulator, READ_ONLY_TOKEN, ROUTES, WRITE_TOKEN } from '../github/emulator.js';
import { mergeGroupEvent, pullRequestEvent, pushEvent, runAction } from '../github/runner.js';
import { makeRepo } from '../helpers/gitrepo.js';
import { benchmarkAnchor } from '../../src/report/benchmark-anchor.js';
import { marker } from '../../src/report/markdown.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { framesOf } from '../helpers/comparison.js';

let emu: GitHubEmulator;
let repo: ReturnType<typeof makeRepo>;
let baseSha: string;
let headSha: string;
const MARK = marker('perfgate');
const checkout = (sha: string): void => {
  execFileSync('git', ['-C', repo.dir, 'checkout', '-q', '--detach', sha]);
};

beforeAll(async () => {
  emu = await GitHubEmulator.start();
  repo = makeRepo(20000, '');
  // A benchmark that is 15% slower on the PR branch: plenty for an unpaired comparison.
  const suite = path.join(repo.dir, 'perfgate.yml');
  writeFileSync(
    suite,
    readFileSync(suite, 'utf8').replace(
      'iterations: 20, warmup: 2, cpus: "1"',
      'iterations: 15, warmup: 2, cpus: "1", profile: true',
    ),
  );
  repo.commit('profile the benchmark');
  baseSha = repo.git('rev-parse', 'HEAD');
  repo.setUnits(23000);
  repo.commit('15% more work');
  headSha = repo.git('rev-parse', 'HEAD');
}, 60_000);

afterAll(async () => {
  await emu.stop();
});

describe('the action on a project', () => {
  it('push: measures, uploads the baseline artifact and appends the history to the history ref', async () => {
    checkout(baseSha);
    const bare = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-data-')), 'origin.git');
    execFileSync('git', ['init', '-q', '--bare', bare]);
    const run = emu.addRun({
      headSha: baseSha,
      event: 'push',
      headBranch: 'main',
      status: 'in_progress',
      workflow: 'perf.yml',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'push',
      payload: pushEvent(emu, { sha: baseSha }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { 'history-remote': bare },
    });
    const month = new Date().toISOString().slice(0, 7);
    const lines = execFileSync('git', ['-C', bare, 'show', `refs/perfgate/history:perfgate/${month}.jsonl`], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    const records = lines.map(
      (l) =>
        JSON.parse(l) as {
          benchmark: string;
          metric: string;
          commit: string;
          runUrl: string;
          subject?: string;
          hostFailed?: string[];
        },
    );
    expect(records.find((x) => x.metric === 'task-clock')).toMatchObject({
      benchmark: 'work',
      commit: baseSha,
      runUrl: expect.stringContaining(`/actions/runs/${run.id}`),
      // The measured commit's subject, from the checked-out workspace.
      subject: 'profile the benchmark',
    });
    // The pre-flight ran: every record says which host checks failed (on this machine, whichever).
    expect(
      records.every((x) => Array.isArray(x.hostFailed) && x.hostFailed.every((id) => /^[a-z0-9-]+$/.test(id))),
    ).toBe(true);
    expect(r.summary).toContain('History: ');
    expect(r.stderr).not.toContain('::error');
    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe('baseline');
    expect(r.stdout).toContain('uploaded artifact perfgate-baseline-perfgate');
    emu.completeRun(run.id);
    const [artifact] = emu.artifactsOf(run.id);
    expect(artifact?.name).toBe('perfgate-baseline-perfgate');
    expect(r.summary).toMatch(/^### perfgate baseline run at `[0-9a-f]{7}`: 1 of 1 benchmarks measured/);
    expect(r.summary).toContain('Baseline stored as artifact `perfgate-baseline-perfgate`');
    // The token only ever appears in the mask command that tells the runner to hide it.
    expect(r.stdout.split('\n').filter((l) => l.includes(WRITE_TOKEN))).toEqual([`::add-mask::${WRITE_TOKEN}`]);
    expect(r.stderr).not.toContain(WRITE_TOKEN);
  });

  it('pull_request: with a baseline stored, still measures base and head paired in the job, comments, and fails the gate', async () => {
    checkout(headSha);
    emu.addPull({ number: 7, head: { ref: 'feature', sha: headSha }, base: { ref: 'main', sha: baseSha } });
    // The repository the comment images are pushed to, served by the emulator's raw links.
    const data = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-images-')), 'origin.git');
    execFileSync('git', ['init', '-q', '--bare', data]);
    emu.serveRaw(data);
    const run = emu.addRun({
      headSha,
      event: 'pull_request',
      headBranch: 'feature',
      status: 'in_progress',
      workflow: 'perf.yml',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 7, headSha, baseSha }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { 'dashboard-url': 'https://octo-org.github.io/perf-demo/', 'history-remote': data },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::perfgate: \d significant regression\(s\): work task-clock \+\d+\.\d+%25/);
    expect(r.outputs.verdict).toBe('regression');
    expect(Number(r.outputs.regressions)).toBeGreaterThanOrEqual(1);
    const comments = emu.commentsOn(7);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.startsWith(MARK)).toBe(true);
    // The answer first: the pull request's branch and commit (not refs/pull/7/merge) against main's.
    expect(body).toMatch(
      new RegExp(
        `^\\*\\*feature\\*\\* \\(\`${headSha.slice(0, 7)}\`\\) makes \\*\\*work\\*\\* [\\d.]+% slower in CPU time .*, compared with \\*\\*main\\*\\* \\(\`${baseSha.slice(0, 7)}\`\\)`,
        'm',
      ),
    );
    expect(body).toMatch(/\| 🔴 regression +\|/);
    // The benchmark links to its section of the dashboard.
    expect(body).toContain(
      `| [work](https://octo-org.github.io/perf-demo/#${benchmarkAnchor('perfgate', 'work')}) | task-clock |`,
    );
    expect(body).toContain('Baseline: base measured in this job, commit `' + baseSha.slice(0, 12) + '`');
    expect(body).toContain('paired design');
    // The report artifact is uploaded after the comment: the link scrolls the run page to its artifacts.
    const runPage = `https://github.com/${emu.fullName}/actions/runs/${run.id}`;
    expect(body).toContain(
      `[Workflow run](${runPage}); comparison.json and the interactive flame graphs are in the [report artifact](${runPage}#artifacts).`,
    );
    expect(body).toContain('baseline: same-job, the default');
    expect(body).toContain('### Why work is slower');
    // The image is on this month's images ref (no branch: no clone fetches it), linked by its commit.
    const refs = execFileSync('git', ['--git-dir', data, 'for-each-ref', '--format=%(refname) %(objectname)'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(refs).toEqual([expect.stringMatching(/^refs\/perfgate\/images\/\d{4}-\d{2} [0-9a-f]{40}$/)]);
    const imageCommit = refs[0]!.split(' ')[1]!;
    const file = `raw/${imageCommit}/images/perfgate/pr-7/${headSha.slice(0, 12)}/work.diff.svg`;
    expect(body).toContain(`![Differential flame graph of work](https://github.com/${emu.fullName}/${file})`);
    // The same path on the emulator (GITHUB_SERVER_URL is github.com in the runner's environment).
    const served = await fetch(`${emu.apiUrl}/${emu.fullName}/${file}`);
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(r.summary).toContain(MARK);
    const comparison = JSON.parse(readFileSync(r.outputs.comparison!, 'utf8')) as ComparisonDoc;
    expect(comparison.design).toBe('paired');
    expect(comparison.baseline.source).toBe('same-job');
    expect(framesOf(comparison, 'work')?.diff).toBe('flamegraphs/work.diff.svg');
    emu.completeRun(run.id, 'failure');
  });

  it('pull_request with baseline: artifact: compares with the stored session, reports the change, and does not gate on it', async () => {
    emu.addPull({ number: 9, head: { ref: 'feature', sha: headSha }, base: { ref: 'main', sha: baseSha } });
    const run = emu.addRun({
      headSha,
      event: 'pull_request',
      headBranch: 'feature',
      status: 'in_progress',
      workflow: 'perf.yml',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 9, headSha, baseSha }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { baseline: 'artifact' },
    });
    expect(r.stderr).not.toMatch(/::error/);
    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe('not-gated');
    expect(r.stdout).toMatch(/::warning::NOT GATED: one baseline session/);
    const comparison = JSON.parse(readFileSync(r.outputs.comparison!, 'utf8')) as ComparisonDoc;
    expect(comparison.design).toBe('unpaired');
    expect(comparison.baseline).toMatchObject({ source: 'artifact', sessions: 1 });
    const row = comparison.rows.find((x) => x.metric === 'task-clock')!;
    expect(row.verdict).toBe('inconclusive');
    expect(row.change).toBeGreaterThan(0.05);
    const body = emu.commentsOn(9)[0]!.body;
    expect(body).toContain('Baseline: stored baseline artifact, commit `' + baseSha.slice(0, 12) + '`');
    expect(body).toMatch(/rows are reported but not gated/);
    expect(body).toContain('## perfgate: ⚠️ not gated');
    expect(body).toMatch(/one baseline session cannot show how much results move between sessions/);
  });

  it('pull_request again: updates the same comment instead of adding one; the accept label passes the gate', async () => {
    emu.setLabels(7, ['perf-regression-accepted']);
    const run = emu.addRun({
      headSha,
      event: 'pull_request',
      headBranch: 'feature',
      status: 'in_progress',
      workflow: 'perf.yml',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 7, headSha, baseSha }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
    });
    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe('accepted');
    const comments = emu.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(
      'Regression accepted: the pull request has the label perf-regression-accepted; the gate passes.',
    );
    expect(emu.requestsTo(ROUTES.updateComment)).toHaveLength(1);
    emu.setLabels(7, []);
  });

  it('merge_group: gates against the base branch baseline, without commenting', async () => {
    const run = emu.addRun({
      headSha,
      event: 'merge_group',
      headBranch: 'gh-readonly-queue/main/pr-7',
      status: 'in_progress',
      workflow: 'perf.yml',
    });
    const before = emu.requestsTo(ROUTES.createComment).length;
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'merge_group',
      payload: mergeGroupEvent(emu, { headSha, baseSha, prNumber: 7 }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
    });
    expect(r.code).toBe(1);
    expect(r.outputs.verdict).toBe('regression');
    expect(emu.requestsTo(ROUTES.createComment)).toHaveLength(before);
    expect(r.summary).toMatch(/\| 🔴 regression +\|/);
  });

  it('fork pull request: no comment with the read-only token; the workflow_run companion posts the stored report', async () => {
    emu.addPull({ number: 8, head: { ref: 'patch-1', sha: headSha }, base: { ref: 'main', sha: baseSha } });
    const run = emu.addRun({
      headSha,
      event: 'pull_request',
      headBranch: 'patch-1',
      status: 'in_progress',
      workflow: 'perf.yml',
      headRepository: 'mallory/perf-demo',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 8, headSha, baseSha, fork: 'mallory/perf-demo' }),
      workspace: repo.dir,
      token: READ_ONLY_TOKEN,
      inputs: { 'fail-on-regression': 'false' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/::notice::not commenting \(.*fork.*\)/);
    expect(emu.commentsOn(8)).toHaveLength(0);
    expect(emu.artifactsOf(run.id).map((a) => a.name)).toContain('perfgate-report-perfgate');
    emu.completeRun(run.id);

    const companion = emu.addRun({
      headSha: baseSha,
      event: 'workflow_run',
      headBranch: 'main',
      status: 'in_progress',
      workflow: 'perf-comment.yml',
    });
    const payload = {
      action: 'completed',
      workflow_run: { id: run.id, event: 'pull_request', head_sha: headSha, pull_requests: [] },
      repository: { full_name: emu.fullName },
    };
    const c = await runAction({
      emulator: emu,
      run: companion,
      eventName: 'workflow_run',
      payload,
      workspace: repo.dir,
      token: WRITE_TOKEN,
    });
    expect(c.stderr).not.toContain('::error');
    expect(c.code).toBe(0);
    expect(c.outputs.verdict).toBe('commented');
    const comments = emu.commentsOn(8);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(MARK)).toBe(true);
    expect(comments[0]!.body).toMatch(/\| 🔴 regression +\|/);
  });

  it('refuses to run fork code on a self-hosted runner unless allowed', async () => {
    const run = emu.addRun({
      headSha,
      event: 'pull_request',
      headBranch: 'patch-1',
      status: 'in_progress',
      workflow: 'perf.yml',
      headRepository: 'mallory/perf-demo',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 8, headSha, baseSha, fork: 'mallory/perf-demo' }),
      workspace: repo.dir,
      token: READ_ONLY_TOKEN,
      env: { RUNNER_ENVIRONMENT: 'self-hosted' },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('::error::refusing to run code from a fork on a self-hosted runner');
    expect(r.stderr).not.toContain('setup');
  });
});

describe('the action without a baseline', () => {
  it('falls back to measuring the base commit in the same job, and says so', async () => {
    const fresh = await GitHubEmulator.start();
    try {
      checkout(headSha);
      fresh.addPull({ number: 3, head: { ref: 'feature', sha: headSha }, base: { ref: 'main', sha: baseSha } });
      const run = fresh.addRun({
        headSha,
        event: 'pull_request',
        headBranch: 'feature',
        status: 'in_progress',
        workflow: 'perf.yml',
      });
      const r = await runAction({
        emulator: fresh,
        run,
        eventName: 'pull_request',
        payload: pullRequestEvent(fresh, { number: 3, headSha, baseSha }),
        workspace: repo.dir,
        token: WRITE_TOKEN,
        inputs: { baseline: 'artifact' },
      });
      expect(r.stdout).toMatch(/::warning::no successful .*measuring the base commit in this job/i);
      expect(r.code).toBe(1);
      expect(r.outputs.verdict).toBe('regression');
      // Notices are escaped like everything else that may carry outside text.
      const body = fresh.commentsOn(3)[0]!.body.replace(/\\([()[\]])/g, '$1');
      expect(body).toContain(`measured the base commit ${baseSha.slice(0, 12)} in this job instead (paired)`);
      expect(body).toContain('Baseline: base measured in this job');
      expect(body).toContain('paired design');
    } finally {
      await fresh.stop();
    }
  });

  it('on-missing-baseline: skip passes loudly; fail fails', async () => {
    const fresh = await GitHubEmulator.start();
    try {
      fresh.addPull({ number: 4, head: { ref: 'feature', sha: headSha }, base: { ref: 'main', sha: baseSha } });
      const payload = pullRequestEvent(fresh, { number: 4, headSha, baseSha });
      const skip = await runAction({
        emulator: fresh,
        run: fresh.addRun({ headSha, event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' }),
        eventName: 'pull_request',
        payload,
        workspace: repo.dir,
        token: WRITE_TOKEN,
        inputs: { baseline: 'artifact', 'on-missing-baseline': 'skip', iterations: '3' },
      });
      expect(skip.code).toBe(0);
      expect(skip.outputs.verdict).toBe('no-baseline');
      expect(skip.stdout).toMatch(/::warning::NOT GATED: no usable baseline/);
      const fail = await runAction({
        emulator: fresh,
        run: fresh.addRun({ headSha, event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' }),
        eventName: 'pull_request',
        payload,
        workspace: repo.dir,
        token: WRITE_TOKEN,
        inputs: { baseline: 'artifact', 'on-missing-baseline': 'fail', iterations: '3' },
      });
      expect(fail.code).toBe(1);
      expect(fail.stdout).toMatch(/::error::no usable baseline: .*\(on-missing-baseline: fail\)/);
    } finally {
      await fresh.stop();
    }
  });
});
