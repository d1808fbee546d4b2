/**
 * Ways around the pull-request gate (issue 17), each closed: a workspace left at the base
 * commit, a baseline-path that switched the default to a non-gating stored baseline, an
 * explicit `baseline: artifact` that read as a pass, a suite's max-iterations the action
 * ignored, and an event payload that is not the event's. The built dist/index.js against the
 * GitHub emulator, on real git repositories, measuring with perf.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { GitHubEmulator, WRITE_TOKEN } from '../github/emulator.js';
import { mergeGroupEvent, pullRequestEvent, pushEvent, runAction } from '../github/runner.js';
import { makeRepo } from '../helpers/gitrepo.js';

let emu: GitHubEmulator;
beforeAll(async () => {
  emu = await GitHubEmulator.start();
});
afterAll(async () => {
  await emu.stop();
});

const readComparison = (file: string): ComparisonDoc => JSON.parse(readFileSync(file, 'utf8')) as ComparisonDoc;
const unescape = (s: string): string => s.replace(/%0A/g, '\n').replace(/%25/g, '%');

/**
 * A repository whose head does 50% more work than its base, with a suite of `iterations`
 * pairs; setup leaves a marker outside the workspace, so a refused run can be seen to have run
 * nothing.
 */
function slowerHead(suite: string): { repo: ReturnType<typeof makeRepo>; base: string; head: string; marker: string } {
  const repo = makeRepo(20000);
  const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-marker-')), 'setup-ran');
  writeFileSync(
    path.join(repo.dir, 'perfgate.yml'),
    `version: 1\nsetup: touch ${marker} && mkdir -p bin && cc -O2 -o bin/w w.c\n${suite}benchmarks:\n  - name: work\n    run: ./bin/w\n`,
  );
  repo.git('add', '-A');
  repo.commit('suite');
  const base = repo.git('rev-parse', 'HEAD');
  repo.setUnits(30000);
  repo.commit('50% more work');
  const head = repo.git('rev-parse', 'HEAD');
  return { repo, base, head, marker };
}

const FIXED_10 = 'defaults: { iterations: 10, max-iterations: 10, warmup: 1, profile: false }\n';

describe('the workspace must hold the commit the event asks to measure', () => {
  it('a pull request whose workspace is left at the base commit is refused with exit 2, naming both commits and the checkout fix; nothing runs', async () => {
    const { repo, base, head, marker } = slowerHead(FIXED_10);
    repo.git('checkout', '-q', '--detach', base);
    emu.addPull({ number: 171, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
    const payload = pullRequestEvent(emu, { number: 171, headSha: head, baseSha: base });
    // pull_request: GITHUB_SHA is the merge commit; the workspace is at neither it nor the head.
    const pr = await runAction({
      emulator: emu,
      run: emu.addRun({ headSha: 'f'.repeat(40), event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' }),
      eventName: 'pull_request',
      payload,
      workspace: repo.dir,
      token: WRITE_TOKEN,
    });
    expect(pr.code).toBe(2);
    const message = unescape(pr.stdout);
    expect(message).toContain(
      `::error::the workspace ${repo.dir} is checked out at ${base}, the base commit: measuring it would compare the base with itself`,
    );
    expect(message).toContain(`the head of pull request #171 (pull_request.head.sha) ${head}`);
    expect(message).toContain(`its merge commit (GITHUB_SHA) ${'f'.repeat(40)}`);
    expect(message).toContain(
      'use actions/checkout with its default ref (the merge commit refs/pull/171/merge) or with ref: ${{ github.event.pull_request.head.sha }}',
    );
    expect(message).toContain('fetch-depth: 0');
    expect(pr.outputs.verdict).toBeUndefined();
    // pull_request_target: GITHUB_SHA is the base branch's tip, which must not count as the head.
    const target = await runAction({
      emulator: emu,
      run: emu.addRun({ headSha: base, event: 'pull_request_target', status: 'in_progress', workflow: 'perf.yml' }),
      eventName: 'pull_request_target',
      payload,
      workspace: repo.dir,
      token: WRITE_TOKEN,
    });
    expect(target.code).toBe(2);
    expect(unescape(target.stdout)).toContain(`is checked out at ${base}, the base commit`);
    expect(unescape(target.stdout)).toContain(
      'use actions/checkout with ref: ${{ github.event.pull_request.head.sha }} (on pull_request_target its default is the base branch)',
    );
    // merge_group: the queue's head commit.
    const queue = await runAction({
      emulator: emu,
      run: emu.addRun({ headSha: head, event: 'merge_group', status: 'in_progress', workflow: 'perf.yml' }),
      eventName: 'merge_group',
      payload: mergeGroupEvent(emu, { headSha: head, baseSha: base, prNumber: 171 }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
    });
    expect(queue.code).toBe(2);
    expect(unescape(queue.stdout)).toContain(`is checked out at ${base}, the base commit`);
    expect(unescape(queue.stdout)).toContain(`the merge-queue head (merge_group.head_sha) ${head}`);
    expect(existsSync(marker)).toBe(false);
    expect(emu.commentsOn(171)).toHaveLength(0);
  }, 120_000);

  it("the pull request's merge commit (actions/checkout's default) is measured against the base, and the slower head fails the gate", async () => {
    const { repo, base, head, marker } = slowerHead(FIXED_10);
    // refs/pull/N/merge: the head merged into the base, what GITHUB_SHA names on pull_request.
    repo.git('checkout', '-q', '--detach', base);
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge head into base', head);
    const merge = repo.git('rev-parse', 'HEAD');
    emu.addPull({ number: 172, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
    const run = emu.addRun({ headSha: merge, event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 172, headSha: head, baseSha: base }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { comment: 'never' },
    });
    expect(r.stdout).not.toMatch(/::error::(?!perfgate: )/);
    const c = readComparison(r.outputs.comparison!);
    expect(c.design).toBe('paired');
    expect(c.base.git.sha).toBe(base);
    expect(c.head.git.sha).toBe(merge);
    const row = c.rows.find((x) => x.metric === 'task-clock')!;
    expect({ verdict: row.verdict, change: row.change, ci: row.ci }).toMatchObject({ verdict: 'regression' });
    expect(r.code).toBe(1);
    expect(existsSync(marker)).toBe(true);
  }, 300_000);

  it('a push payload under GITHUB_EVENT_NAME=pull_request is refused naming the event file and what it lacks', async () => {
    const { repo, head, marker } = slowerHead(FIXED_10);
    const r = await runAction({
      emulator: emu,
      run: emu.addRun({ headSha: head, event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' }),
      eventName: 'pull_request',
      payload: pushEvent(emu, { sha: head }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
    });
    expect(r.code).toBe(2);
    expect(unescape(r.stdout)).toContain(
      `::error::the event payload ${r.eventPath} has no pull_request object, though GITHUB_EVENT_NAME is pull_request: it holds the keys "ref", "before", "after"`,
    );
    expect(unescape(r.stdout)).toContain(
      'expected pull_request: an object with number, base.ref, base.sha and head.sha',
    );
    expect(r.stdout).not.toContain('this is pull_request');
    expect(existsSync(marker)).toBe(false);
  }, 120_000);
});

describe('a stored baseline never turns the gate off silently', () => {
  it('with baseline-path set, a pull request is still paired in the job and a 50% slower head fails; an explicit baseline: artifact says loudly that nothing was gated', async () => {
    const { repo, base, head } = slowerHead(FIXED_10);
    const store = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-store-')), 'baseline');
    // A persistent self-hosted runner: the push run stores its baseline on disk.
    repo.git('checkout', '-q', '--detach', base);
    const push = await runAction({
      emulator: emu,
      run: emu.addRun({
        headSha: base,
        event: 'push',
        headBranch: 'main',
        status: 'in_progress',
        workflow: 'perf.yml',
      }),
      eventName: 'push',
      payload: pushEvent(emu, { sha: base }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { 'baseline-path': store, history: 'false' },
    });
    expect(push.code).toBe(0);
    expect(existsSync(path.join(store, 'results.json'))).toBe(true);

    repo.git('checkout', '-q', '--detach', head);
    emu.addPull({ number: 173, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
    const payload = pullRequestEvent(emu, { number: 173, headSha: head, baseSha: base });
    const pr = await runAction({
      emulator: emu,
      run: emu.addRun({ headSha: head, event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' }),
      eventName: 'pull_request',
      payload,
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { 'baseline-path': store },
    });
    const c = readComparison(pr.outputs.comparison!);
    expect(c.design).toBe('paired');
    expect(c.baseline.source).toBe('same-job');
    const row = c.rows.find((x) => x.metric === 'task-clock')!;
    expect({ verdict: row.verdict, change: row.change, ci: row.ci }).toMatchObject({ verdict: 'regression' });
    expect(pr.outputs.verdict).toBe('regression');
    expect(pr.code).toBe(1);

    // Asked for explicitly: one stored session cannot gate, and every channel says so (the
    // comment too, though nothing regressed and comment is on-change).
    emu.addPull({ number: 175, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
    const art = await runAction({
      emulator: emu,
      run: emu.addRun({ headSha: head, event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' }),
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 175, headSha: head, baseSha: base }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { 'baseline-path': store, baseline: 'artifact', comment: 'on-change' },
    });
    expect(art.code).toBe(0);
    expect(art.outputs.verdict).toBe('not-gated');
    expect(unescape(art.stdout)).toMatch(
      /::warning::NOT GATED: one baseline session from another run: the drift between sessions cannot be estimated, so no row is gated; a regression of any size would pass/,
    );
    expect(emu.commentsOn(175)).toHaveLength(1);
    const body = emu.commentsOn(175)[0]!.body;
    expect(body).toContain('## perfgate: ⚠️ not gated');
    expect(body).toContain('> **Not gated**: one baseline session from another run');
    expect(body).not.toContain('no regression');
    expect(art.summary).toContain('## perfgate: ⚠️ not gated');
  }, 600_000);
});

describe("the suite's max-iterations", () => {
  it('is honoured by the action when it equals iterations (a fixed N), and the comment says what was used', async () => {
    const { repo, base, head } = slowerHead(
      'defaults: { iterations: 3, max-iterations: 3, warmup: 0, profile: false }\n',
    );
    repo.git('checkout', '-q', '--detach', head);
    emu.addPull({ number: 174, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
    const r = await runAction({
      emulator: emu,
      run: emu.addRun({ headSha: head, event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' }),
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 174, headSha: head, baseSha: base }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
    });
    const c = readComparison(r.outputs.comparison!);
    expect(c.sequential.looks).toBe(1);
    for (const row of c.rows)
      expect(row.sampling).toEqual({
        pairs: 3,
        looks: 1,
        stop: 'fixed',
        max: 3,
        maxFrom: 'suite',
        pairing: 'sequential',
        design: 'pocock',
      });
    expect(emu.commentsOn(174)[0]!.body).toContain("Sampling: 3 pair(s) of at most 3 (the suite's max-iterations).");
    // The input overrides the suite, and the comment says so.
    const o = await runAction({
      emulator: emu,
      run: emu.addRun({ headSha: head, event: 'pull_request', status: 'in_progress', workflow: 'perf.yml' }),
      eventName: 'pull_request',
      payload: pullRequestEvent(emu, { number: 174, headSha: head, baseSha: base }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { 'max-iterations': '4' },
    });
    const oc = readComparison(o.outputs.comparison!);
    for (const row of oc.rows) expect(row.sampling).toMatchObject({ max: 4, maxFrom: 'run' });
    expect(emu.commentsOn(174)[0]!.body).toMatch(
      /Sampling: [34] pair\(s\) of at most 4 \(max-iterations set for this run\)\./,
    );
  }, 300_000);
});
