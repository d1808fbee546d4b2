/**
 * `perfgate ab`: the most accurate comparison. Base and head are checked out side by side and
 * measured as pairs, in random order within each pair (so drift and periodic noise hit both
 * sides alike), then analysed as paired log-ratios. This module sets the two sides up (commits,
 * worktrees, suites, rig) and sequences the rest: the pairs (engine/pairs.ts) and the
 * comparison document (engine/paired-comparison.ts).
 */
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { InputError, SetupFailedError } from '../errors.js';
import { runBenchmarks } from '../measure/runner.js';
import { progressReporter } from '../report/progress.js';
import { probeHost, type HostProbe } from '../host/probe.js';
import { quietVerdict, runDoctor } from '../host/run-doctor.js';
import type { TextSink } from '../tools/text-sink.js';
import { rootsFromEnv, type HostRoots } from '../host/roots.js';
import { writeJsonAtomic } from '../results/results-file.js';
import { RESULTS_SCHEMA_VERSION, type BenchmarkResult, type ResultsDoc } from '../results/results-doc.js';
import { createRng } from '../stats/rng.js';
import type { BenchmarkSpec, Suite } from '../suite/spec.js';
import { VERSION } from '../version.js';
import { compareDocs } from '../compare/compare-docs.js';
import { gitInfo, repoRoot, resolveCommit, snapshotWorkingTree } from '../tools/git.js';
import type { BaselineInfo, ComparisonDoc, HostSnapshot } from '../compare/comparison-doc.js';
import { openCheckouts, type Checkout, type Checkouts } from './checkouts.js';
import { measurePairs, type SideName, type Sides } from './pairs.js';
import { pairedComparison } from './paired-comparison.js';
import { counterProfiles } from './counter-profiles.js';
import { assertSettings, chooseBenchmarks, ensureWritableDir, openRig, type MeasureSettings, type Rig } from './rig.js';

export interface AbOptions extends MeasureSettings {
  cwd: string;
  suitePath: string;
  baseRef: string;
  /** null: the working tree (uncommitted changes to tracked files included). */
  headRef: string | null;
  /**
   * What head is called in the reports when headRef is null: the action's pull request branch
   * (its checkout is detached). Default: the checked-out branch, if any.
   */
  headName?: string;
  /** What base is called in the reports when baseRef is a commit id (the action's base branch). */
  baseName?: string;
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

const BASE_SETUP = ' (base)';
const HEAD_SETUP = ' (head)';

/** The two commits ab compares, and the suite's path inside the repository. */
interface Target {
  repo: string;
  suiteRel: string;
  sha: Sides<string>;
  headLabel: string;
  /** head's `git.ref` in its results and the comparison: the ref asked for, else a branch name. */
  headRef: string;
}

/** The suite's path inside the repository, which every checked-out commit has at the same place. */
export function suiteInRepo(repo: string, opts: { cwd: string; suitePath: string }): string {
  const suiteRel = path.relative(repo, path.resolve(opts.cwd, opts.suitePath));
  if (suiteRel.startsWith('..')) throw new InputError(`suite ${opts.suitePath} is outside the repository ${repo}`);
  return suiteRel;
}

async function resolveTarget(opts: AbOptions): Promise<Target> {
  const repo = await repoRoot(opts.cwd);
  const suiteRel = suiteInRepo(repo, opts);
  const base = await resolveCommit(repo, opts.baseRef, '--base');
  if (opts.headRef !== null)
    return {
      repo,
      suiteRel,
      sha: { base, head: await resolveCommit(repo, opts.headRef, '--head') },
      headLabel: opts.headRef,
      headRef: opts.headRef,
    };
  const wt = await snapshotWorkingTree(repo);
  if (wt.dirty)
    opts.stderr.write(
      `head: the working tree has uncommitted changes; measuring them (snapshot ${wt.sha.slice(0, 12)})\n`,
    );
  if (wt.untracked.length > 0) {
    opts.stderr.write(
      `head: ${wt.untracked.length} untracked file(s) are NOT part of head (git add them to measure them): ${wt.untracked.slice(0, 5).join(', ')}${wt.untracked.length > 5 ? ', ...' : ''}\n`,
    );
  }
  // Reports name head by its branch ("feature/x (f0bcb67)"), not "working tree".
  const checkedOut = (await gitInfo(repo)).ref;
  const branch = opts.headName || (checkedOut && checkedOut !== 'HEAD' ? checkedOut : null);
  const name = branch ?? 'working tree';
  return {
    repo,
    suiteRel,
    sha: { base, head: wt.sha },
    headLabel: wt.dirty ? `${name} (uncommitted changes included)` : (branch ?? 'working tree (clean)'),
    headRef: wt.dirty ? `${name} + uncommitted changes` : name,
  };
}

function findSpec(suite: Suite, name: string): BenchmarkSpec | undefined {
  return suite.benchmarks.find((b) => b.name === name);
}

/** What both sides are measured with: the rig, the shard's benchmarks, the host checks, and which side failed to build. */
interface Bench {
  rig: Rig;
  all: BenchmarkSpec[];
  host: HostSnapshot;
  failed: Sides<string | null>;
}

async function openBench(checkouts: Checkouts, sides: Sides<Checkout>, run: PairRun, roots: HostRoots): Promise<Bench> {
  const suites = { base: sides.base.suite, head: sides.head.suite };
  // Only benchmarks both sides have can be paired; the shard split is over those, so every
  // shard of a matrix pairs its own share and the shards together cover the suite.
  const shared = { ...suites.head, benchmarks: suites.head.benchmarks.filter((b) => findSpec(suites.base, b.name)) };
  const pairable = shared.benchmarks.length > 0 ? shared : suites.head;
  const chosen = await chooseBenchmarks(pairable, run, roots).catch((err: unknown) => {
    // The suite was read from a temporary worktree that is gone when ab ends: name the user's file.
    if (err instanceof InputError)
      throw new InputError(err.message.split(pairable.path).join(`${run.suiteRel} (head)`));
    throw err;
  });
  // Before setup, as the action does: a compile's load is ours, not the host's.
  const probe = run.probe ?? (await probeHost());
  const host = run.host ?? (await checkHostNow(roots, probe, run.stderr));
  const failed = {
    base: await checkouts.build(sides.base, BASE_SETUP),
    head: await checkouts.build(sides.head, HEAD_SETUP),
  };
  const rig = await openRig({
    ...run,
    probe,
    roots,
    benchmarks: chosen.mine.filter((s) => findSpec(suites.base, s.name)),
    setups: [],
    soft: chosen.auto ? { 'cpus-auto': `${chosen.auto.cpus}: ${chosen.auto.reason}` } : {},
  });
  return { rig, all: chosen.all, host, failed };
}

/**
 * The host checks, taken before anything is built or measured. A busy runner is said on the
 * terminal too, not only in comparison.json: it is why verdicts stay open.
 */
export async function checkHostNow(roots: HostRoots, probe: HostProbe, stderr: TextSink): Promise<HostSnapshot> {
  const doctor = await runDoctor(roots, { probe });
  const quiet = quietVerdict(doctor);
  if (!quiet.quiet)
    stderr.write(
      `host: the runner is busy (${quiet.reasons.join('; ')}): verdicts may stay inconclusive; a quieter CPU (cpus: auto, a dedicated runner) or more pairs settle them\n`,
    );
  return { checkedAt: new Date().toISOString(), cpus: doctor.cpus, checks: doctor.checks };
}

/** Both sides' results documents before anything is measured. */
function emptyDocs(sides: Sides<Checkout>, bench: Bench, run: PairRun): Sides<ResultsDoc> {
  const startedAt = new Date().toISOString();
  const doc = (side: SideName): ResultsDoc => ({
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'perfgate', version: VERSION },
    suite: { path: run.suiteRel, sha256: sides[side].suite.sha256 },
    git: { sha: sides[side].sha, ref: run.refs[side] },
    fingerprint: bench.rig.fingerprint,
    backend: bench.rig.suiteBackend,
    backendReason: bench.rig.backendReason,
    startedAt,
    finishedAt: startedAt,
    ...(run.shard ? { shard: { ...run.shard, all: bench.all.map((b) => b.name) } } : {}),
    benchmarks: [],
  });
  return { base: doc('base'), head: doc('head') };
}

export async function runAb(opts: AbOptions): Promise<AbOutcome> {
  const target = await resolveTarget(opts);
  const outDir = path.resolve(opts.cwd, opts.outDir);
  assertSettings(opts);
  await ensureWritableDir(outDir);
  const seed = opts.seed ?? randomInt(0, 2 ** 32);
  const checkouts = await openCheckouts(target.repo, target.suiteRel, opts);
  try {
    opts.stderr.write(
      `ab: base ${opts.baseRef} (${target.sha.base.slice(0, 12)}) vs head ${target.headLabel} (${target.sha.head.slice(0, 12)}), seed ${seed}\n`,
    );
    const sides = {
      base: await checkouts.checkout(target.sha.base, 'base'),
      head: await checkouts.checkout(target.sha.head, 'head'),
    };
    return await pairCommits(checkouts, sides, {
      ...opts,
      outDir,
      seed,
      suiteRel: target.suiteRel,
      refs: { base: opts.baseName || opts.baseRef, head: target.headRef },
    });
  } finally {
    await checkouts.remove();
  }
}

/** One A/B of two checked-out commits: what `ab` runs once, and `bisect` once per step. */
export interface PairRun extends MeasureSettings {
  outDir: string;
  seed: number;
  /** The suite's path inside the repository. */
  suiteRel: string;
  /** What each side is called in its results document (`git.ref`). */
  refs: Sides<string | null>;
  timeBudgetMs?: number;
  baseline?: BaselineInfo;
  /** The host checks, when a caller pairing many commits took them once before any build. */
  host?: HostSnapshot;
}

/**
 * Two checked-out commits built (once each), measured as pairs and compared. Head that cannot
 * be built is the change's own failure; a base that cannot be built (the change repairs it)
 * leaves head to be measured alone, with no comparison.
 */
export async function pairCommits(checkouts: Checkouts, sides: Sides<Checkout>, run: PairRun): Promise<AbOutcome> {
  const roots = run.roots ?? rootsFromEnv(run.parentEnv);
  const bench = await openBench(checkouts, sides, run, roots);
  const { rig } = bench;
  const { outDir, seed } = run;
  try {
    const docs = emptyDocs(sides, bench, run);
    if (bench.failed.head !== null) throw new SetupFailedError(bench.failed.head);
    if (bench.failed.base !== null) return await headAlone(rig, docs, { reason: bench.failed.base, outDir, seed }, run);
    const suites = { base: sides.base.suite, head: sides.head.suite };
    const started = Date.now();
    const timeBudgetMs = run.timeBudgetMs ?? suites.head.timeBudgetMs ?? null;
    const measured = await measurePairs({
      opts: run,
      rig,
      baseSuite: suites.base,
      docs,
      outDir,
      rng: createRng(seed),
      timeBudgetMs,
    });
    const counters = await counterProfiles({
      opts: run,
      rig,
      baseSuite: suites.base,
      rows: measured.rows,
      heads: docs.head.benchmarks,
      budget: timeBudgetMs === null ? null : { budgetMs: timeBudgetMs, started },
    });
    const comparison = await pairedComparison(docs, {
      opts: { ...run, baseRef: run.refs.base ?? sides.base.sha.slice(0, 12) },
      outDir,
      seed,
      rows: measured.rows,
      sequential: measured.sequential,
      oneSided: oneSidedEntries(suites, run.filter),
      all: bench.all,
      interrupted: measured.interrupted,
      wholeProfiles: measured.wholeProfiles,
      host: bench.host,
      counters,
    });
    const comparisonPath = path.join(outDir, 'comparison.json');
    await writeJsonAtomic(comparisonPath, comparison);
    return { comparison, base: docs.base, head: docs.head, comparisonPath };
  } finally {
    await rig.close();
  }
}

/**
 * Base's setup failed: head's benchmarks measured alone (N runs each, no pairs), base's marked
 * failed with the reason, and a comparison without rows that says why (`noComparison`).
 */
async function headAlone(
  rig: Rig,
  docs: Sides<ResultsDoc>,
  run: { reason: string; outDir: string; seed: number },
  opts: PairRun,
): Promise<AbOutcome> {
  const { reason, outDir, seed } = run;
  const first = reason.split('\n')[0] ?? reason;
  opts.stderr.write(`no comparison: ${first}; measuring head alone\n`);
  docs.base.benchmarks = rig.plans.map((p) => ({
    name: p.spec.name,
    status: 'failed',
    backend: p.backend,
    threshold: p.spec.threshold,
    metrics: {},
    error: first,
  }));
  const basePath = path.join(outDir, 'base', 'results.json');
  const headPath = path.join(outDir, 'head', 'results.json');
  await writeJsonAtomic(basePath, docs.base);
  const results: BenchmarkResult[] = [];
  await runBenchmarks(rig.plans, {
    backendFor: rig.backendFor,
    parentEnv: opts.parentEnv,
    progress: progressReporter(opts.stderr, {
      isTTY: false,
      totalRuns: rig.plans.reduce((n, p) => n + p.spec.warmup + p.spec.iterations, 0),
    }),
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
      baseline: {
        source: opts.baseline?.source ?? 'same-job',
        sessions: 1,
        reason: `base ${opts.refs.base ?? docs.base.git.sha?.slice(0, 12) ?? ''} could not be measured (its setup failed): head measured alone, no pairs`,
      },
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

/** Benchmarks on one side only (within the filter): not measured, nothing to pair with. */
function oneSidedEntries(suites: Sides<Suite>, filter: RegExp | undefined): { added: string[]; removed: string[] } {
  const kept = (s: BenchmarkSpec): boolean => !filter || filter.test(s.name);
  return {
    added: suites.head.benchmarks.filter((s) => !findSpec(suites.base, s.name) && kept(s)).map((s) => s.name),
    removed: suites.base.benchmarks.filter((s) => !findSpec(suites.head, s.name) && kept(s)).map((s) => s.name),
  };
}
