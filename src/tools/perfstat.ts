/**
 * The parser for `perf stat -x,` output (perf 6.x), the one format the perf backend and the
 * probe ask perf for. Hand-written: no library parses perf's formats. Each reading keeps enough
 * detail (status, multiplexing) for the backend to decide what is a sample and what is a warning.
 */

export type CounterStatus = 'counted' | 'not-supported' | 'not-counted';

export interface PerfCounter {
  /** Event name with modifiers stripped: `instructions:u` → `instructions`. */
  name: string;
  /** The event as perf printed it. */
  event: string;
  /** null unless status is `counted`. */
  value: number | null;
  unit: string;
  status: CounterStatus;
  /** Percentage of the run the counter was scheduled (< 100: multiplexed and scaled). */
  pctRunning: number | null;
  /** With `-r N`: relative standard error across the repeats, in percent. */
  variancePct: number | null;
  /** How long the counter ran, in ns (for a software event: the task's own CPU time). */
  runTimeNs: number | null;
}

export interface PerfStatReading {
  counters: PerfCounter[];
  /** Lines that could not be understood, with their 1-based line numbers. */
  unparsed: { line: number; text: string }[];
}

/** `cycles:u` → `cycles`; `cpu_core/instructions/u` → `instructions` (hybrid CPUs). */
export function normalizeEventName(event: string): string {
  const pmu = /^[\w.-]+\/([\w.-]+)\/[a-zA-Z]*$/.exec(event);
  const bare = pmu ? (pmu[1] as string) : event;
  return bare.replace(/:[a-zA-Z]+$/, '');
}

function statusOf(value: string): CounterStatus | null {
  if (value === '<not supported>') return 'not-supported';
  if (value === '<not counted>') return 'not-counted';
  return null;
}

function toNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function counter(
  event: string,
  rawValue: string,
  unit: string,
  f: { pct: number | null; variance: number | null; runTime: number | null },
): PerfCounter | null {
  const status = statusOf(rawValue) ?? 'counted';
  const value = status === 'counted' ? toNumber(rawValue) : null;
  if (status === 'counted' && value === null) return null;
  return {
    name: normalizeEventName(event),
    event,
    value,
    unit,
    status,
    pctRunning: f.pct,
    variancePct: f.variance,
    runTimeNs: f.runTime,
  };
}

function skippable(line: string): boolean {
  // "# started on Sat Nov 21 04:45:14 2026" and blank lines carry no counters.
  return line.trim() === '' || line.startsWith('#');
}

/**
 * `-x,` lines: `value,unit,event,run-time-ns,pct-running,metric-value,metric-unit`, e.g.
 * (__tests__/fixtures/perf-stat/csv.txt)
 *   57.39,msec,task-clock,57393619,100.00,0.444,CPUs utilized
 *   <not supported>,,cycles,0,100.00,,
 * With `-r N` a variance column is inserted before the run time (csv-repeat5.txt):
 *   59.11,msec,task-clock,0.30%,59113291,100.00,0.415,CPUs utilized
 */
export function parsePerfStatCsv(text: string): PerfStatReading {
  const counters: PerfCounter[] = [];
  const unparsed: PerfStatReading['unparsed'] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (skippable(line)) return;
    const f = line.split(',');
    const [value, unit, event] = f;
    const hasVariance = f[3]?.endsWith('%') ?? false;
    const variance = hasVariance ? toNumber(f[3]?.slice(0, -1)) : null;
    const pct = toNumber(f[hasVariance ? 5 : 4]);
    const runTime = toNumber(f[hasVariance ? 4 : 3]);
    const c = f.length >= 5 && event ? counter(event, value ?? '', unit ?? '', { pct, variance, runTime }) : null;
    if (c) counters.push(c);
    else unparsed.push({ line: i + 1, text: line });
  });
  return { counters, unparsed };
}

/**
 * glibc's strsignal() text for each signal a benchmark can die of: `perf stat` prints it with
 * psignal() as the last line of its stderr and then exits 0, the child's signal lost
 * (perf-stat/stderr-signals.txt, captured with `kill -SEGV $$` under `perf stat -- sh -c …`):
 *   sh: Segmentation fault
 */
const SIGNAL_TEXT: Readonly<Record<string, NodeJS.Signals>> = {
  Hangup: 'SIGHUP',
  Interrupt: 'SIGINT',
  Quit: 'SIGQUIT',
  'Illegal instruction': 'SIGILL',
  'Trace/breakpoint trap': 'SIGTRAP',
  Aborted: 'SIGABRT',
  'Bus error': 'SIGBUS',
  'Floating point exception': 'SIGFPE',
  Killed: 'SIGKILL',
  'User defined signal 1': 'SIGUSR1',
  'Segmentation fault': 'SIGSEGV',
  'User defined signal 2': 'SIGUSR2',
  'Broken pipe': 'SIGPIPE',
  'Alarm clock': 'SIGALRM',
  Terminated: 'SIGTERM',
  'CPU time limit exceeded': 'SIGXCPU',
  'File size limit exceeded': 'SIGXFSZ',
  'Virtual timer expired': 'SIGVTALRM',
  'Profiling timer expired': 'SIGPROF',
  'Bad system call': 'SIGSYS',
};

/**
 * The signal that killed the command `perf stat` ran, read from the last line of perf's stderr
 * (`<argv[0]>: <strsignal>`), or null. A command that prints exactly that line itself and exits
 * 0 is read as killed: a false failure, never a crash passed as a clean run.
 */
export function perfStatSignal(argv0: string, stderrTail: string): NodeJS.Signals | null {
  const last = stderrTail.trimEnd().split('\n').at(-1) ?? '';
  const prefix = `${argv0}: `;
  return last.startsWith(prefix) ? (SIGNAL_TEXT[last.slice(prefix.length)] ?? null) : null;
}
