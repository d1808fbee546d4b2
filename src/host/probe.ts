/**
 * What this machine can measure with: perf (and whether it has hardware counters), valgrind,
 * GNU time. Every conclusion carries its reason, because "auto picked time" without a why is
 * exactly the silent surprise perfgate exists to prevent.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import { parsePerfStatCsv } from '../tools/perfstat.js';
import { runProcess } from '../tools/process.js';
import type { BackendChoice, BackendName } from '../results/results-doc.js';
import { probeCounter, type CounterProbe } from './counter.js';

export const SOFTWARE_EVENTS = ['task-clock', 'context-switches', 'cpu-migrations', 'page-faults'] as const;
export const HARDWARE_EVENTS = [
  'cycles',
  'instructions',
  'branches',
  'branch-misses',
  'cache-references',
  'cache-misses',
  // Page walks: the `memory (TLB)` kind of a change (compare/slowdown-kind.ts). A seventh event
  // may be multiplexed where the PMU has fewer counters; the backend scales it and says so.
  'dTLB-load-misses',
] as const;

export interface PerfProbe {
  /** perf can count at least task-clock. */
  usable: boolean;
  version: string | null;
  paranoid: number | null;
  /** Hardware events open (a PMU is exposed to us). */
  pmu: boolean;
  /** Events each measured run asks for. */
  events: string[];
  /** Why: one short clause per finding, e.g. `no PMU: cycles not supported`. */
  reasons: string[];
  /** What counts the events of each run: perfgate-count, or perf stat itself (host/counter.ts). */
  counter: CounterProbe;
}

export interface ToolProbe {
  usable: boolean;
  version: string | null;
  reason: string;
}

export interface HostProbe {
  perf: PerfProbe;
  valgrind: ToolProbe;
  time: ToolProbe;
}

export const GNU_TIME = '/usr/bin/time';

async function tryRun(argv: string[]) {
  return runProcess({
    argv,
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
    timeoutMs: 20_000,
  });
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0]?.trim() ?? '';
}

async function perfCount(
  events: string[],
  dir: string,
): Promise<{ ok: boolean; reading: ReturnType<typeof parsePerfStatCsv>; error: string }> {
  const out = path.join(dir, `probe-${events.length}.csv`);
  const r = await tryRun(['perf', 'stat', '-x,', '-o', out, '-e', events.join(','), '--', 'true']);
  const text = await readFile(out, 'utf8').catch(() => '');
  return {
    ok: r.exitCode === 0,
    reading: parsePerfStatCsv(text),
    error: firstLine(r.stderrTail) || r.spawnError || `exit ${r.exitCode}`,
  };
}

const NO_COUNTER: CounterProbe = { tool: 'perf stat', helper: null, reason: 'perf cannot count here' };

export async function probePerf(procRoot = '/proc', env: NodeJS.ProcessEnv = process.env): Promise<PerfProbe> {
  const reasons: string[] = [];
  const paranoidText = await readFile(path.join(procRoot, 'sys/kernel/perf_event_paranoid'), 'utf8').catch(() => null);
  const paranoid = paranoidText === null ? null : Number(paranoidText.trim());
  const v = await tryRun(['perf', '--version']);
  if (v.spawnError || v.exitCode !== 0) {
    // Debian's /usr/bin/perf is a wrapper that fails when no linux-perf matches the kernel.
    const why = v.spawnError
      ? 'perf missing (install linux-perf)'
      : `perf unusable: ${firstLine(v.stderrTail || v.stdoutTail)}`;
    return { usable: false, version: null, paranoid, pmu: false, events: [], reasons: [why], counter: NO_COUNTER };
  }
  const version = firstLine(v.stdoutTail).replace(/^perf version\s*/, '');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-probe-'));
  try {
    const sw = await perfCount(['task-clock', 'duration_time'], dir);
    const tc = sw.reading.counters.find((c) => c.name === 'task-clock');
    if (!sw.ok || tc?.status !== 'counted') {
      const isRoot = process.getuid?.() === 0;
      const why =
        paranoid !== null && paranoid > 2 && !isRoot
          ? `perf_event_paranoid=${paranoid}`
          : `perf stat failed: ${sw.error}`;
      return {
        usable: false,
        version,
        paranoid,
        pmu: false,
        events: [],
        reasons: [`cannot count task-clock: ${why}`],
        counter: NO_COUNTER,
      };
    }
    reasons.push('perf counts task-clock');
    // duration_time is the child's own wall time, without perf's start-up (≈15 ms here).
    const wallEvent =
      sw.reading.counters.find((c) => c.name === 'duration_time')?.status === 'counted' ? ['duration_time'] : [];
    const hw = await perfCount([...HARDWARE_EVENTS], dir);
    const unsupported = HARDWARE_EVENTS.filter(
      (e) => hw.reading.counters.find((c) => c.name === e)?.status !== 'counted',
    );
    const pmu = hw.ok && !unsupported.includes('instructions') && !unsupported.includes('cycles');
    if (!pmu) {
      const first = unsupported[0] ?? 'cycles';
      reasons.push(
        `no PMU: ${first} not supported${existsSync('/sys/bus/event_source/devices/cpu') ? '' : ' (no /sys/bus/event_source/devices/cpu)'}`,
      );
    } else if (unsupported.length > 0) {
      reasons.push(`PMU present; not supported: ${unsupported.join(', ')}`);
    } else {
      reasons.push('PMU present');
    }
    const hwEvents = pmu ? HARDWARE_EVENTS.filter((e) => !unsupported.includes(e)) : [];
    if (paranoid !== null && paranoid >= 2 && process.getuid?.() !== 0)
      reasons.push(`perf_event_paranoid=${paranoid}: user-space counts only`);
    const events = [...SOFTWARE_EVENTS, ...wallEvent, ...hwEvents];
    const counter = await probeCounter(events, dir, env);
    reasons.push(counter.reason);
    return { usable: true, version, paranoid, pmu, events, reasons, counter };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function probeValgrind(): Promise<ToolProbe> {
  const r = await tryRun(['valgrind', '--version']);
  if (r.spawnError || r.exitCode !== 0)
    return { usable: false, version: null, reason: 'valgrind missing (install valgrind)' };
  const setarch = await tryRun(['setarch', '-R', 'true']);
  if (setarch.spawnError || setarch.exitCode !== 0)
    return {
      usable: false,
      version: null,
      reason: 'setarch -R unavailable (util-linux): cannot fix the address layout',
    };
  const version = firstLine(r.stdoutTail).replace(/^valgrind-/, '');
  return { usable: true, version, reason: `valgrind ${version}` };
}

export function probeTime(): ToolProbe {
  return existsSync(GNU_TIME)
    ? { usable: true, version: null, reason: `${GNU_TIME} gives user, sys and max-rss` }
    : {
        usable: false,
        version: null,
        reason: `${GNU_TIME} missing (Debian package 'time'): only wall time is measured`,
      };
}

export async function probeHost(): Promise<HostProbe> {
  const [perf, valgrind] = await Promise.all([probePerf(), probeValgrind()]);
  return { perf, valgrind, time: probeTime() };
}

/** Resolves `auto` and checks that an explicit choice can run here (else exit 3, saying why). */
export function chooseBackend(choice: BackendChoice, probe: HostProbe): { backend: BackendName; reason: string } {
  switch (choice) {
    case 'auto':
      return probe.perf.usable
        ? { backend: 'perf', reason: `auto → perf: ${probe.perf.reasons.join('; ')}` }
        : { backend: 'time', reason: `auto → time: ${probe.perf.reasons.join('; ')}` };
    case 'perf':
      if (!probe.perf.usable)
        throw new EnvironmentError(`backend perf cannot measure here: ${probe.perf.reasons.join('; ')}`);
      return { backend: 'perf', reason: `perf (requested): ${probe.perf.reasons.join('; ')}` };
    case 'valgrind':
      if (!probe.valgrind.usable)
        throw new EnvironmentError(`backend valgrind cannot measure here: ${probe.valgrind.reason}`);
      return { backend: 'valgrind', reason: `valgrind (requested): ${probe.valgrind.reason}` };
    case 'time':
      return { backend: 'time', reason: `time (requested): ${probe.time.reason}` };
  }
}
