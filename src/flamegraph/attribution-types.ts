/**
 * The shapes of comparison.json's `explanations[benchmark]` (docs/ARCHITECTURE.md §2): frame times
 * in milliseconds per measured run, how many profile runs stand behind them, how sure the
 * difference is, and how well the stacks were unwound. Declared here, in the flamegraph layer
 * that computes them, so flamegraph/ never imports upward; compare/comparison-doc.ts re-exports them
 * as part of the document contract.
 */
import type { CallGraphMode } from '../results/results-doc.js';
import type { UnwindQuality } from '../profile/unwind.js';
import type { FrameDelta } from './diff.js';

export type { CallGraphMode, UnwindQuality };

export interface SidePair {
  base: number;
  head: number;
}

/**
 * One frame's time per measured run on both sides. The share fields of FrameDelta (percent of
 * each profile) stay alongside for readers of the old table.
 */
export interface FrameTime extends FrameDelta {
  /** ms per measured run with this frame as the leaf (needs no unwinding). */
  selfMs: SidePair;
  /** ms per measured run with this frame anywhere on the stack (recursion counted once). */
  totalMs: SidePair;
  change: {
    /** selfMs.head − selfMs.base, ms per run. */
    self: number;
    /** totalMs.head − totalMs.base, ms per run. */
    total: number;
    /**
     * Interval of the self change (ms per run) from the per-run sample counts: Hodges–Lehmann
     * shift with its Moses interval over the profile runs of each side. Absent with fewer than
     * two profile runs on a side.
     */
    selfCi?: [number, number];
    /** Level of selfCi (0.95 asked; exact small-sample levels can be higher). */
    confLevel?: number;
  };
}

export interface UnwindSummary {
  base: UnwindQuality;
  head: UnwindQuality;
  /** Either side's stacks are too broken for totals to mean anything; rank by self time. */
  broken: boolean;
  /** Mode of head (base's is in `base.mode`). */
  mode: CallGraphMode;
  /** Unresolved frames below the leaf were removed from both sides before diffing. */
  foldedUnknown: boolean;
  /** What to change, said once, when stacks are broken (or the modes differ). */
  advice?: string;
}

/** What the milliseconds are scaled from, per measured run on each side. */
export interface TimeBasis {
  /**
   * `task-clock`: median CPU ms per measured run; `wall` when task-clock was not counted;
   * `off-cpu`: blocked ms per profile run; for a harness benchmark profiled alone, the
   * harness's own time metric (`cpu_time`, `time`, ...) and `per: 'iteration'`.
   */
  metric: string;
  msPerRun: SidePair;
  /**
   * `iteration`: msPerRun is the median time of one iteration as the harness measured it (a
   * harness runs each benchmark for a fixed time, so a run's length says nothing).
   */
  per?: 'iteration';
}

/** Frame attribution of one profile kind (on-CPU or off-CPU). */
export interface ExplanationCore {
  /** Paths relative to the output directory. */
  diff: string;
  negated: string;
  /** Frames whose self-change interval excludes zero first, then the others; each by |change.self|, largest first. */
  top: FrameTime[];
  /** Profile runs whose samples stand behind the figures (0: only their sum could be read). */
  profileRuns: SidePair;
  basis: TimeBasis;
  unwind: UnwindSummary;
}

export interface Explanation extends ExplanationCore {
  /**
   * For a harness entry's whole-invocation profile standing in for its benchmarks: why they
   * were not profiled one by one (`this harness has no per-benchmark filter`).
   */
  whole?: string;
  /** Off-CPU stacks (ms blocked per run), when recorded on both sides. */
  offcpu?: ExplanationCore;
}
