/**
 * pytest-benchmark `--benchmark-json=FILE` (3.2.2 here). A benchmark, abridged:
 *   {"group": null, "name": "test_knob", "fullname": "src/test_mix.py::test_knob", "params": null,
 *    "stats": {"min": 0.000325, "max": 0.00839, "mean": 0.000691, "stddev": 0.00143,
 *              "rounds": 46, "median": 0.000336, "iqr": 8.6e-06, "ops": 1447.1, "iterations": 1}}
 * Times are seconds per call. The median of the rounds is the invocation's sample: the mean
 * carries every GC pause and first-call outlier of the rounds.
 */
import { salvageArray, tryParse } from './salvage.js';
import { dict } from '../../tools/dict.js';
import { finite, HarnessOutputError, ReportBuilder, type HarnessReport } from './harness-report.js';

const EXPECTED = 'the JSON file pytest --benchmark-json=FILE writes, with a "benchmarks" array';

export function parsePytestBenchmark(text: string): HarnessReport {
  const problems: string[] = [];
  const doc = tryParse(text) as { benchmarks?: unknown } | null;
  let rows: unknown[];
  if (doc && Array.isArray(doc.benchmarks)) rows = doc.benchmarks;
  else {
    const s = salvageArray(text, 'benchmarks');
    if (!s.found)
      throw new HarnessOutputError(
        'pytest-benchmark',
        EXPECTED,
        text.trim() === '' ? 'empty file' : `no "benchmarks" array in ${JSON.stringify(text.trim().slice(0, 80))}`,
      );
    rows = s.items;
    problems.push(`file cut off after ${rows.length} complete benchmark(s)`);
  }
  const out = new ReportBuilder();
  for (const [i, r] of rows.entries()) {
    const row = r as { fullname?: unknown; name?: unknown; stats?: Record<string, unknown> } | null;
    const name = typeof row?.fullname === 'string' ? row.fullname : typeof row?.name === 'string' ? row.name : null;
    const stats = row?.stats;
    if (name === null || !stats || !finite(stats.median)) {
      problems.push(`benchmarks[${i}]${name ? ` (${name})` : ''}: no stats.median`);
      continue;
    }
    const context = dict<number>();
    for (const k of ['rounds', 'iterations'] as const) if (finite(stats[k])) context[k] = stats[k];
    if (finite(stats.mean)) context['mean-ns'] = stats.mean * 1e9;
    out.add(
      `benchmarks[${i}]`,
      name,
      dict([['time', { unit: 'ns', value: stats.median * 1e9, direction: 'lower' as const }]]),
      context,
    );
  }
  if (out.empty && problems.length === 0)
    throw new HarnessOutputError(
      'pytest-benchmark',
      EXPECTED,
      'the "benchmarks" array is empty (no test used the benchmark fixture?)',
    );
  return out.report(problems);
}
