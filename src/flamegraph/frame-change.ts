/**
 * What a differential flame graph colours a drawn frame by: the change of its own (self) time,
 * head − base, in ms per measured run, with an interval over the profile runs. The figures are
 * those of the "why" table (attribution.ts: each side's share of samples times its ms per run,
 * a Hodges–Lehmann shift with its Moses interval over the per-run values), taken per call path
 * rather than per function name, because a graph draws call paths: a function with one caller
 * has the same numbers in both; one with two callers is two frames here and their sum there.
 */
import { shiftInterval } from '../stats/mannwhitney.js';
import type { ChangeCertainty } from './palette.js';

export interface RunsSide {
  /** One stack → count map per profile run, folded like the summed stacks that are drawn. */
  runs: ReadonlyArray<ReadonlyMap<string, number>>;
  /** Measured time per run the shares are scaled to, ms (attribution's TimeBasis). */
  msPerRun: number;
}

/** Per-run profiles and times of both sides: what turns sample counts into ms per run. */
export interface TimeScale {
  base: RunsSide;
  head: RunsSide;
  /** Interval level (default 0.95, as the table's). */
  confLevel?: number;
  /** Off-CPU stacks weigh time blocked, not CPU time: the legend says which. */
  blocked?: boolean;
}

export interface SelfChange {
  /** head − base: ms per run with a TimeScale; without one, a fraction of the profile (0.01 = 1 pp). */
  delta: number;
  /** Interval of delta, ms per run (with at least two profile runs a side). */
  ci?: [number, number];
  certainty: ChangeCertainty;
}

interface Runs {
  maps: ReadonlyArray<ReadonlyMap<string, number>>;
  sums: number[];
  msPerRun: number;
}

function usableRuns(side: RunsSide): Runs {
  // As attribution.ts: a run without samples has no shares to scale.
  const maps: ReadonlyMap<string, number>[] = [];
  const sums: number[] = [];
  for (const run of side.runs) {
    let sum = 0;
    for (const v of run.values()) if (v > 0) sum += v;
    if (sum > 0) {
      maps.push(run);
      sums.push(sum);
    }
  }
  return { maps, sums, msPerRun: side.msPerRun };
}

function perRunMs(r: Runs, path: string): number[] {
  return r.maps.map((m, i) => ((m.get(path) ?? 0) / r.sums[i]!) * r.msPerRun);
}

/** Whether any interval can be had: two profile runs with samples on each side. */
export function hasIntervals(time: TimeScale): boolean {
  return usableRuns(time.base).maps.length >= 2 && usableRuns(time.head).maps.length >= 2;
}

/**
 * The self change of one call path, from the summed self samples of each side (`selfBase` of
 * `totals.base`, ...) and, for the interval, the same path's count in every profile run.
 */
export function selfChanges(
  time: TimeScale,
  totals: { base: number; head: number },
): (path: string, selfBase: number, selfHead: number) => SelfChange {
  const base = usableRuns(time.base);
  const head = usableRuns(time.head);
  const intervals = base.maps.length >= 2 && head.maps.length >= 2;
  const confLevel = time.confLevel ?? 0.95;
  return (path, selfBase, selfHead) => {
    const delta = (selfHead / totals.head) * time.head.msPerRun - (selfBase / totals.base) * time.base.msPerRun;
    if (!intervals) return { delta, certainty: 'no-interval' };
    // Never sampled on either side: every run's value is 0, and so is the interval.
    if (selfBase === 0 && selfHead === 0) return { delta: 0, ci: [0, 0], certainty: 'includes-zero' };
    const ci = shiftInterval(perRunMs(head, path), perRunMs(base, path), { confLevel }).ci;
    return { delta, ci, certainty: ci[0] > 0 || ci[1] < 0 ? 'excludes-zero' : 'includes-zero' };
  };
}
