/**
 * The history on main as the PR comment uses it (issue 13 items 4 and 5): the steps of every
 * series of a suite (report/steps.ts over engine/history-series.ts change points), and from them and a
 * comparison the two things renderReport's `history` input takes: trend charts of the changed
 * benchmarks and notes about regressions already open on main.
 *
 *   const { records } = await store.read(suiteId);
 *   renderReport({ ..., history: historyForReport(records, comparison, { suiteId, repoUrl }) });
 */
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { historyNotes, type HistoryNote } from '../report/history-notes.js';
import { describeSteps, openRegressions, type Step, type StepOptions } from '../report/steps.js';
import { trendsForComparison, type TrendInput } from '../report/trend.js';
import { seriesKey, type HistoryRecord } from '../results/history-record.js';
import type { ChangePointOptions } from '../stats/changepoint.js';
import { detectSeries, selectSeries, stepInterval, type Series } from './history-series.js';

/**
 * Every step of every series of one suite's records, with the change points found as
 * engine/history-series.ts finds them everywhere (minimum magnitude θ of each metric unless `detect`
 * says otherwise).
 */
export function suiteSteps(
  records: readonly HistoryRecord[],
  suiteId: string,
  detect: Partial<ChangePointOptions> = {},
  options: StepOptions = {},
): Step[] {
  return selectSeries(records, { suiteId }).flatMap((s) => seriesSteps(s, detect, options).steps);
}

/** One series' steps, each with stepInterval's bootstrap interval, and the detector's outliers. */
export function seriesSteps(
  s: Series,
  detect: Partial<ChangePointOptions> = {},
  options: StepOptions = {},
): { steps: Step[]; outliers: number[] } {
  const { changePoints, outliers } = detectSeries(s, detect);
  const values = s.points.map((p) => p.value);
  const interval = (k: number): { change: number; ci: [number, number]; confLevel: number } | null => {
    const r = stepInterval(values, changePoints, k, outliers);
    return !('none' in r) && Number.isFinite(r.ci[0]) && Number.isFinite(r.ci[1])
      ? { change: r.estimate, ci: r.ci, confLevel: r.confLevel }
      : null;
  };
  return { steps: describeSteps(s.points, changePoints, { interval, ...options }), outliers };
}

export interface HistoryForReportOptions extends StepOptions {
  suiteId: string;
  /** `https://github.com/OWNER/REPO`, for commit links in the notes. */
  repoUrl?: string;
  detect?: Partial<ChangePointOptions>;
  /** Notes only for steps a paired run confirmed (StepOptions.confirmations says which). */
  confirmedOnly?: boolean;
}

export function historyForReport(
  records: readonly HistoryRecord[],
  doc: ComparisonDoc,
  o: HistoryForReportOptions,
): { notes: HistoryNote[]; trends: TrendInput[] } {
  const series = new Map(
    selectSeries(records, { suiteId: o.suiteId }).map((s) => [seriesKey(s.benchmark, s.metric), s.points]),
  );
  const open = openRegressions(suiteSteps(records, o.suiteId, o.detect, o), o.confirmedOnly ?? false);
  return { notes: historyNotes(doc.rows, open, o.repoUrl), trends: trendsForComparison(doc, series) };
}
