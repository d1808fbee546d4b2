/**
 * The action's modes. `baseline` measures and stores results as an artifact; `compare` finds
 * the base branch's baseline (or measures the base commit in this job when there is none),
 * measures the head, decides, reports and gates; `comment` posts a report a fork PR's run left
 * behind; `merge` gathers shard results of this run and continues as baseline or compare.
 */
import * as core from '@actions/core';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runAb } from '../engine/ab.js';
import { compareDocs, gateFails } from '../compare/compare.js';
import type { ComparisonDoc } from '../compare/types.js';
import { InputError, errorMessage } from '../errors.js';
import { explainChanges } from '../flamegraph/explain.js';
import { directoryBaselineStore } from '../store/baseline.js';
import { runProcess } from '../tools/process.js';
import { renderReport, marker, type Provenance } from '../report/markdown.js';
import { renderSummaryMarkdown } from '../report/summary.js';
import { readResults, writeJsonAtomic } from '../results/io.js';
import { mergeResults } from '../results/merge.js';
import type { ResultsDoc } from '../results/types.js';
import type { RunContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import { measureHead, preflight } from './measure.js';
import type { GitHubServices } from './services.js';

export interface ModeResult {
  verdict: 'baseline' | 'pass' | 'regression' | 'accepted' | 'not-comparable' | 'no-baseline' | 'commented' | 'shard';
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

const runUrl = (ctx: RunContext, runId = ctx.runId): string => `${ctx.serverUrl}/${ctx.repo.owner}/${ctx.repo.name}/actions/runs/${runId}`;

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
  if (inputs.shard !== null) {
    // A shard only measures; the `merge` job decides and reports for the whole suite.
    await uploadOrWarn(gh, shardArtifact(inputs, inputs.shard.index, inputs.shard.count), dir, inputs);
    await core.summary.addRaw(hostMd + renderSummaryMarkdown(doc)).write();
    return { verdict: 'shard', results: resultsPath, ...brokenFailure(doc) };
  }
  const id = await uploadOrWarn(gh, inputs.baselineArtifact, dir, inputs);
  if (inputs.baselinePath) {
    // Persistent self-hosted runners keep the baseline on disk as well, for `baseline-path` compares.
    const saved = await directoryBaselineStore(inputs.baselinePath).save({ name: inputs.baselineArtifact, files: await filesUnder(dir), rootDir: dir });
    core.info(`baseline saved to ${saved.source === 'directory' ? saved.dir : inputs.baselinePath}`);
  }
  const note = id === null ? `\n> ⚠️ The baseline could not be stored as an artifact; later pull requests will not find it.\n` : `\nBaseline stored as artifact \`${inputs.baselineArtifact}\` of [this run](${runUrl(ctx)}).\n`;
  await core.summary.addRaw(hostMd + renderSummaryMarkdown(doc) + note).write();
  return { verdict: 'baseline', results: resultsPath, regressions: 0, improvements: 0, ...brokenFailure(doc) };
}

function brokenFailure(doc: ResultsDoc): { failure?: string } {
  const broken = doc.benchmarks.filter((b) => b.status !== 'ok');
  return broken.length > 0 ? { failure: `${broken.length} benchmark(s) did not complete: ${broken.map((b) => `${b.name} (${b.status})`).join(', ')}` } : {};
}

export function shardArtifact(inputs: ActionInputs, index: number, count: number): string {
  return `${inputs.baselineArtifact.replace(/^perfgate-baseline/, 'perfgate-shard')}-${index}-of-${count}`;
}

async function git(cwd: string, ...args: string[]): Promise<string | null> {
  const r = await runProcess({ argv: ['git', ...args], cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' }, timeoutMs: 120_000 });
  return r.exitCode === 0 ? r.stdoutTail.trim() : null;
}

/** The base commit must be in the clone for same-job measuring; shallow clones get it fetched. */
async function ensureCommit(cwd: string, sha: string): Promise<void> {
  if ((await git(cwd, 'cat-file', '-e', `${sha}^{commit}`)) !== null) return;
  core.info(`fetching base commit ${sha.slice(0, 12)} (shallow clone)`);
  if ((await git(cwd, 'fetch', '--no-tags', '--depth=1', 'origin', sha)) === null) {
    throw new InputError(`base commit ${sha} is not in this clone and could not be fetched: use actions/checkout with fetch-depth: 0`);
  }
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
  const mergeBase = (await git(ctx.workspace, 'merge-base', 'HEAD', base.sha)) ?? (await gh.mergeBase(base.sha, head)) ?? base.sha;
  const dir = path.join(inputs.out, 'downloaded-baseline');
  const found = await gh.findBaseline({ branch: base.branch, preferSha: mergeBase, artifactName: inputs.baselineArtifact, destDir: dir });
  if ('missing' in found) return found;
  const file = path.join(dir, 'results.json');
  try {
    const doc = await readResults(file);
    return { doc, dir, path: file, provenance: { source: 'artifact', commit: found.found.headSha, ageMs: Date.now() - Date.parse(found.found.createdAt), runUrl: found.found.runUrl } };
  } catch (err) {
    return { missing: `baseline artifact ${inputs.baselineArtifact} of run ${found.found.runId} is unusable: ${errorMessage(err)}` };
  }
}

export async function compareMode(inputs: ActionInputs, ctx: RunContext, gh: GitHubServices, merged?: Merged): Promise<ModeResult> {
  const base = ctx.pr ? { branch: ctx.pr.baseRef, sha: ctx.pr.baseSha } : ctx.mergeGroup ? { branch: ctx.mergeGroup.baseRef, sha: ctx.mergeGroup.baseSha } : null;
  if (!base) throw new InputError(`mode compare needs a pull_request or merge_group event (this is ${ctx.eventName || 'unknown'}); use mode: baseline`);
  if (ctx.pr?.fork && ctx.runner === 'self-hosted' && !inputs.allowForkOnSelfHosted) {
    throw new InputError('refusing to run code from a fork on a self-hosted runner (it could persist on the machine); set allow-fork-on-self-hosted: true to opt in');
  }
  const notices: string[] = [];
  const hostMd = merged ? '' : await preflight(inputs);
  const found = await findBaseline(inputs, ctx, gh, base);
  const headDir = merged?.dir ?? path.join(inputs.out, 'head');
  let comparison: ComparisonDoc | null = null;
  let provenance: Provenance = { source: 'same-job', commit: base.sha, ageMs: 0 };
  let headDoc: ResultsDoc;
  let headPath: string;
  if (merged) {
    headDoc = merged.doc;
    headPath = path.join(headDir, 'results.json');
    await writeJsonAtomic(headPath, headDoc);
  } else {
    const m = await measureHead(inputs, ctx, headDir);
    headDoc = m.doc;
    headPath = m.resultsPath;
  }
  let missing: string | null = null;
  if ('missing' in found) missing = found.missing;
  else {
    comparison = compareDocs(found.doc, headDoc, { design: 'unpaired', basePath: found.path, headPath });
    provenance = found.provenance;
    if (!comparison.gate.comparable) {
      missing = `the baseline is not comparable with this runner: ${comparison.gate.reasons.join('; ')}`;
      if (inputs.onMissingBaseline === 'ab') comparison = null;
    } else {
      const ex = await explainChanges({ dir: found.dir, benchmarks: found.doc.benchmarks }, { dir: headDir, benchmarks: headDoc.benchmarks }, inputs.out);
      if (Object.keys(ex.explanations).length > 0) comparison.explanations = ex.explanations;
      comparison.warnings.push(...ex.warnings);
    }
  }
  if (missing !== null && comparison === null) {
    if (inputs.onMissingBaseline === 'fail') return { verdict: 'no-baseline', results: headPath, failure: `no usable baseline: ${missing} (on-missing-baseline: fail)` };
    if (inputs.onMissingBaseline === 'skip') {
      core.warning(`NOT GATED: no usable baseline: ${missing}`);
      notices.push(`⚠️ Not gated: no usable baseline (${missing}). on-missing-baseline is skip.`);
      await core.summary.addRaw(hostMd + `> ⚠️ Not gated: no usable baseline: ${missing}\n\n` + renderSummaryMarkdown(headDoc)).write();
      return { verdict: 'no-baseline', results: headPath };
    }
    notices.push(`No usable baseline (${missing}): measured the base commit ${base.sha.slice(0, 12)} in this job instead (paired A/B).`);
    core.warning(`${missing}: measuring the base commit in this job`);
    await ensureCommit(ctx.workspace, base.sha);
    const ab = await runAb({
      cwd: ctx.workspace,
      suitePath: inputs.suite,
      baseRef: base.sha,
      headRef: null,
      outDir: path.join(inputs.out, 'ab'),
      ...(inputs.iterations !== null ? { iterations: inputs.iterations } : {}),
      ...(inputs.maxIterations !== null ? { maxIterations: inputs.maxIterations } : {}),
      ...(inputs.timeBudgetMs !== null ? { timeBudgetMs: inputs.timeBudgetMs } : {}),
      ...(inputs.filter !== null ? { filter: inputs.filter } : {}),
      parentEnv: process.env,
      stderr: process.stderr,
    });
    comparison = ab.comparison;
    provenance = { source: 'same-job', commit: base.sha, ageMs: 0 };
  } else if (missing !== null) {
    notices.push(`⚠️ ${missing}`);
  }
  if (!comparison) throw new Error('internal: no comparison');
  return decideAndReport(inputs, ctx, gh, comparison, provenance, notices, headPath, hostMd);
}

async function decideAndReport(
  inputs: ActionInputs,
  ctx: RunContext,
  gh: GitHubServices,
  comparison: ComparisonDoc,
  provenance: Provenance,
  notices: string[],
  headPath: string,
  hostMd: string,
): Promise<ModeResult> {
  const fails = gateFails(comparison);
  let accepted = false;
  if (fails.length > 0 && ctx.pr) {
    accepted = ctx.pr.labels.includes(inputs.acceptLabel);
    if (!accepted) accepted = await gh.hasLabel(ctx.pr.number, inputs.acceptLabel).catch(() => false);
    if (accepted) notices.push(`✅ Regression accepted: the pull request has the label ${inputs.acceptLabel}; the gate passes.`);
  }
  if (ctx.pr?.readOnly) notices.push(`This run cannot comment (${ctx.pr.readOnly}): the report is stored as an artifact for the companion workflow (mode: comment).`);
  const reportDir = path.join(inputs.out, 'report');
  await mkdir(reportDir, { recursive: true });
  const { body, cutRows } = renderReport({ comparison, suiteId: inputs.suiteId, provenance, runUrl: runUrl(ctx), artifactUrl: runUrl(ctx), notices });
  if (cutRows > 0) core.warning(`report: ${cutRows} row(s) cut to fit GitHub's comment limit`);
  const reportPath = path.join(reportDir, 'report.md');
  const comparisonPath = path.join(reportDir, 'comparison.json');
  await writeFile(reportPath, body);
  await writeJsonAtomic(comparisonPath, comparison);
  await writeJsonAtomic(path.join(reportDir, 'meta.json'), { pr: ctx.pr?.number ?? null, marker: marker(inputs.suiteId), sha: ctx.pr?.headSha ?? ctx.sha });
  // The differential flame graphs travel with the report artifact the comment links to.
  const graphs = await readdir(path.join(inputs.out, 'flamegraphs')).catch(() => [] as string[]);
  await mkdir(path.join(reportDir, 'flamegraphs'), { recursive: true });
  for (const f of graphs) await writeFile(path.join(reportDir, 'flamegraphs', f), await readFile(path.join(inputs.out, 'flamegraphs', f)));
  await uploadOrWarn(gh, inputs.reportArtifact, reportDir, inputs);
  await core.summary.addRaw(hostMd + body).write();

  const s = comparison.summary;
  const changed = s.regressions + s.improvements + comparison.problems.length > 0;
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
  const verdict: ModeResult['verdict'] = !comparison.gate.comparable ? 'not-comparable' : fails.length === 0 ? 'pass' : accepted ? 'accepted' : 'regression';
  const result: ModeResult = { verdict, results: headPath, comparison: comparisonPath, report: reportPath, regressions: s.regressions, improvements: s.improvements };
  if (fails.length > 0 && !accepted && inputs.failOnRegression) result.failure = `perfgate: ${fails.join('; ')}`;
  if (!comparison.gate.comparable && inputs.failOnRegression) result.failure = `perfgate: not comparable with the baseline: ${comparison.gate.reasons.join('; ')}`;
  return result;
}

/** workflow_run companion: post the report that a fork PR's run stored as an artifact. */
export async function commentMode(inputs: ActionInputs, ctx: RunContext, gh: GitHubServices): Promise<ModeResult> {
  if (!ctx.workflowRun) throw new InputError(`mode comment runs on a workflow_run event (this is ${ctx.eventName || 'unknown'})`);
  const artifacts = await gh.listRunArtifacts(ctx.workflowRun.id, inputs.reportArtifact);
  const report = artifacts.find((a) => a.name === inputs.reportArtifact);
  if (!report) {
    core.warning(`run ${ctx.workflowRun.id} left no ${inputs.reportArtifact} artifact: nothing to post`);
    return { verdict: 'commented' };
  }
  const dir = path.join(inputs.out, 'posted-report');
  await gh.download({ id: report.id, runId: ctx.workflowRun.id }, dir);
  const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as { pr: number | null; marker: string };
  const pr = meta.pr ?? ctx.workflowRun.prNumbers[0] ?? null;
  if (pr === null) throw new InputError(`the report of run ${ctx.workflowRun.id} names no pull request`);
  // The body comes from an untrusted run: it must carry our marker, and is posted as-is (it was rendered escaped).
  const body = await readFile(path.join(dir, 'report.md'), 'utf8');
  if (!body.startsWith(marker(inputs.suiteId))) throw new InputError(`the report artifact of run ${ctx.workflowRun.id} is not a perfgate report for suite ${inputs.suiteId}`);
  const r = await gh.upsertComment(pr, marker(inputs.suiteId), body, { create: true });
  core.info(`PR #${pr} comment ${r?.action ?? 'unchanged'}`);
  return { verdict: 'commented', report: path.join(dir, 'report.md') };
}

/** Downloads this run's shard artifacts, merges them, and continues as baseline or compare. */
export async function mergeMode(inputs: ActionInputs, ctx: RunContext, gh: GitHubServices): Promise<ModeResult> {
  const prefix = shardArtifact(inputs, 0, 0).replace(/-0-of-0$/, '-');
  const shards = await gh.listRunArtifacts(ctx.runId, prefix);
  if (shards.length === 0) throw new InputError(`mode merge: no shard artifacts named ${prefix}<i>-of-<n> in this run (did the shard jobs run with the same suite-id?)`);
  const inputsForMerge = [];
  for (const a of shards) {
    const dir = path.join(inputs.out, 'shards', a.name);
    await gh.download({ id: a.id, runId: ctx.runId }, dir);
    inputsForMerge.push({ file: `${a.name}/results.json`, doc: await readResults(path.join(dir, 'results.json')), dir });
  }
  const { doc, warnings } = mergeResults(inputsForMerge);
  for (const w of warnings) core.warning(w);
  // Profiles stay where each shard put them: copy them beside the merged results.
  const mergedDir = path.join(inputs.out, 'merged');
  for (const s of inputsForMerge) {
    for (const b of s.doc.benchmarks) {
      if (!b.profile) continue;
      await mkdir(path.join(mergedDir, path.dirname(b.profile.folded)), { recursive: true });
      await writeFile(path.join(mergedDir, b.profile.folded), await readFile(path.join(s.dir, b.profile.folded)));
    }
  }
  const plain = { ...inputs, shard: null };
  const merged = { doc, dir: mergedDir };
  return ctx.pr || ctx.mergeGroup ? compareMode(plain, ctx, gh, merged) : baselineMode(plain, ctx, gh, merged);
}
