/**
 * Measuring inside the action: the host pre-flight first (printed in a collapsible group and
 * refused with `require-quiet` on a busy host), then the suite, with the action's inputs as
 * overrides. Shared by every mode that measures.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { runDoctor, quietVerdict } from '../host/doctor.js';
import { parseCpuList } from '../host/cpus.js';
import { rootsFromEnv } from '../host/roots.js';
import { EnvironmentError } from '../errors.js';
import { measureSuite, type MeasureOptions, type MeasureOutcome } from '../engine/run.js';
import { renderChecksMarkdown, renderChecksText } from '../report/checks.js';
import type { ActionInputs } from './inputs.js';
import type { RunContext } from './context.js';

/** Host checks and pre-flight before measuring; returns their markdown for the job summary. */
export async function preflight(inputs: ActionInputs): Promise<string> {
  const cpus = inputs.cpus && inputs.cpus !== 'auto' ? parseCpuList(inputs.cpus) : null;
  const report = await runDoctor(rootsFromEnv(process.env), { cpus });
  core.startGroup(`perfgate host checks: ${report.counts.pass} pass, ${report.counts.warn} warn, ${report.counts.fail} fail, ${report.counts.unknown} unknown`);
  core.info(renderChecksText(report));
  core.endGroup();
  const md = `<details><summary>Host checks</summary>\n\n${renderChecksMarkdown(report)}\n</details>\n\n`;
  const quiet = quietVerdict(report);
  if (!quiet.quiet) {
    if (inputs.requireQuiet) throw new EnvironmentError(`require-quiet: the runner is busy, refusing to measure: ${quiet.reasons.join('; ')}`);
    core.warning(`the runner is busy (${quiet.reasons.join('; ')}): results may be noisy`);
  }
  return md;
}

export function measureOptions(inputs: ActionInputs, ctx: RunContext, outDir: string, extra: Partial<MeasureOptions> = {}): MeasureOptions {
  return {
    suitePath: inputs.suite,
    outDir,
    ...(inputs.iterations !== null ? { iterations: inputs.iterations } : {}),
    ...(inputs.backend !== null ? { backend: inputs.backend } : {}),
    ...(inputs.filter !== null ? { filter: inputs.filter } : {}),
    ...(inputs.cpus !== null ? { cpus: inputs.cpus } : {}),
    ...(inputs.shard !== null ? { shard: inputs.shard } : {}),
    ...(inputs.tune ? { tune: true, tuningStateFile: tuningStateFile() } : {}),
    git: { sha: ctx.pr?.headSha || ctx.mergeGroup?.headSha || ctx.sha || null, ref: ctx.ref || null },
    parentEnv: process.env,
    stderr: process.stderr,
    isTTY: false,
    ...extra,
  };
}

export async function measureHead(inputs: ActionInputs, ctx: RunContext, outDir: string): Promise<MeasureOutcome> {
  const outcome = await measureSuite(measureOptions(inputs, ctx, outDir));
  core.info(`results: ${outcome.resultsPath}`);
  return outcome;
}

/** Where tuning keeps the previous host settings; the post step restores from it. */
export function tuningStateFile(): string {
  return path.join(process.env.RUNNER_TEMP ?? '/tmp', 'perfgate-tuning.json');
}
