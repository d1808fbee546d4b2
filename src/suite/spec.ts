import type { BackendChoice, CallGraphMode } from '../results/results-doc.js';

/** `auto` (the default) probes frame pointers first and falls back to LBR or DWARF. */
export type CallGraphChoice = CallGraphMode | 'auto';
import type { HarnessSpec } from './harness-formats.js';

export type MaxIterationsFrom = 'suite' | 'run' | 'default';

/**
 * How a pair's two sides are run: one after the other on the same CPUs (`sequential`), at the
 * same time on two disjoint halves of the benchmark's CPUs (`duet`), or whichever a short
 * calibration on this runner finds cheaper for the noise (`auto`). See docs/ARCHITECTURE.md.
 */
export const PAIRINGS = ['sequential', 'duet', 'auto'] as const;
export type Pairing = (typeof PAIRINGS)[number];
/** How a pair was actually run: `auto` resolves to one of these per benchmark. */
export type PairingUsed = Exclude<Pairing, 'auto'>;

/** One benchmark with every default applied: what the runner needs, nothing to look up. */
export interface BenchmarkSpec {
  name: string;
  run: string;
  /** Absolute working directory. */
  cwd: string;
  env: Record<string, string>;
  iterations: number;
  /** Adaptive sampling may add pairs up to this many (equal to `iterations`: fixed N). */
  maxIterations: number;
  /**
   * Who set `maxIterations`: the suite file (`max-iterations`, even when it equals `iterations`:
   * a fixed N), the run (a flag or action input), or nobody (the default). Absent: nobody.
   */
  maxIterationsFrom?: MaxIterationsFrom;
  warmup: number;
  backend: BackendChoice;
  /**
   * taskset CPU list (`"1"`, `"0-3"`, `"0,2"`), `"auto"` (resolved when measuring: isolated
   * CPUs, else the last online CPU), or null for no pinning.
   */
  cpus: string | null;
  timeoutMs: number;
  /** How `perfgate ab` runs each pair (single-side runs ignore it). */
  pairing: Pairing;
  /** Noise threshold θ per metric, relative (0.02 = 2%). */
  threshold: Record<string, number>;
  profile: boolean;
  /** `profile: offcpu`: also record off-CPU stacks (blocked time) on every run. */
  offcpu: boolean;
  callGraph: CallGraphChoice;
  /** 1-based line of the benchmark in the suite file, for messages. */
  line: number;
  /**
   * `file:line: key.path` of the values checked later against the machine (CPUs that exist, a
   * cwd that setup may create), so those errors point into the suite like the loader's own.
   */
  at?: { cpus: string; cwd: string };
  /** Set when the command runs a harness (`format:`): its benchmarks are measured one by one. */
  harness?: HarnessSpec;
}

export interface Suite {
  /** Absolute path of the suite file. */
  path: string;
  /** Directory the suite's relative paths are resolved against. */
  dir: string;
  sha256: string;
  setup: string | null;
  /** Wall-clock budget for adaptive sampling across the suite, or null for none. */
  timeBudgetMs: number | null;
  benchmarks: BenchmarkSpec[];
}

/** Thresholds gated when the suite says nothing (docs/ARCHITECTURE.md §4); other metrics are report-only. */
export const DEFAULT_THRESHOLDS: Readonly<Record<string, number>> = {
  wall: 0.03,
  'task-clock': 0.02,
  instructions: 0.005,
};
