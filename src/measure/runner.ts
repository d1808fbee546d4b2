/**
 * The iteration scheduler: per benchmark, warm-up runs then measured runs, each through the
 * benchmark's backend. A failing or hanging benchmark is recorded as such and the rest still
 * run; each finished benchmark is handed to `onResult` at once so nothing measured is lost.
 */
import type { BackendName, BenchmarkResult, ProfileFiles } from '../results/types.js';
import type { BenchmarkSpec } from '../suite/types.js';
import type { Backend } from './backends.js';
import { SampleCollector } from './collect.js';
import { benchmarkEnv, commandArgv } from './command.js';
import { harnessCount, sampleInvocation } from './invocation.js';

export interface ProgressSink {
  benchmarkStart(index: number, total: number, name: string, runs: number): void;
  run(done: number, runs: number, warmup: boolean): void;
  benchmarkEnd(result: BenchmarkResult): void;
}

/** What recording a benchmark's profiles gave: the files, and warnings for what it could not. */
export interface ProfileRecording {
  profile?: ProfileFiles;
  warnings: string[];
}

export interface RunnerDeps {
  /** Backend per name, created once for the whole run. */
  backendFor(name: BackendName): Backend;
  parentEnv: NodeJS.ProcessEnv;
  progress: ProgressSink;
  onResult(result: BenchmarkResult, index: number): Promise<void>;
  /** Optional profiling after the measured runs (never mixed into the samples). */
  profile?(spec: BenchmarkSpec): Promise<ProfileRecording | undefined>;
  /** Stop between runs (Ctrl-C): benchmarks not started are reported as skipped. */
  signal?: AbortSignal;
}

export interface PlannedBenchmark {
  spec: BenchmarkSpec;
  backend: BackendName;
}

/**
 * A metric missing from some runs would misalign samples (run i of one metric with run j of
 * another, or base pair i with head pair j): keep only metrics counted in all `runs` runs.
 * Returns a warning per metric dropped.
 */
export function dropIncompleteMetrics(result: BenchmarkResult, runs: number): string[] {
  const dropped: string[] = [];
  for (const [name, s] of Object.entries(result.metrics)) {
    if (s.samples.length !== runs) {
      dropped.push(`${name}: counted in ${s.samples.length} of ${runs} runs; metric dropped`);
      delete result.metrics[name];
    }
  }
  return dropped;
}

export async function runBenchmark(plan: PlannedBenchmark, deps: RunnerDeps, index: number, total: number): Promise<BenchmarkResult[]> {
  const { spec } = plan;
  const backend = deps.backendFor(plan.backend);
  const collector = new SampleCollector(spec, plan.backend);
  const result = collector.entry;
  const warnings = new Set<string>();
  const runs = spec.warmup + spec.iterations;
  const req = {
    argv: commandArgv(spec.run),
    cwd: spec.cwd,
    env: benchmarkEnv(deps.parentEnv, spec.env),
    cpus: spec.cpus,
    timeoutMs: spec.timeoutMs,
  };
  deps.progress.benchmarkStart(index, total, spec.name, runs);
  for (let i = 0; i < runs; i++) {
    if (deps.signal?.aborted) {
      result.status = 'skipped';
      result.error = `interrupted after ${Math.max(0, i - spec.warmup)} of ${spec.iterations} measured runs`;
      break;
    }
    const warmup = i < spec.warmup;
    const sample = await sampleInvocation(spec, backend, req);
    deps.progress.run(i + 1, runs, warmup);
    const failure = sample.failure;
    // A run killed by the action's first signal (tools/interrupt.ts) is interrupted, not broken.
    if (failure && deps.signal?.aborted) {
      result.status = 'skipped';
      result.error = `interrupted after ${Math.max(0, i - spec.warmup)} of ${spec.iterations} measured runs`;
      break;
    }
    // A harness that fails after reporting some of its benchmarks keeps those: its next
    // invocations still sample them. Anything else stops the entry at its first failure.
    const partial = failure !== null && harnessCount(sample) > 0;
    if (failure) collector.fail(failure.status, `${warmup ? 'warm-up' : 'measured'} run ${i + 1} ${failure.error}`);
    if (failure && !partial) break;
    if (warmup) continue;
    sample.warnings.forEach((w) => warnings.add(w));
    collector.add(partial ? { ...sample, byBenchmark: withoutEntry(sample.byBenchmark, spec.name) } : sample);
  }
  const results = collector.finish();
  for (const r of results) {
    const measured = Math.max(...Object.values(r.metrics).map((s) => s.samples.length), 0);
    const dropped = dropIncompleteMetrics(r, measured);
    if (r === result) dropped.forEach((w) => warnings.add(w));
    else if (dropped.length > 0) r.warnings = dropped;
  }
  if (result.status === 'ok' && spec.profile && deps.profile) {
    const p = await deps.profile(spec);
    if (p?.profile) result.profile = p.profile;
    p?.warnings.forEach((w) => warnings.add(w));
  }
  if (warnings.size > 0) result.warnings = [...warnings];
  for (const r of results) deps.progress.benchmarkEnd(r);
  return results;
}

/** A failed invocation's counters describe a crash, not the entry: keep only the harness's rows. */
function withoutEntry<T>(byBenchmark: Record<string, T>, entry: string): Record<string, T> {
  return Object.fromEntries(Object.entries(byBenchmark).filter(([name]) => name !== entry));
}

export async function runBenchmarks(plans: PlannedBenchmark[], deps: RunnerDeps): Promise<BenchmarkResult[]> {
  const results: BenchmarkResult[] = [];
  for (const [i, plan] of plans.entries()) {
    for (const r of await runBenchmark(plan, deps, i, plans.length)) {
      results.push(r);
      await deps.onResult(r, i);
    }
  }
  return results;
}
