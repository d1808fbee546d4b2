/**
 * A job cancelled before its mode had a comparison to report (a signal during setup, or while
 * checking out): the sticky comment, if there is one, is replaced by a "cancelled" one, so the
 * previous run's green verdict does not stand for this commit. No comment is created: without
 * one, nothing stale is on the pull request.
 */
import * as core from '@actions/core';
import { errorMessage } from '../errors.js';
import { marker, renderCancelledReport } from '../report/markdown.js';
import { interruptedBy } from '../tools/interrupt.js';
import type { RunContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import { runUrl } from './reporter.js';
import type { GitHubServices } from '../store/services.js';

export async function commentCancelled(
  inputs: ActionInputs,
  ctx: RunContext,
  gh: GitHubServices,
  err: unknown,
): Promise<void> {
  const signal = interruptedBy(ctx.signal);
  if (!signal || !ctx.pr || ctx.pr.readOnly || inputs.comment === 'never') return;
  const why = errorMessage(err).split('\n')[0] ?? '';
  try {
    const r = await gh.upsertComment(
      ctx.pr.number,
      marker(inputs.suiteId),
      renderCancelledReport(inputs.suiteId, signal, why, runUrl(ctx), {
        ref: ctx.pr.headRef || null,
        commit: ctx.pr.headSha || null,
      }),
      { create: false },
    );
    if (r) core.info(`PR comment ${r.action} (id ${r.id}): cancelled`);
  } catch (e) {
    core.warning(`could not mark the PR comment cancelled: ${errorMessage(e)}`);
  }
}
