/**
 * When to look off-CPU (issue 12): the benchmark's wall time regressed but its CPU time did
 * not, so the time went to waiting (I/O, locks, sleeps, a slower peer), which on-CPU samples
 * cannot see.
 */
import type { ComparisonRow } from './comparison-doc.js';

export function waitRegressed(rows: readonly ComparisonRow[]): boolean {
  const wall = rows.find((r) => r.metric === 'wall');
  const cpu = rows.find((r) => r.metric === 'task-clock');
  return wall?.verdict === 'regression' && cpu !== undefined && cpu.verdict !== 'regression';
}
