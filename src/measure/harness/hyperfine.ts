/**
 * hyperfine `--export-json FILE`. 1.x (1.15.0 here), seconds:
 *   {"results": [{"command": "sleep 0.01", "mean": 0.01285, "stddev": 0.00211, "median": 0.01204,
 *     "user": 0.00098, "system": 0.0, "min": 0.01105, "max": 0.01590, "times": [...], "exit_codes": [0, ...]}]}
 * Schema 2 (upstream, `"schema_version": 2`) adds metadata and a per-command summary with units:
 *   "summary": {"time_wall_clock": {"unit": "second", "count": 10, "mean": ..., "median": ...}, "time_user": {...}, ...}
 * Each command is one benchmark; the median of its runs is the invocation's sample.
 */
import { tryParse } from './salvage.js';
import { dict } from '../../tools/dict.js';
import { finite, HarnessOutputError, ReportBuilder, type HarnessMetric, type HarnessReport } from './harness-report.js';

const EXPECTED = 'the JSON file hyperfine --export-json FILE writes, with a "results" array';
const UNIT_SCALE: Record<string, { unit: string; scale: number }> = dict({
  second: { unit: 'ns', scale: 1e9 },
  millisecond: { unit: 'ns', scale: 1e6 },
  microsecond: { unit: 'ns', scale: 1e3 },
  nanosecond: { unit: 'ns', scale: 1 },
  byte: { unit: 'B', scale: 1 },
  kibibyte: { unit: 'B', scale: 1024 },
});
/** Schema-2 summary keys → metric names, the same names as the 1.x fields get. */
const SUMMARY: Record<string, string> = dict({
  time_wall_clock: 'time',
  time_user: 'user',
  time_system: 'system',
  memory_peak_resident: 'max-rss',
});

type Obj = Record<string, unknown>;

export function parseHyperfine(text: string): HarnessReport {
  const doc = tryParse(text) as Obj | null;
  if (!doc || !Array.isArray(doc.results)) {
    throw new HarnessOutputError(
      'hyperfine',
      EXPECTED,
      text.trim() === ''
        ? 'empty file'
        : doc
          ? 'no "results" array'
          : `not complete JSON (${text.length} bytes; hyperfine writes the file when it finishes)`,
    );
  }
  const problems: string[] = [];
  const out = new ReportBuilder();
  for (const [i, r] of (doc.results as unknown[]).entries()) {
    if (!r || typeof r !== 'object' || typeof (r as Obj).command !== 'string') {
      problems.push(`results[${i}] has no "command"`);
      continue;
    }
    const row = r as Obj;
    // `--command-name` replaces the command here; parameter scans give one command per value.
    const name = String(row.command);
    const metrics = dict<HarnessMetric>();
    const summary = row.summary && typeof row.summary === 'object' ? (row.summary as Obj) : null;
    if (summary) {
      for (const [key, s] of Object.entries(summary)) {
        const stat = s as Obj | null;
        if (!stat || !finite(stat.median)) continue;
        const u = UNIT_SCALE[typeof stat.unit === 'string' ? stat.unit : ''] ?? { unit: 'count', scale: 1 };
        metrics[SUMMARY[key] ?? key.replace(/_/g, '-')] = {
          unit: u.unit,
          value: stat.median * u.scale,
          direction: 'lower',
        };
      }
    } else {
      if (finite(row.median)) metrics.time = { unit: 'ns', value: row.median * 1e9, direction: 'lower' };
      else if (finite(row.mean)) metrics.time = { unit: 'ns', value: row.mean * 1e9, direction: 'lower' };
      // user and system are means over the runs (hyperfine 1.x keeps no per-run CPU times).
      for (const k of ['user', 'system'] as const)
        if (finite(row[k])) metrics[k] = { unit: 'ns', value: row[k] * 1e9, direction: 'lower' };
    }
    if (!metrics.time) {
      problems.push(`${name}: no median time`);
      continue;
    }
    const codes = Array.isArray(row.exit_codes) ? (row.exit_codes as unknown[]) : [];
    const bad = codes.filter((c) => c !== 0);
    if (bad.length > 0)
      problems.push(
        `${name}: ${bad.length} of ${codes.length} runs exited non-zero (${[...new Set(bad)].join(', ')}); hyperfine ran it with --ignore-failure`,
      );
    const runs = Array.isArray(row.times)
      ? row.times.length
      : finite((summary?.time_wall_clock as Obj | undefined)?.count)
        ? Number((summary?.time_wall_clock as Obj).count)
        : null;
    out.add(`results[${i}]`, name, metrics, runs === null ? {} : { runs });
  }
  if (out.empty && problems.length === 0)
    throw new HarnessOutputError('hyperfine', EXPECTED, 'the "results" array is empty');
  return out.report(problems);
}
