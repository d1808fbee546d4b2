/**
 * Parsers for `perf stat` output (perf 6.x): CSV (`-x,`), JSON (`-j`) and the human format.
 * Hand-written: no library parses perf's formats. Each reading keeps enough detail (status,
 * multiplexing) for the backend to decide what is a sample and what is a warning.
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

function counter(event: string, rawValue: string, unit: string, pct: number | null, variance: number | null): PerfCounter | null {
  const status = statusOf(rawValue) ?? 'counted';
  const value = status === 'counted' ? toNumber(rawValue) : null;
  if (status === 'counted' && value === null) return null;
  return { name: normalizeEventName(event), event, value, unit, status, pctRunning: pct, variancePct: variance };
}

function skippable(line: string): boolean {
  // "# started on Sat Nov 21 04:45:14 2026" and blank lines carry no counters.
  return line.trim() === '' || line.startsWith('#');
}

/**
 * `-x,` lines: `value,unit,event,run-time-ns,pct-running,metric-value,metric-unit`, e.g.
 *   1678.17,msec,task-clock,1678168816,100.00,0.999,CPUs utilized
 *   <not supported>,,cycles,0,100.00,,
 * With `-r N` a variance column is inserted before the run time:
 *   1603.99,msec,task-clock,0.24%,1603990571,100.00,1.005,CPUs utilized
 */
export function parsePerfStatCsv(text: string, separator = ','): PerfStatReading {
  const counters: PerfCounter[] = [];
  const unparsed: PerfStatReading['unparsed'] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (skippable(line)) return;
    const f = line.split(separator);
    const [value, unit, event] = f;
    const hasVariance = f[3]?.endsWith('%') ?? false;
    const variance = hasVariance ? toNumber(f[3]?.slice(0, -1)) : null;
    const pct = toNumber(f[hasVariance ? 5 : 4]);
    const c = f.length >= 5 && event ? counter(event, value ?? '', unit ?? '', pct, variance) : null;
    if (c) counters.push(c);
    else unparsed.push({ line: i + 1, text: line });
  });
  return { counters, unparsed };
}

/**
 * `-j` lines, one object each; the count is a string:
 *   {"counter-value" : "1613.959865", "unit" : "msec", "event" : "task-clock", ..., "pcnt-running" : 100.00, ...}
 */
export function parsePerfStatJson(text: string): PerfStatReading {
  const counters: PerfCounter[] = [];
  const unparsed: PerfStatReading['unparsed'] = [];
  text.split('\n').forEach((line, i) => {
    if (skippable(line)) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      unparsed.push({ line: i + 1, text: line });
      return;
    }
    const event = typeof o.event === 'string' ? o.event : '';
    const pct = typeof o['pcnt-running'] === 'number' ? o['pcnt-running'] : null;
    const variance = typeof o.variance === 'number' ? o.variance : null;
    const c = event ? counter(event, String(o['counter-value'] ?? ''), String(o.unit ?? ''), pct, variance) : null;
    if (c) counters.push(c);
    else unparsed.push({ line: i + 1, text: line });
  });
  return { counters, unparsed };
}

/**
 * The human format, for output captured without `-x`:
 *            1630.23 msec task-clock                       #    1.000 CPUs utilized
 *                  8      context-switches                 #    4.907 /sec
 *    <not supported>      cycles
 *        1.631015767 seconds time elapsed
 * Thousands separators (`1,234,567`) are removed; the elapsed/user/sys lines become
 * `time-elapsed`, `user` and `sys` counters in seconds.
 */
export function parsePerfStatHuman(text: string): PerfStatReading {
  const counters: PerfCounter[] = [];
  const unparsed: PerfStatReading['unparsed'] = [];
  const line = /^\s*(<not supported>|<not counted>|[\d,.]+)\s+(?:(msec|seconds)\s+)?(time elapsed|\S+)(.*)$/;
  text.split('\n').forEach((raw, i) => {
    const s = raw.replace(/\r$/, '');
    if (skippable(s) || /^\s*Performance counter stats for/.test(s)) return;
    const m = line.exec(s);
    if (!m) {
      unparsed.push({ line: i + 1, text: s });
      return;
    }
    const [, value = '', unit = '', event = '', rest = ''] = m;
    const name = event === 'time elapsed' ? 'time-elapsed' : event;
    const scaled = /\(([\d.]+)%\)\s*$/.exec(rest);
    const c = counter(name, value.replace(/,/g, ''), unit, scaled ? Number(scaled[1]) : 100, null);
    if (c) counters.push(c);
    else unparsed.push({ line: i + 1, text: s });
  });
  return { counters, unparsed };
}
