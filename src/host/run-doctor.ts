/**
 * `perfgate doctor` as a function: the host checks and the pre-flight, for the benchmark CPUs.
 * The CLI prints the report; the action runs the same function before measuring and, with
 * `require-quiet`, refuses a busy host via `quietVerdict`.
 */
import { hostChecks, type CheckStatus, type HostCheck } from './checks.js';
import { formatCpuList } from './cpus.js';
import { preflight, PREFLIGHT_IDS, type PreflightOptions } from './preflight.js';
import type { HostProbe } from './probe.js';
import { REAL_ROOTS, type HostRoots } from './roots.js';

export interface DoctorOptions {
  /** Benchmark CPUs; null or absent = not pinned (all CPUs). */
  cpus?: number[] | null;
  /** Defaults to the real uid being 0. */
  isRoot?: boolean;
  /** perf's verdict; adds the `perf` check and perf's reason to the PMU check. */
  probe?: HostProbe;
  preflight?: PreflightOptions;
}

export interface DoctorReport {
  /** The CPUs the checks were about (`1`, `0-3`), or `all`. */
  cpus: string;
  checks: HostCheck[];
  counts: Record<CheckStatus, number>;
}

export async function runDoctor(roots: HostRoots = REAL_ROOTS, opts: DoctorOptions = {}): Promise<DoctorReport> {
  const cpus = opts.cpus ?? null;
  const isRoot = opts.isRoot ?? process.getuid?.() === 0;
  // Static checks first, then the pre-flight, so nothing of ours (a perf probe) is sampled as load.
  const statics = await hostChecks({ roots, cpus, isRoot, ...(opts.probe ? { probe: opts.probe } : {}) });
  const flight = await preflight(roots, { ...opts.preflight, cpus });
  const checks = [...statics, ...flight];
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const c of checks) counts[c.status]++;
  return { cpus: cpus === null ? 'all' : formatCpuList(cpus), checks, counts };
}

/**
 * Is the host quiet enough to measure? Only the pre-flight decides (a static setting such as
 * turbo is a property of the machine, reported but not refused): any pre-flight `fail` means
 * no. `unknown` does not block, because a host without PSI cannot be made to have it.
 */
export function quietVerdict(report: Pick<DoctorReport, 'checks'>): { quiet: boolean; reasons: string[] } {
  const ids = new Set<string>(PREFLIGHT_IDS);
  const reasons = report.checks.filter((c) => ids.has(c.id) && c.status === 'fail').map((c) => `${c.id}: ${c.value}`);
  return { quiet: reasons.length === 0, reasons };
}
