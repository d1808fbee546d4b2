/**
 * The group-sequential design of paired sampling: start at N pairs, look, and add a batch of
 * pairs while a gated row is inconclusive and not futile, up to the maximum. Intervals at every
 * look are widened by a group-sequential boundary so that looking several times does not
 * inflate the error rates; a time budget may end sampling early, keeping enough time for the
 * benchmarks after.
 */
import { spendingBoundary } from '../stats/boundaries.js';
import { normalCdf, normalQuantile } from '../stats/distributions.js';
import { pocockBoundary } from '../stats/multiple.js';
import { costInterval } from '../stats/verdict.js';
import { formatLevel } from '../results/format.js';
import type { ComparisonRow, SequentialDesign, SequentialInfo, StopReason } from './comparison-doc.js';

export type { SequentialDesign } from './comparison-doc.js';

/**
 * Where neither a flag, an input nor the suite sets a maximum, pairs may go up to this many times
 * the iterations while a gated row is open: the same on the command line, in the action, in
 * bisect and in confirmations, so a suite gets the same verdict on every front end.
 */
export const ADAPTIVE_FACTOR = 3;

/** Pairs added per look after the first: a third of the starting N, at least 5. */
export function batchSize(iterations: number): number {
  return Math.max(5, Math.ceil(iterations / 3));
}

/** Looks the design plans for: the first at N pairs, then one per batch up to the maximum. */
export function plannedLooks(iterations: number, maxIterations: number): number {
  return maxIterations <= iterations ? 1 : 1 + Math.ceil((maxIterations - iterations) / batchSize(iterations));
}

/**
 * How the looks are judged. `pocock`: one two-sided Pocock boundary at 5% (each side 2.5%), the
 * design before issue 23. `tost-pocock` / `tost-obf`: the decisions are one-sided, each at 5%
 * over all looks: regression when the lower bound clears +θ, improvement when the upper bound
 * clears −θ, unchanged when both bounds are inside ±θ (TOST: equivalence at level α uses the
 * (1 − 2α) interval), the error spent across looks by a Lan–DeMets function (stats/boundaries.ts),
 * Pocock-type (early) or O'Brien–Fleming-type (late). One interval per look, at 1 − 2·a_k, so the
 * one verdict rule (stats/verdict.ts) and every path that re-applies it stay the same.
 */

/**
 * The default: chosen from `npm run bench:design` (docs/ARCHITECTURE.md §4): the A/A case stops
 * at the first look, detection near θ is higher than Pocock's, and a +θ change is called
 * unchanged at most 5% of the time.
 */
export const DEFAULT_DESIGN: SequentialDesign = 'tost-pocock';

/** One-sided error of each decision over all looks (TOST designs). */
export const DECISION_ALPHA = 0.05;

/**
 * A row stops being sampled when no verdict is this likely by the planned maximum (predictive
 * power: the chance of each verdict at the maximum, averaged over what the change may be given
 * the pairs so far): its noise cannot settle θ. The row stays inconclusive; no verdict comes of
 * it, so no error rate rises, only the power to see a change the pairs so far make unlikely.
 */
export const FUTILITY_POWER = 0.2;

/** Below this many pairs the signed-rank interval is too coarse for its width to stand for an SE. */
const MIN_FUTILITY_PAIRS = 10;

export interface SequentialPlan {
  iterations: number;
  maxIterations: number;
  looks: number;
  design: SequentialDesign;
  /** Pairs at each planned look. */
  pairsAt: number[];
  /** Two-sided level of the interval at each look. */
  levels: number[];
  /** 1 − the first look's level (for Pocock: the same at every look). */
  nominalAlpha: number;
  /** The first look's level. */
  confLevel: number;
  /** Conditional power below which a row is futile; null: never. */
  futility: number | null;
}

/**
 * The plan for N pairs up to a maximum. A fixed N (one look) keeps the two-sided 95% interval
 * (`pocock` with one look), as before issue 23: nothing is spent across looks there, and the
 * fixed-N verdicts users and tests know stay what they were.
 */
export function sequentialPlan(
  iterations: number,
  maxIterations: number,
  chosen: SequentialDesign = DEFAULT_DESIGN,
  futilityPower?: number | null,
): SequentialPlan {
  const looks = plannedLooks(iterations, maxIterations);
  const design = looks === 1 ? 'pocock' : chosen;
  const futility = design === 'pocock' ? null : futilityPower === undefined ? FUTILITY_POWER : futilityPower;
  const pairsAt = Array.from({ length: looks }, (_, k) =>
    Math.min(maxIterations, iterations + k * batchSize(iterations)),
  );
  let levels: number[];
  if (design === 'pocock') {
    const { nominalAlpha } = pocockBoundary(looks, { sides: 2 });
    levels = pairsAt.map(() => 1 - nominalAlpha);
  } else {
    const b = spendingBoundary(
      pairsAt.map((n) => n / maxIterations),
      DECISION_ALPHA,
      design === 'tost-pocock' ? 'pocock' : 'obrien-fleming',
    );
    levels = b.nominal.map((a) => 1 - 2 * a);
  }
  const first = levels[0] as number;
  return {
    iterations,
    maxIterations,
    looks,
    design,
    pairsAt,
    levels,
    nominalAlpha: 1 - first,
    confLevel: first,
    futility,
  };
}

/** The interval level at look `look` (1-based); past the plan, the last look's. */
export function levelAt(plan: SequentialPlan, look: number): number {
  return plan.levels[Math.min(plan.levels.length, Math.max(1, look)) - 1] as number;
}

/**
 * Whether more pairs are unlikely to give a gated row any verdict: the predictive power of each
 * verdict at the planned maximum is below the plan's futility level. With the change unknown
 * around the current estimate (normal, SE from the interval), the final estimate after max
 * pairs is normal about the current one with SD se·√((max − n)/max), and the final interval's
 * half-width is the current one's scaled by √(n/max) and the levels' z ratio (Spiegelhalter,
 * Freedman & Blackburn 1986). A row without an interval, or at the last look, is never futile.
 */
export function futile(row: ComparisonRow, plan: SequentialPlan, look: number): boolean {
  if (plan.futility === null || !row.gated || row.threshold === null || row.verdict !== 'inconclusive') return false;
  if (look >= plan.looks) return false;
  const n = row.n.base;
  const max = plan.maxIterations;
  const [lo, hi] = costInterval(row.ci, row.direction).map(Math.log1p) as [number, number];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo && n >= MIN_FUTILITY_PAIRS && n < max)) return false;
  if (!(row.confLevel > 0 && row.confLevel < 1)) return false;
  // The level the interval reached (below the plan's with few or tied pairs), for its SE.
  const zNow = normalQuantile(1 - (1 - row.confLevel) / 2);
  const zEnd = normalQuantile(1 - (1 - levelAt(plan, plan.looks)) / 2);
  const se = (hi - lo) / (2 * zNow);
  const estimate = (lo + hi) / 2;
  const halfEnd = zEnd * se * Math.sqrt(n / max);
  const spread = se * Math.sqrt((max - n) / max);
  const up = Math.log1p(row.threshold);
  const down = Math.log1p(-row.threshold);
  const above = (x: number): number => normalCdf((x - estimate) / spread, false);
  const regression = above(up + halfEnd);
  const improvement = 1 - above(down - halfEnd);
  const unchanged = Math.max(0, above(down + halfEnd) - above(up - halfEnd));
  return Math.max(regression, improvement, unchanged) < plan.futility;
}

/**
 * Whether a benchmark needs more pairs after a look, and if not, why it stops: every gated row
 * decided, every undecided one futile (`isFutile`), or the planned looks used up. A row is never
 * stopped merely because its interval is narrow: an interval that straddles θ is exactly the
 * case more pairs can settle, and stopping it cost detection near θ (55% at +2.8% against 82%
 * at fixed N, measured); futility looks at where the interval is, not at its width.
 */
export function stopReason(
  rows: ComparisonRow[],
  at: { pairs: number; maxPairs: number; looks: number; planned: number },
  isFutile: (row: ComparisonRow) => boolean = () => false,
): StopReason | null {
  if (at.planned === 1) return 'fixed';
  const open = rows.filter((r) => r.gated && r.verdict === 'inconclusive');
  if (open.length === 0) return 'decided';
  if (at.pairs >= at.maxPairs || at.looks >= at.planned) return 'max-iterations';
  if (open.every(isFutile)) return 'futile';
  return null;
}

/** Where the suite's time budget stands at a look (all times in ms). */
export interface BudgetState {
  budgetMs: number;
  /** Since the first benchmark started. */
  elapsedMs: number;
  /** Spent on this benchmark's pairs so far. */
  benchmarkMs: number;
  pairs: number;
  /** Benchmarks still to measure after this one. */
  remainingBenchmarks: number;
}

/**
 * Another batch would overrun the budget once the benchmarks still to come are given their N
 * pairs each (at this benchmark's pace): stop here rather than leave them unmeasured.
 */
export function overBudget(plan: SequentialPlan, b: BudgetState): boolean {
  const perPair = b.benchmarkMs / Math.max(1, b.pairs);
  const reserve = b.remainingBenchmarks * plan.iterations * perPair;
  return b.elapsedMs + perPair * batchSize(plan.iterations) + reserve > b.budgetMs;
}

/**
 * The decision at a look: stop (and why), or the pair count to reach before the next look.
 * `budget` is absent when the suite has no time budget.
 */
export function nextLook(
  plan: SequentialPlan,
  rows: ComparisonRow[],
  at: { pairs: number; looks: number },
  budget?: BudgetState,
): { stop: StopReason } | { target: number } {
  const stop = stopReason(
    rows,
    { pairs: at.pairs, maxPairs: plan.maxIterations, looks: at.looks, planned: plan.looks },
    (r) => futile(r, plan, at.looks),
  );
  if (stop !== null) return { stop };
  if (budget && overBudget(plan, budget)) return { stop: 'time-budget' };
  return { target: Math.min(plan.maxIterations, at.pairs + batchSize(plan.iterations)) };
}

/** What comparison.json records of a plan. */
export function sequentialInfo(plan: SequentialPlan): SequentialInfo {
  return { looks: plan.looks, nominalAlpha: plan.nominalAlpha, design: plan.design, levels: plan.levels };
}

const SPENDING: Record<SequentialDesign, string> = {
  pocock: 'Pocock',
  'tost-pocock': 'one-sided 5% decisions, Pocock-type spending',
  'tost-obf': "one-sided 5% decisions, O'Brien–Fleming-type spending",
};

/** `95% intervals`, or the levels and the design over the looks, for report footers. */
export function intervalsLabel(s: SequentialInfo): string {
  if (s.looks <= 1) return `${formatLevel(1 - s.nominalAlpha)} intervals`;
  const levels = s.levels ?? [1 - s.nominalAlpha];
  const lo = formatLevel(Math.min(...levels));
  const hi = formatLevel(Math.max(...levels));
  return `${lo === hi ? lo : `${lo}–${hi}`} intervals (${SPENDING[s.design ?? 'pocock']}, ${s.looks} looks)`;
}
