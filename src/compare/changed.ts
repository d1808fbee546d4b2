import type { ComparisonDoc } from './types.js';

/** Benchmarks with a gated regression or improvement, regressions first, in row order. */
export function changedBenchmarks(doc: ComparisonDoc): string[] {
  const pick = (v: string): string[] => doc.rows.filter((r) => r.gated && r.verdict === v).map((r) => r.benchmark);
  return [...new Set([...pick('regression'), ...pick('improvement')])];
}
