/**
 * What the action leaves behind, for every mode: the job summary, the sticky PR comment and
 * the artifacts. Each of them is a copy of the others or of local files, so one that cannot be
 * written is a warning, never the reason a clean gate fails.
 */
import * as core from '@actions/core';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { writeReportDir } from '../engine/report-dir.js';
import { errorMessage } from '../errors.js';
import { renderJobSummary } from '../report/job-summary.js';
import { marker, renderReport, type Provenance } from '../report/markdown.js';
import type { ResultsDoc } from '../results/results-doc.js';
import { scrub } from '../tools/secrets.js';
import { interruptedBy } from '../tools/interrupt.js';
import type { RunContext } from './context.js';
import { commentImages, historyForComment, historySuiteId } from './record-history.js';
import type { ActionInputs } from './inputs.js';
import type { ModeJob } from './mode.js';

export const runUrl = (ctx: RunContext, runId = ctx.runId): string =>
  `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}/actions/runs/${runId}`;

/**
 * The run page scrolled to its artifacts: the report artifact is uploaded after the comment is
 * posted (a cancelled job must replace the comment first), so its own id is not known yet.
 */
export const artifactsUrl = (ctx: RunContext, runId = ctx.runId): string => `${runUrl(ctx, runId)}#artifacts`;

export function shardArtifact(inputs: ActionInputs, index: number, count: number): string {
  return `${inputs.baselineArtifact.replace(/^perfgate-baseline/, 'perfgate-shard')}-${index}-of-${count}`;
}

/** Every file under dir, as paths relative to it (artifact uploads take a list). */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/** An artifact upload that fails is a warning: the local results are kept and their path printed. */
export async function uploadOrWarn(job: ModeJob, name: string, dir: string): Promise<number | null> {
  try {
    const files = await filesUnder(dir);
    const { id, size } = await job.gh.upload(name, files, dir, job.inputs.retentionDays);
    core.info(`uploaded artifact ${name} (id ${id}, ${size} bytes)`);
    return id;
  } catch (err) {
    core.warning(`could not upload artifact ${name}: ${errorMessage(err)}; the files are still in ${dir}`);
    return null;
  }
}

/** The comment's links to the benchmarks' sections of the dashboard, when the inputs name one. */
export function dashboardLinks(inputs: ActionInputs): { dashboard?: { url: string; suite: string } } {
  return inputs.dashboardUrl ? { dashboard: { url: inputs.dashboardUrl, suite: historySuiteId(inputs) } } : {};
}

/**
 * The branches as the event names them, for the comment's first sentence: the pull request's
 * head branch, not the `refs/pull/N/merge` the job checked out; null where the event has none.
 */
export function reportRefs(ctx: RunContext): { head: string | null; base: string | null } {
  return {
    head: ctx.pr?.headRef || ctx.mergeGroup?.headRef || ctx.workflowRun?.headBranch || null,
    base: ctx.pr?.baseRef || ctx.mergeGroup?.baseRef || null,
  };
}

/** A summary file that cannot be written (full disk, a runner without GITHUB_STEP_SUMMARY) is a warning. */
export async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(scrub(markdown)).write();
  } catch (err) {
    core.warning(`could not write the job summary: ${errorMessage(err)}`);
  }
}

/** A shard's own comparison, for its job summary; the merge job reports on the pull request. */
export function renderShardSummary(comparison: ComparisonDoc, job: ModeJob): string {
  const { inputs, ctx } = job;
  return renderReport({
    comparison,
    suiteId: inputs.suiteId,
    provenance: { source: 'same-job', commit: comparison.base.git.sha, ageMs: 0 },
    refs: reportRefs(ctx),
    runUrl: runUrl(ctx),
    artifactUrl: artifactsUrl(ctx),
    notices: [],
  }).body;
}

export interface ComparisonReport {
  comparison: ComparisonDoc;
  provenance: Provenance;
  notices: string[];
  /** The directory the comparison's relative paths (flame graphs) resolve in. */
  sourceDir: string;
  /** Host checks, last in the job summary (report/job-summary.ts). */
  hostMd: string;
  /** Head's results, shown when base could not be measured. */
  headAlone?: ResultsDoc;
  /** Whether the comparison found anything: `comment: on-change` creates a comment only then. */
  changed: boolean;
}

/**
 * The report of a comparison, everywhere it goes: the report directory (uploaded as the report
 * artifact), the PR comment and the job summary. The comment goes first: a cancelled job has
 * seconds left, and a stale green comment is the one thing that must not survive it.
 */
export async function reportComparison(
  job: ModeJob,
  r: ComparisonReport,
): Promise<{ report: string; comparison: string }> {
  const { inputs, ctx, gh } = job;
  const { comparison, sourceDir } = r;
  // GitHub kills a cancelled job ~7.5 s after its signal: no history read, no images pushed.
  const cancelled = interruptedBy(ctx.signal);
  const history = cancelled
    ? null
    : await historyForComment(inputs, ctx, comparison, ctx.pr?.baseRef ?? ctx.mergeGroup?.baseRef ?? null);
  const images = cancelled ? undefined : await commentImages(inputs, ctx, comparison);
  // Setup output and stderr in it were scrubbed where they entered (tools/process.ts), and the
  // comment, summary and artifact writers scrub again (tools/secrets.ts).
  const { body, cutRows } = renderReport({
    comparison,
    ...(r.headAlone ? { headAlone: r.headAlone } : {}),
    suiteId: inputs.suiteId,
    provenance: r.provenance,
    refs: reportRefs(ctx),
    runUrl: runUrl(ctx),
    artifactUrl: artifactsUrl(ctx),
    notices: r.notices,
    images,
    ...(history ? { history } : {}),
    ...dashboardLinks(inputs),
  });
  if (cutRows > 0) core.warning(`report: ${cutRows} row(s) cut to fit GitHub's comment limit`);
  // The differential flame graphs the comment names travel with the report artifact.
  const files = await writeReportDir(comparison, body, sourceDir, path.join(inputs.out, 'report'), {
    'meta.json': { pr: ctx.pr?.number ?? null, marker: marker(inputs.suiteId), sha: ctx.pr?.headSha ?? ctx.sha },
  });
  for (const m of files.missing) core.warning(`report: flame graph ${m} is missing from ${sourceDir}`);
  if (ctx.pr && !ctx.pr.readOnly && inputs.comment !== 'never') {
    try {
      const posted = await gh.upsertComment(ctx.pr.number, marker(inputs.suiteId), body, {
        create: inputs.comment === 'always' || r.changed,
      });
      if (posted) core.info(`PR comment ${posted.action} (id ${posted.id})`);
    } catch (err) {
      core.warning(
        `could not post the PR comment: ${errorMessage(err)}; the report is in ${files.report}, the job summary and the ${inputs.reportArtifact} artifact`,
      );
    }
  } else if (ctx.pr?.readOnly) {
    core.notice(
      `not commenting (${ctx.pr.readOnly}): the report is in the ${inputs.reportArtifact} artifact for a workflow_run job with mode: comment`,
    );
  }
  await uploadOrWarn(job, inputs.reportArtifact, files.dir);
  await writeSummary(renderJobSummary({ verdict: body, host: r.hostMd }));
  return { report: files.report, comparison: files.comparison };
}
