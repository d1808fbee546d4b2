/**
 * Rows for one suite entry measured as pairs: the entry itself and, for a harness entry, each
 * harness benchmark both sides reported in every pair. A benchmark one side reported only
 * some of the time is left out here (the collector reports it as failed); metrics missing
 * from some pairs were already dropped by the measuring loop.
 */
import type { SampleCollector } from '../measure/collect.js';
import { analyzeBenchmark } from './analyze.js';
import type { ComparisonRow } from './comparison-doc.js';

export function pairedRows(base: SampleCollector, head: SampleCollector, confLevel: number): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const baseResults = new Map(base.current().map((r) => [r.name, r]));
  for (const h of head.current()) {
    const b = baseResults.get(h.name);
    if (!b || !base.complete(h.name) || !head.complete(h.name)) continue;
    rows.push(...analyzeBenchmark(b, h, confLevel));
  }
  return rows;
}
