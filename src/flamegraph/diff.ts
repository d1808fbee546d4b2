/**
 * Differential flame graphs (difffolded.pl + flamegraph.pl's differential mode, docs/ARCHITECTURE.md §5) and
 * the table of frames whose share of the profile changed most, for the PR comment.
 *
 * - Widths come from AFTER; each frame is coloured by its own (self) change: red grew, blue
 *   shrank, saturation ∝ |delta| / max |delta|, white unchanged.
 * - `negate`: widths from BEFORE, so paths that vanished are visible (flamegraph.pl --negate
 *   on swapped inputs). The hue mapping is inverted relative to a plain swapped diff, so red
 *   still means "grew in AFTER" in both graphs.
 * - `normalize`: compare shares of each profile (before scaled to after's total), with floats;
 *   without it, raw sample counts are compared, as difffolded.pl does without -n.
 *
 * Hand-written for the same reason as svg.ts: nothing on npm does this on folded input.
 */
import { InputError } from '../errors.js';
import { diffColor, background } from './palette.js';
import { layoutStacks, type Frame, type Layout } from './layout.js';
import { minSamplesFor, renderLayout, type FlameGraphOptions } from './svg.js';

export interface DiffOptions extends FlameGraphOptions {
  normalize?: boolean;
  negate?: boolean;
}

function total(stacks: Map<string, number>): number {
  let t = 0;
  for (const v of stacks.values()) t += v;
  return t;
}

function signed(x: number, digits = 2): string {
  const s = x.toFixed(digits);
  // "-0.00" and "+0.00" both read as "no change".
  if (Number(s) === 0) return (0).toFixed(digits);
  return x > 0 ? `+${s}` : s;
}

/** The frames of a differential graph plus the per-frame self change they are coloured by. */
export interface DiffLayout {
  layout: Layout;
  /** Self change of a frame as a fraction of the profile (0.01 = one percentage point). */
  selfDelta(frame: Frame): number;
  /** Largest |selfDelta| over every call path, drawn or not. */
  maxDelta: number;
  totalBefore: number;
  totalAfter: number;
}

export function diffLayout(
  before: Map<string, number>,
  after: Map<string, number>,
  options: DiffOptions = {},
): DiffLayout {
  const totalBefore = total(before);
  const totalAfter = total(after);
  if (!(totalBefore > 0)) throw new InputError('the BEFORE profile has no samples');
  if (!(totalAfter > 0)) throw new InputError('the AFTER profile has no samples');
  const negate = options.negate === true;
  const primaryTotal = negate ? totalBefore : totalAfter;
  // Counts → shares: of each profile's own total when normalising, else of the drawn one's.
  const kAfter = options.normalize ? 1 / totalAfter : 1 / primaryTotal;
  const kBefore = options.normalize ? 1 / totalBefore : 1 / primaryTotal;
  // The self change of a call path is the change of exactly one stack line.
  let maxDelta = 0;
  for (const [stack, a] of after) {
    const d = Math.abs(a * kAfter - (before.get(stack) ?? 0) * kBefore);
    if (d > maxDelta) maxDelta = d;
  }
  for (const [stack, b] of before) {
    if (after.has(stack)) continue;
    const d = Math.abs(b * kBefore);
    if (d > maxDelta) maxDelta = d;
  }
  const minSamples = minSamplesFor(options, primaryTotal);
  // Widths from AFTER (BEFORE when negated); the other profile rides in value2/self2.
  const layout = negate ? layoutStacks(before, after, { minSamples }) : layoutStacks(after, before, { minSamples });
  const selfDelta = negate
    ? (f: Frame): number => f.self2 * kAfter - f.self * kBefore
    : (f: Frame): number => f.self * kAfter - f.self2 * kBefore;
  return { layout, selfDelta, maxDelta, totalBefore, totalAfter };
}

/** The differential SVG: AFTER's shape (BEFORE's with `negate`), coloured by self change. */
export function renderDiff(before: Map<string, number>, after: Map<string, number>, options: DiffOptions = {}): string {
  const negate = options.negate === true;
  const diff = diffLayout(before, after, options);
  const otherTotal = negate ? diff.totalAfter : diff.totalBefore;
  const otherName = negate ? 'after' : 'before';
  return renderLayout(
    diff.layout,
    {
      ...options,
      title: options.title ?? (negate ? 'Differential Flame Graph (widths: before)' : 'Differential Flame Graph'),
      subtitle:
        options.subtitle ??
        (negate
          ? 'widths from BEFORE; red = grew in AFTER, blue = shrank or vanished'
          : 'widths from AFTER; red = grew, blue = shrank'),
    },
    {
      fill: (f) => diffColor(diff.selfDelta(f), diff.maxDelta),
      titleSuffix: (f) =>
        `; ${otherName} ${((100 * f.value2) / otherTotal).toFixed(2)}%; self ${signed(100 * diff.selfDelta(f))} pp`,
      background: background('diff'),
    },
  );
}

export interface FrameDelta {
  frame: string;
  /** Percent of all samples of each profile with this frame as the leaf. */
  selfBefore: number;
  selfAfter: number;
  /** selfAfter - selfBefore, in percentage points. */
  selfDelta: number;
  /** Percent of samples with this frame anywhere on the stack (recursion counted once). */
  totalBefore: number;
  totalAfter: number;
  totalDelta: number;
  samples: { selfBefore: number; selfAfter: number; totalBefore: number; totalAfter: number };
}

export interface FrameSums {
  self: Map<string, number>;
  total: Map<string, number>;
  sum: number;
}

/** Samples per frame as the leaf (self) and anywhere on the stack (total, recursion once). */
export function frameSums(stacks: ReadonlyMap<string, number>): FrameSums {
  const self = new Map<string, number>();
  const tot = new Map<string, number>();
  let sum = 0;
  const seen = new Set<string>();
  for (const [stack, count] of stacks) {
    if (!(count > 0)) continue;
    sum += count;
    if (stack.length === 0) continue;
    const frames = stack.split(';');
    const leaf = frames[frames.length - 1]!;
    self.set(leaf, (self.get(leaf) ?? 0) + count);
    seen.clear();
    for (const f of frames) {
      if (seen.has(f)) continue;
      seen.add(f);
      tot.set(f, (tot.get(f) ?? 0) + count);
    }
  }
  return { self, total: tot, sum };
}

/** Every frame's share of each profile, self and total, unsorted. */
export function frameDeltas(b: FrameSums, a: FrameSums): FrameDelta[] {
  if (!(b.sum > 0)) throw new InputError('the BEFORE profile has no samples');
  if (!(a.sum > 0)) throw new InputError('the AFTER profile has no samples');
  const names = new Set<string>([...b.total.keys(), ...a.total.keys()]);
  const rows: FrameDelta[] = [];
  for (const frame of names) {
    const sb = b.self.get(frame) ?? 0;
    const sa = a.self.get(frame) ?? 0;
    const tb = b.total.get(frame) ?? 0;
    const ta = a.total.get(frame) ?? 0;
    const selfBefore = (100 * sb) / b.sum;
    const selfAfter = (100 * sa) / a.sum;
    const totalBefore = (100 * tb) / b.sum;
    const totalAfter = (100 * ta) / a.sum;
    rows.push({
      frame,
      selfBefore,
      selfAfter,
      selfDelta: selfAfter - selfBefore,
      totalBefore,
      totalAfter,
      totalDelta: totalAfter - totalBefore,
      samples: { selfBefore: sb, selfAfter: sa, totalBefore: tb, totalAfter: ta },
    });
  }
  return rows;
}

/**
 * Frames by how much their share of the profile changed, self or total, largest first:
 * what got hotter or colder, readable without opening an SVG.
 */
export function topFrames(before: Map<string, number>, after: Map<string, number>, n = 10): FrameDelta[] {
  const rows = frameDeltas(frameSums(before), frameSums(after));
  const key = (r: FrameDelta): number => Math.max(Math.abs(r.selfDelta), Math.abs(r.totalDelta));
  rows.sort(
    (x, y) =>
      key(y) - key(x) ||
      Math.abs(y.selfDelta) - Math.abs(x.selfDelta) ||
      (x.frame < y.frame ? -1 : x.frame > y.frame ? 1 : 0),
  );
  return rows.slice(0, Math.max(0, n));
}
