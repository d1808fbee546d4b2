/**
 * The CPU settings that change what a benchmark measures — frequency governor, turbo, SMT,
 * CPU isolation, speculative-execution mitigations — read from sysfs and /proc/cmdline.
 * Shared by the fingerprint (recorded) and the doctor (judged). Missing files stay null:
 * "we could not see it" must never read as "it is fine".
 */
import { cmdlineCpuList, parseCmdline } from './procfs.js';
import { formatCpuList, onlineCpus, parseCpuList } from './cpus.js';
import { listHost, readHost, type HostRoots } from './roots.js';

const CPU = 'devices/system/cpu';

/** Online CPUs, else the cpuN directories sysfs lists, else null. */
export async function knownCpus(roots: HostRoots): Promise<number[] | null> {
  const online = await onlineCpus(roots);
  if (online && online.length > 0) return online;
  const dirs = await listHost(roots, 'sys', CPU);
  const cpus = (dirs ?? [])
    .map((d) => /^cpu(\d+)$/.exec(d)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  return cpus.length > 0 ? cpus.sort((a, b) => a - b) : null;
}

/** `cpu1/cpufreq/scaling_governor` per CPU (`performance`, `powersave`, `schedutil`); null when missing. */
export async function governors(roots: HostRoots, cpus: readonly number[]): Promise<Map<number, string | null>> {
  const entries = await Promise.all(
    cpus.map(async (c) => [c, await readHost(roots, 'sys', `${CPU}/cpu${c}/cpufreq/scaling_governor`)] as const),
  );
  return new Map(entries);
}

/** One value for a per-CPU map: the common value, or `cpu0=a,cpu1=b` when they differ. */
export function summarisePerCpu(values: Map<number, string | null>): string {
  const set = new Set([...values.values()].map((v) => v ?? 'unknown'));
  const [only] = [...set];
  if (set.size === 1 && only !== undefined) return only;
  if (set.size === 0) return 'unknown';
  return [...values].map(([c, v]) => `cpu${c}=${v ?? 'unknown'}`).join(',');
}

export interface TurboState {
  /** `on`, `off`, or null when neither knob exists. */
  state: 'on' | 'off' | null;
  /** The file that says so. */
  source: string | null;
}

/**
 * intel_pstate's `no_turbo` (1 = turbo off) or the generic `cpufreq/boost` (1 = boost on;
 * acpi-cpufreq and amd-pstate).
 */
export async function turbo(roots: HostRoots): Promise<TurboState> {
  const noTurbo = await readHost(roots, 'sys', `${CPU}/intel_pstate/no_turbo`);
  if (noTurbo === '0' || noTurbo === '1')
    return { state: noTurbo === '1' ? 'off' : 'on', source: `${CPU}/intel_pstate/no_turbo` };
  const boost = await readHost(roots, 'sys', `${CPU}/cpufreq/boost`);
  if (boost === '0' || boost === '1') return { state: boost === '1' ? 'on' : 'off', source: `${CPU}/cpufreq/boost` };
  return { state: null, source: null };
}

/** `smt/control`: on, off, forceoff, notsupported, notimplemented; null when missing. */
export async function smtControl(roots: HostRoots): Promise<string | null> {
  return readHost(roots, 'sys', `${CPU}/smt/control`);
}

/** Hardware threads sharing a core with `cpu` (`thread_siblings_list`: `0,2` or `0-1`), itself excluded. */
export async function threadSiblings(roots: HostRoots, cpu: number): Promise<number[] | null> {
  const text = await readHost(roots, 'sys', `${CPU}/cpu${cpu}/topology/thread_siblings_list`);
  const list = text === null ? null : parseCpuList(text);
  return list === null ? null : list.filter((c) => c !== cpu);
}

export interface Isolation {
  /** `/sys/devices/system/cpu/isolated`, else `isolcpus=` on the command line. */
  isolated: number[] | null;
  nohzFull: number[] | null;
  rcuNocbs: number[] | null;
}

/** CPU isolation as the kernel reports it (sysfs first, the boot command line second). */
export async function isolation(roots: HostRoots): Promise<Isolation> {
  const [isolatedText, nohzText, cmdlineText] = await Promise.all([
    readHost(roots, 'sys', `${CPU}/isolated`),
    readHost(roots, 'sys', `${CPU}/nohz_full`),
    readHost(roots, 'proc', 'cmdline'),
  ]);
  const cmdline = cmdlineText === null ? null : parseCmdline(cmdlineText);
  const fromCmdline = (key: string): number[] | null => {
    if (cmdline === null) return null;
    const v = cmdline.get(key);
    return v === undefined ? [] : parseCpuList(cmdlineCpuList(v));
  };
  // sysfs nohz_full prints `(null)` when the kernel supports it but none is configured.
  const nohz = nohzText === null ? fromCmdline('nohz_full') : nohzText === '(null)' ? [] : parseCpuList(nohzText);
  return {
    isolated: isolatedText === null ? fromCmdline('isolcpus') : parseCpuList(isolatedText),
    nohzFull: nohz,
    rcuNocbs: fromCmdline('rcu_nocbs'),
  };
}

export function describeCpus(cpus: number[] | null): string {
  return cpus === null ? 'unknown' : cpus.length === 0 ? 'none' : formatCpuList(cpus);
}

/**
 * `/sys/devices/system/cpu/vulnerabilities/*`, one line each:
 * `spectre_v2: Mitigation: Retpolines; STIBP: disabled; RSB filling; ...`, `meltdown: Not affected`.
 * Summarised as the entries that are not `Not affected`, sorted, ` | `-joined; `none needed`
 * when the CPU is affected by none; null when the directory is missing.
 */
export async function mitigations(roots: HostRoots): Promise<string | null> {
  const dir = `${CPU}/vulnerabilities`;
  const names = await listHost(roots, 'sys', dir);
  if (names === null) return null;
  const entries = await Promise.all(
    [...names].sort().map(async (n) => [n, await readHost(roots, 'sys', `${dir}/${n}`)] as const),
  );
  const relevant = entries.filter(([, v]) => v !== null && v !== 'Not affected').map(([n, v]) => `${n}: ${v}`);
  return relevant.length === 0 ? 'none needed' : relevant.join(' | ');
}
