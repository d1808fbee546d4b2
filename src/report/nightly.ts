/**
 * The job summary of a baseline run (a nightly, a push to main): what moved since the previous
 * recorded run on the same ref, the open alert issue, this session's table, and the host checks
 * last (issue 20 item 13). Pure: the history records and the alert come in, markdown goes out.
 *
 * The comparison with the previous night is of two medians, one session each: sessions differ
 * by more than θ now and then with nothing changed (docs/ARCHITECTURE.md §4), so a move here is
 * a lead and says so; the history's change points, confirmed by paired runs, raise the alert.
 */
import { markdownTable } from 'markdown-table';
import type { HistoryRecord } from '../results/history-record.js';
import type { ResultsDoc } from '../results/results-doc.js';
import { formatPercent, formatThreshold, formatValue } from '../results/format.js';
import { costChange } from '../stats/verdict.js';
import { escapeMarkdown, markdownCode } from './escape.js';
import { renderJobSummary } from './job-summary.js';
import { renderSummaryMarkdown } from './summary.js';

/** One series of this run beside the previous night's point. */
export interface NightMove {
  benchmark: string;
  metric: string;
  unit: string;
  before: number;
  after: number;
  /** after / before − 1. */
  change: number;
  threshold: number | null;
  /** Beyond θ in cost terms (a throughput's drop is a slowdown): `slower`, `faster`, or null. */
  moved: 'slower' | 'faster' | null;
}

export interface PreviousNight {
  commit: string;
  date: string;
  runUrl?: string;
  moves: NightMove[];
}

/**
 * The run before this one on the same ref: the newest date earlier than this run's among the
 * suite's records (one run writes all its records with one date), each of this run's series
 * beside it. Null when there is none (the first night, or another ref's history only).
 */
export function previousNight(
  records: readonly HistoryRecord[],
  tonight: readonly HistoryRecord[],
): PreviousNight | null {
  const first = tonight[0];
  if (!first) return null;
  const at = Date.parse(first.date);
  let newest: HistoryRecord | null = null;
  for (const r of records) {
    if (r.suite !== first.suite || r.ref !== first.ref || Date.parse(r.date) >= at) continue;
    if (newest === null || Date.parse(r.date) > Date.parse(newest.date)) newest = r;
  }
  if (!newest) return null;
  const prev = new Map(
    records
      .filter((r) => r.suite === first.suite && r.date === newest.date)
      .map((r) => [`${r.benchmark}|${r.metric}`, r]),
  );
  const moves: NightMove[] = [];
  for (const r of tonight) {
    const p = prev.get(`${r.benchmark}|${r.metric}`);
    if (!p || p.median === 0 || !Number.isFinite(p.median) || !Number.isFinite(r.median)) continue;
    const change = r.median / p.median - 1;
    const theta = r.threshold ?? null;
    const cost = costChange(change, r.direction);
    moves.push({
      benchmark: r.benchmark,
      metric: r.metric,
      unit: r.unit,
      before: p.median,
      after: r.median,
      change,
      threshold: theta,
      moved: theta === null ? null : cost > theta ? 'slower' : cost < -theta ? 'faster' : null,
    });
  }
  return { commit: newest.commit, date: newest.date, ...(newest.runUrl ? { runUrl: newest.runUrl } : {}), moves };
}

export interface NightlyAlert {
  number: number;
  url: string;
  state: 'open' | 'closed';
}

export interface NightlyInput {
  doc: ResultsDoc;
  /** null: no earlier run on this ref; undefined: no history to ask (off, or unreadable): nothing said. */
  previous?: PreviousNight | null;
  /** The suite's alert issue, when there is one. */
  alert?: NightlyAlert | null;
  /** Lines for after the table: where the history and the baseline went (markdown, ours). */
  notes?: string;
  /** The host checks (a `<details>` block), last. */
  host?: string;
}

const value = (v: number, unit: string): string => {
  const f = formatValue(v, unit);
  return `${f.text} ${f.unit}`;
};

function sinceLastNight(p: PreviousNight | null | undefined): string {
  if (p === undefined) return '';
  if (!p) return '**Since the previous run:** none recorded on this ref yet; the next run compares with this one.\n';
  const run = p.runUrl ? ` ([run](${p.runUrl}))` : '';
  const head = `**Since the previous run** (${markdownCode(p.commit.slice(0, 7))}, ${p.date.slice(0, 10)}${run}):`;
  const moved = p.moves.filter((m) => m.moved !== null);
  if (moved.length === 0) return `${head} no series moved beyond its noise threshold θ (${p.moves.length} compared).\n`;
  const rows = moved
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .map((m) => [
      escapeMarkdown(m.benchmark),
      escapeMarkdown(m.metric),
      value(m.before, m.unit),
      value(m.after, m.unit),
      `${formatPercent(m.change)} (${m.moved})`,
      formatThreshold(m.threshold),
    ]);
  return [
    `${head} ${moved.length} of ${p.moves.length} series moved beyond θ.`,
    '',
    markdownTable([['benchmark', 'metric', 'previous', 'this run', 'change', 'θ'], ...rows], {
      align: ['l', 'l', 'r', 'r', 'r', 'r'],
    }),
    '',
    'Medians of one session each: a lead, not a verdict (sessions drift apart now and then with nothing changed). The history’s change points, confirmed by paired runs, raise the alert issue.',
    '',
  ].join('\n');
}

function alertLine(a: NightlyAlert | null | undefined): string {
  if (!a || a.state !== 'open') return '';
  return `🔔 Open alert issue: [#${a.number}](${a.url}): main has regressions that are not fixed yet.\n`;
}

export function renderNightlySummary(input: NightlyInput): string {
  const { doc } = input;
  const at = doc.git.sha ? ` at ${markdownCode(doc.git.sha.slice(0, 7))}` : '';
  const failed = doc.benchmarks.filter((b) => b.status !== 'ok').length;
  const verdict = `### perfgate baseline run${at}: ${doc.benchmarks.length - failed} of ${doc.benchmarks.length} benchmarks measured\n`;
  return renderJobSummary({
    verdict: [verdict, alertLine(input.alert), sinceLastNight(input.previous)].filter((s) => s !== '').join('\n'),
    sections: [renderSummaryMarkdown(doc, { heading: false }), input.notes ?? ''],
    host: input.host ?? '',
  });
}
