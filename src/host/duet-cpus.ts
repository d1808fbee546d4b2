/**
 * The two CPU sets a duet pair runs base and head on: the benchmark's `cpus` split into two
 * disjoint halves of equal size, made of whole cores where the list allows, so the two sides
 * never share a core's hyperthreads (each would take half the other's core) when another split
 * exists. A list that cannot be split says why, and the pair runs sequentially.
 */
import { threadSiblings } from './cpustate.js';
import { formatCpuList, parseCpuList } from './cpus.js';
import type { HostRoots } from './roots.js';

export type DuetCpus =
  | {
      ok: true;
      /** taskset lists of the two halves: one side runs on each, swapped from pair to pair. */
      halves: [string, string];
      /** What the reader should know about the split (shared core, CPUs left idle), or null. */
      note: string | null;
    }
  | { ok: false; reason: string };

/**
 * Splits `cpus` given each CPU's SMT siblings (null: not visible). Pure, so that topologies this
 * machine lacks can be tested.
 */
export function splitCpus(cpus: readonly number[], siblings: ReadonlyMap<number, readonly number[] | null>): DuetCpus {
  const list = [...new Set(cpus)].sort((a, b) => a - b);
  if (list.length < 2)
    return {
      ok: false,
      reason: `cpus ${formatCpuList(list)} is one CPU: a duet needs two or more, to give base and head their own`,
    };
  const notes: string[] = [];
  const visible = list.every((c) => siblings.get(c) !== null && siblings.get(c) !== undefined);
  if (!visible) notes.push('SMT siblings not visible: each CPU taken for a core');
  const cores = visible ? coresOf(list, siblings) : list.map((c) => [c]);
  let halves: [number[], number[]];
  if (cores.length === 1) {
    // One core's hyperthreads only: the one split there is, said out loud.
    const k = Math.floor(list.length / 2);
    halves = [list.slice(0, k), list.slice(k, 2 * k)];
    notes.push(
      `CPUs ${formatCpuList(list)} are hyperthreads of one core: base and head share it and slow each other (give cpus on two cores)`,
    );
  } else {
    // Whole cores to the half with fewer CPUs, largest cores first; then equal sizes, so neither
    // side gets more CPUs than the other in any pair.
    const a: number[] = [];
    const b: number[] = [];
    for (const core of [...cores].sort((x, y) => y.length - x.length || (x[0] ?? 0) - (y[0] ?? 0)))
      (a.length <= b.length ? a : b).push(...core);
    const k = Math.min(a.length, b.length);
    halves = [a.sort((x, y) => x - y).slice(0, k), b.sort((x, y) => x - y).slice(0, k)];
  }
  const used = new Set(halves.flat());
  const idle = list.filter((c) => !used.has(c));
  if (idle.length > 0) notes.push(`CPU ${formatCpuList(idle)} left idle so both halves have ${halves[0].length}`);
  return {
    ok: true,
    halves: [formatCpuList(halves[0]), formatCpuList(halves[1])],
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}

/** CPUs of `list` grouped by core: a CPU and its siblings in the list are one group. */
function coresOf(list: readonly number[], siblings: ReadonlyMap<number, readonly number[] | null>): number[][] {
  const inList = new Set(list);
  const seen = new Set<number>();
  const cores: number[][] = [];
  for (const c of list) {
    if (seen.has(c)) continue;
    const core = [c, ...(siblings.get(c) ?? []).filter((s) => inList.has(s) && !seen.has(s))].sort((x, y) => x - y);
    core.forEach((s) => seen.add(s));
    cores.push(core);
  }
  return cores;
}

/** The duet halves of a benchmark's `cpus` (a resolved list, or null when unpinned) on this host. */
export async function duetCpus(cpus: string | null, roots: HostRoots): Promise<DuetCpus> {
  if (cpus === null)
    return {
      ok: false,
      reason: 'cpus is not set: a duet pins base and head to CPUs of their own; set cpus to two or more (e.g. "0,1")',
    };
  const list = parseCpuList(cpus);
  if (list === null) return { ok: false, reason: `cpus ${cpus} is not a CPU list` };
  const siblings = new Map(await Promise.all(list.map(async (c) => [c, await threadSiblings(roots, c)] as const)));
  return splitCpus(list, siblings);
}
