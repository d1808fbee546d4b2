/**
 * What the schema cannot say about a results document: each benchmark once, an `ok` benchmark
 * with samples, and sample values a measurement can produce. A hand-edited or truncated file
 * must be refused here (exit 2, naming the benchmark), not gated as "0 regressions".
 */
import type { ResultsDoc } from './types.js';

/** Metrics that are times: a measured run never takes 0 of them. */
const NEVER_ZERO = new Set(['wall', 'task-clock']);

/** Problems naming the benchmark (and metric, sample index); empty when the document is sound. */
export function resultsDataProblems(doc: ResultsDoc): string[] {
  const problems: string[] = [];
  const first = new Map<string, number>();
  doc.benchmarks.forEach((b, i) => {
    const seen = first.get(b.name);
    if (seen !== undefined) problems.push(`benchmark '${b.name}' appears twice (benchmarks[${seen}] and [${i}]): each benchmark must be listed once`);
    else first.set(b.name, i);
    const metrics = Object.entries(b.metrics);
    if (b.status === 'ok' && metrics.length === 0) problems.push(`benchmark '${b.name}' is ok but has no metrics: expected samples`);
    for (const [metric, m] of metrics) {
      if (b.status === 'ok' && m.samples.length === 0) problems.push(`benchmark '${b.name}' metric '${metric}' is ok but has no samples`);
      const bad = m.samples.findIndex((v) => v < 0 || (v === 0 && NEVER_ZERO.has(metric)));
      if (bad >= 0) {
        problems.push(`benchmark '${b.name}' metric '${metric}' sample ${bad} is ${m.samples[bad]}: expected ${NEVER_ZERO.has(metric) ? 'a positive time' : 'a count or amount of at least 0'}`);
      }
    }
  });
  return problems;
}
