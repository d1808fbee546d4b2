/**
 * From change points to what people read: steps (open, recovered, improvement, within noise,
 * with the interval between the segments), the alert issue's plan (open / update / nothing,
 * idempotent through the state kept in the body), and the PR comment's note about regressions
 * already on main. Pure functions on seeded histories; change points are given by hand where the
 * test is about the interpretation, and found by the real detector where it is about the whole.
 */
import {
  planAlert,
  parseAlertState,
  seriesHash,
  stepId,
  STEP_TOLERANCE,
  type AlertInput,
} from '../../src/report/alert.js';
import { historyNotes, renderHistoryNotes } from '../../src/report/history-notes.js';
import { confirmationIndex, describeSteps, openRegressions, type Step } from '../../src/report/steps.js';
import type { ConfirmationRecord } from '../../src/results/confirmation-record.js';
import { dashboardData, type DashboardData } from '../../src/report/dashboard.js';
import { siteSeries } from '../../src/engine/site.js';
import { createHash } from 'node:crypto';
import { renderReport } from '../../src/report/markdown.js';
import { seriesKey, seriesOf, type HistoryPoint } from '../../src/results/history-record.js';
import type { ChangePoint } from '../../src/stats/changepoint.js';
import { stepInterval } from '../../src/engine/history-series.js';
import type { BootstrapResult } from '../../src/stats/bootstrap.js';
import { historyForReport, suiteSteps } from '../../src/engine/history-report.js';
import { alertMarker } from '../../src/store/issues.js';
import { comparison, row } from '../helpers/comparison.js';
import { demoCommit, demoDate, demoHistory, REPO_URL } from '../helpers/history.js';

const history = demoHistory();
const series = seriesOf(history);
const pts = (b: string, m: string): HistoryPoint[] => series.get(seriesKey(b, m))!;
const cp = (index: number, before: number, after: number, p = 1e-9): ChangePoint => ({
  index,
  before,
  after,
  change: after / before - 1,
  p,
});
const MARKER = alertMarker('demo');

describe('steps', () => {
  it('a regression that main recovered from names the recovery; the first segment is the reference', () => {
    const points = pts('tlb/page-stride', 'wall');
    const steps = describeSteps(points, [cp(10, 100, 106), cp(28, 106, 100.4)]);
    expect(steps.map((s) => [s.kind, s.index, s.open, s.recoveredAt?.commit])).toEqual([
      ['regression', 10, false, demoCommit(28)],
      ['improvement', 28, false, undefined],
    ]);
    const [up] = steps as [Step];
    expect(up.lastBefore.commit).toBe(demoCommit(9));
    expect(up.firstAfter.commit).toBe(demoCommit(10));
    expect(up.threshold).toBe(0.03);
    expect([up.machineChanged, up.suiteChanged]).toEqual([false, false]);
    // Without an interval function there is no interval; with one, the k-th change point's.
    expect(up.estimate).toBeNull();
    const values = points.map((p) => p.value);
    const cps = [cp(10, 100, 106), cp(28, 106, 100.4)];
    const ci = (k: number): BootstrapResult => {
      const r = stepInterval(values, cps, k);
      if ('none' in r) throw new Error(r.none);
      return r;
    };
    const withCi = describeSteps(points, cps, { interval: (k) => ({ ...ci(k), change: ci(k).estimate }) });
    const want = ci(0);
    expect(withCi[0]!.estimate).toMatchObject({ change: want.estimate, ci: want.ci, confLevel: 0.95 });
    expect(want.ci[0]).toBeGreaterThan(0.03);
    expect(want.ci[1]).toBeLessThan(0.09);
  });

  it('stays open while the level is beyond θ, even after a partial recovery; small moves are within noise', () => {
    const points = pts('cache/random', 'wall');
    const partial = describeSteps(points, [cp(10, 100, 110), cp(20, 110, 104)]);
    // 104 is still 4% above 100, beyond θ = 3%: open; the move back (−5.5%) is an improvement.
    expect(partial.map((s) => [s.kind, s.open])).toEqual([
      ['regression', true],
      ['improvement', false],
    ]);
    const small = describeSteps(points, [cp(10, 100, 102)]);
    expect(small.map((s) => s.kind)).toEqual(['within-noise']);
    // Two steps up: both open; the note cites the newest.
    const twice = describeSteps(points, [cp(10, 100, 105), cp(30, 105, 111)]);
    expect(twice.map((s) => s.open)).toEqual([true, true]);
    expect(openRegressions(twice).get(seriesKey('cache/random', 'wall'))!.index).toBe(30);
    // Change points outside the series are ignored.
    expect(describeSteps(points, [cp(0, 1, 2), cp(40, 1, 2)])).toEqual([]);
  });

  it('flags a step where the machine fingerprint or the suite file changed', () => {
    const points = pts('branch/sorted', 'wall').map((p, i) =>
      i >= 12 ? { ...p, record: { ...p.record, fingerprint: '000000000000', suiteHash: 'ffff' } } : p,
    );
    const [s] = describeSteps(points, [cp(12, 100, 110)]);
    expect([s!.machineChanged, s!.suiteChanged]).toEqual([true, true]);
  });

  it('judges a higher-is-better series (throughput) by its cost: a drop is the regression, a rise the improvement', () => {
    // Only the newer records carry the direction (written before the field existed, the older ones
    // do not): the series is still throughput.
    const points = pts('cache/random', 'wall').map((p, i) =>
      i >= 5 ? { ...p, record: { ...p.record, direction: 'higher' as const } } : p,
    );
    const drop = describeSteps(points, [cp(10, 100, 80), cp(28, 80, 99)]);
    expect(drop.map((s) => [s.kind, s.index, s.open, s.recoveredAt?.commit, s.direction])).toEqual([
      ['regression', 10, false, demoCommit(28), 'higher'],
      ['improvement', 28, false, undefined, 'higher'],
    ]);
    // In the metric's own terms: the drop is a negative change.
    expect(drop[0]!.change).toBeCloseTo(-0.2, 12);
    expect(
      openRegressions(describeSteps(points, [cp(10, 100, 80)])).get(seriesKey('cache/random', 'wall')),
    ).toMatchObject({ index: 10, open: true, direction: 'higher' });
    const rise = describeSteps(points, [cp(10, 100, 120)]);
    expect(rise.map((s) => [s.kind, s.open])).toEqual([['improvement', false]]);
    expect(openRegressions(rise).size).toBe(0);
    // θ = 3% on the cost: a 2.95% drop is a 3.04% cost rise (a regression), a 3.05% rise a 2.96% cost fall (within θ).
    expect(describeSteps(points, [cp(10, 100, 97.05)]).map((s) => s.kind)).toEqual(['regression']);
    expect(describeSteps(points, [cp(10, 100, 103.05)]).map((s) => s.kind)).toEqual(['within-noise']);
    // The same numbers without a direction read as before (lower is better).
    const old = pts('cache/random', 'wall');
    expect(describeSteps(old, [cp(10, 100, 80)]).map((s) => [s.kind, s.direction])).toEqual([
      ['improvement', undefined],
    ]);
    expect(describeSteps(old, [cp(10, 100, 97.05)]).map((s) => s.kind)).toEqual(['within-noise']);
  });

  it('the real detector on the seeded demo history finds exactly the planted events, not the outlier night', () => {
    const steps = suiteSteps(history, 'demo');
    expect(steps.map((s) => [s.benchmark, s.metric, s.index, s.kind, s.open])).toEqual([
      ['cache/random', 'wall', 25, 'regression', true],
      ['branch/shuffled', 'task-clock', 15, 'improvement', false],
      ['tlb/page-stride', 'wall', 10, 'regression', false],
      ['tlb/page-stride', 'wall', 28, 'improvement', false],
    ]);
    expect(suiteSteps(history, 'another-suite')).toEqual([]);
  });
});

describe('alert plan', () => {
  const upTo = (night: number): Step[] =>
    suiteSteps(
      history.filter((r) => Date.parse(r.date) <= Date.parse(demoDate(night))),
      'demo',
    );
  const input = (steps: Step[], night: number, previous: AlertInput['previous'] = null): AlertInput => ({
    suiteId: 'demo',
    steps,
    previous,
    marker: MARKER,
    asOf: {
      commit: demoCommit(night),
      date: demoDate(night),
      runUrl: `${REPO_URL}/actions/runs/${9_000_000_000 + night}`,
    },
    repoUrl: REPO_URL,
  });

  it('opens the issue for the first open regression, with the commit range, interval, θ, p and both runs', () => {
    const plan = planAlert(input(upTo(20), 20));
    expect(plan.action).toBe('open');
    expect(plan.state).toBe('open');
    expect(plan.title).toBe('perfgate: performance regression on main (demo)');
    const lines = plan.body.split('\n');
    expect(lines[0]).toBe(MARKER);
    expect(lines[1]).toBe('## Main regressed (suite `demo`)');
    // perfgate once, in the title; no note column where no row has a note.
    expect(plan.body).not.toContain('| note |');
    expect(lines[3]).toBe(
      `**1** open regression(s) · 0 recovered · 1 improvement(s), as of [\`${demoCommit(20).slice(0, 7)}\`](${REPO_URL}/commit/${demoCommit(20)}) (${demoDate(20).slice(0, 10)}, [run](${REPO_URL}/actions/runs/9000000020)).`,
    );
    const tlb = lines.find((l) => l.startsWith('| tlb/page-stride | wall |'))!;
    const step = upTo(20).find((s) => s.benchmark === 'tlb/page-stride')!;
    expect(tlb).toBe(
      `| tlb/page-stride | wall | [\`${demoCommit(9).slice(0, 7)}…${demoCommit(10).slice(0, 7)}\`](${REPO_URL}/compare/${demoCommit(9)}...${demoCommit(10)}) (2026-10-11) | ` +
        `+${(step.estimate!.change * 100).toFixed(2)}% [+${(step.estimate!.ci[0] * 100).toFixed(2)}%, +${(step.estimate!.ci[1] * 100).toFixed(2)}%] | ±3% | <0.001 | ` +
        `[before](${REPO_URL}/actions/runs/9000000009) · [after](${REPO_URL}/actions/runs/9000000010) |`,
    );
    expect(plan.body).toContain('### Improvements');
    expect(plan.body).not.toContain('### Recovered');
    expect(parseAlertState(plan.body)).toEqual({
      v: 1,
      open: [
        { s: seriesHash('tlb/page-stride', 'wall'), i: 10, c: demoCommit(10).slice(0, 7), n: 'tlb/page-stride|wall' },
      ],
      recovered: [],
      improved: [{ s: seriesHash('branch/shuffled', 'task-clock'), i: 15, c: demoCommit(15).slice(0, 7) }],
    });
    expect(plan.comment).toBeUndefined();
  });

  it('does nothing without an issue when nothing is open, and nothing at all when the state is the same', () => {
    expect(planAlert(input(upTo(9), 9))).toMatchObject({
      action: 'none',
      reason: 'no open regression and no issue yet',
    });
    const opened = planAlert(input(upTo(20), 20));
    // The next nights find the same steps: no write, however the numbers moved.
    for (const night of [21, 22, 23]) {
      const again = planAlert(input(upTo(night), night, { body: opened.body, state: 'open' }));
      expect(again).toMatchObject({ action: 'none', reason: 'same state as the issue says' });
      expect(again.body).toBe(opened.body);
    }
  });

  it('a new regression and a recovery update the issue with one comment naming both; a full recovery closes it', () => {
    const opened = planAlert(input(upTo(20), 20));
    const later = planAlert(input(upTo(32), 32, { body: opened.body, state: 'open' }));
    expect(later.action).toBe('update');
    expect(later.state).toBe('open');
    expect(later.reason).toBe('1 new regression(s), 1 recovery(ies), 1 new improvement(s)');
    const comment = later.comment!.split('\n');
    expect(comment[0]).toBe(
      `perfgate, after [\`${demoCommit(32).slice(0, 7)}\`](${REPO_URL}/commit/${demoCommit(32)}) ([run](${REPO_URL}/actions/runs/9000000032)):`,
    );
    expect(comment.slice(2).map((l) => l.replace(/\(\[.*$/, ''))).toEqual([
      expect.stringMatching(/^- cache\/random wall: regressed \+[\d.]+% \[\+[\d.]+%, \+[\d.]+%\] in /),
      expect.stringMatching(
        /^- tlb\/page-stride wall: recovered at \[`[0-9a-f]{7}`\]\(.*\/commit\/[0-9a-f]{40}\) from the regression in /,
      ),
      expect.stringMatching(/^- tlb\/page-stride wall: improved -\d\.\d\d% .* in /),
    ]);
    expect(later.body).toContain('### Recovered');
    const s = parseAlertState(later.body)!;
    expect(s.open.map((r) => r.n)).toEqual(['cache/random|wall']);
    expect(s.recovered.map((r) => r.s)).toEqual([seriesHash('tlb/page-stride', 'wall')]);

    // Main came back everywhere (cache/random recovered at night 36): the update closes the issue.
    const back = pts('cache/random', 'wall')[36]!;
    const recoveredAll = upTo(32).map((x) =>
      x.benchmark === 'cache/random' ? { ...x, open: false, recoveredAt: back } : x,
    );
    const closed = planAlert(input(recoveredAll, 36, { body: later.body, state: 'open' }));
    expect(closed).toMatchObject({
      action: 'update',
      state: 'closed',
      reason: '0 new regression(s), 1 recovery(ies), 0 new improvement(s)',
    });
    expect(closed.body.split('\n')[1]).toBe('## Main recovered (suite `demo`)');
    expect(closed.comment).toContain(`- cache/random wall: recovered at [\`${demoCommit(36).slice(0, 7)}\`]`);
    // An open regression the detector no longer finds at all is said once, too.
    const gone = planAlert(
      input(
        upTo(32).filter((x) => x.benchmark !== 'cache/random'),
        36,
        { body: later.body, state: 'open' },
      ),
    );
    expect(gone).toMatchObject({ action: 'update', state: 'closed' });
    expect(gone.comment).toContain(
      `- cache/random wall: the step at \`${demoCommit(25).slice(0, 7)}\` is no longer found in the history`,
    );
  });

  it('respects a maintainer who closed it until a NEW regression appears, which reopens it', () => {
    const opened = planAlert(input(upTo(20), 20));
    const quiet = planAlert(input(upTo(23), 23, { body: opened.body, state: 'closed' }));
    expect(quiet.action).toBe('none');
    const reopened = planAlert(input(upTo(32), 32, { body: opened.body, state: 'closed' }));
    expect(reopened).toMatchObject({ action: 'update', state: 'open' });
  });

  it(`treats a step found again within ${STEP_TOLERANCE} points as the same: a quiet body refresh, no comment`, () => {
    const steps = upTo(32);
    const opened = planAlert(input(steps, 32));
    const moved = steps.map((s) => (s.benchmark === 'cache/random' ? { ...s, index: s.index + 2 } : s));
    const plan = planAlert(input(moved, 33, { body: opened.body, state: 'open' }));
    expect(plan.action).toBe('update');
    expect(plan.comment).toBeUndefined();
    expect(plan.reason).toMatch(/refreshed quietly/);
    const far = steps.map((s) => (s.benchmark === 'cache/random' ? { ...s, index: s.index + STEP_TOLERANCE + 1 } : s));
    expect(planAlert(input(far, 33, { body: opened.body, state: 'open' })).comment).toContain(
      'cache/random wall: regressed',
    );
  });

  it('an issue whose state comment was edited away is planned as if it said nothing (every open one is news)', () => {
    expect(parseAlertState('no state here')).toBeNull();
    expect(parseAlertState('<!-- perfgate-alert-state {"v":2} -->')).toBeNull();
    const plan = planAlert(input(upTo(20), 20, { body: `${MARKER}\nedited by hand`, state: 'open' }));
    expect(plan.action).toBe('update');
    expect(plan.comment).toContain('tlb/page-stride wall: regressed');
  });

  it('escapes names, keeps a hostile name out of the state comment, links flame graphs, and fits GitHub’s limit', () => {
    const steps = upTo(32);
    const evil = steps.map((s) => ({ ...s, benchmark: `${s.benchmark} --> <img src=x> @team` }));
    const plan = planAlert({
      ...input(evil, 32),
      flameGraphs: new Map([[stepId(evil[0]!), 'https://example.test/diff.svg']]),
    });
    expect(plan.body).not.toMatch(/(^|[^\\])<img/);
    expect(plan.body).not.toContain('@team');
    expect(plan.body).toContain('[flame graph diff](https://example.test/diff.svg)');
    // The state survives the hostile name (no early `-->`).
    expect(parseAlertState(plan.body)!.open[0]!.n).toBe('cache/random --> <img src=x> @team|wall');
    // The documented scale, 200 benchmarks × 3 metrics, every series with an open regression:
    // the tables are cut, the state (what idempotence rests on) is kept whole.
    const many: Step[] = [];
    for (let i = 0; i < 200; i++)
      for (const metric of ['wall', 'task-clock', 'instructions'])
        many.push({ ...steps[0]!, benchmark: `suite-area/benchmark-with-a-long-name-${i}`, metric });
    const big = planAlert({ ...input(many, 32), maxRows: 5000 });
    expect([...big.body].length).toBeLessThanOrEqual(65_536);
    expect(big.body).toMatch(/_\d+ more not shown\._/);
    expect(parseAlertState(big.body)!.open).toHaveLength(600);
  });
});

describe('alert plan: what a maintainer reads at a step', () => {
  // tlb/page-stride wall steps up at night 10: the run after it measured a commit whose subject
  // says it only touched notes, and the runs on both sides of it had a busy host.
  const annotated = history.map((r) => {
    const night = Math.round((Date.parse(r.date) - Date.parse(demoDate(0))) / 86_400_000);
    return {
      ...r,
      subject: night === 10 ? 'chore: notes <img src=x onerror=alert(1)> | @team #12' : `feat: night ${night}`,
      ...(night === 9
        ? { hostFailed: ['cpu-utilisation', 'psi-cpu'] }
        : night === 10
          ? { hostFailed: ['run-queue'] }
          : night === 5
            ? { hostFailed: ['swap'] }
            : {}),
    };
  });
  const steps = suiteSteps(
    annotated.filter((r) => Date.parse(r.date) <= Date.parse(demoDate(20))),
    'demo',
  );
  const plan = planAlert({
    suiteId: 'demo',
    steps,
    previous: null,
    marker: MARKER,
    asOf: { commit: demoCommit(20), date: demoDate(20) },
    repoUrl: REPO_URL,
  });
  const row = plan.body.split('\n').find((l) => l.startsWith('| tlb/page-stride | wall |'))!;

  it("names the commit's subject at the step, escaped", () => {
    expect(row).toContain(
      '(2026-10-11) “chore: notes \\<img src=x onerror=alert\\(1\\)\\> \\| @\u200bteam \\#\u200b12” |',
    );
    expect(plan.body).not.toMatch(/(?<!\\)<img/);
    // The cell is still one cell: the subject's | is escaped, so the row has the table's 9 columns.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(8);
  });

  it('says which runs around the step had failed host checks, and which checks', () => {
    const step = steps.find((s) => s.benchmark === 'tlb/page-stride' && s.index === 10)!;
    expect(step.hostFailed?.map((h) => [h.side, h.point.commit, h.checks])).toEqual([
      ['before', demoCommit(9), ['cpu-utilisation', 'psi-cpu']],
      ['after', demoCommit(10), ['run-queue']],
    ]);
    expect(row).toContain(
      `⚠️ host checks failed in the runs around the step: before [run](${REPO_URL}/actions/runs/9000000009) at \`${demoCommit(9).slice(0, 7)}\` (2026-10-10): cpu-utilisation, psi-cpu; ` +
        `after [run](${REPO_URL}/actions/runs/9000000010) at \`${demoCommit(10).slice(0, 7)}\` (2026-10-11): run-queue: maybe a busy runner, not the code`,
    );
    // A busy night far from any step (5) is not pinned on one; a step with quiet runs around says nothing.
    expect(plan.body).not.toContain('swap');
    const quiet = steps.find((s) => s.benchmark === 'branch/shuffled')!;
    expect(quiet.hostFailed).toBeUndefined();
  });
});

describe('history-aware PR notes', () => {
  const steps = suiteSteps(history, 'demo');
  const open = openRegressions(steps);

  it('says main regressed and what this PR did, unchanged benchmarks first', () => {
    const rows = [
      row('cache/random', 'wall', 'regression', 0.05),
      row('cache/random', 'task-clock', 'unchanged', 0.001),
      row('tlb/page-stride', 'wall', 'unchanged', 0.002),
    ];
    const moreOpen = new Map(open);
    moreOpen.set(seriesKey('cache/random', 'task-clock'), {
      ...open.get(seriesKey('cache/random', 'wall'))!,
      metric: 'task-clock',
    });
    const notes = historyNotes(rows, moreOpen, REPO_URL);
    const s = open.get(seriesKey('cache/random', 'wall'))!;
    const pct = `+${(s.estimate!.change * 100).toFixed(2)}%`;
    const at = `[\`${demoCommit(25).slice(0, 7)}\`](${REPO_URL}/commit/${demoCommit(25)})`;
    expect(notes.map((n) => n.text)).toEqual([
      `**cache/random** task-clock: main regressed at ${at} (${pct}, 2026-10-26); this PR did not change it.`,
      `**cache/random** wall: main regressed at ${at} (${pct}, 2026-10-26); this PR makes it slower still (+5.00%).`,
    ]);
    // tlb/page-stride recovered on main: no note.
    expect(renderHistoryNotes(notes).split('\n').slice(0, 3)).toEqual([
      '### Already slower on main',
      '',
      `- ${notes[0]!.text}`,
    ]);
    expect(historyNotes([row('cache/random', 'wall', 'improvement', -0.05)], open)[0]!.text).toMatch(
      /main regressed at `[0-9a-f]{7}` .*; this PR wins some of it back \(-5\.00%\)\.$/,
    );
    expect(historyNotes([row('cache/random', 'wall', 'inconclusive', 0.01)], open)[0]!.text).toMatch(
      /this PR's effect on it is not clear yet\.$/,
    );
    expect(historyNotes([row('cache/random', 'wall', 'unchanged', 0, { gated: false })], open)).toEqual([]);
    expect(renderHistoryNotes([])).toBe('');
  });

  it('notes a throughput that dropped on main (and not one that rose), saying higher is better', () => {
    // ops/s of two benchmarks: cache/random drops 20% from night 25, tlb/page-stride rises 20% from night 10.
    const thrpt = history
      .filter((r) => r.metric === 'wall' && (r.benchmark === 'cache/random' || r.benchmark === 'tlb/page-stride'))
      .map((r) => {
        const night = Math.round((Date.parse(r.date) - Date.parse(demoDate(0))) / 86_400_000);
        const up = r.benchmark === 'tlb/page-stride' ? (night >= 10 ? 1.2 : 1) : night >= 25 ? 0.8 : 1;
        const k = (5e4 * up) / r.median;
        return {
          ...r,
          metric: 'ops',
          unit: 'ops/s',
          direction: 'higher' as const,
          median: 5e4 * up,
          q1: r.q1 * k,
          q3: r.q3 * k,
          min: r.min * k,
          max: r.max * k,
          mean: r.mean * k,
        };
      });
    const doc = comparison([
      row('cache/random', 'ops', 'unchanged', 0.001),
      row('tlb/page-stride', 'ops', 'unchanged', 0.001),
    ]);
    const h = historyForReport(thrpt, doc, { suiteId: 'demo', repoUrl: REPO_URL });
    expect(h.notes.map((n) => [n.benchmark, n.metric])).toEqual([['cache/random', 'ops']]);
    expect(h.notes[0]!.text).toMatch(
      /^\*\*cache\/random\*\* ops \(higher is better\): main regressed at .* \(-\d+\.\d+%, 2026-10-26\); this PR did not change it\.$/,
    );
  });

  it('historyForReport joins a comparison with the stored history: notes for open regressions, trends for changed rows', () => {
    const doc = comparison([
      row('cache/random', 'wall', 'unchanged', 0.001),
      row('tlb/page-stride', 'wall', 'regression', 0.06, { median: { base: 125e6, head: 132e6 } }),
      row('brand/new', 'wall', 'regression', 0.2),
    ]);
    const h = historyForReport(history, doc, { suiteId: 'demo', repoUrl: REPO_URL });
    expect(h.notes.map((n) => [n.benchmark, n.metric, n.verdict])).toEqual([['cache/random', 'wall', 'unchanged']]);
    expect(h.notes[0]!.text).toMatch(/this PR did not change it\.$/);
    expect(h.trends.map((t) => [t.benchmark, t.points.length, t.head])).toEqual([
      ['tlb/page-stride', 40, { commit: 'c'.repeat(40), value: 132e6 }],
    ]);
    expect(historyForReport(history, doc, { suiteId: 'other' })).toEqual({ notes: [], trends: [] });
  });

  it('the PR comment carries the notes and the trend charts, each chart whole', () => {
    const doc = comparison([
      row('cache/random', 'wall', 'unchanged', 0.001),
      row('tlb/page-stride', 'wall', 'regression', 0.06, { median: { base: 125e6, head: 132e6 } }),
    ]);
    const notes = historyNotes(doc.rows, open, REPO_URL);
    const trends = [
      {
        benchmark: 'tlb/page-stride',
        metric: 'wall',
        unit: 'ns',
        points: pts('tlb/page-stride', 'wall'),
        head: { commit: 'c'.repeat(40), value: 132e6 },
      },
    ];
    const { body } = renderReport({
      comparison: doc,
      suiteId: 'demo',
      provenance: { source: 'same-job', commit: null, ageMs: null },
      history: { notes, trends },
    });
    expect(body).toContain(`### Already slower on main\n\n- ${notes[0]!.text}`);
    expect(body.indexOf('| 🔴 regression')).toBeLessThan(body.indexOf('### Already slower on main'));
    expect(body).toContain('### Trend on main');
    expect(body.match(/```mermaid\n[\s\S]*?\n```/g)).toHaveLength(1);
    // Cut for length: whole charts go, the verdicts stay.
    const short = renderReport({
      comparison: doc,
      suiteId: 'demo',
      provenance: { source: 'same-job', commit: null, ageMs: null },
      history: { notes, trends: [trends[0]!, trends[0]!, trends[0]!] },
      limit: 4000,
    });
    expect(short.cutRows).toBeGreaterThan(0);
    expect((short.body.match(/```/g) ?? []).length % 2).toBe(0);
    expect(short.body).toContain('| 🔴 regression');
  });
});

describe('confirmation before alerting', () => {
  const at = (night: number): Step[] =>
    suiteSteps(
      history.filter((r) => Date.parse(r.date) <= Date.parse(demoDate(night))),
      'demo',
    );
  const input = (steps: Step[], previous: AlertInput['previous'] = null): AlertInput => ({
    suiteId: 'demo',
    steps,
    previous,
    marker: MARKER,
    asOf: { commit: demoCommit(32), date: demoDate(32) },
    repoUrl: REPO_URL,
    requireConfirmation: true,
  });
  const culprit = createHash('sha1').update('the culprit').digest('hex');
  const record = (s: Step, outcome: ConfirmationRecord['outcome']): ConfirmationRecord => ({
    v: 1,
    suite: 'demo',
    benchmark: s.benchmark,
    metric: s.metric,
    good: s.lastBefore.commit,
    bad: s.firstAfter.commit,
    outcome,
    change: outcome === 'confirmed' ? 0.081 : 0.002,
    ci: outcome === 'confirmed' ? [0.07, 0.093] : [-0.011, 0.014],
    verdict: outcome === 'confirmed' ? 'regression' : 'unchanged',
    pairs: 12,
    ...(outcome === 'confirmed'
      ? { culprit: { commit: culprit, subject: 'cache: <b>random</b> probe', change: 0.079, ci: [0.068, 0.09] } }
      : {}),
    reason: outcome === 'confirmed' ? 'culprit found' : 'no step between the two commits',
    date: demoDate(33),
    ...(outcome === 'confirmed' ? { flameGraph: 'https://example.com/diff.svg' } : {}),
  });
  /** The steps at night 32 with cache/random's regression confirmed or rejected by a paired run. */
  const judged = (outcome: ConfirmationRecord['outcome']): Step[] => {
    const plain = at(32);
    const step = plain.find((s) => s.benchmark === 'cache/random' && s.kind === 'regression')!;
    return suiteSteps(
      history.filter((r) => Date.parse(r.date) <= Date.parse(demoDate(32))),
      'demo',
      {},
      { confirmations: confirmationIndex([record(step, outcome)]) },
    );
  };

  it('alerts no step of the history alone, and a confirmed one by its culprit, its paired interval and flame graph', () => {
    // The history has an open regression (cache/random at night 25) that nothing has measured as pairs yet.
    expect(at(32).some((s) => s.kind === 'regression' && s.open)).toBe(true);
    expect(planAlert(input(at(32)))).toMatchObject({ action: 'none' });
    expect(planAlert(input(judged('rejected')))).toMatchObject({ action: 'none' });
    const plan = planAlert(input(judged('confirmed')));
    expect(plan.action).toBe('open');
    const row = plan.body.split('\n').find((l) => l.startsWith('| cache/random | wall |'))!;
    expect(row).toContain(
      `culprit [\`${culprit.slice(0, 7)}\`](${REPO_URL}/commit/${culprit}) “cache: \\<b\\>random\\</b\\> probe”, +7.90% [+6.80%, +9.00%] against its parent; in [\``,
    );
    expect(row).toContain(
      '✅ confirmed by a paired A/B of the two commits in one job: +8.10% [+7.00%, +9.30%], 12 pairs',
    );
    expect(row).toContain('[flame graph diff](https://example.com/diff.svg)');
    // A recovered regression that was never confirmed nor reported stays out too.
    expect(plan.body).not.toContain('### Recovered');
  });

  it('keeps a step the issue already reports until a paired run rejects it, then closes the issue saying why', () => {
    const opened = planAlert({ ...input(at(32)), requireConfirmation: false });
    expect(opened.action).toBe('open');
    // Not measured yet: still reported, nothing to write.
    expect(planAlert(input(at(32), { body: opened.body, state: 'open' }))).toMatchObject({
      action: 'none',
      reason: 'same state as the issue says',
    });
    const rejected = planAlert(input(judged('rejected'), { body: opened.body, state: 'open' }));
    expect(rejected).toMatchObject({ action: 'update', state: 'closed' });
    expect(rejected.reason).toContain('1 not confirmed by a paired run');
    expect(rejected.comment).toContain(
      `- cache/random wall: the step in [\`${demoCommit(24).slice(0, 7)}…${demoCommit(25).slice(0, 7)}\`]`,
    );
    expect(rejected.comment).toContain(
      'was not confirmed by a paired A/B of its commits in one job (+0.20% [-1.10%, +1.40%], unchanged, 12 pairs): drift between sessions, not the code; no longer alerted',
    );
    expect(rejected.comment).not.toContain('no longer found');
  });

  it('PR notes come from confirmed steps only, naming the culprit; the dashboard marks drift', () => {
    const doc = comparison([row('cache/random', 'wall', 'unchanged', 0.001)]);
    const recs = history.filter((r) => Date.parse(r.date) <= Date.parse(demoDate(32)));
    const step = at(32).find((s) => s.benchmark === 'cache/random' && s.kind === 'regression')!;
    const notes = (c: ConfirmationRecord[]): string[] =>
      historyForReport(recs, doc, {
        suiteId: 'demo',
        repoUrl: REPO_URL,
        confirmations: confirmationIndex(c),
        confirmedOnly: true,
      }).notes.map((n) => n.text);
    expect(notes([])).toEqual([]);
    expect(notes([record(step, 'rejected')])).toEqual([]);
    expect(notes([record(step, 'confirmed')])).toEqual([
      expect.stringContaining(`main regressed at [\`${culprit.slice(0, 7)}\`](${REPO_URL}/commit/${culprit})`),
    ]);
    const data = (outcome: ConfirmationRecord['outcome']): DashboardData['series'][number]['steps'] =>
      dashboardData({
        title: 't',
        generatedAt: demoDate(33),
        series: siteSeries(recs, {
          filter: { suiteId: 'demo', benchmark: /^cache\/random$/, metric: 'wall' },
          confirmations: confirmationIndex([record(step, outcome)]),
        }),
      }).series[0]!.steps;
    expect(data('rejected')).toEqual([
      expect.objectContaining({ i: step.index, k: 'regression', open: true, cf: 'd' }),
    ]);
    expect(data('confirmed')).toEqual([expect.objectContaining({ cf: 'c', cu: culprit })]);
  });
});
