/**
 * How noisy a pairing design is on this runner, and what it costs: the spread of the pairs' log
 * ratios per gated metric, and the rule `pairing: auto` chooses by. A design needs pairs in
 * proportion to (spread / θ)² to decide a row, and each pair costs its wall time, so the cheaper
 * design per decision is the one with the smaller max over gated metrics of (spread / θ)² × time
 * per pair. The spread is robust (1.4826 × MAD, an SD for normal data) because the gate's own
 * analysis is rank-based: a few wild pairs cost it little, and must not decide the design.
 */
import { medianAbsoluteDeviation } from 'simple-statistics';
import type { BenchmarkResult } from '../results/results-doc.js';

/** Spread of log(head/base) for one metric: robust (MAD-based) and plain SD. */
export interface PairSpread {
  robust: number;
  sd: number;
}

/** Below this a spread is counting resolution, not noise: two designs both under it tie on spread. */
const SPREAD_FLOOR = 1e-4;

export function pairSpread(base: readonly number[], head: readonly number[]): PairSpread | null {
  const n = Math.min(base.length, head.length);
  const logs: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = base[i] as number;
    const h = head[i] as number;
    if (b > 0 && h > 0) logs.push(Math.log(h / b));
  }
  if (logs.length < 3) return null;
  const m = logs.reduce((s, x) => s + x, 0) / logs.length;
  const sd = Math.sqrt(logs.reduce((s, x) => s + (x - m) ** 2, 0) / (logs.length - 1));
  return { robust: 1.4826 * medianAbsoluteDeviation(logs), sd };
}

/** What one design measured: each gated metric's spread, and the runner's wall time per pair. */
export interface DesignCost {
  spreads: Record<string, number>;
  msPerPair: number;
  pairs: number;
}

/**
 * Gated metrics of each benchmark both sides measured (`name metric`), with their robust pair
 * spread and threshold: the spreads of one design, across several batches of its pairs.
 */
export function gatedSpreads(
  batches: readonly { base: readonly BenchmarkResult[]; head: readonly BenchmarkResult[] }[],
): { spreads: Record<string, number>; thresholds: Record<string, number> } {
  const pools = new Map<string, { base: number[]; head: number[]; theta: number }>();
  for (const batch of batches) {
    const bases = new Map(batch.base.map((r) => [r.name, r]));
    for (const h of batch.head) {
      const b = bases.get(h.name);
      if (!b) continue;
      for (const [metric, theta] of Object.entries(h.threshold)) {
        const bs = b.metrics[metric]?.samples;
        const hs = h.metrics[metric]?.samples;
        if (!bs || !hs || !(theta > 0) || bs.length !== hs.length) continue;
        const key = `${h.name} ${metric}`;
        const pool = pools.get(key) ?? { base: [], head: [], theta };
        pool.base.push(...bs);
        pool.head.push(...hs);
        pools.set(key, pool);
      }
    }
  }
  const spreads: Record<string, number> = {};
  const thresholds: Record<string, number> = {};
  for (const [key, p] of pools) {
    const s = pairSpread(p.base, p.head);
    if (!s) continue;
    spreads[key] = s.robust;
    thresholds[key] = p.theta;
  }
  return { spreads, thresholds };
}

/**
 * Runner time to decide the hardest gated row, up to a constant: max (spread / θ)² × ms per
 * pair. Null when no gated metric was measured by the design.
 */
export function decisionCost(cost: DesignCost, thresholds: Record<string, number>): number | null {
  let worst: number | null = null;
  for (const [metric, spread] of Object.entries(cost.spreads)) {
    const theta = thresholds[metric];
    if (theta === undefined || !(theta > 0)) continue;
    const v = (Math.max(spread, SPREAD_FLOOR) / theta) ** 2;
    worst = worst === null ? v : Math.max(worst, v);
  }
  return worst === null ? null : worst * cost.msPerPair;
}

/** Which design `auto` takes, and why in one line of figures. */
export function preferDuet(
  seq: DesignCost,
  duet: DesignCost,
  thresholds: Record<string, number>,
): { duet: boolean; why: string } {
  const cs = decisionCost(seq, thresholds);
  const cd = decisionCost(duet, thresholds);
  // The three widest spreads relative to their θ: a harness entry may gate hundreds of rows.
  const show = (d: DesignCost): string =>
    `${Object.entries(d.spreads)
      .sort((a, b) => b[1] / (thresholds[b[0]] ?? 1) - a[1] / (thresholds[a[0]] ?? 1))
      .slice(0, 3)
      .map(([m, s]) => `${m} ±${(s * 100).toFixed(2)}%`)
      .join(', ')} at ${d.msPerPair.toFixed(1)} ms/pair`;
  const figures = `duet ${show(duet)}; sequential ${show(seq)} (${duet.pairs}+${seq.pairs} calibration pairs)`;
  if (cs === null || cd === null) return { duet: false, why: `no gated metric to compare the designs on: ${figures}` };
  const ratio = cs / cd;
  return ratio > 1
    ? { duet: true, why: `duet ${ratio.toFixed(1)}× cheaper per decision: ${figures}` }
    : { duet: false, why: `sequential ${(1 / ratio).toFixed(1)}× cheaper per decision: ${figures}` };
}
