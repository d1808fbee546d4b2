/**
 * comparison.json (docs/ARCHITECTURE.md §2): what `perfgate compare` and `perfgate ab` decide, row by row,
 * with everything a reader needs to check the decision (estimate, interval, p-values, n).
 */
import type { Verdict } from '../stats/verdict.js';
import type { Explanation as FrameExplanation } from '../flamegraph/attribution-types.js';
import type { KindLabel } from './slowdown-kind.js';
import type { BackendName, Fingerprint } from '../results/results-doc.js';
import type { HostCheck } from '../host/checks.js';
import type { MaxIterationsFrom, PairingUsed } from '../suite/spec.js';

export const COMPARISON_SCHEMA_VERSION = 1;

/**
 * `explanations[benchmark]`: `top[]` entries `{ frame, selfMs: {base, head}, totalMs: {base,
 * head}, change: {self, total, selfCi?}, ... }` in ms per measured run ranked by |change.self|,
 * `profileRuns: {base, head}`, `basis` (what the ms are scaled from), `unwind: {base: {unknownShare,
 * singleFrameShare}, head, broken, mode}` and `offcpu?` of the same shape in ms blocked per run.
 * Declared with the code that computes them (flamegraph/ must not import compare/). `kind` and
 * `evidence`: what kind of change it was and the numbers behind it (compare/slowdown-kind.ts),
 * also for a benchmark without a profile (then the frame fields are absent).
 */
export type {
  CallGraphMode,
  ExplanationCore,
  FrameTime,
  SidePair,
  TimeBasis,
  UnwindQuality,
  UnwindSummary,
} from '../flamegraph/attribution-types.js';

export type { FrameExplanation };
export type { CounterProfile, KindEvidence, KindLabel, SlowdownKind } from './slowdown-kind.js';

/** One benchmark's why: frames when it was profiled on both sides, a kind when it changed. */
export type Explanation = (FrameExplanation & Partial<KindLabel>) | KindLabel;

export interface Side {
  git: { sha: string | null; ref: string | null };
  fingerprint: Fingerprint;
  backend: BackendName;
  startedAt: string;
  /** Where this side's results.json was read from or written to, when known. */
  results?: string;
}

/**
 * Why a row stopped sampling (paired adaptive mode); `fixed` when N was not adaptive; `futile`:
 * the rows still undecided could not be settled by the maximum (compare/sequential.ts).
 */
export type StopReason = 'fixed' | 'decided' | 'futile' | 'max-iterations' | 'time-budget' | 'interrupted';

/** How the looks of adaptive sampling were judged (compare/sequential.ts). */
export type SequentialDesign = 'pocock' | 'tost-pocock' | 'tost-obf';

/** The group-sequential design of a comparison (looks = 1: fixed N). */
export interface SequentialInfo {
  looks: number;
  /** 1 − the first look's interval level. */
  nominalAlpha: number;
  /** Absent: `pocock` (comparisons written before issue 23). */
  design?: SequentialDesign;
  /** The interval level at each planned look. */
  levels?: number[];
}

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
  /**
   * Minimum detectable change (stats/mde.ts): the smallest true change this row's test tells
   * apart from none with power 80% at `confLevel`, from its interval (so from its pairs and their
   * noise, or its sessions' spread). A relative rise in cost terms, comparable with `threshold`
   * (a throughput falling by mde/(1 + mde)). Absent without an interval, and in comparisons
   * written before it existed.
   */
  mde?: number;
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
  /**
   * Paired rows: pairs measured, looks taken, why sampling stopped, the planned maximum and who
   * set it, how each pair's sides ran (`pairing`: one after the other, or a duet at once on
   * two CPU sets) and why, when that was not simply what was asked (`pairingWhy`), the
   * sequential design that judged the row, and whether this row was left undecided as futile
   * (its noise could not settle θ by the maximum).
   */
  sampling?: {
    pairs: number;
    looks: number;
    stop: StopReason;
    max?: number;
    maxFrom?: MaxIterationsFrom;
    pairing?: PairingUsed;
    pairingWhy?: string;
    design?: SequentialDesign;
    futile?: boolean;
  };
  /** Unpaired rows: baseline sessions behind the interval, and their spread (log-scale SD). */
  sessions?: { count: number; sd: number | null };
  /** Unpaired rows the sessions called a regression: what a paired A/B made of it (compare/unpaired-confirmation.ts). */
  confirmation?: RowConfirmation;
}

/**
 * `confirmed`: the pairs found the regression too (the row stays a regression); `not-confirmed`:
 * they did not, and the row takes their verdict; `unconfirmed`: no paired look was possible
 * (the doc's `confirmation.reason`, or this row's `reason`), and the regression stands.
 */
export interface RowConfirmation {
  status: 'confirmed' | 'not-confirmed' | 'unconfirmed';
  /** The paired row of the same benchmark and metric. */
  paired?: { verdict: Verdict; change: number; ci: [number, number]; confLevel: number; pairs: number };
  /** Why this row has no paired verdict when the others may (it was not measured to the end). */
  reason?: string;
}

/** Whether an unpaired comparison's regressions were looked at again as pairs, and how. */
export interface DocConfirmation {
  /** `paired`: an A/B of base against head in the same job; `unconfirmed`: none could be run. */
  status: 'paired' | 'unconfirmed';
  /** One sentence for the reader: what was measured, or why nothing could be. */
  reason: string;
  /** The paired comparison.json, relative to this comparison's directory. */
  comparison?: string;
}

/**
 * Where the base side came from, and why that design was used: `same-job` (measured paired in
 * this job: the pull-request default), `history` (the last K sessions of the base branch),
 * `artifact` (one stored baseline session), `files` (results files given on the command line).
 */
export type BaselineSource = 'same-job' | 'history' | 'artifact' | 'local-file' | 'files';

export interface BaselineInfo {
  source: BaselineSource;
  /** Sessions the base side brings (1 for same-job: pairs cancel the session effect). */
  sessions: number;
  /** One sentence for the reader: why this design, and what it can and cannot tell. */
  reason: string;
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
  baseline: BaselineInfo;
  /** Seed of the run-order randomisation (paired) or null (unpaired: nothing random). */
  seed: number | null;
  /** False discovery rate for Benjamini–Hochberg across gated rows. */
  fdr: number;
  /** Group-sequential design used by adaptive sampling (looks = 1: fixed N). */
  sequential: SequentialInfo;
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
    geomeanByEntry?: Record<
      string,
      { metric: string; change: number; ci: [number, number]; benchmarks: number; direction?: 'higher' }
    >;
  };
  /** Set by a sharded paired run: this comparison covers shard index of count. */
  shard?: { index: number; count: number; all: string[] };
  /** Benchmarks an interruption kept from being measured to the end: the gate cannot pass. */
  interrupted?: string[];
  /**
   * Why base could not be measured (its `setup` failed: a pull request that repairs a broken
   * base): head was measured alone, there are no rows, and the caller's missing-baseline rule
   * decides the gate. Head's numbers are in its results file.
   */
  noComparison?: string;
  /** Unpaired: whether its regressions were confirmed by a paired A/B (absent: not asked). */
  confirmation?: DocConfirmation;
  /** Per benchmark: differential flame graphs and top frame deltas when profiled; the kind of change. */
  explanations?: Record<string, Explanation>;
  /**
   * The runner right before measuring: `perfgate doctor`'s host checks and the USE/PSI
   * pre-flight (ids in PREFLIGHT_IDS), when the producer ran them (`perfgate ab` does).
   */
  host?: HostSnapshot;
  warnings: string[];
}

export interface HostSnapshot {
  checkedAt: string;
  /** The CPUs the checks were about (`1`, `0-3`), or `all`. */
  cpus: string;
  checks: HostCheck[];
}
