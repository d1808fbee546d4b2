/**
 * Google Benchmark `--benchmark_format=json` (or `--benchmark_out=FILE --benchmark_out_format=json`).
 * A row, as 1.7.1 writes it:
 *   {"name": "BM_Knob", "run_name": "BM_Knob", "run_type": "iteration", "repetitions": 1,
 *    "repetition_index": 0, "threads": 1, "iterations": 15657, "real_time": 6.0526e+03,
 *    "cpu_time": 4.4968e+03, "time_unit": "ns", "bytes_per_second": 7.1e+09}
 * With `--benchmark_repetitions=N` each repetition is a row and aggregates follow
 * (`"run_type": "aggregate", "aggregate_name": "median"`); with `_aggregates_only` only those.
 */
import { salvageArray, tryParse } from './salvage.js';
import { finite, HarnessOutputError, medianOf, NS_PER, type HarnessBenchmark, type HarnessMetric, type HarnessReport } from './types.js';

const EXPECTED = 'a JSON document with a "benchmarks" array (run the benchmark with --benchmark_format=json)';
/** Row keys that describe the row rather than measure something. */
const NOT_COUNTERS = new Set(['family_index', 'per_family_instance_index', 'repetitions', 'repetition_index', 'threads', 'iterations', 'real_time', 'cpu_time', 'big_o', 'rms']);
const RATES: Record<string, string> = { bytes_per_second: 'B/s', items_per_second: 'items/s' };

type Row = Record<string, unknown>;

function metricsOf(row: Row): Record<string, HarnessMetric> {
  const scale = NS_PER[String(row.time_unit ?? 'ns')] ?? NaN;
  const out: Record<string, HarnessMetric> = {};
  for (const key of ['real_time', 'cpu_time'] as const) {
    const v = row[key];
    if (finite(v) && Number.isFinite(scale)) out[key] = { unit: 'ns', value: v * scale, direction: 'lower' };
  }
  for (const [key, v] of Object.entries(row)) {
    if (!finite(v) || NOT_COUNTERS.has(key)) continue;
    // User counters carry no flags in the JSON: rates we know of are higher-is-better, the rest
    // are reported as plain counts.
    out[key] = RATES[key] ? { unit: RATES[key] as string, value: v, direction: 'higher' } : { unit: 'count', value: v, direction: 'lower' };
  }
  return out;
}

export function parseGoogleBenchmark(text: string): HarnessReport {
  const problems: string[] = [];
  const doc = tryParse(text);
  let rows: unknown[];
  if (doc !== null && typeof doc === 'object' && Array.isArray((doc as Row).benchmarks)) {
    rows = (doc as { benchmarks: unknown[] }).benchmarks;
  } else {
    const s = salvageArray(text, 'benchmarks');
    if (!s.found) throw new HarnessOutputError('google-benchmark', EXPECTED, text.trim() === '' ? 'empty output' : `no "benchmarks" array in ${JSON.stringify(text.trim().slice(0, 80))}`);
    rows = s.items;
    problems.push(`output cut off after ${rows.length} complete row(s) (the harness stopped mid-way)`);
  }
  const iterations = new Map<string, Row[]>();
  const aggregates = new Map<string, Map<string, Row>>();
  for (const [i, r] of rows.entries()) {
    if (r === null || typeof r !== 'object' || typeof (r as Row).name !== 'string') {
      problems.push(`benchmarks[${i}] is not a benchmark row (no "name")`);
      continue;
    }
    const row = r as Row;
    const name = typeof row.run_name === 'string' ? row.run_name : String(row.name);
    if (row.error_occurred === true) {
      problems.push(`${name}: the benchmark reported an error: ${String(row.error_message ?? '(no message)')}`);
      continue;
    }
    if (row.run_type === 'aggregate') {
      const byKind = aggregates.get(name) ?? new Map<string, Row>();
      byKind.set(String(row.aggregate_name), row);
      aggregates.set(name, byKind);
    } else {
      iterations.set(name, [...(iterations.get(name) ?? []), row]);
    }
  }
  const benchmarks: HarnessBenchmark[] = [];
  for (const name of new Set([...iterations.keys(), ...aggregates.keys()])) {
    const reps = iterations.get(name) ?? [];
    if (reps.length > 0) {
      // Repetitions inside one invocation become one sample: their median, per metric.
      const per = reps.map(metricsOf);
      const metrics: Record<string, HarnessMetric> = {};
      for (const [key, m] of Object.entries(per[0] ?? {})) {
        const values = per.map((p) => p[key]?.value).filter(finite);
        if (values.length === per.length) metrics[key] = { ...m, value: medianOf(values) };
      }
      const context: Record<string, number> = { repetitions: reps.length };
      const its = reps.map((r) => r.iterations).filter(finite);
      if (its.length > 0) context.iterations = medianOf(its);
      benchmarks.push({ name, metrics, context });
    } else {
      const kinds = aggregates.get(name) as Map<string, Row>;
      const row = kinds.get('median') ?? kinds.get('mean');
      if (!row) continue; // only stddev/cv rows, or a BigO fit: nothing per iteration
      benchmarks.push({ name, metrics: metricsOf(row), context: { repetitions: Number(row.repetitions ?? 0), aggregate: String(row.aggregate_name) } });
    }
  }
  if (benchmarks.length === 0 && problems.length === 0) throw new HarnessOutputError('google-benchmark', EXPECTED, 'the "benchmarks" array is empty (did --benchmark_filter match nothing?)');
  return { benchmarks, problems };
}
