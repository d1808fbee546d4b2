/**
 * perfgate's own format for custom metrics, for any program that can print JSON. One row per
 * benchmark × metric, either as a JSON array or as JSON Lines (one row per line, so a program
 * that dies mid-way keeps the rows it printed):
 *   {"name": "parse/large", "metric": "throughput", "unit": "MB/s", "value": 812.5, "direction": "higher"}
 *   {"name": "parse/large", "metric": "time", "unit": "ns", "values": [1201, 1189, 1210]}
 * `values` are repetitions inside one invocation: their median is its sample. `direction`
 * defaults to "lower" (lower is better). Names: any text; metric: letters, digits, `._-`.
 * A second row for the same name and metric is refused with the first (docs/harnesses.md):
 * repetitions go in `values`.
 */
import { dict } from '../../tools/dict.js';
import { sampleValueProblem } from '../../results/check.js';
import { arrayFrom, tryParse } from './salvage.js';
import {
  finite,
  HarnessOutputError,
  lineLocator,
  medianOf,
  ReportBuilder,
  type HarnessMetric,
  type HarnessReport,
} from './harness-report.js';

const EXPECTED =
  'JSON rows {"name", "metric", "unit", "value" or "values", "direction"?: "lower"|"higher"}, as an array or one per line';
const METRIC = /^[A-Za-z0-9._-]+$/;

export function parseJsonMetrics(text: string): HarnessReport {
  const problems: string[] = [];
  let rows: { row: unknown; where: string }[];
  const trimmed = text.trim();
  if (trimmed === '') throw new HarnessOutputError('json', EXPECTED, 'empty output');
  if (trimmed.startsWith('[')) {
    const doc = tryParse(trimmed);
    if (!Array.isArray(doc)) throw new HarnessOutputError('json', EXPECTED, 'the array is not complete JSON');
    // The line each row starts on, when every row is an object the scanner can place.
    const spans = arrayFrom(text, text.indexOf('[') + 1);
    const line = lineLocator(text);
    const placed = spans.items.length === doc.length;
    rows = doc.map((row: unknown, i) => ({
      row,
      where: placed ? `line ${line(spans.starts[i] as number)}` : `[${i}]`,
    }));
  } else {
    rows = [];
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      const row = tryParse(line);
      if (row === null) problems.push(`line ${i + 1} is not a JSON row: ${JSON.stringify(line.slice(0, 80))}`);
      else rows.push({ row, where: `line ${i + 1}` });
    }
  }
  interface Named {
    where: string;
    metrics: Record<string, HarnessMetric & { where: string }>;
    context: Record<string, number>;
    bad: boolean;
  }
  const byName = new Map<string, Named>();
  const out = new ReportBuilder();
  for (const { row, where } of rows) {
    const r = row as Record<string, unknown> | null;
    const values = Array.isArray(r?.values) ? (r.values as unknown[]) : r?.value !== undefined ? [r.value] : [];
    const bad =
      !r || typeof r !== 'object' || Array.isArray(r)
        ? 'not an object'
        : typeof r.name !== 'string' || r.name === ''
          ? 'no "name"'
          : typeof r.metric !== 'string' || !METRIC.test(r.metric)
            ? `bad "metric" ${JSON.stringify(r.metric)} (letters, digits, . _ - only)`
            : typeof r.unit !== 'string'
              ? 'no "unit"'
              : values.length === 0 || !values.every(finite)
                ? 'no numeric "value" or "values"'
                : r.direction !== undefined && r.direction !== 'lower' && r.direction !== 'higher'
                  ? `"direction" ${JSON.stringify(r.direction)}: expected "lower" or "higher"`
                  : null;
    if (bad || !r) {
      problems.push(`${where}: ${bad}`);
      continue;
    }
    const name = r.name as string;
    const metric = r.metric as string;
    const b = byName.get(name) ?? { where, metrics: dict(), context: dict(), bad: false };
    byName.set(name, b);
    if (b.bad) continue;
    const first = b.metrics[metric];
    if (first) {
      out.refuse(
        where,
        name,
        `a second "${metric}" row (first at ${first.where}): a benchmark × metric is reported once per invocation; put repetitions in "values"`,
      );
      b.bad = true;
      continue;
    }
    const impossible = (values as number[]).findIndex((v) => sampleValueProblem(metric, v) !== null);
    if (impossible >= 0) {
      const v = (values as number[])[impossible] as number;
      out.refuse(
        where,
        name,
        `"${metric}" ${values.length > 1 ? `value ${impossible} ` : ''}is ${v}: ${sampleValueProblem(metric, v) ?? ''}`,
      );
      b.bad = true;
      continue;
    }
    b.metrics[metric] = {
      unit: r.unit as string,
      value: medianOf(values as number[]),
      direction: r.direction === 'higher' ? 'higher' : 'lower',
      where,
    };
    if (values.length > 1) b.context[`${metric}-repetitions`] = values.length;
  }
  for (const [name, b] of byName) {
    if (b.bad) continue;
    out.add(
      b.where,
      name,
      dict(
        Object.entries(b.metrics).map(
          ([k, m]) => [k, { unit: m.unit, value: m.value, direction: m.direction }] as const,
        ),
      ),
      b.context,
    );
  }
  if (out.empty) throw new HarnessOutputError('json', EXPECTED, problems[0] ?? 'no rows');
  return out.report(problems);
}
