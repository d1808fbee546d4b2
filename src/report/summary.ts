/**
 * The per-benchmark summary of one results.json (median, min, max, CV per metric), rendered
 * for the terminal and as markdown for the job summary from the same rows.
 */
import { escapeMarkdown } from './escape.js';
import { markdownTable } from 'markdown-table';
import { max, mean, median, min, sampleStandardDeviation } from 'simple-statistics';
import type { ResultsDoc } from '../results/results-doc.js';
import { formatValue, textTable } from '../results/format.js';

export interface SummaryRow {
  benchmark: string;
  status: string;
  metric: string;
  unit: string;
  n: number;
  median: number;
  min: number;
  max: number;
  /** Coefficient of variation (sd / mean), null below two samples or for a zero mean. */
  cv: number | null;
}

const ORDER = ['task-clock', 'instructions', 'wall', 'cycles', 'user', 'sys'];
function metricRank(m: string): number {
  const i = ORDER.indexOf(m);
  return i === -1 ? ORDER.length : i;
}

export function summaryRows(doc: ResultsDoc): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const b of doc.benchmarks) {
    const metrics = Object.entries(b.metrics)
      .filter(([, s]) => s.samples.length > 0)
      .sort(([a], [c]) => metricRank(a) - metricRank(c) || a.localeCompare(c));
    if (metrics.length === 0) {
      rows.push({
        benchmark: b.name,
        status: b.status,
        metric: '-',
        unit: '',
        n: 0,
        median: NaN,
        min: NaN,
        max: NaN,
        cv: null,
      });
    }
    for (const [metric, s] of metrics) {
      const m = mean(s.samples);
      rows.push({
        benchmark: b.name,
        status: b.status,
        metric,
        unit: s.unit,
        n: s.samples.length,
        median: median(s.samples),
        min: min(s.samples),
        max: max(s.samples),
        cv: s.samples.length > 1 && m !== 0 ? sampleStandardDeviation(s.samples) / Math.abs(m) : null,
      });
    }
  }
  return rows;
}

function cells(r: SummaryRow): string[] {
  const u = formatValue(r.median, r.unit).unit;
  return [
    r.benchmark,
    r.status,
    r.metric,
    u,
    String(r.n),
    formatValue(r.median, r.unit).text,
    formatValue(r.min, r.unit, r.median).text,
    formatValue(r.max, r.unit, r.median).text,
    r.cv === null ? '-' : `${(r.cv * 100).toFixed(2)}%`,
  ];
}

const HEAD = ['benchmark', 'status', 'metric', 'unit', 'n', 'median', 'min', 'max', 'CV'];

export function renderSummaryText(doc: ResultsDoc): string {
  const out = [textTable(HEAD, summaryRows(doc).map(cells), new Set([4, 5, 6, 7, 8]))];
  const problems = doc.benchmarks.filter((b) => b.status !== 'ok');
  for (const b of problems) out.push(`${b.name}: ${b.status}: ${b.error ?? ''}`.trimEnd());
  out.push(`backend: ${doc.backendReason}`);
  return `${out.join('\n')}\n`;
}

// Re-exported for callers that found it here first; the definition lives in escape.ts.

/** `heading: false`: under a caller's own headline (the baseline job summary's). */
export function renderSummaryMarkdown(doc: ResultsDoc, opts: { heading?: boolean } = {}): string {
  // Names, status, metric and unit come from the results file.
  const rows = summaryRows(doc).map((r) => cells(r).map((c, i) => (i < 4 ? escapeMarkdown(c) : c)));
  const failed = doc.benchmarks.filter((b) => b.status !== 'ok');
  const parts = [
    ...(opts.heading === false
      ? []
      : [`### perfgate: ${doc.benchmarks.length} benchmarks, backend \`${doc.backend}\``, '']),
    markdownTable([HEAD, ...rows], { align: ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'] }),
    '',
    `Backend: ${escapeMarkdown(doc.backendReason)}`,
  ];
  if (failed.length > 0) {
    parts.push('', `**${failed.length} benchmark(s) did not complete:**`, '');
    for (const b of failed)
      parts.push(`- ${escapeMarkdown(b.name)}: ${b.status}: ${escapeMarkdown((b.error ?? '').slice(0, 500))}`);
  }
  return `${parts.join('\n')}\n`;
}
