/**
 * What the change points of a history series mean for people (issue 13 items 3–5): each step
 * as a regression, an improvement or a move within the noise threshold θ, with the commits on
 * either side, the CI runs that measured them, the magnitude with a confidence interval, and,
 * for a regression, whether main is still at the regressed level ("open") or came back
 * ("recovered", and where). The alert issue, the PR comment's note and the dashboard all read
 * steps from here, so they agree on what is open. Pure: no I/O.
 *
 * The interval comes from the caller (engine/history-series.ts stepInterval: a BCa bootstrap of the
 * ratio of segment means over the nights either side, each night being one run's median, the
 * detector's outliers left out), so the issue, the comment, the dashboard and `history detect`
 * print the same interval for the same step.
 *
 * A higher-is-better series (its records say `direction: 'higher'`: throughput) is judged by its
 * cost, by the one verdict rule (stats/verdict.ts verdictOf): a drop past 1/(1 + θ) − 1 is the
 * regression, a rise the improvement. `change`, `levelBefore/After` and the interval stay in the
 * metric's own terms (a throughput drop is a negative change), as comparison.json keeps them.
 */
import { seriesKey, type HistoryPoint } from '../results/history-record.js';
import { confirmationKey, type ConfirmationRecord } from '../results/confirmation-record.js';
import type { ChangePoint } from '../stats/changepoint.js';
import { verdictOf, type Direction, type Verdict } from '../stats/verdict.js';

export type StepKind = 'regression' | 'improvement' | 'within-noise';

export interface Step {
  benchmark: string;
  metric: string;
  unit: string;
  /** Position in the series of the first point after the step (ChangePoint.index). */
  index: number;
  kind: StepKind;
  /** The last point before the step and the first after it: the commit range to look in. */
  lastBefore: HistoryPoint;
  firstAfter: HistoryPoint;
  /** Means of the segments either side (ChangePoint.before/after), in the series' unit. */
  levelBefore: number;
  levelAfter: number;
  /** The detector's relative change between segment means, and its p-value. */
  change: number;
  p: number;
  /** The relative change with its interval (StepOptions.interval), or null without one. */
  estimate: { change: number; ci: [number, number]; confLevel: number } | null;
  /** θ of this metric (the history record's threshold, else the caller's default). */
  threshold: number;
  /** `higher` when the series is higher-is-better (any of its records says so); absent: lower. */
  direction?: 'higher';
  /** Regressions: main's level now is still more than θ worse (in cost terms) than before the step. */
  open: boolean;
  /** Regressions that are not open: the first point of the step that brought the level back. */
  recoveredAt?: HistoryPoint;
  /** The machine fingerprint differs across the step: likely the runner, not the code. */
  machineChanged: boolean;
  /** The suite file differs across the step: the benchmark's definition may have changed. */
  suiteChanged: boolean;
  /** What a paired A/B of the commits either side concluded (StepOptions.confirmations); absent: not measured yet. */
  confirmation?: ConfirmationRecord;
  /**
   * The runs around the step (HOST_AROUND either side) whose pre-flight had failed host checks,
   * oldest first: a step next to a busy host may be the host. Absent when none had (or none knew).
   */
  hostFailed?: HostFailedRun[];
}

/** A run near a step whose host checks failed. */
export interface HostFailedRun {
  side: 'before' | 'after';
  point: HistoryPoint;
  /** Ids of the failed checks (the record's hostFailed). */
  checks: string[];
}

/** Runs either side of a step whose host checks an alert reports. */
export const HOST_AROUND = 2;

/** The runs in [index − HOST_AROUND, index + HOST_AROUND) whose records name failed host checks. */
export function hostFailedAround(points: readonly HistoryPoint[], index: number): HostFailedRun[] {
  const out: HostFailedRun[] = [];
  for (let i = Math.max(0, index - HOST_AROUND); i < Math.min(points.length, index + HOST_AROUND); i++) {
    const point = points[i]!;
    const checks = point.record.hostFailed ?? [];
    if (checks.length > 0) out.push({ side: i < index ? 'before' : 'after', point, checks });
  }
  return out;
}

export interface StepOptions {
  /** θ for series whose records carry none. Default 0.05. */
  defaultThreshold?: number;
  /** The k-th change point's relative change with its interval (engine/history-series.ts stepInterval). */
  interval?: (k: number) => { change: number; ci: [number, number]; confLevel: number } | null;
  /** Paired confirmations of steps, by confirmationKey (stepKey of the step). */
  confirmations?: ReadonlyMap<string, ConfirmationRecord>;
}

/** The key of a step's confirmation: its suite, series and the commits either side. */
export function stepKey(s: Pick<Step, 'benchmark' | 'metric' | 'lastBefore' | 'firstAfter'>): string {
  return confirmationKey({
    suite: s.firstAfter.record.suite,
    benchmark: s.benchmark,
    metric: s.metric,
    good: s.lastBefore.commit,
    bad: s.firstAfter.commit,
  });
}

/** Confirmations by key, for StepOptions.confirmations (a later record of a step wins). */
export function confirmationIndex(records: readonly ConfirmationRecord[]): Map<string, ConfirmationRecord> {
  return new Map(records.map((r) => [confirmationKey(r), r]));
}

function relative(from: number, to: number): number {
  return from === 0 ? 0 : to / from - 1;
}

/** A relative change of the series' level judged by the one rule (an exact change: a point interval). */
function judge(change: number, threshold: number, direction: Direction): Verdict {
  return verdictOf([change, change], 1, threshold, direction);
}

/**
 * The direction of a series: higher-is-better when any of its records says so (records written
 * before the field existed carry none, and must not turn a throughput series back into a cost).
 */
export function seriesDirection(points: readonly HistoryPoint[]): Direction {
  return points.some((p) => p.record.direction === 'higher') ? 'higher' : undefined;
}

/**
 * The steps of one benchmark × metric series (points in date order, as `seriesOf` gives them)
 * from its change points (as `detectChangePoints` gives them, oldest first).
 */
export function describeSteps(
  points: readonly HistoryPoint[],
  changePoints: readonly ChangePoint[],
  options: StepOptions = {},
): Step[] {
  if (points.length === 0) return [];
  const cps = [...changePoints].filter((c) => c.index > 0 && c.index < points.length).sort((a, b) => a.index - b.index);
  const first = points[0]!.record;
  // Segment means from the change points: level[i] is the mean after cps[i-1] (level[0]: before cps[0]).
  const levels = cps.length === 0 ? [] : [cps[0]!.before, ...cps.map((c) => c.after)];
  const levelNow = levels[levels.length - 1] ?? 0;
  const direction = seriesDirection(points);
  return cps.map((cp, i) => {
    const lastBefore = points[cp.index - 1]!;
    const firstAfter = points[cp.index]!;
    const threshold = firstAfter.record.threshold ?? lastBefore.record.threshold ?? options.defaultThreshold ?? 0.05;
    const verdict = judge(cp.change, threshold, direction);
    const kind: StepKind = verdict === 'regression' || verdict === 'improvement' ? verdict : 'within-noise';
    // The caller's index k counts the change points it passed, in its order.
    const estimate = options.interval?.(changePoints.indexOf(cp)) ?? null;
    let open = false;
    let recoveredAt: HistoryPoint | undefined;
    if (kind === 'regression') {
      open = judge(relative(cp.before, levelNow), threshold, direction) === 'regression';
      if (!open) {
        const back = cps.findIndex(
          (later, j) => j > i && judge(relative(cp.before, later.after), threshold, direction) !== 'regression',
        );
        if (back !== -1) recoveredAt = points[cps[back]!.index];
      }
    }
    const confirmation = options.confirmations?.get(
      stepKey({ benchmark: first.benchmark, metric: first.metric, lastBefore, firstAfter }),
    );
    const hostFailed = hostFailedAround(points, cp.index);
    return {
      benchmark: first.benchmark,
      metric: first.metric,
      unit: first.unit,
      index: cp.index,
      kind,
      lastBefore,
      firstAfter,
      levelBefore: cp.before,
      levelAfter: cp.after,
      change: cp.change,
      p: cp.p,
      estimate,
      threshold,
      ...(direction ? { direction } : {}),
      open,
      ...(recoveredAt ? { recoveredAt } : {}),
      machineChanged: lastBefore.record.fingerprint !== firstAfter.record.fingerprint,
      suiteChanged: lastBefore.record.suiteHash !== firstAfter.record.suiteHash,
      ...(confirmation ? { confirmation } : {}),
      ...(hostFailed.length > 0 ? { hostFailed } : {}),
    };
  });
}

/**
 * The newest open regression of each series, keyed by `seriesKey` (benchmark|metric). With
 * `confirmedOnly`, only those a paired run confirmed: a step of the history alone may be the
 * runner drifting between sessions.
 */
export function openRegressions(steps: readonly Step[], confirmedOnly = false): Map<string, Step> {
  const out = new Map<string, Step>();
  for (const s of steps) {
    if (s.kind !== 'regression' || !s.open) continue;
    if (confirmedOnly && s.confirmation?.outcome !== 'confirmed') continue;
    const key = seriesKey(s.benchmark, s.metric);
    const seen = out.get(key);
    if (!seen || s.index > seen.index) out.set(key, s);
  }
  return out;
}
