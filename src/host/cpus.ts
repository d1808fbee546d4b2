/**
 * CPU lists in the kernel's (and taskset's) notation, the CPUs that are online, and what
 * `cpus: auto` means on this machine.
 */
import { InputError } from '../errors.js';
import { SuiteError, sortByLine } from '../suite/load.js';
import type { BenchmarkSpec, Suite } from '../suite/spec.js';
import { readHost, type HostRoots } from './roots.js';

/**
 * `0-3,8,10-11` → [0, 1, 2, 3, 8, 10, 11] (sorted, unique). An empty string is the empty list:
 * `/sys/devices/system/cpu/isolated` holds just a newline when nothing is isolated.
 * Returns null for anything else, so callers can say which input was malformed.
 */
export function parseCpuList(text: string): number[] | null {
  const t = text.trim();
  if (t === '') return [];
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return null;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi - lo > 65536) return null;
    for (let c = lo; c <= hi; c++) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

/** [0, 1, 2, 5] → `0-2,5`. */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Online CPUs from `/sys/devices/system/cpu/online` (`0-1` here), or null when unreadable. */
export async function onlineCpus(roots: HostRoots): Promise<number[] | null> {
  const text = await readHost(roots, 'sys', 'devices/system/cpu/online');
  return text === null ? null : parseCpuList(text);
}

/** CPUs the kernel keeps the scheduler off (`isolcpus=`), or null when the file is missing. */
export async function isolatedCpus(roots: HostRoots): Promise<number[] | null> {
  const text = await readHost(roots, 'sys', 'devices/system/cpu/isolated');
  return text === null ? null : parseCpuList(text);
}

export interface AutoCpus {
  /** taskset list to pin to. */
  cpus: string;
  /** Why these, for results.json and the log. */
  reason: string;
}

/**
 * `cpus: auto`: the isolated CPUs when the kernel has some (nothing else is scheduled there),
 * else the last online CPU — by convention the one housekeeping work (and CPU 0's timer and
 * IRQ duties) is least likely to land on.
 */
export async function resolveAutoCpus(roots: HostRoots): Promise<AutoCpus> {
  const isolated = await isolatedCpus(roots);
  if (isolated && isolated.length > 0) {
    return {
      cpus: formatCpuList(isolated),
      reason: `isolated CPUs ${formatCpuList(isolated)} (from /sys/devices/system/cpu/isolated)`,
    };
  }
  const online = await onlineCpus(roots);
  const last = online?.at(-1);
  if (last === undefined) {
    throw new InputError(
      'cpus: auto: cannot read the online CPUs (/sys/devices/system/cpu/online); give an explicit CPU list such as "1"',
    );
  }
  const why = isolated === null ? 'the kernel reports no isolated CPUs file' : 'the kernel isolates no CPUs';
  return { cpus: String(last), reason: `last online CPU ${last} (${why})` };
}

/**
 * Every `cpus: auto` benchmark pinned to what auto means here (resolved once for the run).
 * `resolved` is null when no benchmark asked for auto.
 */
export async function applyAutoCpus<T extends { cpus: string | null }>(
  benchmarks: readonly T[],
  roots: HostRoots,
): Promise<{ benchmarks: T[]; resolved: AutoCpus | null }> {
  if (!benchmarks.some((b) => b.cpus === 'auto')) return { benchmarks: [...benchmarks], resolved: null };
  const resolved = await resolveAutoCpus(roots);
  return { benchmarks: benchmarks.map((b) => (b.cpus === 'auto' ? { ...b, cpus: resolved.cpus } : b)), resolved };
}

/** The CPUs a set of benchmarks runs on: the union of their lists, or null if any is unpinned. */
export function benchmarkCpus(benchmarks: readonly { cpus: string | null }[]): number[] | null {
  const all = new Set<number>();
  for (const b of benchmarks) {
    const list = b.cpus === null ? null : parseCpuList(b.cpus);
    if (list === null) return null;
    list.forEach((c) => all.add(c));
  }
  return [...all].sort((a, b) => a - b);
}

/** CPUs of `list` this machine does not have online, or null when nothing is missing (or unknown). */
function missingCpus(list: string, online: readonly number[]): number[] | null {
  const wanted = parseCpuList(list);
  if (wanted === null) return null;
  const have = new Set(online);
  const missing = wanted.filter((c) => !have.has(c));
  return missing.length > 0 ? missing : null;
}

/**
 * taskset fails at run time on a CPU that is not online ("Invalid argument"), after setup and
 * maybe after other benchmarks: pinning to CPUs this machine lacks is a suite error before
 * anything runs, naming file:line. `flag` names a command-line override (`--cpus`) instead.
 * Without a readable online list (an odd container), nothing is claimed.
 */
export async function assertCpusExist(
  suite: Pick<Suite, 'path'>,
  benchmarks: readonly BenchmarkSpec[],
  roots: HostRoots,
  flag?: { name: string; value: string },
): Promise<void> {
  const online = await onlineCpus(roots);
  if (online === null || online.length === 0) return;
  const here = `online here: ${formatCpuList(online)}`;
  if (flag) {
    const missing = missingCpus(flag.value, online);
    if (missing)
      throw new InputError(
        `${flag.name} ${flag.value}: CPU ${formatCpuList(missing)} does not exist on this machine (${here})`,
      );
    return;
  }
  const problems = new Set<string>();
  for (const b of benchmarks) {
    if (b.cpus === null || b.cpus === 'auto') continue;
    const missing = missingCpus(b.cpus, online);
    if (missing)
      problems.add(
        `${b.at?.cpus ?? `${suite.path}:${b.line}: ${b.name}.cpus`}: CPU ${formatCpuList(missing)} does not exist on this machine (${here})`,
      );
  }
  if (problems.size > 0) throw new SuiteError(suite.path, sortByLine([...problems]));
}
