/**
 * Counter profiles of the changed benchmarks of a paired run (issue 21 item 1), the counts a
 * kind of change is read from (compare/slowdown-kind.ts). With a PMU the pairs already counted
 * them (the label reads their rows); without one, each side of each benchmark whose verdict
 * changed (or is inconclusive beyond θ) runs once under cachegrind's simulated caches and
 * branch predictor (measure/cachegrind.ts: deterministic, so one run per side suffices), within
 * what is left of the time budget. Waiting needs no counters, nor a change the valgrind
 * backend's instruction counts already decided: neither is profiled.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { COUNTER_SIMULATION, runCachegrind, simulatedCounts, type SimulatedCounts } from '../measure/cachegrind.js';
import { benchmarkEnv, commandArgv } from '../measure/command.js';
import { formatEta } from '../report/progress.js';
import type { BenchmarkSpec, Suite } from '../suite/spec.js';
import type { ComparisonRow } from '../compare/comparison-doc.js';
import { benchmarksToLabel, needsCounters, type CounterProfile, type CounterScope } from '../compare/slowdown-kind.js';
import { FORMATS } from '../measure/harness/format-specs.js';
import { onlyArgv } from '../measure/harness/only.js';
import { withFlags } from '../measure/invocation.js';
import type { BenchmarkResult } from '../results/results-doc.js';
import type { MeasureSettings, Rig } from './rig.js';
import type { Sides } from './pairs.js';

/**
 * Cachegrind's cost per side, from the demo benchmarks here (2026-12-07, one run each with
 * COUNTER_SIMULATION, load average 5–10 on 2 CPUs): inside `perfgate ab` 0.34–0.44 s for cache
 * (11–86 ms native), 0.83–0.94 s for branch (25–65 ms), 0.67–0.95 s for tlb (36–81 ms),
 * 0.42–0.46 s for work (6–8 ms); alone from a shell at a busier moment, 3.2 s for cache
 * sequential (12 ms native) and 0.64 s for a 2 ms run. About 0.5 s of start-up and 5–270× the
 * native run: the estimate, 1 s + 30×, is meant for a budget, not a promise.
 */
const STARTUP_MS = 1000;
const SLOWDOWN = 30;
/** Without a time budget, a benchmark whose cachegrind run is estimated longer than this is skipped. */
const UNBUDGETED_MAX_MS = 5 * 60_000;

export interface CounterProfiles {
  /** Per benchmark, the simulated counts of both sides. */
  counters: Record<string, CounterProfile>;
  /** Per benchmark, why it has no counter profile. */
  skipped: Record<string, string>;
  /** Wall time spent under cachegrind, all benchmarks and sides. */
  ms: number;
}

export interface CounterProfileOptions {
  opts: Pick<MeasureSettings, 'parentEnv' | 'stderr' | 'signal' | 'profile'>;
  rig: Rig;
  baseSuite: Suite;
  rows: ComparisonRow[];
  /** Head's results: a harness benchmark's own name and context, for its filter. */
  heads: readonly BenchmarkResult[];
  /** The run's time budget and when its measuring started; null: no budget. */
  budget: { budgetMs: number; started: number } | null;
}

interface CounterCommand {
  spec: BenchmarkSpec;
  /** Appended to `run`: the harness's filter that runs this benchmark alone. */
  only: string[];
  scope: CounterScope;
}

/**
 * The command that runs ONE benchmark: its own, or its harness entry's narrowed by the
 * harness's filter (measure/harness/only.ts, as its profiles are); the whole invocation only
 * where the harness has no filter.
 */
function counterCommand(entry: BenchmarkSpec, benchmark: string, heads: readonly BenchmarkResult[]): CounterCommand {
  if (entry.name === benchmark) return { spec: entry, only: [], scope: 'benchmark' };
  const origin = heads.find((r) => r.name === benchmark)?.harness;
  const only =
    entry.harness && origin
      ? onlyArgv(entry.harness.format, origin.name, {
          siblings: heads.flatMap((r) => (r.harness?.entry === entry.name ? [r.harness.name] : [])),
          ...(origin.context ? { context: origin.context } : {}),
        })
      : null;
  return only ? { spec: entry, only, scope: 'alone' } : { spec: entry, only: [], scope: 'invocation' };
}

function wallMs(rows: readonly ComparisonRow[]): number | null {
  const w = rows.find((r) => r.metric === 'wall');
  if (!w) return null;
  const k = w.unit === 'ns' ? 1e-6 : w.unit === 'us' ? 1e-3 : w.unit === 's' ? 1e3 : 1;
  return Math.max(w.median.base, w.median.head) * k;
}

export async function counterProfiles(c: CounterProfileOptions): Promise<CounterProfiles> {
  const out: CounterProfiles = { counters: {}, skipped: {}, ms: 0 };
  const rowsOf = (name: string): ComparisonRow[] => c.rows.filter((r) => r.benchmark === name);
  const wanted = benchmarksToLabel(c.rows).filter((n) => needsCounters(rowsOf(n)));
  if (wanted.length === 0) return out;
  // A PMU counted them in every pair: the rows are the counters.
  const pmu = c.rig.probe.perf.pmu && wanted.every((n) => rowsOf(n).some((r) => r.metric === 'instructions'));
  if (pmu) return out;
  // A run without profiles (--no-profile, a bisection's inner steps) runs no cachegrind either:
  // both are the why's cost, not the verdict's.
  if (c.opts.profile === false) {
    for (const n of wanted) out.skipped[n] = 'profiling is off for this run (--no-profile)';
    return out;
  }
  if (!c.rig.probe.valgrind.usable) {
    for (const n of wanted) out.skipped[n] = `no PMU, and ${c.rig.probe.valgrind.reason}`;
    return out;
  }
  const baseSpecs = new Map(c.baseSuite.benchmarks.map((b) => [b.name, b]));
  const scratch = path.join(c.rig.scratch, 'counters');
  await mkdir(scratch, { recursive: true });
  // One run per side per command: the benchmarks of one harness invocation share it.
  const done = new Map<string, SidesCounted | string>();
  for (const name of wanted) {
    const entryName = rowsOf(name).find((r) => r.entry !== undefined)?.entry ?? name;
    const plan = c.rig.plans.find((p) => p.spec.name === entryName);
    const baseSpec = baseSpecs.get(entryName);
    if (!plan || !baseSpec) {
      out.skipped[name] = `suite entry ${entryName} not found on both sides`;
      continue;
    }
    const notUnderValgrind = plan.spec.harness && FORMATS[plan.spec.harness.format].notUnderValgrind;
    if (notUnderValgrind) {
      out.skipped[name] = `${notUnderValgrind}, so no cachegrind run`;
      continue;
    }
    const cmd = counterCommand(plan.spec, name, c.heads);
    const key = `${cmd.spec.name}\n${cmd.spec.run}\n${cmd.only.join('\n')}`;
    let result = done.get(key);
    if (result === undefined) {
      result = await profileEntry(
        c,
        {
          head: cmd.spec,
          base: { ...cmd.spec, run: baseSpec.run, cwd: baseSpec.cwd, env: baseSpec.env },
        },
        cmd.only,
        wallMs(rowsOf(entryName)) ?? wallMs(rowsOf(name)),
        out,
      );
      done.set(key, result);
    }
    if (typeof result === 'string') out.skipped[name] = result;
    else
      out.counters[name] = {
        source: 'cachegrind',
        scope: cmd.scope,
        base: result.counts.base,
        head: result.counts.head,
        seconds: result.seconds,
      };
  }
  if (out.ms > 0)
    c.opts.stderr.write(
      `counters: cachegrind, one run per side, for ${Object.keys(out.counters).length} changed benchmark(s): ${formatEta(out.ms)}\n`,
    );
  return out;
}

interface SidesCounted {
  counts: Sides<SimulatedCounts>;
  /** Seconds each side's run took. */
  seconds: Sides<number>;
}

/** Both sides of one command under cachegrind, or why not. */
async function profileEntry(
  c: CounterProfileOptions,
  specs: Sides<BenchmarkSpec>,
  only: string[],
  nativeMs: number | null,
  out: CounterProfiles,
): Promise<SidesCounted | string> {
  const estimate = STARTUP_MS + SLOWDOWN * (nativeMs ?? specs.head.timeoutMs);
  const left = c.budget ? c.budget.budgetMs - (Date.now() - c.budget.started) : null;
  const est = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  if (left !== null && 2 * estimate > left)
    return `over the time budget: cachegrind of both sides estimated at ${est(2 * estimate)}, ${est(Math.max(0, left))} left`;
  if (left === null && estimate > UNBUDGETED_MAX_MS)
    return `cachegrind estimated at ${est(estimate)} a side (over ${est(UNBUDGETED_MAX_MS)}); set time-budget to allow it`;
  // Twice the generous estimate: a program that hangs under valgrind costs a bounded time.
  const timeoutMs = 2 * estimate + 10_000;
  const base = await countSide(c, { spec: specs.base, only }, 'base', timeoutMs, out);
  if (typeof base === 'string') return base;
  const head = await countSide(c, { spec: specs.head, only }, 'head', timeoutMs, out);
  if (typeof head === 'string') return head;
  return { counts: { base: base.counts, head: head.counts }, seconds: { base: base.seconds, head: head.seconds } };
}

/** One side's run under cachegrind: its counts and seconds, or why not. */
async function countSide(
  c: CounterProfileOptions,
  { spec, only }: Pick<CounterCommand, 'spec' | 'only'>,
  side: 'base' | 'head',
  timeoutMs: number,
  out: CounterProfiles,
): Promise<{ counts: SimulatedCounts; seconds: number } | string> {
  if (c.opts.signal?.aborted) return 'interrupted';
  const alone = only.length > 0 ? ` alone (${only.join(' ')})` : '';
  c.opts.stderr.write(
    `${spec.name}: counting ${side}${alone} under cachegrind (simulated caches and branches, one run)\n`,
  );
  const started = Date.now();
  const run = await runCachegrind(
    {
      argv: withFlags(commandArgv(spec.run), only),
      cwd: spec.cwd,
      env: benchmarkEnv(c.opts.parentEnv, spec.env),
      cpus: spec.cpus,
      timeoutMs,
    },
    path.join(c.rig.scratch, 'counters'),
    COUNTER_SIMULATION,
  );
  const ms = Date.now() - started;
  out.ms += ms;
  const o = run.outcome;
  const why = run.warnings[0] ? `: ${run.warnings[0]}` : '';
  if (o.timedOut) return `cachegrind of ${side} timed out after ${(timeoutMs / 1000).toFixed(1)} s`;
  if (o.spawnError || o.exitCode !== 0)
    return `cachegrind of ${side} failed (${o.spawnError ?? `exit ${o.exitCode}`})${why}`;
  const counts = run.totals ? simulatedCounts(run.totals) : null;
  return counts ? { counts, seconds: ms / 1000 } : `cachegrind of ${side} gave no simulated counts${why}`;
}
