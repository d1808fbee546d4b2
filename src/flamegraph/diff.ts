/**
 * Differential flame graphs (difffolded.pl + flamegraph.pl's differential mode, docs/ARCHITECTURE.md §5) and
 * the table of frames whose share of the profile changed most, for `perfgate diff --top`.
 *
 * - Widths come from head; each frame is coloured by the change of its own (self) time in ms
 *   per run (frame-change.ts: the "why" table's figures), red grew, blue shrank, strong only
 *   where the interval over the profile runs excludes zero, grey-ish where it includes zero.
 *   Colouring by the change of *share* contradicted the table: a frame that grows shrinks the
 *   share of every sibling, which then showed as improvements.
 * - Without per-run profiles (two folded files on the command line) there is no interval and no
 *   ms: frames are coloured by the change of their own samples (or share, with `normalize`),
 *   saturation ∝ |delta| / max |delta|, and the legend says so.
 * - `negate`: widths from base, so paths that vanished are visible (flamegraph.pl --negate on
 *   swapped inputs); red still means "grew in head".
 * - `static` (the picture in the PR comment) is also cut to the tallest interesting stack, so
 *   a thin tower of tiny kernel frames does not leave most of the image empty.
 *
 * Hand-written for the same reason as svg.ts: nothing on npm does this on folded input.
 */
import { InputError } from '../errors.js';
import { formatMsChange } from '../results/format.js';
import { diffColor, background } from './palette.js';
import { hasIntervals, selfChanges, type SelfChange, type TimeScale } from './frame-change.js';
import { cropDepth, layoutStacks, type Frame, type Layout } from './layout.js';
import { minSamplesFor, renderLayout, type FlameGraphOptions } from './svg.js';

export type { TimeScale } from './frame-change.js';

export interface DiffOptions extends FlameGraphOptions {
  /** Without `time`: compare shares of each profile instead of raw counts (`time` implies it). */
  normalize?: boolean;
  negate?: boolean;
  /** Per-run profiles and ms per run of both sides: colours in ms per run, with intervals. */
  time?: TimeScale;
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

/** A frame is worth the picture's height when it changed for sure or is this wide. */
const INTERESTING_SHARE = 0.01;
/** ...or, without intervals, when its change is this part of the largest one. */
const INTERESTING_CHANGE = 0.25;

/** The frames of a differential graph plus the per-frame self change they are coloured by. */
export interface DiffLayout {
  layout: Layout;
  change(frame: Frame): SelfChange;
  /** The |delta| drawn at full strength: the largest sure change, else the largest of all. */
  scale: number;
  /** `ms`: delta in ms per run (a TimeScale was given); `share`: a fraction of the profile. */
  unit: 'ms' | 'share';
  /** The ms are time blocked (off-CPU stacks). */
  blocked: boolean;
  /** Every frame's change has an interval. */
  intervals: boolean;
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
  if (!(totalBefore > 0)) throw new InputError('the base profile has no samples');
  if (!(totalAfter > 0)) throw new InputError('the head profile has no samples');
  const negate = options.negate === true;
  const primaryTotal = negate ? totalBefore : totalAfter;
  const minSamples = minSamplesFor(options, primaryTotal);
  // Widths from head (base when negated); the other profile rides in value2/self2.
  const layout = negate
    ? layoutStacks(before, after, { minSamples, paths: true })
    : layoutStacks(after, before, { minSamples, paths: true });
  const sides = (f: Frame): { base: number; head: number } =>
    negate ? { base: f.self, head: f.self2 } : { base: f.self2, head: f.self };
  let ofPath: (path: string, base: number, head: number) => SelfChange;
  const time = options.time;
  if (time) ofPath = selfChanges(time, { base: totalBefore, head: totalAfter });
  else {
    // Counts → shares: of each profile's own total when normalising, else of the drawn one's.
    const kAfter = options.normalize ? 1 / totalAfter : 1 / primaryTotal;
    const kBefore = options.normalize ? 1 / totalBefore : 1 / primaryTotal;
    ofPath = (_path, base, head) => ({ delta: head * kAfter - base * kBefore, certainty: 'no-interval' });
  }
  const of = (f: Frame): SelfChange => {
    const s = sides(f);
    return ofPath(f.path ?? '', s.base, s.head);
  };
  const changes = new Map<Frame, SelfChange>();
  for (const f of layout.frames) changes.set(f, of(f));
  // The scale comes from every call path of both profiles, not the drawn layout's: the negated
  // graph (widths from base) lacks head's new frames, and would paint a small sure change at full
  // strength because the large one is not in it. Both graphs of a pair share one scale.
  let maxAll = 0;
  let maxSure = 0;
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const c = ofPath(path, before.get(path) ?? 0, after.get(path) ?? 0);
    const d = Math.abs(c.delta);
    if (d > maxAll) maxAll = d;
    if (c.certainty === 'excludes-zero' && d > maxSure) maxSure = d;
  }
  return {
    layout,
    change: (f) => changes.get(f) ?? of(f),
    scale: maxSure > 0 ? maxSure : maxAll,
    unit: time ? 'ms' : 'share',
    blocked: time?.blocked === true,
    intervals: time !== undefined && hasIntervals(time),
    totalBefore,
    totalAfter,
  };
}

/** Whether a frame earns its place in a cropped picture (see INTERESTING_*). */
function interesting(diff: DiffLayout, f: Frame): boolean {
  if (f.value >= INTERESTING_SHARE * diff.layout.total) return true;
  const c = diff.change(f);
  if (c.certainty === 'excludes-zero') return true;
  return c.certainty === 'no-interval' && Math.abs(c.delta) >= INTERESTING_CHANGE * diff.scale && diff.scale > 0;
}

/** The legend: what widths and colours mean, in the words of the table. */
export function diffLegend(diff: DiffLayout, negate: boolean, normalize: boolean): string {
  const widths = negate ? "widths: base's profile (vanished paths show)" : "widths: head's profile";
  const what =
    diff.unit === 'ms'
      ? `change of the frame's own ${diff.blocked ? 'blocked time' : 'time'}, ms per run`
      : normalize
        ? "change of the frame's own share of samples"
        : "change of the frame's own samples";
  const rule = diff.intervals
    ? 'strong only where its interval excludes zero'
    : diff.unit === 'ms'
      ? 'no interval available (fewer than two profile runs a side)'
      : 'no interval available (one profile a side)';
  return `${widths}; colour: ${what} (red grew, blue shrank); ${rule}`;
}

function changeText(diff: DiffLayout, c: SelfChange): string {
  if (diff.unit === 'share') return `self ${signed(100 * c.delta)} pp`;
  const ci = c.ci ? ` [${formatMsChange(c.ci[0])}, ${formatMsChange(c.ci[1])}]` : '';
  return `self ${formatMsChange(c.delta)} ms/run${ci}`;
}

/** The differential SVG: head's shape (base's with `negate`), coloured by self change. */
export function renderDiff(before: Map<string, number>, after: Map<string, number>, options: DiffOptions = {}): string {
  const negate = options.negate === true;
  const diff = diffLayout(before, after, options);
  const otherTotal = negate ? diff.totalAfter : diff.totalBefore;
  const otherName = negate ? 'head' : 'base';
  let layout = diff.layout;
  let caption = options.caption;
  if (options.static === true) {
    const cropped = cropDepth(layout, (f) => interesting(diff, f));
    if (cropped.dropped > 0) {
      const n = cropped.dropped;
      const note = `${n} narrow frame${n === 1 ? '' : 's'} without a large or sure change above depth ${cropped.layout.depthMax} not drawn.`;
      caption = caption ? `${caption} ${note}` : note;
    }
    layout = cropped.layout;
  }
  return renderLayout(
    layout,
    {
      ...options,
      ...(caption !== undefined ? { caption } : {}),
      title: options.title ?? (negate ? 'Differential Flame Graph (widths: base)' : 'Differential Flame Graph'),
      subtitle: options.subtitle ?? diffLegend(diff, negate, options.normalize === true),
    },
    {
      fill: (f) => {
        const c = diff.change(f);
        return diffColor(c.delta, diff.scale, c.certainty);
      },
      titleSuffix: (f) =>
        `; ${otherName} ${((100 * f.value2) / otherTotal).toFixed(2)}%; ${changeText(diff, diff.change(f))}`,
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
  if (!(b.sum > 0)) throw new InputError('the base profile has no samples');
  if (!(a.sum > 0)) throw new InputError('the head profile has no samples');
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
