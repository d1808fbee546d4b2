/**
 * The action's orchestration: read inputs, measure the suite, publish outputs and the job
 * summary. GitHub is reached only through the `ActionEnv` passed in, so tests and the real
 * runner drive the same code.
 */
import * as core from '@actions/core';
import { measureSuite } from '../measure/session.js';
import { renderSummaryMarkdown, renderSummaryText } from '../report/summary.js';
import { readInputs } from './inputs.js';

export async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs = readInputs((name) => core.getInput(name), workspace);
  const sha = process.env.GITHUB_SHA ?? null;
  const ref = process.env.GITHUB_REF ?? null;

  const outcome = await measureSuite({
    suitePath: inputs.suite,
    outDir: inputs.out,
    ...(inputs.iterations !== null ? { iterations: inputs.iterations } : {}),
    ...(inputs.backend !== null ? { backend: inputs.backend } : {}),
    ...(inputs.filter !== null ? { filter: inputs.filter } : {}),
    ...(inputs.cpus !== null ? { cpus: inputs.cpus } : {}),
    ...(sha !== null ? { git: { sha, ref } } : {}),
    parentEnv: process.env,
    stderr: process.stderr,
    isTTY: false,
  });

  core.setOutput('results', outcome.resultsPath);
  core.setOutput('backend', outcome.doc.backend);
  core.info(renderSummaryText(outcome.doc));
  await core.summary.addRaw(renderSummaryMarkdown(outcome.doc)).write();

  const broken = outcome.doc.benchmarks.filter((b) => b.status !== 'ok');
  if (broken.length > 0) {
    throw new Error(`${broken.length} benchmark(s) did not complete: ${broken.map((b) => `${b.name} (${b.status})`).join(', ')}; results in ${outcome.resultsPath}`);
  }
}
