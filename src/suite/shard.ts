/**
 * Splitting a suite across a CI matrix (`--shard i/n`). The split must be the same in every
 * matrix job without them talking to each other, so it is a pure function of the benchmark
 * list: greedy longest-processing-time (LPT) by expected cost, ties broken by name.
 *
 * Expected cost = (warmup + iterations) × the benchmark's expected time per run. Without history
 * every run counts as 1 (cost = number of runs); given per-benchmark times (e.g. medians from a
 * previous results.json), benchmarks without one get the median of the known times. LPT puts
 * each benchmark, most expensive first, on the least-loaded shard (lowest index on a tie): at
 * most 4/3 of the optimal makespan, and exactly balanced when all costs are equal.
 */
import { InputError } from '../errors.js';
import type { BenchmarkSpec } from './spec.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** `2/3` → { index: 2, count: 3 }; anything else is a usage error naming the flag. */
export function parseShard(value: string, flag = '--shard'): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const expected = 'expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/2';
  if (!m) throw new InputError(`${flag} ${JSON.stringify(value)}: ${expected}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new InputError(`${flag} ${JSON.stringify(value)}: shard count must be at least 1; ${expected}`);
  if (index < 1) throw new InputError(`${flag} ${JSON.stringify(value)}: shards are numbered from 1; ${expected}`);
  if (index > count)
    throw new InputError(
      `${flag} ${JSON.stringify(value)}: shard ${index} does not exist when there are ${count}; ${expected}`,
    );
  return { index, count };
}

type Costed = Pick<BenchmarkSpec, 'name' | 'warmup' | 'iterations'>;

/** Expected cost of each benchmark (see the file comment). */
export function expectedCosts(
  benchmarks: readonly Costed[],
  timePerRun: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const known = benchmarks
    .map((b) => timePerRun.get(b.name))
    .filter((t): t is number => t !== undefined && Number.isFinite(t) && t > 0)
    .sort((a, b) => a - b);
  const fallback = known.length === 0 ? 1 : (known[Math.floor((known.length - 1) / 2)] ?? 1);
  return new Map(
    benchmarks.map((b) => {
      const t = timePerRun.get(b.name);
      return [b.name, (b.warmup + b.iterations) * (t !== undefined && Number.isFinite(t) && t > 0 ? t : fallback)];
    }),
  );
}

/** Shard number (1-based) of every benchmark. */
export function assignShards(
  benchmarks: readonly Costed[],
  count: number,
  timePerRun?: ReadonlyMap<string, number>,
): Map<string, number> {
  const cost = expectedCosts(benchmarks, timePerRun);
  const order = [...benchmarks].sort(
    (a, b) => (cost.get(b.name) ?? 0) - (cost.get(a.name) ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const load = Array.from({ length: count }, () => 0);
  const out = new Map<string, number>();
  for (const b of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if ((load[s] ?? 0) < (load[best] ?? 0)) best = s;
    load[best] = (load[best] ?? 0) + (cost.get(b.name) ?? 0);
    out.set(b.name, best + 1);
  }
  return out;
}

/** The benchmarks of shard `index` of `count`, in their original (suite) order. */
export function shardBenchmarks<T extends Costed>(
  benchmarks: readonly T[],
  index: number,
  count: number,
  timePerRun?: ReadonlyMap<string, number>,
): T[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
    throw new InputError(`shard ${index}/${count}: expected whole numbers 1 ≤ i ≤ n`);
  }
  const shardOf = assignShards(benchmarks, count, timePerRun);
  return benchmarks.filter((b) => shardOf.get(b.name) === index);
}
