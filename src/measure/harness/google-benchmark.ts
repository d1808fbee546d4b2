/**
 * Google Benchmark `--benchmark_format=json` (or `--benchmark_out=FILE --benchmark_out_format=json`).
 * A row, as 1.7.1 writes it:
 *   {"name": "BM_Knob", "run_name": "BM_Knob", "run_type": "iteration", "repetitions": 1,
 *    "repetition_index": 0, "threads": 1, "iterations": 15657, "real_time": 6.0526e+03,
 *    "cpu_time": 4.4968e+03, "time_unit": "ns", "bytes_per_second": 7.1e+09}
 * With `--benchmark_repetitions=N` each repetition is a row and aggregates follow
 * (`"run_type": "aggregate", "aggregate_name": "median"`); with `_aggregates_only` only those.
 */
import { dict } from '../../tools/dict.js';
import { salvageArray, tryParse } from './salvage.js';
import {
  finite,
  HarnessOutputError,
  lineLocator,
  medianOf,
  NS_PER,
  ReportBuilder,
  type HarnessMetric,
  type HarnessReport,
} from './harness-report.js';

const EXPECTED = 'a JSON document with a "benchmarks" array (run the benchmark with --benchmark_format=json)';
/** Row keys that describe the row rather than measure something. */
const NOT_COUNTERS = new Set([
  'family_index',
  'per_family_instance_index',
  'repetitions',
  'repetition_index',
  'threads',
  'iterations',
  'real_time',
  'cpu_time',
  'big_o',
  'rms',
]);
const RATES: Record<string, string> = dict({ bytes_per_second: 'B/s', items_per_second: 'items/s' });

type Row = Record<string, unknown>;

/**
 * A row's metrics in ns, or what makes it unreadable: the gated times must be numbers in a
 * unit Google Benchmark writes (a string `"cpu_time"` or `"time_unit": "parsecs"` once made
 * the metric vanish, and with it the gate).
 */
function metricsOf(row: Row): Record<string, HarnessMetric> | string {
  const unit = row.time_unit ?? 'ns';
  const scale = typeof unit === 'string' ? NS_PER[unit] : undefined;
  if (scale === undefined || typeof unit !== 'string')
    return `"time_unit" ${JSON.stringify(unit)}: expected "ns", "us", "ms" or "s"`;
  const out = dict<HarnessMetric>();
  for (const key of ['real_time', 'cpu_time'] as const) {
    const v = row[key];
    if (!finite(v)) return `"${key}" is ${JSON.stringify(v) ?? 'missing'}: expected a number of ${unit}`;
    out[key] = { unit: 'ns', value: v * scale, direction: 'lower' };
  }
  for (const [key, v] of Object.entries(row)) {
    if (!finite(v) || NOT_COUNTERS.has(key)) continue;
    // User counters carry no flags in the JSON: rates we know of are higher-is-better, the rest
    // are reported as plain counts.
    const rate = RATES[key];
    out[key] = rate ? { unit: rate, value: v, direction: 'higher' } : { unit: 'count', value: v, direction: 'lower' };
  }
  return out;
}

export function parseGoogleBenchmark(text: string): HarnessReport {
  const problems: string[] = [];
  const doc = tryParse(text);
  let rows: unknown[];
  let starts: number[] | null = null;
  if (doc !== null && typeof doc === 'object' && Array.isArray((doc as Row).benchmarks)) {
    rows = (doc as { benchmarks: unknown[] }).benchmarks;
  } else {
    const s = salvageArray(text, 'benchmarks');
    if (!s.found)
      throw new HarnessOutputError(
        'google-benchmark',
        EXPECTED,
        text.trim() === '' ? 'empty output' : `no "benchmarks" array in ${JSON.stringify(text.trim().slice(0, 80))}`,
      );
    rows = s.items;
    starts = s.starts;
    problems.push(`output cut off after ${rows.length} complete row(s) (the harness stopped mid-way)`);
  }
  // Where row i starts, found only when a row is named in a problem (one scan, then lookups).
  let locate: ((i: number) => string) | null = null;
  const where = (i: number): string => {
    if (!locate) {
      const s = starts ? { items: rows, starts } : salvageArray(text, 'benchmarks');
      const line = lineLocator(text);
      locate = (k) =>
        s.items.length === rows.length && s.starts[k] !== undefined ? `line ${line(s.starts[k])}` : `benchmarks[${k}]`;
    }
    return locate(i);
  };
  const out = new ReportBuilder();
  const iterations = new Map<string, { row: Row; i: number }[]>();
  const aggregates = new Map<string, Map<string, { row: Row; i: number }>>();
  for (const [i, r] of rows.entries()) {
    if (r === null || typeof r !== 'object' || typeof (r as Row).name !== 'string') {
      problems.push(`${where(i)}: not a benchmark row (no "name")`);
      continue;
    }
    const row = r as Row;
    const name = typeof row.run_name === 'string' ? row.run_name : String(row.name);
    if (row.error_occurred === true) {
      problems.push(
        `${name}: the benchmark reported an error: ${typeof row.error_message === 'string' ? row.error_message : '(no message)'}`,
      );
      continue;
    }
    if (row.run_type === 'aggregate') {
      const byKind = aggregates.get(name) ?? new Map<string, { row: Row; i: number }>();
      byKind.set(String(row.aggregate_name), { row, i });
      aggregates.set(name, byKind);
    } else {
      iterations.set(name, [...(iterations.get(name) ?? []), { row, i }]);
    }
  }
  for (const name of new Set([...iterations.keys(), ...aggregates.keys()])) {
    const reps = iterations.get(name) ?? [];
    if (reps.length > 0) {
      // Repetitions inside one invocation become one sample: their median, per metric. One
      // unreadable repetition refuses the benchmark (a median of the rest would hide it).
      const per: Record<string, HarnessMetric>[] = [];
      for (const { row, i } of reps) {
        const m = metricsOf(row);
        if (typeof m === 'string') {
          out.refuse(where(i), name, m);
          break;
        }
        per.push(m);
      }
      if (per.length < reps.length) continue;
      const metrics = dict<HarnessMetric>();
      for (const [key, m] of Object.entries(per[0] ?? {})) {
        const values = per.map((p) => p[key]?.value).filter(finite);
        if (values.length === per.length) metrics[key] = { ...m, value: medianOf(values) };
      }
      const context = dict<number>();
      context.repetitions = reps.length;
      const its = reps.map((r) => r.row.iterations).filter(finite);
      if (its.length > 0) context.iterations = medianOf(its);
      out.add(where(reps[0]?.i ?? 0), name, metrics, context);
    } else {
      const kinds = aggregates.get(name) as Map<string, { row: Row; i: number }>;
      const chosen = kinds.get('median') ?? kinds.get('mean');
      if (!chosen) continue; // only stddev/cv rows, or a BigO fit: nothing per iteration
      const m = metricsOf(chosen.row);
      if (typeof m === 'string') out.refuse(where(chosen.i), name, m);
      else
        out.add(where(chosen.i), name, m, {
          repetitions: Number(chosen.row.repetitions ?? 0),
          aggregate: String(chosen.row.aggregate_name),
        });
    }
  }
  if (out.empty && problems.length === 0)
    throw new HarnessOutputError(
      'google-benchmark',
      EXPECTED,
      'the "benchmarks" array is empty (did --benchmark_filter match nothing?)',
    );
  return out.report(problems);
}
