/**
 * `mode: compare` (pull requests, merge queues): head against the base commit, decided and
 * reported once. The baseline is the base measured in this job as interleaved pairs
 * (`baseline: same-job`, the default), a stored session (`artifact`, or `baseline-path`), or
 * the base branch's runs in the history. `mode: merge` compares the head its shards measured
 * against the stored baseline through the same step.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { sessionReason } from '../../compare/compare-docs.js';
import type { ComparisonDoc } from '../../compare/comparison-doc.js';
import { runAb } from '../../engine/ab.js';
import { confirmUnpaired } from '../../engine/confirm-unpaired.js';
import { markUnconfirmed } from '../../compare/unpaired-confirmation.js';
import {
  compareUnpaired,
  NothingToCompareError,
  type UnpairedHead,
  type UnpairedOptions,
} from '../../engine/unpaired.js';
import { historySessions } from '../../engine/history-baseline.js';
import { InputError, errorMessage } from '../../errors.js';
import type { Provenance } from '../../report/markdown.js';
import { historyProblemLines } from '../../results/history-record.js';
import { readResults } from '../../results/results-file.js';
import type { ResultsDoc } from '../../results/results-doc.js';
import { loadSuite } from '../../suite/load.js';
import { directoryBaselineStore } from '../../store/baseline.js';
import { ensureCommit, gitInfo, mergeBase } from '../../tools/git.js';
import { checkoutProblem, eventBase } from '../commits.js';
import { decide } from '../decide.js';
import { historyStore, historySuiteId } from '../record-history.js';
import { measureHead, measureSettings, preflight } from '../measure.js';
import type { ModeJob, ModeResult } from '../mode.js';
import { renderJobSummary } from '../../report/job-summary.js';
import { renderShardSummary, shardArtifact, uploadOrWarn, writeSummary } from '../reporter.js';

type BaseCommit = ReturnType<typeof eventBase>;

export async function compareMode(job: ModeJob): Promise<ModeResult> {
  const { inputs, ctx } = job;
  const started = Date.now();
  const base = eventBase(ctx);
  // Before setup: a workspace at the base would be paired with itself.
  const wrongCheckout = checkoutProblem(ctx, (await gitInfo(ctx.workspace)).sha);
  if (wrongCheckout) throw new InputError(wrongCheckout);
  const hostMd = await preflight(inputs);
  if (inputs.shard !== null) {
    // A shard pairs its share of the benchmarks; the merge job decides and reports once.
    const { comparison, dir } = await pairedInJob(
      job,
      base,
      `${pairsReason(base)} (shard ${inputs.shard.index}/${inputs.shard.count})`,
    );
    await uploadOrWarn(job, shardArtifact(inputs, inputs.shard.index, inputs.shard.count), dir);
    await writeSummary(renderJobSummary({ verdict: renderShardSummary(comparison, job), host: hostMd }));
    return {
      verdict: 'shard',
      comparison: path.join(dir, 'comparison.json'),
      regressions: comparison.summary.regressions,
      improvements: comparison.summary.improvements,
    };
  }
  if (inputs.baseline === 'same-job') {
    const { comparison, dir } = await pairedInJob(job, base, `${pairsReason(base)} (baseline: same-job, the default)`);
    return decide(job, { comparison, sourceDir: dir, provenance: sameJob(base), hostMd });
  }
  if (inputs.baseline === 'history') return historyCompare(job, base, { hostMd, started });
  // baseline: artifact. Looked for before measuring, so that a missing one falls back to
  // pairs without measuring the head twice.
  return storedCompare(job, {
    base,
    hostMd,
    head: () => measureInto(job, path.join(inputs.out, 'head')),
    canPair: true,
    started,
  });
}

/** Head merged from results shards (no measuring here) against the stored baseline. */
export function compareMergedHead(job: ModeJob, head: UnpairedHead): Promise<ModeResult> {
  return storedCompare(job, {
    base: eventBase(job.ctx),
    hostMd: '',
    head: () => Promise.resolve(head),
    canPair: false,
    started: Date.now(),
  });
}

async function measureInto(job: ModeJob, dir: string): Promise<UnpairedHead> {
  const m = await measureHead(job.inputs, job.ctx, dir);
  return { doc: m.doc, path: m.resultsPath, dir };
}

const pairsReason = (base: BaseCommit): string =>
  `base ${base.sha.slice(0, 12)} and head measured as interleaved pairs in this job, so drift between runners and sessions cancels`;
const sameJob = (base: BaseCommit): Provenance => ({ source: 'same-job', commit: base.sha, ageMs: 0 });

/** Base and head measured as interleaved pairs in this job: the engine's `perfgate ab`. */
async function pairedInJob(
  job: ModeJob,
  base: BaseCommit,
  reason: string,
): Promise<{ comparison: ComparisonDoc; dir: string }> {
  const { inputs, ctx } = job;
  await ensureCommit(ctx.workspace, base.sha, (m) => core.info(m));
  const dir = path.join(inputs.out, 'ab');
  const ab = await runAb({
    ...measureSettings(inputs, ctx.signal),
    cwd: ctx.workspace,
    suitePath: inputs.suite,
    baseRef: base.sha,
    headRef: null,
    ...(ctx.pr?.headRef ? { headName: ctx.pr.headRef } : {}),
    ...(base.branch ? { baseName: base.branch } : {}),
    outDir: dir,
    ...(inputs.timeBudgetMs !== null ? { timeBudgetMs: inputs.timeBudgetMs } : {}),
    baseline: { source: 'same-job', sessions: 1, reason },
  });
  return { comparison: ab.comparison, dir };
}

interface NoBaseline {
  /** Why no baseline is usable. */
  why: string;
  base: BaseCommit;
  hostMd: string;
  /** Head's results, when head was measured before the baseline turned out unusable. */
  results?: string;
  /** Measuring base and head as pairs instead, given why: the notice and the comparison's reason; or why this job cannot. */
  fallback: (why: string) => { notice: string; reason: string } | { refused: string };
}

/** `on-missing-baseline`: fail, skip (not gated), or measure the base commit here as pairs. */
async function noBaseline(job: ModeJob, n: NoBaseline): Promise<ModeResult> {
  const { inputs } = job;
  const results = n.results !== undefined ? { results: n.results } : {};
  if (inputs.onMissingBaseline === 'fail')
    return { verdict: 'no-baseline', ...results, failure: `no usable baseline: ${n.why} (on-missing-baseline: fail)` };
  if (inputs.onMissingBaseline === 'skip') {
    core.warning(`NOT GATED: no usable baseline: ${n.why}`);
    await writeSummary(
      renderJobSummary({
        verdict: `> ⚠️ Not gated: no usable baseline: ${n.why} (on-missing-baseline: skip)\n`,
        host: n.hostMd,
      }),
    );
    return { verdict: 'no-baseline', ...results };
  }
  const fallback = n.fallback(n.why);
  if ('refused' in fallback) throw new InputError(fallback.refused);
  core.warning(`${n.why}: measuring the base commit in this job`);
  const { comparison, dir } = await pairedInJob(job, n.base, fallback.reason);
  return decide(job, {
    comparison,
    sourceDir: dir,
    provenance: sameJob(n.base),
    notices: [fallback.notice],
    hostMd: n.hostMd,
  });
}

interface StoredCompare {
  base: BaseCommit;
  hostMd: string;
  /** The head session, asked for only once a baseline is found. */
  head: () => Promise<UnpairedHead>;
  /** Whether this job can measure base and head as pairs (no usable baseline, or to confirm a regression). */
  canPair: boolean;
  /** When the job began, for what is left of the time budget. */
  started: number;
}

/** Head against one stored session (an artifact of another run, or `baseline-path`). */
async function storedCompare(job: ModeJob, s: StoredCompare): Promise<ModeResult> {
  const { inputs } = job;
  const { base, hostMd } = s;
  const fallback: NoBaseline['fallback'] = (why) =>
    s.canPair
      ? {
          notice: `No usable baseline (${why}): measured the base commit ${base.sha.slice(0, 12)} in this job instead (paired).`,
          reason: `no usable baseline artifact (${why}), so ${pairsReason(base)}`,
        }
      : { refused: `no usable baseline for the merged shards: ${why}; run the shards with baseline: same-job` };
  const found = await findBaseline(job, base);
  if ('missing' in found) return noBaseline(job, { why: found.missing, base, hostMd, fallback });
  const head = await s.head();
  const measured = await unpaired({
    base: { sessions: [found.doc], path: found.path, dir: found.dir },
    head,
    outDir: inputs.out,
    baseline: { source: found.provenance.source, sessions: 1, reason: sessionReason(1) },
  });
  if ('nothing' in measured)
    return noBaseline(job, { why: measured.nothing, base, hostMd, results: head.path, fallback });
  const comparison = await confirmRegressions(job, base, measured, s);
  const notices: string[] = [];
  if (!comparison.gate.comparable)
    notices.push(`⚠️ The baseline is not comparable with this runner: ${comparison.gate.reasons.join('; ')}`);
  notices.push(
    `Compared with a stored baseline from another session (baseline: ${found.provenance.source}): results drift between sessions and runners by more than the gate's thresholds, so rows are reported but not gated. baseline: same-job (the default) measures base and head paired in this job.`,
  );
  return decide(job, { comparison, sourceDir: inputs.out, provenance: found.provenance, notices, hostMd });
}

/**
 * A stored baseline that shares nothing with head (nothing measured on it, no benchmark in
 * common) is no usable baseline: on-missing-baseline decides, as when none is found.
 */
async function unpaired(opts: UnpairedOptions): Promise<ComparisonDoc | { nothing: string }> {
  try {
    return await compareUnpaired(opts);
  } catch (err) {
    if (err instanceof NothingToCompareError) return { nothing: err.message };
    throw err;
  }
}

interface Baseline {
  doc: ResultsDoc;
  dir: string;
  path: string;
  provenance: Provenance;
}

/** The baseline to compare against, or why there is none. */
async function findBaseline(job: ModeJob, base: BaseCommit): Promise<Baseline | { missing: string }> {
  const { inputs, ctx, gh } = job;
  if (inputs.baselinePath) {
    const local = await directoryBaselineStore(inputs.baselinePath).find();
    if (!local.found) return { missing: local.message };
    const doc = await readResults(local.resultsPath);
    return {
      doc,
      dir: local.dir,
      path: local.resultsPath,
      provenance: { source: 'local-file', commit: doc.git.sha, ageMs: Date.now() - Date.parse(doc.startedAt) },
    };
  }
  // A shallow clone (actions/checkout's default) cannot compute the merge base; GitHub can.
  const head = ctx.pr?.headSha ?? ctx.mergeGroup?.headSha ?? ctx.sha;
  const preferSha =
    (await mergeBase(ctx.workspace, 'HEAD', base.sha)) ?? (await gh.mergeBase(base.sha, head)) ?? base.sha;
  const dir = path.join(inputs.out, 'downloaded-baseline');
  const found = await gh.findBaseline({
    branch: base.branch,
    preferSha,
    artifactName: inputs.baselineArtifact,
    destDir: dir,
  });
  if ('missing' in found) return found;
  const file = path.join(dir, 'results.json');
  try {
    const doc = await readResults(file);
    return {
      doc,
      dir,
      path: file,
      provenance: {
        source: 'artifact',
        commit: found.found.headSha,
        ageMs: Date.now() - Date.parse(found.found.createdAt),
        runUrl: found.found.runUrl,
      },
    };
  } catch (err) {
    return {
      missing: `baseline artifact ${inputs.baselineArtifact} of run ${found.found.runId} is unusable: ${errorMessage(err)}`,
    };
  }
}

/**
 * baseline: history. The head against the newest runs of the base branch on this machine kind
 * in the history (same machine fingerprint and backend): several sessions, so the interval
 * carries the drift between them (stats/sessions.ts).
 */
async function historyCompare(
  job: ModeJob,
  base: BaseCommit,
  at: { hostMd: string; started: number },
): Promise<ModeResult> {
  const { hostMd } = at;
  const { inputs, ctx } = job;
  const store = historyStore(inputs, ctx);
  if (!store) throw new InputError('baseline: history needs the history (history: true)');
  const parsed = await store.read(historySuiteId(inputs)).catch((err: unknown) => {
    core.warning(`could not read the history in ${store.where}: ${errorMessage(err)}`);
    return { records: [], problems: [] };
  });
  for (const line of historyProblemLines(parsed.problems)) core.warning(`history: ${line}`);
  const head = await measureInto(job, path.join(inputs.out, 'head'));
  const { sessions, skipped } = historySessions(parsed.records, {
    fingerprint: head.doc.fingerprint,
    backend: head.doc.backend,
    ref: `refs/heads/${base.branch}`,
    limit: inputs.historySessions,
  });
  const skippedText = Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .map(([why, n]) => `${n} run(s) of ${why.replace(/^other/, 'another ').toLowerCase()}`)
    .join(', ');
  const fallback: NoBaseline['fallback'] = (why) => ({
    notice: `No usable history (${why}): measured the base commit ${base.sha.slice(0, 12)} in this job instead (paired).`,
    reason: `no usable history, so ${pairsReason(base)}`,
  });
  const last = sessions[sessions.length - 1];
  if (!last) {
    const missing = `the history in ${store.where} has no run of ${base.branch} on this machine and backend${skippedText ? ` (skipped: ${skippedText})` : ''}`;
    return noBaseline(job, { why: missing, base, hostMd, results: head.path, fallback });
  }
  const measured = await unpaired({
    base: { sessions, label: `the newest run of ${base.branch} in the history` },
    head,
    outDir: inputs.out,
    baseline: {
      source: 'history',
      sessions: sessions.length,
      reason: `${sessionReason(sessions.length)}, the newest runs of ${base.branch} in the history${skippedText ? ` (skipped: ${skippedText})` : ''}`,
    },
  });
  if ('nothing' in measured)
    return noBaseline(job, { why: measured.nothing, base, hostMd, results: head.path, fallback });
  const comparison = await confirmRegressions(job, base, measured, { canPair: true, started: at.started });
  return decide(job, {
    comparison,
    sourceDir: inputs.out,
    provenance: { source: 'history', commit: last.git.sha, ageMs: Date.now() - Date.parse(last.startedAt) },
    hostMd,
  });
}

/**
 * Regressions against other sessions are hypotheses: a runner drifts between sessions by more
 * than the thresholds, with heavy tails (docs/ARCHITECTURE.md §4). Before one fails anything,
 * base and head are measured here as pairs and the pairs decide; where they cannot be, the
 * regression stands, labelled unconfirmed with the reason.
 */
async function confirmRegressions(
  job: ModeJob,
  base: BaseCommit,
  comparison: ComparisonDoc,
  c: { canPair: boolean; started: number },
): Promise<ComparisonDoc> {
  const { inputs, ctx } = job;
  if (comparison.summary.regressions === 0 || !comparison.gate.comparable) return comparison;
  if (!c.canPair)
    return markUnconfirmed(
      comparison,
      'this merge job measures nothing (the shards measured head), so no paired A/B of base against head was run; baseline: same-job on the shards pairs them',
    );
  const budgetMs = inputs.timeBudgetMs ?? (await loadSuite(inputs.suite)).timeBudgetMs;
  const leftMs = budgetMs === null ? null : budgetMs - (Date.now() - c.started);
  if (leftMs !== null && leftMs <= 0)
    return markUnconfirmed(
      comparison,
      `the time budget (${Math.round((budgetMs ?? 0) / 1000)} s) was spent before a paired A/B of base against head could start`,
    );
  try {
    await ensureCommit(ctx.workspace, base.sha, (m) => core.info(m));
  } catch (err) {
    return markUnconfirmed(
      comparison,
      `the base commit ${base.sha.slice(0, 12)} cannot be checked out for a paired A/B: ${errorMessage(err)}`,
    );
  }
  core.info(
    `confirming ${comparison.summary.regressions} regression(s) with a paired A/B of base ${base.sha.slice(0, 12)} against head`,
  );
  return confirmUnpaired({
    ...measureSettings(inputs, ctx.signal),
    comparison,
    cwd: ctx.workspace,
    suitePath: inputs.suite,
    baseRef: base.sha,
    outDir: inputs.out,
    ...(leftMs !== null ? { timeBudgetMs: leftMs } : {}),
  });
}
