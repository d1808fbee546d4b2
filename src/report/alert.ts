/**
 * The alert issue's planner (issue 13 item 3), pure: from the steps of a suite's history on main
 * (report/steps.ts) and what the suite's issue says now, what to do — nothing, open the issue,
 * or update it (body, open/closed, and a comment when there is news) — and the body to write.
 * store/issues.ts carries the plan out.
 *
 * Idempotence lives in the body: its last line is a hidden state comment listing the open
 * regressions, the recoveries and the improvements it reports, each by series and position. The
 * next run plans against that: the same state is no write at all, so a nightly run that finds
 * nothing new posts nothing. Positions match within STEP_TOLERANCE points, because a change
 * point found again on a longer series can move by a point or two; such a move rewrites the
 * body quietly (an issue edit notifies nobody) without a new comment.
 *
 * Open/closed: the issue is opened by the first open regression, stays open while any remains,
 * and is closed (completed) when every regression it reported has recovered. A maintainer who
 * closes it while regressions are open is respected until a NEW regression appears, which
 * reopens it: one issue per suite, never a second one.
 */
import { createHash } from 'node:crypto';
import { seriesKey, type HistoryPoint } from '../results/history-record.js';
import { formatCi, formatLevel, formatP, formatPercent, formatThreshold } from '../results/format.js';
import type { Step } from './steps.js';
import { escapeMarkdown } from './escape.js';

/** Steps this many points apart in the same series are the same step found again. */
export const STEP_TOLERANCE = 3;
/** GitHub refuses longer issue bodies (422). */
const MAX_BODY = 65_536;
const STATE_PREFIX = '<!-- perfgate-alert-state ';

/**
 * A step as the state remembers it, compactly (a suite of 200 benchmarks × 3 metrics must fit
 * GitHub's 65,536 characters with its tables): the series by a hash of `benchmark|metric`.
 */
export interface StepRef {
  /** seriesHash(benchmark, metric). */
  s: string;
  /** Position of the first point after the step. */
  i: number;
  /** Its commit, short (for people reading the state; matching uses s and i). */
  c: string;
  /** `benchmark|metric`, kept for open regressions only, to name one that vanishes. */
  n?: string;
}

/** 12 hex digits of sha256(`benchmark|metric`). */
export function seriesHash(benchmark: string, metric: string): string {
  return createHash('sha256').update(seriesKey(benchmark, metric)).digest('hex').slice(0, 12);
}

export interface AlertState {
  v: 1;
  open: StepRef[];
  recovered: StepRef[];
  improved: StepRef[];
}

export interface AlertInput {
  suiteId: string;
  /** Every step of every series of the suite on main. */
  steps: readonly Step[];
  /** The issue as it is now, or null when the suite has none. */
  previous: { body: string; state: 'open' | 'closed'; title?: string } | null;
  /** The marker the body starts with (store/issues.ts alertMarker). */
  marker: string;
  /** The run this plan is made after: the newest point of the history. */
  asOf: { commit: string; date: string; runUrl?: string };
  /** `https://github.com/OWNER/REPO`, for commit and compare links; plain commits without it. */
  repoUrl?: string;
  /** Recoveries and improvements older than this many days before asOf are left out. Default 90. */
  maxAgeDays?: number;
  /** Rows per table at most. Default 50. */
  maxRows?: number;
  /** Links to differential flame graphs between a step's two segments, by stepId. */
  flameGraphs?: ReadonlyMap<string, string>;
  /** How the change points were found, for the footnote (e.g. `window 50, p 0.001`). */
  method?: string;
  /**
   * Alert only regressions a paired run confirmed (Step.confirmation): a step of the history
   * alone may be the runner drifting between sessions. A regression the issue already reports
   * stays until a paired run rejects it; then it leaves the issue with that reason.
   */
  requireConfirmation?: boolean;
}

export interface AlertPlan {
  action: 'none' | 'open' | 'update';
  title: string;
  body: string;
  state: 'open' | 'closed';
  /** A comment for the issue's subscribers: only when a regression, recovery or improvement is new. */
  comment?: string;
  /** Why this action, for the log. */
  reason: string;
  current: AlertState;
}

/** A step's identity: series and position (`benchmark|metric@index`). */
export function stepId(s: Step): string {
  return `${s.benchmark}|${s.metric}@${s.index}`;
}

const ref = (s: Step, named = false): StepRef => ({
  s: seriesHash(s.benchmark, s.metric),
  i: s.index,
  c: short(s.firstAfter.commit),
  ...(named ? { n: seriesKey(s.benchmark, s.metric) } : {}),
});

function sameStep(a: StepRef, b: StepRef): boolean {
  return a.s === b.s && Math.abs(a.i - b.i) <= STEP_TOLERANCE;
}

/** Refs of `now` with no counterpart in `before`. */
function added(now: readonly StepRef[], before: readonly StepRef[]): StepRef[] {
  return now.filter((r) => !before.some((b) => sameStep(r, b)));
}

function sameRefs(a: readonly StepRef[], b: readonly StepRef[]): boolean {
  const key = (r: StepRef): string => `${r.s}@${r.i}`;
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** The state comment of a body written by planAlert, or null (none, or edited beyond reading). */
export function parseAlertState(body: string): AlertState | null {
  const at = body.lastIndexOf(STATE_PREFIX);
  if (at === -1) return null;
  const end = body.indexOf(' -->', at);
  if (end === -1) return null;
  try {
    const v = JSON.parse(body.slice(at + STATE_PREFIX.length, end)) as Partial<AlertState>;
    const refs = (x: unknown): StepRef[] | null =>
      Array.isArray(x) &&
      x.every(
        (r) =>
          typeof r === 'object' &&
          r !== null &&
          typeof (r as StepRef).s === 'string' &&
          Number.isInteger((r as StepRef).i) &&
          typeof (r as StepRef).c === 'string' &&
          ((r as StepRef).n === undefined || typeof (r as StepRef).n === 'string'),
      )
        ? (x as StepRef[])
        : null;
    const open = refs(v.open);
    const recovered = refs(v.recovered);
    const improved = refs(v.improved);
    if (v.v !== 1 || !open || !recovered || !improved) return null;
    return { v: 1, open, recovered, improved };
  } catch {
    return null;
  }
}

function stateComment(state: AlertState): string {
  // JSON inside an HTML comment: a name could hold `-->`, markup or a mention, so `--`, `<`, `>`
  // and `@` are
  // written as JSON escapes, which JSON.parse reads back as they were.
  return `${STATE_PREFIX}${JSON.stringify(state).replace(/[<>@]|--/g, (m) => (m === '--' ? '-\\u002d' : `\\u00${m.charCodeAt(0).toString(16)}`))} -->`;
}

const short = (sha: string): string => sha.slice(0, 7);

function commitLink(sha: string, repoUrl: string | undefined): string {
  return repoUrl ? `[\`${short(sha)}\`](${repoUrl}/commit/${sha})` : `\`${short(sha)}\``;
}

function rangeLink(s: Step, repoUrl: string | undefined): string {
  const a = s.lastBefore.commit;
  const b = s.firstAfter.commit;
  return repoUrl ? `[\`${short(a)}…${short(b)}\`](${repoUrl}/compare/${a}...${b})` : `\`${short(a)}…${short(b)}\``;
}

function magnitude(s: Step): string {
  if (!s.estimate) return `${formatPercent(s.change)} (too few points for an interval)`;
  const level = s.estimate.confLevel < 0.9499 ? ` (${formatLevel(s.estimate.confLevel)} interval)` : '';
  return `${formatPercent(s.estimate.change)} ${formatCi(s.estimate.ci)}${level}`;
}

function runs(s: Step): string {
  const link = (label: string, url: string | undefined): string =>
    url ? `[${label}](${url})` : `${label}: no run link`;
  return `${link('before', s.lastBefore.record.runUrl)} · ${link('after', s.firstAfter.record.runUrl)}`;
}

/** The measured commit's subject, quoted and escaped (it is untrusted), or nothing when unknown. */
function subject(p: HistoryPoint): string {
  return p.record.subject ? ` “${escapeMarkdown(p.record.subject)}”` : '';
}

/** Which runs next to the step had failed host checks, and which checks. */
function hostNote(s: Step): string {
  if (!s.hostFailed) return '';
  const runs = s.hostFailed.map(({ side, point, checks }) => {
    const run = point.record.runUrl ? `[run](${point.record.runUrl})` : 'run';
    return `${side} ${run} at \`${short(point.commit)}\` (${point.date.slice(0, 10)}): ${checks.map(escapeMarkdown).join(', ')}`;
  });
  return `⚠️ host checks failed in the runs around the step: ${runs.join('; ')}: maybe a busy runner, not the code`;
}

function caveats(s: Step): string {
  const notes: string[] = [];
  const host = hostNote(s);
  if (host) notes.push(host);
  if (s.machineChanged)
    notes.push(
      `⚠️ the machine changed here (fingerprint \`${s.lastBefore.record.fingerprint}\` → \`${s.firstAfter.record.fingerprint}\`): maybe the runner, not the code`,
    );
  if (s.suiteChanged) notes.push('⚠️ the suite file changed here: the benchmark itself may have changed');
  return notes.join('; ');
}

const name = (s: Step): string => escapeMarkdown(s.benchmark);
/** A throughput's regression is a negative change: the metric says which way is better. */
const metricCell = (s: Step): string =>
  `${escapeMarkdown(s.metric)}${s.direction === 'higher' ? ' (higher is better)' : ''}`;

/** The commits cell: the culprit a paired bisection isolated, else the range the history gives. */
function commitsCell(s: Step, input: AlertInput): string {
  const c = s.confirmation;
  const range = `${rangeLink(s, input.repoUrl)} (${s.firstAfter.date.slice(0, 10)})${subject(s.firstAfter)}`;
  if (c?.outcome !== 'confirmed') return range;
  if (c.culprit) {
    const said = c.culprit.subject ? ` “${escapeMarkdown(c.culprit.subject.slice(0, 80))}”` : '';
    const paired =
      c.culprit.change !== null ? `, ${pairedChange(c.culprit.change, c.culprit.ci)} against its parent` : '';
    return `culprit ${commitLink(c.culprit.commit, input.repoUrl)}${said}${paired}; in ${range}`;
  }
  const narrowed = c.range ? `, narrowed to \`${short(c.range.good)}…${short(c.range.bad)}\`` : '';
  return `${range}${narrowed} (no single commit isolated: ${escapeMarkdown(c.reason)})`;
}

function pairedChange(change: number, ci: [number, number] | null): string {
  return `${formatPercent(change)}${ci ? ` ${formatCi(ci)}` : ''}`;
}

/** What the paired run said, for the note cell. */
function confirmationNote(s: Step): string {
  const c = s.confirmation;
  if (c?.outcome !== 'confirmed') return '';
  return `✅ confirmed by a paired A/B of the two commits in one job: ${c.change !== null ? pairedChange(c.change, c.ci) : c.verdict}, ${c.pairs} pairs`;
}

/** The note cell: the paired run's word and the caveats; '' when there is neither. */
function noteOf(s: Step): string {
  return [confirmationNote(s), caveats(s)].filter((x) => x !== '').join('; ');
}

/**
 * Where the step's picture is: the culprit's differential flame graph when one was published,
 * else the paired run that confirmed it (its artifacts hold each A/B's flame graphs).
 */
function flameGraphLink(s: Step, input: AlertInput): string {
  const fg = input.flameGraphs?.get(stepId(s)) ?? s.confirmation?.flameGraph;
  if (fg) return ` · [flame graph diff](${fg})`;
  const paired = s.confirmation?.outcome === 'confirmed' ? s.confirmation.runUrl : undefined;
  return paired ? ` · [paired run (flame graphs in its artifacts)](${paired})` : '';
}

function regressionRow(s: Step, input: AlertInput, withNote: boolean): string {
  const cells = [
    name(s),
    metricCell(s),
    commitsCell(s, input),
    magnitude(s),
    formatThreshold(s.threshold),
    formatP(s.p),
    `${runs(s)}${flameGraphLink(s, input)}`,
    ...(withNote ? [noteOf(s)] : []),
  ];
  return `| ${cells.join(' | ')} |`;
}

function recoveredRow(s: Step, input: AlertInput): string {
  const at = s.recoveredAt;
  return `| ${name(s)} | ${metricCell(s)} | ${rangeLink(s, input.repoUrl)} | ${magnitude(s)} | ${at ? `${commitLink(at.commit, input.repoUrl)} (${at.date.slice(0, 10)})` : 'within θ again'} |`;
}

function improvementRow(s: Step, input: AlertInput): string {
  return `| ${name(s)} | ${metricCell(s)} | ${rangeLink(s, input.repoUrl)} (${s.firstAfter.date.slice(0, 10)})${subject(s.firstAfter)} | ${magnitude(s)} | ${runs(s)} |`;
}

function table(head: string[], rows: string[], max: number): string[] {
  const shown = rows.slice(0, max);
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...shown];
  if (rows.length > shown.length) lines.push('', `_${rows.length - shown.length} more not shown._`);
  return lines;
}

function recent(date: string, asOf: string, days: number): boolean {
  return Date.parse(asOf) - Date.parse(date) <= days * 86_400_000;
}

/** Steps in the body's order: newest first, then by name. */
function order(steps: Step[]): Step[] {
  return steps.sort(
    (a, b) =>
      b.firstAfter.date.localeCompare(a.firstAfter.date) ||
      a.benchmark.localeCompare(b.benchmark) ||
      a.metric.localeCompare(b.metric),
  );
}

export function renderAlertBody(
  input: AlertInput,
  open: Step[],
  recovered: Step[],
  improved: Step[],
  state: AlertState,
): string {
  const max = input.maxRows ?? 50;
  const asOf = `${commitLink(input.asOf.commit, input.repoUrl)} (${input.asOf.date.slice(0, 10)}${input.asOf.runUrl ? `, [run](${input.asOf.runUrl})` : ''})`;
  const lines = [
    input.marker,
    // The title already says perfgate; the heading says what happened.
    open.length > 0
      ? `## Main regressed (suite \`${escapeMarkdown(input.suiteId)}\`)`
      : `## Main recovered (suite \`${escapeMarkdown(input.suiteId)}\`)`,
    '',
    `**${open.length}** open regression(s) · ${recovered.length} recovered · ${improved.length} improvement(s), as of ${asOf}.`,
  ];
  if (open.length > 0) {
    lines.push(
      '',
      '### Open regressions',
      '',
      input.requireConfirmation
        ? 'Main is still at the slower level, and a paired A/B of the commits either side, in one job, confirmed it; the culprit is the commit its bisection isolated. The runs on both sides have the measurements.'
        : 'Main is still at the slower level. Look in the commit range; the runs on both sides have the measurements.',
      '',
    );
    // A column of empty cells says nothing: the note column only when a row has a note.
    const withNote = open.some((s) => noteOf(s) !== '');
    lines.push(
      ...table(
        ['benchmark', 'metric', 'commits', 'change [95% CI]', 'θ', 'p', 'runs', ...(withNote ? ['note'] : [])],
        open.map((s) => regressionRow(s, input, withNote)),
        max,
      ),
    );
  }
  if (recovered.length > 0) {
    lines.push('', '### Recovered', '');
    lines.push(
      ...table(
        ['benchmark', 'metric', 'regressed in', 'by', 'back at'],
        recovered.map((s) => recoveredRow(s, input)),
        max,
      ),
    );
  }
  if (improved.length > 0) {
    lines.push('', '### Improvements', '');
    lines.push(
      ...table(
        ['benchmark', 'metric', 'commits', 'change [95% CI]', 'runs'],
        improved.map((s) => improvementRow(s, input)),
        max,
      ),
    );
  }
  lines.push(
    '',
    `<sub>Change points of each benchmark's history on main${input.method ? ` (${escapeMarkdown(input.method)})` : ''}; the change is the ratio of the segment means, with a bootstrap (BCa) 95% interval over the runs on either side.${input.requireConfirmation ? ' A step is listed only once a paired A/B of its commits confirmed it; one it did not confirm is drift between sessions and is left out.' : ''} perfgate updates this issue after each baseline run, closes it when everything has recovered, and reopens it for a new regression. Closing it by hand silences it until the next new regression.</sub>`,
    '',
    stateComment(state),
  );
  return lines.join('\n');
}

function cutToFit(input: AlertInput, open: Step[], recovered: Step[], improved: Step[], state: AlertState): string {
  let body = renderAlertBody(input, open, recovered, improved, state);
  // Long histories: fewer rows per table until GitHub takes it (the state comment stays whole).
  for (let max = input.maxRows ?? 50; [...body].length > MAX_BODY && max > 1; max = Math.floor(max / 2)) {
    body = renderAlertBody({ ...input, maxRows: max }, open, recovered, improved, state);
  }
  // Still too long: the names of open regressions go from the state (only a vanishing one's
  // message needs them); matching keeps working on the hashes.
  if ([...body].length > MAX_BODY)
    body = renderAlertBody({ ...input, maxRows: 1 }, open, recovered, improved, {
      ...state,
      open: state.open.map(({ n: _n, ...r }) => r),
    });
  return body;
}

function describe(
  refs: StepRef[],
  steps: readonly Step[],
  verb: (s: Step) => string,
  repoUrl: string | undefined,
): string[] {
  return refs.flatMap((r) => {
    const s = steps.find((x) => x.index === r.i && seriesHash(x.benchmark, x.metric) === r.s);
    return s ? [`- ${name(s)} ${metricCell(s)}: ${verb(s)} in ${rangeLink(s, repoUrl)}${subject(s.firstAfter)}`] : [];
  });
}

export function planAlert(input: AlertInput): AlertPlan {
  const days = input.maxAgeDays ?? 90;
  const prev = input.previous
    ? (parseAlertState(input.previous.body) ?? { v: 1 as const, open: [], recovered: [], improved: [] })
    : null;
  const reported = (s: Step): boolean =>
    prev !== null && [...prev.open, ...prev.recovered].some((o) => sameStep(ref(s), o));
  // Confirmed by a paired run; or, not measured yet, already in the issue (kept until a paired run rejects it).
  const alertable = (s: Step): boolean =>
    !input.requireConfirmation ||
    s.confirmation?.outcome === 'confirmed' ||
    (s.confirmation === undefined && reported(s));
  const open = order(input.steps.filter((s) => s.kind === 'regression' && s.open && alertable(s)));
  const recovered = order(
    input.steps.filter(
      (s) =>
        s.kind === 'regression' &&
        !s.open &&
        alertable(s) &&
        recent((s.recoveredAt ?? s.firstAfter).date, input.asOf.date, days),
    ),
  );
  const improved = order(
    input.steps.filter((s) => s.kind === 'improvement' && recent(s.firstAfter.date, input.asOf.date, days)),
  );
  const current: AlertState = {
    v: 1,
    open: open.map((s) => ref(s, true)),
    recovered: recovered.map((s) => ref(s)),
    improved: improved.map((s) => ref(s)),
  };
  const title = `perfgate: performance regression on main (${input.suiteId})`;
  const body = cutToFit(input, open, recovered, improved, current);

  if (!input.previous || !prev) {
    if (open.length === 0)
      return { action: 'none', title, body, state: 'closed', reason: 'no open regression and no issue yet', current };
    return { action: 'open', title, body, state: 'open', reason: `${open.length} open regression(s)`, current };
  }
  if (
    sameRefs(prev.open, current.open) &&
    sameRefs(prev.recovered, current.recovered) &&
    sameRefs(prev.improved, current.improved)
  ) {
    return {
      action: 'none',
      title,
      body: input.previous.body,
      state: input.previous.state,
      reason: 'same state as the issue says',
      current,
    };
  }
  const newOpen = added(current.open, prev.open);
  // A recovery is news when the regression was reported open before (not when it recovered
  // before this issue ever saw it).
  const newRecovered = current.recovered.filter(
    (r) => prev.open.some((o) => sameStep(r, o)) && !prev.recovered.some((o) => sameStep(r, o)),
  );
  const newImproved = added(current.improved, prev.improved);
  // Reported open before, and a paired run of its commits has now found no regression: drift
  // between sessions, not the code. It leaves the issue with that reason.
  const rejected = prev.open.flatMap((o) => {
    const s = input.steps.find(
      (x) => x.confirmation?.outcome === 'rejected' && sameStep(ref(x), o) && !current.open.some((r) => sameStep(r, o)),
    );
    return s ? [s] : [];
  });
  // Reported open before, and now neither open nor recovered: the detector no longer sees a step
  // there (a longer series can dissolve a marginal one). Said once, like any other news.
  const vanished = prev.open.filter(
    (o) =>
      !current.open.some((r) => sameStep(r, o)) &&
      !current.recovered.some((r) => sameStep(r, o)) &&
      !rejected.some((s) => sameStep(ref(s), o)),
  );
  const state: 'open' | 'closed' = open.length === 0 ? 'closed' : newOpen.length > 0 ? 'open' : input.previous.state;
  const news = [
    ...describe(newOpen, input.steps, (s) => `regressed ${magnitude(s)}`, input.repoUrl),
    ...describe(
      newRecovered,
      input.steps,
      (s) =>
        `recovered${s.recoveredAt ? ` at ${commitLink(s.recoveredAt.commit, input.repoUrl)}` : ''} from the regression`,
      input.repoUrl,
    ),
    ...describe(newImproved, input.steps, (s) => `improved ${magnitude(s)}`, input.repoUrl),
    ...rejected.map((s) => {
      const c = s.confirmation!;
      const measured = c.change !== null ? `${pairedChange(c.change, c.ci)}, ${c.verdict}` : c.verdict;
      return `- ${name(s)} ${metricCell(s)}: the step in ${rangeLink(s, input.repoUrl)} was not confirmed by a paired A/B of its commits in one job (${measured}, ${c.pairs} pairs): drift between sessions, not the code; no longer alerted`;
    }),
    ...vanished.map((r) => {
      const n = r.n ?? 'a benchmark';
      const bar = n.lastIndexOf('|');
      const what = bar === -1 ? n : `${escapeMarkdown(n.slice(0, bar))} ${escapeMarkdown(n.slice(bar + 1))}`;
      return `- ${what}: the step at \`${escapeMarkdown(r.c)}\` is no longer found in the history`;
    }),
  ];
  const comment =
    news.length > 0
      ? [
          `perfgate, after ${commitLink(input.asOf.commit, input.repoUrl)}${input.asOf.runUrl ? ` ([run](${input.asOf.runUrl}))` : ''}:`,
          '',
          ...news,
        ].join('\n')
      : undefined;
  const reason =
    news.length > 0
      ? `${newOpen.length} new regression(s), ${newRecovered.length} recovery(ies), ${newImproved.length} new improvement(s)${rejected.length > 0 ? `, ${rejected.length} not confirmed by a paired run` : ''}${vanished.length > 0 ? `, ${vanished.length} no longer found` : ''}`
      : 'the same steps, found at slightly different points: body refreshed quietly';
  return { action: 'update', title, body, state, ...(comment ? { comment } : {}), reason, current };
}
