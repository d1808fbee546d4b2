/**
 * Host checks (docs/ARCHITECTURE.md §7, pyperf `system show` as the model): each setting that makes
 * measurements noisy or incomparable, judged as pass | warn | fail | unknown with the value
 * seen and what to do about it. A file that does not exist is `unknown`, never `pass`: a VM
 * without cpufreq has not shown that its clock is stable, only that we cannot see it.
 *
 * Severity: `fail` = this host cannot measure properly as configured (perf cannot count);
 * `warn` = a known source of noise or bias; `pass` = seen and fine.
 */
import {
  describeCpus,
  governors,
  isolation,
  knownCpus,
  smtControl,
  summarisePerCpu,
  threadSiblings,
  turbo,
} from './cpustate.js';
import { formatCpuList, onlineCpus, parseCpuList } from './cpus.js';
import { parseCpuinfo, parseInterrupts, selected } from './procfs.js';
import type { HostProbe } from './probe.js';
import { listHost, readHost, type HostRoots } from './roots.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export interface HostCheck {
  /** Stable identifier (`governor`, `psi-cpu`...), for --json readers and `require-quiet`. */
  id: string;
  status: CheckStatus;
  /** What was seen, in words a person can check against the file. */
  value: string;
  /** What to do about it; empty when nothing needs doing. */
  advice: string;
}

export interface CheckContext {
  roots: HostRoots;
  /** CPUs the benchmarks are pinned to; null = not pinned (every online CPU). */
  cpus: number[] | null;
  isRoot: boolean;
  /** perf's own verdict, when the caller probed (adds the `perf` check and the PMU reason). */
  probe?: HostProbe;
}

const check = (id: string, status: CheckStatus, value: string, advice = ''): HostCheck => ({
  id,
  status,
  value,
  advice,
});

/** The CPUs a check is about: the benchmark CPUs, else every CPU the kernel lists. */
async function targetCpus(ctx: CheckContext): Promise<number[] | null> {
  return ctx.cpus ?? (await knownCpus(ctx.roots));
}

function cpuWord(cpus: readonly number[]): string {
  return `${cpus.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(cpus)}`;
}

export async function checkGovernor(ctx: CheckContext): Promise<HostCheck> {
  const cpus = await targetCpus(ctx);
  if (cpus === null) return check('governor', 'unknown', 'cannot list CPUs (no /sys/devices/system/cpu)');
  const govs = await governors(ctx.roots, cpus);
  const known = [...govs.values()].filter((g): g is string => g !== null);
  if (known.length === 0) {
    return check(
      'governor',
      'unknown',
      `no cpufreq for ${cpuWord(cpus)} (no cpu${cpus[0]}/cpufreq/scaling_governor)`,
      'frequency scaling is not visible here (typical of a VM, where the host decides the clock): nothing to set, but the clock is not known to be fixed',
    );
  }
  const value = summarisePerCpu(govs);
  if (known.some((g) => g !== 'performance')) {
    return check(
      'governor',
      'warn',
      value,
      'set the performance governor on the benchmark CPUs: perfgate run --tune (root), or cpupower frequency-set -g performance',
    );
  }
  if (known.length < cpus.length) return check('governor', 'unknown', value, 'some benchmark CPUs expose no governor');
  return check('governor', 'pass', value);
}

export async function checkTurbo(ctx: CheckContext): Promise<HostCheck> {
  const t = await turbo(ctx.roots);
  if (t.state === null) {
    return check(
      'turbo',
      'unknown',
      'no intel_pstate/no_turbo or cpufreq/boost',
      'turbo is not controllable (or not visible) here; on a VM the host decides',
    );
  }
  if (t.state === 'on') {
    return check(
      'turbo',
      'warn',
      `on (${t.source})`,
      'turbo clocks follow temperature and load on other cores: disable it with perfgate run --tune (root)',
    );
  }
  return check('turbo', 'pass', `off (${t.source})`);
}

export async function checkSmt(ctx: CheckContext): Promise<HostCheck> {
  const [control, cpus, online] = await Promise.all([smtControl(ctx.roots), targetCpus(ctx), onlineCpus(ctx.roots)]);
  const siblings = cpus === null ? null : await Promise.all(cpus.map((c) => threadSiblings(ctx.roots, c)));
  if (cpus === null || siblings === null || siblings.some((s) => s === null)) {
    if (control === 'off' || control === 'forceoff') return check('smt', 'pass', control);
    return check(
      'smt',
      'unknown',
      `control ${control ?? 'unknown'}; thread siblings not visible (no cpuN/topology/thread_siblings_list)`,
    );
  }
  const mine = new Set(cpus);
  const busy = [...new Set(siblings.flatMap((s) => s ?? []))].filter(
    (c) => !mine.has(c) && (online === null || online.includes(c)),
  );
  if (busy.length > 0) {
    return check(
      'smt',
      'warn',
      `control ${control ?? 'unknown'}; ${cpuWord(busy)} ${busy.length === 1 ? 'shares a core with a benchmark CPU and is' : 'share cores with the benchmark CPUs and are'} online`,
      `a busy sibling halves the core's resources: park ${cpuWord(busy)} with perfgate run --tune (root), or echo 0 > /sys/devices/system/cpu/cpuN/online`,
    );
  }
  return check('smt', 'pass', `control ${control ?? 'unknown'}; no online sibling of ${cpuWord(cpus)}`);
}

interface IsolationKind {
  id: string;
  /** The kernel's name for the CPU set, in advice. */
  what: string;
  /** Where it is read, named when it is not visible. */
  source: string;
  advice: string;
}

function isolationCheck(kind: IsolationKind, list: number[] | null, cpus: number[] | null): HostCheck {
  const { id, what, source, advice } = kind;
  if (list === null) return check(id, 'unknown', `not visible (no ${source})`);
  if (list.length === 0) return check(id, 'warn', 'none', advice);
  if (cpus === null)
    return check(
      id,
      'warn',
      `${describeCpus(list)}; benchmarks not pinned`,
      `pin the benchmarks to the ${what} CPUs: cpus: auto`,
    );
  const outside = cpus.filter((c) => !list.includes(c));
  if (outside.length > 0)
    return check(
      id,
      'warn',
      `${describeCpus(list)}; benchmark ${cpuWord(outside)} not among them`,
      `pin the benchmarks to ${describeCpus(list)} (cpus: auto picks isolated CPUs)`,
    );
  return check(id, 'pass', `${describeCpus(list)} (covers benchmark ${cpuWord(cpus)})`);
}

export async function checkIsolation(ctx: CheckContext): Promise<HostCheck[]> {
  const iso = await isolation(ctx.roots);
  const boot = (flag: string): string => `boot with ${flag}=<benchmark CPUs> (with cpus: auto to pin there)`;
  return [
    isolationCheck(
      {
        id: 'isolated-cpus',
        what: 'isolated',
        source: '/sys/devices/system/cpu/isolated or /proc/cmdline',
        advice: `other tasks share the benchmark CPUs: ${boot('isolcpus')}`,
      },
      iso.isolated,
      ctx.cpus,
    ),
    isolationCheck(
      {
        id: 'nohz-full',
        what: 'nohz_full',
        source: '/sys/devices/system/cpu/nohz_full or /proc/cmdline',
        advice: `the scheduler tick interrupts the benchmark CPUs: ${boot('nohz_full')}`,
      },
      iso.nohzFull,
      ctx.cpus,
    ),
    isolationCheck(
      {
        id: 'rcu-nocbs',
        what: 'rcu_nocbs',
        source: '/proc/cmdline',
        advice: `RCU callbacks run on the benchmark CPUs: ${boot('rcu_nocbs')}`,
      },
      iso.rcuNocbs,
      ctx.cpus,
    ),
  ];
}

export async function checkIrqAffinity(ctx: CheckContext): Promise<HostCheck> {
  const cpus = await targetCpus(ctx);
  const irqs = (await listHost(ctx.roots, 'proc', 'irq'))?.filter((n) => /^\d+$/.test(n)) ?? null;
  if (cpus === null || irqs === null) return check('irq-affinity', 'unknown', 'no /proc/irq (or no CPU list)');
  const lists = await Promise.all(
    irqs.map(async (n) => {
      const text = await readHost(ctx.roots, 'proc', `irq/${n}/smp_affinity_list`);
      return text === null ? null : parseCpuList(text);
    }),
  );
  const readable = lists.filter((l): l is number[] => l !== null);
  if (readable.length === 0)
    return check('irq-affinity', 'unknown', `${irqs.length} IRQs, no readable smp_affinity_list`);
  const onMine = readable.filter((l) => l.some((c) => cpus.includes(c))).length;
  const interrupts = await readHost(ctx.roots, 'proc', 'interrupts');
  let served = '';
  if (interrupts !== null) {
    const table = parseInterrupts(interrupts);
    const cols = table.cpus.map((c, i) => (cpus.includes(c) ? i : -1)).filter((i) => i >= 0);
    const total = table.rows
      .filter((r) => /^\d+$/.test(r.irq))
      .reduce((n, r) => n + cols.reduce((m, i) => m + (r.counts[i] ?? 0), 0), 0);
    served = `; ${total.toLocaleString('en-US')} device interrupts served there since boot`;
  }
  const value = `${onMine} of ${readable.length} IRQs may run on ${cpuWord(cpus)}${served}`;
  if (onMine === 0) return check('irq-affinity', 'pass', value);
  return check(
    'irq-affinity',
    'warn',
    value,
    'interrupt handlers steal time from the benchmark: move them with perfgate run --tune (root), or write a list without the benchmark CPUs to /proc/irq/N/smp_affinity_list (and stop irqbalance)',
  );
}

export async function checkAslr(ctx: CheckContext): Promise<HostCheck> {
  const v = await readHost(ctx.roots, 'proc', 'sys/kernel/randomize_va_space');
  if (v === null) return check('aslr', 'unknown', 'no /proc/sys/kernel/randomize_va_space');
  if (v === '0') return check('aslr', 'pass', '0 (off)');
  const what = v === '1' ? 'stack, mmap and vDSO randomized' : v === '2' ? 'full randomization' : 'randomized';
  return check(
    'aslr',
    'warn',
    `${v} (${what})`,
    'addresses change run to run (cache and TLB aliasing): perfgate run --tune wraps each benchmark in setarch -R; the valgrind backend always does',
  );
}

export async function checkThp(ctx: CheckContext): Promise<HostCheck> {
  const v = await readHost(ctx.roots, 'sys', 'kernel/mm/transparent_hugepage/enabled');
  if (v === null) return check('thp', 'unknown', 'no /sys/kernel/mm/transparent_hugepage/enabled');
  const mode = selected(v);
  if (mode === 'always') {
    return check(
      'thp',
      'warn',
      'always',
      'huge pages appear and vanish with memory fragmentation (page faults and TLB misses vary): echo madvise > /sys/kernel/mm/transparent_hugepage/enabled',
    );
  }
  return check('thp', 'pass', mode);
}

export async function checkPerfParanoid(ctx: CheckContext): Promise<HostCheck> {
  const v = await readHost(ctx.roots, 'proc', 'sys/kernel/perf_event_paranoid');
  if (v === null)
    return check(
      'perf-event-paranoid',
      'unknown',
      'no /proc/sys/kernel/perf_event_paranoid (kernel without perf events?)',
    );
  const n = Number(v);
  if (!Number.isInteger(n)) return check('perf-event-paranoid', 'unknown', `unreadable value ${JSON.stringify(v)}`);
  if (n <= 1) return check('perf-event-paranoid', 'pass', `${n} (user and kernel counting allowed)`);
  if (ctx.isRoot) return check('perf-event-paranoid', 'pass', `${n} (running as root: not restricted)`);
  if (n === 2)
    return check(
      'perf-event-paranoid',
      'warn',
      '2 (user-space counts only: :u events)',
      'kernel time is not counted: sudo sysctl -w kernel.perf_event_paranoid=1',
    );
  return check(
    'perf-event-paranoid',
    'fail',
    `${n} (unprivileged perf disabled)`,
    'perf cannot count as this user: sudo sysctl -w kernel.perf_event_paranoid=1',
  );
}

export async function checkNmiWatchdog(ctx: CheckContext): Promise<HostCheck> {
  const v = await readHost(ctx.roots, 'proc', 'sys/kernel/nmi_watchdog');
  if (v === null) return check('nmi-watchdog', 'unknown', 'no /proc/sys/kernel/nmi_watchdog');
  if (v === '0') return check('nmi-watchdog', 'pass', '0 (off)');
  return check(
    'nmi-watchdog',
    'warn',
    `${v} (on)`,
    'the watchdog holds a hardware counter on every CPU (perf multiplexes sooner) and fires NMIs: sudo sysctl -w kernel.nmi_watchdog=0',
  );
}

/** Core PMUs as sysfs names them: x86 `cpu`, hybrid Intel `cpu_core`/`cpu_atom`, arm64 `armv8_pmuv3_0`... */
const CORE_PMU = /^(cpu|cpu_core|cpu_atom|armv\d.*|arm_.*pmu.*)$/;

async function hypervisorFlag(roots: HostRoots): Promise<boolean | null> {
  const cpuinfo = await readHost(roots, 'proc', 'cpuinfo');
  const flags = cpuinfo === null ? null : parseCpuinfo(cpuinfo).flags;
  return flags === null ? null : flags.includes('hypervisor');
}

export async function checkPmu(ctx: CheckContext): Promise<HostCheck> {
  const devices = await listHost(ctx.roots, 'sys', 'bus/event_source/devices');
  const perfSays = ctx.probe
    ? `; perf: ${ctx.probe.perf.reasons.filter((r) => /PMU/.test(r)).join('; ') || ctx.probe.perf.reasons.join('; ')}`
    : '';
  if (devices === null) return check('pmu', 'unknown', `no /sys/bus/event_source/devices${perfSays}`);
  const core = devices.filter((d) => CORE_PMU.test(d)).sort();
  if (core.length > 0 && (!ctx.probe || ctx.probe.perf.pmu || !ctx.probe.perf.usable))
    return check('pmu', 'pass', `present (${core.join(', ')})${perfSays}`);
  const vm = await hypervisorFlag(ctx.roots);
  const why =
    core.length > 0
      ? `sysfs lists ${core.join(', ')} but hardware events do not open`
      : `absent: no core PMU in /sys/bus/event_source/devices (only ${[...devices].sort().join(', ') || 'nothing'})${vm ? '; the hypervisor exposes no virtual PMU' : ''}`;
  return check(
    'pmu',
    'warn',
    `${why}${perfSays}`,
    'cycles and instructions cannot be counted: gate on task-clock, or use backend: valgrind for exact instruction counts',
  );
}

export async function checkVirtualization(ctx: CheckContext): Promise<HostCheck> {
  const [flag, hvType, vendor, product] = await Promise.all([
    hypervisorFlag(ctx.roots),
    readHost(ctx.roots, 'sys', 'hypervisor/type'),
    readHost(ctx.roots, 'sys', 'class/dmi/id/sys_vendor'),
    readHost(ctx.roots, 'sys', 'class/dmi/id/product_name'),
  ]);
  const names = [hvType, vendor, product].filter((s): s is string => s !== null && s !== '');
  const detail = names.length > 0 ? `; ${[...new Set(names)].join(', ')}` : '';
  const advice =
    'other guests share the physical CPUs (steal time, usually no PMU): expect more noise; prefer same-job A/B (perfgate ab) and task-clock over wall time';
  if (flag === true)
    return check('virtualization', 'warn', `virtual machine (hypervisor flag in /proc/cpuinfo${detail})`, advice);
  if (hvType !== null)
    return check('virtualization', 'warn', `virtual machine (/sys/hypervisor/type: ${hvType})`, advice);
  if (flag === false) return check('virtualization', 'pass', `bare metal (no hypervisor flag${detail})`);
  return check('virtualization', 'unknown', 'no CPU flags in /proc/cpuinfo');
}

export function checkPerf(probe: HostProbe): HostCheck {
  const p = probe.perf;
  if (p.usable) return check('perf', 'pass', `perf ${p.version ?? '?'}: ${p.reasons.join('; ')}`);
  return check(
    'perf',
    'fail',
    p.reasons.join('; '),
    'the perf backend cannot run (perfgate falls back to the time backend): install linux-perf for this kernel, or lower kernel.perf_event_paranoid',
  );
}

/** Every static host check, in a fixed order. */
export async function hostChecks(ctx: CheckContext): Promise<HostCheck[]> {
  const [governor, turboCheck, smt, isolated, irq, aslr, thp, paranoid, nmi, pmu, virt] = await Promise.all([
    checkGovernor(ctx),
    checkTurbo(ctx),
    checkSmt(ctx),
    checkIsolation(ctx),
    checkIrqAffinity(ctx),
    checkAslr(ctx),
    checkThp(ctx),
    checkPerfParanoid(ctx),
    checkNmiWatchdog(ctx),
    checkPmu(ctx),
    checkVirtualization(ctx),
  ]);
  return [
    governor,
    turboCheck,
    smt,
    ...isolated,
    irq,
    aslr,
    thp,
    paranoid,
    nmi,
    pmu,
    virt,
    ...(ctx.probe ? [checkPerf(ctx.probe)] : []),
  ];
}
