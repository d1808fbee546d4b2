/**
 * Measuring inside the action: the host pre-flight first (printed in a collapsible group and
 * refused with `require-quiet` on a busy host), then the suite, with the action's inputs as
 * overrides. Shared by every mode that measures.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { checkHost } from '../engine/check-host.js';
import { quietVerdict } from '../host/run-doctor.js';
import { rootsFromEnv } from '../host/roots.js';
import { EnvironmentError } from '../errors.js';
import { measureSuite, type MeasureOutcome } from '../engine/run.js';
import type { MeasureSettings } from '../engine/rig.js';
import { renderChecksDetails, renderChecksText } from '../report/checks-table.js';
import type { ActionInputs } from './inputs.js';
import type { RunContext } from './context.js';
import { withoutSecrets } from '../tools/secrets.js';

/** Host checks and pre-flight before measuring; returns their markdown for the job summary. */
export async function preflight(inputs: ActionInputs): Promise<string> {
  return (await hostPreflight(inputs)).md;
}

/**
 * preflight, with the ids of the checks that failed as well: a baseline run keeps them in its
 * history records, so an alert can say the runs around a step ran on a busy host.
 */
export async function hostPreflight(inputs: ActionInputs): Promise<{ md: string; failed: string[] }> {
  // The same CPUs `perfgate doctor` checks: the `cpus` input, else the suite's pinned CPUs.
  const report = await checkHost({
    ...(inputs.cpus !== null ? { cpus: inputs.cpus } : {}),
    suiteFile: inputs.suite,
    suiteRequired: true,
    roots: rootsFromEnv(process.env),
    flag: "input 'cpus'",
  });
  core.startGroup(
    `perfgate host checks: ${report.counts.pass} pass, ${report.counts.warn} warn, ${report.counts.fail} fail, ${report.counts.unknown} unknown`,
  );
  core.info(renderChecksText(report));
  core.endGroup();
  const md = renderChecksDetails(report);
  const quiet = quietVerdict(report);
  if (!quiet.quiet) {
    if (inputs.requireQuiet)
      throw new EnvironmentError(`require-quiet: the runner is busy, refusing to measure: ${quiet.reasons.join('; ')}`);
    core.warning(`the runner is busy (${quiet.reasons.join('; ')}): results may be noisy`);
  }
  return { md, failed: report.checks.filter((c) => c.status === 'fail').map((c) => c.id) };
}

/** The action's inputs as the engine's settings: the same for one session and for pairs. */
export function measureSettings(inputs: ActionInputs, signal?: AbortSignal): MeasureSettings {
  return {
    ...(inputs.iterations !== null ? { iterations: inputs.iterations } : {}),
    ...(inputs.maxIterations !== null ? { maxIterations: inputs.maxIterations } : {}),
    ...(inputs.backend !== null ? { backend: inputs.backend } : {}),
    ...(inputs.filter !== null ? { filter: inputs.filter } : {}),
    ...(inputs.cpus !== null ? { cpus: inputs.cpus } : {}),
    ...(inputs.pairing !== null ? { pairing: inputs.pairing } : {}),
    ...(inputs.shard !== null ? { shard: inputs.shard } : {}),
    ...(inputs.tune ? { tune: true, tuningStateFile: tuningStateFile() } : {}),
    // Setup inherits this: the job's environment less every variable holding a secret (tools/secrets.ts).
    parentEnv: withoutSecrets(process.env),
    stderr: process.stderr,
    ...(signal ? { signal } : {}),
  };
}

export async function measureHead(inputs: ActionInputs, ctx: RunContext, outDir: string): Promise<MeasureOutcome> {
  const outcome = await measureSuite({
    ...measureSettings(inputs, ctx.signal),
    suitePath: inputs.suite,
    outDir,
    git: { sha: ctx.pr?.headSha || ctx.mergeGroup?.headSha || ctx.sha || null, ref: ctx.ref || null },
    isTTY: false,
  });
  core.info(`results: ${outcome.resultsPath}`);
  return outcome;
}

/** Where tuning keeps the previous host settings; the post step restores from it. */
export function tuningStateFile(): string {
  return path.join(process.env.RUNNER_TEMP ?? '/tmp', 'perfgate-tuning.json');
}
