/**
 * What kind of slower (or faster) a changed benchmark became, from its counters and its time
 * metrics (issue 21 item 2), stored as comparison.json's `explanations[benchmark].kind` with the
 * numbers behind it in `.evidence`. Pure: rows and counts in, a label out.
 *
 * Rules, in order (t = ln(1 + the time change), i = ln(1 + the instruction change), rates are
 * events per 1000 instructions, "moved" means in the direction of the time change):
 *   waiting     wall changed, CPU time did not follow: |ln(1 + cpu)| < ½·|ln(1 + wall)|.
 *   more-work   instructions explain at least half the time change: same sign, |i| ≥ ½·|t|.
 *   memory      a D1, LL or TLB rate moved by ≥ 30% and ≥ 0.5 per 1000 instructions;
 *   branches    the same for mispredicted branches; when both moved, the larger estimated cost
 *               wins, at rough per-event penalties in cycles (branch 15, D1 miss 10, TLB 20,
 *               LL miss 60: what an L2 hit, a page walk, a DRAM access and a pipeline flush
 *               cost on recent x86 cores).
 *   contention  CPU time moved, the work did not (neither of the above), and the benchmark
 *               keeps ≥ 1.2 CPUs busy or its context switches per ms of wall at least doubled
 *               (and by ≥ 50 a run).
 *   layout      counters present, |i| < ¼·|t| and every rate within ±10% (or 0.5 per 1000).
 *   unclear     anything else, or no counters to tell.
 *
 * Thresholds, from the demo pairs under the simulation of measure/cachegrind.ts (one run per
 * side, 2026-12-07, this 2-vCPU VM; per 1000 instructions):
 *   cache sequential → random: instructions +0.0002%, D1 17.0 → 45.2 (×2.7), TLB 0.24 → 19.1
 *     (×80), mispredicted 0.19 → 0.19; task-clock 12 → 97 ms.
 *   branch sorted → shuffled: instructions +0.00002%, mispredicted 2.83 → 56.7 (×20), D1 1.76
 *     → 1.76; task-clock 20 → 77 ms.
 *   tlb line-stride → page-stride: instructions −0.00004%, D1 70.2 → 70.2, TLB 1.10 → 62.5
 *     (×57); task-clock 33 → 89 ms.
 *   work 1000 → 1300 units: instructions +29.3%, every rate within 0.3%; task-clock +30%.
 * Identical code gives identical counts to within 30 instructions, so the 30%/0.5 bar for a
 * rate and the ½ and ¼ shares of the time change leave a wide margin on both sides: every demo
 * effect moves its rate 2.7× or more while its other rates stay within 1%.
 */
import type { Verdict } from '../stats/verdict.js';
import { costChange } from '../stats/verdict.js';
import { PRIMARY_METRICS } from './analyze.js';
import type { ComparisonRow, SidePair } from './comparison-doc.js';

export type SlowdownKind = 'more-work' | 'memory' | 'branches' | 'waiting' | 'contention' | 'layout' | 'unclear';

/** Counts per run of one side: the events a label reads (absent: not counted). */
export interface SideCounts {
  instructions: number;
  d1Misses?: number;
  /** Last-level cache misses (perf's cache-misses). */
  llMisses?: number;
  /** Data TLB misses: perf's dTLB-load-misses, or cachegrind's page-granular last level. */
  tlbMisses?: number;
  branchMisses?: number;
}

/**
 * What a counter profile ran: `benchmark`, the benchmark's own command; `alone`, a harness
 * benchmark alone through its harness's filter (its rates are its own, but the harness chose its
 * iteration count by time, so its instruction totals are not comparable between sides);
 * `invocation`, the whole harness invocation (rates of every benchmark it ran, mixed).
 */
export type CounterScope = 'benchmark' | 'alone' | 'invocation';

/** Where counts came from, and for what. */
export interface CounterProfile {
  /** `pmu`: the medians of the counters of every pair; `cachegrind`: one simulated run per side. */
  source: 'pmu' | 'cachegrind';
  scope: CounterScope;
  base: SideCounts;
  head: SideCounts;
  /** PMU events perf multiplexed on either side (counted part of the time, then scaled). */
  multiplexed?: string[];
  /** Seconds each side's cachegrind run took. */
  seconds?: SidePair;
}

export type RateName = 'd1Misses' | 'llMisses' | 'tlbMisses' | 'branchMisses';

/** What `.evidence` holds: every number the label rests on. */
export interface KindEvidence {
  /** Where the counts came from; `time` when there were none (the label rests on time rows alone). */
  source: 'pmu' | 'cachegrind' | 'time';
  scope?: CounterScope;
  /** The row whose change is explained (cost terms: positive is slower). */
  time: { metric: string; change: number; ci: [number, number]; verdict: Verdict };
  /** Paired estimates of CPU time (task-clock) and wall time, when both were measured. */
  cpu?: number;
  wall?: number;
  /** Instructions per run; `change` relative, with its interval when measured as pairs (PMU). */
  instructions?: SidePair & { change: number; ci?: [number, number] };
  /** Events per 1000 instructions, base and head. */
  perKiloInstructions?: Partial<Record<RateName, SidePair>>;
  /** The rates that moved (memory, branches), largest estimated cost first. */
  moved?: RateName[];
  /** CPUs kept busy (CPU time / wall time) and context switches per run. */
  cpusBusy?: SidePair;
  contextSwitches?: SidePair;
  multiplexed?: string[];
  /** Seconds each side's cachegrind run took. */
  seconds?: SidePair;
  /** The off-CPU differential flame graph, when both sides recorded one. */
  offcpuGraph?: string;
  /** Why there are no counters (no PMU and no valgrind, over the time budget, a failed run). */
  noCounters?: string;
}

export interface KindLabel {
  kind: SlowdownKind;
  evidence: KindEvidence;
}

/** Rate thresholds (module header). */
export const RATE_RATIO = 1.3;
export const RATE_FLOOR = 0.5;
const FLAT_RATIO = 1.1;
const PENALTY: Record<RateName, number> = { branchMisses: 15, d1Misses: 10, tlbMisses: 20, llMisses: 60 };
const RATES: readonly RateName[] = ['llMisses', 'tlbMisses', 'd1Misses', 'branchMisses'];

const log1p = (c: number): number => Math.log(1 + c);
const changed = (r: ComparisonRow): boolean => r.verdict === 'regression' || r.verdict === 'improvement';
/** An inconclusive row whose estimate is past θ: likely changed, worth a label. */
const beyondTheta = (r: ComparisonRow): boolean =>
  r.verdict === 'inconclusive' &&
  r.threshold !== null &&
  Number.isFinite(r.change) &&
  Math.abs(costChange(r.change, r.direction)) > r.threshold;

function rankOf(metric: string): number {
  const i = PRIMARY_METRICS.indexOf(metric);
  return i === -1 ? PRIMARY_METRICS.length : i;
}

/**
 * The gated row a label explains: a changed one (regression or improvement) before an
 * inconclusive one beyond θ, time before counters (PRIMARY_METRICS), then the largest change.
 */
export function subjectRow(rows: readonly ComparisonRow[]): ComparisonRow | undefined {
  const candidates = rows.filter((r) => r.gated && (changed(r) || beyondTheta(r)));
  return [...candidates].sort(
    (a, b) =>
      Number(changed(b)) - Number(changed(a)) ||
      rankOf(a.metric) - rankOf(b.metric) ||
      Math.abs(b.change) - Math.abs(a.change),
  )[0];
}

/** Benchmarks a counter profile is worth taking for: those with a subject row. */
export function benchmarksToLabel(rows: readonly ComparisonRow[]): string[] {
  const names = [...new Set(rows.map((r) => r.benchmark))];
  return names.filter((n) => subjectRow(rows.filter((r) => r.benchmark === n)) !== undefined);
}

const MS_PER: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 };
function medianMs(r: ComparisonRow | undefined): SidePair | undefined {
  const k = r ? MS_PER[r.unit] : undefined;
  return r && k !== undefined ? { base: r.median.base * k, head: r.median.head * k } : undefined;
}

/**
 * Whether a benchmark's label needs counters: not when it has none to explain, not for waiting
 * (the time rows decide it) and not under the valgrind backend (its gated instructions do).
 */
export function needsCounters(rows: readonly ComparisonRow[]): boolean {
  const subject = subjectRow(rows);
  return subject !== undefined && subject.metric !== 'instructions' && !isWaiting(rows, subject);
}

function isWaiting(rows: readonly ComparisonRow[], subject: ComparisonRow): boolean {
  const wall = rows.find((r) => r.metric === 'wall');
  const cpu = rows.find((r) => r.metric === 'task-clock');
  if (!wall || !cpu || !(changed(wall) || beyondTheta(wall)) || subject.metric === 'task-clock') return false;
  return Math.abs(log1p(cpu.change)) < 0.5 * Math.abs(log1p(wall.change));
}

/** The counts of a PMU host: medians of the paired counters (rows of `instructions`, ...). */
export function pmuCounters(rows: readonly ComparisonRow[], multiplexed: readonly string[]): CounterProfile | null {
  const side = (s: 'base' | 'head'): SideCounts | null => {
    const m = (metric: string): number | undefined => rows.find((r) => r.metric === metric)?.median[s];
    const instructions = m('instructions');
    if (instructions === undefined) return null;
    const out: SideCounts = { instructions };
    const set = (key: RateName, metric: string): void => {
      const v = m(metric);
      if (v !== undefined) out[key] = v;
    };
    set('llMisses', 'cache-misses');
    set('tlbMisses', 'dTLB-load-misses');
    set('branchMisses', 'branch-misses');
    return out;
  };
  const base = side('base');
  const head = side('head');
  if (!base || !head) return null;
  return {
    source: 'pmu',
    scope: 'benchmark',
    base,
    head,
    ...(multiplexed.length > 0 ? { multiplexed: [...multiplexed].sort() } : {}),
  };
}

interface RateMove {
  name: RateName;
  cost: number;
}

function rates(c: CounterProfile): Partial<Record<RateName, SidePair>> {
  const out: Partial<Record<RateName, SidePair>> = {};
  for (const name of RATES) {
    const b = c.base[name];
    const h = c.head[name];
    if (b === undefined || h === undefined || c.base.instructions <= 0 || c.head.instructions <= 0) continue;
    out[name] = { base: (1000 * b) / c.base.instructions, head: (1000 * h) / c.head.instructions };
  }
  return out;
}

/** Rates that moved with the time change (direction +1 slower, −1 faster), costliest first. */
function movedRates(perKilo: Partial<Record<RateName, SidePair>>, direction: 1 | -1): RateMove[] {
  const moves: RateMove[] = [];
  for (const name of RATES) {
    const p = perKilo[name];
    if (!p) continue;
    const delta = direction * (p.head - p.base);
    const [lo, hi] = direction === 1 ? [p.base, p.head] : [p.head, p.base];
    if (delta >= RATE_FLOOR && hi >= RATE_RATIO * lo) moves.push({ name, cost: delta * PENALTY[name] });
  }
  return moves.sort((a, b) => b.cost - a.cost);
}

function ratesFlat(perKilo: Partial<Record<RateName, SidePair>>): boolean {
  return Object.values(perKilo).every((p) => {
    const lo = Math.min(p.base, p.head);
    const hi = Math.max(p.base, p.head);
    return hi - lo < RATE_FLOOR || hi <= FLAT_RATIO * lo;
  });
}

export interface LabelInput {
  /** Every row of this benchmark (gated and context). */
  rows: readonly ComparisonRow[];
  counters?: CounterProfile;
  /** Why there are no counters, when there are none. */
  noCounters?: string;
  offcpuGraph?: string;
}

/** The label of one benchmark, or null when none of its gated rows changed. */
export function labelChange(input: LabelInput): KindLabel | null {
  const { rows, counters } = input;
  const subject = subjectRow(rows);
  if (!subject) return null;
  const row = (metric: string): ComparisonRow | undefined => rows.find((r) => r.metric === metric);
  const cpuRow = row('task-clock');
  const wallRow = row('wall');
  const instrRow = row('instructions');
  const cost = costChange(subject.change, subject.direction);
  const t = log1p(cost);
  const direction: 1 | -1 = t >= 0 ? 1 : -1;
  const cpuMs = medianMs(cpuRow);
  const wallMs = medianMs(wallRow);
  const cpusBusy =
    cpuMs && wallMs && wallMs.base > 0 && wallMs.head > 0
      ? { base: cpuMs.base / wallMs.base, head: cpuMs.head / wallMs.head }
      : undefined;
  const ctx = row('context-switches')?.median;
  const evidence: KindEvidence = {
    source: counters?.source ?? 'time',
    ...(counters ? { scope: counters.scope } : {}),
    time: { metric: subject.metric, change: cost, ci: subject.ci, verdict: subject.verdict },
    ...(cpuRow ? { cpu: cpuRow.change } : {}),
    ...(wallRow ? { wall: wallRow.change } : {}),
    ...(cpusBusy ? { cpusBusy } : {}),
    ...(ctx ? { contextSwitches: { base: ctx.base, head: ctx.head } } : {}),
    ...(counters?.multiplexed ? { multiplexed: counters.multiplexed } : {}),
    ...(counters?.seconds ? { seconds: counters.seconds } : {}),
    ...(input.offcpuGraph ? { offcpuGraph: input.offcpuGraph } : {}),
    ...(!counters && input.noCounters ? { noCounters: input.noCounters } : {}),
  };
  const label = (kind: SlowdownKind): KindLabel => ({ kind, evidence });
  if (isWaiting(rows, subject)) return label('waiting');
  // The valgrind backend gates on instructions: a change there is a change of work.
  if (subject.metric === 'instructions') return label('more-work');

  // The instruction change: the paired estimate where pairs counted them, else the two counts;
  // a harness runs each benchmark for a fixed time, so its count says nothing (alone or not).
  let i: number | undefined;
  if (counters && counters.scope === 'benchmark') {
    const { base, head } = { base: counters.base.instructions, head: counters.head.instructions };
    const change = counters.source === 'pmu' && instrRow ? instrRow.change : head / base - 1;
    i = log1p(change);
    evidence.instructions = {
      base,
      head,
      change,
      ...(counters.source === 'pmu' && instrRow ? { ci: instrRow.ci } : {}),
    };
  }
  const moreWork = i !== undefined && Math.sign(i) === direction && Math.abs(i) >= 0.5 * Math.abs(t);
  if (counters) {
    const perKilo = rates(counters);
    evidence.perKiloInstructions = perKilo;
    const moved = movedRates(perKilo, direction);
    if (moved.length > 0) evidence.moved = moved.map((m) => m.name);
    if (moreWork) return label('more-work');
    const top = moved[0];
    if (top) return label(top.name === 'branchMisses' ? 'branches' : 'memory');
  }
  const cpuMoved = cpuRow !== undefined && direction * cpuRow.change > 0 && (changed(cpuRow) || beyondTheta(cpuRow));
  const threads = cpusBusy !== undefined && Math.max(cpusBusy.base, cpusBusy.head) >= 1.2;
  // Per ms of wall: a run that takes longer is preempted more often on a busy runner (the demo's
  // cache pair: 2 → 16.5 switches a run at the same 0.18 per ms).
  const perMs =
    ctx && wallMs && wallMs.base > 0 && wallMs.head > 0
      ? { base: ctx.base / wallMs.base, head: ctx.head / wallMs.head }
      : undefined;
  const switches =
    ctx !== undefined &&
    perMs !== undefined &&
    direction * (ctx.head - ctx.base) >= 50 &&
    Math.max(perMs.base, perMs.head) >= 2 * Math.min(perMs.base, perMs.head);
  if (cpuMoved && !moreWork && (threads || switches)) return label('contention');
  if (counters && i !== undefined && Math.abs(i) < 0.25 * Math.abs(t) && ratesFlat(evidence.perKiloInstructions ?? {}))
    return label('layout');
  return label('unclear');
}

export interface LabelSources {
  /** Simulated counts per benchmark (engine/counter-profiles.ts). */
  counters?: Record<string, CounterProfile>;
  /** Per benchmark, why it has no simulated counts. */
  noCounters?: Record<string, string>;
  /** Per benchmark, the PMU events perf multiplexed on either side. */
  multiplexed?: Record<string, string[]>;
  /** Per benchmark, its off-CPU differential flame graph. */
  offcpu?: Record<string, string>;
}

/**
 * A label for every benchmark with a changed gated row (or one inconclusive beyond θ): simulated
 * counts where they were taken, else the PMU's counters from the rows, else the time rows alone.
 */
export function labelChanges(rows: readonly ComparisonRow[], s: LabelSources = {}): Record<string, KindLabel> {
  const out: Record<string, KindLabel> = {};
  for (const name of benchmarksToLabel(rows)) {
    const mine = rows.filter((r) => r.benchmark === name);
    const counters = s.counters?.[name] ?? pmuCounters(mine, s.multiplexed?.[name] ?? []) ?? undefined;
    const noCounters = s.noCounters?.[name];
    const offcpuGraph = s.offcpu?.[name];
    const label = labelChange({
      rows: mine,
      ...(counters ? { counters } : {}),
      ...(noCounters ? { noCounters } : {}),
      ...(offcpuGraph ? { offcpuGraph } : {}),
    });
    if (label) out[name] = label;
  }
  return out;
}
