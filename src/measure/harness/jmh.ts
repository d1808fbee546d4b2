/**
 * JMH `-rf json -rff FILE`: an array with one object per benchmark × parameter set, e.g.
 *   {"benchmark": "org.example.MixBench.knob", "mode": "avgt", "threads": 1, "forks": 1,
 *    "params": {"size": "64"}, "primaryMetric": {"score": 4311.9, "scoreError": 12.1,
 *    "scoreUnit": "ns/op", "rawData": [[4301.2, 4320.7]]}, "secondaryMetrics": {...}}
 * `thrpt` (ops per time unit) is higher-is-better; `avgt`, `sample` and `ss` (time per op) lower.
 */
import { tryParse } from './salvage.js';
import { dict } from '../../tools/dict.js';
import {
  finite,
  HarnessOutputError,
  NS_PER,
  ReportBuilder,
  type HarnessMetric,
  type HarnessReport,
} from './harness-report.js';

const EXPECTED = 'the JSON array JMH writes with -rf json -rff FILE';
type Obj = Record<string, unknown>;
/** A field that should be text; anything else (a number, an object) reads as absent. */
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `ns/op` → time in ns; `ops/ms` → ops/s (higher); anything else kept in its own unit. */
function metric(score: number, unit: string, mode: string): HarnessMetric {
  const perOp = /^(ns|us|µs|ms|s)\/op$/.exec(unit);
  if (perOp) return { unit: 'ns', value: score * (NS_PER[perOp[1] as string] as number), direction: 'lower' };
  const rate = /^ops\/(ns|us|µs|ms|s|min)$/.exec(unit);
  if (rate) {
    const perSecond = rate[1] === 'min' ? 1 / 60 : 1e9 / (NS_PER[rate[1] as string] as number);
    return { unit: 'ops/s', value: score * perSecond, direction: 'higher' };
  }
  return { unit, value: score, direction: mode === 'thrpt' ? 'higher' : 'lower' };
}

export function parseJmh(text: string): HarnessReport {
  const doc = tryParse(text);
  if (!Array.isArray(doc))
    throw new HarnessOutputError(
      'jmh',
      EXPECTED,
      text.trim() === ''
        ? 'empty file'
        : doc === null
          ? `not complete JSON (${text.length} bytes; JMH writes the file when all forks finish)`
          : 'not an array',
    );
  const problems: string[] = [];
  const out = new ReportBuilder();
  for (const [i, r] of doc.entries()) {
    const row = r as Obj | null;
    const pm = row?.primaryMetric as Obj | undefined;
    if (!row || typeof row.benchmark !== 'string' || !pm || !finite(pm.score)) {
      problems.push(`[${i}]: no "benchmark" with a primaryMetric.score`);
      continue;
    }
    const params =
      row.params && typeof row.params === 'object'
        ? Object.entries(row.params as Obj).map(([k, v]) => `${k}=${String(v)}`)
        : [];
    const name = `${row.benchmark}${params.length > 0 ? `:${params.join(',')}` : ''}`;
    const mode = str(row.mode);
    const metrics = dict<HarnessMetric>([['score', metric(pm.score, str(pm.scoreUnit), mode)]]);
    for (const [key, s] of Object.entries((row.secondaryMetrics as Obj | undefined) ?? {})) {
      const sm = s as Obj | null;
      // JMH prefixes profiler metrics with a middle dot: "·gc.alloc.rate.norm".
      if (sm && finite(sm.score))
        metrics[key.replace(/^\u00b7/, '').replace(/[^A-Za-z0-9._-]/g, '_')] = metric(sm.score, str(sm.scoreUnit), '');
    }
    const context = dict<number | string>([['mode', mode]]);
    for (const k of ['forks', 'threads', 'measurementIterations'] as const) if (finite(row[k])) context[k] = row[k];
    out.add(`[${i}]`, name, metrics, context);
  }
  if (out.empty && problems.length === 0) throw new HarnessOutputError('jmh', EXPECTED, 'the array is empty');
  return out.report(problems);
}
