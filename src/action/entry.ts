/**
 * The action's entry: inputs and event read once, GitHub services built once, the mode run,
 * outputs set. Failures of the gate are returned as a reason, so src/index.ts has the one
 * setFailed.
 */
import * as core from '@actions/core';
import { InputError } from '../errors.js';
import { createGitHubServices } from '../store/services.js';
import type { RunContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import type { GitHubServices } from '../store/services.js';
import { readContext, resolveMode } from './context.js';
import { readInputs } from './inputs.js';
import { withInterrupt } from '../tools/interrupt.js';
import { commentCancelled } from './cancel.js';
import { tuningStateFile } from './measure.js';
import type { ModeResult } from './mode.js';
import { baselineMode } from './modes/baseline.js';
import { commentMode } from './modes/comment.js';
import { compareMode } from './modes/compare.js';
import { mergeMode } from './modes/merge.js';

export async function run(): Promise<void> {
  const ctx = readContext(process.env);
  const inputs = readInputs((name) => core.getInput(name), ctx.workspace);
  // The token is masked in the log, in all its forms, by guardSecrets (src/index.ts) before this runs.
  const mode = resolveMode(inputs.mode, ctx);
  core.info(
    `perfgate: mode ${mode}${inputs.mode === 'auto' ? ` (auto, event ${ctx.eventName || 'unknown'})` : ''}, suite ${inputs.suite}`,
  );
  // Before anything runs the suite: a fork's code must not reach a persistent runner, whatever the mode.
  if (
    (mode === 'baseline' || mode === 'compare') &&
    ctx.pr?.fork &&
    ctx.runner === 'self-hosted' &&
    !inputs.allowForkOnSelfHosted
  ) {
    throw new InputError(
      'refusing to run code from a fork on a self-hosted runner (it could persist on the machine); set allow-fork-on-self-hosted: true to opt in',
    );
  }
  const gh = inputs.token ? githubServices(inputs, ctx) : withoutToken();
  const modes = { baseline: baselineMode, compare: compareMode, comment: commentMode, merge: mergeMode };
  if (inputs.tune) core.saveState('tuning-state', tuningStateFile());
  // A cancelled job (SIGINT, then SIGTERM, SIGKILL ~7.5 s later) still reports what was
  // measured: the first signal kills the running benchmark and the mode reports as cancelled.
  const result: ModeResult = await withInterrupt(
    async (signal) => {
      const running = { ...ctx, signal };
      try {
        return await modes[mode]({ inputs, ctx: running, gh });
      } catch (err) {
        await commentCancelled(inputs, running, gh, err);
        throw err;
      }
    },
    { killAtOnce: true },
  );
  core.setOutput('verdict', result.verdict);
  core.setOutput('regressions', String(result.regressions ?? 0));
  core.setOutput('improvements', String(result.improvements ?? 0));
  for (const key of ['results', 'comparison', 'report'] as const) core.setOutput(key, result[key] ?? '');
  if (result.failure) throw new Error(result.failure);
}

function githubServices(inputs: ActionInputs, ctx: RunContext): GitHubServices {
  return createGitHubServices({
    token: inputs.token,
    repo: { owner: ctx.repo.owner, repo: ctx.repo.name },
    runId: ctx.runId,
    ...(process.env.GITHUB_WORKFLOW_REF ? { workflowRef: process.env.GITHUB_WORKFLOW_REF } : {}),
    apiUrl: ctx.apiUrl,
    commentAuthor: inputs.commentAuthor,
    log: (m) => core.info(m),
  });
}

/** Without a token nothing on GitHub can be read or written; say so once, then degrade. */
function withoutToken(): GitHubServices {
  const why = 'no github-token (pass github-token: ${{ github.token }})';
  core.warning(`${why}: cannot read baselines, upload artifacts or comment`);
  const refuse = (): Promise<never> => Promise.reject(new InputError(why));
  return {
    upload: refuse,
    findBaseline: () => Promise.resolve({ missing: why }),
    mergeBase: () => Promise.resolve(null),
    download: refuse,
    listRunArtifacts: refuse,
    upsertComment: refuse,
    hasLabel: () => Promise.resolve(false),
    pullHeadSha: refuse,
    alertOnHistory: refuse,
  };
}
