/**
 * Folded stacks → the frames to draw, with their positions in samples: flamegraph.pl's "flow"
 * algorithm. Stacks are visited in order, so every call path is one contiguous run; a frame is
 * opened where a stack first differs from the previous one and closed (with its final width)
 * where a later stack leaves it. Frames narrower than the --minwidth threshold are dropped at
 * once, so memory holds the drawn frames only, never a node per call path: 132,500 distinct
 * stacks of ~30 frames would otherwise be millions of objects.
 *
 * Stacks are sorted as if each ended in ";" (stackCompare), which makes every call path one
 * contiguous run, with a parent's own samples at its left edge and its children after in name
 * order (flamegraph.pl sorts raw lines, which can split a frame in two when a sibling's name
 * extends the parent's, e.g. "foo" and "foo.bar").
 *
 * Two profiles can ride along (differential graphs): the primary one sets the widths, the
 * secondary one is summed over the same frames (value2/self2) for colours and tooltips.
 */

export interface Frame {
  name: string;
  /** 0 for the root ("all"). */
  depth: number;
  /** Offset of the left edge, in primary samples. */
  start: number;
  /** Width in primary samples (the subtree's total). */
  value: number;
  /** Primary samples whose leaf is this frame. */
  self: number;
  /** Secondary profile's subtree total and self samples on the same call path. */
  value2: number;
  self2: number;
  /** The call path ("prog;main;f", "" for the root), with LayoutOptions.paths only. */
  path?: string;
}

export interface Layout {
  /** Drawn frames, root first, then by depth and left edge. */
  frames: Frame[];
  total: number;
  total2: number;
  depthMax: number;
}

export interface LayoutOptions {
  /** Frames with fewer primary samples than this are not drawn. */
  minSamples?: number;
  rootName?: string;
  /** Record each frame's call path (differential graphs look up per-run counts by it). */
  paths?: boolean;
}

function sum(stacks: Map<string, number>): number {
  let t = 0;
  for (const v of stacks.values()) if (v > 0) t += v;
  return t;
}

/** Sum of positive counts of a profile (what sets the scale before laying out). */
export function totalSamples(stacks: Map<string, number>): number {
  return sum(stacks);
}

/**
 * Orders stacks as the strings `stack + ";"` would sort. Then every call path F1;...;Fk is one
 * contiguous run with its own samples first, since all its stacks start with "F1;...;Fk;".
 * Plain string order would not do: "foo.bar" sorts between "foo" and "foo;baz", splitting the
 * frame "foo" in two (flamegraph.pl, which sorts raw lines, has that flaw). The two orders differ
 * only when one stack is a prefix of the other; comparing without building `stack + ";"`
 * strings avoids copying the whole input, and sorted input (collapse output) costs one pass.
 */
export function stackCompare(a: string, b: string): number {
  if (a.length < b.length) {
    if (b.startsWith(a)) return b.charCodeAt(a.length) < 59 ? 1 : -1;
  } else if (b.length < a.length) {
    if (a.startsWith(b)) return a.charCodeAt(b.length) < 59 ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Row {
  key: string;
  a: number;
  b: number;
}

export function layoutStacks(
  primary: Map<string, number>,
  secondary?: Map<string, number>,
  options: LayoutOptions = {},
): Layout {
  const minSamples = options.minSamples ?? 0;
  const withPaths = options.paths === true;
  const rows: Row[] = [];
  for (const [stack, count] of primary) {
    if (!(count > 0)) continue;
    const b = secondary?.get(stack) ?? 0;
    rows.push({ key: stack, a: count, b: b > 0 ? b : 0 });
  }
  if (secondary) {
    for (const [stack, count] of secondary) {
      if (count > 0 && !((primary.get(stack) ?? 0) > 0)) rows.push({ key: stack, a: 0, b: count });
    }
  }
  rows.sort((x, y) => stackCompare(x.key, y.key));

  const frames: Frame[] = [];
  let depthMax = 0;
  // The open path, as a stack of `open` frames: frame i is at depth i + 1, named
  // keyOf[i][startOf[i]..ends[i]) (ends[i] is the ";" after it, or the end of the stack).
  // Plain arrays indexed by a counter: shrinking arrays through .length costs in V8.
  let open = 0;
  let prevKey = '';
  const ends: number[] = [];
  const startOf: number[] = [];
  const keyOf: string[] = [];
  const starts: number[] = [];
  const starts2: number[] = [];
  const selfs: number[] = [];
  const selfs2: number[] = [];
  let time = 0;
  let time2 = 0;
  let rootSelf = 0;
  let rootSelf2 = 0;

  const close = (downTo: number): void => {
    for (let i = open - 1; i >= downTo; i--) {
      const value = time - starts[i]!;
      if (value > 0 && value >= minSamples) {
        const frame: Frame = {
          // Sliced only now: most opened frames are too narrow to draw.
          name: keyOf[i]!.slice(startOf[i], ends[i]),
          depth: i + 1,
          start: starts[i]!,
          value,
          self: selfs[i]!,
          value2: time2 - starts2[i]!,
          self2: selfs2[i]!,
        };
        if (withPaths) frame.path = keyOf[i]!.slice(0, ends[i]);
        frames.push(frame);
        if (i + 1 > depthMax) depthMax = i + 1;
      }
    }
    open = downTo;
  };

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const key = row.key;
    const a = row.a;
    const b = row.b;
    if (key.length === 0) {
      // "  5": samples with no frame at all belong to the root itself.
      close(0);
      rootSelf += a;
      rootSelf2 += b;
      time += a;
      time2 += b;
      continue;
    }
    // How many frames this stack shares with the previous one: the common prefix (a char loop
    // is the fastest way in V8), then the open frames that end inside it.
    const limit = Math.min(key.length, prevKey.length);
    let c = 0;
    while (c < limit && key.charCodeAt(c) === prevKey.charCodeAt(c)) c++;
    let same = 0;
    while (same < open) {
      const e = ends[same]!;
      // Shared if the frame's ";" is inside the common prefix, or it ends exactly where the
      // prefix ends and this stack has a frame boundary there too.
      if (e < c || (e === c && (e === key.length || key.charCodeAt(e) === 59))) same++;
      else break;
    }
    let pos = same === 0 ? 0 : ends[same - 1]! + 1;
    close(same);
    while (pos <= key.length) {
      let end = key.indexOf(';', pos);
      if (end === -1) end = key.length;
      ends[open] = end;
      startOf[open] = pos;
      keyOf[open] = key;
      starts[open] = time;
      starts2[open] = time2;
      selfs[open] = 0;
      selfs2[open] = 0;
      open++;
      pos = end + 1;
    }
    selfs[open - 1]! += a;
    selfs2[open - 1]! += b;
    time += a;
    time2 += b;
    prevKey = key;
  }
  close(0);

  frames.sort((x, y) => x.depth - y.depth || x.start - y.start || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const root: Frame = {
    name: options.rootName ?? 'all',
    depth: 0,
    start: 0,
    value: time,
    self: rootSelf,
    value2: time2,
    self2: rootSelf2,
    ...(withPaths ? { path: '' } : {}),
  };
  if (time > 0) frames.unshift(root);
  return { frames, total: time, total2: time2, depthMax };
}

/**
 * The layout cut to the deepest frame `keep` accepts (the root always stays): frames above it
 * are left out, and how many were is returned for the caption.
 */
export function cropDepth(layout: Layout, keep: (frame: Frame) => boolean): { layout: Layout; dropped: number } {
  let depthMax = 0;
  for (const f of layout.frames) if (f.depth > depthMax && keep(f)) depthMax = f.depth;
  if (depthMax >= layout.depthMax) return { layout, dropped: 0 };
  const frames = layout.frames.filter((f) => f.depth <= depthMax);
  return { layout: { ...layout, frames, depthMax }, dropped: layout.frames.length - frames.length };
}
