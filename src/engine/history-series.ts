/**
 * History as both front ends use it: the store interface (a directory or a git ref, see
 * store/history-*.ts), series selection, and change points named by commit. The alert and
 * dashboard code build on these, so a series means the same thing everywhere.
 */
import type { HistoryPoint, HistoryRecord, ParsedHistory } from '../results/history-record.js';
import { seriesOf, suiteIdProblem } from '../results/history-record.js';
import { groupBy } from '../tools/group.js';
import type { ConfirmationRecord, ParsedConfirmations } from '../results/confirmation-record.js';
import { bootstrapMeanRatio, type BootstrapOptions, type BootstrapResult } from '../stats/bootstrap.js';
import {
  DEFAULT_CHANGEPOINT_OPTIONS,
  detectChangePoints,
  type ChangePoint,
  type ChangePointOptions,
} from '../stats/changepoint.js';

export interface HistoryStore {
  /** Where it is, for messages (`.perfgate/history`, `refs/perfgate/history on https://…`). */
  readonly where: string;
  append(records: readonly HistoryRecord[]): Promise<{ files: string[]; records: number }>;
  /** Every record (or one suite's) and every problem met; never throws over content. */
  read(suiteId?: string): Promise<ParsedHistory>;
  /** What paired runs concluded about a suite's steps (results/confirmation-record.ts). */
  readConfirmations?(suiteId: string): Promise<ParsedConfirmations>;
  appendConfirmations?(records: readonly ConfirmationRecord[]): Promise<void>;
}

export interface SeriesFilter {
  suiteId?: string;
  benchmark?: RegExp;
  metric?: string;
}

export interface Series {
  suite: string;
  benchmark: string;
  metric: string;
  unit: string;
  /** Oldest first. */
  points: HistoryPoint[];
}

/** Records → the series that pass the filter, by suite, then in the order benchmarks first appear. */
export function selectSeries(records: readonly HistoryRecord[], filter: SeriesFilter = {}): Series[] {
  // A benchmark regex is tested once per benchmark name, not once per record.
  const pattern = filter.benchmark;
  const benchmarkPasses = new Map<string, boolean>();
  const passes = (r: HistoryRecord): boolean => {
    if (filter.suiteId !== undefined && r.suite !== filter.suiteId) return false;
    if (filter.metric !== undefined && r.metric !== filter.metric) return false;
    if (!pattern) return true;
    let ok = benchmarkPasses.get(r.benchmark);
    if (ok === undefined) benchmarkPasses.set(r.benchmark, (ok = pattern.test(r.benchmark)));
    return ok;
  };
  const bySuite = groupBy(
    records.filter((r) => passes(r)),
    (r) => r.suite,
  );
  const out: Series[] = [];
  for (const [suite, recs] of [...bySuite].sort(([a], [b]) => a.localeCompare(b))) {
    for (const points of seriesOf(recs).values()) {
      const last = points[points.length - 1] as HistoryPoint;
      out.push({ suite, benchmark: last.record.benchmark, metric: last.record.metric, unit: last.record.unit, points });
    }
  }
  return out;
}

export interface HistoryChangePoint extends ChangePoint {
  /** The first commit after the step. */
  commit: string;
  /** The last commit before it: the step lies in (previousCommit, commit]. */
  previousCommit: string;
  date: string;
  /** The machine fingerprint differs across the step: likely the runner, not the code. */
  fingerprintChanged: boolean;
}

/**
 * The change points of one series. Without an explicit minMagnitude, the series' own noise
 * threshold θ (from the suite, recorded with each point) is used, else the default: a step
 * smaller than θ is not one the gate would report either.
 */
export function detectSeries(
  series: Series,
  options: Partial<ChangePointOptions> = {},
): { changePoints: HistoryChangePoint[]; outliers: number[] } {
  const theta = series.points[series.points.length - 1]?.record.threshold;
  const opts: ChangePointOptions = {
    window: options.window ?? DEFAULT_CHANGEPOINT_OPTIONS.window,
    p: options.p ?? DEFAULT_CHANGEPOINT_OPTIONS.p,
    minMagnitude: options.minMagnitude ?? theta ?? DEFAULT_CHANGEPOINT_OPTIONS.minMagnitude,
    ...(options.mode ? { mode: options.mode } : {}),
  };
  const { changePoints, outliers } = detectChangePoints(
    series.points.map((p) => p.value),
    opts,
  );
  return {
    changePoints: changePoints.map((c) => {
      const at = series.points[c.index] as HistoryPoint;
      const before = series.points[c.index - 1] as HistoryPoint;
      return {
        ...c,
        commit: at.commit,
        previousCommit: before.commit,
        date: at.date,
        fingerprintChanged: at.record.fingerprint !== before.record.fingerprint,
      };
    }),
    outliers,
  };
}

function mean(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] as number;
  return sum / x.length;
}

/**
 * Resamples of every step interval, wherever it is printed (`history detect`, the dashboard, the
 * alert, the PR comment's note), so they print the same interval for the same step. Enough for
 * an interval printed to a tenth of a percent; 10000 (the bootstrap's default, which the site and
 * the alert used) made the dashboard of a year × 400 series cost 12 s of CPU.
 */
export const STEP_RESAMPLES = 2000;

/** No interval for a step, and why (said next to the step instead of an interval). */
export interface NoInterval {
  none: string;
}

/**
 * The relative change of the k-th change point (after / before − 1 of the segment means, as
 * `change`) with a bootstrap interval (BCa, 95% by default): the nights of the segment before
 * (from the previous change point) and after (to the next one) are resampled independently, so
 * the interval says how well the nights pin the step down. Raw samples are not needed: each
 * night is one point. `outliers` (the detector's) are left out, as the detector set them aside:
 * one slow night would otherwise stretch the interval across zero.
 * No interval (`{ none }`) when the outlier guard set aside every night on one side (a short
 * segment of slow nights: the detector saw them replaced by their neighbours, so there is nothing
 * of their own left to resample), or when the level before is 0 (a count that was zero: no
 * relative change). Throws RangeError only for a k that is not a change point (a caller's bug).
 * STEP_RESAMPLES resamples unless `options` says otherwise.
 */
export function stepInterval(
  values: readonly number[],
  changePoints: readonly { index: number }[],
  k: number,
  outliers: readonly number[] = [],
  options: BootstrapOptions = {},
): BootstrapResult | NoInterval {
  const at = changePoints[k]?.index;
  if (at === undefined) throw new RangeError(`stepInterval: no change point ${k} (of ${changePoints.length})`);
  const from = k > 0 ? (changePoints[k - 1] as { index: number }).index : 0;
  const to = k + 1 < changePoints.length ? (changePoints[k + 1] as { index: number }).index : values.length;
  const skip = new Set(outliers);
  const part = (a: number, b: number): number[] => values.slice(a, b).filter((_, i) => !skip.has(a + i));
  const before = part(from, at);
  const after = part(at, to);
  const side = before.length === 0 ? 'before' : after.length === 0 ? 'after' : null;
  if (side)
    return {
      none: `no interval: every night ${side} the step (points ${side === 'before' ? from : at}–${(side === 'before' ? at : to) - 1}) was set aside as an outlier`,
    };
  if (mean(before) === 0)
    return { none: 'no interval: the level before the step is 0, so there is no relative change' };
  return bootstrapMeanRatio(before, after, { resamples: STEP_RESAMPLES, ...options });
}

/**
 * The default suite id: the suite file's path without its extension, `/` → `-`
 * (`perfgate.yml` → `perfgate`, `bench/perfgate.yml` → `bench-perfgate`).
 */
export function suiteIdFromPath(suitePath: string): string {
  const id = suitePath
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\.[A-Za-z0-9]+$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
  return suiteIdProblem(id) === null ? id : 'suite';
}
