/**
 * The action's modes. `baseline` measures and stores results as an artifact; `compare` finds
 * the base branch's baseline (or measures the base commit in this job when there is none),
 * measures the head, decides, reports and gates; `comment` posts a report a fork PR's run left
 * behind; `merge` gathers shard results of this run and continues as baseline or compare.
 */
import * as core from '@actions/core';
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runAb } from '../engine/ab.js';
import { compareDocs, gateFails, nothingGated, sessionReason } from '../compare/compare.js';
import type { ComparisonDoc } from '../compare/types.js';
import { parseComparison } from '../compare/io.js';
import { InputError, errorMessage } from '../errors.js';
import { explainChanges } from '../flamegraph/explain.js';
import { directoryBaselineStore } from '../store/baseline.js';
import { ensureCommit, gitInfo, mergeBase } from '../tools/git.js';
import { writeReportDir } from '../engine/report.js';
import { mergeComparisonShards, mergeRunShards } from '../engine/merge.js';
import { renderReport, marker, type Provenance } from '../report/markdown.js';
import { renderSummaryMarkdown } from '../report/summary.js';
import { readResults, writeJsonAtomic } from '../results/io.js';
import type { ResultsDoc } from '../results/types.js';
import type { RunContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import { measureHead, measureSettings, preflight } from './measure.js';
import { commentImages, historyForComment, historyStore, historySuiteId, recordHistory } from './history.js';
import { historySessions } from '../engine/history-baseline.js';
import { historyProblemLines } from '../results/history.js';
import type { GitHubServices } from './services.js';
import { scrub } from '../tools/secrets.js';
import { writeFileAtomic } from '../tools/atomic.js';
import { checkoutProblem, eventBase } from './commits.js';
import { interruptedBy } from '../tools/interrupt.js';

export interface ModeResult {
  verdict: 'baseline' | 'pass' | 'regression' | 'accepted' | 'not-comparable' | 'not-gated' | 'no-baseline' | 'commented' | 'shard' | 'cancelled';
  results?: string;
  comparison?: string;
  report?: string;
  regressions?: number;
  improvements?: number;
  /** Set when the step must fail: the one-line reason. */
  failure?: string;
}

/** Every file under dir, as paths relative to it (artifact uploads take a list). */
async function filesUnder(dir: string): Promise<string[]> {
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
async function uploadOrWarn(gh: GitHubServices, name: string, dir: string, inputs: ActionInputs): Promise<number | null> {
  try {
    const files = await filesUnder(dir);
    const { id, size } = await gh.upload(name, files, dir, inputs.retentionDays);
    core.info(`uploaded artifact ${name} (id ${id}, ${size} bytes)`);
    return id;
  } catch (err) {
    core.warning(`could not upload artifact ${name}: ${errorMessage(err)}; the files are still in ${dir}`);
    return null;
  }
}

/**
 * The job summary is a copy of what the comment and the artifact already hold: a summary file
 * that cannot be written (full disk, a runner without GITHUB_STEP_SUMMARY) is a warning, never
 * the reason a clean gate fails.
 */
async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(scrub(markdown)).write();
  } catch (err) {
    core.warning(`could not write the job summary: ${errorMessage(err)}`);
  }
}

export const runUrl = (ctx: RunContext, runId = ctx.runId): string => `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}/actions/runs/${runId}`;

/** Results merged from shards, with their profiles, in `dir`. */
export interface Merged {
  doc: ResultsDoc;
  dir: string;
}

export async function baselineMode(inputs: ActionInputs, ctx: RunContext, gh: GitHubServices, merged?: Merged): Promise<ModeResult> {
  const dir = merged?.dir ?? path.join(inputs.out, 'baseline');
  let doc: ResultsDoc;
  let resultsPath: string;
  let hostMd = '';
  if (merged) {
    doc = merged.doc;
    resultsPath = path.join(dir, 'results.json');
    await writeJsonAtomic(resultsPath, doc);
  } else {
    hostMd = await preflight(inputs);
    const m = await measureHead(inputs, ctx, dir);
    doc = m.doc;
    resultsPath = m.resultsPath;
  }
  const cancelled = interruptedBy(ctx.signal);
  if (cancelled) {
    // A cancelled session is not a baseline: kept as its own artifact, never stored as one.
    await uploadOrWarn(gh, `${inputs.baselineArtifact}-cancelled`, dir, inputs);
    await writeSummary(hostMd + `> ⏹️ Cancelled (${cancelled}): not stored as a baseline.\n\n` + renderSummaryMarkdown(doc));
    return { verdict: 'cancelled', results: resultsPath, failure: `perfgate: cancelled (${cancelled}): the partial session is not stored as a baseline` };
  }
  if (inputs.shard !== null) {
    // A shard only measures; the `merge` job decides and reports for the whole suite.
    await uploadOrWarn(gh, shardArtifact(inputs, inputs.shard.index, inputs.shard.count), dir, inputs);
    await writeSummary(hostMd + renderSummaryMarkdown(doc));
    return { verdict: 'shard', results: resultsPath, ...brokenFailure(doc) };
  }
  const id = await uploadOrWarn(gh, inputs.baselineArtifact, dir, inputs);
  if (inputs.baselinePath) {
    // Persistent self-hosted runners keep the baseline on disk as well, for `baseline-path` compares.
    const saved = await directoryBaselineStore(inputs.baselinePath).save({ name: inputs.baselineArtifact, files: await filesUnder(dir), rootDir: dir });
    core.info(`baseline saved to ${saved.source === 'directory' ? saved.dir : inputs.baselinePath}`);
  }
  const historyNote = await recordHistory(inputs, ctx, gh, doc, runUrl(ctx));
  const note = historyNote + (id === null ? `\n> ⚠️ The baseline could not be stored as an artifact; later pull requests will not find it.\n` : `\nBaseline stored as artifact \`${inputs.baselineArtifact}\` of [this run](${runUrl(ctx)}).\n`);
  await writeSummary(hostMd + renderSummaryMarkdown(doc) + note);
  return { verdict: 'baseline', results: resultsPath, regressions: 0, improvements: 0, ...brokenFailure(doc) };
}

function brokenFailure(doc: ResultsDoc): { failure?: string } {
  const broken = doc.benchmarks.filter((b) => b.status !== 'ok');
  return broken.length > 0 ? { failure: `${broken.length} benchmark(s) did not complete: ${broken.map((b) => `${b.name} (${b.status})`).join(', ')}` } : {};
}

export function shardArtifact(inputs: ActionInputs, index: number, count: number): string {
  return `${inputs.baselineArtifact.replace(/^perfgate-baseline/, 'perfgate-shard')}-${index}-of-${count}`;
}

interface Baseline {
  doc: ResultsDoc;
  dir: string;
  path: string;
  provenance: Provenance;
}

/** The baseline to compare against, or why there is none. */
async function findBaseline(inputs: ActionInputs, ctx: RunContext, gh: GitHubServices, base: { branch: string; sha: string }): Promise<Baseline | { missing: string }> {
  if (inputs.baselinePath) {
    const local = await directoryBaselineStore(inputs.baselinePath).find();
    if (!local.found) return { missing: local.message };
    const doc = await readResults(local.resultsPath);
    return { doc, dir: local.dir, path: local.resultsPath, provenance: { source: 'local-file', commit: doc.git.sha, ageMs: Date.now() - Date.parse(doc.startedAt) } };
  }
  // A shallow clone (actions/checkout's default) cannot compute the merge base; GitHub can.
  const head = ctx.pr?.headSha ?? ctx.mergeGroup?.headSha ?? ctx.sha;
  const preferSha = (await mergeBase(ctx.workspace, 'HEAD', base.sha)) ?? (await gh.mergeBase(base.sha, head)) ?? base.sha;
  const dir = path.join(inputs.out, 'downloaded-baseline');
  const found = await gh.findBaseline({ branch: base.branch, preferSha, artifactName: inputs.baselineArtifact, destDir: dir });
  if ('missing' in found) return found;
  const file = path.join(dir, 'results.json');
  try {
    const doc = await readResults(file);
    return { doc, dir, path: file, provenance: { source: 'artifact', commit: found.found.headSha, ageMs: Date.now() - Date.parse(found.found.createdAt), runUrl: found.found.runUrl } };
  } catch (err) {
    return { missing: `baseline artifact ${inputs.baselineArtifact} of run ${found.found.runId} is unusable: ${errorMessage(err)}` };
  }
}

/** Base and head measured as interleaved pairs in this job: the engine's `perfgate ab`. */
async function pairedInJob(inputs: ActionInputs, ctx: RunContext, base: { sha: string }, reason: string): Promise<{ comparison: ComparisonDoc; dir: string }> {
  await ensureCommit(ctx.workspace, base.sha, (m) => core.info(m));
  const dir = path.join(inputs.out, 'ab');
  const ab = await runAb({
    ...measureSettings(inputs, ctx.signal),
    cwd: ctx.workspace,
    suitePath: inputs.suite,
    baseRef: base.sha,
    headRef: null,
    outDir: dir,
    ...(inputs.timeBudgetMs !== null ? { timeBudgetMs: inputs.timeBudgetMs } : {}),
    baseline: { source: 'same-job', sessions: 1, reason },
  });
  return { comparison: ab.comparison, dir };
}

export async function compareMode(inputs: ActionInputs, ctx: RunContext, gh: GitHubServices, merged?: Merged): Promise<ModeResult> {
  const base = eventBase(ctx);
  // Before setup: a workspace at the base would be paired with itself (shards check their own).
  const wrongCheckout = merged ? null : checkoutProblem(ctx, (await gitInfo(ctx.workspace)).sha);
  if (wrongCheckout) throw new InputError(wrongCheckout);
  const notices: string[] = [];
  const hostMd = merged ? '' : await preflight(inputs);
  const sameJob = `base ${base.sha.slice(0, 12)} and head measured as interleaved pairs in this job, so drift between runners and sessions cancels`;
  if (inputs.shard !== null && !merged) {
    // A shard pairs its share of the benchmarks; the merge job decides and reports once.
    const { comparison, dir } = await pairedInJob(inputs, ctx, base, `${sameJob} (shard ${inputs.shard.index}/${inputs.shard.count})`);
    await uploadOrWarn(gh, shardArtifact(inputs, inputs.shard.index, inputs.shard.count), dir, inputs);
    await writeSummary(hostMd + renderComparisonSummary(comparison, inputs, ctx));
    return { verdict: 'shard', comparison: path.join(dir, 'comparison.json'), regressions: comparison.summary.regressions, improvements: comparison.summary.improvements };
  }
  if (inputs.baseline === 'same-job' && !merged) {
    const { comparison, dir } = await pairedInJob(inputs, ctx, base, `${sameJob} (baseline: same-job, the default)`);
    return decideAndReport(inputs, ctx, gh, comparison, dir, { source: 'same-job', commit: base.sha, ageMs: 0 }, notices, hostMd);
  }
  if (inputs.baseline === 'history' && !merged) return historyCompare(inputs, ctx, gh, base, hostMd, sameJob);
  // baseline: artifact — one stored session from another run. Looked for before measuring, so
  // that a missing one falls back to pairs without measuring the head twice.
  const found = await findBaseline(inputs, ctx, gh, base);
  if ('missing' in found) {
    if (inputs.onMissingBaseline === 'fail') return { verdict: 'no-baseline', failure: `no usable baseline: ${found.missing} (on-missing-baseline: fail)` };
    if (inputs.onMissingBaseline === 'skip') {
      core.warning(`NOT GATED: no usable baseline: ${found.missing}`);
      await writeSummary(hostMd + `> ⚠️ Not gated: no usable baseline: ${found.missing} (on-missing-baseline: skip)\n`);
      return { verdict: 'no-baseline' };
    }
    if (merged) throw new InputError(`no usable baseline for the merged shards: ${found.missing}; run the shards with baseline: same-job`);
    core.warning(`${found.missing}: measuring the base commit in this job`);
    notices.push(`No usable baseline (${found.missing}): measured the base commit ${base.sha.slice(0, 12)} in this job instead (paired).`);
    const { comparison, dir } = await pairedInJob(inputs, ctx, base, `no usable baseline artifact (${found.missing}), so ${sameJob}`);
    return decideAndReport(inputs, ctx, gh, comparison, dir, { source: 'same-job', commit: base.sha, ageMs: 0 }, notices, hostMd);
  }
  const headDir = merged?.dir ?? path.join(inputs.out, 'head');
  let headDoc: ResultsDoc;
  let headPath: string;
  if (merged) {
    headDoc = merged.doc;
    headPath = path.join(headDir, 'results.json');
  } else {
    const m = await measureHead(inputs, ctx, headDir);
    headDoc = m.doc;
    headPath = m.resultsPath;
  }
  const comparison = compareDocs(found.doc, headDoc, {
    design: 'unpaired',
    baseline: { source: found.provenance.source, sessions: 1, reason: sessionReason(1) },
    baseSessions: [found.doc],
    basePath: found.path,
    headPath,
  });
  if (!comparison.gate.comparable) notices.push(`⚠️ The baseline is not comparable with this runner: ${comparison.gate.reasons.join('; ')}`);
  notices.push(`Compared with a stored baseline from another session (baseline: ${found.provenance.source}): results drift between sessions and runners by more than the gate's thresholds, so rows are reported but not gated. baseline: same-job (the default) measures base and head paired in this job.`);
  const ex = await explainChanges({ dir: found.dir, benchmarks: found.doc.benchmarks }, { dir: headDir, benchmarks: headDoc.benchmarks }, inputs.out);
  if (Object.keys(ex.explanations).length > 0) comparison.explanations = ex.explanations;
  comparison.warnings.push(...ex.warnings);
  return decideAndReport(inputs, ctx, gh, comparison, inputs.out, found.provenance, notices, hostMd);
}

/**
 * baseline: history — the head measured alone, against the newest sessions of the base branch
 * in the history (same machine fingerprint and backend): several sessions, so the interval
 * carries the drift between them (stats/sessions.ts).
 */
async function historyCompare(inputs: ActionInputs, ctx: RunContext, gh: GitHubServices, base: { branch: string; sha: string }, hostMd: string, sameJob: string): Promise<ModeResult> {
  const store = historyStore(inputs, ctx);
  if (!store) throw new InputError("baseline: history needs the history (history: true)");
  const notices: string[] = [];
  const parsed = await store.read(historySuiteId(inputs)).catch((err: unknown) => {
    core.warning(`could not read the history in ${store.where}: ${errorMessage(err)}`);
    return { records: [], problems: [] };
  });
  for (const line of historyProblemLines(parsed.problems)) core.warning(`history: ${line}`);
  const headDir = path.join(inputs.out, 'head');
  const head = await measureHead(inputs, ctx, headDir);
  const { sessions, skipped } = historySessions(parsed.records, { fingerprint: head.doc.fingerprint, backend: head.doc.backend, ref: `refs/heads/${base.branch}`, limit: inputs.historySessions });
  const skippedText = Object.entries(skipped).filter(([, n]) => n > 0).map(([why, n]) => `${n} run(s) of ${why.replace(/^other/, 'another ').toLowerCase()}`).join(', ');
  const last = sessions[sessions.length - 1];
  if (!last) {
    const missing = `the history in ${store.where} has no run of ${base.branch} on this machine and backend${skippedText ? ` (skipped: ${skippedText})` : ''}`;
    if (inputs.onMissingBaseline === 'fail') return { verdict: 'no-baseline', results: head.resultsPath, failure: `no usable baseline: ${missing} (on-missing-baseline: fail)` };
    if (inputs.onMissingBaseline === 'skip') {
      core.warning(`NOT GATED: no usable baseline: ${missing}`);
      await writeSummary(hostMd + `> ⚠️ Not gated: no usable baseline: ${missing} (on-missing-baseline: skip)\n`);
      return { verdict: 'no-baseline', results: head.resultsPath };
    }
    core.warning(`${missing}: measuring the base commit in this job`);
    notices.push(`No usable history (${missing}): measured the base commit ${base.sha.slice(0, 12)} in this job instead (paired).`);
    const { comparison, dir } = await pairedInJob(inputs, ctx, base, `no usable history, so ${sameJob}`);
    return decideAndReport(inputs, ctx, gh, comparison, dir, { source: 'same-job', commit: base.sha, ageMs: 0 }, notices, hostMd);
  }
  const comparison = compareDocs(last, head.doc, {
    design: 'unpaired',
    baseline: { source: 'history', sessions: sessions.length, reason: `${sessionReason(sessions.length)}, the newest runs of ${base.branch} in the history${skippedText ? ` (skipped: ${skippedText})` : ''}` },
    baseSessions: sessions,
    headPath: head.resultsPath,
  });
  return decideAndReport(inputs, ctx, gh, comparison, inputs.out, { source: 'history', commit: last.git.sha, ageMs: Date.now() - Date.parse(last.startedAt) }, notices, hostMd);
}

function renderComparisonSummary(comparison: ComparisonDoc, inputs: ActionInputs, ctx: RunContext): string {
  return renderReport({ comparison, suiteId: inputs.suiteId, provenance: { source: 'same-job', commit: comparison.base.git.sha, ageMs: 0 }, runUrl: runUrl(ctx), artifactUrl: runUrl(ctx), notices: [] }).body;
}

async function decideAndReport(
  inputs: ActionInputs,
  ctx: RunContext,
  gh: GitHubServices,
  comparison: ComparisonDoc,
  sourceDir: string,
  provenance: Provenance,
  notices: string[],
  hostMd: string,
): Promise<ModeResult> {
  const fails = gateFails(comparison);
  const cancelled = interruptedBy(ctx.signal);
  const notGated = [...(comparison.interrupted ?? []), ...comparison.problems.filter((p) => p.status === 'skipped').map((p) => p.benchmark)];
  if (cancelled) notices.unshift(`⏹️ Cancelled (${cancelled}): the job was stopped while measuring; not gated: ${notGated.length > 0 ? [...new Set(notGated)].join(', ') : 'none'}${comparison.rows.length > 0 ? '; the rows below were measured to the end before the signal' : ''}.`);
  let accepted = false;
  if (fails.length > 0 && ctx.pr && !cancelled) {
    accepted = ctx.pr.labels.includes(inputs.acceptLabel);
    if (!accepted) accepted = await gh.hasLabel(ctx.pr.number, inputs.acceptLabel).catch(() => false);
    if (accepted) notices.push(`✅ Regression accepted: the pull request has the label ${inputs.acceptLabel}; the gate passes.`);
  }
  // Base could not be built (a pull request that repairs it): head's numbers, and the
  // missing-baseline rule decides the gate (docs/faults.md).
  const noBase = comparison.noComparison !== undefined;
  if (noBase) notices.push(`No comparison: the base commit could not be measured, so head was measured alone and nothing is gated against it (on-missing-baseline: ${inputs.onMissingBaseline}${inputs.onMissingBaseline === 'fail' ? ', so the gate fails' : ''}).`);
  const headAlone = noBase && comparison.head.results ? await readResults(comparison.head.results).catch(() => undefined) : undefined;
  if (ctx.pr?.readOnly) notices.push(`This run cannot comment (${ctx.pr.readOnly}): the report is stored as an artifact for the companion workflow (mode: comment).`);
  // GitHub kills a cancelled job ~7.5 s after its signal: no history read, no images pushed.
  const history = cancelled ? null : await historyForComment(inputs, ctx, comparison, ctx.pr?.baseRef ?? ctx.mergeGroup?.baseRef ?? null);
  const images = cancelled ? undefined : await commentImages(inputs, ctx, comparison);
  // Setup output and stderr in it were scrubbed where they entered (tools/process.ts), and the
  // comment, summary and artifact writers scrub again (tools/secrets.ts).
  const { body, cutRows } = renderReport({ comparison, ...(headAlone ? { headAlone } : {}), suiteId: inputs.suiteId, provenance, runUrl: runUrl(ctx), artifactUrl: runUrl(ctx), notices, images, ...(history ? { history } : {}) });
  if (cutRows > 0) core.warning(`report: ${cutRows} row(s) cut to fit GitHub's comment limit`);
  // The differential flame graphs the comment names travel with the report artifact.
  const files = await writeReportDir(comparison, body, sourceDir, path.join(inputs.out, 'report'), {
    'meta.json': { pr: ctx.pr?.number ?? null, marker: marker(inputs.suiteId), sha: ctx.pr?.headSha ?? ctx.sha },
  });
  for (const m of files.missing) core.warning(`report: flame graph ${m} is missing from ${sourceDir}`);
  const reportPath = files.report;
  const comparisonPath = files.comparison;

  // The comment first: a cancelled job has seconds left, and a stale green comment is the
  // one thing that must not survive it.
  const s = comparison.summary;
  // Nothing gated is never a pass: a stored single session cannot see any regression, and
  // even `comment: on-change` says so on the pull request.
  const ungated = comparison.gate.comparable ? nothingGated(comparison) : null;
  if (ungated && fails.length === 0) core.warning(`NOT GATED: ${ungated}; a regression of any size would pass. baseline: same-job (the default) gates.`);
  const changed = s.regressions + s.improvements + comparison.problems.length > 0 || ungated !== null;
  if (ctx.pr && !ctx.pr.readOnly && inputs.comment !== 'never') {
    try {
      const r = await gh.upsertComment(ctx.pr.number, marker(inputs.suiteId), body, { create: inputs.comment === 'always' || changed });
      if (r) core.info(`PR comment ${r.action} (id ${r.id})`);
    } catch (err) {
      core.warning(`could not post the PR comment: ${errorMessage(err)}; the report is in ${reportPath}, the job summary and the ${inputs.reportArtifact} artifact`);
    }
  } else if (ctx.pr?.readOnly) {
    core.notice(`not commenting (${ctx.pr.readOnly}): the report is in the ${inputs.reportArtifact} artifact for a workflow_run job with mode: comment`);
  }
  await uploadOrWarn(gh, inputs.reportArtifact, files.dir, inputs);
  await writeSummary(hostMd + body);
  if (cancelled) {
    return { verdict: 'cancelled', ...(comparison.head.results ? { results: comparison.head.results } : {}), comparison: comparisonPath, report: reportPath, regressions: s.regressions, improvements: s.improvements, failure: `perfgate: cancelled (${cancelled}); not gated: ${[...new Set(notGated)].join(', ') || 'none'}` };
  }
  if (noBase) {
    const failure = fails.length > 0 ? `perfgate: ${fails.join('; ')}` : inputs.onMissingBaseline === 'fail' ? `no usable baseline: base could not be measured: ${(comparison.noComparison ?? '').split('\n')[0]} (on-missing-baseline: fail)` : null;
    if (failure === null) core.warning(`NOT GATED: base could not be measured (${(comparison.noComparison ?? '').split('\n')[0]}); head measured alone`);
    return { verdict: 'no-baseline', ...(comparison.head.results ? { results: comparison.head.results } : {}), comparison: comparisonPath, report: reportPath, regressions: 0, improvements: 0, ...(failure !== null ? { failure } : {}) };
  }
  const verdict: ModeResult['verdict'] = !comparison.gate.comparable ? 'not-comparable' : fails.length > 0 ? (accepted ? 'accepted' : 'regression') : ungated ? 'not-gated' : 'pass';
  const result: ModeResult = { verdict, ...(comparison.head.results ? { results: comparison.head.results } : {}), comparison: comparisonPath, report: reportPath, regressions: s.regressions, improvements: s.improvements };
  if (fails.length > 0 && !accepted && inputs.failOnRegression) result.failure = `perfgate: ${fails.join('; ')}`;
  if (!comparison.gate.comparable && inputs.failOnRegression) result.failure = `perfgate: not comparable with the baseline: ${comparison.gate.reasons.join('; ')}`;
  return result;
}

/**
 * workflow_run companion: posts the report a fork PR's run stored as an artifact. Nothing in
 * that artifact is trusted (the fork's code wrote it): the pull request comes from the event
 * and must have the run's head commit as its head (checked with GitHub), and the body is
 * rendered here from the artifact's comparison.json, escaped like every other report, never
 * taken as markdown.
 */
export async function commentMode(inputs: ActionInputs, ctx: RunContext, gh: GitHubServices): Promise<ModeResult> {
  const run = ctx.workflowRun;
  if (!run) throw new InputError(`mode comment runs on a workflow_run event (this is ${ctx.eventName || 'unknown'})`);
  if (!/^[0-9a-f]{40}$/.test(run.headSha)) throw new InputError(`the workflow_run event names no head commit (workflow_run.head_sha is ${JSON.stringify(run.headSha)})`);
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
  const meta = await readFile(path.join(dir, 'meta.json'), 'utf8').then((t) => JSON.parse(t) as { pr?: unknown }, () => ({}) as { pr?: unknown });
  const candidates = [...run.prNumbers, ...(run.prNumbers.length === 0 && typeof meta.pr === 'number' && Number.isInteger(meta.pr) && meta.pr > 0 ? [meta.pr] : [])];
  let pr: number | null = null;
  for (const n of candidates) {
    const head = await gh.pullHeadSha(n);
    if (head === run.headSha) {
      pr = n;
      break;
    }
    core.warning(`pull request #${n} has head ${head.slice(0, 12)}, not the run's ${run.headSha.slice(0, 12)}: not posting there`);
  }
  if (pr === null) throw new InputError(`no pull request of this repository has the head commit ${run.headSha.slice(0, 12)} of run ${run.id}: refusing to post its report`);
  if (comparison.head.git.sha !== null && comparison.head.git.sha !== run.headSha) {
    core.warning(`the report's head commit ${comparison.head.git.sha.slice(0, 12)} is not the run's head ${run.headSha.slice(0, 12)} (a dirty-tree snapshot or a forged report): posting it labelled as the run's`);
  }
  const { body } = renderReport({
    comparison,
    suiteId: inputs.suiteId,
    provenance: { source: comparison.baseline.source, commit: comparison.base.git.sha, ageMs: null },
    runUrl: runUrl(ctx, run.id),
    artifactUrl: runUrl(ctx, run.id),
    notices: [`Measured by [run ${run.id}](${runUrl(ctx, run.id)}) of a fork pull request; posted by the companion workflow, re-rendered from its comparison.json.`],
  });
  const r = await gh.upsertComment(pr, marker(inputs.suiteId), body, { create: true });
  core.info(`PR #${pr} comment ${r?.action ?? 'unchanged'}`);
  const posted = path.join(dir, 'posted.md');
  await writeFileAtomic(posted, body);
  return { verdict: 'commented', report: posted };
}

/**
 * Downloads this run's shard artifacts and merges them: paired shards (pull requests, merge
 * queues) into one comparison that is decided and reported once; results shards (pushes,
 * nightlies) into one baseline.
 */
export async function mergeMode(inputs: ActionInputs, ctx: RunContext, gh: GitHubServices): Promise<ModeResult> {
  const prefix = shardArtifact(inputs, 0, 0).replace(/-0-of-0$/, '-');
  const artifacts = await gh.listRunArtifacts(ctx.runId, prefix);
  if (artifacts.length === 0) throw new InputError(`mode merge: no shard artifacts named ${prefix}<i>-of-<n> in this run (did the shard jobs run with the same suite-id?)`);
  const shards = [];
  for (const a of artifacts) {
    const dir = path.join(inputs.out, 'shards', a.name);
    await gh.download({ id: a.id, runId: ctx.runId }, dir);
    shards.push({ name: a.name, dir });
  }
  const mergedDir = path.join(inputs.out, 'merged');
  const plain = { ...inputs, shard: null };
  const paired = await Promise.all(shards.map((s) => access(path.join(s.dir, 'comparison.json')).then(() => true, () => false)));
  if (paired.every(Boolean)) {
    const { comparison, warnings } = await mergeComparisonShards(shards, mergedDir);
    for (const w of warnings) core.warning(w);
    core.info(`merged ${shards.length} paired shards: ${comparison.rows.length} rows`);
    return decideAndReport(plain, ctx, gh, comparison, mergedDir, { source: 'same-job', commit: comparison.base.git.sha, ageMs: 0 }, [], '');
  }
  if (paired.some(Boolean)) throw new InputError(`mode merge: the shard artifacts mix paired (comparison.json) and unpaired (results.json) shards: ${shards.map((s, i) => `${s.name}: ${paired[i] ? 'paired' : 'results'}`).join(', ')}`);
  const { doc, warnings } = await mergeRunShards(shards, mergedDir);
  for (const w of warnings) core.warning(w);
  const merged = { doc, dir: mergedDir };
  return ctx.pr || ctx.mergeGroup ? compareMode({ ...plain, baseline: 'artifact' }, ctx, gh, merged) : baselineMode(plain, ctx, gh, merged);
}
