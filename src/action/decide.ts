/**
 * The gate on a comparison, however it was made (pairs in this job, a stored baseline, the
 * history, merged shards): the accept label, cancellation and an unmeasurable base decide the
 * verdict and the notices; the one reporter (reporter.ts) publishes it.
 */
import * as core from '@actions/core';
import { gateFails, nothingGated } from '../compare/compare-docs.js';
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import type { Provenance } from '../report/markdown.js';
import { readResults } from '../results/results-file.js';
import { interruptedBy } from '../tools/interrupt.js';
import type { ModeJob, ModeResult } from './mode.js';
import { reportComparison } from './reporter.js';

export interface Decision {
  comparison: ComparisonDoc;
  /** The directory the comparison's relative paths (flame graphs) resolve in. */
  sourceDir: string;
  provenance: Provenance;
  /** Notices so far (how the baseline was found); the gate's are added here. */
  notices?: string[];
  /** Host checks, last in the job summary ('' when this job did not measure). */
  hostMd?: string;
}

export async function decide(job: ModeJob, d: Decision): Promise<ModeResult> {
  const { inputs, ctx, gh } = job;
  const { comparison } = d;
  const notices = [...(d.notices ?? [])];
  const fails = gateFails(comparison);
  const cancelled = interruptedBy(ctx.signal);
  const notGated = [
    ...(comparison.interrupted ?? []),
    ...comparison.problems.filter((p) => p.status === 'skipped').map((p) => p.benchmark),
  ];
  if (cancelled)
    notices.unshift(
      `⏹️ Cancelled (${cancelled}): the job was stopped while measuring; not gated: ${notGated.length > 0 ? [...new Set(notGated)].join(', ') : 'none'}${comparison.rows.length > 0 ? '; the rows below were measured to the end before the signal' : ''}.`,
    );
  let accepted = false;
  if (fails.length > 0 && ctx.pr && !cancelled) {
    accepted = ctx.pr.labels.includes(inputs.acceptLabel);
    if (!accepted) accepted = await gh.hasLabel(ctx.pr.number, inputs.acceptLabel).catch(() => false);
    if (accepted)
      notices.push(`✅ Regression accepted: the pull request has the label ${inputs.acceptLabel}; the gate passes.`);
  }
  // Base could not be built (a pull request that repairs it): head's numbers, and the
  // missing-baseline rule decides the gate (docs/faults.md).
  const noBase = comparison.noComparison !== undefined;
  if (noBase)
    notices.push(
      `No comparison: the base commit could not be measured, so head was measured alone and nothing is gated against it (on-missing-baseline: ${inputs.onMissingBaseline}${inputs.onMissingBaseline === 'fail' ? ', so the gate fails' : ''}).`,
    );
  const headAlone =
    noBase && comparison.head.results ? await readResults(comparison.head.results).catch(() => undefined) : undefined;
  if (ctx.pr?.readOnly)
    notices.push(
      `This run cannot comment (${ctx.pr.readOnly}): the report is stored as an artifact for the companion workflow (mode: comment).`,
    );
  const s = comparison.summary;
  // Nothing gated is never a pass: a stored single session cannot see any regression, and
  // even `comment: on-change` says so on the pull request.
  const ungated = comparison.gate.comparable ? nothingGated(comparison) : null;
  if (ungated && fails.length === 0)
    core.warning(`NOT GATED: ${ungated}; a regression of any size would pass. baseline: same-job (the default) gates.`);
  const changed = s.regressions + s.improvements + comparison.problems.length > 0 || ungated !== null;
  const files = await reportComparison(job, {
    comparison,
    provenance: d.provenance,
    notices,
    sourceDir: d.sourceDir,
    hostMd: d.hostMd ?? '',
    changed,
    ...(headAlone ? { headAlone } : {}),
  });
  const paths = {
    ...(comparison.head.results ? { results: comparison.head.results } : {}),
    comparison: files.comparison,
    report: files.report,
  };
  if (cancelled) {
    return {
      verdict: 'cancelled',
      ...paths,
      regressions: s.regressions,
      improvements: s.improvements,
      failure: `perfgate: cancelled (${cancelled}); not gated: ${[...new Set(notGated)].join(', ') || 'none'}`,
    };
  }
  if (noBase) {
    const failure =
      fails.length > 0
        ? `perfgate: ${fails.join('; ')}`
        : inputs.onMissingBaseline === 'fail'
          ? `no usable baseline: base could not be measured: ${(comparison.noComparison ?? '').split('\n')[0]} (on-missing-baseline: fail)`
          : null;
    if (failure === null)
      core.warning(
        `NOT GATED: base could not be measured (${(comparison.noComparison ?? '').split('\n')[0]}); head measured alone`,
      );
    return {
      verdict: 'no-baseline',
      ...paths,
      regressions: 0,
      improvements: 0,
      ...(failure !== null ? { failure } : {}),
    };
  }
  const verdict: ModeResult['verdict'] = !comparison.gate.comparable
    ? 'not-comparable'
    : fails.length > 0
      ? accepted
        ? 'accepted'
        : 'regression'
      : ungated
        ? 'not-gated'
        : 'pass';
  const result: ModeResult = { verdict, ...paths, regressions: s.regressions, improvements: s.improvements };
  if (fails.length > 0 && !accepted && inputs.failOnRegression) result.failure = `perfgate: ${fails.join('; ')}`;
  if (!comparison.gate.comparable && inputs.failOnRegression)
    result.failure = `perfgate: not comparable with the baseline: ${comparison.gate.reasons.join('; ')}`;
  return result;
}
