/**
 * Trend charts for the PR comment and the job summary (issue 13 item 4): a benchmark's history
 * on main as a Mermaid `xychart-beta` line chart, which GitHub renders in comments, summaries
 * and issues, with where this PR's head lands, plus the same numbers in a table for readers
 * (and mail notifications) without Mermaid.
 *
 * The head is drawn as a second line that follows main and then forks off to the head value in
 * one extra category (`PR abc1234`), while main carries its newest value flat into that
 * category: xychart-beta has no point markers and no gaps (a series shorter than the axis ends
 * in a `NaN` path coordinate in Mermaid 12), so both series span every category, and main,
 * drawn last and on top, hides the PR's line except where the two part. Pure: no I/O.
 */
import { markdownTable } from 'markdown-table';
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { seriesKey } from '../results/history-record.js';
import { TIME_NS, formatPercent, formatValue } from '../results/format.js';
import { escapeMarkdown } from './escape.js';

/** One point of main's history (a `HistoryPoint` fits). */
export interface TrendPoint {
  commit: string;
  /** ISO 8601. */
  date: string;
  value: number;
}

export interface TrendInput {
  benchmark: string;
  metric: string;
  /** Unit of the values as recorded (`ns`, `ms`, `count`, ...). */
  unit: string;
  /** Main's history in date order, oldest first. */
  points: readonly TrendPoint[];
  /** This PR's head, measured in the PR's job. */
  head?: { commit: string; value: number };
}

export interface TrendOptions {
  /** Main points shown (the newest). Default 20. */
  maxPoints?: number;
}

/** Fifteen commits and the PR fit the axis with 7-character labels at the width below. */
export const DEFAULT_TREND_POINTS = 15;

/** Series colours: the PR's line first (drawn underneath), main's second. */
const MAIN_COLOUR = '#1f77b4';
const PALETTE = `#d62728, ${MAIN_COLOUR}`;

/** How values are shown on the chart's axis: a factor and the unit it leads to. */
export interface ChartScale {
  factor: number;
  unit: string;
}

/**
 * The axis unit for values up to `maxAbs`: times in the largest of s/ms/µs/ns that keeps the
 * numbers ≥ 1; counts and other units in thousands/millions/billions once they pass 10,000, so
 * the axis labels stay short.
 */
export function chartScale(unit: string, maxAbs: number): ChartScale {
  if (unit === 'ns' || unit === 'ms') {
    const ns = unit === 'ms' ? 1e6 : 1;
    const [f, u] = TIME_NS.find(([f]) => maxAbs * ns >= f) ?? [1, 'ns'];
    return { factor: ns / f, unit: u };
  }
  const prefixes: [number, string][] = [
    [1e9, 'billions'],
    [1e6, 'millions'],
    [1e4, 'thousands'],
  ];
  for (const [f, word] of prefixes) {
    if (maxAbs >= f) {
      const div = word === 'thousands' ? 1e3 : f;
      return { factor: 1 / div, unit: `${unit} (${word})` };
    }
  }
  return { factor: 1, unit };
}

/** Five significant digits: a 0.1% step stays visible, and the block stays short. */
function num(x: number): string {
  return String(Number(x.toPrecision(5)));
}

/**
 * Text inside a Mermaid quoted string: no quotes (they end it), no `#` (entity codes such as
 * `#quot;`), no `;`/newlines, and nothing that could close the markdown fence around it.
 */
function mermaidText(s: string): string {
  return s.replace(/[^A-Za-z0-9 ._/:+()[\],=@|·µ-]/g, '_').slice(0, 80);
}

const short = (sha: string): string => sha.slice(0, 7);

/** An axis range around the values with 10% room, rounded outwards to a readable step. */
function axisRange(values: readonly number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) * 0.02 || 1;
  lo -= span * 0.1;
  hi += span * 0.1;
  const step = 10 ** Math.floor(Math.log10(span)) / 10;
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  // Times and counts are never negative; an axis below zero only wastes room.
  if (lo < 0 && Math.min(...values) >= 0) lo = 0;
  return [Number(lo.toPrecision(6)), Number(hi.toPrecision(6))];
}

/** The Mermaid source (without the fence) of one trend chart. Null when there is nothing to draw. */
export function trendMermaid(input: TrendInput, options: TrendOptions = {}): string | null {
  const points = input.points
    .slice(-(options.maxPoints ?? DEFAULT_TREND_POINTS))
    .filter((p) => Number.isFinite(p.value));
  const head = input.head && Number.isFinite(input.head.value) ? input.head : undefined;
  if (points.length === 0) return null;
  const all = [...points.map((p) => p.value), ...(head ? [head.value] : [])];
  const scale = chartScale(input.unit, Math.max(...all.map(Math.abs)));
  const main = points.map((p) => p.value * scale.factor);
  // Categories must be distinct (a band scale merges equal ones): a commit measured twice gets `·2`.
  const seen = new Map<string, number>();
  const categories = points.map((p) => {
    const k = (seen.get(short(p.commit)) ?? 0) + 1;
    seen.set(short(p.commit), k);
    return k === 1 ? short(p.commit) : `${short(p.commit)}·${k}`;
  });
  const headValue = head ? head.value * scale.factor : null;
  const [lo, hi] = axisRange(headValue === null ? main : [...main, headValue]);
  const lines = [
    `%%{init: {"xyChart": {"width": 900, "height": 420, "xAxis": {"labelFontSize": 11}}, "themeVariables": {"xyChart": {"plotColorPalette": "${PALETTE}"}}}}%%`,
    'xychart-beta',
    `    title "${mermaidText(`${input.benchmark} · ${input.metric}`)}"`,
    `    x-axis [${[...categories, ...(head ? [`PR ${short(head.commit)}`] : [])].map((c) => `"${mermaidText(c)}"`).join(', ')}]`,
    `    y-axis "${mermaidText(`${input.metric} (${scale.unit})`)}" ${num(lo)} --> ${num(hi)}`,
  ];
  if (headValue !== null) {
    lines.push(`    line [${[...main, headValue].map(num).join(', ')}]`);
    lines.push(`    line [${[...main, main[main.length - 1]!].map(num).join(', ')}]`);
  } else {
    // One series: it takes the palette's first colour, so name main's colour for it.
    lines[0] = lines[0]!.replace(PALETTE, MAIN_COLOUR);
    lines.push(`    line [${main.map(num).join(', ')}]`);
  }
  return lines.join('\n');
}

function cell(value: number, unit: string): string {
  const v = formatValue(value, unit);
  return `${v.text} ${v.unit}`;
}

/**
 * One benchmark's trend: the chart, then the numbers folded away in a table (newest last, the
 * head's row saying how far it is from main's newest point). Empty when there is no history.
 */
export function renderTrend(input: TrendInput, options: TrendOptions = {}): string {
  const chart = trendMermaid(input, options);
  if (chart === null) return '';
  const points = input.points
    .slice(-(options.maxPoints ?? DEFAULT_TREND_POINTS))
    .filter((p) => Number.isFinite(p.value));
  const rows = points.map((p) => [`\`${short(p.commit)}\``, p.date.slice(0, 10), cell(p.value, input.unit)]);
  const latest = points[points.length - 1]!;
  if (input.head && Number.isFinite(input.head.value)) {
    const vs =
      latest.value !== 0
        ? ` (${formatPercent(input.head.value / latest.value - 1)} vs nightly baseline \`${short(latest.commit)}\`, across sessions)`
        : '';
    rows.push([`**this PR** \`${short(input.head.commit)}\``, '–', `${cell(input.head.value, input.unit)}${vs}`]);
  }
  const name = `${escapeMarkdown(input.benchmark)} · ${escapeMarkdown(input.metric)}`;
  const n = points.length;
  return [
    '```mermaid',
    chart,
    '```',
    '',
    `<details><summary>${name}: the last ${n} point(s) on main${input.head ? ' and this PR' : ''}</summary>`,
    '',
    markdownTable([['commit', 'date', input.metric], ...rows], { align: ['l', 'l', 'r'] }),
    '',
    '</details>',
  ].join('\n');
}

export interface TrendSectionOptions extends TrendOptions {
  /** Charts at most (one per changed benchmark × metric). Default 5. */
  maxCharts?: number;
}

/**
 * The trend inputs for a comparison: every gated row that regressed or improved and has a
 * history on main (by `seriesKey`; `seriesOf` in results/history-record.ts makes the map), with the row's head median as this PR's value. Regressions
 * first, as in the report.
 */
export function trendsForComparison(
  doc: ComparisonDoc,
  series: ReadonlyMap<string, readonly TrendPoint[]>,
): TrendInput[] {
  const changed = doc.rows
    .filter((r) => r.gated && (r.verdict === 'regression' || r.verdict === 'improvement'))
    .sort((a, b) =>
      a.verdict === b.verdict ? Math.abs(b.change) - Math.abs(a.change) : a.verdict === 'regression' ? -1 : 1,
    );
  const out: TrendInput[] = [];
  for (const r of changed) {
    const points = series.get(seriesKey(r.benchmark, r.metric));
    if (!points || points.length === 0) continue;
    out.push({
      benchmark: r.benchmark,
      metric: r.metric,
      unit: r.unit,
      points,
      head: { commit: doc.head.git.sha ?? 'head', value: r.median.head },
    });
  }
  return out;
}

/**
 * The heading of the "Trend on main" section. The head was measured in this PR's job and
 * main's points in other sessions, whose level can differ by more than the effect (docs/ARCHITECTURE.md §4):
 * the caption says so, so that nobody reads the fork's height as the PR's effect.
 */
function trendHeading(): string[] {
  return [
    '### Trend on main',
    '',
    "_Blue: main's history (the median of each nightly run), carried flat to the last column; red: where this PR's head lands. Main's points were measured in other sessions than this PR's, whose level can differ by more than a small change: a change here (\"vs nightly baseline\", across sessions) is not the one the verdict above rests on. Read the trend here, and the change in the verdict above._",
  ];
}

/**
 * The "Trend on main" section in parts: heading, one chart per input (at most `maxCharts`), and
 * the note on those not charted. Null when there is nothing to chart. Apart, so that the comment
 * can cut whole charts for length, never half a Mermaid block.
 */
export function trendSection(
  trends: readonly TrendInput[],
  options: TrendSectionOptions = {},
): { head: string[]; charts: string[]; tail: string[] } | null {
  const charts = trends
    .slice(0, options.maxCharts ?? 5)
    .map((t) => renderTrend(t, options))
    .filter((s) => s !== '');
  if (charts.length === 0) return null;
  const more = trends.length - charts.length;
  return {
    head: trendHeading(),
    charts,
    tail: more > 0 ? ['', `_${more} more changed benchmark(s) not charted._`] : [],
  };
}
