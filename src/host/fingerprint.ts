/**
 * The machine a result was measured on. Hard keys must match for two results to be compared
 * (different CPU, kernel or backend make different numbers); soft keys are context.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BackendName, Fingerprint } from '../results/types.js';
import type { HostProbe } from './probe.js';

async function read(file: string): Promise<string | null> {
  return readFile(file, 'utf8').then((s) => s.trim(), () => null);
}

/** `model name	: AMD EPYC` from /proc/cpuinfo (first CPU). */
export function cpuModel(cpuinfo: string): string {
  return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? /^Processor\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
}

/** `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"` from /etc/os-release. */
export function osName(osRelease: string): string {
  return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(osRelease)?.[1] ?? 'unknown';
}

export async function fingerprint(backend: BackendName, probe: HostProbe, roots = { proc: '/proc', sys: '/sys', etc: '/etc' }): Promise<Fingerprint> {
  const [cpuinfo, osRelease, thp, aslr, loadavg] = await Promise.all([
    read(path.join(roots.proc, 'cpuinfo')),
    read(path.join(roots.etc, 'os-release')),
    read(path.join(roots.sys, 'kernel/mm/transparent_hugepage/enabled')),
    read(path.join(roots.proc, 'sys/kernel/randomize_va_space')),
    read(path.join(roots.proc, 'loadavg')),
  ]);
  const hard: Record<string, string> = {
    arch: os.arch(),
    cpu: cpuinfo ? cpuModel(cpuinfo) : 'unknown',
    cpus: String(os.cpus().length),
    kernel: os.release(),
    os: osRelease ? osName(osRelease) : 'unknown',
    backend,
  };
  if (backend === 'perf') {
    hard.perf = probe.perf.version ?? 'unknown';
    hard.pmu = probe.perf.pmu ? 'yes' : 'no';
  }
  if (backend === 'valgrind') hard.valgrind = probe.valgrind.version ?? 'unknown';
  const soft: Record<string, string> = {
    hostname: os.hostname(),
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    thp: thp ? (/\[(\w+)\]/.exec(thp)?.[1] ?? thp) : 'unknown',
    aslr: aslr ?? 'unknown',
    loadavg: loadavg ? loadavg.split(' ').slice(0, 3).join(' ') : 'unknown',
    node: process.version,
  };
  return { hard, soft };
}
