/**
 * `perfgate ab`: the most accurate comparison. Base and head are checked out side by side and
 * measured as pairs, in random order within each pair (so drift and periodic noise hit both
 * sides alike), then analysed as paired log-ratios. Adaptive sampling adds batches of pairs
 * while a gated row is inconclusive (compare/sequential.ts); the pairs are run by the one
 * measuring loop (measure/loop.ts).
 */
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { InputError, SetupFailedError } from '../errors.js';
import { runBenchmarks } from '../measure/runner.js';
import { measurePlan, pairedPlan } from '../measure/loop.js';
import { progressReporter, formatEta } from '../report/progress.js';
import { probeHost } from '../host/probe.js';
import { runDoctor } from '../host/doctor.js';
import { rootsFromEnv, type HostRoots } from '../host/roots.js';
import { recordProfiles } from '../profile/profiles.js';
import { writeJsonAtomic } from '../results/io.js';
import { RESULTS_SCHEMA_VERSION, type BackendName, type BenchmarkResult, type CallGraphMode, type ResultsDoc } from '../results/types.js';
import { createRng, type Rng } from '../stats/rng.js';
import { loadSuite } from '../suite/load.js';
import type { BenchmarkSpec, Suite } from '../suite/types.js';
import { VERSION } from '../version.js';
import { explainChanges } from '../flamegraph/explain.js';
import { pairedRows } from '../compare/paired-rows.js';
import { nextLook, sequentialPlan, type SequentialPlan } from '../compare/sequential.js';
import { waitRegressed } from '../compare/waits.js';
import { compareDocs } from '../compare/compare.js';
import { addWorktrees, repoRoot, resolveCommit, snapshotWorkingTree } from '../tools/git.js';
import type { BaselineInfo, ComparisonDoc, ComparisonRow, HostSnapshot, StopReason } from '../compare/types.js';
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
type Sides<T> = Record<SideName, T>;

const BASE_SETUP = ' (base)';
const HEAD_SETUP = ' (head)';

/** The two commits ab compares, and the suite's path inside the repository. */
interface Target {
  repo: string;
  suiteRel: string;
  sha: Sides<string>;
  headLabel: string;
}

async function resolveTarget(opts: AbOptions): Promise<Target> {
  const repo = await repoRoot(opts.cwd);
  const suiteRel = path.relative(repo, path.resolve(opts.cwd, opts.suitePath));
  if (suiteRel.startsWith('..')) throw new InputError(`suite ${opts.suitePath} is outside the repository ${repo}`);
  const base = await resolveCommit(repo, opts.baseRef, '--base');
  if (opts.headRef !== null) return { repo, suiteRel, sha: { base, head: await resolveCommit(repo, opts.headRef, '--head') }, headLabel: opts.headRef };
  const wt = await snapshotWorkingTree(repo);
  if (wt.dirty) opts.stderr.write(`head: the working tree has uncommitted changes; measuring them (snapshot ${wt.sha.slice(0, 12)})\n`);
  if (wt.untracked.length > 0) {
    opts.stderr.write(`head: ${wt.untracked.length} untracked file(s) are NOT part of head (git add them to measure them): ${wt.untracked.slice(0, 5).join(', ')}${wt.untracked.length > 5 ? ', ...' : ''}\n`);
  }
  return { repo, suiteRel, sha: { base, head: wt.sha }, headLabel: wt.dirty ? 'working tree (uncommitted changes included)' : 'working tree (clean)' };
}

async function loadSuites(trees: Sides<string>, suiteRel: string): Promise<Sides<Suite>> {
  const load = async (side: SideName): Promise<Suite> => {
    try {
      return await loadSuite(path.join(trees[side], suiteRel));
    } catch (err) {
      if (err instanceof InputError && /suite file not found/.test(err.message)) throw new InputError(`${side} has no ${suiteRel}: nothing to measure on that side`);
      throw err;
    }
  };
  return { base: await load('base'), head: await load('head') };
}

function findSpec(suite: Suite, name: string): BenchmarkSpec | undefined {
  return suite.benchmarks.find((b) => b.name === name);
}

/** What both sides are measured with: the rig, the shard's benchmarks, the host checks. */
interface Bench {
  rig: Rig;
  all: BenchmarkSpec[];
  host: HostSnapshot;
}

async function openBench(suites: Sides<Suite>, suiteRel: string, opts: AbOptions, roots: HostRoots): Promise<Bench> {
  // Only benchmarks both sides have can be paired; the shard split is over those, so every
  // shard of a matrix pairs its own share and the shards together cover the suite.
  const shared = { ...suites.head, benchmarks: suites.head.benchmarks.filter((b) => findSpec(suites.base, b.name)) };
  const pairable = shared.benchmarks.length > 0 ? shared : suites.head;
  const chosen = await chooseBenchmarks(pairable, opts, roots).catch((err: unknown) => {
    // The suite was read from a temporary worktree that is gone when ab ends: name the user's file.
    if (err instanceof InputError) throw new InputError(err.message.split(pairable.path).join(`${suiteRel} (head)`));
    throw err;
  });
  // Before setup, as the action does: a compile's load is ours, not the host's.
  const probe = opts.probe ?? (await probeHost());
  const doctor = await runDoctor(roots, { probe });
  const host = { checkedAt: new Date().toISOString(), cpus: doctor.cpus, checks: doctor.checks };
  const rig = await openRig({
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
  return { rig, all: chosen.all, host };
}

export async function runAb(opts: AbOptions): Promise<AbOutcome> {
  const target = await resolveTarget(opts);
  const outDir = path.resolve(opts.cwd, opts.outDir);
  assertSettings(opts);
  await ensureWritableDir(outDir);
  const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
  const seed = opts.seed ?? randomInt(0, 2 ** 32);

  const trees = await addWorktrees(target.repo, target.sha.base, target.sha.head);
  let rig: Rig | null = null;
  try {
    opts.stderr.write(`ab: base ${opts.baseRef} (${target.sha.base.slice(0, 12)}) vs head ${target.headLabel} (${target.sha.head.slice(0, 12)}), seed ${seed}\n`);
    const suites = await loadSuites(trees, target.suiteRel);
    const bench = await openBench(suites, target.suiteRel, opts, roots);
    rig = bench.rig;
    const startedAt = new Date().toISOString();
    const doc = (side: SideName, ref: string | null): ResultsDoc => ({
      schemaVersion: RESULTS_SCHEMA_VERSION,
      tool: { name: 'perfgate', version: VERSION },
      suite: { path: target.suiteRel, sha256: suites[side].sha256 },
      git: { sha: target.sha[side], ref },
      fingerprint: bench.rig.fingerprint,
      backend: bench.rig.suiteBackend,
      backendReason: bench.rig.backendReason,
      startedAt,
      finishedAt: startedAt,
      ...(opts.shard ? { shard: { ...opts.shard, all: bench.all.map((b) => b.name) } } : {}),
      benchmarks: [],
    });
    const docs = { base: doc('base', opts.baseRef), head: doc('head', opts.headRef ?? 'working-tree') };
    // Head that cannot be built is the change's own failure; a base that cannot be built (the
    // change repairs it) leaves head to be measured alone, with no comparison.
    const headSetup = rig.failedSetups.find((f) => f.label === HEAD_SETUP);
    if (headSetup) throw new SetupFailedError(headSetup.message);
    const baseSetup = rig.failedSetups.find((f) => f.label === BASE_SETUP);
    if (baseSetup) return await headAlone(rig, docs, baseSetup.message, outDir, opts, seed);
    const measured = await measureAll({ opts, rig, suites, docs, outDir, rng: createRng(seed), timeBudgetMs: opts.timeBudgetMs ?? suites.head.timeBudgetMs ?? null });
    const comparison = await pairedComparison(docs, {
      opts,
      outDir,
      seed,
      rows: measured.rows,
      sequential: measured.sequential,
      oneSided: oneSidedEntries(suites, opts.filter),
      all: bench.all,
      interrupted: measured.interrupted,
      host: bench.host,
    });
    const comparisonPath = path.join(outDir, 'comparison.json');
    await writeJsonAtomic(comparisonPath, comparison);
    return { comparison, base: docs.base, head: docs.head, comparisonPath };
  } finally {
    await rig?.close();
    await trees.remove();
  }
}

/**
 * Base's setup failed: head's benchmarks measured alone (N runs each, no pairs), base's marked
 * failed with the reason, and a comparison without rows that says why (`noComparison`).
 */
async function headAlone(rig: Rig, docs: Sides<ResultsDoc>, reason: string, outDir: string, opts: AbOptions, seed: number): Promise<AbOutcome> {
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
  const skipped = docs.head.benchmarks.filter((b) => b.status === 'skipped').map((b) => b.name);
  const comparison: ComparisonDoc = {
    ...compareDocs(docs.base, docs.head, {
      design: 'paired',
      baseline: { source: opts.baseline?.source ?? 'same-job', sessions: 1, reason: `base ${opts.baseRef} could not be measured (its setup failed): head measured alone, no pairs` },
      seed,
      rows: [],
      basePath,
      headPath,
    }),
    noComparison: reason,
    ...(skipped.length > 0 ? { interrupted: skipped } : {}),
  };
  const comparisonPath = path.join(outDir, 'comparison.json');
  await writeJsonAtomic(comparisonPath, comparison);
  return { comparison, base: docs.base, head: docs.head, comparisonPath };
}

interface MeasureAllOptions {
  opts: AbOptions;
  rig: Rig;
  suites: Sides<Suite>;
  docs: Sides<ResultsDoc>;
  outDir: string;
  rng: Rng;
  timeBudgetMs: number | null;
}

/** Every benchmark both sides have, as pairs, each side's results.json kept current after each. */
async function measureAll(m: MeasureAllOptions): Promise<{ rows: ComparisonRow[]; sequential: { looks: number; nominalAlpha: number }; interrupted: string[] }> {
  const { opts, rig, docs } = m;
  const started = Date.now();
  const rows: ComparisonRow[] = [];
  const interrupted: string[] = [];
  let sequential = { looks: 1, nominalAlpha: 0.05 };
  for (const [i, plan] of rig.plans.entries()) {
    const baseSpec = findSpec(m.suites.base, plan.spec.name);
    if (!baseSpec) continue;
    if (opts.signal?.aborted) {
      interrupted.push(plan.spec.name);
      for (const s of ['base', 'head'] as const) docs[s].benchmarks.push({ name: plan.spec.name, status: 'skipped', backend: plan.backend, threshold: plan.spec.threshold, metrics: {}, error: 'interrupted before it was measured' });
      continue;
    }
    const seq = sequentialPlan(plan.spec.iterations, plan.spec.maxIterations);
    if (seq.looks > sequential.looks) sequential = { looks: seq.looks, nominalAlpha: seq.nominalAlpha };
    // Both sides run with head's settings (iterations, pinning, timeout, env) except their own
    // command and directory: the comparison must differ only in the code.
    const specs = { base: { ...plan.spec, run: baseSpec.run, cwd: baseSpec.cwd, env: baseSpec.env }, head: plan.spec };
    const pair = await measurePair(specs, plan.backend, seq, {
      opts,
      rig,
      rng: m.rng,
      prefix: `[${i + 1}/${rig.plans.length}] ${plan.spec.name}`,
      budget: m.timeBudgetMs === null ? null : { budgetMs: m.timeBudgetMs, started, remainingBenchmarks: rig.plans.length - i - 1 },
      started,
    });
    if (pair.interrupted) interrupted.push(plan.spec.name);
    rows.push(...pair.rows);
    if (pair.profile) await profileSides(pair.results, pair.rows, specs, { opts, rig, outDir: m.outDir });
    for (const s of ['base', 'head'] as const) {
      docs[s].benchmarks.push(...pair.results[s]);
      docs[s].finishedAt = new Date().toISOString();
      await writeJsonAtomic(path.join(m.outDir, s, 'results.json'), docs[s]);
    }
  }
  return { rows, sequential, interrupted };
}

interface PairContext {
  opts: AbOptions;
  rig: Rig;
  rng: Rng;
  /** `[i/n] name`, the start of this benchmark's lines. */
  prefix: string;
  budget: { budgetMs: number; started: number; remainingBenchmarks: number } | null;
  /** When the first benchmark started. */
  started: number;
}

interface PairOutcome {
  results: Sides<BenchmarkResult[]>;
  /** The gated comparison's rows, with how they were sampled; none when a side failed or the pairs were interrupted. */
  rows: ComparisonRow[];
  interrupted: boolean;
  /** Measured to the end on both sides: worth profiling. */
  profile: boolean;
}

/** One benchmark as pairs through the measuring loop, deciding after each batch whether to go on. */
async function measurePair(specs: Sides<BenchmarkSpec>, backend: BackendName, seq: SequentialPlan, c: PairContext): Promise<PairOutcome> {
  const { head } = specs;
  c.opts.stderr.write(`${c.prefix}: ${head.warmup} warm-up pair(s), ${head.iterations} pairs${seq.looks > 1 ? ` (adaptive up to ${head.maxIterations}, ${seq.looks} looks)` : ''}\n`);
  let rows: ComparisonRow[] = [];
  let stop: StopReason = 'fixed';
  const measured = await measurePlan(
    pairedPlan(specs, backend, {
      baseFirst: () => c.rng.next() < 0.5,
      look: ({ rounds: pairs, looks, sides, measuredMs }) => {
        if (pairs >= 2) rows = pairedRows(sides.base, sides.head, seq.confLevel);
        const budget = c.budget && { budgetMs: c.budget.budgetMs, elapsedMs: Date.now() - c.budget.started, benchmarkMs: measuredMs, pairs, remainingBenchmarks: c.budget.remainingBenchmarks };
        const next = nextLook(seq, rows, { pairs, looks }, budget ?? undefined);
        if ('stop' in next) stop = next.stop;
        return 'target' in next ? next.target : null;
      },
    }),
    { backend: c.rig.backendFor(backend), parentEnv: c.opts.parentEnv, ...(c.opts.signal ? { signal: c.opts.signal } : {}) },
  );
  const { results, rounds: pairs, looks } = measured;
  if (measured.end === 'failed') {
    // A failed side voids the pairs: report the failure, not a half-measured comparison.
    const failed = results.base[0]?.status !== 'ok' ? 'base' : 'head';
    const entry = results[failed][0];
    c.opts.stderr.write(`${c.prefix}: ${failed} ${entry?.status ?? 'failed'}: ${entry?.error ?? ''}\n`);
    return { results, rows: [], interrupted: false, profile: false };
  }
  if (measured.end === 'interrupted') {
    // Interrupted is not gated: the pairs so far are kept as data, the rows are not judged.
    c.opts.stderr.write(`${c.prefix}: interrupted after ${pairs} pairs; not gated\n`);
    return { results, rows: [], interrupted: true, profile: false };
  }
  for (const r of rows) r.sampling = { pairs, looks, stop, max: head.maxIterations, maxFrom: head.maxIterationsFrom ?? 'default' };
  c.opts.stderr.write(`${c.prefix}: ${pairs} pairs, ${looks} look(s), stopped: ${stop} (${formatEta(Date.now() - c.started)} elapsed)\n`);
  return { results, rows, interrupted: false, profile: c.opts.profile !== false && head.profile };
}

/**
 * Profiles of both sides of one benchmark, attached to their entries. Head first: its
 * call-graph choice (auto) is reused for base, so both unwind alike. Wall regressed without
 * CPU time: the time went to waiting, so off-CPU stacks are recorded too.
 */
async function profileSides(results: Sides<BenchmarkResult[]>, rows: ComparisonRow[], specs: Sides<BenchmarkSpec>, c: { opts: AbOptions; rig: Rig; outDir: string }): Promise<void> {
  const offcpu = specs.head.offcpu || waitRegressed(rows);
  let callGraph: CallGraphMode | undefined;
  let offcpuCallGraph: CallGraphMode | undefined;
  for (const s of ['head', 'base'] as const) {
    const entry = results[s][0];
    if (!entry) continue;
    const p = await recordProfiles(specs[s], {
      perf: c.rig.probe.perf,
      outDir: path.join(c.outDir, s),
      scratch: c.rig.scratch,
      parentEnv: c.opts.parentEnv,
      offcpu,
      ...(callGraph ? { callGraph } : {}),
      ...(offcpuCallGraph ? { offcpuCallGraph } : {}),
    });
    if (p.profile) entry.profile = p.profile;
    callGraph ??= p.profile?.callGraph;
    offcpuCallGraph ??= p.profile?.offcpu?.callGraph;
    if (p.warnings.length > 0) entry.warnings = [...(entry.warnings ?? []), ...p.warnings];
  }
}

/** Benchmarks on one side only (within the filter): not measured, nothing to pair with. */
function oneSidedEntries(suites: Sides<Suite>, filter: RegExp | undefined): { added: string[]; removed: string[] } {
  const kept = (s: BenchmarkSpec): boolean => !filter || filter.test(s.name);
  return {
    added: suites.head.benchmarks.filter((s) => !findSpec(suites.base, s.name) && kept(s)).map((s) => s.name),
    removed: suites.base.benchmarks.filter((s) => !findSpec(suites.head, s.name) && kept(s)).map((s) => s.name),
  };
}

/** Harness benchmarks of `doc` that `other` does not have. */
function oneSided(doc: ResultsDoc, other: ResultsDoc): string[] {
  const names = new Set(other.benchmarks.map((b) => b.name));
  return doc.benchmarks.filter((b) => b.harness && !names.has(b.name)).map((b) => b.name);
}

interface PairedComparisonOptions {
  opts: AbOptions;
  outDir: string;
  seed: number;
  rows: ComparisonRow[];
  sequential: { looks: number; nominalAlpha: number };
  oneSided: { added: string[]; removed: string[] };
  /** Every benchmark of the suite (all shards). */
  all: BenchmarkSpec[];
  interrupted: string[];
  host: HostSnapshot;
}

/** The whole comparison of a paired run, from both sides' final results files. */
async function pairedComparison(docs: Sides<ResultsDoc>, c: PairedComparisonOptions): Promise<ComparisonDoc> {
  const basePath = path.join(c.outDir, 'base', 'results.json');
  const headPath = path.join(c.outDir, 'head', 'results.json');
  await writeJsonAtomic(basePath, docs.base);
  await writeJsonAtomic(headPath, docs.head);
  const compared = compareDocs(docs.base, docs.head, {
    design: 'paired',
    baseline: c.opts.baseline ?? { source: 'same-job', sessions: 1, reason: `base ${c.opts.baseRef} and head measured as interleaved pairs in this job, so drift between sessions cancels` },
    seed: c.seed,
    rows: c.rows,
    sequential: c.sequential,
    basePath,
    headPath,
  });
  const { explanations, warnings } = await explainChanges({ dir: path.join(c.outDir, 'base'), benchmarks: docs.base.benchmarks }, { dir: path.join(c.outDir, 'head'), benchmarks: docs.head.benchmarks }, c.outDir);
  const interrupted = c.interrupted.length > 0 ? [`interrupted: ${c.interrupted.length} benchmark(s) not measured to the end, not gated: ${c.interrupted.join(', ')}`] : [];
  return {
    ...compared,
    // Inside a harness entry measured on both sides, benchmarks one side reported are added or removed.
    added: [...c.oneSided.added, ...oneSided(docs.head, docs.base)],
    removed: [...c.oneSided.removed, ...oneSided(docs.base, docs.head)],
    ...(c.opts.shard ? { shard: { index: c.opts.shard.index, count: c.opts.shard.count, all: c.all.map((b) => b.name) } } : {}),
    ...(c.interrupted.length > 0 ? { interrupted: c.interrupted } : {}),
    ...(Object.keys(explanations).length > 0 ? { explanations } : {}),
    host: c.host,
    warnings: [...compared.warnings, ...interrupted, ...warnings],
  };
}
