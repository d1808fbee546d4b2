/**
 * `mode: merge`: gathers this run's shard artifacts and hands what they measured, as an
 * explicit input, to the step the unsharded job would have run: paired shards (pull requests,
 * merge queues) become one comparison decided and reported once; results shards become one
 * session, compared with the stored baseline on a pull request or a merge queue, else stored
 * as the baseline.
 */
import * as core from '@actions/core';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { mergeComparisonShards, mergeRunShards } from '../../engine/merge-shards.js';
import { InputError } from '../../errors.js';
import { decide } from '../decide.js';
import type { ModeJob, ModeResult } from '../mode.js';
import { shardArtifact } from '../reporter.js';
import { storeSession } from './baseline.js';
import { compareMergedHead } from './compare.js';

export async function mergeMode(job: ModeJob): Promise<ModeResult> {
  const { inputs, ctx, gh } = job;
  const prefix = shardArtifact(inputs, 0, 0).replace(/-0-of-0$/, '-');
  const artifacts = await gh.listRunArtifacts(ctx.runId, prefix);
  if (artifacts.length === 0)
    throw new InputError(
      `mode merge: no shard artifacts named ${prefix}<i>-of-<n> in this run (did the shard jobs run with the same suite-id?)`,
    );
  const shards = [];
  for (const a of artifacts) {
    const dir = path.join(inputs.out, 'shards', a.name);
    await gh.download({ id: a.id, runId: ctx.runId }, dir);
    shards.push({ name: a.name, dir });
  }
  const mergedDir = path.join(inputs.out, 'merged');
  // The merged whole is reported and stored as an unsharded job's would be.
  const whole: ModeJob = { ...job, inputs: { ...inputs, shard: null } };
  const paired = await Promise.all(
    shards.map((s) =>
      access(path.join(s.dir, 'comparison.json')).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (paired.every(Boolean)) {
    const { comparison, warnings } = await mergeComparisonShards(shards, mergedDir);
    for (const w of warnings) core.warning(w);
    core.info(`merged ${shards.length} paired shards: ${comparison.rows.length} rows`);
    return decide(whole, {
      comparison,
      sourceDir: mergedDir,
      provenance: { source: 'same-job', commit: comparison.base.git.sha, ageMs: 0 },
    });
  }
  if (paired.some(Boolean))
    throw new InputError(
      `mode merge: the shard artifacts mix paired (comparison.json) and unpaired (results.json) shards: ${shards.map((s, i) => `${s.name}: ${paired[i] ? 'paired' : 'results'}`).join(', ')}`,
    );
  const { doc, warnings, resultsPath } = await mergeRunShards(shards, mergedDir);
  for (const w of warnings) core.warning(w);
  return ctx.pr || ctx.mergeGroup
    ? compareMergedHead(whole, { doc, dir: mergedDir, path: resultsPath })
    : storeSession(whole, { doc, dir: mergedDir, resultsPath });
}
