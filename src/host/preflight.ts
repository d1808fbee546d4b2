/**
 * USE-method pre-flight (utilisation, saturation, errors) of the runner, right before
 * measuring: is anything else using the CPUs, is the run queue long, is memory short or
 * swapping, are tasks stalling (PSI), and who is busy. Rates come from two samples of the
 * counters ~200 ms apart; a file that is missing makes its check `unknown`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckStatus, HostCheck } from './checks.js';
import { knownCpus } from './cpustate.js';
import {
  parseLoadavg,
  parseMeminfo,
  parsePidStat,
  parsePressure,
  parseProcStat,
  parseVmstat,
  type CpuTimes,
} from './procfs.js';
import { listHost, readHost, type HostRoots } from './roots.js';

export interface PreflightOptions {
  /** Time between the two samples (default 200 ms). */
  intervalMs?: number;
  /** How to pass that time; tests use it to change the fake tree between samples. */
  wait?: (ms: number) => Promise<void>;
  /** Our own process, left out of "other busy processes" (default: this process). */
  selfPid?: number;
  /** Benchmark CPUs whose own utilisation is reported too; null = all. */
  cpus?: number[] | null;
}

export const PREFLIGHT_IDS = [
  'cpu-utilisation',
  'run-queue',
  'memory',
  'swap',
  'psi-cpu',
  'psi-memory',
  'psi-io',
  'busy-processes',
] as const;

interface Sample {
  stat: Map<string, CpuTimes> | null;
  vmstat: Record<string, number> | null;
  procs: Map<number, { comm: string; ticks: number }> | null;
}

async function sample(roots: HostRoots): Promise<Sample> {
  const [stat, vmstat, pids] = await Promise.all([
    readHost(roots, 'proc', 'stat'),
    readHost(roots, 'proc', 'vmstat'),
    listHost(roots, 'proc', '.'),
  ]);
  let procs: Sample['procs'] = null;
  if (pids !== null) {
    procs = new Map();
    const stats = await Promise.all(
      pids.filter((p) => /^\d+$/.test(p)).map((p) => readHost(roots, 'proc', `${p}/stat`)),
    );
    for (const text of stats) {
      const s = text === null ? null : parsePidStat(text);
      if (s) procs.set(s.pid, { comm: s.comm, ticks: s.ticks });
    }
  }
  return {
    stat: stat === null ? null : parseProcStat(stat),
    vmstat: vmstat === null ? null : parseVmstat(vmstat),
    procs,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const check = (id: string, status: CheckStatus, value: string, advice = ''): HostCheck => ({
  id,
  status,
  value,
  advice,
});
/** pass at or below `warnAt`, warn up to `failAt`, fail above. */
const grade = (x: number, warnAt: number, failAt: number): CheckStatus =>
  x <= warnAt ? 'pass' : x <= failAt ? 'warn' : 'fail';

function busyShare(a: CpuTimes | undefined, b: CpuTimes | undefined): { busy: number; steal: number } | null {
  if (!a || !b) return null;
  const total = b.total - a.total;
  if (total <= 0) return null;
  const steal = (b.steal - a.steal) / total;
  // Steal (another guest ran on our physical CPU) is reported apart from our host's own work.
  return { busy: 1 - (b.idle - a.idle) / total - steal, steal };
}

function cpuUtilisation(a: Sample, b: Sample, cpus: number[] | null, ms: number): HostCheck {
  if (!a.stat || !b.stat) return check('cpu-utilisation', 'unknown', 'no /proc/stat');
  const all = busyShare(a.stat.get('cpu'), b.stat.get('cpu'));
  if (!all) return check('cpu-utilisation', 'unknown', `/proc/stat did not advance in ${ms} ms`);
  const per = (cpus ?? []).map((c) => [c, busyShare(a.stat?.get(`cpu${c}`), b.stat?.get(`cpu${c}`))] as const);
  // Either way the CPU is not ours: grade busy + steal.
  const worst = Math.max(all.busy + all.steal, ...per.map(([, s]) => (s ? s.busy + s.steal : 0)));
  const perText = per
    .filter(([, s]) => s !== null)
    .map(([c, s]) => `cpu${c} ${pct(s?.busy ?? 0)}`)
    .join(', ');
  const value = `${pct(all.busy)} busy over ${ms} ms${perText ? ` (${perText})` : ''}${all.steal > 0 ? `; steal ${pct(all.steal)}` : ''}`;
  const status = grade(worst, 0.1, 0.3);
  return check(
    'cpu-utilisation',
    status,
    value,
    status === 'pass' ? '' : 'something else is using the CPUs: wait for it, or stop it (see busy-processes)',
  );
}

async function runQueue(roots: HostRoots): Promise<HostCheck> {
  const [text, cpus] = await Promise.all([readHost(roots, 'proc', 'loadavg'), knownCpus(roots)]);
  const load = text === null ? null : parseLoadavg(text);
  if (!load || !cpus) return check('run-queue', 'unknown', load ? 'cannot count the CPUs' : 'no /proc/loadavg');
  const perCpu = load.load1 / cpus.length;
  const value = `load ${load.load1} ${load.load5} ${load.load15} on ${cpus.length} CPUs (${perCpu.toFixed(2)} per CPU over 1 min); ${load.running}/${load.tasks} runnable now`;
  const status = grade(perCpu, 0.5, 1);
  return check(
    'run-queue',
    status,
    value,
    status === 'pass'
      ? ''
      : 'tasks have been waiting for CPUs in the last minute: let the host settle before measuring',
  );
}

async function memory(roots: HostRoots): Promise<HostCheck> {
  const text = await readHost(roots, 'proc', 'meminfo');
  const m = text === null ? null : parseMeminfo(text);
  const total = m?.MemTotal;
  const avail = m?.MemAvailable;
  if (total === undefined || avail === undefined || total <= 0)
    return check('memory', 'unknown', m ? 'no MemAvailable in /proc/meminfo' : 'no /proc/meminfo');
  const gib = (kb: number): string => `${(kb / 2 ** 20).toFixed(1)} GiB`;
  const share = avail / total;
  const status: CheckStatus = share >= 0.2 ? 'pass' : share >= 0.1 ? 'warn' : 'fail';
  return check(
    'memory',
    status,
    `${gib(avail)} of ${gib(total)} available (${pct(share)})`,
    status === 'pass' ? '' : 'little memory left: page cache evictions and reclaim will disturb the benchmarks',
  );
}

function swap(a: Sample, b: Sample, meminfo: Record<string, number> | null, ms: number): HostCheck {
  if (!a.vmstat || !b.vmstat) return check('swap', 'unknown', 'no /proc/vmstat');
  const d = (k: string): number => (b.vmstat?.[k] ?? 0) - (a.vmstat?.[k] ?? 0);
  const inPages = d('pswpin');
  const outPages = d('pswpout');
  const used =
    meminfo?.SwapTotal !== undefined && meminfo.SwapFree !== undefined
      ? `; swap used ${meminfo.SwapTotal - meminfo.SwapFree} of ${meminfo.SwapTotal} kB`
      : '';
  if (inPages > 0 || outPages > 0) {
    return check(
      'swap',
      'fail',
      `swapping now: ${inPages} pages in, ${outPages} out in ${ms} ms${used}`,
      'the host is short of memory: stop other work or use a bigger runner',
    );
  }
  return check('swap', 'pass', `no swapping during ${ms} ms${used}`);
}

async function pressure(roots: HostRoots, kind: 'cpu' | 'memory' | 'io'): Promise<HostCheck> {
  const id = `psi-${kind}`;
  const text = await readHost(roots, 'proc', `pressure/${kind}`);
  if (text === null)
    return check(id, 'unknown', `no /proc/pressure/${kind} (kernel without PSI, or booted with psi=0)`);
  const p = parsePressure(text);
  if (!p.some) return check(id, 'unknown', `/proc/pressure/${kind} not understood`);
  const full = p.full ? `, full avg10 ${p.full.avg10.toFixed(2)}%` : '';
  const value = `some avg10 ${p.some.avg10.toFixed(2)}% avg60 ${p.some.avg60.toFixed(2)}%${full}`;
  const status = grade(p.some.avg10, 2, 10);
  const what =
    kind === 'cpu' ? 'waiting for a CPU' : kind === 'memory' ? 'stalled on memory reclaim' : 'stalled on I/O';
  return check(
    id,
    status,
    value,
    status === 'pass' ? '' : `tasks spent ${p.some.avg10.toFixed(1)}% of the last 10 s ${what}: let the host settle`,
  );
}

function busyProcesses(a: Sample, b: Sample, selfPid: number): HostCheck {
  if (!a.procs || !b.procs || !a.stat || !b.stat)
    return check('busy-processes', 'unknown', 'no /proc/[pid]/stat or /proc/stat');
  const all = [a.stat.get('cpu'), b.stat.get('cpu')];
  const ncpu = [...b.stat.keys()].filter((k) => /^cpu\d+$/.test(k)).length || 1;
  // Ticks per CPU over the window, from /proc/stat itself: no need to know USER_HZ.
  const perCpuTicks = all[0] && all[1] ? (all[1].total - all[0].total) / ncpu : 0;
  if (perCpuTicks <= 0) return check('busy-processes', 'unknown', '/proc/stat did not advance');
  const busy = [...b.procs]
    .filter(([pid]) => pid !== selfPid)
    // A process absent from the first sample started inside the window: all its time is recent.
    .map(([pid, p]) => ({ pid, comm: p.comm, share: (p.ticks - (a.procs?.get(pid)?.ticks ?? 0)) / perCpuTicks }))
    .filter((p) => p.share >= 0.05)
    .sort((x, y) => y.share - x.share || x.pid - y.pid);
  if (busy.length === 0) return check('busy-processes', 'pass', 'no other process above 5% of a CPU');
  const value = busy
    .slice(0, 5)
    .map((p) => `${p.comm} (pid ${p.pid}) ${pct(p.share)} of a CPU`)
    .join(', ');
  const top = busy[0]?.share ?? 0;
  const status = grade(top, 0.1, 0.5);
  return check(
    'busy-processes',
    status,
    value,
    status === 'pass' ? '' : 'these compete with the benchmarks: stop them or wait until they finish',
  );
}

/** The pre-flight checks, in `PREFLIGHT_IDS` order. */
export async function preflight(roots: HostRoots, opts: PreflightOptions = {}): Promise<HostCheck[]> {
  const ms = opts.intervalMs ?? 200;
  const a = await sample(roots);
  await (opts.wait ?? ((t: number) => sleep(t)))(ms);
  const b = await sample(roots);
  const meminfoText = await readHost(roots, 'proc', 'meminfo');
  const cpus = opts.cpus ?? null;
  const [rq, mem, psiCpu, psiMem, psiIo] = await Promise.all([
    runQueue(roots),
    memory(roots),
    pressure(roots, 'cpu'),
    pressure(roots, 'memory'),
    pressure(roots, 'io'),
  ]);
  return [
    cpuUtilisation(a, b, cpus, ms),
    rq,
    mem,
    swap(a, b, meminfoText === null ? null : parseMeminfo(meminfoText), ms),
    psiCpu,
    psiMem,
    psiIo,
    busyProcesses(a, b, opts.selfPid ?? process.pid),
  ];
}
