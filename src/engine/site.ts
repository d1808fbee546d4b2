/**
 * `perfgate history site`: the history (from any HistoryStore) → the static dashboard
 * (report/dashboard.ts) in one directory, ready for GitHub Pages: index.html, self-contained,
 * and an empty .nojekyll so Pages serves it as it is.
 */
import path from 'node:path';
import { loadChartLibraries } from '../report/chart-libs.js';
import { writeFileAtomic } from '../tools/atomic.js';
import { renderDashboard, type DashboardInput, type DashboardSeries } from '../report/dashboard.js';
import { confirmationIndex, type StepOptions } from '../report/steps.js';
import type { ConfirmationRecord } from '../results/confirmation-record.js';
import type { HistoryProblem, HistoryRecord } from '../results/history-record.js';
import { DEFAULT_CHANGEPOINT_OPTIONS, type ChangePointOptions } from '../stats/changepoint.js';
import { selectSeries, type HistoryStore, type SeriesFilter } from './history-series.js';
import { seriesSteps } from './history-report.js';

export interface SiteOptions extends StepOptions {
  title?: string;
  /** `https://github.com/OWNER/REPO/commit/{sha}`; none: commits are shown, not linked. */
  commitUrl?: string;
  detect?: Partial<ChangePointOptions>;
  filter?: SeriesFilter;
  /** ISO 8601; default now. */
  generatedAt?: string;
}

/** The dashboard's series: every selected series with its steps and the outliers set aside. */
export function siteSeries(records: readonly HistoryRecord[], options: SiteOptions = {}): DashboardSeries[] {
  return selectSeries(records, options.filter).map((s) => ({ ...s, ...seriesSteps(s, options.detect, options) }));
}

export function siteInput(records: readonly HistoryRecord[], options: SiteOptions = {}): DashboardInput {
  const d = { ...DEFAULT_CHANGEPOINT_OPTIONS, ...options.detect };
  return {
    title: options.title ?? 'perfgate: benchmark history',
    series: siteSeries(records, options),
    ...(options.commitUrl !== undefined ? { commitUrl: options.commitUrl } : {}),
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    method: `E-divisive means, window ${d.window}, p ${d.p}, minimum magnitude ${options.detect?.minMagnitude !== undefined ? `${+(options.detect.minMagnitude * 100).toFixed(2)}%` : 'θ of each metric'}`,
  };
}

export interface SiteResult {
  file: string;
  bytes: number;
  series: number;
  openRegressions: number;
  /** Lines of the store that could not be read (reported, and left out of the page). */
  problems: HistoryProblem[];
}

export async function buildSite(store: HistoryStore, outDir: string, options: SiteOptions = {}): Promise<SiteResult> {
  const { records, problems } = await store.read(options.filter?.suiteId);
  // What paired runs concluded about the steps (engine/confirm.ts): drift is marked as such.
  const confirmations: ConfirmationRecord[] = [];
  if (store.readConfirmations && !options.confirmations) {
    for (const suite of new Set(records.map((r) => r.suite))) {
      const c = await store.readConfirmations(suite);
      for (const r of c.records) confirmations.push(r);
      for (const p of c.problems) problems.push(p);
    }
  }
  const input = siteInput(records, {
    ...options,
    ...(confirmations.length > 0 ? { confirmations: confirmationIndex(confirmations) } : {}),
  });
  const html = renderDashboard(input, loadChartLibraries());
  const file = path.join(outDir, 'index.html');
  // Whole or not at all: a full disk left a 0-byte index.html that Pages served as the dashboard.
  await writeFileAtomic(file, html);
  await writeFileAtomic(path.join(outDir, '.nojekyll'), '');
  return {
    file,
    bytes: Buffer.byteLength(html),
    series: input.series.length,
    openRegressions: input.series.filter((s) =>
      s.steps.some((x) => x.kind === 'regression' && x.open && x.confirmation?.outcome !== 'rejected'),
    ).length,
    problems,
  };
}
