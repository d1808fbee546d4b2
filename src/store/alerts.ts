/**
 * History alerts end to end, for the action's baseline mode (issue 13 item 3): after a baseline
 * run has appended to the history, find the steps in each series of the suite, plan the suite's
 * issue against what it says now (report/alert.ts) and write the plan (store/issues.ts).
 *
 *   const result = await alertOnHistory({ client, repo, suiteId, records });
 *
 * `records` are the suite's history on main as the history store returns them (every month the
 * detector should see; a window of 50 needs at least 50 points to find anything at full power).
 */
import { planAlert, type AlertPlan } from '../report/alert.js';
import type { Step, StepOptions } from '../report/steps.js';
import { suiteSteps } from '../engine/history-report.js';
import type { HistoryRecord } from '../results/history-record.js';
import { DEFAULT_CHANGEPOINT_OPTIONS, type ChangePointOptions } from '../stats/changepoint.js';
import type { GitHubClient, RepoRef } from './github.js';
import { alertMarker, applyIssueWrite, findAlertIssue, type ApplyOptions, type IssueResult } from './issues.js';

export interface AlertOnHistoryOptions extends StepOptions, ApplyOptions {
  client: GitHubClient;
  repo: RepoRef;
  suiteId: string;
  /** The suite's history records on main (any order; other suites' records are ignored). */
  records: readonly HistoryRecord[];
  /** Detector settings; default DEFAULT_CHANGEPOINT_OPTIONS with θ of each metric as the minimum magnitude. */
  detect?: Partial<ChangePointOptions>;
  /** Web root for links; default GITHUB_SERVER_URL, else https://github.com. */
  serverUrl?: string;
  /** Login whose issue is the suite's; default github-actions[bot]. */
  author?: string;
  labels?: string[];
  /** Differential flame graph links by stepId (report/alert.ts), when the action made them. */
  flameGraphs?: ReadonlyMap<string, string>;
  /** Alert only regressions a paired run confirmed (report/alert.ts; StepOptions.confirmations has them). */
  requireConfirmation?: boolean;
  /** false: plan only, write nothing (a dry run). Default true. */
  write?: boolean;
}

export interface AlertOnHistoryResult extends IssueResult {
  plan: AlertPlan;
  steps: Step[];
}

export async function alertOnHistory(o: AlertOnHistoryOptions): Promise<AlertOnHistoryResult> {
  const steps = suiteSteps(o.records, o.suiteId, o.detect, o);
  const settings = { ...DEFAULT_CHANGEPOINT_OPTIONS, ...o.detect };
  const mine = o.records.filter((r) => r.suite === o.suiteId);
  const newest = mine.reduce<HistoryRecord | null>(
    (a, r) => (a === null || Date.parse(r.date) > Date.parse(a.date) ? r : a),
    null,
  );
  const target = { repo: o.repo, marker: alertMarker(o.suiteId), ...(o.author ? { author: o.author } : {}) };
  const previous = await findAlertIssue(o.client, target);
  const server = (o.serverUrl ?? process.env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const plan = planAlert({
    suiteId: o.suiteId,
    steps,
    previous,
    marker: target.marker,
    asOf: newest
      ? { commit: newest.commit, date: newest.date, ...(newest.runUrl ? { runUrl: newest.runUrl } : {}) }
      : { commit: '0000000', date: new Date(0).toISOString() },
    repoUrl: `${server}/${o.repo.owner}/${o.repo.repo}`,
    method: `E-divisive means, window ${settings.window}, p ${settings.p}, minimum magnitude ${o.detect?.minMagnitude !== undefined ? `${+(o.detect.minMagnitude * 100).toFixed(2)}%` : 'θ of each metric'}`,
    ...(o.flameGraphs ? { flameGraphs: o.flameGraphs } : {}),
    ...(o.requireConfirmation ? { requireConfirmation: true } : {}),
  });
  if (o.write === false)
    return {
      action: 'none',
      number: previous?.number ?? null,
      url: previous?.url ?? null,
      commented: false,
      plan,
      steps,
    };
  const result = await applyIssueWrite(
    o.client,
    target,
    previous,
    { ...plan, ...(o.labels ? { labels: o.labels } : {}) },
    o,
  );
  return { ...result, plan, steps };
}
