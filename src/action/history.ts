/**
 * Baseline runs keep a durable history: each appends one record per benchmark × metric to the
 * data branch (or, on a persistent runner, a directory), so nightly runs can be charted and
 * their steps found (docs/history.md). A history that cannot be written is a warning: the
 * measured results are still in the artifact and the job summary.
 */
import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import type { HistoryStore } from '../engine/history.js';
import { toHistoryRecords } from '../results/history.js';
import type { ResultsDoc } from '../results/types.js';
import { directoryHistoryStore } from '../store/history-dir.js';
import { gitHistoryStore } from '../store/history-git.js';
import type { RunContext } from './context.js';
import type { ActionInputs } from './inputs.js';

/** The suite's id as a history directory name (`/` is not allowed there). */
export function historySuiteId(inputs: ActionInputs): string {
  return inputs.suiteId.replace(/\//g, '-');
}

/** The store the inputs name, or null when history is off. */
export function historyStore(inputs: ActionInputs, ctx: RunContext): HistoryStore | null {
  if (!inputs.history) return null;
  if (inputs.historyPath) return directoryHistoryStore(inputs.historyPath);
  const remote = inputs.historyRemote ?? `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}.git`;
  return gitHistoryStore({ remote, branch: inputs.historyBranch, ...(inputs.token ? { token: inputs.token } : {}), log: (m) => core.info(m) });
}

/** Appends this baseline run; returns a line for the job summary. */
export async function recordHistory(inputs: ActionInputs, ctx: RunContext, doc: ResultsDoc, runUrl: string): Promise<string> {
  const store = historyStore(inputs, ctx);
  if (!store) return '';
  try {
    const records = toHistoryRecords(doc, { suiteId: historySuiteId(inputs), runUrl, ...(ctx.ref ? { ref: ctx.ref } : {}) });
    const r = await store.append(records);
    core.info(`history: ${r.records} record(s) appended to ${store.where} (${r.files.join(', ')})`);
    return `\nHistory: ${r.records} record(s) appended to \`${store.where}\`.\n`;
  } catch (err) {
    core.warning(`could not append to the history in ${store.where}: ${errorMessage(err)} (needs contents: write for the data branch); the results are still in the baseline artifact`);
    return `\n> ⚠️ The history in \`${store.where}\` could not be written: ${errorMessage(err)}\n`;
  }
}
