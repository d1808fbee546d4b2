/**
 * How far a metric can be trusted on a shared runner, most first: a count of instructions moves
 * by a few in a million between runs, CPU time by percents when a neighbour shares the caches,
 * wall time by anything the runner does meanwhile (a busy runner made task-clock +11.5% read as
 * wall +36.5%). A benchmark's rows are shown in this order, so the first row read is the one to
 * believe. Not the order of PRIMARY_METRICS (analyze.ts), which picks what a change costs users.
 */
const RELIABILITY: readonly (readonly string[])[] = [
  ['instructions'],
  ['cycles'],
  // perf's task-clock, Google Benchmark's cpu_time, hyperfine's user.
  ['task-clock', 'cpu-clock', 'cpu_time', 'user'],
  // Elapsed time: perf's wall, Google Benchmark's real_time, go test's ns/op.
  ['wall', 'real_time', 'time'],
];

/** 0 for the most reliable metric; unknown metrics after every known one. */
export function reliabilityRank(metric: string): number {
  const i = RELIABILITY.findIndex((group) => group.includes(metric));
  return i === -1 ? RELIABILITY.length : i;
}

/** Whether a metric is elapsed time, which a busy runner moves most. */
export function isElapsedTime(metric: string): boolean {
  return reliabilityRank(metric) === RELIABILITY.length - 1;
}
