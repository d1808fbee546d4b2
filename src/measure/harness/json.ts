/**
 * perfgate's own format for custom metrics, for any program that can print JSON. One row per
 * benchmark × metric, either as a JSON array or as JSON Lines (one row per line, so a program
 * that dies mid-way keeps the rows it printed):
 *   {"name": "parse/large", "metric": "throughput", "unit": "MB/s", "value": 812.5, "direction": "higher"}
 *   {"name": "parse/large", "metric": "time", "unit": "ns", "values": [1201, 1189, 1210]}
 * `values` are repetitions inside one invocation: their median is its sample. `direction`
 * defaults to "lower" (lower is better). Names: any text; metric: letters, digits, `._-`.
 */
import { tryParse } from './salvage.js';
import { finite, HarnessOutputError, medianOf, type HarnessBenchmark, type HarnessReport } from './types.js';

const EXPECTED = 'JSON rows {"name", "metric", "unit", "value" or "values", "direction"?: "lower"|"higher"}, as an array or one per line';
const METRIC = /^[A-Za-z0-9._-]+$/;

export function parseJsonMetrics(text: string): HarnessReport {
  const problems: string[] = [];
  let rows: { row: unknown; where: string }[];
  const trimmed = text.trim();
  if (trimmed === '') throw new HarnessOutputError('json', EXPECTED, 'empty output');
  if (trimmed.startsWith('[')) {
    const doc = tryParse(trimmed);
    if (!Array.isArray(doc)) throw new HarnessOutputError('json', EXPECTED, 'the array is not complete JSON');
    rows = doc.map((row, i) => ({ row, where: `[${i}]` }));
  } else {
    rows = [];
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      const row = tryParse(line);
      if (row === null) problems.push(`line ${i + 1} is not a JSON row: ${JSON.stringify(line.slice(0, 80))}`);
      else rows.push({ row, where: `line ${i + 1}` });
    }
  }
  const byName = new Map<string, HarnessBenchmark>();
  for (const { row, where } of rows) {
    const r = row as Record<string, unknown> | null;
    const values = Array.isArray(r?.values) ? (r.values as unknown[]) : finite(r?.value) ? [r.value] : [];
    const bad =
      !r || typeof r !== 'object' ? 'not an object'
      : typeof r.name !== 'string' || r.name === '' ? 'no "name"'
      : typeof r.metric !== 'string' || !METRIC.test(r.metric) ? `bad "metric" ${JSON.stringify(r.metric)} (letters, digits, . _ - only)`
      : typeof r.unit !== 'string' ? 'no "unit"'
      : values.length === 0 || !values.every(finite) ? 'no numeric "value" or "values"'
      : r.direction !== undefined && r.direction !== 'lower' && r.direction !== 'higher' ? `"direction" ${JSON.stringify(r.direction)}: expected "lower" or "higher"`
      : null;
    if (bad || !r) {
      problems.push(`${where}: ${bad}`);
      continue;
    }
    const name = r.name as string;
    const b = byName.get(name) ?? { name, metrics: {}, context: {} };
    b.metrics[r.metric as string] = { unit: r.unit as string, value: medianOf(values as number[]), direction: r.direction === 'higher' ? 'higher' : 'lower' };
    if (values.length > 1) b.context[`${String(r.metric)}-repetitions`] = values.length;
    byName.set(name, b);
  }
  if (byName.size === 0) throw new HarnessOutputError('json', EXPECTED, problems[0] ?? 'no rows');
  return { benchmarks: [...byName.values()], problems };
}
