/**
 * Opt-in host tuning for `perfgate run --tune` (root only): performance governor and no turbo
 * on the benchmark CPUs, their SMT siblings parked, IRQs moved off them, and ASLR off per
 * process (`setarch -R`, no root needed). Every previous value is written to a state file
 * BEFORE anything changes, and `restoreTuning` puts the files back byte for byte — on a normal
 * exit, on an error, on SIGINT/SIGTERM, or later from `perfgate tune --restore` after a crash.
 *
 * All reads and writes go through `HostRoots`, so tests tune a fake tree. On a VM most knobs
 * do not exist; each is then reported as `unknown` (not set, and why), never skipped silently.
 */
import { chmodSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError, InputError, errorMessage } from '../errors.js';
import { runProcess } from '../tools/process.js';
import type { TextSink } from '../tools/text-sink.js';
import { formatCpuList, onlineCpus, parseCpuList } from './cpus.js';
import { threadSiblings } from './cpustate.js';
import { hostPath, listHost, readText, type HostRoots } from './roots.js';

export type TuningStatus = 'set' | 'already' | 'unknown' | 'failed';

export interface TuningAction {
  /** governor | turbo | smt | irq | aslr */
  id: string;
  status: TuningStatus;
  /** What was done or why not, e.g. `cpu1: powersave → performance`. */
  detail: string;
}

export interface TuningEntry {
  /** Absolute path of the file written. */
  file: string;
  /** Its exact content before perfgate touched it. */
  previous: string;
}

export interface TuningState {
  perfgateTuning: 1;
  pid: number;
  createdAt: string;
  entries: TuningEntry[];
}

export interface TuningReport {
  stateFile: string;
  actions: TuningAction[];
  /** Whether any host file was changed (and so must be restored). */
  changed: boolean;
  /** Whether benchmarks are to run under `setarch -R`. */
  aslrOff: boolean;
}

export interface TuningOptions {
  roots: HostRoots;
  /** Benchmark CPUs; null = not pinned (every online CPU). */
  cpus: number[] | null;
  stateFile: string;
  /** Effective uid; defaults to this process's. */
  uid?: number;
  /** Whether `setarch -R` works here; probed by default. */
  setarchWorks?: () => Promise<boolean>;
}

/** What `--tune` writes, for the "needs root" message. */
export const TUNING_NEEDS_ROOT =
  'it writes cpuN/cpufreq/scaling_governor, intel_pstate/no_turbo or cpufreq/boost, cpuN/online (SMT siblings) and /proc/irq/N/smp_affinity_list';

/** `PERFGATE_TUNING_STATE`, else `$XDG_RUNTIME_DIR/perfgate-tuning.json`, else the temp dir. */
export function defaultTuningStateFile(env: NodeJS.ProcessEnv): string {
  return env.PERFGATE_TUNING_STATE || path.join(env.XDG_RUNTIME_DIR || os.tmpdir(), 'perfgate-tuning.json');
}

async function realSetarchWorks(): Promise<boolean> {
  const r = await runProcess({
    argv: ['setarch', '-R', 'true'],
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    timeoutMs: 10_000,
  });
  return !r.spawnError && r.exitCode === 0;
}

interface Write {
  id: string;
  file: string;
  previous: string;
  want: string;
  /** Shown in the report: `cpu1: powersave → performance`. */
  label: string;
}

const CPU = 'devices/system/cpu';
const trim = (s: string): string => s.trim();

async function planGovernor(roots: HostRoots, cpus: number[], writes: Write[], actions: TuningAction[]): Promise<void> {
  const missing: number[] = [];
  const already: number[] = [];
  for (const c of cpus) {
    const file = hostPath(roots, 'sys', `${CPU}/cpu${c}/cpufreq/scaling_governor`);
    const current = await readText(file);
    if (current === null) {
      missing.push(c);
      continue;
    }
    const available = await readText(hostPath(roots, 'sys', `${CPU}/cpu${c}/cpufreq/scaling_available_governors`));
    if (available !== null && !available.split(/\s+/).includes('performance')) {
      actions.push({
        id: 'governor',
        status: 'failed',
        detail: `cpu${c}: no performance governor offered (available: ${available.trim()})`,
      });
    } else if (trim(current) === 'performance') already.push(c);
    else
      writes.push({
        id: 'governor',
        file,
        previous: current,
        want: 'performance',
        label: `cpu${c}: ${trim(current)} → performance`,
      });
  }
  if (missing.length > 0) {
    actions.push({
      id: 'governor',
      status: 'unknown',
      detail: `not set for ${missing.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(missing)}: no cpufreq/scaling_governor (no frequency scaling visible, typical of a VM)`,
    });
  }
  if (already.length > 0)
    actions.push({ id: 'governor', status: 'already', detail: `CPUs ${formatCpuList(already)} already performance` });
}

async function planTurbo(roots: HostRoots, writes: Write[], actions: TuningAction[]): Promise<void> {
  for (const [rel, off] of [
    [`${CPU}/intel_pstate/no_turbo`, '1'],
    [`${CPU}/cpufreq/boost`, '0'],
  ] as const) {
    const file = hostPath(roots, 'sys', rel);
    const current = await readText(file);
    if (current === null) continue;
    if (trim(current) === off)
      actions.push({ id: 'turbo', status: 'already', detail: `already off (${rel} = ${off})` });
    else
      writes.push({
        id: 'turbo',
        file,
        previous: current,
        want: off,
        label: `${rel}: ${trim(current)} → ${off} (turbo off)`,
      });
    return;
  }
  actions.push({ id: 'turbo', status: 'unknown', detail: 'not set: no intel_pstate/no_turbo or cpufreq/boost here' });
}

/** Siblings to park; returns the CPUs that will be offline. */
async function planSmt(
  roots: HostRoots,
  cpus: number[],
  online: number[],
  writes: Write[],
  actions: TuningAction[],
): Promise<number[]> {
  const siblings = await Promise.all(cpus.map((c) => threadSiblings(roots, c)));
  if (siblings.some((s) => s === null)) {
    actions.push({
      id: 'smt',
      status: 'unknown',
      detail: 'not set: thread siblings not visible (no cpuN/topology/thread_siblings_list)',
    });
    return [];
  }
  const mine = new Set(cpus);
  const park = [...new Set(siblings.flatMap((s) => s ?? []))]
    .filter((c) => !mine.has(c) && online.includes(c))
    .sort((a, b) => a - b);
  if (park.length === 0) {
    actions.push({
      id: 'smt',
      status: 'already',
      detail: `no online SMT sibling of ${cpus.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(cpus)} to park`,
    });
    return [];
  }
  const parked: number[] = [];
  for (const c of park) {
    const file = hostPath(roots, 'sys', `${CPU}/cpu${c}/online`);
    const current = await readText(file);
    if (current === null)
      actions.push({
        id: 'smt',
        status: 'failed',
        detail: `cannot park cpu${c}: no cpu${c}/online (the kernel keeps it online)`,
      });
    else {
      writes.push({
        id: 'smt',
        file,
        previous: current,
        want: '0',
        label: `cpu${c} offline (SMT sibling of a benchmark CPU)`,
      });
      parked.push(c);
    }
  }
  return parked;
}

/** IRQs moved off the benchmark CPUs onto online ones SMT tuning does not park. */
async function planIrqs(
  roots: HostRoots,
  sets: { cpus: number[]; online: number[]; parked: number[] },
  writes: Write[],
  actions: TuningAction[],
): Promise<void> {
  const { cpus, online, parked } = sets;
  const irqs = (await listHost(roots, 'proc', 'irq'))
    ?.filter((n) => /^\d+$/.test(n))
    .sort((a, b) => Number(a) - Number(b));
  if (!irqs) {
    actions.push({ id: 'irq', status: 'unknown', detail: 'not set: no /proc/irq' });
    return;
  }
  const elsewhere = online.filter((c) => !cpus.includes(c) && !parked.includes(c));
  if (elsewhere.length === 0) {
    actions.push({
      id: 'irq',
      status: 'unknown',
      detail: `not moved: the benchmark CPUs ${formatCpuList(cpus)} are every online CPU (pin the benchmarks to fewer CPUs)`,
    });
    return;
  }
  let untouched = 0;
  for (const n of irqs) {
    const file = hostPath(roots, 'proc', `irq/${n}/smp_affinity_list`);
    const current = await readText(file);
    const list = current === null ? null : parseCpuList(current);
    if (current === null || list === null) continue;
    if (!list.some((c) => cpus.includes(c))) {
      untouched++;
      continue;
    }
    const kept = list.filter((c) => elsewhere.includes(c));
    const want = formatCpuList(kept.length > 0 ? kept : elsewhere);
    writes.push({ id: 'irq', file, previous: current, want, label: `irq ${n}: ${trim(current)} → ${want}` });
  }
  if (untouched > 0 || irqs.length === 0) {
    actions.push({
      id: 'irq',
      status: 'already',
      detail: `${untouched} ${untouched === 1 ? 'IRQ' : 'IRQs'} already off ${cpus.length === 1 ? 'CPU' : 'CPUs'} ${formatCpuList(cpus)}`,
    });
  }
}

/**
 * Throws (exit 3) unless tuning may start: root, and no state left by an earlier run that was
 * never restored (its "previous" values would be overwritten with tuned ones). Callers check
 * before long work such as `setup`, so a refusal costs nothing.
 */
export function assertCanTune(opts: Pick<TuningOptions, 'stateFile' | 'uid'>): void {
  const uid = opts.uid ?? process.getuid?.() ?? -1;
  if (uid !== 0)
    throw new EnvironmentError(
      `--tune needs root: ${TUNING_NEEDS_ROOT}. Run as root (sudo), or drop --tune. Nothing was changed.`,
    );
  if (existsSync(opts.stateFile)) {
    throw new EnvironmentError(
      `tuning state ${opts.stateFile} exists: an earlier tuned run did not restore the host (crashed or killed). Run 'perfgate tune --restore --state ${opts.stateFile}' first. Nothing was changed.`,
    );
  }
}

/**
 * Plans, records the state file, then writes. Throws (exit 3, nothing changed) without root or
 * when an earlier tuning was never restored.
 */
export async function applyTuning(opts: TuningOptions): Promise<TuningReport> {
  assertCanTune(opts);
  const online = (await onlineCpus(opts.roots)) ?? [];
  const cpus = opts.cpus ?? online;
  const writes: Write[] = [];
  const actions: TuningAction[] = [];
  if (cpus.length === 0) {
    actions.push({
      id: 'cpus',
      status: 'unknown',
      detail: 'cannot tell which CPUs to tune: no /sys/devices/system/cpu/online and no pinning',
    });
  } else {
    await planGovernor(opts.roots, cpus, writes, actions);
    await planTurbo(opts.roots, writes, actions);
    const parked = await planSmt(opts.roots, cpus, online, writes, actions);
    await planIrqs(opts.roots, { cpus, online, parked }, writes, actions);
  }
  const setarch = await (opts.setarchWorks ?? realSetarchWorks)();
  actions.push(
    setarch
      ? { id: 'aslr', status: 'set', detail: 'off per benchmark process (setarch -R)' }
      : { id: 'aslr', status: 'failed', detail: 'setarch -R does not work here (util-linux missing?): ASLR left on' },
  );

  if (writes.length > 0) {
    // Governor and turbo first, IRQs before parking siblings; restore runs in reverse, so
    // siblings are back online before IRQ lists that name them are written back.
    const order = ['governor', 'turbo', 'irq', 'smt'];
    writes.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const state: TuningState = {
      perfgateTuning: 1,
      pid: process.pid,
      createdAt: new Date().toISOString(),
      entries: writes.map((w) => ({ file: w.file, previous: w.previous })),
    };
    try {
      writeFileSync(opts.stateFile, `${JSON.stringify(state, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      throw new EnvironmentError(
        `cannot record the tuning state in ${opts.stateFile}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}. Nothing was changed.`,
      );
    }
    const byId = new Map<string, { set: string[]; failed: string[] }>();
    for (const w of writes) {
      const slot = byId.get(w.id) ?? { set: [], failed: [] };
      byId.set(w.id, slot);
      try {
        writeFileSync(w.file, w.want);
        slot.set.push(w.label);
      } catch (err) {
        // Some IRQs (per-CPU timers, managed queues) refuse new affinities with EIO: say so, go on.
        slot.failed.push(`${w.label} (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})`);
      }
    }
    for (const [id, s] of byId) {
      if (s.set.length > 0) actions.push({ id, status: 'set', detail: s.set.join('; ') });
      if (s.failed.length > 0) actions.push({ id, status: 'failed', detail: `could not set: ${s.failed.join('; ')}` });
    }
  }
  const order = ['cpus', 'governor', 'turbo', 'smt', 'irq', 'aslr'];
  actions.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { stateFile: opts.stateFile, actions, changed: writes.length > 0, aslrOff: setarch };
}

/** The only files tuning writes, and the only values it writes back: a state file cannot aim elsewhere. */
const TUNABLE = [
  /\/devices\/system\/cpu\/cpu\d+\/cpufreq\/scaling_governor$/,
  /\/devices\/system\/cpu\/intel_pstate\/no_turbo$/,
  /\/devices\/system\/cpu\/cpufreq\/boost$/,
  /\/devices\/system\/cpu\/cpu\d+\/online$/,
  /\/irq\/\d+\/smp_affinity_list$/,
];
const SAFE_VALUE = /^[\w ,.-]{0,200}\n?$/;

export interface RestoreReport {
  stateFile: string;
  /** False when there was no state file (nothing to restore). */
  found: boolean;
  restored: string[];
  unchanged: string[];
  failed: string[];
}

function readState(stateFile: string, uid: number): TuningState {
  const st = statSync(stateFile);
  // Root restores from this file: refuse one someone else could have written.
  if (st.uid !== uid || (st.mode & 0o022) !== 0) {
    throw new EnvironmentError(
      `tuning state ${stateFile} is not owned by uid ${uid} or is writable by others: refusing to restore from it`,
    );
  }
  let state: unknown;
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch (err) {
    throw new InputError(`tuning state ${stateFile} is not JSON: ${errorMessage(err)}`);
  }
  const s = state as Partial<TuningState> | null;
  const entries = s?.entries;
  if (s?.perfgateTuning !== 1 || !Array.isArray(entries))
    throw new InputError(`${stateFile} is not a perfgate tuning state (expected {perfgateTuning: 1, entries: [...]})`);
  for (const e of entries as unknown[]) {
    const entry = e as Partial<TuningEntry> | null;
    if (
      typeof entry?.file !== 'string' ||
      typeof entry.previous !== 'string' ||
      !TUNABLE.some((re) => re.test(entry.file ?? '')) ||
      !SAFE_VALUE.test(entry.previous)
    ) {
      throw new InputError(
        `${stateFile}: entry ${JSON.stringify(e)} is not a file perfgate tunes: refusing to restore`,
      );
    }
  }
  return s as TuningState;
}

/**
 * Puts every recorded file back (last change first), then deletes the state file. Synchronous
 * so it can run from a process 'exit' handler. A file that cannot be written back keeps the
 * state file in place and is listed in `failed`.
 */
export function restoreTuning(stateFile: string, uid: number = process.getuid?.() ?? -1): RestoreReport {
  const report: RestoreReport = { stateFile, found: false, restored: [], unchanged: [], failed: [] };
  if (!existsSync(stateFile)) return report;
  report.found = true;
  const state = readState(stateFile, uid);
  for (const e of [...state.entries].reverse()) {
    let current: string | null;
    try {
      current = readFileSync(e.file, 'utf8');
    } catch {
      current = null;
    }
    if (current === e.previous) {
      report.unchanged.push(e.file);
      continue;
    }
    try {
      writeFileSync(e.file, e.previous);
      report.restored.push(`${e.file}: ${(current ?? '?').trim()} → ${e.previous.trim()}`);
    } catch (err) {
      report.failed.push(`${e.file}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
    }
  }
  if (report.failed.length === 0) unlinkSync(stateFile);
  else chmodSync(stateFile, 0o600);
  return report;
}

export function describeRestore(r: RestoreReport): string {
  if (!r.found) return `tuning: nothing to restore (no ${r.stateFile})\n`;
  const lines = [
    `tuning restored from ${r.stateFile}: ${r.restored.length} files written back, ${r.unchanged.length} already as before, ${r.failed.length} failed`,
  ];
  for (const f of r.restored) lines.push(`  restored ${f}`);
  for (const f of r.failed) lines.push(`  FAILED ${f}`);
  if (r.failed.length > 0)
    lines.push(
      `  state kept in ${r.stateFile}: fix the cause and run 'perfgate tune --restore --state ${r.stateFile}' again`,
    );
  return `${lines.join('\n')}\n`;
}

export function describeTuning(r: TuningReport): string {
  const lines = [`tuning (state in ${r.stateFile}${r.changed ? '' : ', nothing to record'}):`];
  for (const a of r.actions) lines.push(`  ${a.id.padEnd(8)} ${a.status.padEnd(7)} ${a.detail}`);
  return `${lines.join('\n')}\n`;
}

/** One line for results.json (`fingerprint.soft.tuning`). */
export function tuningSummary(r: TuningReport): string {
  return r.actions.map((a) => `${a.id} ${a.status}`).join(', ');
}

/**
 * Restores the host when the process ends whichever way it ends: call `restore()` on the
 * normal path (and from `finally` on errors); a process 'exit' (a second Ctrl-C calls
 * process.exit) restores synchronously; SIGINT/SIGTERM nobody else handles restore and exit.
 * Only SIGKILL or a power cut leave the state file for `perfgate tune --restore`.
 */
export function guardTuning(stateFile: string, stderr: TextSink): { restore(): RestoreReport } {
  let done: RestoreReport | null = null;
  const restore = (): RestoreReport => {
    if (done) return done;
    process.off('exit', onExit);
    for (const [sig, h] of handlers) process.off(sig, h);
    try {
      done = restoreTuning(stateFile);
    } catch (err) {
      done = { stateFile, found: true, restored: [], unchanged: [], failed: [errorMessage(err)] };
    }
    stderr.write(describeRestore(done));
    return done;
  };
  const onExit = (): void => {
    restore();
  };
  process.on('exit', onExit);
  const handlers: [NodeJS.Signals, () => void][] = [];
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    // With a handler in place (the CLI's graceful Ctrl-C), the run ends through `finally`.
    if (process.listenerCount(sig) > 0) continue;
    const h = (): void => {
      restore();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    };
    process.on(sig, h);
    handlers.push([sig, h]);
  }
  return { restore };
}
