/**
 * The machine a result was measured on. Hard keys must match for two results to be compared
 * (a different CPU, kernel, compiler, governor or backend makes different numbers); soft keys
 * are context (load, THP, ASLR, uptime...). Every value read from procfs/sysfs comes through
 * `HostRoots`; a file that is missing gives `unknown`, never a plausible default.
 *
 * Benchmark binaries are hashed into a separate `binaries` map, NOT into `hard`: between the
 * base and head of a pull request the binaries are expected to differ (that is the change under
 * test), so they must not stop the gate. They still tell the comparison something: identical
 * binaries on both sides mean any "regression" is noise or environment.
 */
import os from 'node:os';
import type { BackendName, Fingerprint } from '../results/results-doc.js';
import {
  describeCpus,
  governors,
  isolation,
  knownCpus,
  mitigations,
  smtControl,
  summarisePerCpu,
  turbo,
} from './cpustate.js';
import { parseCpuinfo, parseLoadavg, selected } from './procfs.js';
import type { HostProbe } from './probe.js';
import { readHost, REAL_ROOTS, type HostRoots } from './roots.js';
import { runVersion, toolVersions, type VersionOf } from './tools.js';

/** `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"` from /etc/os-release. */
export function osName(osRelease: string): string {
  return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(osRelease)?.[1] ?? 'unknown';
}

/** `/proc/uptime`: `1403.16 2284.42` (seconds up, idle seconds summed over CPUs) → `0d 00:23`. */
export function formatUptime(uptime: string): string {
  const s = Number(uptime.trim().split(/\s+/)[0]);
  if (!Number.isFinite(s)) return 'unknown';
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${d}d ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export interface FingerprintOptions {
  /** Runs `gcc --version` and friends; injected in tests. */
  versionOf?: VersionOf;
  /** Every backend some benchmark uses (a benchmark may override the suite's); their tool versions are hard keys. */
  backendsUsed?: readonly BackendName[];
  /** Context the caller knows (`cpus-auto`, `tuning`), added to `soft`. */
  soft?: Record<string, string>;
}

const UNKNOWN = 'unknown';

export async function fingerprint(
  backend: BackendName,
  probe: HostProbe,
  roots: HostRoots = REAL_ROOTS,
  opts: FingerprintOptions = {},
): Promise<Fingerprint> {
  const [
    cpuinfoText,
    osRelease,
    osrelease,
    thp,
    aslr,
    loadavg,
    uptime,
    status,
    paranoid,
    nmi,
    cpus,
    tools,
    turboState,
    smt,
    iso,
    mitig,
  ] = await Promise.all([
    readHost(roots, 'proc', 'cpuinfo'),
    readHost(roots, 'etc', 'os-release'),
    readHost(roots, 'proc', 'sys/kernel/osrelease'),
    readHost(roots, 'sys', 'kernel/mm/transparent_hugepage/enabled'),
    readHost(roots, 'proc', 'sys/kernel/randomize_va_space'),
    readHost(roots, 'proc', 'loadavg'),
    readHost(roots, 'proc', 'uptime'),
    readHost(roots, 'proc', 'self/status'),
    readHost(roots, 'proc', 'sys/kernel/perf_event_paranoid'),
    readHost(roots, 'proc', 'sys/kernel/nmi_watchdog'),
    knownCpus(roots),
    toolVersions(opts.versionOf ?? runVersion),
    turbo(roots),
    smtControl(roots),
    isolation(roots),
    mitigations(roots),
  ]);
  const cpu = cpuinfoText === null ? null : parseCpuinfo(cpuinfoText);
  const govs = cpus === null ? null : await governors(roots, cpus);
  const used = new Set<BackendName>([backend, ...(opts.backendsUsed ?? [])]);

  const hard: Record<string, string> = {
    arch: os.arch(),
    cpu: cpu?.modelName ?? UNKNOWN,
    'cpu.vendor': cpu?.vendor ?? UNKNOWN,
    'cpu.family': cpu?.family ?? UNKNOWN,
    'cpu.model': cpu?.model ?? UNKNOWN,
    'cpu.stepping': cpu?.stepping ?? UNKNOWN,
    cpus: cpus === null ? UNKNOWN : String(cpus.length),
    kernel: osrelease ?? UNKNOWN,
    os: osRelease ? osName(osRelease) : UNKNOWN,
    libc: tools.libc ?? UNKNOWN,
    gcc: tools.gcc ?? 'none',
    clang: tools.clang ?? 'none',
    cc: tools.cc ?? 'none',
    backend,
    governor: govs === null ? UNKNOWN : summarisePerCpu(govs),
    turbo: turboState.state ?? UNKNOWN,
    smt: smt ?? UNKNOWN,
    isolated: describeCpus(iso.isolated),
    mitigations: mitig ?? UNKNOWN,
  };
  if (used.has('perf')) {
    hard.perf = probe.perf.version ?? UNKNOWN;
    hard.pmu = probe.perf.pmu ? 'yes' : 'no';
  }
  if (used.has('valgrind')) hard.valgrind = probe.valgrind.version ?? UNKNOWN;

  const load = loadavg === null ? null : parseLoadavg(loadavg);
  const soft: Record<string, string> = {
    hostname: os.hostname(),
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    microcode: cpu?.microcode ?? UNKNOWN,
    thp: thp === null ? UNKNOWN : selected(thp),
    aslr: aslr ?? UNKNOWN,
    loadavg: load === null ? UNKNOWN : `${load.load1} ${load.load5} ${load.load15}`,
    // The CPUs perfgate itself may run on (a container's cpuset, a taskset around the job).
    affinity: /^Cpus_allowed_list:\s*(\S+)$/m.exec(status ?? '')?.[1] ?? UNKNOWN,
    uptime: uptime === null ? UNKNOWN : formatUptime(uptime),
    perf_event_paranoid: paranoid ?? UNKNOWN,
    nmi_watchdog: nmi ?? UNKNOWN,
    nohz_full: describeCpus(iso.nohzFull),
    node: process.version,
    // Context, not a hard key: perfgate-count and perf stat count the same (host/counter.ts).
    ...(used.has('perf') ? { counter: probe.perf.counter.tool } : {}),
    ...opts.soft,
  };
  return { hard, soft };
}
