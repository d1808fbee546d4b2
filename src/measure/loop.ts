/**
 * The one measuring loop: a plan for one suite entry — a single side run N times (`perfgate
 * run`), or several sides run in rounds (`perfgate ab`'s base/head pairs, in an order the plan
 * chooses per round) — through warm-up, measured rounds and looks between batches, where the
 * caller decides whether more rounds are needed. The loop knows no statistics: what a look
 * concludes is the caller's.
 *
 * A round runs its sides one after another, or, in a duet plan, both at once, each pinned to its
 * own half of the benchmark's CPUs: the first side of the round's order on the first half, so the
 * order the plan draws per round also swaps the halves from pair to pair. Warm-up rounds run the
 * same way. A side that fails in a duet is waited for with its partner, then takes the failure
 * path below; an interrupt kills every running process group, so both.
 *
 * Every side of a round runs one invocation through `sampleInvocation`. A harness that fails
 * after reporting some of its benchmarks keeps those (its next invocations still sample them);
 * any other failure ends the plan. An aborted signal ends it between rounds, and a run killed
 * by that signal counts as interrupted, not broken.
 */
import type { BackendName, BenchmarkResult } from '../results/results-doc.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import type { Backend, RunRequest } from './backends.js';
import { SampleCollector } from './collect.js';
import { benchmarkEnv, commandArgv } from './command.js';
import { harnessCount, sampleInvocation } from './invocation.js';

/** What a look sees: the rounds so far and each side's results as recorded (metrics aligned). */
export interface Look<S extends string> {
  rounds: number;
  looks: number;
  sides: Record<S, SampleCollector>;
  /** Since the first measured round started (warm-up excluded): the pace of this plan. */
  measuredMs: number;
}

export interface MeasurePlan<S extends string> {
  backend: BackendName;
  /**
   * Each side's entry, in warm-up order. Sides differ only in what they run (command,
   * directory, environment); warm-up, N and the timeout are the first side's.
   */
  sides: Record<S, BenchmarkSpec>;
  /** The order of the sides in measured round `round` (0-based); every side once. */
  order(round: number): S[];
  /**
   * Called each time the rounds planned so far are done: the total rounds to reach before
   * the next look, or null to stop. Without it the plan stops after N rounds.
   */
  look?: (look: Look<S>) => number | null;
  /** How the plan names its runs in errors and in the interrupted message. */
  words: PlanWords;
  /** Both sides of a round at once, the i-th of the round's order pinned to `cpus[i]` (two sides only). */
  duet?: { cpus: [string, string] };
}

export interface PlanWords {
  run(warmup: boolean, index: number): string;
  interrupted(rounds: number, planned: number): string;
}

/** One side run N times, as `perfgate run` measures. */
export function singlePlan(spec: BenchmarkSpec, backend: BackendName): MeasurePlan<'only'> {
  return {
    backend,
    sides: { only: spec },
    order: () => ['only'],
    // Runs are numbered across warm-up and measured runs, as the progress line counts them.
    words: {
      run: (warmup, i) => (warmup ? `warm-up run ${i + 1}` : `measured run ${spec.warmup + i + 1}`),
      interrupted: (k, n) => `interrupted after ${k} of ${n} measured runs`,
    },
  };
}

/** Base and head as pairs, each pair in the order `baseFirst` draws (one draw per pair, in sequence). */
export function pairedPlan(
  sides: { base: BenchmarkSpec; head: BenchmarkSpec },
  backend: BackendName,
  opts: {
    baseFirst: () => boolean;
    look?: (look: Look<'base' | 'head'>) => number | null;
    /** Duet halves: the side drawn first runs on the first half. */
    duet?: [string, string];
  },
): MeasurePlan<'base' | 'head'> {
  return {
    backend,
    sides: { base: sides.base, head: sides.head },
    order: () => (opts.baseFirst() ? ['base', 'head'] : ['head', 'base']),
    ...(opts.look ? { look: opts.look } : {}),
    ...(opts.duet ? { duet: { cpus: opts.duet } } : {}),
    words: {
      run: (warmup, i) => (warmup ? `warm-up ${i + 1}` : `pair ${i + 1}`),
      interrupted: (k, n) => `interrupted after ${k} of ${n} pairs`,
    },
  };
}

export interface LoopDeps {
  backend: Backend;
  /**
   * A second instance of the plan's backend, with scratch files of its own, for the side that
   * runs beside the first in a duet round; required by a duet plan.
   */
  partner?: Backend;
  parentEnv: NodeJS.ProcessEnv;
  /** After every round, warm-up included: `done` of `rounds` planned so far. */
  progress?: { run(done: number, rounds: number, warmup: boolean): void };
  signal?: AbortSignal;
}

export interface LoopOutcome<S extends string> {
  /** Each side's results: the entry first, then its harness benchmarks. */
  results: Record<S, BenchmarkResult[]>;
  /** Measured rounds completed on every side. */
  rounds: number;
  looks: number;
  /** `failed`: a side failed (its entry says how); `interrupted`: the entries are `skipped`. */
  end: 'done' | 'failed' | 'interrupted';
}

type Step = 'ok' | 'failed' | 'interrupted';

export async function measurePlan<S extends string>(plan: MeasurePlan<S>, deps: LoopDeps): Promise<LoopOutcome<S>> {
  const names = Object.keys(plan.sides) as S[];
  const first = plan.sides[names[0] as S];
  const collectors = Object.fromEntries(
    names.map((s) => [s, new SampleCollector(plan.sides[s], plan.backend)]),
  ) as Record<S, SampleCollector>;
  const requests = Object.fromEntries(
    names.map((s) => {
      const spec = plan.sides[s];
      return [
        s,
        {
          argv: commandArgv(spec.run),
          cwd: spec.cwd,
          env: benchmarkEnv(deps.parentEnv, spec.env),
          cpus: spec.cpus,
          timeoutMs: spec.timeoutMs,
        },
      ];
    }),
  ) as Record<S, RunRequest>;

  const duet = plan.duet;
  if (duet && (names.length !== 2 || !deps.partner))
    throw new Error('a duet plan needs exactly two sides and a partner backend');
  const runSide = async (s: S, warmup: boolean, index: number, slot = 0): Promise<Step> => {
    const spec = plan.sides[s];
    const collector = collectors[s];
    const sample = duet
      ? await sampleInvocation(spec, slot === 0 ? deps.backend : (deps.partner as Backend), {
          ...requests[s],
          cpus: duet.cpus[slot] as string,
        })
      : await sampleInvocation(spec, deps.backend, requests[s]);
    const failure = sample.failure;
    // A run killed by the action's first signal (tools/interrupt.ts) is interrupted, not broken.
    if (failure && deps.signal?.aborted) return 'interrupted';
    const partial = failure !== null && harnessCount(sample) > 0;
    if (failure) collector.fail(failure.status, `${plan.words.run(warmup, index)} ${failure.error}`);
    if (failure && !partial) return 'failed';
    if (!warmup)
      collector.add(partial ? { ...sample, byBenchmark: withoutEntry(sample.byBenchmark, spec.name) } : sample);
    return 'ok';
  };
  // A round's sides run one after another, and a side that fails ends the round there; or, in a
  // duet, both at once: both are awaited, and an interrupt outranks a failure (it caused it).
  const runRound = async (order: S[], warmup: boolean, index: number): Promise<Step> => {
    if (duet) {
      const steps = await Promise.all(order.map((s, slot) => runSide(s, warmup, index, slot)));
      return steps.includes('interrupted') ? 'interrupted' : steps.includes('failed') ? 'failed' : 'ok';
    }
    for (const s of order) {
      const step = await runSide(s, warmup, index);
      if (step !== 'ok') return step;
    }
    return 'ok';
  };

  let rounds = 0;
  let looks = 0;
  let target = first.iterations;
  let step: Step = 'ok';
  for (let w = 0; w < first.warmup && step === 'ok'; w++) {
    if (deps.signal?.aborted) step = 'interrupted';
    else {
      step = await runRound(names, true, w);
      deps.progress?.run(w + 1, first.warmup + target, true);
    }
  }
  const measuredFrom = Date.now();
  while (step === 'ok') {
    while (step === 'ok' && rounds < target) {
      if (deps.signal?.aborted) step = 'interrupted';
      else {
        step = await runRound(plan.order(rounds), false, rounds);
        deps.progress?.run(first.warmup + rounds + 1, first.warmup + target, false);
        if (step === 'ok') rounds++;
      }
    }
    if (step !== 'ok') break;
    looks++;
    // A look pairs sample i of every metric and side: misaligned metrics go before it sees them.
    for (const s of names) collectors[s].dropIncompleteMetrics();
    const next = plan.look?.({ rounds, looks, sides: collectors, measuredMs: Date.now() - measuredFrom }) ?? null;
    if (next === null) break;
    target = next;
  }
  if (step === 'interrupted') {
    for (const s of names) {
      collectors[s].entry.status = 'skipped';
      collectors[s].entry.error = plan.words.interrupted(rounds, first.iterations);
    }
  }
  const results = Object.fromEntries(
    names.map((s) => {
      collectors[s].dropIncompleteMetrics();
      return [s, collectors[s].finish()];
    }),
  ) as Record<S, BenchmarkResult[]>;
  return { results, rounds, looks, end: step === 'ok' ? 'done' : step };
}

/** A failed invocation's counters describe a crash, not the entry: keep only the harness's rows. */
function withoutEntry<T>(byBenchmark: Record<string, T>, entry: string): Record<string, T> {
  return Object.fromEntries(Object.entries(byBenchmark).filter(([name]) => name !== entry));
}
