/**
 * Absolute attribution (issue 12): each frame's self and total time in ms per measured run on
 * both sides, from the profile's share of samples times the measured time per run, ranked by
 * the absolute change of self time, with an interval from the per-run sample counts.
 *
 * Why absolute and why self:
 * - Shares hide uniform slowdowns (every frame 10% slower keeps every share) and move when an
 *   unrelated frame grows; ms per run do neither.
 * - Self time needs no unwinding: the leaf is the sampled instruction pointer. Totals depend on
 *   the unwinder, and a frame-pointer unwinder on code built without frame pointers gives the
 *   same leaf sometimes `prog;[unknown];f` and sometimes `prog;f` (docs/ARCHITECTURE.md §5), so totals of
 *   such profiles measure unwinding noise. Those are detected (unwindQuality) and their
 *   unresolved frames folded out of both sides (foldUnresolved) so the two sides align.
 */
import { shiftInterval } from '../stats/mannwhitney.js';
import { isBroken, isUnresolvedFrame, type UnwindQuality } from '../profile/unwind.js';
import type { CallGraphMode, FrameTime, UnwindSummary } from './attribution-types.js';
import { frameDeltas, frameSums, type FrameSums } from './diff.js';

/**
 * Removes unresolved frames between the comm and the leaf, summing the stacks that become
 * equal: `prog;[unknown];f` and `prog;f` both become `prog;f`. The leaf is kept even when
 * unresolved, because its self time is real.
 */
export function foldUnresolved(stacks: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [stack, count] of stacks) {
    const frames = stack.split(';');
    const kept =
      frames.length <= 2
        ? frames
        : [frames[0]!, ...frames.slice(1, -1).filter((f) => !isUnresolvedFrame(f)), frames[frames.length - 1]!];
    const key = kept.join(';');
    out.set(key, (out.get(key) ?? 0) + count);
  }
  return out;
}

/** One side's profile: the summed stacks, each profile run's stacks, and ms per measured run. */
export interface SideProfile {
  stacks: ReadonlyMap<string, number>;
  /** One map per profile run (empty when only the sum is known). */
  runs: ReadonlyArray<ReadonlyMap<string, number>>;
  /** Measured time per run the shares are scaled to (median task-clock, ms). */
  msPerRun: number;
}

export interface AttributionOptions {
  /** Rows kept (default 10). */
  top?: number;
  /** Interval level (default 0.95). */
  confLevel?: number;
}

function perRunSelfMs(runs: readonly FrameSums[], frame: string, msPerRun: number): number[] {
  return runs.filter((r) => r.sum > 0).map((r) => ((r.self.get(frame) ?? 0) / r.sum) * msPerRun);
}

/** Frames given an interval before ranking: beyond these, a frame's change is too small to be shown. */
const INTERVAL_POOL = 200;

/** The interval of a frame's self change excludes zero. */
function sure(f: FrameTime): boolean {
  const ci = f.change.selfCi;
  return ci !== undefined && (ci[0] > 0 || ci[1] < 0);
}

/**
 * Every frame's self and total ms per run on both sides, with a Hodges–Lehmann interval of the
 * self change over the per-run values when each side has at least two profile runs; the `top`
 * first: frames whose interval excludes zero, then the others, each by the largest |self
 * change| (ties: larger |total change|, then name). Noise frames of ±0.4 ms whose intervals
 * include zero came before the one frame that really slowed (issue 21).
 */
export function attributeFrames(base: SideProfile, head: SideProfile, options: AttributionOptions = {}): FrameTime[] {
  const b = frameSums(base.stacks);
  const h = frameSums(head.stacks);
  const rows = frameDeltas(b, h).map((d): FrameTime => {
    const selfMs = { base: (d.selfBefore / 100) * base.msPerRun, head: (d.selfAfter / 100) * head.msPerRun };
    const totalMs = { base: (d.totalBefore / 100) * base.msPerRun, head: (d.totalAfter / 100) * head.msPerRun };
    return { ...d, selfMs, totalMs, change: { self: selfMs.head - selfMs.base, total: totalMs.head - totalMs.base } };
  });
  const bySize = (x: FrameTime, y: FrameTime): number =>
    Math.abs(y.change.self) - Math.abs(x.change.self) ||
    Math.abs(y.change.total) - Math.abs(x.change.total) ||
    (x.frame < y.frame ? -1 : x.frame > y.frame ? 1 : 0);
  rows.sort(bySize);
  const pool = rows.slice(0, Math.max(INTERVAL_POOL, options.top ?? 10));
  const baseRuns = base.runs.map(frameSums);
  const headRuns = head.runs.map(frameSums);
  for (const row of pool) {
    const x = perRunSelfMs(headRuns, row.frame, head.msPerRun);
    const y = perRunSelfMs(baseRuns, row.frame, base.msPerRun);
    if (x.length < 2 || y.length < 2) continue;
    const iv = shiftInterval(x, y, { confLevel: options.confLevel ?? 0.95 });
    row.change.selfCi = iv.ci;
    row.change.confLevel = iv.confLevel;
  }
  pool.sort((x, y) => Number(sure(y)) - Number(sure(x)) || bySize(x, y));
  return pool.slice(0, Math.max(0, options.top ?? 10));
}

/** What broken stacks mean for the table and what to change, in one plain sentence each. */
export function brokenAdvice(mode: CallGraphMode): string {
  const fix =
    mode === 'fp'
      ? "build with -fno-omit-frame-pointer (and -mno-omit-leaf-frame-pointer), or set 'call-graph: dwarf' in perfgate.yml"
      : 'build with -fno-omit-frame-pointer and debug info (-g), and keep .eh_frame in the binary';
  return `stacks unwound with ${mode} are broken, so frames are ranked by self time (which needs no unwinding), unresolved frames were folded out of the diff, and total times are unreliable. To fix: ${fix}.`;
}

/**
 * The unwind verdict for a pair of profiles, and the one plain sentence of advice when the
 * stacks are broken (or were unwound differently on the two sides).
 */
export function summarizeUnwind(base: UnwindQuality, head: UnwindQuality, mode: CallGraphMode): UnwindSummary {
  const broken = isBroken(base) || isBroken(head);
  const summary: UnwindSummary = { base, head, broken, mode, foldedUnknown: broken };
  const pct = (q: UnwindQuality): string => `${Math.round(100 * (q.unknownShare + q.singleFrameShare))}%`;
  if (broken) {
    summary.advice = `${pct(base)} of base and ${pct(head)} of head samples have unresolved or missing callers. ${brokenAdvice(mode)}`;
  } else if (base.mode && head.mode && base.mode !== head.mode) {
    summary.advice = `base was unwound with ${base.mode} and head with ${head.mode}: self times compare, totals may not.`;
  }
  return summary;
}

/**
 * The unwind advice as warnings for the whole comparison: one per call-graph mode that left
 * stacks broken, naming the benchmarks, so a suite of 20 broken benchmarks says it once.
 */
export function unwindWarnings(entries: ReadonlyArray<{ name: string; unwind: UnwindSummary }>): string[] {
  const byMode = new Map<CallGraphMode, string[]>();
  for (const e of entries)
    if (e.unwind.broken) byMode.set(e.unwind.mode, [...(byMode.get(e.unwind.mode) ?? []), e.name]);
  const out: string[] = [];
  for (const [mode, names] of byMode) {
    const which =
      names.length === 1
        ? names[0]!
        : `${names.length} benchmarks (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''})`;
    out.push(`${which}: ${brokenAdvice(mode)}`);
  }
  for (const e of entries) if (!e.unwind.broken && e.unwind.advice) out.push(`${e.name}: ${e.unwind.advice}`);
  return out;
}

/** Sums per-run stacks into one profile (what the summed folded file holds). */
export function sumStacks(runs: ReadonlyArray<ReadonlyMap<string, number>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of runs) for (const [k, v] of r) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}
