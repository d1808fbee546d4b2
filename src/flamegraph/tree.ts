/**
 * Folded stacks → a frame tree (one node per distinct call path) carrying up to two profiles'
 * counts, so the plain graph and the differential graph share one builder and one layout.
 *
 * Built for large inputs (100,000+ distinct stacks): consecutive stacks usually share a long
 * prefix (stackcollapse output is sorted), so the walk restarts at the deepest frame shared
 * with the previous stack, found by comparing characters, and only the new suffix is sliced
 * and looked up.
 */

export interface FrameNode {
  name: string;
  /** Samples in this subtree, primary profile (the one that sets widths). */
  value: number;
  /** Samples whose leaf is this node, primary profile. */
  self: number;
  /** Same for the secondary profile (differential graphs); 0 otherwise. */
  value2: number;
  self2: number;
  depth: number;
  children: FrameNode[];
  /** Built once a node has many children; small child lists are scanned. */
  index: Map<string, FrameNode> | undefined;
}

const INDEX_AT = 8;

function newNode(name: string, depth: number): FrameNode {
  return { name, value: 0, self: 0, value2: 0, self2: 0, depth, children: [], index: undefined };
}

function childOf(node: FrameNode, name: string): FrameNode {
  const index = node.index;
  if (index !== undefined) {
    let c = index.get(name);
    if (c === undefined) {
      c = newNode(name, node.depth + 1);
      node.children.push(c);
      index.set(name, c);
    }
    return c;
  }
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) if (kids[i]!.name === name) return kids[i]!;
  const c = newNode(name, node.depth + 1);
  kids.push(c);
  if (kids.length >= INDEX_AT) node.index = new Map(kids.map((k) => [k.name, k]));
  return c;
}

/**
 * Adds every stack of `stacks` (primary when `which` is 0, secondary when 1) under `root`.
 * Empty frame names (as in "a;;b") are kept, like flamegraph.pl.
 */
function addStacks(root: FrameNode, stacks: Iterable<[string, number]>, which: 0 | 1): void {
  let prev = '';
  // path[d] is the node at depth d+1 of the previous stack; ends[d] where its name ends in prev.
  const path: FrameNode[] = [];
  const ends: number[] = [];
  for (const [stack, count] of stacks) {
    if (!(count > 0)) continue;
    if (stack.length === 0) {
      // A line with only a count: samples with no frame at all, the root's own.
      if (which === 0) {
        root.value += count;
        root.self += count;
      } else {
        root.value2 += count;
        root.self2 += count;
      }
      continue;
    }
    // Deepest frame boundary shared with the previous stack.
    const limit = Math.min(prev.length, stack.length);
    let i = 0;
    while (i < limit && prev.charCodeAt(i) === stack.charCodeAt(i)) i++;
    let depth = 0;
    while (depth < ends.length && ends[depth]! <= i) {
      const e = ends[depth]!;
      // The frame ends at e in both strings only if both have ";" or the end there.
      const pEnd = e === prev.length || prev.charCodeAt(e) === 59;
      const sEnd = e === stack.length || stack.charCodeAt(e) === 59;
      if (!(pEnd && sEnd)) break;
      depth++;
    }
    path.length = depth;
    ends.length = depth;
    let node = depth === 0 ? root : path[depth - 1]!;
    let start = depth === 0 ? 0 : ends[depth - 1]! + 1;
    while (start <= stack.length) {
      let semi = stack.indexOf(';', start);
      if (semi === -1) semi = stack.length;
      node = childOf(node, stack.slice(start, semi));
      path.push(node);
      ends.push(semi);
      start = semi + 1;
    }
    if (which === 0) {
      root.value += count;
      for (let d = 0; d < path.length; d++) path[d]!.value += count;
      node.self += count;
    } else {
      root.value2 += count;
      for (let d = 0; d < path.length; d++) path[d]!.value2 += count;
      node.self2 += count;
    }
    prev = stack;
  }
}

function sortTree(root: FrameNode): void {
  const todo: FrameNode[] = [root];
  while (todo.length > 0) {
    const n = todo.pop()!;
    n.index = undefined;
    if (n.children.length > 1) n.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const c of n.children) todo.push(c);
  }
}

/** The tree of one profile, or of two (primary sets widths, secondary rides along). */
export function buildTree(
  primary: Map<string, number> | Iterable<[string, number]>,
  secondary?: Map<string, number> | Iterable<[string, number]>,
  rootName = 'all',
): FrameNode {
  const root = newNode(rootName, 0);
  addStacks(root, primary, 0);
  if (secondary !== undefined) addStacks(root, secondary, 1);
  sortTree(root);
  return root;
}

/** Deepest depth in the tree (root = 0). */
export function maxDepth(root: FrameNode): number {
  let max = 0;
  const todo: FrameNode[] = [root];
  while (todo.length > 0) {
    const n = todo.pop()!;
    if (n.depth > max) max = n.depth;
    for (const c of n.children) todo.push(c);
  }
  return max;
}
