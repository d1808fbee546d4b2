/**
 * The one markdown renderer for the PR comment and the job summary: verdicts first
 * (regressions, then improvements, then the rest folded away), the "why" (top frame deltas
 * and flame graph links) under each changed benchmark, and where the baseline came from.
 * Everything that came from results files is escaped: a benchmark name must not be able to
 * inject markup, HTML or @-mentions into a maintainer's PR.
 */
import { markdownTable } from 'markdown-table';
import { coveredList, explainedChanges, hasFrames } from '../compare/changed.js';
import { kindLines, kindSection } from './kind-line.js';
import { nothingGated } from '../compare/compare-docs.js';
import type { BaselineSource, ComparisonDoc, ComparisonRow } from '../compare/comparison-doc.js';
import { isElapsedTime } from '../compare/metric-reliability.js';
import { quietVerdict } from '../host/run-doctor.js';
import type { ResultsDoc } from '../results/results-doc.js';
import { renderSummaryMarkdown } from './summary.js';
import { formatCi, formatPercent, formatThreshold, formatValue } from '../results/format.js';
import { escapeMarkdown, markdownCode, markdownCodeBlock } from './escape.js';
import { basisNote, excludesZero, framesMarkdown, unwindNote } from './frames.js';
import { benchmarkRows, leadSentence, sideLabel, type SideName } from './lead.js';
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
  /**
   * The branches as the pull request names them (`feature/x`, `main`), for the first sentence;
   * absent: the refs the comparison recorded.
   */
  refs?: { head?: string | null; base?: string | null };
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
export function renderCancelledReport(
  suiteId: string,
  signal: string,
  why: string,
  runUrl: string,
  head: SideName = { ref: null, commit: null },
): string {
  return [
    marker(suiteId),
    '## perfgate: ⏹️ cancelled, nothing gated',
    '',
    `${sideLabel(head, 'head')} was not measured: the job was cancelled (${escapeMarkdown(signal)}) before anything was compared.`,
    '',
    `> ${escapeMarkdown(`Cancelled (${signal}) before anything was compared: ${why}`)}`,
    '',
    `<sub>[Workflow run](${runUrl})</sub>`,
    '',
  ].join('\n');
}

/** Worst first: the order of the comment's table. */
const RANK: Record<ComparisonRow['verdict'], number> = { regression: 0, improvement: 1, inconclusive: 2, unchanged: 3 };

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
    r.n.base === r.n.head ? String(r.n.head) : `${r.n.base}/${r.n.head}`,
    `${ICON[r.verdict]} ${r.verdict}`,
  ];
}

/**
 * The change column says what the change is measured against, as the trend table's changes are
 * measured differently (main's nightly points, across sessions) and differ from it.
 */
function changeHeader(c: ComparisonDoc): string {
  if (c.design === 'paired') return 'change [CI], paired in this run';
  const n = c.baseline.sessions;
  return `change [CI] vs ${n} base session${n === 1 ? '' : 's'}`;
}

const ALIGN = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'];

function table(c: ComparisonDoc, rows: string[][]): string {
  const head = ['benchmark', 'metric', 'base', 'head', changeHeader(c), 'θ', 'n', 'verdict'];
  return markdownTable([head, ...rows], { align: ALIGN });
}

/** The picture of a benchmark's why: visible without opening anything. */
function imageLines(name: string, url: string | undefined): string[] {
  if (!url || !/^https?:\/\//.test(url)) return [];
  const safe = url.replace(/[()\s<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return [
    '',
    `![Differential flame graph of ${escapeMarkdown(name)}](${safe})`,
    '',
    // The file itself (a static SVG on the images ref), outside any HTML block so the link works.
    `<sub>Differential flame graph of ${escapeMarkdown(name)}: widths from head; red = own time per run grew, blue = shrank, grey = within noise (interval includes zero). [Open the SVG](${safe})</sub>`,
  ];
}

function age(ms: number): string {
  const h = ms / 3_600_000;
  return h < 48 ? `${Math.round(h)} h old` : `${Math.round(h / 24)} days old`;
}

/**
 * The busy-runner warning: the host checks before measuring failed, so say which verdicts that
 * may have moved (elapsed time, which a neighbour inflates, and the open ones) by name.
 */
function busyRunnerLine(c: ComparisonDoc, gated: readonly ComparisonRow[]): string | null {
  if (!c.host) return null;
  const quiet = quietVerdict(c.host);
  if (quiet.quiet) return null;
  const affected = gated.filter((r) => isElapsedTime(r.metric) || r.verdict === 'inconclusive');
  const names = affected
    .slice(0, 5)
    .map((r) => `${escapeMarkdown(r.benchmark)} ${escapeMarkdown(r.metric)} (${r.verdict})`);
  const more = affected.length > names.length ? ` and ${affected.length - names.length} more` : '';
  const rows =
    affected.length > 0
      ? ` Verdicts it may have affected: ${names.join(', ')}${more}; trust the CPU-time and instruction rows first.`
      : ' No verdict here rests on wall time or is inconclusive, so none is likely affected.';
  return `> ⚠️ **The runner was busy** when measuring started (${escapeMarkdown(quiet.reasons.join('; '))}).${rows}`;
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
  const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
  const sections: Section[] = [];
  const add = (priority: number, head: string[], rows: string[] = [], tail: string[] = []): void => {
    sections.push({ priority, head, rows, tail, cut: 0 });
  };
  const s = c.summary;

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
  const p = input.provenance;
  const lead = leadSentence(c, {
    head: { ref: input.refs?.head ?? c.head.git.ref, commit: c.head.git.sha },
    base: { ref: input.refs?.base ?? c.base.git.ref, commit: p.commit ?? c.base.git.sha },
    broken: broken.length,
    interrupted: interrupted.length,
    ungated: c.gate.comparable ? ungated : null,
  });
  const headline = [marker(input.suiteId), `## perfgate: ${status}`, '', lead];
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
  for (const b of broken) {
    const [first, ...rest] = (b.error ?? b.status).split('\n');
    headline.push(
      '',
      `> **${escapeMarkdown(b.benchmark)}** ${escapeMarkdown(b.status)} on head: ${escapeMarkdown(first ?? '')}`,
    );
    if (rest.join('').trim() !== '')
      headline.push('', '<details><summary>stderr</summary>', '', markdownCodeBlock(rest.join('\n')), '', '</details>');
  }
  if (interrupted.length > 0)
    headline.push(
      '',
      `> **Interrupted**: not measured to the end, so not gated: ${interrupted.map(escapeMarkdown).join(', ')}`,
    );
  const gated = c.rows.filter((r) => r.gated);
  const busy = busyRunnerLine(c, gated);
  if (busy) headline.push('', busy);
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

  // One table: every gated row of the benchmarks that changed or are still open, the worst
  // first, each benchmark's most reliable metric first; benchmarks left unchanged fold below.
  const byBenchmark = [...benchmarkRows(gated).values()].sort(
    (a, b) => RANK[a[0]!.verdict] - RANK[b[0]!.verdict] || Math.abs(b[0]!.change) - Math.abs(a[0]!.change),
  );
  const open = byBenchmark.filter((rows) => rows[0]!.verdict !== 'unchanged').flat();
  if (open.length > 0) {
    const lines = table(
      c,
      open.map((r) => rowCells(r, input.dashboard)),
    ).split('\n');
    add(90, ['', ...lines.slice(0, 2)], lines.slice(2));
  }

  const geomeans: string[] = [];
  if (s.geomeanChange)
    geomeans.push(
      `- geomean ${escapeMarkdown(s.geomeanChange.metric)} ${formatPercent(s.geomeanChange.change)} ${formatCi(s.geomeanChange.ci)} over ${s.geomeanChange.benchmarks} benchmark(s)`,
    );
  for (const [entry, g] of Object.entries(s.geomeanByEntry ?? {}))
    geomeans.push(
      `- \`${escapeMarkdown(entry)}\`: geomean ${escapeMarkdown(g.metric)} ${formatPercent(g.change)} ${formatCi(g.ci)} over ${g.benchmarks} benchmark(s)${g.direction === 'higher' ? ' (higher is better)' : ''}`,
    );
  if (geomeans.length > 0) add(80, [''], geomeans);

  // The why of each changed benchmark, unfolded, right under the table: the frames whose change
  // is beyond noise first, the others behind one fold.
  const tableOrder = byBenchmark.map((rows) => rows[0]!.benchmark);
  const place = (benchmarks: string[]): number => Math.min(...benchmarks.map((b) => tableOrder.indexOf(b)));
  const explained = explainedChanges(c).sort((a, b) => place(a.benchmarks) - place(b.benchmarks));
  // The kind of each change leads its why; a benchmark without a profile has it listed here.
  const kinds = kindSection(
    c,
    'markdown',
    explained.flatMap((g) => g.benchmarks),
  );
  if (kinds.lines.length > 0) add(88, kinds.head, kinds.lines);
  for (const { name, benchmarks } of explained) {
    const why = c.explanations?.[name];
    if (!hasFrames(why)) continue;
    const verdicts = new Set(gated.filter((r) => benchmarks.includes(r.benchmark)).map((r) => r.verdict));
    const how = verdicts.has('regression') ? (verdicts.has('improvement') ? 'changed' : 'is slower') : 'is faster';
    // A harness benchmark not profiled alone: say whose profile stands in for it, and why.
    const title =
      benchmarks.length === 1 && benchmarks[0] === name
        ? `Why ${escapeMarkdown(name)} ${how}`
        : `Why ${escapeMarkdown(coveredList(benchmarks))} changed (profile of the whole ${escapeMarkdown(name)} invocation${why.whole ? `: ${escapeMarkdown(why.whole)}` : ''})`;
    const kind = kindLines(c, 'markdown', benchmarks).flatMap((l) => ['', l]);
    add(55, ['', `### ${title}`, ...kind, ...imageLines(name, input.images?.[name])]);
    for (const [ex, what] of [
      [why, `Frames whose self time per ${why.basis.per ?? 'run'} changed`],
      [why.offcpu, 'Off-CPU stacks whose time blocked per run changed'],
    ] as const) {
      if (!ex || ex.top.length === 0) continue;
      const note = unwindNote(ex);
      const sure = ex.top.filter(excludesZero);
      // Without any interval (one profile run per side) nothing can be told from noise: show all.
      const noisy = ex.top.some((f) => f.change.selfCi) ? ex.top.filter((f) => !excludesZero(f)) : [];
      const shown = ex.top.some((f) => f.change.selfCi) ? sure : ex.top;
      const lead = `${what}${shown === sure ? ' beyond noise (interval excludes zero)' : ''}: ${escapeMarkdown(basisNote(ex))}.`;
      if (shown.length > 0) {
        const lines = framesMarkdown(ex, shown).split('\n');
        add(50, ['', ...(note ? [note, ''] : []), lead, '', ...lines.slice(0, 2)], lines.slice(2));
      } else
        add(50, ['', ...(note ? [note, ''] : []), `${what}: none beyond noise (${escapeMarkdown(basisNote(ex))}).`]);
      if (noisy.length > 0) {
        const lines = framesMarkdown(ex, noisy).split('\n');
        add(
          20,
          [
            '',
            `<details><summary>${noisy.length} more frame(s) whose interval includes zero (noise, or too few profile runs to tell)</summary>`,
            '',
            ...lines.slice(0, 2),
          ],
          lines.slice(2),
          ['', '</details>'],
        );
      }
    }
  }
  // Main's history comes after the whys: it says how main got here, not why this PR changed it.
  const historyNotes = input.history?.notes ?? [];
  if (historyNotes.length > 0) {
    const lines = renderHistoryNotes(historyNotes).split('\n');
    add(85, ['', ...lines.slice(0, 2)], lines.slice(2));
  }
  const trend = trendSection(input.history?.trends ?? []);
  if (trend)
    add(
      45,
      ['', ...trend.head],
      trend.charts.map((r) => `\n${r}`),
      trend.tail,
    );

  const rest = byBenchmark.filter((rows) => rows[0]!.verdict === 'unchanged').flat();
  if (rest.length > 0) {
    const lines = table(
      c,
      rest.map((r) => rowCells(r, input.dashboard)),
    ).split('\n');
    add(
      30,
      ['', `<details><summary>${rest.length} unchanged gated row(s)</summary>`, '', ...lines.slice(0, 2)],
      lines.slice(2),
      ['', '</details>'],
    );
  }
  const context = c.rows.filter((r) => !r.gated && Number.isFinite(r.change));
  if (context.length > 0) {
    const lines = table(
      c,
      context.map((r) => rowCells(r, input.dashboard).map((cell, i) => (i === 7 ? 'context' : cell))),
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
  for (const b of c.problems)
    facts.push(
      `⚠️ ${escapeMarkdown(b.benchmark)} **${b.status}** on ${b.side}${b.error ? `: ${escapeMarkdown(b.error.split('\n')[0] ?? '')}` : ''}`,
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

  add(95, ['', '---', `<sub>${footer(input)}</sub>`]);
  return fit(sections, limit);
}

/**
 * Where the base came from and where the rest is: what a maintainer acts on. Interval levels,
 * p-values, pair counts per row and the seed are in comparison.json and the text report.
 */
function footer(input: ReportInput): string {
  const c = input.comparison;
  const p = input.provenance;
  const source = {
    artifact: 'stored baseline artifact',
    'same-job': 'base measured in this job',
    'local-file': 'local baseline file',
    history: 'base branch history',
    files: 'results files',
  }[p.source];
  // The age of a base measured in this job is the job's: nothing to say.
  const old = p.source !== 'same-job' && p.ageMs !== null && p.ageMs >= 3_600_000 ? `, ${age(p.ageMs)}` : '';
  const baseRun = p.runUrl && p.runUrl !== input.runUrl ? `, [its run](${p.runUrl})` : '';
  const baseline = `Baseline: ${source}${p.commit ? `, commit ${markdownCode(p.commit.slice(0, 12))}` : ''}${old}${baseRun}, backend \`${c.base.backend}\`, ${c.design} design: ${escapeMarkdown(c.baseline.reason)}.`;
  const sampling = [samplingSummary(c.rows), pairingSummary(c.rows)].filter(Boolean).join(' ');
  const theta = 'θ = the noise threshold a change must pass to count.';
  const artifact = 'comparison.json and the interactive flame graphs are in its report artifact';
  const links =
    input.runUrl && input.artifactUrl && input.runUrl !== input.artifactUrl
      ? `[Workflow run](${input.runUrl}); ${artifact.replace('its report artifact', `the [report artifact](${input.artifactUrl})`)}.`
      : input.runUrl || input.artifactUrl
        ? `[Workflow run](${input.runUrl ?? input.artifactUrl}): ${artifact}.`
        : '';
  return [baseline, sampling, theta, links].filter(Boolean).join(' ');
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
