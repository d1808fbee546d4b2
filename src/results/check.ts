/**
 * What the schema cannot say about a results document: each benchmark once, an `ok` benchmark
 * with samples, and sample values a measurement can produce. A hand-edited or truncated file
 * must be refused here (exit 2, naming the benchmark), not gated as "0 regressions".
 */
import type { ResultsDoc } from './results-doc.js';

/**
 * Metrics that are times: a measured run never takes 0 of them. `wall` and `task-clock` come
 * from the backends; `time`, `real_time` and `cpu_time` are the harnesses' per-iteration times
 * (docs/harnesses.md). CPU accounting that can honestly read 0 (`user`, `sys`) is not here.
 */
const NEVER_ZERO = new Set(['wall', 'task-clock', 'time', 'real_time', 'cpu_time']);

/**
 * The one rule for a sample value, shared by the results loader and the harness parsers (a
 * parser that accepted what the loader refuses would store a baseline no later compare can
 * read): null when `value` is something a measurement of `metric` can produce, else what was
 * expected instead.
 */
export function sampleValueProblem(metric: string, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a finite number';
  if (NEVER_ZERO.has(metric)) return value > 0 ? null : 'expected a positive time';
  return value >= 0 ? null : 'expected a count or amount of at least 0';
}

/** Problems naming the benchmark (and metric, sample index); empty when the document is sound. */
export function resultsDataProblems(doc: ResultsDoc): string[] {
  const problems: string[] = [];
  const first = new Map<string, number>();
  doc.benchmarks.forEach((b, i) => {
    const seen = first.get(b.name);
    if (seen !== undefined)
      problems.push(
        `benchmark '${b.name}' appears twice (benchmarks[${seen}] and [${i}]): each benchmark must be listed once`,
      );
    else first.set(b.name, i);
    const metrics = Object.entries(b.metrics);
    if (b.status === 'ok' && metrics.length === 0)
      problems.push(`benchmark '${b.name}' is ok but has no metrics: expected samples`);
    for (const [metric, m] of metrics) {
      if (b.status === 'ok' && m.samples.length === 0)
        problems.push(`benchmark '${b.name}' metric '${metric}' is ok but has no samples`);
      for (const [i, v] of m.samples.entries()) {
        const why = sampleValueProblem(metric, v);
        if (why === null) continue;
        problems.push(`benchmark '${b.name}' metric '${metric}' sample ${i} is ${v}: ${why}`);
        break;
      }
    }
  });
  return problems;
}
