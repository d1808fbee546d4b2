/**
 * The group-sequential design of paired sampling: start at N pairs, look, and add a batch of
 * pairs while a gated row is inconclusive, up to the maximum. Intervals at every look are
 * widened by a Pocock boundary so that looking several times does not inflate the false-alarm
 * rate; a time budget may end sampling early, keeping enough time for the benchmarks after.
 */
import { pocockBoundary } from '../stats/multiple.js';
import type { ComparisonRow, StopReason } from './comparison-doc.js';

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

export interface SequentialPlan {
  iterations: number;
  maxIterations: number;
  looks: number;
  /** Two-sided level per look: the Pocock boundary's nominal alpha spent at each. */
  nominalAlpha: number;
  confLevel: number;
}

export function sequentialPlan(iterations: number, maxIterations: number): SequentialPlan {
  const looks = plannedLooks(iterations, maxIterations);
  const { nominalAlpha } = pocockBoundary(looks, { sides: 2 });
  return { iterations, maxIterations, looks, nominalAlpha, confLevel: 1 - nominalAlpha };
}

/**
 * Whether a benchmark needs more pairs after a look, and if not, why it stops: every gated row
 * decided, or the planned looks used up. A row is never stopped merely because its interval is
 * narrow: an interval that straddles θ is exactly the case more pairs can settle, and stopping
 * it cost detection near θ (55% at +2.8% against 82% at fixed N, measured).
 */
export function stopReason(
  rows: ComparisonRow[],
  pairs: number,
  maxPairs: number,
  looks: number,
  planned: number,
): StopReason | null {
  if (planned === 1) return 'fixed';
  if (rows.filter((r) => r.gated).every((r) => r.verdict !== 'inconclusive')) return 'decided';
  if (pairs >= maxPairs || looks >= planned) return 'max-iterations';
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
  const stop = stopReason(rows, at.pairs, plan.maxIterations, at.looks, plan.looks);
  if (stop !== null) return { stop };
  if (budget && overBudget(plan, budget)) return { stop: 'time-budget' };
  return { target: Math.min(plan.maxIterations, at.pairs + batchSize(plan.iterations)) };
}
