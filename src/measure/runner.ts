/**
 * A session's benchmarks, one after another, each measured by the loop (measure/loop.ts) as a
 * single side, then profiled. A failing or hanging benchmark is recorded as such and the rest
 * still run; each finished benchmark is handed to `onResult` at once so nothing measured is lost.
 */
import type { BackendName, BenchmarkResult, ProfileFiles } from '../results/results-doc.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import type { Backend } from './backends.js';
import { measurePlan, singlePlan } from './loop.js';

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
  backendFor: (name: BackendName) => Backend;
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

async function runBenchmark(
  plan: PlannedBenchmark,
  deps: RunnerDeps,
  index: number,
  total: number,
): Promise<BenchmarkResult[]> {
  const { spec } = plan;
  deps.progress.benchmarkStart(index, total, spec.name, spec.warmup + spec.iterations);
  const measured = await measurePlan(singlePlan(spec, plan.backend), {
    backend: deps.backendFor(plan.backend),
    parentEnv: deps.parentEnv,
    progress: deps.progress,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const results = measured.results.only;
  // The entry's own result comes first: status, error, profile.
  const result = results[0];
  if (result?.status === 'ok' && spec.profile && deps.profile) {
    const p = await deps.profile(spec);
    if (p?.profile) result.profile = p.profile;
    if (p && p.warnings.length > 0) result.warnings = [...new Set([...(result.warnings ?? []), ...p.warnings])];
  }
  for (const r of results) deps.progress.benchmarkEnd(r);
  return results;
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
