/**
 * The confirmation planner and its bookkeeping (engine/confirm.ts), without measuring: which steps
 * need a paired run, what a budget too small to start one does (pending, not a verdict), what a
 * commit that cannot be fetched does (unconfirmable, with git's reason), and how a bisection's
 * outcome becomes the stored record. The measuring path runs end to end in
 * action/nightly-confirm.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { confirmSteps, MIN_CONFIRM_BUDGET_MS, stepsToConfirm, toConfirmationRecord } from '../../src/engine/confirm.js';
import { suiteSteps } from '../../src/engine/history-report.js';
import { confirmationIndex } from '../../src/report/steps.js';
import { confirmationRecordProblem } from '../../src/results/confirmation-record.js';
import { renderConfirmationSummary } from '../../src/report/confirmation-summary.js';
import { demoCommit, demoHistory } from '../helpers/history.js';

const steps = suiteSteps(demoHistory(), 'demo');
const settings = { parentEnv: {}, stderr: { write: (): boolean => true } };

it('needs a paired run for each open regression nothing has concluded on, newest first', () => {
  const todo = stepsToConfirm(steps);
  expect(todo.map((s) => [s.benchmark, s.metric, s.firstAfter.commit])).toEqual([
    ['cache/random', 'wall', demoCommit(25)],
  ]);
  const known = suiteSteps(
    demoHistory(),
    'demo',
    {},
    {
      confirmations: confirmationIndex([
        toConfirmationRecord(
          todo[0]!,
          {
            confirmed: false,
            benchmark: 'cache/random',
            metric: 'wall',
            culprit: null,
            range: { good: todo[0]!.lastBefore.commit, bad: todo[0]!.firstAfter.commit },
            steps: [],
            commits: 1,
            reason: 'no step',
          },
          { date: '2026-12-07T03:00:00.000Z' },
        ),
      ]),
    },
  );
  expect(stepsToConfirm(known)).toEqual([]);
});

it('leaves every step pending when the budget cannot start one, and names an unfetchable commit', async () => {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'pg-confirm-'));
  execFileSync('git', ['init', '-q', repo]);
  const log: string[] = [];
  const base = {
    ...settings,
    cwd: repo,
    suitePath: 'perfgate.yml',
    outDir: path.join(repo, 'out'),
    steps: stepsToConfirm(steps),
    log: (l: string) => void log.push(l),
  };
  const short = await confirmSteps({ ...base, budgetMs: MIN_CONFIRM_BUDGET_MS - 1 });
  expect(short).toMatchObject({ records: [], unconfirmable: [], outcomes: [] });
  expect(short.pending.map((s) => s.benchmark)).toEqual(['cache/random']);
  expect(log).toEqual([]);
  const missing = await confirmSteps({ ...base, budgetMs: null });
  expect(missing.records).toEqual([]);
  expect(missing.pending).toEqual([]);
  expect(missing.unconfirmable).toEqual([
    {
      step: base.steps[0],
      reason: expect.stringContaining(
        `commit ${demoCommit(24)} is not in this clone and could not be fetched from origin`,
      ),
    },
  ]);
});

it('stores a confirmed bisection with its culprit, and a rejected one as drift; both are valid records', () => {
  const step = stepsToConfirm(steps)[0]!;
  const good = step.lastBefore.commit;
  const bad = step.firstAfter.commit;
  const ab = {
    base: good,
    head: bad,
    benchmark: step.benchmark,
    metric: step.metric,
    change: 0.08,
    ci: [0.06, 0.1] as [number, number],
    verdict: 'regression' as const,
    pairs: 9,
    dir: '/tmp/ab-0',
  };
  const confirmed = toConfirmationRecord(
    step,
    {
      confirmed: true,
      benchmark: step.benchmark,
      metric: step.metric,
      culprit: {
        commit: bad,
        subject: 'cache: probe',
        author: 'a',
        date: '2026-10-26T00:00:00Z',
        change: 0.079,
        ci: [0.05, 0.11],
        verdict: 'regression',
        dir: '/tmp/ab-2',
      },
      range: { good, bad },
      steps: [ab],
      commits: 1,
      reason: 'culprit found',
    },
    {
      date: '2026-12-07T03:00:00.000Z',
      runUrl: 'https://github.com/o/r/actions/runs/1',
      flameGraph: 'https://x/diff.svg',
    },
  );
  expect(confirmed).toEqual({
    v: 1,
    suite: 'demo',
    benchmark: 'cache/random',
    metric: 'wall',
    good,
    bad,
    outcome: 'confirmed',
    change: 0.08,
    ci: [0.06, 0.1],
    verdict: 'regression',
    pairs: 9,
    culprit: { commit: bad, subject: 'cache: probe', change: 0.079, ci: [0.05, 0.11] },
    reason: 'culprit found',
    date: '2026-12-07T03:00:00.000Z',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    flameGraph: 'https://x/diff.svg',
  });
  const rejected = toConfirmationRecord(
    step,
    {
      confirmed: false,
      benchmark: step.benchmark,
      metric: step.metric,
      culprit: null,
      range: { good, bad },
      steps: [{ ...ab, change: 0.002, ci: [-0.01, 0.014], verdict: 'unchanged' }],
      commits: 1,
      reason: 'no step',
    },
    { date: '2026-12-07T03:00:00.000Z' },
  );
  expect(rejected).toMatchObject({ outcome: 'rejected', verdict: 'unchanged', change: 0.002 });
  expect(rejected.culprit).toBeUndefined();
  // The demo history's commits are sha1 hex, as real ones: both records parse back.
  expect([confirmationRecordProblem(confirmed), confirmationRecordProblem(rejected)]).toEqual([null, null]);
});

it('the job summary lists each conclusion, the unmeasurable and the pending steps, names escaped', () => {
  const step = stepsToConfirm(steps)[0]!;
  const hostile = { ...step, benchmark: 'cache/<img src=x>@team' };
  const record = {
    ...toConfirmationRecord(
      step,
      {
        confirmed: true,
        benchmark: step.benchmark,
        metric: step.metric,
        culprit: {
          commit: step.firstAfter.commit,
          subject: 'fix: <script>alert(1)</script> @everyone',
          author: 'a',
          date: '2026-10-26T00:00:00Z',
          change: 0.08,
          ci: [0.06, 0.1],
          verdict: 'regression',
          dir: '/tmp/x',
        },
        range: { good: step.lastBefore.commit, bad: step.firstAfter.commit },
        steps: [],
        commits: 1,
        reason: 'culprit found',
      },
      { date: '2026-12-07T03:00:00.000Z' },
    ),
  };
  const md = renderConfirmationSummary({
    records: [record],
    unconfirmable: [{ step: hostile, reason: 'commit abc could not be fetched' }],
    pending: [step],
    repoUrl: 'https://github.com/o/r',
  });
  const lines = md.split('\n').filter((l) => l.startsWith('- '));
  expect(lines).toHaveLength(3);
  expect(lines[0]).toContain(
    `culprit [\`${step.firstAfter.commit.slice(0, 7)}\`](https://github.com/o/r/commit/${step.firstAfter.commit})`,
  );
  expect(md).not.toMatch(/(?<!\\)<|@(?!\u200b)/);
  expect(lines[1]).toMatch(
    /could not be measured as pairs \(commit abc could not be fetched\); not alerted, tried again on the next run\.$/,
  );
  expect(lines[2]).toMatch(
    /^- Pending \(the time budget ran out; not alerted, measured on a later run\): \*\*cache\/random\*\* wall `[0-9a-f]{7}…[0-9a-f]{7}`\.$/,
  );
  expect(renderConfirmationSummary({ records: [], unconfirmable: [], pending: [] })).toBe('');
});
