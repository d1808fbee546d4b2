/**
 * Confirmation before alerting, end to end (issue 22, second acceptance test): a history with one
 * step that is host drift only (the same code measured in a slower session) and one real code
 * step (a commit that doubles the work, two commits after a notes-only one). One baseline run of
 * dist/index.js on main, in a shallow clone (fetch-depth 1) of a real bare origin, against the
 * emulator, with the history on its ref in another bare repository: the paired runs
 * fetch the commits, reject the drift and bisect the real step to its commit; the alert issue
 * (opened earlier, unconfirmed, listing both) names that commit and drops the drift with the
 * reason; the history ref and the dashboard keep both conclusions; the next run measures
 * nothing again and writes nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitHistoryStore } from '../../src/store/history-git.js';
import { GitHubEmulator, WRITE_TOKEN } from '../github/emulator.js';
import { pushEvent, runAction } from '../github/runner.js';
import { makeRepo } from '../helpers/gitrepo.js';
import { perfgate } from '../helpers/cli.js';
import type { DashboardData } from '../../src/report/dashboard.js';
import { createRng } from '../../src/stats/rng.js';

let emu: GitHubEmulator;
beforeAll(async () => {
  emu = await GitHubEmulator.start();
});
afterAll(async () => {
  await emu.stop();
});

it('the nightly path alerts the real step with its culprit commit and not the drift, and stores both conclusions', async () => {
  // `work` is the knob; `tiny` is what the nightly run itself measures (filter), so the night's
  // own point does not land in work's seeded series.
  const repo = makeRepo(1500, '  - name: tiny\n    run: "true"\n');
  const git = (...args: string[]): string => repo.git(...args);
  const c0 = git('rev-parse', 'HEAD');
  const note = (text: string, msg: string): string => {
    writeFileSync(path.join(repo.dir, 'NOTES'), text);
    git('add', 'NOTES');
    git('commit', '-qm', msg);
    return git('rev-parse', 'HEAD');
  };
  const c1 = note('one\n', 'chore: notes');
  note('two\n', 'docs: more notes');
  repo.setUnits(3000);
  repo.commit('hash: twice the rounds');
  const c3 = git('rev-parse', 'HEAD');
  const c4 = note('three\n', 'docs: notes after');
  // origin: a bare repository; the workspace: a clone of main's tip alone, as actions/checkout makes.
  const root = mkdtempSync(path.join(os.tmpdir(), 'pg-nightly-'));
  const origin = path.join(root, 'origin.git');
  execFileSync('git', ['clone', '-q', '--bare', repo.dir, origin]);
  execFileSync('git', ['-C', origin, 'branch', '-f', 'main', c4]);
  const ws = path.join(root, 'ws');
  execFileSync('git', ['clone', '-q', '--depth=1', '--branch=main', `file://${origin}`, ws]);
  expect(() => execFileSync('git', ['-C', ws, 'cat-file', '-e', `${c1}^{commit}`], { stdio: 'ignore' })).toThrow();

  // 30 nights of work's task-clock: c0 at 5 ms; c1 (notes only) recorded 15% slower (a slower
  // session: drift); c3 (twice the rounds) at twice the level.
  const rng = createRng(7);
  const nights: [string, number][] = [
    ...Array.from({ length: 10 }, (): [string, number] => [c0, 5]),
    ...Array.from({ length: 10 }, (): [string, number] => [c1, 5.75]),
    ...Array.from({ length: 10 }, (): [string, number] => [c3, 10]),
  ];
  const start = Date.now() - 31 * 86_400_000;
  // The history on its ref (refs/perfgate/history), in a bare repository of its own (history-remote).
  const dataRemote = path.join(root, 'data.git');
  execFileSync('git', ['init', '-q', '--bare', dataRemote]);
  const store = gitHistoryStore({ remote: dataRemote });
  await store.append(
    nights.map(([commit, level], night) => {
      const median = Number((level * (1 + 0.004 * rng.normal())).toPrecision(6));
      return {
        v: 1,
        suite: 'perfgate',
        benchmark: 'work',
        metric: 'task-clock',
        unit: 'ms',
        commit,
        ref: 'refs/heads/main',
        date: new Date(start + night * 86_400_000).toISOString(),
        runUrl: `https://github.com/${emu.fullName}/actions/runs/${700 + night}`,
        fingerprint: '3f2a9c01b7de',
        backend: 'perf',
        n: 20,
        median,
        q1: median * 0.99,
        q3: median * 1.01,
        min: median * 0.98,
        max: median * 1.03,
        mean: median,
        sd: median * 0.01,
        threshold: 0.02,
        suiteHash: 'ab12cd34ef56',
      };
    }),
  );

  const inputs = {
    iterations: '6',
    'max-iterations': '6',
    filter: '^tiny$',
    'history-remote': dataRemote,
    'flamegraph-images': 'false',
    'time-budget': '10m',
  };
  let lastRun: { id: number } | null = null;
  const night = async (extra: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof runAction>>> => {
    const run = emu.addRun({
      headSha: c4,
      event: 'schedule',
      status: 'in_progress',
      workflow: 'perf.yml',
      headBranch: 'main',
    });
    lastRun = run;
    const r = await runAction({
      emulator: emu,
      run,
      eventName: 'schedule',
      payload: { ...pushEvent(emu, { sha: c4 }), schedule: '17 3 * * *' },
      ref: 'refs/heads/main',
      workspace: ws,
      token: WRITE_TOKEN,
      inputs: { ...inputs, ...extra },
    });
    expect(r.stdout.match(/::error::.*/g) ?? []).toEqual([]);
    return r;
  };

  // An issue opened before confirmation existed (confirm-steps: false) lists both steps as found.
  await night({ 'confirm-steps': 'false' });
  expect(emu.issuesList().map((i) => (i.body ?? '').match(/\| work \| task-clock \|/g)?.length)).toEqual([2]);

  const r = await night();
  // The paired runs fetched what the shallow clone lacked, rejected the drift and found the culprit.
  const stored = await store.readConfirmations!('perfgate');
  expect(stored.problems).toEqual([]);
  const drift = stored.records.find((x) => x.bad === c1);
  const real = stored.records.find((x) => x.bad === c3);
  expect(drift).toMatchObject({ good: c0, outcome: 'rejected', benchmark: 'work', metric: 'task-clock' });
  expect(real).toMatchObject({
    good: c1,
    outcome: 'confirmed',
    culprit: { commit: c3, subject: 'hash: twice the rounds' },
  });
  expect(real!.culprit!.change!).toBeGreaterThan(0.5);
  expect(stored.records).toHaveLength(2);
  // The job summary says which step was drift and which commit did it.
  expect(r.summary).toContain('Steps in the history, measured as pairs');
  expect(r.summary).toMatch(
    new RegExp(`\`${c0.slice(0, 7)}…${c1.slice(0, 7)}\` is drift \\(not confirmed by a paired run`),
  );
  expect(r.summary).toMatch(new RegExp(`is confirmed .*culprit \\[\`${c3.slice(0, 7)}\`\\]`));
  // Every A/B of the bisection is kept as an artifact of the run.
  expect(r.summary).toContain(
    "The paired runs (each A/B's comparison.json and flame graphs) are artifact `perfgate-baseline-perfgate-confirm`",
  );
  const confirmArtifact = emu.artifactsOf(lastRun!.id).find((a) => a.name === 'perfgate-baseline-perfgate-confirm')!;
  expect(Object.keys(emu.artifactFiles(confirmArtifact.id))).toEqual(
    expect.arrayContaining(['0/bisect.json', '1/bisect.json', expect.stringMatching(/^0\/ab-\d+\/comparison\.json$/)]),
  );
  // One alert issue: the real step, by its culprit and interval; nothing about the drift.
  const issues = emu.issuesList();
  expect(issues).toHaveLength(1);
  const body = issues[0]!.body ?? '';
  expect(issues[0]!.state).toBe('open');
  const open = body.split('### Open regressions')[1] ?? '';
  expect(open).toMatch(
    new RegExp(
      `culprit \\[\`${c3.slice(0, 7)}\`\\]\\(https://github.com/${emu.fullName}/commit/${c3}\\) “hash: twice the rounds”, \\+\\d+\\.\\d+% \\[\\+\\d+\\.\\d+%, \\+\\d+\\.\\d+%\\] against its parent`,
    ),
  );
  expect(body).not.toContain(c1.slice(0, 7) + '`](');
  expect(body.match(/\| work \| task-clock \|/g)).toHaveLength(1);
  // The drift step the issue listed left it, with the reason, in one comment.
  expect(emu.commentsOn(issues[0]!.number).map((c) => c.body)).toEqual([
    expect.stringMatching(
      new RegExp(
        `- work task-clock: the step in \\[\`${c0.slice(0, 7)}…${c1.slice(0, 7)}\`\\]\\(.*\\) was not confirmed by a paired A/B of its commits in one job \\(.*, \\d+ pairs\\): drift between sessions, not the code; no longer alerted`,
      ),
    ),
  ]);

  // The dashboard built from the same store draws the drift as drift and names the culprit.
  const site = path.join(root, 'site');
  const built = perfgate(
    [
      'history',
      'site',
      '--ref',
      'refs/perfgate/history',
      '--remote',
      dataRemote,
      '--out',
      site,
      '--suite-id',
      'perfgate',
    ],
    {
      cwd: root,
    },
  );
  expect({ code: built.code, err: built.stderr }).toEqual({
    code: 0,
    err: expect.stringMatching(/\(1 with an open regression\)/),
  });
  const html = readFileSync(path.join(site, 'index.html'), 'utf8');
  const data = JSON.parse(/id="perfgate-data">([^<]*)</.exec(html)![1]!) as DashboardData;
  const work = data.series.find((x) => x.benchmark === 'work' && x.metric === 'task-clock')!;
  expect(work.steps.map((x) => [x.k, x.cf, x.cu])).toEqual([
    ['regression', 'd', undefined],
    ['regression', 'c', c3],
  ]);
  expect(html).toContain('drift (not confirmed by a paired run)');

  // The next night: both steps are known, nothing is measured again, no second issue.
  const again = await night();
  expect(again.stdout).not.toContain('confirm: work');
  expect(emu.issuesList()).toHaveLength(1);
  expect(emu.commentsOn(issues[0]!.number)).toHaveLength(1);
  expect((await store.readConfirmations!('perfgate')).records).toHaveLength(2);
  expect(
    execFileSync('git', ['-C', dataRemote, 'log', '--format=%s', 'refs/perfgate/history'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.startsWith('history: ') && l.includes('confirmation')),
  ).toEqual(['history: 2 step confirmation(s) of perfgate']);
}, 300_000);
