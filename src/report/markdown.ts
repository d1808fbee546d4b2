/**
 * The one markdown renderer for the PR comment and the job summary: verdicts first
 * (regressions, then improvements, then the rest folded away), the "why" (top frame deltas
 * and flame graph links) under each changed benchmark, and where the baseline came from.
 * Everything that came from results files is escaped: a benchmark name must not be able to
 * inject markup, HTML or @-mentions into a maintainer's PR.
 */
import { intervalsLabel } from '../compare/sequential.js';
import { markdownTable } from 'markdown-table';
import { coveredList, explainedChanges, hasFrames } from '../compare/changed.js';
import { kindSection } from './kind-line.js';
import { nothingGated } from '../compare/compare-docs.js';
import type { BaselineSource, ComparisonDoc, ComparisonRow } from '../compare/comparison-doc.js';
import { orderRows } from './comparison-text.js';
import type { ResultsDoc } from '../results/results-doc.js';
import { renderSummaryMarkdown } from './summary.js';
import { formatCi, formatP, formatPercent, formatThreshold, formatValue } from '../results/format.js';
import { escapeMarkdown, markdownCode, markdownCodeBlock } from './escape.js';
import { basisNote, framesMarkdown, unwindNote } from './frames.js';
import { renderHistoryNotes, type HistoryNote } from './history-notes.js';
import { trendSection, type TrendInput } from './trend.js';
import { pairingSummary, samplingSummary } from './sampling.js';
import { benchmarkLink } from './benchmark-anchor.js';
import { blindLine, blindRows } from './detectable.js';

/** GitHub rejects issue comment bodies above this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface Provenance {
  /** How the baseline was obtained. */
  source: BaselineSource;
  commit: string | null;
  /** Age of the baseline in milliseconds when known. */
  ageMs: number | null;
  runUrl?: string;
}

export interface ReportInput {
  comparison: ComparisonDoc;
  /** With `comparison.noComparison`: head's own results, shown as numbers since nothing is compared. */
  headAlone?: ResultsDoc;
  /** Identifies the suite: the hidden marker lets the action find its own comment again. */
  suiteId: string;
  provenance: Provenance;
  runUrl?: string;
  /** Where the flame graph SVGs can be downloaded (the report artifact). */
  artifactUrl?: string;
  /** Static differential flame graph image URL per benchmark (publishFlameGraphImages). */
  images?: Record<string, string>;
  /** Loud notices shown under the headline (missing baseline, fork, accepted regression...). */
  notices?: string[];
  limit?: number;
  /** From the history on main: open regressions there (history-notes.ts) and trend charts (trend.ts). */
  history?: { notes?: HistoryNote[]; trends?: TrendInput[] };
  /**
   * The history dashboard (`perfgate history site`, published) and the suite id its records
   * carry: each row's benchmark links to its section there. The URL must have passed
   * dashboardUrlProblem. None: plain names.
   */
  dashboard?: { url: string; suite: string };
}

export function marker(suiteId: string): string {
  return `<!-- perfgate:${suiteId.replace(/-->/g, '')} -->`;
}

/**
 * The sticky comment of a job cancelled before there was a comparison (during setup): it
 * replaces whatever the comment said before, so an earlier green verdict does not stand.
 */
export function renderCancelledReport(suiteId: string, signal: string, why: string, runUrl: string): string {
  return [
    marker(suiteId),
    '## perfgate: ⏹️ cancelled, nothing gated',
    '',
    `> ${escapeMarkdown(`Cancelled (${signal}) before anything was compared: ${why}`)}`,
    '',
    `<sub>[workflow run](${runUrl})</sub>`,
    '',
  ].join('\n');
}

/** A verdict's mark, in the comment and in the investigation report alike. */
export const ICON: Record<ComparisonRow['verdict'], string> = {
  regression: '🔴',
  improvement: '🟢',
  unchanged: '⚪',
  inconclusive: '🟡',
};

function rowCells(r: ComparisonRow, dashboard?: ReportInput['dashboard']): string[] {
  const base = formatValue(r.median.base, r.unit);
  const head = formatValue(r.median.head, r.unit, r.median.base);
  const name = escapeMarkdown(r.benchmark);
  return [
    dashboard ? `[${name}](${benchmarkLink(dashboard.url, dashboard.suite, r.benchmark)})` : name,
    escapeMarkdown(r.metric),
    // The unit comes from the results file like the names.
    `${base.text} ${escapeMarkdown(base.unit)}`,
    `${head.text} ${escapeMarkdown(head.unit)}`,
    `${formatPercent(r.change)} ${formatCi(r.ci)}`,
    formatThreshold(r.threshold),
    formatP(r.pAdjusted),
    r.n.base === r.n.head ? String(r.n.head) : `${r.n.base}/${r.n.head}`,
    `${ICON[r.verdict]} ${r.verdict}`,
  ];
}

const HEAD = ['benchmark', 'metric', 'base', 'head', 'change [CI]', 'θ', 'p(adj)', 'n', 'verdict'];
const ALIGN = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'];

function table(rows: string[][]): string {
  return markdownTable([HEAD, ...rows], { align: ALIGN });
}

/** The picture above the frames table: visible without opening anything. */
function imageLines(name: string, url: string | undefined): string[] {
  if (!url || !/^https?:\/\//.test(url)) return [];
  const safe = url.replace(/[()\s<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return [
    '',
    `**${escapeMarkdown(name)}**: differential flame graph (widths from head; red = own time grew, blue = shrank)`,
    '',
    `![Differential flame graph of ${escapeMarkdown(name)}](${safe})`,
  ];
}

function age(ms: number | null): string {
  if (ms === null) return 'age unknown';
  const h = ms / 3_600_000;
  return h < 48 ? `${Math.max(0, Math.round(h))} h old` : `${Math.round(h / 24)} days old`;
}

/** A piece of the body that can lose lines from the end when the body is too long. */
interface Section {
  /** Lower = cut first. */
  priority: number;
  head: string[];
  rows: string[];
  tail: string[];
  /** Rows cut so far. */
  cut: number;
}

export function renderReport(input: ReportInput): { body: string; cutRows: number } {
  const c = input.comparison;
  const s = c.summary;
  const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
  const sections: Section[] = [];
  const add = (priority: number, head: string[], rows: string[] = [], tail: string[] = []): void => {
    sections.push({ priority, head, rows, tail, cut: 0 });
  };

  // What fails the gate besides a regression must be in the headline too: a benchmark that
  // works on base and broke on head, or an interrupted run.
  // (Without a comparison every benchmark failed on base: one failing on head is broken there too.)
  const broken = c.problems.filter(
    (p) =>
      p.side === 'head' &&
      (c.noComparison !== undefined || !c.problems.some((q) => q.side === 'base' && q.benchmark === p.benchmark)),
  );
  const interrupted = c.interrupted ?? [];
  const failed = broken.length > 0 || interrupted.length > 0;
  // A single stored session gates nothing: its all-inconclusive rows must not read as a pass.
  const ungated = nothingGated(c);
  const status =
    c.noComparison !== undefined && !failed
      ? '⚪ no comparison: base could not be measured'
      : !c.gate.comparable
        ? '⚠️ not gated'
        : s.regressions > 0
          ? c.confirmation?.status === 'unconfirmed'
            ? '🔴 regression (not confirmed by a paired run)'
            : '🔴 regression'
          : failed
            ? `🔴 failed: ${broken.length > 0 ? `${broken.length} benchmark(s) broke on head` : 'interrupted'}`
            : ungated
              ? '⚠️ not gated'
              : s.inconclusive > 0
                ? '🟡 no regression found'
                : '🟢 no regression';
  const headline = [
    marker(input.suiteId),
    `## perfgate: ${status}`,
    '',
    `**${s.regressions}** regression(s) · **${s.improvements}** improvement(s) · ${s.unchanged} unchanged · ${s.inconclusive} inconclusive` +
      (s.geomeanChange
        ? ` · geomean ${escapeMarkdown(s.geomeanChange.metric)} ${formatPercent(s.geomeanChange.change)} ${formatCi(s.geomeanChange.ci)}`
        : ''),
  ];
  if (c.noComparison !== undefined) {
    // The setup's own output follows its first line: fenced, so nothing in it can close the block.
    const [first, ...rest] = c.noComparison.split('\n');
    headline.push(
      '',
      `> **No comparison**: ${escapeMarkdown(first ?? '')}; head was measured alone, nothing is gated against base.`,
    );
    if (rest.join('').trim() !== '')
      headline.push(
        '',
        '<details><summary>setup output (base)</summary>',
        '',
        markdownCodeBlock(rest.join('\n')),
        '',
        '</details>',
      );
  }
  if (!c.gate.comparable)
    headline.push(
      '',
      `> **Not gated**: the two sides are not comparable:`,
      ...c.gate.reasons.map((r) => `> - ${escapeMarkdown(r)}`),
    );
  else if (ungated)
    headline.push(
      '',
      `> **Not gated**: ${escapeMarkdown(ungated)}. A regression of any size would pass; measure base and head paired in one job to gate.`,
    );
  if (c.confirmation)
    headline.push(
      '',
      `> **${c.confirmation.status === 'paired' ? 'Paired confirmation' : 'Unconfirmed'}**: ${escapeMarkdown(c.confirmation.reason)}.`,
    );
  for (const p of broken) {
    const [first, ...rest] = (p.error ?? p.status).split('\n');
    headline.push(
      '',
      `> **${escapeMarkdown(p.benchmark)}** ${escapeMarkdown(p.status)} on head: ${escapeMarkdown(first ?? '')}`,
    );
    if (rest.join('').trim() !== '')
      headline.push('', '<details><summary>stderr</summary>', '', markdownCodeBlock(rest.join('\n')), '', '</details>');
  }
  if (interrupted.length > 0)
    headline.push(
      '',
      `> **Interrupted**: not measured to the end, so not gated: ${interrupted.map(escapeMarkdown).join(', ')}`,
    );
  for (const n of input.notices ?? []) headline.push('', `> ${escapeMarkdown(n)}`);
  add(100, headline);
  if (c.noComparison !== undefined && input.headAlone)
    add(70, [
      '',
      `<details open><summary>Head measured alone</summary>`,
      '',
      renderSummaryMarkdown(input.headAlone),
      '</details>',
    ]);

  const entries = Object.entries(s.geomeanByEntry ?? {});
  if (entries.length > 0) {
    const line = ([entry, g]: (typeof entries)[number]): string =>
      `- \`${escapeMarkdown(entry)}\`: geomean ${escapeMarkdown(g.metric)} ${formatPercent(g.change)} ${formatCi(g.ci)} over ${g.benchmarks} benchmark(s)${g.direction === 'higher' ? ' (higher is better)' : ''}`;
    add(80, [''], entries.map(line));
  }

  const gated = orderRows(c.rows.filter((r) => r.gated));
  const groups: [string, ComparisonRow[], number][] = [
    ['Regressions', gated.filter((r) => r.verdict === 'regression'), 90],
    ['Improvements', gated.filter((r) => r.verdict === 'improvement'), 60],
  ];
  for (const [title, rows, priority] of groups) {
    if (rows.length === 0) continue;
    const lines = table(rows.map((r) => rowCells(r, input.dashboard))).split('\n');
    add(priority, ['', `### ${title}`, '', ...lines.slice(0, 2)], lines.slice(2));
  }
  const kinds = kindSection(c, 'markdown');
  if (kinds.lines.length > 0) add(88, kinds.head, kinds.lines);

  const historyNotes = input.history?.notes ?? [];
  if (historyNotes.length > 0) {
    const lines = renderHistoryNotes(historyNotes).split('\n');
    add(85, ['', ...lines.slice(0, 2)], lines.slice(2));
  }

  for (const { name, benchmarks } of explainedChanges(c)) {
    const why = c.explanations?.[name];
    if (!hasFrames(why)) continue;
    // A harness benchmark has no profile of its own: say whose profile stands in for it.
    const title =
      benchmarks.length === 1 && benchmarks[0] === name
        ? escapeMarkdown(name)
        : `${escapeMarkdown(coveredList(benchmarks))} (profile of the whole ${escapeMarkdown(name)} invocation)`;
    const image = imageLines(name, input.images?.[name]);
    if (image.length > 0) add(50, image);
    for (const [ex, what] of [
      [why, 'frames whose self time per run moved most'],
      [why.offcpu, 'off-CPU stacks, time blocked per run'],
    ] as const) {
      if (!ex || ex.top.length === 0) continue;
      const lines = framesMarkdown(ex).split('\n');
      const link = input.artifactUrl
        ? ` ([differential flame graph](${input.artifactUrl}): ${markdownCode(ex.diff)})`
        : ` (${markdownCode(ex.diff)} in the report artifact)`;
      const note = unwindNote(ex);
      add(
        50,
        [
          '',
          `<details><summary>Why ${title} changed: ${what} (${escapeMarkdown(basisNote(ex))})${link}</summary>`,
          '',
          ...(note ? [note, ''] : []),
          ...lines.slice(0, 2),
        ],
        lines.slice(2),
        ['', '</details>'],
      );
    }
  }

  const trend = trendSection(input.history?.trends ?? []);
  if (trend)
    add(
      45,
      ['', ...trend.head],
      trend.charts.map((r) => `\n${r}`),
      trend.tail,
    );

  const rest = gated.filter((r) => r.verdict !== 'regression' && r.verdict !== 'improvement');
  if (rest.length > 0) {
    const lines = table(rest.map((r) => rowCells(r, input.dashboard))).split('\n');
    add(
      30,
      [
        '',
        `<details><summary>${rest.length} other gated row(s): unchanged or inconclusive</summary>`,
        '',
        ...lines.slice(0, 2),
      ],
      lines.slice(2),
      ['', '</details>'],
    );
  }
  const context = c.rows.filter((r) => !r.gated && Number.isFinite(r.change));
  if (context.length > 0) {
    const lines = table(
      context.map((r) => rowCells(r, input.dashboard).map((cell, i) => (i === 8 ? 'context' : cell))),
    ).split('\n');
    add(
      10,
      [
        '',
        `<details><summary>${context.length} context row(s) (no threshold, not gated)</summary>`,
        '',
        ...lines.slice(0, 2),
      ],
      lines.slice(2),
      ['', '</details>'],
    );
  }

  // Said only where the runner cannot see θ: a row that can needs no sentence.
  const blind = blindRows(c).map((r) => `- ${blindLine(c, r, 'markdown')}.`);
  if (blind.length > 0) add(35, [''], blind);

  const facts: string[] = [];
  if (c.added.length > 0) facts.push(`Added (no baseline yet): ${c.added.map(escapeMarkdown).join(', ')}`);
  if (c.removed.length > 0) facts.push(`Removed: ${c.removed.map(escapeMarkdown).join(', ')}`);
  for (const p of c.problems)
    facts.push(
      `⚠️ ${escapeMarkdown(p.benchmark)} **${p.status}** on ${p.side}${p.error ? `: ${escapeMarkdown(p.error.split('\n')[0] ?? '')}` : ''}`,
    );
  for (const w of c.warnings) facts.push(`⚠️ ${escapeMarkdown(w)}`);
  const byNote = new Map<string, string[]>();
  for (const r of gated)
    if (r.note)
      byNote.set(r.note, [...(byNote.get(r.note) ?? []), `${escapeMarkdown(r.benchmark)} ${escapeMarkdown(r.metric)}`]);
  const notes = [...byNote].map(
    ([note, where]) => `${where.length > 3 ? `${where.length} rows` : where.join(', ')}: ${escapeMarkdown(note)}`,
  );
  if (facts.length + notes.length > 0)
    add(
      40,
      [''],
      [...facts, ...notes].map((f) => `- ${f}`),
    );

  const p = input.provenance;
  const fpMatch = c.gate.reasons.some((r) => r.startsWith('fingerprint'))
    ? 'fingerprint differs'
    : 'fingerprint matches';
  const source = {
    artifact: 'stored baseline artifact',
    'same-job': 'base measured in this job',
    'local-file': 'local baseline file',
    history: 'base branch history',
    files: 'results files',
  }[p.source];
  const n = gated[0] ? `n = ${gated[0].n.base}/${gated[0].n.head}` : '';
  const baseline = `Baseline: ${source}${p.commit ? `, commit ${markdownCode(p.commit.slice(0, 12))}` : ''} (${age(p.ageMs)}${p.runUrl ? `, [run](${p.runUrl})` : ''}), backend \`${c.base.backend}\`, ${fpMatch}${n ? `, ${n}` : ''}, ${c.design} design${c.seed !== null ? `, seed ${c.seed}` : ''}: ${escapeMarkdown(c.baseline.reason)}.`;
  const links = [
    input.runUrl ? `[workflow run](${input.runUrl})` : '',
    input.artifactUrl ? `[report and flame graphs](${input.artifactUrl})` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const level = intervalsLabel(c.sequential);
  const sampling = [samplingSummary(c.rows), pairingSummary(c.rows)].filter(Boolean).join(' ');
  add(95, [
    '',
    '---',
    `<sub>${baseline}${sampling ? ` ${sampling}` : ''} ${level}; θ = noise threshold; p(adj) = Benjamini–Hochberg adjusted p of a change beyond +θ.${links ? ` ${links}` : ''}</sub>`,
  ]);

  return fit(sections, limit);
}

/** Cuts rows from the least important sections until the body fits, saying how many were cut. */
function fit(sections: Section[], limit: number): { body: string; cutRows: number } {
  const cutLine = (s: Section): string[] => {
    if (s.cut === 0) return [];
    const text = `… ${s.cut} row(s) cut to fit GitHub's comment limit`;
    return [s.head.some((l) => l.startsWith('|')) ? `| ${text} |` : `- ${text}`];
  };
  const render = (): string =>
    sections.map((s) => [...s.head, ...s.rows, ...cutLine(s), ...s.tail].join('\n')).join('\n');
  let body = render();
  const order = [...sections].sort((a, b) => a.priority - b.priority);
  while (body.length > limit - 200) {
    const victim = order.find((s) => s.rows.length > 0);
    if (!victim) break;
    // Cut in bulk proportional to the excess, at least one row.
    const avg = victim.rows.reduce((n, r) => n + r.length + 1, 0) / victim.rows.length;
    const k = Math.min(victim.rows.length, Math.max(1, Math.ceil((body.length - limit + 200) / avg)));
    victim.rows.splice(victim.rows.length - k, k);
    victim.cut += k;
    body = render();
  }
  const cutRows = sections.reduce((n, s) => n + s.cut, 0);
  if (cutRows > 0)
    body += `\n\n> ${cutRows} row(s) were cut to stay under GitHub's ${limit.toLocaleString('en-US')}-character limit; comparison.json in the report artifact has them all.`;
  if (body.length > limit) body = `${body.slice(0, limit - 40)}\n\n> (report truncated)`;
  return { body, cutRows };
}
