/**
 * The action's side of confirmation before alerting (issue 22 item 2): after a baseline run on
 * the default branch, the history's open regressions that no paired run has looked at yet are
 * measured as pairs in this job (engine/confirm.ts: fetch, A/B, bisect), within what is left of
 * `time-budget`, and the conclusions are appended to the store beside the history. The alert
 * and the dashboard then read them. This module only translates inputs and stores the outcome.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { readComparison } from '../compare/read-comparison.js';
import { confirmSteps, stepsToConfirm } from '../engine/confirm.js';
import { suiteSteps } from '../engine/history-report.js';
import type { HistoryStore } from '../engine/history-series.js';
import { renderConfirmationSummary } from '../report/confirmation-summary.js';
import { confirmationIndex, type Step } from '../report/steps.js';
import type { ConfirmationRecord } from '../results/confirmation-record.js';
import { historyProblemLines, type HistoryRecord } from '../results/history-record.js';
import { publishFlameGraphImages } from '../store/published-images.js';
import type { AlertConfirmations } from '../store/services.js';
import type { RunContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import { measureSettings } from './measure.js';

export interface HistoryConfirmation {
  confirm: AlertConfirmations;
  /** Markdown for the job summary (empty when nothing was measured or left pending). */
  summary: string;
}

/** Where the culprit's differential flame graph goes: the images refs, as the PR comment's images. */
export interface ImageTarget {
  remote: string;
  token: string | undefined;
  /** The flamegraph-images-days input: images are pruned after it, and their links with them. */
  keepDays: number;
}

/**
 * Confirms the suite's unconfirmed open regressions on main (`main`: its history records there)
 * and returns every confirmation known, for the alert. `startedAt`: when this job's measuring
 * began, so confirmation gets what is left of `time-budget`.
 */
export async function confirmHistory(o: {
  inputs: ActionInputs;
  ctx: RunContext;
  store: HistoryStore;
  suiteId: string;
  main: readonly HistoryRecord[];
  startedAt: string;
  runUrl: string;
  images: ImageTarget;
}): Promise<HistoryConfirmation> {
  const { inputs, ctx, store, suiteId } = o;
  const known: ConfirmationRecord[] = [];
  if (store.readConfirmations) {
    const read = await store.readConfirmations(suiteId);
    for (const line of historyProblemLines(read.problems)) core.warning(`history: ${line}`);
    known.push(...read.records);
  }
  const steps = suiteSteps(o.main, suiteId, {}, { confirmations: confirmationIndex(known) });
  const todo = stepsToConfirm(steps);
  if (todo.length === 0)
    return { confirm: { confirmations: confirmationIndex(known), requireConfirmation: true }, summary: '' };
  const budgetMs =
    inputs.timeBudgetMs === null ? null : Math.max(0, inputs.timeBudgetMs - (Date.now() - Date.parse(o.startedAt)));
  const repoUrl = `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}`;
  // The step's benchmark is what is measured, whatever the run's filter (a shard never gets here).
  const { filter: _filter, ...settings } = measureSettings(inputs, ctx.signal);
  core.startGroup(`perfgate: confirming ${todo.length} step(s) of the history with paired runs`);
  let report;
  try {
    report = await confirmSteps({
      ...settings,
      cwd: ctx.workspace,
      suitePath: inputs.suite,
      outDir: path.join(inputs.out, 'confirm'),
      steps: todo,
      budgetMs,
      runUrl: o.runUrl,
      log: (line) => core.info(line),
      ...(inputs.flamegraphImages && !ctx.pr?.readOnly
        ? { publish: (step: Step, dir: string) => publishCulpritImage(o, step, dir) }
        : {}),
    });
  } finally {
    core.endGroup();
  }
  for (const u of report.unconfirmable)
    core.warning(
      `the step of ${u.step.benchmark} ${u.step.metric} in ${u.step.lastBefore.commit.slice(0, 12)}..${u.step.firstAfter.commit.slice(0, 12)} could not be measured as pairs: ${u.reason} (not alerted; tried again on the next run)`,
    );
  if (report.records.length > 0 && store.appendConfirmations) {
    try {
      await store.appendConfirmations(report.records);
    } catch (err) {
      core.warning(
        `could not store ${report.records.length} step confirmation(s) in ${store.where}: ${errorMessage(err)}; the next run measures them again`,
      );
    }
  }
  return {
    confirm: { confirmations: confirmationIndex([...known, ...report.records]), requireConfirmation: true },
    summary: renderConfirmationSummary({ ...report, repoUrl }),
  };
}

/** The culprit's differential flame graph on the data branch; null (with a warning) when there is none. */
async function publishCulpritImage(
  o: { ctx: RunContext; suiteId: string; images: ImageTarget },
  step: Step,
  dir: string,
): Promise<string | null> {
  try {
    const comparison = await readComparison(path.join(dir, 'comparison.json'));
    const published = await publishFlameGraphImages({
      comparison,
      suiteId: o.suiteId,
      key: 'culprits',
      target: {
        remote: o.images.remote,
        ...(o.images.token ? { token: o.images.token } : {}),
      },
      keepDays: o.images.keepDays,
      serverUrl: o.ctx.serverUrl,
      repository: `${o.ctx.repo.owner}/${o.ctx.repo.name}`,
    });
    for (const w of published.warnings) core.warning(w);
    return published.urls[step.benchmark] ?? null;
  } catch (err) {
    core.warning(`no flame graph for the culprit of ${step.benchmark}: ${errorMessage(err)}`);
    return null;
  }
}
