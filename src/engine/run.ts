/**
 * `perfgate run` as a function: load the suite, check the machine, run `setup`, measure every
 * benchmark, and keep results.json current after each one. The CLI and the action both call it.
 */
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT, EnvironmentError, InputError, errorMessage } from '../errors.js';
import { hashBenchmarkBinaries } from '../host/binaries.js';
import { applyAutoCpus, benchmarkCpus } from '../host/cpus.js';
import { fingerprint } from '../host/fingerprint.js';
import { rootsFromEnv, type HostRoots } from '../host/roots.js';
import { applyTuning, assertCanTune, defaultTuningStateFile, describeTuning, guardTuning, tuningSummary } from '../host/tuning.js';
import { withoutAslrBackend } from '../measure/aslr.js';
import { chooseBackend, probeHost, type HostProbe } from '../host/probe.js';
import { progressReporter } from '../report/progress.js';
import { renderSummaryText } from '../report/summary.js';
import { writeJsonAtomic } from '../results/io.js';
import { RESULTS_SCHEMA_VERSION, type BackendChoice, type BackendName, type BenchmarkResult, type ResultsDoc } from '../results/types.js';
import { loadSuite } from '../suite/load.js';
import { shardBenchmarks, type ShardSpec } from '../suite/shard.js';
import type { BenchmarkSpec, Suite } from '../suite/types.js';
import { VERSION } from '../version.js';
import type { TextSink } from '../tools/io.js';
import { makeBackend, type Backend } from '../measure/backends.js';
import { runProcess } from '../tools/process.js';
import { gitInfo } from '../tools/git.js';
import { recordProfile } from '../profile/record.js';
import { runBenchmarks, type PlannedBenchmark } from '../measure/runner.js';

export interface MeasureOptions {
  suitePath: string;
  outDir: string;
  iterations?: number;
  backend?: BackendChoice;
  filter?: RegExp;
  /** Pin every benchmark to these CPUs (overrides the suite). */
  cpus?: string;
  parentEnv: NodeJS.ProcessEnv;
  stderr: TextSink;
  isTTY: boolean;
  signal?: AbortSignal;
  /** Overrides what `git rev-parse` finds (the action knows the event's commit). */
  git?: { sha: string | null; ref: string | null };
  /** Injected in tests; probed for real otherwise. */
  probe?: HostProbe;
  /** Record flame graph profiles for `profile: true` benchmarks (default true). */
  profile?: boolean;
  /** Measure only this shard of the (filtered) benchmarks; see suite/shard.ts. */
  shard?: ShardSpec;
  /** Tune the host for the run (root only) and restore it afterwards; see host/tuning.ts. */
  tune?: boolean;
  /** Where tuning records previous values (default `defaultTuningStateFile(parentEnv)`). */
  tuningStateFile?: string;
  /** procfs/sysfs mounts (default from PERFGATE_*_ROOT, else /proc, /sys, /etc). */
  roots?: HostRoots;
}

export interface MeasureOutcome {
  doc: ResultsDoc;
  resultsPath: string;
  summaryPath: string;
  /** 0 when every benchmark completed, 1 when any failed, timed out or was skipped. */
  exitCode: number;
}

const SETUP_TIMEOUT_MS = 30 * 60_000;

export function selectBenchmarks(suite: Suite, opts: Pick<MeasureOptions, 'iterations' | 'backend' | 'filter' | 'cpus'>): BenchmarkSpec[] {
  const chosen = suite.benchmarks
    .filter((b) => !opts.filter || opts.filter.test(b.name))
    .map((b) => ({
      ...b,
      ...(opts.iterations !== undefined ? { iterations: opts.iterations, maxIterations: Math.max(b.maxIterations, opts.iterations) } : {}),
      ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
      ...(opts.cpus !== undefined ? { cpus: opts.cpus } : {}),
    }));
  if (chosen.length === 0) {
    throw new InputError(`--filter ${String(opts.filter)} matches no benchmark of ${suite.path} (names: ${suite.benchmarks.map((b) => b.name).join(', ')})`);
  }
  return chosen;
}

export async function ensureWritableDir(dir: string, flag = '--out'): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (err) {
    throw new InputError(`cannot write to ${flag} ${dir}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
  }
}

export async function runSetup(suite: Suite, parentEnv: NodeJS.ProcessEnv, stderr: TextSink, label = ''): Promise<void> {
  if (!suite.setup) return;
  stderr.write(`setup${label}: ${suite.setup}\n`);
  const env = Object.fromEntries(Object.entries(parentEnv).filter((e): e is [string, string] => e[1] !== undefined));
  const r = await runProcess({ argv: ['/bin/sh', '-c', suite.setup], cwd: suite.dir, env, timeoutMs: SETUP_TIMEOUT_MS });
  if (r.exitCode !== 0 || r.timedOut) {
    const tail = (r.stderrTail || r.stdoutTail).trim().split('\n').slice(-15).join('\n');
    throw new InputError(`setup${label} failed (${r.timedOut ? 'timed out' : `exit ${r.exitCode}`}): ${suite.setup}\n${tail}`);
  }
}

/** Plans each benchmark's backend; an explicit backend this machine lacks fails before any run. */
export function planBackends(benchmarks: BenchmarkSpec[], probe: HostProbe): { plans: PlannedBenchmark[]; suiteBackend: BackendName; reason: string } {
  const suiteChoice = chooseBackend('auto', probe);
  const plans = benchmarks.map((spec) => ({ spec, backend: spec.backend === 'auto' ? suiteChoice.backend : chooseBackend(spec.backend, probe).backend }));
  const used = new Set(plans.map((p) => p.backend));
  const [only] = [...used];
  if (used.size === 1 && only !== undefined && only !== suiteChoice.backend) {
    return { plans, suiteBackend: only, reason: chooseBackend(only, probe).reason };
  }
  return { plans, suiteBackend: suiteChoice.backend, reason: suiteChoice.reason };
}

export async function measureSuite(opts: MeasureOptions): Promise<MeasureOutcome> {
  const suite = await loadSuite(opts.suitePath);
  const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
  const auto = await applyAutoCpus(selectBenchmarks(suite, opts), roots);
  const benchmarks = opts.shard ? shardBenchmarks(auto.benchmarks, opts.shard.index, opts.shard.count) : auto.benchmarks;
  const stateFile = opts.tuningStateFile ?? defaultTuningStateFile(opts.parentEnv);
  if (opts.tune) assertCanTune({ stateFile });
  const outDir = path.resolve(opts.outDir);
  await ensureWritableDir(outDir);
  const probe = opts.probe ?? (await probeHost());
  const { plans, suiteBackend, reason } = planBackends(benchmarks, probe);
  opts.stderr.write(`backend: ${reason}\n`);
  if (auto.resolved) opts.stderr.write(`cpus: auto → ${auto.resolved.reason}\n`);
  if (opts.shard) {
    opts.stderr.write(`shard ${opts.shard.index}/${opts.shard.count}: ${benchmarks.length} of ${auto.benchmarks.length} benchmarks${benchmarks.length > 0 ? ` (${benchmarks.map((b) => b.name).join(', ')})` : ''}\n`);
  }

  // Before the fingerprint: it hashes the binaries setup builds and records the tuned settings.
  await runSetup(suite, opts.parentEnv, opts.stderr);
  const tuning = opts.tune ? await applyTuning({ roots, cpus: benchmarkCpus(benchmarks), stateFile }) : null;
  if (tuning) opts.stderr.write(describeTuning(tuning));
  const guard = tuning?.changed ? guardTuning(tuning.stateFile, opts.stderr) : null;
  const soft: Record<string, string> = {
    ...(auto.resolved ? { 'cpus-auto': `${auto.resolved.cpus}: ${auto.resolved.reason}` } : {}),
    ...(tuning ? { tuning: tuningSummary(tuning) } : {}),
  };

  const doc: ResultsDoc = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'perfgate', version: VERSION },
    suite: { path: path.relative(process.cwd(), suite.path) || suite.path, sha256: suite.sha256 },
    git: opts.git ?? (await gitInfo(suite.dir)),
    fingerprint: await fingerprint(suiteBackend, probe, roots, { backendsUsed: plans.map((p) => p.backend), soft }),
    backend: suiteBackend,
    backendReason: reason,
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    ...(opts.shard ? { shard: { ...opts.shard, all: auto.benchmarks.map((b) => b.name) } } : {}),
    benchmarks: [],
  };
  const binaries = await hashBenchmarkBinaries(benchmarks, suite.dir);
  if (Object.keys(binaries).length > 0) doc.fingerprint.binaries = binaries;
  const resultsPath = path.join(outDir, 'results.json');
  const summaryPath = path.join(outDir, 'summary.txt');
  // An empty shard (more shards than benchmarks) still leaves a results.json for merge.
  if (plans.length === 0) await writeJsonAtomic(resultsPath, doc);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'perfgate-run-'));
  const backends = new Map<BackendName, Backend>();
  const results: BenchmarkResult[] = [];
  let writeFailure: unknown;
  try {
    await runBenchmarks(plans, {
      backendFor: (name) => {
        let b = backends.get(name);
        if (!b) backends.set(name, (b = tuning?.aslrOff ? withoutAslrBackend(makeBackend(name, probe, scratch)) : makeBackend(name, probe, scratch)));
        return b;
      },
      parentEnv: opts.parentEnv,
      progress: progressReporter(opts.stderr, {
        isTTY: opts.isTTY,
        totalRuns: plans.reduce((n, p) => n + p.spec.warmup + p.spec.iterations, 0),
      }),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.profile !== false
        ? { profile: (spec: BenchmarkSpec) => recordProfile(spec, { perf: probe.perf, outDir, scratch, parentEnv: opts.parentEnv }) }
        : {}),
      onResult: async (r) => {
        results.push(r);
        doc.benchmarks = [...results];
        doc.finishedAt = new Date().toISOString();
        // A write that fails mid-run must not throw away what is still to be measured.
        await writeJsonAtomic(resultsPath, doc).catch((err: unknown) => (writeFailure ??= err));
      },
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
    guard?.restore();
  }
  const restored = guard?.restore();
  if (restored && restored.failed.length > 0) {
    throw new EnvironmentError(`results are in ${resultsPath}, but tuning could not be undone: ${restored.failed.join('; ')}. Run 'perfgate tune --restore --state ${stateFile}'`);
  }
  if (writeFailure !== undefined) await saveElsewhere(doc, resultsPath, writeFailure);
  await writeFile(summaryPath, renderSummaryText(doc));
  const incomplete = doc.benchmarks.some((b) => b.status !== 'ok');
  return { doc, resultsPath, summaryPath, exitCode: incomplete ? EXIT.regression : EXIT.ok };
}

async function saveElsewhere(doc: ResultsDoc, wanted: string, cause: unknown): Promise<never> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-results-'));
  const fallback = path.join(dir, 'results.json');
  await writeJsonAtomic(fallback, doc);
  throw new InputError(`cannot write ${wanted}: ${(cause as NodeJS.ErrnoException).code ?? errorMessage(cause)}; results saved to ${fallback}`);
}
