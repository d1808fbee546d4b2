/**
 * `mode: baseline` (pushes, nightlies): measure the suite and store the session as an
 * artifact, on disk with `baseline-path`, and in the history. `mode: merge` stores the session
 * its shards measured through the same step (storeSession).
 */
import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResultsDoc } from '../../results/results-doc.js';
import { renderJobSummary } from '../../report/job-summary.js';
import { renderNightlySummary } from '../../report/nightly.js';
import { renderSummaryMarkdown } from '../../report/summary.js';
import { directoryBaselineStore } from '../../store/baseline.js';
import { interruptedBy } from '../../tools/interrupt.js';
import { recordHistory } from '../record-history.js';
import { hostPreflight, measureHead } from '../measure.js';
import type { ModeJob, ModeResult } from '../mode.js';
import { filesUnder, runUrl, shardArtifact, uploadOrWarn, writeSummary } from '../reporter.js';

/** One measured session and the directory its profiles are in. */
export interface Session {
  doc: ResultsDoc;
  dir: string;
  resultsPath: string;
}

export async function baselineMode(job: ModeJob): Promise<ModeResult> {
  const { inputs, ctx } = job;
  const dir = path.join(inputs.out, 'baseline');
  const host = await hostPreflight(inputs);
  const m = await measureHead(inputs, ctx, dir);
  return storeSession(job, { doc: m.doc, dir, resultsPath: m.resultsPath }, host.md, host.failed);
}

/**
 * A measured session (this job's, or the merge of its shards) stored as the baseline; a
 * cancelled one is kept apart and a shard's left for the merge job.
 */
export async function storeSession(
  job: ModeJob,
  session: Session,
  hostMd = '',
  /** Ids of the host checks that failed before measuring; undefined: no pre-flight (a merge of shards). */
  hostFailed?: readonly string[],
): Promise<ModeResult> {
  const { inputs, ctx, gh } = job;
  const { doc, dir, resultsPath } = session;
  const cancelled = interruptedBy(ctx.signal);
  if (cancelled) {
    // A cancelled session is not a baseline: kept as its own artifact, never stored as one.
    await uploadOrWarn(job, `${inputs.baselineArtifact}-cancelled`, dir);
    await writeSummary(
      renderJobSummary({
        verdict: `> ⏹️ Cancelled (${cancelled}): not stored as a baseline.\n`,
        sections: [renderSummaryMarkdown(doc)],
        host: hostMd,
      }),
    );
    return {
      verdict: 'cancelled',
      results: resultsPath,
      failure: `perfgate: cancelled (${cancelled}): the partial session is not stored as a baseline`,
    };
  }
  if (inputs.shard !== null) {
    // A shard only measures; the `merge` job decides and reports for the whole suite.
    await uploadOrWarn(job, shardArtifact(inputs, inputs.shard.index, inputs.shard.count), dir);
    await writeSummary(renderJobSummary({ verdict: renderSummaryMarkdown(doc), host: hostMd }));
    return { verdict: 'shard', results: resultsPath, ...brokenFailure(doc) };
  }
  const id = await uploadOrWarn(job, inputs.baselineArtifact, dir);
  if (inputs.baselinePath) {
    // Persistent self-hosted runners keep the baseline on disk as well, for `baseline-path` compares.
    const saved = await directoryBaselineStore(inputs.baselinePath).save({
      name: inputs.baselineArtifact,
      files: await filesUnder(dir),
      rootDir: dir,
    });
    core.info(`baseline saved to ${saved.source === 'directory' ? saved.dir : inputs.baselinePath}`);
  }
  const history = await recordHistory(inputs, ctx, gh, doc, { url: runUrl(ctx), hostFailed });
  // The paired runs that confirmed or rejected the history's steps: each A/B's comparison and flame graphs.
  const confirmDir = path.join(inputs.out, 'confirm');
  const confirmId = existsSync(confirmDir)
    ? await uploadOrWarn(job, `${inputs.baselineArtifact}-confirm`, confirmDir)
    : null;
  const notes = [
    history.note,
    confirmId !== null
      ? `The paired runs (each A/B's comparison.json and flame graphs) are artifact \`${inputs.baselineArtifact}-confirm\` of [this run](${runUrl(ctx)}).\n`
      : '',
    id === null
      ? `> ⚠️ The baseline could not be stored as an artifact; later pull requests will not find it.\n`
      : `Baseline stored as artifact \`${inputs.baselineArtifact}\` of [this run](${runUrl(ctx)}).\n`,
  ];
  await writeSummary(
    renderNightlySummary({
      doc,
      previous: history.previous,
      alert: history.alert,
      notes: notes.filter((n) => n !== '').join('\n'),
      host: hostMd,
    }),
  );
  return { verdict: 'baseline', results: resultsPath, regressions: 0, improvements: 0, ...brokenFailure(doc) };
}

function brokenFailure(doc: ResultsDoc): { failure?: string } {
  const broken = doc.benchmarks.filter((b) => b.status !== 'ok');
  return broken.length > 0
    ? {
        failure: `${broken.length} benchmark(s) did not complete: ${broken.map((b) => `${b.name} (${b.status})`).join(', ')}`,
      }
    : {};
}
