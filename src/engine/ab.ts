/**
 * `perfgate ab`: the most accurate comparison. Base and head are checked out side by side and
 * measured as pairs, in random order within each pair (so drift and periodic noise hit both
 * sides alike), then analysed as paired log-ratios. Adaptive sampling adds batches of pairs
 * while a gated row is inconclusive (the design: compare/sequential.ts).
 */
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { InputError, SetupFailedError } from '../errors.js';
import { runBenchmarks } from '../measure/runner.js';
import { progressReporter } from '../report/progress.js';
import { probeHost } from '../host/probe.js';
import { runDoctor } from '../host/doctor.js';
import { rootsFromEnv } from '../host/roots.js';
import type { Backend } from '../measure/backends.js';
import { SampleCollector } from '../measure/collect.js';
import { harnessCount, sampleInvocation } from '../measure/invocation.js';
import { benchmarkEnv, commandArgv } from '../measure/command.js';
import { recordProfiles } from '../profile/profiles.js';
import { formatEta } from '../report/progress.js';
import { writeJsonAtomic } from '../results/io.js';
import { RESULTS_SCHEMA_VERSION, type BackendName, type BenchmarkResult, type CallGraphMode, type ResultsDoc } from '../results/types.js';
import { createRng } from '../stats/rng.js';
import { loadSuite } from '../suite/load.js';
import type { BenchmarkSpec, Suite } from '../suite/types.js';
import { VERSION } from '../version.js';
import { explainChanges } from '../flamegraph/explain.js';
import { pairedRows } from '../compare/paired-rows.js';
import { batchSize, sequentialPlan, stopReason } from '../compare/sequential.js';
import { waitRegressed } from '../compare/waits.js';
import { compareDocs } from '../compare/compare.js';
import { addWorktrees, repoRoot, resolveCommit, snapshotWorkingTree } from '../tools/git.js';
import type { BaselineInfo, ComparisonDoc, ComparisonRow, StopReason } from '../compare/types.js';
import { assertSettings, chooseBenchmarks, ensureWritableDir, openRig, type MeasureSettings, type Rig } from './rig.js';

export interface AbOptions extends MeasureSettings {
  cwd: string;
  suitePath: string;
  baseRef: string;
  /** null: the working tree (uncommitted changes to tracked files included). */
  headRef: string | null;
  outDir: string;
  timeBudgetMs?: number;
  seed?: number;
  /** How the caller came to measure paired (the action says why); default: asked for. */
  baseline?: BaselineInfo;
}

export interface AbOutcome {
  comparison: ComparisonDoc;
  base: ResultsDoc;
  head: ResultsDoc;
  comparisonPath: string;
}

type SideName = 'base' | 'head';

const BASE_SETUP = ' (base)';
const HEAD_SETUP = ' (head)';

/**
 * Base's setup failed: head's benchmarks measured alone (N runs each, no pairs), base's marked
 * failed with the reason, and a comparison without rows that says why (`noComparison`).
 */
async function headAlone(rig: Rig, docs: Record<SideName, ResultsDoc>, reason: string, outDir: string, opts: AbOptions, seed: number): Promise<AbOutcome> {
  const first = reason.split('\n')[0] ?? reason;
  opts.stderr.write(`no comparison: ${first}; measuring head alone\n`);
  docs.base.benchmarks = rig.plans.map((p) => ({ name: p.spec.name, status: 'failed', backend: p.backend, threshold: p.spec.threshold, metrics: {}, error: first }));
  const basePath = path.join(outDir, 'base', 'results.json');
  const headPath = path.join(outDir, 'head', 'results.json');
  await writeJsonAtomic(basePath, docs.base);
  const results: BenchmarkResult[] = [];
  await runBenchmarks(rig.plans, {
    backendFor: rig.backendFor,
    parentEnv: opts.parentEnv,
    progress: progressReporter(opts.stderr, { isTTY: false, totalRuns: rig.plans.reduce((n, p) => n + p.spec.warmup + p.spec.iterations, 0) }),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onResult: async (r) => {
      results.push(r);
      docs.head.benchmarks = [...results];
      docs.head.finishedAt = new Date().toISOString();
      await writeJsonAtomic(headPath, docs.head);
    },
  });
  await writeJsonAtomic(headPath, docs.head);
  const comparison = compareDocs(docs.base, docs.head, {
    design: 'paired',
    baseline: { source: opts.baseline?.source ?? 'same-job', sessions: 1, reason: `base ${opts.baseRef} could not be measured (its setup failed): head measured alone, no pairs` },
    seed,
    rows: [],
    basePath,
    headPath,
  });
  comparison.noComparison = reason;
  const skipped = docs.head.benchmarks.filter((b) => b.status === 'skipped').map((b) => b.name);
  if (skipped.length > 0) comparison.interrupted = skipped;
  const comparisonPath = path.join(outDir, 'comparison.json');
  await writeJsonAtomic(comparisonPath, comparison);
  return { comparison, base: docs.base, head: docs.head, comparisonPath };
}

interface SideRun {
  spec: BenchmarkSpec;
  collector: SampleCollector;
  /** The entry's own result (a plain entry's only one): status, error, profile, warnings. */
  readonly result: BenchmarkResult;
  argv: string[];
  env: Record<string, string>;
}

function newSide(spec: BenchmarkSpec, backend: BackendName, parentEnv: NodeJS.ProcessEnv): SideRun {
  const collector = new SampleCollector(spec, backend);
  return { spec, collector, result: collector.entry, argv: commandArgv(spec.run), env: benchmarkEnv(parentEnv, spec.env) };
}

/** One invocation of one side; false when it reported nothing (a harness that failed mid-way keeps what it reported). */
async function runOnce(side: SideRun, backend: Backend, record: boolean, label: string): Promise<boolean> {
  const sample = await sampleInvocation(side.spec, backend, { argv: side.argv, cwd: side.spec.cwd, env: side.env, cpus: side.spec.cpus, timeoutMs: side.spec.timeoutMs });
  const partial = sample.failure !== null && harnessCount(sample) > 0;
  if (sample.failure) side.collector.fail(sample.failure.status, `${label} ${sample.failure.error}`);
  if (sample.failure && !partial) return false;
  if (record) side.collector.add(partial ? { ...sample, byBenchmark: Object.fromEntries(Object.entries(sample.byBenchmark).filter(([n]) => n !== side.spec.name)) } : sample);
  return true;
}

/** Harness benchmarks of `doc` that `other` does not have. */
function oneSided(doc: ResultsDoc, other: ResultsDoc): string[] {
  const names = new Set(other.benchmarks.map((b) => b.name));
  return doc.benchmarks.filter((b) => b.harness && !names.has(b.name)).map((b) => b.name);
}

function findSpec(suite: Suite, name: string): BenchmarkSpec | undefined {
  return suite.benchmarks.find((b) => b.name === name);
}

export async function runAb(opts: AbOptions): Promise<AbOutcome> {
  const repo = await repoRoot(opts.cwd);
  const suiteRel = path.relative(repo, path.resolve(opts.cwd, opts.suitePath));
  if (suiteRel.startsWith('..')) throw new InputError(`suite ${opts.suitePath} is outside the repository ${repo}`);
  const baseSha = await resolveCommit(repo, opts.baseRef, '--base');
  let headSha: string;
  let headLabel: string;
  if (opts.headRef === null) {
    const wt = await snapshotWorkingTree(repo);
    headSha = wt.sha;
    headLabel = wt.dirty ? 'working tree (uncommitted changes included)' : 'working tree (clean)';
    if (wt.dirty) opts.stderr.write(`head: the working tree has uncommitted changes; measuring them (snapshot ${wt.sha.slice(0, 12)})\n`);
    if (wt.untracked.length > 0) {
      opts.stderr.write(`head: ${wt.untracked.length} untracked file(s) are NOT part of head (git add them to measure them): ${wt.untracked.slice(0, 5).join(', ')}${wt.untracked.length > 5 ? ', ...' : ''}\n`);
    }
  } else {
    headSha = await resolveCommit(repo, opts.headRef, '--head');
    headLabel = opts.headRef;
  }
  const outDir = path.resolve(opts.cwd, opts.outDir);
  assertSettings(opts);
  await ensureWritableDir(outDir);
  const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
  const seed = opts.seed ?? randomInt(0, 2 ** 32);
  const rng = createRng(seed);

  const trees = await addWorktrees(repo, baseSha, headSha);
  let rig: Rig | null = null;
  try {
    opts.stderr.write(`ab: base ${opts.baseRef} (${baseSha.slice(0, 12)}) vs head ${headLabel} (${headSha.slice(0, 12)}), seed ${seed}\n`);
    const load = async (dir: string, side: SideName): Promise<Suite> => {
      try {
        return await loadSuite(path.join(dir, suiteRel));
      } catch (err) {
        if (err instanceof InputError && /suite file not found/.test(err.message)) throw new InputError(`${side} has no ${suiteRel}: nothing to measure on that side`);
        throw err;
      }
    };
    const suites = { base: await load(trees.base, 'base'), head: await load(trees.head, 'head') };
    // Only benchmarks both sides have can be paired; the shard split is over those, so every
    // shard of a matrix pairs its own share and the shards together cover the suite.
    const shared = { ...suites.head, benchmarks: suites.head.benchmarks.filter((b) => findSpec(suites.base, b.name)) };
    const pairable = shared.benchmarks.length > 0 ? shared : suites.head;
    const chosen = await chooseBenchmarks(pairable, opts, roots).catch((err: unknown) => {
      // The suite was read from a temporary worktree that is gone when ab ends: name the user's file.
      if (err instanceof InputError) throw new InputError(err.message.split(pairable.path).join(`${suiteRel} (head)`));
      throw err;
    });
    const headNames = new Set(suites.head.benchmarks.map((b) => b.name));
    // Before setup, as the action does: a compile's load is ours, not the host's.
    const probe = opts.probe ?? (await probeHost());
    const doctor = await runDoctor(roots, { probe });
    const host = { checkedAt: new Date().toISOString(), cpus: doctor.cpus, checks: doctor.checks };
    rig = await openRig({
      ...opts,
      probe,
      roots,
      benchmarks: chosen.mine.filter((s) => findSpec(suites.base, s.name)),
      setups: [
        { suite: suites.base, label: BASE_SETUP, optional: true },
        { suite: suites.head, label: HEAD_SETUP, optional: true },
      ],
      soft: chosen.auto ? { 'cpus-auto': `${chosen.auto.cpus}: ${chosen.auto.reason}` } : {},
    });
    const { plans } = rig;
    const startedAt = new Date().toISOString();
    const doc = (side: SideName, sha: string, ref: string | null): ResultsDoc => ({
      schemaVersion: RESULTS_SCHEMA_VERSION,
      tool: { name: 'perfgate', version: VERSION },
      suite: { path: suiteRel, sha256: suites[side].sha256 },
      git: { sha, ref },
      fingerprint: (rig as Rig).fingerprint,
      backend: (rig as Rig).suiteBackend,
      backendReason: (rig as Rig).backendReason,
      startedAt,
      finishedAt: startedAt,
      ...(opts.shard ? { shard: { ...opts.shard, all: chosen.all.map((b) => b.name) } } : {}),
      benchmarks: [],
    });
    const docs = { base: doc('base', baseSha, opts.baseRef), head: doc('head', headSha, opts.headRef ?? 'working-tree') };
    // Head that cannot be built is the change's own failure; a base that cannot be built (the
    // change repairs it) leaves head to be measured alone, with no comparison.
    const headSetup = rig.failedSetups.find((f) => f.label === HEAD_SETUP);
    if (headSetup) throw new SetupFailedError(headSetup.message);
    const baseSetup = rig.failedSetups.find((f) => f.label === BASE_SETUP);
    if (baseSetup) return await headAlone(rig, docs, baseSetup.message, outDir, opts, seed);
    const timeBudgetMs = opts.timeBudgetMs ?? suites.head.timeBudgetMs ?? null;
    const started = Date.now();
    const rows: ComparisonRow[] = [];
    const notMeasured: string[] = [];
    let sequential = { looks: 1, nominalAlpha: 0.05 };

    for (const [i, plan] of plans.entries()) {
      const headSpec = { ...plan.spec };
      const baseSpec0 = findSpec(suites.base, headSpec.name);
      if (!baseSpec0) continue;
      if (opts.signal?.aborted) {
        notMeasured.push(headSpec.name);
        for (const s of ['base', 'head'] as const) docs[s].benchmarks.push({ name: headSpec.name, status: 'skipped', backend: plan.backend, threshold: headSpec.threshold, metrics: {}, error: 'interrupted before it was measured' });
        continue;
      }
      // Both sides run with head's settings (iterations, pinning, timeout, env) except their
      // own command and directory: the comparison must differ only in the code.
      const baseSpec: BenchmarkSpec = { ...headSpec, run: baseSpec0.run, cwd: baseSpec0.cwd, env: baseSpec0.env };
      const sides = { base: newSide(baseSpec, plan.backend, opts.parentEnv), head: newSide(headSpec, plan.backend, opts.parentEnv) };
      const backend = rig.backendFor(plan.backend);
      const seq = sequentialPlan(headSpec.iterations, headSpec.maxIterations);
      const planned = seq.looks;
      if (planned > sequential.looks) sequential = { looks: planned, nominalAlpha: seq.nominalAlpha };
      const confLevel = seq.confLevel;
      const prefix = `[${i + 1}/${plans.length}] ${headSpec.name}`;
      opts.stderr.write(`${prefix}: ${headSpec.warmup} warm-up pair(s), ${headSpec.iterations} pairs${planned > 1 ? ` (adaptive up to ${headSpec.maxIterations}, ${planned} looks)` : ''}\n`);

      let ok = true;
      for (let w = 0; w < headSpec.warmup && ok; w++) {
        ok = (await runOnce(sides.base, backend, false, `warm-up ${w + 1}`)) && (await runOnce(sides.head, backend, false, `warm-up ${w + 1}`));
      }
      let pairs = 0;
      let looks = 0;
      let target = headSpec.iterations;
      let stop: StopReason | null = null;
      let benchRows: ComparisonRow[] = [];
      const benchStart = Date.now();
      while (ok && stop === null) {
        while (ok && pairs < target) {
          if (opts.signal?.aborted) {
            stop = 'interrupted';
            break;
          }
          const order: SideName[] = rng.next() < 0.5 ? ['base', 'head'] : ['head', 'base'];
          for (const s of order) ok = ok && (await runOnce(sides[s], backend, true, `pair ${pairs + 1}`));
          if (ok) pairs++;
        }
        if (!ok) break;
        looks++;
        if (pairs >= 2) benchRows = pairedRows(sides.base.collector, sides.head.collector, confLevel);
        if (stop === 'interrupted') break;
        stop = stopReason(benchRows, pairs, headSpec.maxIterations, looks, planned);
        if (stop === null && timeBudgetMs !== null) {
          const perPair = (Date.now() - benchStart) / Math.max(1, pairs);
          const remainingBenchmarks = plans.length - i - 1;
          const reserve = remainingBenchmarks * headSpec.iterations * perPair;
          if (Date.now() - started + perPair * batchSize(headSpec.iterations) + reserve > timeBudgetMs) stop = 'time-budget';
        }
        if (stop === null) target = Math.min(headSpec.maxIterations, pairs + batchSize(headSpec.iterations));
      }
      // A run killed by the action's first signal failed because of the interrupt, not the code.
      if (!ok && opts.signal?.aborted) {
        ok = true;
        stop = 'interrupted';
      }
      if (!ok) {
        // A failed side voids the pairs: report the failure, not a half-measured comparison.
        benchRows = [];
        opts.stderr.write(`${prefix}: ${sides.base.collector.entry.status !== 'ok' ? `base ${sides.base.collector.entry.status}: ${sides.base.collector.entry.error}` : `head ${sides.head.collector.entry.status}: ${sides.head.collector.entry.error}`}\n`);
      } else if (stop === 'interrupted') {
        // Interrupted is not gated: the pairs so far are kept as data, the rows are not judged.
        notMeasured.push(headSpec.name);
        for (const s of ['base', 'head'] as const) {
          sides[s].result.status = 'skipped';
          sides[s].result.error = `interrupted after ${pairs} of ${headSpec.iterations} pairs`;
        }
        opts.stderr.write(`${prefix}: interrupted after ${pairs} pairs; not gated\n`);
      } else {
        for (const r of benchRows) r.sampling = { pairs, looks, stop: stop ?? 'fixed', max: headSpec.maxIterations, maxFrom: headSpec.maxIterationsFrom ?? 'default' };
        rows.push(...benchRows);
        const elapsed = formatEta(Date.now() - started);
        opts.stderr.write(`${prefix}: ${pairs} pairs, ${looks} look(s), stopped: ${stop ?? 'fixed'} (${elapsed} elapsed)\n`);
        if (opts.profile !== false && headSpec.profile) {
          // Head first: its call-graph choice (auto) is reused for base, so both unwind alike.
          // Wall regressed without CPU time: the time went to waiting, so record off-CPU stacks too.
          const offcpu = headSpec.offcpu || waitRegressed(benchRows);
          let callGraph: CallGraphMode | undefined;
          let offcpuCallGraph: CallGraphMode | undefined;
          for (const s of ['head', 'base'] as const) {
            const p = await recordProfiles(sides[s].spec, {
              perf: rig.probe.perf,
              outDir: path.join(outDir, s),
              scratch: rig.scratch,
              parentEnv: opts.parentEnv,
              offcpu,
              ...(callGraph ? { callGraph } : {}),
              ...(offcpuCallGraph ? { offcpuCallGraph } : {}),
            });
            if (p.profile) sides[s].result.profile = p.profile;
            callGraph ??= p.profile?.callGraph;
            offcpuCallGraph ??= p.profile?.offcpu?.callGraph;
            if (p.warnings.length > 0) sides[s].result.warnings = [...(sides[s].result.warnings ?? []), ...p.warnings];
          }
        }
      }
      for (const s of ['base', 'head'] as const) {
        docs[s].benchmarks.push(...sides[s].collector.finish());
        docs[s].finishedAt = new Date().toISOString();
        await writeJsonAtomic(path.join(outDir, s, 'results.json'), docs[s]);
      }
    }
    const basePath = path.join(outDir, 'base', 'results.json');
    const headPath = path.join(outDir, 'head', 'results.json');
    await writeJsonAtomic(basePath, docs.base);
    await writeJsonAtomic(headPath, docs.head);
    const comparison = compareDocs(docs.base, docs.head, {
      design: 'paired',
      baseline: opts.baseline ?? { source: 'same-job', sessions: 1, reason: `base ${opts.baseRef} and head measured as interleaved pairs in this job, so drift between sessions cancels` },
      seed,
      rows,
      sequential,
      basePath,
      headPath,
    });
    // Benchmarks on one side only were not measured (nothing to pair with): listed, not errors.
    comparison.added = suites.head.benchmarks.filter((s) => !findSpec(suites.base, s.name) && (!opts.filter || opts.filter.test(s.name))).map((s) => s.name);
    comparison.removed = suites.base.benchmarks.filter((s) => !headNames.has(s.name) && (!opts.filter || opts.filter.test(s.name))).map((s) => s.name);
    // Inside a harness entry measured on both sides, benchmarks one side reported are added or removed.
    comparison.added.push(...oneSided(docs.head, docs.base));
    comparison.removed.push(...oneSided(docs.base, docs.head));
    if (opts.shard) comparison.shard = { index: opts.shard.index, count: opts.shard.count, all: chosen.all.map((b) => b.name) };
    if (notMeasured.length > 0) {
      comparison.interrupted = notMeasured;
      comparison.warnings.push(`interrupted: ${notMeasured.length} benchmark(s) not measured to the end, not gated: ${notMeasured.join(', ')}`);
    }
    const { explanations, warnings } = await explainChanges({ dir: path.join(outDir, 'base'), benchmarks: docs.base.benchmarks }, { dir: path.join(outDir, 'head'), benchmarks: docs.head.benchmarks }, outDir);
    if (Object.keys(explanations).length > 0) comparison.explanations = explanations;
    comparison.host = host;
    comparison.warnings.push(...warnings);
    const comparisonPath = path.join(outDir, 'comparison.json');
    await writeJsonAtomic(comparisonPath, comparison);
    return { comparison, base: docs.base, head: docs.head, comparisonPath };
  } finally {
    await rig?.close();
    await trees.remove();
  }
}
