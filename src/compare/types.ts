/**
 * comparison.json (DESIGN §2): what `perfgate compare` and `perfgate ab` decide, row by row,
 * with everything a reader needs to check the decision (estimate, interval, p-values, n).
 */
import type { Verdict } from '../stats/verdict.js';
import type { Explanation } from '../flamegraph/explain.js';
import type { BackendName, Fingerprint } from '../results/types.js';

export const COMPARISON_SCHEMA_VERSION = 1;

export interface Side {
  git: { sha: string | null; ref: string | null };
  fingerprint: Fingerprint;
  backend: BackendName;
  startedAt: string;
  /** Where this side's results.json was read from or written to, when known. */
  results?: string;
}

/** Why a row stopped sampling (paired adaptive mode); `fixed` when N was not adaptive. */
export type StopReason = 'fixed' | 'decided' | 'precise' | 'max-iterations' | 'time-budget' | 'interrupted';

export interface ComparisonRow {
  benchmark: string;
  metric: string;
  unit: string;
  /** Gated rows have a threshold from the suite and decide the exit code; others are context. */
  gated: boolean;
  verdict: Verdict;
  /**
   * Relative change head vs base (0.031 = +3.1%, positive = slower/more). For a higher-is-better
   * metric (`direction: 'higher'`) it is still the metric's own change, so a throughput drop is
   * negative and its verdict is `regression`.
   */
  change: number;
  ci: [number, number];
  /** `higher` when higher is better (throughput); absent: lower is better. */
  direction?: 'higher';
  /** The suite entry of a harness benchmark (for per-entry summaries). */
  entry?: string;
  /** Level of `ci`: 0.95, or higher when adaptive sampling looks more than once (Pocock). */
  confLevel: number;
  /** One-sided p-value against a change of +threshold (null for rows without a threshold). */
  p: number | null;
  /** Benjamini–Hochberg adjusted p across all gated rows. */
  pAdjusted: number | null;
  threshold: number | null;
  n: { base: number; head: number };
  median: { base: number; head: number };
  /** Values beyond Tukey's 1.5×IQR fences (of the log-ratios when paired, of each side otherwise). */
  outliers: number;
  /** Why the verdict is what it is when that is not obvious from the interval. */
  note?: string;
  sampling?: { pairs: number; looks: number; stop: StopReason };
}

export interface BenchmarkProblem {
  benchmark: string;
  side: 'base' | 'head';
  status: string;
  error?: string;
}

export interface ComparisonDoc {
  schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
  tool: { name: 'perfgate'; version: string };
  createdAt: string;
  design: 'paired' | 'unpaired';
  /** Seed of the run-order randomisation (paired) or null (unpaired: nothing random). */
  seed: number | null;
  /** False discovery rate for Benjamini–Hochberg across gated rows. */
  fdr: number;
  /** Group-sequential design used by adaptive sampling (looks = 1: fixed N). */
  sequential: { looks: number; nominalAlpha: number };
  base: Side;
  head: Side;
  /** False when the two sides must not be compared (backend or hard fingerprint differ). */
  gate: { comparable: boolean; reasons: string[] };
  rows: ComparisonRow[];
  added: string[];
  removed: string[];
  problems: BenchmarkProblem[];
  summary: {
    regressions: number;
    improvements: number;
    unchanged: number;
    inconclusive: number;
    /** Geometric-mean change over benchmarks of the primary gated metric, or null. */
    geomeanChange: { metric: string; change: number; ci: [number, number]; benchmarks: number } | null;
    /**
     * Per harness entry: geometric-mean change of its benchmarks' primary gated metric (the
     * gated metric most of its rows have), in that metric's own direction.
     */
    geomeanByEntry?: Record<string, { metric: string; change: number; ci: [number, number]; benchmarks: number; direction?: 'higher' }>;
  };
  /** Differential flame graphs and top frame deltas per profiled benchmark. */
  explanations?: Record<string, Explanation>;
  warnings: string[];
}
