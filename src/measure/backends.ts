/**
 * The measurement backends behind one interface (docs/ARCHITECTURE.md §3): each wraps one run of a command,
 * runs it, and returns its metrics. A metric a backend could not obtain is absent, never 0.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BackendName } from '../results/results-doc.js';
import { counterArgv } from '../host/counter.js';
import { GNU_TIME, type HostProbe } from '../host/probe.js';
import { parsePerfStatCsv, perfStatSignal, type PerfCounter } from '../tools/perfstat.js';
import { runProcess, type ProcessOutcome } from '../tools/process.js';
import { runCachegrind } from './cachegrind.js';
import { withCpus } from './command.js';

export interface RunRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  cpus: string | null;
  timeoutMs: number;
}

export interface Metric {
  unit: string;
  value: number;
}

export interface Measurement {
  outcome: ProcessOutcome;
  metrics: Record<string, Metric>;
  warnings: string[];
}

export interface Backend {
  readonly name: BackendName;
  measure(req: RunRequest): Promise<Measurement>;
}

const UNITS: Record<string, string> = { msec: 'ms', '': 'count' };
/** perf's `duration_time` event is the measured command's wall time: perfgate's `wall`. */
const RENAME: Record<string, string> = { duration_time: 'wall' };

/**
 * perf prints task-clock in msec to two decimals: 0.01 ms is 2% of a 0.5 ms benchmark, coarser
 * than a threshold, and it ties the samples. The run time beside it is the same clock in ns,
 * children included (`0.47,msec,task-clock,474065,100.00,0.536,CPUs utilized`;
 * `2.32,msec,task-clock,2316893,...` for three children): taken when it rounds to the value.
 */
function preciseValue(c: PerfCounter, value: number): number {
  if (c.name !== 'task-clock' || c.unit !== 'msec' || c.runTimeNs === null) return value;
  const ms = c.runTimeNs / 1e6;
  return Math.abs(ms - value) <= 0.005 + 1e-9 ? ms : value;
}

/** Counters → metrics, and a warning for each counter that is not a clean full-time count. */
export function countersToMetrics(counters: PerfCounter[]): { metrics: Record<string, Metric>; warnings: string[] } {
  const metrics: Record<string, Metric> = {};
  const warnings: string[] = [];
  for (const c of counters) {
    if (c.status === 'not-supported') warnings.push(`${c.name}: <not supported> on this machine; metric absent`);
    else if (c.status === 'not-counted')
      warnings.push(`${c.name}: <not counted> (opened but never scheduled); metric absent`);
    else if (c.value !== null) {
      metrics[RENAME[c.name] ?? c.name] = { unit: UNITS[c.unit] ?? c.unit, value: preciseValue(c, c.value) };
      if (c.pctRunning !== null && c.pctRunning < 100) {
        warnings.push(`${c.name}: multiplexed, counted ${c.pctRunning.toFixed(2)}% of the time and scaled`);
      }
    }
  }
  return { metrics, warnings };
}

/** The events a benchmark's warnings say perf multiplexed (countersToMetrics' wording). */
export function multiplexedEvents(warnings: readonly string[] | undefined): string[] {
  const events = new Set<string>();
  for (const w of warnings ?? []) {
    const m = /^([^:\s]+): multiplexed, counted /.exec(w);
    if (m?.[1]) events.add(m[1]);
  }
  return [...events].sort();
}

/**
 * perf's events for each run, counted by perfgate-count when the probe found it able to count
 * them all (host/counter.ts), else by `perf stat`: the same argv shape, the same CSV, the same
 * parser. `helper` null means perf stat.
 */
/**
 * Each run's counter file has its own name (two runs of one backend may be in flight at once:
 * duet pairs) and is read and removed right after the run, synchronously: the promise versions
 * hop through libuv's thread pool, ~0.5–1 ms a run on a busy 2-CPU runner against ~0.1 ms for
 * the same calls made directly, and the microseconds they hold the event loop delay nothing
 * measured (the counters time the run, not this process).
 */
let runSequence = 0;
function outputPath(scratch: string, name: string, ext: string): string {
  return path.join(scratch, `${name}.${++runSequence}.${ext}`);
}

function takeOutput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  } finally {
    rmSync(file, { force: true });
  }
}

export function perfBackend(events: string[], scratch: string, helper: string | null = null): Backend {
  return {
    name: 'perf',
    async measure(req) {
      const out = outputPath(scratch, 'perf-stat', 'csv');
      const argv =
        helper === null
          ? withCpus(['perf', 'stat', '-x,', '-o', out, '-e', events.join(','), '--', ...req.argv], req.cpus)
          : counterArgv(helper, out, events, req.argv, req.cpus);
      const ran = await runProcess({ argv, cwd: req.cwd, env: req.env, timeoutMs: req.timeoutMs });
      // perf stat exits 0 when its command dies of a signal; perfgate-count dies of it itself.
      const signal = helper === null && ran.exitCode === 0 ? perfStatSignal(req.argv[0] ?? '', ran.stderrTail) : null;
      const outcome: ProcessOutcome = signal ? { ...ran, exitCode: null, signal } : ran;
      const reading = parsePerfStatCsv(takeOutput(out));
      const { metrics, warnings } = countersToMetrics(reading.counters);
      for (const u of reading.unparsed) warnings.push(`perf stat output line ${u.line} not understood: ${u.text}`);
      // Older perf without duration_time: perfgate's own clock, which includes perf's start-up.
      metrics.wall ??= { unit: 'ns', value: outcome.wallNs };
      return { outcome, metrics, warnings };
    },
  };
}

export function valgrindBackend(scratch: string): Backend {
  return {
    name: 'valgrind',
    async measure(req) {
      const run = await runCachegrind(req, scratch, ['--cache-sim=no']);
      const ir = run.totals?.Ir;
      const metrics: Record<string, Metric> = ir === undefined ? {} : { instructions: { unit: 'count', value: ir } };
      return { outcome: run.outcome, metrics, warnings: run.warnings };
    },
  };
}

/** GNU time `-f '%U %S %M'`: user and sys seconds (10 ms resolution) and max RSS in KiB. */
export function parseGnuTime(text: string): Record<string, Metric> | null {
  const line = text.trim().split('\n').at(-1) ?? '';
  const m = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)$/.exec(line);
  if (!m) return null;
  return {
    user: { unit: 'ms', value: Number(m[1]) * 1000 },
    sys: { unit: 'ms', value: Number(m[2]) * 1000 },
    'max-rss': { unit: 'KiB', value: Number(m[3]) },
  };
}

export function timeBackend(haveGnuTime: boolean, scratch: string): Backend {
  return {
    name: 'time',
    async measure(req) {
      const out = outputPath(scratch, 'time', 'txt');
      const argv = withCpus(
        haveGnuTime ? [GNU_TIME, '-f', '%U %S %M', '-o', out, '--', ...req.argv] : req.argv,
        req.cpus,
      );
      const outcome = await runProcess({ argv, cwd: req.cwd, env: req.env, timeoutMs: req.timeoutMs });
      const warnings: string[] = [];
      let metrics: Record<string, Metric> = {};
      if (haveGnuTime) {
        const parsed = parseGnuTime(takeOutput(out));
        if (parsed) metrics = parsed;
        else warnings.push(`${GNU_TIME} output not understood; user, sys and max-rss absent`);
      }
      metrics.wall = { unit: 'ns', value: outcome.wallNs };
      return { outcome, metrics, warnings };
    },
  };
}

export function makeBackend(name: BackendName, probe: HostProbe, scratch: string): Backend {
  switch (name) {
    case 'perf':
      return perfBackend(probe.perf.events, scratch, probe.perf.counter.helper);
    case 'valgrind':
      return valgrindBackend(scratch);
    case 'time':
      return timeBackend(probe.time.usable, scratch);
  }
}
