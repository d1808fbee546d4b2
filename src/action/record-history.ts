/**
 * Baseline runs keep a durable history: each appends one record per benchmark × metric to the
 * history ref (or, on a persistent runner, a directory), so nightly runs can be charted and
 * their steps found (docs/history.md). A history that cannot be written is a warning: the
 * measured results are still in the artifact and the job summary.
 */
import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import type { HistoryStore } from '../engine/history-series.js';
import { historyProblemLines, toHistoryRecords } from '../results/history-record.js';
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { historyForReport } from '../engine/history-report.js';
import type { ReportInput } from '../report/markdown.js';
import { publishFlameGraphImages } from '../store/published-images.js';
import type { GitHubServices } from '../store/services.js';
import type { ResultsDoc } from '../results/results-doc.js';
import { directoryHistoryStore } from '../store/history-dir.js';
import { tokenForRemote } from '../store/git-remote.js';
import { gitHistoryStore } from '../store/history-git.js';
import { commitSubject } from '../tools/git.js';
import type { RunContext } from './context.js';
import { confirmHistory, type HistoryConfirmation } from './confirm-history.js';
import { confirmationIndex } from '../report/steps.js';
import { previousNight, type NightlyAlert, type PreviousNight } from '../report/nightly.js';
import { interruptedBy } from '../tools/interrupt.js';
import type { ActionInputs } from './inputs.js';

/** The suite's id as a history directory name (`/` is not allowed there). */
export function historySuiteId(inputs: ActionInputs): string {
  return inputs.suiteId.replace(/\//g, '-');
}

/** The repository of the data refs (this one unless `history-remote`), and the token it may get. */
export function dataBranchRemote(inputs: ActionInputs, ctx: RunContext): { remote: string; token: string | undefined } {
  const remote = inputs.historyRemote ?? `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}.git`;
  return { remote, token: tokenForRemote(remote, ctx.serverUrl, inputs.token) };
}

/** The store the inputs name, or null when history is off. */
export function historyStore(inputs: ActionInputs, ctx: RunContext): HistoryStore | null {
  if (!inputs.history) return null;
  if (inputs.historyPath) return directoryHistoryStore(inputs.historyPath);
  const { remote, token } = dataBranchRemote(inputs, ctx);
  return gitHistoryStore({
    remote,
    ref: inputs.historyRef,
    legacy: inputs.historyLegacy,
    ...(token ? { token } : {}),
    log: (m) => core.info(m),
  });
}

/** Whether this run is on the default branch (push or schedule there): only its history is "main". */
function onDefaultBranch(ctx: RunContext): boolean {
  return ctx.defaultBranch !== null && ctx.ref === `refs/heads/${ctx.defaultBranch}`;
}

/** What recording a baseline run leaves for its job summary. */
export interface RecordedHistory {
  /** Lines on where the records went, the confirmations, a failure. */
  note: string;
  /** The run before this one on the same ref, beside this one; null: none; undefined: no history to ask. */
  previous: PreviousNight | null | undefined;
  /** The suite's alert issue, when the alert step found or wrote one. */
  alert: NightlyAlert | null;
}

/**
 * Appends this baseline run, then reads the suite's history back once: for the comparison with
 * the previous run on this ref, and, on the default branch, to confirm the history's new steps
 * with paired runs (confirm-steps) and let the confirmed ones open or update the suite's alert
 * issue (alerts).
 */
export async function recordHistory(
  inputs: ActionInputs,
  ctx: RunContext,
  gh: GitHubServices,
  doc: ResultsDoc,
  /** The run's URL, and the ids of its pre-flight's failed host checks when it had one. */
  run: { url: string; hostFailed?: readonly string[] | undefined },
): Promise<RecordedHistory> {
  const none = (note: string): RecordedHistory => ({ note, previous: undefined, alert: null });
  const store = historyStore(inputs, ctx);
  if (!store) return none('');
  let note: string;
  let tonight;
  try {
    // The workspace is the checked-out repository: the measured commit is there.
    const subject = doc.git.sha ? await commitSubject(ctx.workspace, doc.git.sha) : null;
    tonight = toHistoryRecords(doc, {
      suiteId: historySuiteId(inputs),
      runUrl: run.url,
      subject,
      ...(run.hostFailed ? { hostFailed: run.hostFailed } : {}),
      ...(ctx.ref ? { ref: ctx.ref } : {}),
    });
    const r = await store.append(tonight);
    core.info(`history: ${r.records} record(s) appended to ${store.where} (${r.files.join(', ')})`);
    note = `History: ${r.records} record(s) appended to \`${store.where}\`.\n`;
  } catch (err) {
    core.warning(
      `could not append to the history in ${store.where}: ${errorMessage(err)} (needs contents: write for the history ref); the results are still in the baseline artifact`,
    );
    return none(`> ⚠️ The history in \`${store.where}\` could not be written: ${errorMessage(err)}\n`);
  }
  let records;
  try {
    const read = await store.read(historySuiteId(inputs));
    for (const line of historyProblemLines(read.problems)) core.warning(`history: ${line}`);
    records = read.records;
  } catch (err) {
    core.warning(`could not read the history in ${store.where}: ${errorMessage(err)}; no alert this run`);
    return none(note);
  }
  const previous = previousNight(records, tonight);
  // Confirmation serves the PR comment's notes as well as the alert: it runs with either.
  if (!onDefaultBranch(ctx) || (!inputs.alerts && !inputs.confirmSteps)) return { note, previous, alert: null };
  const main = records.filter((r) => r.ref === null || r.ref === ctx.ref);
  // The history's steps are hypotheses (runners drift between sessions): paired runs first.
  let confirmed: HistoryConfirmation | null = null;
  if (inputs.confirmSteps) {
    try {
      const { remote, token } = dataBranchRemote(inputs, ctx);
      confirmed = await confirmHistory({
        inputs,
        ctx,
        store,
        suiteId: historySuiteId(inputs),
        main,
        startedAt: doc.startedAt,
        runUrl: run.url,
        images: { remote, token, keepDays: inputs.flamegraphImagesDays },
      });
    } catch (err) {
      if (interruptedBy(ctx.signal)) throw err;
      core.warning(`could not confirm the history's steps: ${errorMessage(err)}; unconfirmed steps are not alerted`);
      confirmed = { confirm: { confirmations: new Map(), requireConfirmation: true }, summary: '' };
    }
    note += confirmed.summary;
  }
  if (!inputs.alerts) return { note, previous, alert: null };
  try {
    const a = await gh.alertOnHistory(main, historySuiteId(inputs), ctx.serverUrl, confirmed?.confirm);
    if (a.action !== 'none')
      core.info(`alert issue ${a.action}${a.number !== null ? ` (#${a.number})` : ''}: ${a.reason}`);
    const alert = a.number !== null && a.url !== null ? { number: a.number, url: a.url, state: a.state } : null;
    return {
      note: note + (a.number !== null ? `Alert issue: [#${a.number}](${a.url ?? ''}) (${a.action}).\n` : ''),
      previous,
      alert,
    };
  } catch (err) {
    core.warning(`could not update the alert issue: ${errorMessage(err)} (needs issues: write)`);
    return { note, previous, alert: null };
  }
}

/**
 * What the history on the base branch says about a pull request's comparison: trend charts of the
 * changed benchmarks and notes on steps main already has. Best effort: no history, no section.
 */
export async function historyForComment(
  inputs: ActionInputs,
  ctx: RunContext,
  comparison: ComparisonDoc,
  baseBranch: string | null,
): Promise<ReportInput['history'] | undefined> {
  const store = historyStore(inputs, ctx);
  if (!store || baseBranch === null) return undefined;
  try {
    const { records } = await store.read(historySuiteId(inputs));
    const main = records.filter((r) => r.ref === null || r.ref === `refs/heads/${baseBranch}`);
    if (main.length === 0) return undefined;
    // "Main already regressed" only for steps a paired run confirmed (drift is no news).
    const confirmations =
      inputs.confirmSteps && store.readConfirmations
        ? (await store.readConfirmations(historySuiteId(inputs))).records
        : [];
    return historyForReport(main, comparison, {
      suiteId: historySuiteId(inputs),
      repoUrl: `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}`,
      confirmations: confirmationIndex(confirmations),
      confirmedOnly: inputs.confirmSteps,
    });
  } catch (err) {
    core.info(`no history for the comment: ${errorMessage(err)}`);
    return undefined;
  }
}

/** Changed benchmarks' differential flame graphs as images on this month's images ref, for the comment. */
export async function commentImages(
  inputs: ActionInputs,
  ctx: RunContext,
  comparison: ComparisonDoc,
): Promise<Record<string, string>> {
  if (!inputs.flamegraphImages || ctx.pr?.readOnly) return {};
  const { remote, token } = dataBranchRemote(inputs, ctx);
  const published = await publishFlameGraphImages({
    comparison,
    suiteId: historySuiteId(inputs),
    key: ctx.pr
      ? `pr-${ctx.pr.number}`
      : ctx.mergeGroup
        ? `merge-${ctx.mergeGroup.headSha.slice(0, 12)}`
        : ctx.ref.replace(/^refs\/heads\//, '') || 'run',
    target: { remote, ...(token ? { token } : {}) },
    keepDays: inputs.flamegraphImagesDays,
    serverUrl: ctx.serverUrl,
    repository: `${ctx.repo.owner}/${ctx.repo.name}`,
  });
  for (const w of published.warnings) core.warning(w);
  if (published.pruned.length > 0)
    core.info(
      `flame graph images: deleted ${published.pruned.join(', ')} (older than ${inputs.flamegraphImagesDays} days)`,
    );
  return published.urls;
}
