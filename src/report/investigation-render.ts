/**
 * The investigation report (`perfgate report`): one or more comparison.json documents, in
 * order, written up the way a performance engineer writes up a regression:
 *
 *   1. executive summary: what regressed, by how much (with its interval), the suspected cause
 *      (the frame whose own time grew most) and the status (open, fixed, partly fixed);
 *   2. symptom quantification: baseline vs current per metric;
 *   3. test conditions: the runner's USE/PSI pre-flight and host checks, commits, design;
 *   4. profile evidence: hotspot shift in ms per run, before/after flame graphs;
 *   5. root-cause hypothesis: the frames that account for the change, and how sure that is;
 *   6. fix validation: each regression in the first comparison, followed through the later ones.
 *
 * `executive` keeps 1, a short 2, 6 and one graph; `technical` has everything. Pure: the
 * documents and the flame graph files come in, blocks (markdown or HTML) go out.
 */
import { intervalsLabel } from '../compare/sequential.js';
import { changedBenchmarks, explanationKey, hasFrames, likelyBenchmarks } from '../compare/changed.js';
import { PRIMARY_METRICS } from '../compare/analyze.js';
import type { ComparisonDoc, ComparisonRow } from '../compare/comparison-doc.js';
import type { FrameDelta } from '../flamegraph/diff.js';
import type { HostCheck } from '../host/checks.js';
import { PREFLIGHT_IDS } from '../host/preflight.js';
import { toHtml, toMarkdown, type Block, type Span, type Text } from './blocks.js';
import { orderRows } from './comparison-text.js';
import { frameUnit } from './frames.js';
import { blindRows, blindSpans, formatMagnitude } from './detectable.js';
import { kindBlocks } from './kind-line.js';
import { ICON } from './markdown.js';
import { formatCi, formatLevel, formatP, formatPercent, formatThreshold, formatValue } from '../results/format.js';
import { costChange, costInterval } from '../stats/verdict.js';

export type InvestigationFormat = 'technical' | 'executive';

/** A flame graph file: its SVG (embedded in HTML) and the path markdown links to. */
export interface GraphFile {
  svg: string;
  href: string;
}

export interface ComparisonInput {
  doc: ComparisonDoc;
  /** How the reader finds this comparison again (its file). */
  label: string;
  /** Per benchmark: the differential graph (head's shape) and its negation (base's shape). */
  graphs: Record<string, { diff?: GraphFile; negated?: GraphFile }>;
}

export interface InvestigationOptions {
  format: InvestigationFormat;
  /** Frames per hotspot table (technical). */
  topFrames?: number;
}

// Frame times arrived with absolute attribution; older comparison.json files only have shares,
// so every ms field is optional here and the tables fall back to shares without them.
interface SidePair {
  base: number;
  head: number;
}
type FrameView = FrameDelta & {
  selfMs?: SidePair;
  totalMs?: SidePair;
  change?: { self: number; total: number; selfCi?: [number, number]; confLevel?: number };
};
interface UnwindView {
  base: { samples: number; unknownShare: number; singleFrameShare: number; mode?: string };
  head: { samples: number; unknownShare: number; singleFrameShare: number; mode?: string };
  broken: boolean;
  mode: string;
  foldedUnknown?: boolean;
  advice?: string;
}
interface ExplanationView {
  diff: string;
  negated: string;
  top: FrameView[];
  profileRuns?: SidePair;
  basis?: { metric: string; msPerRun: SidePair; per?: 'iteration' };
  unwind?: UnwindView;
  offcpu?: ExplanationView;
  whole?: string;
}

/** A benchmark's explanation, or for a harness benchmark its entry's (explanationKey). */
function explanation(doc: ComparisonDoc, benchmark: string): ExplanationView | undefined {
  const key = explanationKey(doc, benchmark);
  const ex = key === undefined ? undefined : doc.explanations?.[key];
  return hasFrames(ex) ? ex : undefined;
}

const changedRows = (doc: ComparisonDoc, verdict: 'regression' | 'improvement'): ComparisonRow[] =>
  orderRows(doc.rows.filter((r) => r.gated && r.verdict === verdict));

/** The row that stands for a benchmark's change: CPU time first, then wall, then counters. */
function primaryRow(rows: ComparisonRow[]): ComparisonRow | undefined {
  return [...rows].sort((a, b) => rank(a.metric) - rank(b.metric) || Math.abs(b.change) - Math.abs(a.change))[0];
}
function rank(metric: string): number {
  const i = PRIMARY_METRICS.indexOf(metric);
  return i === -1 ? PRIMARY_METRICS.length : i;
}

function byBenchmark(rows: ComparisonRow[]): Map<string, ComparisonRow[]> {
  const m = new Map<string, ComparisonRow[]>();
  for (const r of rows) m.set(r.benchmark, [...(m.get(r.benchmark) ?? []), r]);
  return m;
}

const ms = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3));
/** +1.20, −0.40; a value that prints as zero is `0.000`, unsigned (an interval's end at zero read `±0.000`). */
function signedMs(x: number): string {
  const text = ms(Math.abs(x));
  return /^[0.]+$/.test(text) ? text : `${x > 0 ? '+' : '−'}${text}`;
}
const pct1 = (x: number): string => `${(x * 100).toFixed(1)}%`;

function value(v: number, unit: string): string {
  const f = formatValue(v, unit);
  return `${f.text} ${f.unit}`;
}

function level(doc: ComparisonDoc, row?: ComparisonRow): string {
  return formatLevel(row?.confLevel ?? (doc.sequential.looks > 1 ? 1 - doc.sequential.nominalAlpha : 0.95));
}

function nText(r: ComparisonRow, doc: ComparisonDoc): string {
  return doc.design === 'paired' ? `${r.n.head} pairs` : `n = ${r.n.base}/${r.n.head}`;
}

function changeText(r: ComparisonRow, doc: ComparisonDoc): string {
  return `${formatPercent(r.change)} ${formatCi(r.ci)} (${level(doc, r)} CI, ${doc.design}, ${nText(r, doc)})`;
}

/** The metric change in ms per run, when the row is a time. */
function deltaMs(r: ComparisonRow, perIteration = false): number | null {
  // A harness's time is per operation: a share of a profile's ms only when that profile was
  // scaled per iteration too (the benchmark profiled alone).
  if (r.entry !== undefined && !perIteration) return null;
  if (r.unit === 'ms') return r.median.head - r.median.base;
  if (r.unit === 'ns') return (r.median.head - r.median.base) / 1e6;
  if (r.unit === 'us') return (r.median.head - r.median.base) / 1e3;
  return null;
}

/** How far a frame's own time moved in the direction of the change. */
const moved = (f: FrameView, direction: 1 | -1): number => direction * (f.change?.self ?? f.selfDelta);
/** 1 when the interval of that move excludes zero, else 0. */
const sure = (f: FrameView, direction: 1 | -1): number =>
  f.change?.selfCi && direction * (direction === 1 ? f.change.selfCi[0] : f.change.selfCi[1]) > 0 ? 1 : 0;

/**
 * The frame whose own time moved most in the direction of the change. A frame whose interval
 * excludes zero beats a larger point change that may be noise: in a harness that runs each
 * benchmark for a fixed time, time moves between frames widely.
 */
function suspect(ex: ExplanationView | undefined, direction: 1 | -1): FrameView | undefined {
  if (!ex) return undefined;
  const best = [...ex.top]
    .filter((f) => moved(f, direction) > 0)
    .sort((a, b) => sure(b, direction) - sure(a, direction) || moved(b, direction) - moved(a, direction))[0];
  return best;
}

/** How an explanation's frame times read: ms per run, or per iteration of a harness benchmark profiled alone. */
function unitOf(ex: ExplanationView | undefined): { scale: number; unit: string; per: string } {
  if (!ex?.basis) return { scale: 1, unit: 'ms', per: 'ms per run' };
  const u = frameUnit(ex.basis);
  const [unit, per] = u.unit.split('/') as [string, string];
  return { scale: u.scale, unit, per: `${unit} per ${per}` };
}

function frameShift(f: FrameView, u = unitOf(undefined)): Span[] {
  if (f.selfMs && f.change) {
    const x = (v: number): string => ms(v * u.scale);
    const dx = (v: number): string => signedMs(v * u.scale);
    const ci = f.change.selfCi ? ` [${dx(f.change.selfCi[0])}, ${dx(f.change.selfCi[1])}]` : '';
    return [
      { code: f.frame },
      ` self time ${x(f.selfMs.base)} → ${x(f.selfMs.head)} ${u.per} (${dx(f.change.self)} ${u.unit}${ci})`,
    ];
  }
  return [
    { code: f.frame },
    ` self share ${f.selfBefore.toFixed(2)}% → ${f.selfAfter.toFixed(2)}% of samples (${f.selfDelta >= 0 ? '+' : ''}${f.selfDelta.toFixed(2)} pp)`,
  ];
}

// ---------------------------------------------------------------- fix validation

type FollowStatus = 'recovered' | 'partly recovered' | 'still regressed' | 'inconclusive' | 'not measured';

interface FollowUp {
  label: string;
  row?: ComparisonRow;
  /** Change of the later head against the first comparison's baseline, and how it was obtained. */
  residual: number | null;
  how: string;
  status: FollowStatus;
}

/**
 * A regression row of the first comparison, seen in a later one. Against the same baseline
 * commit the later row's change is the residual; against the regressed commit the residual
 * is the product of both changes; otherwise only the medians across runs can be compared.
 */
export function followUp(first: ComparisonDoc, r: ComparisonRow, later: ComparisonDoc, label: string): FollowUp {
  const row = later.rows.find((x) => x.benchmark === r.benchmark && x.metric === r.metric);
  if (!row || !Number.isFinite(row.change))
    return { label, residual: null, how: 'not in this comparison', status: 'not measured' };
  const theta = r.threshold ?? 0;
  const sameBase = first.base.git.sha !== null && later.base.git.sha === first.base.git.sha;
  const onRegressed = first.head.git.sha !== null && later.base.git.sha === first.head.git.sha;
  let residual: number;
  let how: string;
  if (sameBase) {
    residual = row.change;
    how = 'against the same baseline commit';
  } else if (onRegressed) {
    residual = (1 + r.change) * (1 + row.change) - 1;
    how = 'against the regressed commit: (1 + first change) × (1 + this change) − 1';
  } else {
    residual = row.median.head / r.median.base - 1;
    how = 'medians across runs (different baselines)';
  }
  // The question is "is the regression gone?": recovered once the interval of the residual
  // lies below +θ, whether or not it also clears −θ (an unchanged-or-better result). Decided in
  // cost terms, as verdicts are: for a throughput the regression was a drop, and it is gone
  // once the drop is within θ, not because a drop is below +θ.
  const cost = (c: number): number => costChange(c, r.direction);
  let status: FollowStatus;
  if (sameBase) {
    const [lo, hi] = costInterval(row.ci, r.direction);
    if (hi < theta) status = 'recovered';
    else if (lo > theta) status = hi < costInterval(r.ci, r.direction)[0] ? 'partly recovered' : 'still regressed';
    else status = 'inconclusive';
  } else if (row.verdict === 'inconclusive') status = 'inconclusive';
  else if (cost(residual) <= theta) status = 'recovered';
  else
    status = row.verdict === 'improvement' || cost(residual) < cost(r.change) ? 'partly recovered' : 'still regressed';
  return { label, row, residual, how, status };
}

// ---------------------------------------------------------------- sections

function statusOf(inputs: ComparisonInput[]): { text: string; word: string } {
  const first = inputs[0]!.doc;
  const regressions = changedRows(first, 'regression');
  if (!first.gate.comparable)
    return {
      word: 'not gated',
      text: `Not gated: the two sides are not comparable (${first.gate.reasons.join('; ')}).`,
    };
  if (regressions.length === 0) {
    const imp = changedRows(first, 'improvement').length;
    const slower = likelyBenchmarks(first).filter((l) => l.direction === 'slower').length;
    return {
      word: 'no regression',
      text: `No regression found${imp > 0 ? `; ${imp} improvement(s)` : ''}${slower > 0 ? `; ${slower} benchmark(s) likely slower, without a verdict (below)` : ''}.`,
    };
  }
  const last = inputs[inputs.length - 1]!;
  if (inputs.length === 1)
    return {
      word: 'open',
      text: `Open: ${regressions.length} regressed metric(s) in ${new Set(regressions.map((r) => r.benchmark)).size} benchmark(s); no later comparison shows a fix yet.`,
    };
  const states = regressions.map((r) => followUp(first, r, last.doc, last.label).status);
  const count = (s: FollowStatus): number => states.filter((x) => x === s).length;
  const recovered = count('recovered');
  if (recovered === states.length)
    return { word: 'fixed', text: `Fixed: every regressed metric recovered in ${last.label}.` };
  if (count('still regressed') + count('partly recovered') === 0 && count('inconclusive') > 0) {
    return {
      word: 'fix not yet confirmed',
      text: `${recovered} of ${states.length} regressed metric(s) recovered in ${last.label}; the interval of the other(s) is too wide to tell: measure the fix with more iterations.`,
    };
  }
  if (recovered > 0 || count('partly recovered') > 0)
    return {
      word: 'partly fixed',
      text: `Partly fixed: ${recovered} of ${states.length} regressed metric(s) recovered in ${last.label}.`,
    };
  return { word: 'open', text: `Open: the regression persists in ${last.label}.` };
}

function titleOf(doc: ComparisonDoc): string {
  const side = (s: ComparisonDoc['base']): string => {
    const sha = s.git.sha ? s.git.sha.slice(0, 12) : null;
    if (s.git.ref && sha && !s.git.sha?.startsWith(s.git.ref)) return `${s.git.ref} (${sha})`;
    return sha ?? s.git.ref ?? 'unknown';
  };
  return `Performance investigation: ${side(doc.head)} vs ${side(doc.base)}`;
}

function commit(s: ComparisonDoc['base']): Span[] {
  return s.git.sha
    ? [{ code: s.git.sha.slice(0, 12) }, s.git.ref && !/^[0-9a-f]{40}$/.test(s.git.ref) ? ` (${s.git.ref})` : '']
    : [s.git.ref ?? 'unknown'];
}

function executiveSummary(inputs: ComparisonInput[]): Block[] {
  const doc = inputs[0]!.doc;
  const status = statusOf(inputs);
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: '1. Executive summary', id: 'summary' }];
  blocks.push({ kind: 'paragraph', text: [{ bold: `Status: ${status.word}.` }, ` ${status.text}`] });
  blocks.push({
    kind: 'paragraph',
    text: [
      'Head ',
      ...commit(doc.head),
      ' compared with base ',
      ...commit(doc.base),
      ` on ${doc.createdAt.slice(0, 10)} (${doc.design} design, backend ${doc.base.backend}).`,
    ],
  });
  const items: Text[] = [];
  for (const [verdict, direction] of [
    ['regression', 1],
    ['improvement', -1],
  ] as const) {
    for (const [name, rows] of byBenchmark(changedRows(doc, verdict))) {
      const r = primaryRow(rows)!;
      const others = rows.filter((x) => x !== r).map((x) => `${x.metric} ${formatPercent(x.change)}`);
      const ex = explanation(doc, name);
      const cause = suspect(ex, direction);
      items.push([
        { bold: name },
        ` ${verdict === 'regression' ? 'regressed' : 'improved'}: ${r.metric} ${changeText(r, doc)}, ${value(r.median.base, r.unit)} → ${value(r.median.head, r.unit)}`,
        others.length > 0 ? ` (also ${others.join(', ')})` : '',
        '. ',
        ...(cause
          ? ['Suspected cause: ', ...frameShift(cause, unitOf(ex)), '.']
          : ['No profile explains it (not profiled on both sides).']),
      ]);
    }
  }
  for (const l of likelyBenchmarks(doc)) {
    const ex = explanation(doc, l.benchmark);
    const cause = suspect(ex, l.direction === 'slower' ? 1 : -1);
    items.push([
      { bold: l.benchmark },
      ` ${likelyText(l.direction === 'slower' ? 1 : -1, l.row)}. `,
      ...(cause ? ['Suspected cause: ', ...frameShift(cause, unitOf(ex)), '.'] : []),
    ]);
  }
  if (items.length > 0) blocks.push({ kind: 'list', items });
  blocks.push(...kindBlocks(doc));
  if (doc.summary.geomeanChange) {
    const g = doc.summary.geomeanChange;
    blocks.push({
      kind: 'paragraph',
      text: `Across ${g.benchmarks} benchmark(s) the geometric mean ${g.metric} change is ${formatPercent(g.change)} ${formatCi(g.ci)}.`,
    });
  }
  return blocks;
}

const ROW_HEAD = [
  'benchmark',
  'metric',
  'baseline (median)',
  'current (median)',
  'change',
  'CI',
  'θ',
  'mde',
  'p(adj)',
  'n',
  'verdict',
];
const ROW_ALIGN: ('l' | 'r')[] = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'];

function rowCells(r: ComparisonRow, doc: ComparisonDoc): Text[] {
  return [
    r.benchmark,
    r.metric,
    value(r.median.base, r.unit),
    value(r.median.head, r.unit),
    formatPercent(r.change),
    formatCi(r.ci),
    formatThreshold(r.threshold),
    r.mde === undefined ? '–' : formatMagnitude(r.mde),
    formatP(r.pAdjusted),
    doc.design === 'paired' ? String(r.n.head) : `${r.n.base}/${r.n.head}`,
    r.gated ? `${ICON[r.verdict]} ${r.verdict}` : 'context',
  ];
}

function symptoms(doc: ComparisonDoc, format: InvestigationFormat): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: '2. Symptom quantification', id: 'symptoms' }];
  const gated = orderRows(doc.rows.filter((r) => r.gated));
  const shown =
    format === 'executive' ? gated.filter((r) => r.verdict === 'regression' || r.verdict === 'improvement') : gated;
  if (shown.length === 0) {
    blocks.push({
      kind: 'paragraph',
      text: format === 'executive' ? 'No gated metric changed beyond its noise threshold.' : 'No gated rows.',
    });
    return blocks;
  }
  blocks.push({
    kind: 'paragraph',
    text: `Baseline (base) vs current (head), medians per run; change = head vs base with its ${level(doc)} confidence interval; θ = noise threshold; mde = smallest change seen with 80% power at that level; p(adj) = Benjamini–Hochberg adjusted p of a change beyond +θ.`,
  });
  blocks.push({ kind: 'table', head: ROW_HEAD, rows: shown.map((r) => rowCells(r, doc)), align: ROW_ALIGN });
  if (format === 'technical') {
    const blind = blindRows(doc).map((r) => blindSpans(doc, r));
    if (blind.length > 0) blocks.push({ kind: 'list', items: blind });
    const changed = new Set(
      gated.filter((r) => r.verdict === 'regression' || r.verdict === 'improvement').map((r) => r.benchmark),
    );
    const context = doc.rows.filter((r) => !r.gated && changed.has(r.benchmark) && Number.isFinite(r.change));
    if (context.length > 0) {
      blocks.push({ kind: 'paragraph', text: 'Other metrics of the changed benchmarks (no threshold, not gated):' });
      blocks.push({ kind: 'table', head: ROW_HEAD, rows: context.map((r) => rowCells(r, doc)), align: ROW_ALIGN });
    }
    const problems = doc.problems.map(
      (p) => `${p.benchmark}: ${p.status} on ${p.side}${p.error ? `: ${p.error.split('\n')[0] ?? ''}` : ''}`,
    );
    if (problems.length > 0) blocks.push({ kind: 'list', items: problems });
  }
  return blocks;
}

/** USE method rows: which resource and which of utilisation / saturation / errors a check is. */
const USE_LABEL: Record<string, string> = {
  'cpu-utilisation': 'CPU: utilisation',
  'run-queue': 'CPU: saturation (run queue)',
  memory: 'memory: utilisation',
  swap: 'memory: saturation (swapping)',
  'psi-cpu': 'CPU: pressure stall (PSI)',
  'psi-memory': 'memory: pressure stall (PSI)',
  'psi-io': 'I/O: pressure stall (PSI)',
  'busy-processes': 'CPU: other busy processes',
};
const MARK = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', unknown: '❔ unknown' } as const;

function checkRows(checks: HostCheck[], label: (c: HostCheck) => string): Text[][] {
  return checks.map((c) => [label(c), MARK[c.status], c.value, c.status === 'pass' ? '' : c.advice]);
}

function conditions(doc: ComparisonDoc, format: InvestigationFormat): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: '3. Test conditions', id: 'conditions' }];
  const host = doc.host;
  if (!host) {
    blocks.push({
      kind: 'note',
      text: [
        'This comparison.json carries no host snapshot (it was written by ',
        { code: 'perfgate compare' },
        ', which measures nothing, or by an older perfgate): run ',
        { code: 'perfgate doctor' },
        ' on the runner to see its state.',
      ],
    });
  } else {
    const ids = new Set<string>(PREFLIGHT_IDS);
    const use = host.checks.filter((c) => ids.has(c.id));
    blocks.push({
      kind: 'paragraph',
      text: `Runner pre-flight (USE method and pressure stall information) at ${host.checkedAt}, for ${host.cpus === 'all' ? 'all CPUs' : `CPUs ${host.cpus}`}:`,
    });
    blocks.push({
      kind: 'table',
      head: ['resource: check', 'status', 'seen', 'advice'],
      rows: checkRows(use, (c) => USE_LABEL[c.id] ?? c.id),
    });
    const rest = host.checks.filter((c) => !ids.has(c.id));
    if (format === 'technical' && rest.length > 0) {
      blocks.push({ kind: 'paragraph', text: 'Host configuration:' });
      blocks.push({ kind: 'table', head: ['check', 'status', 'seen', 'advice'], rows: checkRows(rest, (c) => c.id) });
    }
  }
  if (format === 'technical') {
    const fp = doc.head.fingerprint.hard;
    const keys = ['cpu', 'cpus', 'kernel', 'os', 'governor', 'turbo', 'smt', 'perf', 'pmu'].filter(
      (k) => fp[k] !== undefined,
    );
    const items: Text[] = [
      [
        'Design: ',
        { bold: doc.design },
        doc.design === 'paired'
          ? ' (base and head alternate in random order within each pair, in one job; paired Wilcoxon / Hodges–Lehmann on log-ratios)'
          : ' (independent samples; Mann–Whitney / Hodges–Lehmann)',
        doc.seed !== null ? `, seed ${doc.seed}` : '',
        '.',
      ],
      `Intervals: ${doc.sequential.looks > 1 ? `${intervalsLabel(doc.sequential)} of adaptive sampling` : '95%'}; false discovery rate ${doc.fdr} (Benjamini–Hochberg over gated rows).`,
      [
        'Base ',
        ...commit(doc.base),
        `, head `,
        ...commit(doc.head),
        `; backend ${doc.base.backend}; ${doc.gate.comparable ? 'fingerprints comparable' : `not comparable: ${doc.gate.reasons.join('; ')}`}.`,
      ],
      ...keys.map((k) => `${k}: ${fp[k]}`),
    ];
    blocks.push({ kind: 'list', items });
    if (doc.warnings.length > 0) {
      blocks.push({ kind: 'paragraph', text: 'Warnings recorded with the comparison:' });
      blocks.push({ kind: 'list', items: doc.warnings });
    }
  }
  return blocks;
}

function hotspotTable(ex: ExplanationView, n: number, unit: string, scale = 1): Block {
  const rows = ex.top.slice(0, n);
  const at = (x: number): string => ms(x * scale);
  const by = (x: number): string => signedMs(x * scale);
  if (rows.every((f) => f.selfMs && f.totalMs && f.change)) {
    return {
      kind: 'table',
      head: [
        'frame',
        `self base (${unit})`,
        `self head (${unit})`,
        `Δ self (${unit})`,
        'Δ self CI',
        `total base (${unit})`,
        `total head (${unit})`,
        `Δ total (${unit})`,
      ],
      align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      rows: rows.map((f) => [
        { code: f.frame },
        at(f.selfMs!.base),
        at(f.selfMs!.head),
        by(f.change!.self),
        f.change!.selfCi ? `[${by(f.change!.selfCi[0])}, ${by(f.change!.selfCi[1])}]` : '–',
        at(f.totalMs!.base),
        at(f.totalMs!.head),
        by(f.change!.total),
      ]),
    };
  }
  const pp = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)} pp`;
  return {
    kind: 'table',
    head: ['frame', 'self base', 'self head', 'Δ self', 'total base', 'total head', 'Δ total'],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: rows.map((f) => [
      { code: f.frame },
      `${f.selfBefore.toFixed(2)}%`,
      `${f.selfAfter.toFixed(2)}%`,
      pp(f.selfDelta),
      `${f.totalBefore.toFixed(2)}%`,
      `${f.totalAfter.toFixed(2)}%`,
      pp(f.totalDelta),
    ]),
  };
}

function unwindText(u: UnwindView): Text {
  // Shares only: the sample weights are summed periods, not a count a reader could check.
  const side = (q: UnwindView['base']): string =>
    `${pct1(q.unknownShare)} unresolved below the leaf, ${pct1(q.singleFrameShare)} single-frame${q.mode && q.mode !== u.mode ? ` (${q.mode})` : ''}`;
  return [
    `Stacks (${u.mode}): base ${side(u.base)}; head ${side(u.head)}.`,
    u.broken ? ' Stacks are broken: ranked by self time, which needs no unwinding; totals are unreliable.' : '',
    u.foldedUnknown ? ' Unresolved frames were folded out of both sides before diffing.' : '',
  ];
}

/**
 * Each changed benchmark with its direction (a regression outweighs an improvement) and the rows
 * of that verdict; then each benchmark with no verdict but an estimate beyond θ (`likely`).
 */
interface Change {
  name: string;
  direction: 1 | -1;
  rows: ComparisonRow[];
  likely: boolean;
}

function changes(doc: ComparisonDoc): Change[] {
  const changed = changedBenchmarks(doc).map((name): Change => {
    const verdict = doc.rows.some((r) => r.benchmark === name && r.gated && r.verdict === 'regression')
      ? 'regression'
      : 'improvement';
    return {
      name,
      direction: verdict === 'regression' ? 1 : -1,
      rows: changedRows(doc, verdict).filter((r) => r.benchmark === name),
      likely: false,
    };
  });
  const likely = likelyBenchmarks(doc).map((l): Change => ({
    name: l.benchmark,
    direction: l.direction === 'slower' ? 1 : -1,
    rows: [l.row],
    likely: true,
  }));
  return [...changed, ...likely];
}

/** `likely slower: time +9.1% [-0.4%, +19.5%], inconclusive at θ 3%`: a row with no verdict, said as such. */
function likelyText(direction: 1 | -1, r: ComparisonRow): string {
  return `likely ${direction === 1 ? 'slower' : 'faster'}: ${r.metric} ${formatPercent(r.change)} ${formatCi(r.ci)}, inconclusive at θ ${formatThreshold(r.threshold)} (the estimate is beyond θ, the interval is not clear of it)`;
}

function figures(input: ComparisonInput, name: string): Block[] {
  const g = input.graphs[name];
  const out: Block[] = [];
  if (g?.diff)
    out.push({
      kind: 'figure',
      caption: `${name}: differential flame graph, widths from head; colour: change of own time per run (red grew, blue shrank, grey within noise)`,
      svg: g.diff.svg,
      href: g.diff.href,
    });
  if (g?.negated)
    out.push({
      kind: 'figure',
      caption: `${name}: the same difference with widths from base, so paths that vanished show`,
      svg: g.negated.svg,
      href: g.negated.href,
    });
  return out;
}

function evidence(input: ComparisonInput, n: number): Block[] {
  const doc = input.doc;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: '4. Profile evidence', id: 'evidence' }];
  const changed = changes(doc);
  if (changed.length === 0)
    blocks.push({ kind: 'paragraph', text: 'Nothing changed, so there is no hotspot shift to show.' });
  const shown = new Set<string>();
  for (const { name, likely, direction, rows } of changed) {
    blocks.push({ kind: 'heading', level: 3, text: name });
    if (likely) blocks.push({ kind: 'paragraph', text: `No verdict: ${likelyText(direction, rows[0]!)}.` });
    const key = explanationKey(doc, name);
    const ex = explanation(doc, name);
    if (!ex || key === undefined) {
      blocks.push({ kind: 'paragraph', text: 'Not profiled on both sides: no hotspot shift.' });
      continue;
    }
    if (key !== name) {
      const again = shown.has(key);
      blocks.push({
        kind: 'paragraph',
        text: [
          `Reported by the harness entry `,
          { code: key },
          `, profiled as one invocation running all its benchmarks${ex.whole ? ` (${ex.whole})` : ''}: ${again ? 'its hotspot shift is shown above.' : "this is that invocation's hotspot shift."}`,
        ],
      });
      if (again) continue;
    }
    shown.add(key);
    const basis = ex.basis;
    // Zero runs: the profile was recorded as one summed file, without per-run files.
    const runs =
      ex.profileRuns && ex.profileRuns.base > 0 && ex.profileRuns.head > 0
        ? `${ex.profileRuns.base} base and ${ex.profileRuns.head} head profile run(s)`
        : 'one summed profile per side';
    const u = unitOf(ex);
    blocks.push({
      kind: 'paragraph',
      text: basis
        ? basis.per === 'iteration'
          ? `Hotspot shift: this benchmark profiled alone with its harness's filter, from ${runs}; each frame's share scaled to the median ${basis.metric} per iteration (base ${ms(basis.msPerRun.base * u.scale)} ${u.unit}, head ${ms(basis.msPerRun.head * u.scale)} ${u.unit}); frames whose interval excludes zero first, then by the change of self time.`
          : `Hotspot shift: time per measured run from ${runs}, scaled to the median ${basis.metric} per run (base ${ms(basis.msPerRun.base)} ms, head ${ms(basis.msPerRun.head)} ms); frames whose interval excludes zero first, then by the change of self time.`
        : `Hotspot shift: each frame's share of its profile (${runs}); this comparison.json predates absolute frame times.`,
    });
    if (ex.unwind) blocks.push({ kind: 'paragraph', text: unwindText(ex.unwind) });
    if (ex.unwind?.advice) blocks.push({ kind: 'note', text: ex.unwind.advice });
    blocks.push(hotspotTable(ex, n, u.unit, u.scale));
    if (ex.offcpu) {
      blocks.push({ kind: 'paragraph', text: 'Off-CPU (time blocked per run, by the stack that blocked):' });
      blocks.push(hotspotTable(ex.offcpu, n, 'ms blocked'));
    }
    blocks.push(...figures(input, key));
  }
  return blocks;
}

function hypothesis(doc: ComparisonDoc): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: '5. Root-cause hypothesis', id: 'hypothesis' }];
  const changed = changes(doc);
  if (changed.length === 0) {
    blocks.push({ kind: 'paragraph', text: 'No change to explain.' });
    return blocks;
  }
  for (const { name, direction, rows, likely } of changed) {
    const ex = explanation(doc, name);
    const r = primaryRow(rows)!;
    const word = likely
      ? `likely ${direction === 1 ? 'slowdown' : 'speed-up'} (no verdict)`
      : direction === 1
        ? 'regression'
        : 'improvement';
    if (!ex) {
      blocks.push({
        kind: 'paragraph',
        text: [
          { bold: name },
          `: no profile on both sides, so no frame can be named; profile it (suite `,
          { code: 'profile: true' },
          ').',
        ],
      });
      continue;
    }
    const waits = ex.offcpu && !rows.some((x) => x.metric === 'task-clock') && rows.some((x) => x.metric === 'wall');
    const source = waits ? ex.offcpu! : ex;
    const top = suspect(source, direction);
    if (!top) {
      blocks.push({
        kind: 'paragraph',
        text: [
          { bold: name },
          `: no frame's own time moved in the direction of the ${word}: the change is spread thinly, or outside what was profiled.`,
        ],
      });
      continue;
    }
    const u = unitOf(source);
    const d = deltaMs(r, ex.basis?.per === 'iteration');
    const basisMatches = !waits && ex.basis?.metric === r.metric;
    const share = top.change && d !== null && d !== 0 && basisMatches ? top.change.self / d : null;
    const text: Span[] = [
      { bold: name },
      `: the ${word} (${r.metric} ${formatPercent(r.change)}${d !== null ? `, ${signedMs(d * u.scale)} ${u.per}` : ''}) is most likely in `,
      ...frameShift(top, unitOf(source)),
      share !== null ? `, which is ${(share * 100).toFixed(0)}% of the measured change` : '',
      waits ? '; the process spends the time waiting (off-CPU), not computing' : '',
      '.',
    ];
    const ci = top.change?.selfCi;
    // For an improvement the upper end must be below zero: the lower end of [−5, +3] is not.
    if (ci)
      text.push(
        sure(top, direction) === 1
          ? ' The interval of that change excludes zero.'
          : ' The interval of that change includes zero: treat the attribution as tentative.',
      );
    const entry = explanationKey(doc, name);
    if (entry !== undefined && entry !== name)
      text.push(
        ' (From the profile of the whole ',
        { code: entry },
        ' invocation, which runs all its benchmarks: time moves between them, so a frame of another benchmark can move too.)',
      );
    // A further suspect needs an interval that excludes zero too: kernel noise of ±0.4 ms is not a cause.
    const next = [...source.top]
      .filter((f) => f !== top && moved(f, direction) > 0 && (!f.change?.selfCi || sure(f, direction) === 1))
      .slice(0, 3);
    blocks.push({ kind: 'paragraph', text });
    if (next.length > 0)
      blocks.push({ kind: 'list', items: next.map((f) => ['Also: ', ...frameShift(f, unitOf(source))]) });
    if (ex.unwind?.broken)
      blocks.push({
        kind: 'note',
        text: 'Stacks were broken on at least one side: self times are sound, but callers (totals) are not; rebuild with -fno-omit-frame-pointer or record with call-graph: dwarf to see who calls the frame.',
      });
  }
  return blocks;
}

function validation(inputs: ComparisonInput[]): Block[] {
  const first = inputs[0]!.doc;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: '6. Fix validation', id: 'validation' }];
  const regressions = changedRows(first, 'regression');
  if (inputs.length === 1) {
    blocks.push({
      kind: 'paragraph',
      text: [
        'No later comparison was given. To validate a fix, run ',
        { code: 'perfgate ab' },
        ' on it and pass both comparison.json files, oldest first.',
      ],
    });
    return blocks;
  }
  if (regressions.length === 0) {
    blocks.push({ kind: 'paragraph', text: `The first comparison (${inputs[0]!.label}) has no regression to follow.` });
    return blocks;
  }
  const rows: Text[][] = [];
  for (const r of regressions) {
    rows.push([
      r.benchmark,
      r.metric,
      inputs[0]!.label,
      `${formatPercent(r.change)} ${formatCi(r.ci)}`,
      '–',
      `${ICON[r.verdict]} ${r.verdict}`,
      'regressed',
    ]);
    for (const later of inputs.slice(1)) {
      const f = followUp(first, r, later.doc, later.label);
      rows.push([
        r.benchmark,
        r.metric,
        later.label,
        f.row ? `${formatPercent(f.row.change)} ${formatCi(f.row.ci)}` : '–',
        f.residual === null ? '–' : formatPercent(f.residual),
        f.row ? `${ICON[f.row.verdict]} ${f.row.verdict}` : '–',
        f.status,
      ]);
    }
  }
  blocks.push({
    kind: 'paragraph',
    text: 'Each regression of the first comparison, followed through the later ones. "vs original baseline" is the later head against the first base: the later change itself when both share the baseline commit, the product of the two changes when the later one is measured against the regressed commit, and a ratio of medians across runs otherwise.',
  });
  blocks.push({
    kind: 'table',
    head: [
      'benchmark',
      'metric',
      'comparison',
      'change [CI] in that comparison',
      'vs original baseline',
      'verdict',
      'status',
    ],
    rows,
    align: ['l', 'l', 'l', 'r', 'r', 'l', 'l'],
  });
  return blocks;
}

export function investigationBlocks(
  inputs: ComparisonInput[],
  opts: InvestigationOptions,
): { title: string; blocks: Block[] } {
  if (inputs.length === 0) throw new TypeError('investigationBlocks: no comparison');
  const first = inputs[0]!;
  const title = titleOf(first.doc);
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: title }];
  // No file paths here: a path on the machine that ran `perfgate report` means nothing to a
  // reader of the artifact; the fix validation table names each later comparison.
  blocks.push({
    kind: 'paragraph',
    text: `${opts.format === 'executive' ? 'Executive' : 'Technical'} report by perfgate ${first.doc.tool.version}, ${inputs.length === 1 ? `from the comparison of ${first.doc.createdAt.slice(0, 10)}` : `from ${inputs.length} comparisons, the first of ${first.doc.createdAt.slice(0, 10)}`}.`,
  });
  blocks.push(...executiveSummary(inputs));
  blocks.push(...symptoms(first.doc, opts.format));
  if (opts.format === 'technical') {
    blocks.push(
      ...conditions(first.doc, opts.format),
      ...evidence(first, opts.topFrames ?? 10),
      ...hypothesis(first.doc),
      ...validation(inputs),
    );
  } else {
    if (inputs.length > 1)
      blocks.push(...validation(inputs).map((b) => (b.kind === 'heading' ? { ...b, text: 'Fix validation' } : b)));
    const worst = changedRows(first.doc, 'regression')[0] ?? changedRows(first.doc, 'improvement')[0];
    const fig = worst ? figures(first, worst.benchmark)[0] : undefined;
    if (fig) blocks.push({ kind: 'heading', level: 2, text: 'Where the time went' }, fig);
    blocks.push({
      kind: 'paragraph',
      text: [
        'The technical report (',
        { code: 'perfgate report --format technical' },
        ') has the runner conditions, the hotspot tables and the root-cause reasoning.',
      ],
    });
  }
  if (opts.format === 'executive') {
    // Executive numbering would skip sections; headings say what they are instead.
    for (const b of blocks) if (b.kind === 'heading' && b.level === 2) b.text = b.text.replace(/^\d+\. /, '');
  }
  return { title, blocks };
}

export function renderInvestigation(
  inputs: ComparisonInput[],
  opts: InvestigationOptions & { html?: boolean },
): string {
  const { title, blocks } = investigationBlocks(inputs, opts);
  return opts.html ? toHtml(blocks, title) : toMarkdown(blocks);
}
