/**
 * results.json (docs/ARCHITECTURE.md §2): the document `perfgate run` writes and every later stage reads.
 * Versioned so a reader can refuse a document it does not understand.
 */
export const RESULTS_SCHEMA_VERSION = 1;

export const BACKEND_NAMES = ['perf', 'valgrind', 'time'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
/** What a suite, a flag or an input may ask for: a backend, or `auto` (chosen by the host probe). */
export const BACKEND_CHOICES = ['auto', ...BACKEND_NAMES] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type BenchmarkStatus = 'ok' | 'failed' | 'timeout' | 'skipped';

export interface MetricSamples {
  /** `ns` for wall, `ms` for task-clock, `count` for events, `KiB` for max-rss... */
  unit: string;
  samples: number[];
  /**
   * `higher`: higher is better (throughput: bytes/s, items/s, ops/s, requests/s), so a drop is
   * the regression. Absent: lower is better (times, counts), the default for every metric.
   */
  direction?: 'higher';
}

export interface BenchmarkResult {
  name: string;
  status: BenchmarkStatus;
  error?: string;
  /** Backend that measured this benchmark (a benchmark may override the suite's). */
  backend: BackendName;
  /** Noise threshold θ per metric (relative: 0.02 = 2%), from the suite. */
  threshold: Record<string, number>;
  metrics: Record<string, MetricSamples>;
  /** Warnings raised while measuring (multiplexing, unsupported events...). */
  warnings?: string[];
  profile?: ProfileFiles;
  /** Set on a benchmark reported by a harness inside a suite entry (`format:`). */
  harness?: HarnessOrigin;
}

export interface HarnessOrigin {
  /** The suite entry whose invocations reported it; the perfgate name is `<entry>/<name>`. */
  entry: string;
  format: string;
  /** The harness's own name for the benchmark. */
  name: string;
  /** What the harness said about its own sampling (repetitions, iterations...), last invocation. */
  context?: Record<string, number | string>;
}

/** How stacks were unwound: `perf record -g` (frame pointers), `--call-graph dwarf` or `lbr`. */
export type CallGraphMode = 'fp' | 'dwarf' | 'lbr';

/** Folded stacks of one profile kind, relative to results.json's directory. */
export interface FoldedFiles {
  /** All profile runs summed. */
  folded: string;
  /** One file per profile run (for per-frame intervals); absent in older documents. */
  runs?: string[];
  callGraph?: CallGraphMode;
}

export interface ProfileFiles extends FoldedFiles {
  /** Why `call-graph: auto` chose callGraph (the probe's finding). */
  callGraphReason?: string;
  /** Off-CPU stacks weighted by blocked time in nanoseconds. */
  offcpu?: FoldedFiles;
}

export interface Fingerprint {
  /** Keys that must match for a comparison to gate. */
  hard: Record<string, string>;
  /** Keys reported for context only. */
  soft: Record<string, string>;
  /**
   * sha256 of each benchmark executable, keyed by its path relative to the suite directory.
   * Not a hard key: base and head of a pull request are expected to differ here.
   */
  binaries?: Record<string, string>;
}

export interface ResultsDoc {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  tool: { name: 'perfgate'; version: string };
  suite: { path: string; sha256: string };
  git: { sha: string | null; ref: string | null };
  fingerprint: Fingerprint;
  /** Suite-level backend actually used, and why `auto` chose it. */
  backend: BackendName;
  backendReason: string;
  startedAt: string;
  finishedAt: string;
  /**
   * Present when run with --shard i/n. `all` names every benchmark of the run across all
   * shards, in suite order, so `perfgate merge` can restore the order and notice a missing one.
   */
  shard?: { index: number; count: number; all?: string[] };
  benchmarks: BenchmarkResult[];
}
