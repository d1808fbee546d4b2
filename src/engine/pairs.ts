/**
 * A suite's benchmarks measured as base/head pairs: each through the one measuring loop
 * (measure/loop.ts), deciding at each look with the sequential design (compare/sequential.ts)
 * whether more pairs are needed, then profiled on both sides; each side's results.json is kept
 * current after every benchmark so nothing measured is lost.
 */
import path from 'node:path';
import { measurePlan, pairedPlan } from '../measure/loop.js';
import { formatEta } from '../report/progress.js';
import { startHeartbeat, withTicker, type PairsProgress } from '../report/heartbeat.js';
import { recordProfiles } from '../profile/profiles.js';
import { writeJsonAtomic } from '../results/results-file.js';
import type { BackendName, BenchmarkResult, CallGraphMode, ResultsDoc } from '../results/results-doc.js';
import type { Rng } from '../stats/rng.js';
import type { BenchmarkSpec, Suite } from '../suite/spec.js';
import { pairedRows } from '../compare/paired-rows.js';
import {
  futile,
  levelAt,
  nextLook,
  sequentialInfo,
  sequentialPlan,
  type SequentialPlan,
} from '../compare/sequential.js';
import { waitRegressed } from '../compare/waits.js';
import type { ComparisonRow, SequentialInfo, StopReason } from '../compare/comparison-doc.js';
import { profileHarnessBenchmarks, type HarnessProfileContext } from './harness-profiles.js';
import { choosePairing, type PairingChoice } from './pairing.js';
import type { MeasureSettings, Rig } from './rig.js';

export type SideName = 'base' | 'head';
export type Sides<T> = Record<SideName, T>;

/** What measuring pairs takes from the run's settings. */
type PairSettings = Pick<MeasureSettings, 'stderr' | 'parentEnv' | 'signal' | 'profile'>;

export interface PairsOptions {
  opts: PairSettings;
  rig: Rig;
  /** Base's suite: its command and directory for each benchmark of the rig's plans. */
  baseSuite: Suite;
  docs: Sides<ResultsDoc>;
  outDir: string;
  rng: Rng;
  timeBudgetMs: number | null;
}

export interface PairsOutcome {
  /** Gated rows of every benchmark measured to the end, with how each was sampled. */
  rows: ComparisonRow[];
  /** The widest design used: the most looks any benchmark planned, and its levels. */
  sequential: SequentialInfo;
  /** Benchmarks an interrupt kept from being measured to the end. */
  interrupted: string[];
  /** Harness entries whose whole invocation's profile stands in for changed benchmarks, and why. */
  wholeProfiles: Record<string, string>;
}

/** Every benchmark of the rig's plans that base has too, as pairs. */
export async function measurePairs(m: PairsOptions): Promise<PairsOutcome> {
  const { opts, rig, docs } = m;
  const baseSpecs = new Map(m.baseSuite.benchmarks.map((b) => [b.name, b]));
  const started = Date.now();
  const rows: ComparisonRow[] = [];
  const interrupted: string[] = [];
  const wholeProfiles: Record<string, string> = {};
  let sequential: SequentialInfo = { looks: 1, nominalAlpha: 0.05 };
  const calibrations = new Map<string, PairingChoice>();
  for (const [i, plan] of rig.plans.entries()) {
    const baseSpec = baseSpecs.get(plan.spec.name);
    if (!baseSpec) continue;
    if (opts.signal?.aborted) {
      interrupted.push(plan.spec.name);
      for (const s of ['base', 'head'] as const)
        docs[s].benchmarks.push({
          name: plan.spec.name,
          status: 'skipped',
          backend: plan.backend,
          threshold: plan.spec.threshold,
          metrics: {},
          error: 'interrupted before it was measured',
        });
      continue;
    }
    const seq = sequentialPlan(plan.spec.iterations, plan.spec.maxIterations);
    if (seq.looks > sequential.looks) sequential = sequentialInfo(seq);
    // Both sides run with head's settings (iterations, pinning, timeout, env) except their own
    // command and directory: the comparison must differ only in the code.
    const specs = { base: { ...plan.spec, run: baseSpec.run, cwd: baseSpec.cwd, env: baseSpec.env }, head: plan.spec };
    const prefix = `[${i + 1}/${rig.plans.length}] ${plan.spec.name}`;
    const pairing = await choosePairing(specs, plan.backend, {
      rig,
      opts,
      rng: m.rng,
      calibrations,
      say: (line) => opts.stderr.write(`${prefix}: ${line}\n`),
    });
    if (pairing.why !== null) opts.stderr.write(`${prefix}: ${pairing.pairing} pairs: ${pairing.why}\n`);
    const pair = await measurePair(specs, plan.backend, seq, {
      opts,
      pairing,
      rig,
      rng: m.rng,
      prefix,
      budget:
        m.timeBudgetMs === null
          ? null
          : { budgetMs: m.timeBudgetMs, started, remainingBenchmarks: rig.plans.length - i - 1 },
      started,
    });
    if (pair.interrupted) interrupted.push(plan.spec.name);
    rows.push(...pair.rows);
    if (pair.profile) {
      const what = `[${i + 1}/${rig.plans.length}] ${plan.spec.name}: profiling head and base`;
      opts.stderr.write(`${what}\n`);
      const whole = await withTicker(opts.stderr, what, () =>
        profileSides(pair.results, pair.rows, specs, {
          opts,
          rig,
          outDir: m.outDir,
          prefix,
          budget: m.timeBudgetMs === null ? null : { budgetMs: m.timeBudgetMs, started },
        }),
      );
      if (whole !== null) wholeProfiles[plan.spec.name] = whole;
    }
    for (const s of ['base', 'head'] as const) {
      docs[s].benchmarks.push(...pair.results[s]);
      docs[s].finishedAt = new Date().toISOString();
      await writeJsonAtomic(path.join(m.outDir, s, 'results.json'), docs[s]);
    }
  }
  return { rows, sequential, interrupted, wholeProfiles };
}

interface PairContext {
  opts: PairSettings;
  rig: Rig;
  rng: Rng;
  /** Sequential or duet, and why. */
  pairing: PairingChoice;
  /** `[i/n] name`, the start of this benchmark's lines. */
  prefix: string;
  budget: { budgetMs: number; started: number; remainingBenchmarks: number } | null;
  /** When the first benchmark started. */
  started: number;
}

interface PairOutcome {
  results: Sides<BenchmarkResult[]>;
  /** The gated comparison's rows, with how they were sampled; none when a side failed or the pairs were interrupted. */
  rows: ComparisonRow[];
  interrupted: boolean;
  /** Measured to the end on both sides: worth profiling. */
  profile: boolean;
}

/** One benchmark as pairs through the measuring loop, deciding after each batch whether to go on. */
async function measurePair(
  specs: Sides<BenchmarkSpec>,
  backend: BackendName,
  seq: SequentialPlan,
  c: PairContext,
): Promise<PairOutcome> {
  const { head } = specs;
  c.opts.stderr.write(
    `${c.prefix}: ${head.warmup} warm-up pair(s), ${head.iterations} ${c.pairing.pairing === 'duet' ? 'duet ' : ''}pairs${seq.looks > 1 ? ` (adaptive up to ${head.maxIterations}, ${seq.looks} looks)` : ''}\n`,
  );
  let rows: ComparisonRow[] = [];
  let stop = 'fixed' as StopReason;
  const progress: PairsProgress = { done: 0, planned: head.warmup + head.iterations, warmup: head.warmup, look: null };
  const stopBeat = startHeartbeat(c.opts.stderr, c.prefix, () => progress);
  const measured = await measurePlan(
    pairedPlan(specs, backend, {
      baseFirst: () => c.rng.next() < 0.5,
      look: ({ rounds: pairs, looks, sides, measuredMs }) => {
        if (pairs >= 2) rows = pairedRows(sides.base, sides.head, levelAt(seq, looks));
        progress.look = { pairs, rows };
        const budget = c.budget && {
          budgetMs: c.budget.budgetMs,
          elapsedMs: Date.now() - c.budget.started,
          benchmarkMs: measuredMs,
          pairs,
          remainingBenchmarks: c.budget.remainingBenchmarks,
        };
        const next = nextLook(seq, rows, { pairs, looks }, budget ?? undefined);
        if ('stop' in next) stop = next.stop;
        return 'target' in next ? next.target : null;
      },
      ...(c.pairing.halves ? { duet: c.pairing.halves } : {}),
    }),
    {
      backend: c.rig.backendFor(backend),
      partner: c.rig.partnerFor(backend),
      parentEnv: c.opts.parentEnv,
      progress: {
        run: (done, planned) => {
          progress.done = done;
          progress.planned = planned;
        },
      },
      ...(c.opts.signal ? { signal: c.opts.signal } : {}),
    },
  ).finally(stopBeat);
  const { results, rounds: pairs, looks } = measured;
  if (measured.end === 'failed') {
    // A failed side voids the pairs: report the failure, not a half-measured comparison.
    const failed = results.base[0]?.status !== 'ok' ? 'base' : 'head';
    const entry = results[failed][0];
    c.opts.stderr.write(`${c.prefix}: ${failed} ${entry?.status ?? 'failed'}: ${entry?.error ?? ''}\n`);
    return { results, rows: [], interrupted: false, profile: false };
  }
  if (measured.end === 'interrupted') {
    // Interrupted is not gated: the pairs so far are kept as data, the rows are not judged.
    c.opts.stderr.write(`${c.prefix}: interrupted after ${pairs} pairs; not gated\n`);
    return { results, rows: [], interrupted: true, profile: false };
  }
  for (const r of rows) {
    r.sampling = {
      pairs,
      looks,
      stop,
      max: head.maxIterations,
      maxFrom: head.maxIterationsFrom ?? 'default',
      pairing: c.pairing.pairing,
      ...(c.pairing.why !== null ? { pairingWhy: c.pairing.why } : {}),
      design: seq.design,
    };
    if (stop === 'futile' && futile(r, seq, looks)) {
      r.sampling.futile = true;
      r.note = futileNote(r, pairs, head.maxIterations);
    }
  }
  c.opts.stderr.write(
    `${c.prefix}: ${pairs} pairs, ${looks} look(s), stopped: ${stop} (${formatEta(Date.now() - c.started)} elapsed)\n`,
  );
  return { results, rows, interrupted: false, profile: c.opts.profile !== false && head.profile };
}

/** Why a futile row has no verdict: its noise, against θ, and the maximum that could not settle it. */
function futileNote(r: ComparisonRow, pairs: number, max: number): string {
  const half = ((r.ci[1] - r.ci[0]) / 2) * 100;
  const theta = (r.threshold ?? 0) * 100;
  return `undecided: ±${half.toFixed(1)}% after ${pairs} pairs; more pairs, up to ${max}, were unlikely to settle θ ${theta.toFixed(1)}%`;
}

/**
 * Profiles of both sides of one benchmark, attached to their entries. Head first: its
 * call-graph choice (auto) is reused for base, so both unwind alike. Wall regressed without
 * CPU time: the time went to waiting, so off-CPU stacks are recorded too. A harness entry's
 * changed benchmarks are profiled one by one (harness-profiles.ts); its whole invocation only
 * when one of them could not be: the returned text says why (null: the whole invocation was
 * not needed or is not a harness's).
 */
async function profileSides(
  results: Sides<BenchmarkResult[]>,
  rows: ComparisonRow[],
  specs: Sides<BenchmarkSpec>,
  c: HarnessProfileContext,
): Promise<string | null> {
  let callGraph: CallGraphMode | undefined;
  let why: string | null = null;
  if (specs.head.harness) {
    const alone = await profileHarnessBenchmarks(results, rows, specs, c);
    if (alone.whole.length === 0) return null;
    callGraph = alone.callGraph;
    const reasons = [...new Set(alone.whole.map((w) => w.why))];
    why = reasons.length === 1 ? reasons[0]! : alone.whole.map((w) => `${w.benchmark}: ${w.why}`).join('; ');
  }
  const offcpu = specs.head.offcpu || waitRegressed(rows);
  let offcpuCallGraph: CallGraphMode | undefined;
  for (const s of ['head', 'base'] as const) {
    const entry = results[s][0];
    if (!entry) continue;
    const p = await recordProfiles(specs[s], {
      perf: c.rig.probe.perf,
      outDir: path.join(c.outDir, s),
      scratch: c.rig.scratch,
      parentEnv: c.opts.parentEnv,
      offcpu,
      ...(callGraph ? { callGraph } : {}),
      ...(offcpuCallGraph ? { offcpuCallGraph } : {}),
    });
    if (p.profile) entry.profile = p.profile;
    callGraph ??= p.profile?.callGraph;
    offcpuCallGraph ??= p.profile?.offcpu?.callGraph;
    if (p.warnings.length > 0) entry.warnings = [...(entry.warnings ?? []), ...p.warnings];
  }
  return why;
}
