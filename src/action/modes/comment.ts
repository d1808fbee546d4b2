/**
 * `mode: comment`, the workflow_run companion: posts the report a fork PR's run stored as an
 * artifact. Nothing in that artifact is trusted (the fork's code wrote it): the pull request comes from the event
 * and must have the run's head commit as its head (checked with GitHub), and the body is
 * rendered here from the artifact's comparison.json, escaped like every other report, never
 * taken as markdown.
 */
import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseComparison } from '../../compare/read-comparison.js';
import type { ComparisonDoc } from '../../compare/comparison-doc.js';
import { InputError, errorMessage } from '../../errors.js';
import { marker, renderReport } from '../../report/markdown.js';
import { writeFileAtomic } from '../../tools/atomic.js';
import type { ModeJob, ModeResult } from '../mode.js';
import { artifactsUrl, dashboardLinks, runUrl } from '../reporter.js';

export async function commentMode(job: ModeJob): Promise<ModeResult> {
  const { inputs, ctx, gh } = job;
  const run = ctx.workflowRun;
  if (!run) throw new InputError(`mode comment runs on a workflow_run event (this is ${ctx.eventName || 'unknown'})`);
  if (!/^[0-9a-f]{40}$/.test(run.headSha))
    throw new InputError(
      `the workflow_run event names no head commit (workflow_run.head_sha is ${JSON.stringify(run.headSha)})`,
    );
  const artifacts = await gh.listRunArtifacts(run.id, inputs.reportArtifact);
  const report = artifacts.find((a) => a.name === inputs.reportArtifact);
  if (!report) {
    core.warning(`run ${run.id} left no ${inputs.reportArtifact} artifact: nothing to post`);
    return { verdict: 'commented' };
  }
  const dir = path.join(inputs.out, 'posted-report');
  await gh.download({ id: report.id, runId: run.id }, dir);
  const comparisonFile = path.join(dir, 'comparison.json');
  let comparison: ComparisonDoc;
  try {
    comparison = parseComparison(JSON.parse(await readFile(comparisonFile, 'utf8')));
  } catch (err) {
    throw new InputError(`the report artifact of run ${run.id} holds no usable comparison.json: ${errorMessage(err)}`);
  }
  // GitHub leaves workflow_run.pull_requests empty for fork PRs; the artifact may then name one,
  // but only a PR whose head GitHub says is the run's head commit is accepted.
  const meta = await readFile(path.join(dir, 'meta.json'), 'utf8').then(
    (t): { pr?: unknown } => JSON.parse(t) as { pr?: unknown },
    (): { pr?: unknown } => ({}),
  );
  const candidates = [
    ...run.prNumbers,
    ...(run.prNumbers.length === 0 && typeof meta.pr === 'number' && Number.isInteger(meta.pr) && meta.pr > 0
      ? [meta.pr]
      : []),
  ];
  let pr: number | null = null;
  for (const n of candidates) {
    const head = await gh.pullHeadSha(n);
    if (head === run.headSha) {
      pr = n;
      break;
    }
    core.warning(
      `pull request #${n} has head ${head.slice(0, 12)}, not the run's ${run.headSha.slice(0, 12)}: not posting there`,
    );
  }
  if (pr === null)
    throw new InputError(
      `no pull request of this repository has the head commit ${run.headSha.slice(0, 12)} of run ${run.id}: refusing to post its report`,
    );
  if (comparison.head.git.sha !== null && comparison.head.git.sha !== run.headSha) {
    core.warning(
      `the report's head commit ${comparison.head.git.sha.slice(0, 12)} is not the run's head ${run.headSha.slice(0, 12)} (a dirty-tree snapshot or a forged report): posting it labelled as the run's`,
    );
  }
  const { body } = renderReport({
    comparison,
    suiteId: inputs.suiteId,
    provenance: { source: comparison.baseline.source, commit: comparison.base.git.sha, ageMs: null },
    refs: { head: run.headBranch || null },
    runUrl: runUrl(ctx, run.id),
    artifactUrl: artifactsUrl(ctx, run.id),
    ...dashboardLinks(inputs),
    // Plain text: a notice is escaped, and the footer links the run.
    notices: [
      `Measured by run ${run.id} of a fork pull request; posted by the companion workflow, re-rendered from its comparison.json.`,
    ],
  });
  const r = await gh.upsertComment(pr, marker(inputs.suiteId), body, { create: true });
  core.info(`PR #${pr} comment ${r?.action ?? 'unchanged'}`);
  const posted = path.join(dir, 'posted.md');
  await writeFileAtomic(posted, body);
  return { verdict: 'commented', report: posted };
}
