/**
 * The per-benchmark summary of one results.json (median, min, max, CV per metric), rendered
 * for the terminal and as markdown for the job summary from the same rows.
 */
import { markdownTable } from 'markdown-table';
import { max, mean, median, min, sampleStandardDeviation } from 'simple-statistics';
import type { ResultsDoc } from '../results/types.js';

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
      rows.push({ benchmark: b.name, status: b.status, metric: '-', unit: '', n: 0, median: NaN, min: NaN, max: NaN, cv: null });
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

/** Nanoseconds read badly; show wall time in ms. */
function display(value: number, unit: string): { text: string; unit: string } {
  if (Number.isNaN(value)) return { text: '-', unit };
  if (unit === 'ns') return display(value / 1e6, 'ms');
  if (Number.isInteger(value) && Math.abs(value) >= 1000) return { text: value.toLocaleString('en-US'), unit };
  const abs = Math.abs(value);
  return { text: abs >= 100 ? value.toFixed(1) : abs >= 1 ? value.toFixed(3) : value.toPrecision(3), unit };
}

function cells(r: SummaryRow): string[] {
  const u = display(r.median, r.unit).unit;
  return [
    r.benchmark,
    r.status,
    r.metric,
    u,
    String(r.n),
    display(r.median, r.unit).text,
    display(r.min, r.unit).text,
    display(r.max, r.unit).text,
    r.cv === null ? '-' : `${(r.cv * 100).toFixed(2)}%`,
  ];
}

const HEAD = ['benchmark', 'status', 'metric', 'unit', 'n', 'median', 'min', 'max', 'CV'];

export function renderSummaryText(doc: ResultsDoc): string {
  const rows = [HEAD, ...summaryRows(doc).map(cells)];
  const widths = HEAD.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const numeric = new Set([4, 5, 6, 7, 8]);
  const line = (r: string[]): string =>
    r.map((v, c) => (numeric.has(c) ? v.padStart(widths[c] ?? 0) : v.padEnd(widths[c] ?? 0))).join('  ').trimEnd();
  const out = [line(rows[0] ?? HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  const problems = doc.benchmarks.filter((b) => b.status !== 'ok');
  for (const b of problems) out.push(`${b.name}: ${b.status}: ${b.error ?? ''}`.trimEnd());
  out.push(`backend: ${doc.backendReason}`);
  return `${out.join('\n')}\n`;
}

/** Markdown-safe text: benchmark names and errors must not become markup or mentions. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`).replace(/@/g, '@\u200b').replace(/\n/g, ' ');
}

export function renderSummaryMarkdown(doc: ResultsDoc): string {
  const rows = summaryRows(doc).map((r) => cells(r).map((c, i) => (i < 3 ? escapeMarkdown(c) : c)));
  const failed = doc.benchmarks.filter((b) => b.status !== 'ok');
  const parts = [
    `### perfgate: ${doc.benchmarks.length} benchmarks, backend \`${doc.backend}\``,
    '',
    markdownTable([HEAD, ...rows], { align: ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'] }),
    '',
    `Backend: ${escapeMarkdown(doc.backendReason)}`,
  ];
  if (failed.length > 0) {
    parts.push('', `**${failed.length} benchmark(s) did not complete:**`, '');
    for (const b of failed) parts.push(`- ${escapeMarkdown(b.name)}: ${b.status}: ${escapeMarkdown((b.error ?? '').slice(0, 500))}`);
  }
  return `${parts.join('\n')}\n`;
}
