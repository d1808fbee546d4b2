/** comparison.json for the terminal: gated rows (worst first), context rows, then the why. */
import { quietVerdict } from '../host/run-doctor.js';
import { pairingSummary } from './sampling.js';
import { intervalsLabel } from '../compare/sequential.js';
import { coveredList, explainedChanges, hasFrames } from '../compare/changed.js';
import { kindSection } from './kind-line.js';
import type { ComparisonDoc, ComparisonRow } from '../compare/comparison-doc.js';
import { formatCi, formatP, formatPercent, formatThreshold, formatValue, textTable } from '../results/format.js';
import { basisNote, framesText } from './frames.js';
import { blindLine, blindRows, formatMagnitude } from './detectable.js';

/** Context rows shown as a table in the terminal; more fold to one line. */
const CONTEXT_SHOWN = 12;

const RANK: Record<ComparisonRow['verdict'], number> = { regression: 0, improvement: 1, inconclusive: 2, unchanged: 3 };

export function orderRows(rows: ComparisonRow[]): ComparisonRow[] {
  return [...rows].sort(
    (a, b) => RANK[a.verdict] - RANK[b.verdict] || b.change - a.change || a.benchmark.localeCompare(b.benchmark),
  );
}

function cells(r: ComparisonRow, withVerdict: boolean): string[] {
  const base = formatValue(r.median.base, r.unit);
  const head = formatValue(r.median.head, r.unit, r.median.base);
  return [
    r.benchmark,
    r.metric,
    `${base.text} ${base.unit}`,
    `${head.text} ${head.unit}`,
    formatPercent(r.change),
    formatCi(r.ci),
    formatThreshold(r.threshold, '-'),
    r.mde === undefined ? '-' : formatMagnitude(r.mde),
    formatP(r.pAdjusted),
    r.n.base === r.n.head ? String(r.n.head) : `${r.n.base}/${r.n.head}`,
    withVerdict ? r.verdict.toUpperCase() : '',
  ];
}

/** Open verdicts next to the reason they may be open: the runner was busy before measuring. */
function busyLines(doc: ComparisonDoc, gated: ComparisonRow[]): string[] {
  const open = gated.filter((r) => r.verdict === 'inconclusive').length;
  if (open === 0 || !doc.host) return [];
  const quiet = quietVerdict(doc.host);
  if (quiet.quiet) return [];
  return [
    `${open} inconclusive row(s) measured on a busy runner (${quiet.reasons.join('; ')}): a quieter CPU (cpus: auto, a dedicated runner) or more pairs may settle them`,
  ];
}

/**
 * `where` turns a path of the comparison (relative to its directory) into the one to print, so
 * the user can open it from where the command ran.
 */
export function renderComparisonText(doc: ComparisonDoc, where: (rel: string) => string = (rel) => rel): string {
  // Paired: the change is the estimate from the per-pair ratios, which need not equal the ratio
  // of the medians beside it (58.2 → 56.5 µs beside +12.7% looked wrong): the header says which.
  const paired = doc.design === 'paired';
  const head = [
    'benchmark',
    'metric',
    'base (median)',
    'head (median)',
    paired ? 'change (paired)' : 'change',
    `CI`,
    'θ',
    'mde',
    'p(adj)',
    'n',
    'verdict',
  ];
  const right = new Set([2, 3, 4, 7, 9]);
  const gated = orderRows(doc.rows.filter((r) => r.gated));
  const context = doc.rows.filter((r) => !r.gated && Number.isFinite(r.change));
  const out: string[] = [];
  const s = doc.summary;
  out.push(
    `perfgate ${doc.design} comparison: ${s.regressions} regression(s), ${s.improvements} improvement(s), ${s.unchanged} unchanged, ${s.inconclusive} inconclusive`,
  );
  out.push(`baseline: ${doc.baseline.source}: ${doc.baseline.reason}`);
  const pairing = pairingSummary(doc.rows);
  if (pairing) out.push(pairing);
  if (doc.confirmation)
    out.push(
      `${doc.confirmation.status === 'paired' ? 'paired confirmation' : 'UNCONFIRMED'}: ${doc.confirmation.reason}`,
    );
  if (s.geomeanChange) {
    out.push(
      `geometric mean ${s.geomeanChange.metric} change over ${s.geomeanChange.benchmarks} benchmark(s): ${formatPercent(s.geomeanChange.change)} ${formatCi(s.geomeanChange.ci)}`,
    );
  }
  if (!doc.gate.comparable) out.push(`NOT GATED: the sides are not comparable:\n  ${doc.gate.reasons.join('\n  ')}`);
  out.push(
    '',
    textTable(
      head,
      gated.map((r) => cells(r, true)),
      right,
    ),
  );
  const gatedMetrics = [...new Map(gated.map((r) => [r.metric, r.threshold])).entries()]
    .map(([m, t]) => `${m} (θ ${formatThreshold(t, '-')})`)
    .join(', ');
  if (gatedMetrics) out.push(`gated: ${gatedMetrics}`);
  if (context.length > CONTEXT_SHOWN) {
    // A harness's context metrics (real_time, bytes_per_second for each of 36 benchmarks) drowned
    // the gated table: in the terminal they fold to one line; comparison.json keeps them all.
    const metrics = [...new Set(context.map((r) => r.metric))].join(', ');
    out.push(
      '',
      `context (not gated): ${context.length} rows (${metrics}) in comparison.json; a metric is gated once perfgate.yml gives it a threshold`,
    );
  } else if (context.length > 0)
    out.push(
      '',
      'context (not gated):',
      textTable(
        head.slice(0, 10),
        context.map((r) => cells(r, false).slice(0, 10)),
        right,
      ),
    );
  // One line per distinct note: a reason shared by every row (one baseline session) is said once.
  const byNote = new Map<string, string[]>();
  for (const r of gated) if (r.note) byNote.set(r.note, [...(byNote.get(r.note) ?? []), `${r.benchmark} ${r.metric}`]);
  const notes = [...byNote].map(([note, where]) =>
    where.length > 3 ? `${where.length} rows: ${note}` : `${where.join(', ')}: ${note}`,
  );
  const sampling = gated
    .filter((r) => r.sampling && r.sampling.stop !== 'fixed')
    .map(
      (r) =>
        `${r.benchmark} ${r.metric}: ${r.sampling?.pairs} pairs in ${r.sampling?.looks} look(s), stopped: ${r.sampling?.stop}`,
    );
  const blind = blindRows(doc).map((r) => blindLine(doc, r, 'text'));
  for (const list of [notes, sampling, blind, busyLines(doc, gated)]) if (list.length > 0) out.push('', ...list);
  const kinds = kindSection(doc, 'text');
  out.push(...kinds.head, ...kinds.lines);
  for (const { name, benchmarks } of explainedChanges(doc)) {
    const why = doc.explanations?.[name];
    if (!hasFrames(why)) continue;
    // A harness benchmark not profiled alone: say whose profile stands in for it, and why.
    const title =
      benchmarks.length === 1 && benchmarks[0] === name
        ? name
        : `${coveredList(benchmarks)} (profile of the whole ${name} invocation${why.whole ? `: ${why.whole}` : ''})`;
    for (const [ex, what] of [
      [why, `self time per ${why.basis.per ?? 'run'}`],
      [why.offcpu, 'off-CPU time blocked per run'],
    ] as const) {
      if (!ex) continue;
      out.push(
        '',
        `${title}: frames whose ${what} changed most (${basisNote(ex)}${ex.unwind.broken ? `; stacks broken (${ex.unwind.mode}), totals unreliable` : ''}), diff: ${where(ex.diff)}`,
      );
      out.push(...framesText(ex));
    }
  }
  if (doc.added.length > 0) out.push('', `added (no baseline): ${doc.added.join(', ')}`);
  if (doc.removed.length > 0) out.push(`removed (only in base): ${doc.removed.join(', ')}`);
  for (const p of doc.problems)
    out.push(`${p.benchmark}: ${p.status} on ${p.side}${p.error ? `: ${p.error.split('\n')[0]}` : ''}`);
  for (const w of doc.warnings) out.push(`warning: ${w}`);
  const level = intervalsLabel(doc.sequential);
  out.push(
    '',
    `${level}; ${paired ? 'change (paired) = the Hodges–Lehmann estimate of the per-pair ratios head/base, not the ratio of the medians; ' : ''}θ = noise threshold; mde = smallest change seen with 80% power at that level; p(adj) = Benjamini–Hochberg adjusted p of a change beyond +θ${doc.seed !== null ? `; seed ${doc.seed}` : ''}`,
  );
  return `${out.join('\n')}\n`;
}
