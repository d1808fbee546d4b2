/**
 * The action and the history: baseline runs on the default branch append to it and open one
 * alert issue per suite for a new step; a pull request's comment gets the trend of each changed
 * benchmark. dist/index.js against the emulator, with a directory history seeded with a step.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyFilePath, serializeHistory, type HistoryRecord } from '../../src/results/history-record.js';
import { GitHubEmulator, WRITE_TOKEN } from '../github/emulator.js';
import { pullRequestEvent, pushEvent, runAction } from '../github/runner.js';
import { makeRepo } from '../helpers/gitrepo.js';
import { demoCommit, demoDate, demoHistory } from '../helpers/history.js';
import { createRng } from '../../src/stats/rng.js';

let emu: GitHubEmulator;
beforeAll(async () => {
  emu = await GitHubEmulator.start();
});
afterAll(async () => {
  await emu.stop();
});

function seed(dir: string, records: HistoryRecord[]): void {
  const byFile = new Map<string, HistoryRecord[]>();
  for (const r of records)
    byFile.set(historyFilePath(r.suite, r.date), [...(byFile.get(historyFilePath(r.suite, r.date)) ?? []), r]);
  for (const [file, recs] of byFile) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), serializeHistory(recs));
  }
}

it('a baseline run on main opens one alert issue for a step in the history, and the next run does not open another', async () => {
  const history = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-alert-')), 'history');
  // 40 nights of the demo suite with cache/random's wall 8% slower from night 25 on.
  seed(history, demoHistory({ suite: 'perfgate' }));
  const repo = makeRepo(500);
  const sha = repo.git('rev-parse', 'HEAD');
  // With confirmation on (the default), the step's commits (seeded, in no repository) cannot be
  // measured as pairs: no alert, and the summary says why. The nightly-confirm test measures real ones.
  const unconfirmed = await runAction({
    emulator: emu,
    run: emu.addRun({ headSha: sha, event: 'push', status: 'in_progress', workflow: 'perf.yml', headBranch: 'main' }),
    eventName: 'push',
    payload: pushEvent(emu, { sha }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { iterations: '3', 'history-path': history },
  });
  expect(unconfirmed.stdout.match(/::error::.*/g) ?? []).toEqual([]);
  expect(unconfirmed.summary).toMatch(
    /\*\*cache\/random\*\* wall: the step in `[0-9a-f]{7}…[0-9a-f]{7}` could not be measured as pairs \(.*\); not alerted, tried again on the next run\./,
  );
  expect(unconfirmed.summary).not.toContain('Alert issue:');
  expect(emu.issuesList()).toHaveLength(0);
  // confirm-steps: false alerts the history's steps as found.
  for (const attempt of [1, 2]) {
    const run = emu.addRun({
      headSha: sha,
      event: 'push',
      status: 'in_progress',
      workflow: 'perf.yml',
      headBranch: 'main',
    });
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'push',
      payload: pushEvent(emu, { sha }),
      workspace: repo.dir,
      token: WRITE_TOKEN,
      inputs: { iterations: '3', 'history-path': history, 'confirm-steps': 'false' },
    });
    expect({ attempt, errors: r.stdout.match(/::error::.*/g) ?? [] }).toEqual({ attempt, errors: [] });
    expect(r.summary).toContain('History: ');
    expect(r.summary).toMatch(/Alert issue: \[#\d+\]/);
  }
  const issues = emu.issuesList();
  expect(issues).toHaveLength(1);
  expect(issues[0]!.body).toContain('cache/random');
  expect(issues[0]!.state).toBe('open');
}, 600_000);

it('a throughput that dropped on main (records without a direction, then the action appends one with it) opens the alert issue', async () => {
  const history = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-thrpt-')), 'history');
  // 40 nights of tput/parse ops/s as a perfgate without the direction field wrote them: 50k, 40k from night 25.
  const rng = createRng(5);
  const old: HistoryRecord[] = Array.from({ length: 40 }, (_, night) => {
    const median = Math.round(50_000 * (night >= 25 ? 0.8 : 1) * (1 + 0.01 * rng.normal()));
    return {
      v: 1,
      suite: 'perfgate',
      benchmark: 'tput/parse',
      metric: 'ops',
      unit: 'ops/s',
      commit: demoCommit(night),
      ref: 'refs/heads/main',
      date: demoDate(night),
      fingerprint: '3f2a9c01b7de',
      backend: 'time',
      n: 3,
      median,
      q1: median,
      q3: median,
      min: median,
      max: median,
      mean: median,
      sd: 0,
      threshold: 0.05,
      suiteHash: 'ab12cd34ef56',
    };
  });
  seed(history, old);
  // The json harness reports ops/s, higher is better, still at the dropped level.
  const repo = makeRepo(
    50,
    '  - name: tput\n    run: echo \'{"name":"parse","metric":"ops","unit":"ops/s","value":40000,"direction":"higher"}\'\n    format: json\n    threshold: { ops: 5% }\n',
  );
  const sha = repo.git('rev-parse', 'HEAD');
  const run = emu.addRun({
    headSha: sha,
    event: 'push',
    status: 'in_progress',
    workflow: 'perf.yml',
    headBranch: 'main',
  });
  const r = await runAction({
    emulator: emu,
    run,
    eventName: 'push',
    payload: pushEvent(emu, { sha }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { iterations: '3', 'history-path': history, 'confirm-steps': 'false' },
  });
  expect(r.stdout.match(/::error::.*/g) ?? []).toEqual([]);
  // The action's append kept the direction.
  const month = readdirSync(path.join(history, 'perfgate')).sort().pop()!;
  const appended = readFileSync(path.join(history, 'perfgate', month), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as HistoryRecord)
    .filter((x) => x.commit === sha);
  expect(appended.find((x) => x.benchmark === 'tput/parse')).toMatchObject({
    metric: 'ops',
    unit: 'ops/s',
    direction: 'higher',
    median: 40_000,
  });
  expect(appended.find((x) => x.benchmark === 'work')?.direction).toBeUndefined();
  // The drop is an open regression: the issue names it, in the metric's own terms.
  expect(r.summary).toMatch(/Alert issue: \[#\d+\]/);
  const issue = emu.issuesList().find((i) => i.title === 'perfgate: performance regression on main (perfgate)')!;
  expect(issue.state).toBe('open');
  expect((issue.body ?? '').split('### Open regressions')[1]).toMatch(
    /\| tput\/parse \| ops \(higher is better\) \| .* \| -\d+\.\d+%/,
  );
}, 600_000);

it('a pull request that changes a benchmark shows its trend on main in the comment', async () => {
  const history = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-trend-')), 'history');
  const repo = makeRepo(3000);
  const base = repo.git('rev-parse', 'HEAD');
  const push = emu.addRun({
    headSha: base,
    event: 'push',
    status: 'in_progress',
    workflow: 'perf.yml',
    headBranch: 'main',
  });
  const b = await runAction({
    emulator: emu,
    run: push,
    eventName: 'push',
    payload: pushEvent(emu, { sha: base }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { iterations: '5', 'history-path': history, alerts: 'false' },
  });
  expect(b.summary).toContain('History: ');
  repo.setUnits(4500);
  repo.commit('half as much work again');
  const head = repo.git('rev-parse', 'HEAD');
  emu.addPull({ number: 51, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
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
    payload: pullRequestEvent(emu, { number: 51, headSha: head, baseSha: base }),
    workspace: repo.dir,
    token: WRITE_TOKEN,
    inputs: { iterations: '8', 'max-iterations': '8', 'history-path': history },
  });
  expect(r.outputs.verdict).toBe('regression');
  const body = emu.commentsOn(51)[0]!.body;
  expect(body).toContain('### Trend on main');
  expect(body).toContain('```mermaid');
  expect(body).toContain('xychart-beta');
}, 600_000);
