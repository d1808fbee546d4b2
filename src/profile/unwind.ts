/**
 * Unwind quality of a folded profile (issue 12): how many samples have a broken call chain.
 * A frame-pointer unwinder walking code built without frame pointers stops at the first frame
 * whose caller it cannot find, and perf prints that caller as `[unknown]` or drops it, so the
 * same leaf shows sometimes as `prog;[unknown];f` and sometimes as `prog;f` (docs/ARCHITECTURE.md §5).
 * Lives in profile/ because `call-graph: auto` decides with it while recording.
 */
import type { CallGraphMode } from '../results/results-doc.js';

/** Unwind quality of one side's profile. */
export interface UnwindQuality {
  /** Samples (or, off-CPU, switch-outs) looked at. */
  samples: number;
  /** Share (0..1) of samples whose stack has an unresolved frame (`[unknown]`, `[module]`) below the leaf. */
  unknownShare: number;
  /** Share (0..1) of samples whose stack is the leaf alone under the process name. */
  singleFrameShare: number;
  /** Mode this side was recorded with, when known (older results.json do not say). */
  mode?: CallGraphMode;
}

/** Share of samples with unresolved callers or no callers above which stacks count as broken. */
export const BROKEN_UNWIND_SHARE = 0.1;

/**
 * A frame the unwinder or symboliser could not name: stackcollapse writes `[unknown]`, or
 * `[module]` (e.g. `[libc.so.6]`, `[prog]`) when only the module is known.
 */
export function isUnresolvedFrame(frame: string): boolean {
  return frame.length >= 2 && frame.charCodeAt(0) === 91 /* [ */ && frame.charCodeAt(frame.length - 1) === 93; /* ] */
}

/**
 * Share of samples whose stack has an unresolved frame between the process name and the leaf,
 * and of samples whose stack is the leaf alone (or nothing) under the process name: the two
 * ways a broken frame-pointer chain shows. The first frame of a folded stack is the comm.
 */
export function unwindQuality(stacks: ReadonlyMap<string, number>, mode?: CallGraphMode): UnwindQuality {
  let samples = 0;
  let unknown = 0;
  let single = 0;
  for (const [stack, count] of stacks) {
    if (!(count > 0)) continue;
    samples += count;
    const frames = stack.split(';');
    if (frames.length <= 2) {
      single += count;
      continue;
    }
    for (let i = 1; i < frames.length - 1; i++) {
      if (isUnresolvedFrame(frames[i]!)) {
        unknown += count;
        break;
      }
    }
  }
  const q: UnwindQuality = {
    samples,
    unknownShare: samples > 0 ? unknown / samples : 0,
    singleFrameShare: samples > 0 ? single / samples : 0,
  };
  if (mode) q.mode = mode;
  return q;
}

export function isBroken(q: UnwindQuality): boolean {
  return q.samples > 0 && brokenShare(q) > BROKEN_UNWIND_SHARE;
}

/** The share of samples with unresolved or missing callers. */
export function brokenShare(q: UnwindQuality): number {
  return q.unknownShare + q.singleFrameShare;
}
