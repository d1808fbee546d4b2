/**
 * Per benchmark × metric analysis, then the suite-wide step: Benjamini–Hochberg across gated
 * rows, verdicts, summary (docs/ARCHITECTURE.md §4). Same-job pairs: paired log-ratios with the
 * signed-rank interval. Samples from different sessions: the random-session-effect model of
 * stats/sessions.ts, which refuses to gate on a single baseline session.
 */
import { comparePaired, costChange, costInterval, type Direction, geomeanChange, verdictOf } from '../stats/verdict.js';
import { compareSessions, sessionCentre } from '../stats/sessions.js';
import { adjustBH } from '../stats/multiple.js';
import { tukeyFences } from '../stats/outliers.js';
import { mdeOfInterval } from '../stats/mde.js';
import { median } from 'simple-statistics';
import { formatLevel } from '../results/format.js';
import type { BenchmarkResult } from '../results/results-doc.js';
import { dict } from '../tools/dict.js';
import type { ComparisonDoc, ComparisonRow } from './comparison-doc.js';

/**
 * The metric that stands for a benchmark's change, and the suite-wide geometric mean's: time
 * first, since that is what a change costs its users (cache misses and mispredicted branches
 * move time with the instruction count unchanged), then the counters.
 */
export const PRIMARY_METRICS: readonly string[] = ['task-clock', 'wall', 'instructions', 'cycles'];

function outlierCount(values: number[]): number {
  if (values.length < 4) return 0;
  const c = tukeyFences(values).counts;
  return c.mild + c.severe;
}

interface MetricPair {
  metric: string;
  unit: string;
  threshold: number | null;
  higher: boolean;
  base: number[];
  head: number[];
}

/** The fields every row of a benchmark × metric has, whichever design compared it. */
function commonFields(head: BenchmarkResult, m: MetricPair) {
  return {
    benchmark: head.name,
    metric: m.metric,
    unit: m.unit,
    ...(m.higher ? { direction: 'higher' as const } : {}),
    ...(head.harness ? { entry: head.harness.entry } : {}),
    gated: m.threshold !== null,
    threshold: m.threshold,
    n: { base: m.base.length, head: m.head.length },
    median: { base: median(m.base), head: median(m.head) },
    pAdjusted: null,
  };
}

/** A row with a real interval (finite, at a level above 0): one that can be classified or combined. */
export function hasInterval(r: ComparisonRow): boolean {
  return Number.isFinite(r.change) && r.ci.every(Number.isFinite) && r.confLevel > 0;
}

/**
 * The row with its minimum detectable change, when it has an interval; `df` for the session
 * model's t interval (K − 1), none for the signed-rank interval of pairs.
 */
function withMde(row: ComparisonRow, df?: number): ComparisonRow {
  const mde = hasInterval(row) ? mdeOfInterval(row.ci, row.confLevel, df) : null;
  return mde === null ? row : { ...row, mde };
}

/** A gated metric whose values can be 0 or negative: there is no log ratio to test. */
function noLogRatio(common: ReturnType<typeof commonFields>, confLevel: number): ComparisonRow {
  return {
    ...common,
    verdict: 'inconclusive',
    change: NaN,
    ci: [NaN, NaN],
    confLevel,
    p: null,
    outliers: 0,
    note: 'zero or negative values: no log ratio',
  };
}

/** Rows for one benchmark measured as pairs in one job, complete on both sides. */
export function analyzeBenchmark(base: BenchmarkResult, head: BenchmarkResult, confLevel: number): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  // Metric names come from harnesses (`constructor`): look them up where nothing is inherited.
  const thresholds = dict({ ...base.threshold, ...head.threshold });
  const baseMetrics = dict(base.metrics);
  for (const [metric, h] of Object.entries(head.metrics)) {
    const b = baseMetrics[metric];
    if (!b || b.unit !== h.unit || b.samples.length === 0 || h.samples.length === 0) continue;
    const threshold = thresholds[metric] ?? null;
    const gated = threshold !== null;
    const positive = [...b.samples, ...h.samples].every((v) => v > 0);
    const higher = h.direction === 'higher' || b.direction === 'higher';
    const common = commonFields(head, { metric, unit: h.unit, threshold, higher, base: b.samples, head: h.samples });
    if (!positive) {
      // Counts that can be 0 (context switches, migrations) have no log ratio; only a gated
      // metric deserves a row saying so.
      if (gated) rows.push(noLogRatio(common, confLevel));
      continue;
    }
    if (b.samples.length !== h.samples.length) {
      throw new RangeError(
        `${head.name} ${metric}: paired design needs equal sample counts (base ${b.samples.length}, head ${h.samples.length})`,
      );
    }
    // A context row (no threshold) is tested against zero change: its verdict says only whether
    // the interval excludes 0, and it never counts towards the gate.
    // Higher is better: analyse the cost 1/x, so a drop is a positive change and the one-sided
    // p, the verdict and BH treat it as a regression exactly as a slowdown; then report the
    // change in the metric's own terms (1/(1+c) − 1, interval ends swapped).
    const cost = (xs: number[]): number[] => (higher ? xs.map((v) => 1 / v) : xs);
    const cmp = inMetricTerms(
      comparePaired(cost(b.samples), cost(h.samples), { threshold: threshold ?? 0, confLevel }),
      common.direction,
    );
    const outliers = outlierCount(h.samples.map((v, i) => Math.log(v / (b.samples[i] as number))));
    // The verdict from the interval as stored, by the rule shard merge re-applies to it.
    const verdict = verdictOf(cmp.ci, cmp.confLevel, threshold ?? 0, common.direction);
    const row: ComparisonRow = withMde({
      ...common,
      verdict,
      change: cmp.change,
      ci: cmp.ci,
      confLevel: cmp.confLevel,
      p: gated ? cmp.p : null,
      outliers,
    });
    // Few pairs, or many tied ones, cannot reach the level asked for; R then reports the level
    // reached, and the row says so, since the report's footer names the level asked for.
    const pairs = b.samples.length;
    if (!hasInterval(row))
      row.note = `${pairs} pairs, mostly tied, reach no interval at ${formatLevel(confLevel)}: more iterations needed`;
    else if (row.confLevel < confLevel - 5e-4)
      row.note = `${pairs} pairs reach only ${formatLevel(row.confLevel)} confidence, not ${formatLevel(confLevel)}${cmp.exact ? '' : ' (tied ratios)'}`;
    rows.push(row);
  }
  return rows;
}

/** A change of the cost 1/x back in the metric's own terms (1/(1+c) − 1, interval ends swapped). */
function inMetricTerms<T extends { change: number; ci: [number, number] }>(cmp: T, direction: Direction): T {
  return { ...cmp, change: costChange(cmp.change, direction), ci: costInterval(cmp.ci, direction) };
}

/**
 * Rows for one benchmark measured in one head session against the same benchmark in K baseline
 * sessions (each complete). The within-session spread is not used for the interval: only the
 * spread of the session centres, which carries the session-to-session drift.
 */
export function analyzeSessions(bases: BenchmarkResult[], head: BenchmarkResult, confLevel: number): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const last = bases[bases.length - 1];
  if (!last) return rows;
  const thresholds = dict({ ...last.threshold, ...head.threshold });
  for (const [metric, h] of Object.entries(head.metrics)) {
    const sessions = bases
      .map((b) => dict(b.metrics)[metric])
      .filter((m) => m !== undefined && m.unit === h.unit && m.samples.length > 0);
    if (sessions.length === 0 || h.samples.length === 0) continue;
    const threshold = thresholds[metric] ?? null;
    const gated = threshold !== null;
    const pooled = sessions.flatMap((m) => m?.samples ?? []);
    const higher = h.direction === 'higher' || sessions.some((m) => m?.direction === 'higher');
    const common = commonFields(head, { metric, unit: h.unit, threshold, higher, base: pooled, head: h.samples });
    if (![...pooled, ...h.samples].every((v) => v > 0)) {
      if (gated) rows.push(noLogRatio(common, confLevel));
      continue;
    }
    // Higher is better: the centre of the cost 1/x is minus the log of the median.
    const sign = higher ? -1 : 1;
    const cmp = inMetricTerms(
      compareSessions(
        sessions.map((m) => sign * sessionCentre(m?.samples ?? [])),
        sign * sessionCentre(h.samples),
        { threshold: threshold ?? 0, confLevel },
      ),
      common.direction,
    );
    rows.push(
      withMde(
        {
          ...common,
          verdict: verdictOf(cmp.ci, confLevel, threshold ?? 0, common.direction),
          change: cmp.change,
          ci: cmp.ci,
          confLevel,
          p: gated ? cmp.p : null,
          outliers: outlierCount(h.samples.map(Math.log)),
          sessions: { count: cmp.sessions, sd: cmp.sessionSd },
          ...(cmp.note ? { note: cmp.note } : {}),
        },
        cmp.sessions - 1,
      ),
    );
  }
  return rows;
}

/**
 * BH across gated rows, then the verdicts: a regression needs the interval beyond +θ AND an
 * adjusted p at most `fdr`, so many benchmarks do not multiply false alarms. When the sides are
 * not comparable, no row may claim a verdict.
 */
export function finalizeRows(rows: ComparisonRow[], fdr: number, comparable: boolean): ComparisonRow[] {
  const gatedIdx = rows.map((r, i) => (r.gated && r.p !== null ? i : -1)).filter((i) => i >= 0);
  const adjusted = adjustBH(gatedIdx.map((i) => rows[i]?.p as number));
  const out = rows.map((r) => ({ ...r }));
  gatedIdx.forEach((rowIndex, k) => {
    const row = out[rowIndex] as ComparisonRow;
    row.pAdjusted = adjusted[k] ?? null;
    if (row.verdict === 'regression' && row.pAdjusted !== null && row.pAdjusted > fdr) {
      row.verdict = 'inconclusive';
      row.note = `interval above +threshold but not significant after Benjamini–Hochberg (adjusted p ${row.pAdjusted.toPrecision(2)} > ${fdr})`;
    }
  });
  if (!comparable) {
    for (const row of out) {
      if (row.gated) {
        row.verdict = 'inconclusive';
        row.note = 'not gated: the two sides are not comparable';
      }
    }
  }
  return out;
}

export function summarize(rows: ComparisonRow[]): ComparisonDoc['summary'] {
  const gated = rows.filter((r) => r.gated);
  const count = (v: ComparisonRow['verdict']): number => gated.filter((r) => r.verdict === v).length;
  let geomean: ComparisonDoc['summary']['geomeanChange'] = null;
  for (const metric of PRIMARY_METRICS) {
    const usable = gated.filter((r) => r.metric === metric && hasInterval(r));
    if (usable.length === 0) continue;
    const g = geomeanChange(
      usable.map((r) => ({
        logEstimate: Math.log1p(r.change),
        logCi: [Math.log1p(r.ci[0]), Math.log1p(r.ci[1])] as [number, number],
        confLevel: r.confLevel,
      })),
    );
    geomean = { metric, change: g.change, ci: g.ci, benchmarks: usable.length };
    break;
  }
  const byEntry = geomeanByEntry(gated);
  return {
    regressions: count('regression'),
    improvements: count('improvement'),
    unchanged: count('unchanged'),
    inconclusive: count('inconclusive'),
    geomeanChange: geomean,
    ...(Object.keys(byEntry).length > 0 ? { geomeanByEntry: byEntry } : {}),
  };
}

type EntryGeomeans = NonNullable<ComparisonDoc['summary']['geomeanByEntry']>;

/**
 * One geometric mean per harness entry, over its benchmarks' primary metric: the gated metric
 * most of its rows carry (ties: first seen). A mean across different metrics (time and
 * throughput) would mix directions, so other metrics stay in their rows only.
 */
export function geomeanByEntry(gated: ComparisonRow[]): EntryGeomeans {
  const out: EntryGeomeans = {};
  const entries = new Map<string, ComparisonRow[]>();
  for (const r of gated) {
    if (r.entry === undefined || !hasInterval(r)) continue;
    const list = entries.get(r.entry) ?? [];
    list.push(r);
    entries.set(r.entry, list);
  }
  for (const [entry, rows] of entries) {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.metric, (counts.get(r.metric) ?? 0) + 1);
    const metric = [...counts.entries()].reduce((best, e) => (e[1] > best[1] ? e : best))[0];
    const usable = rows.filter((r) => r.metric === metric);
    const g = geomeanChange(
      usable.map((r) => ({
        logEstimate: Math.log1p(r.change),
        logCi: [Math.log1p(r.ci[0]), Math.log1p(r.ci[1])] as [number, number],
        confLevel: r.confLevel,
      })),
    );
    out[entry] = {
      metric,
      change: g.change,
      ci: g.ci,
      benchmarks: usable.length,
      ...(usable[0]?.direction ? { direction: usable[0].direction } : {}),
    };
  }
  return out;
}
