/**
 * An unpaired comparison's regressions, looked at again as pairs. Between sessions a runner
 * drifts by more than the thresholds, and session effects have heavy tails that a t prediction
 * interval from a few sessions does not cover (docs/ARCHITECTURE.md §4): a regression against
 * stored sessions is a hypothesis until a paired A/B of base against head in one job confirms
 * it. The pairs' verdict is folded into the unpaired comparison here (the pairs decide), or
 * the regressions are marked unconfirmed with the reason no pairs could be measured.
 */
import { formatCi, formatPercent } from '../results/format.js';
import { summarize } from './analyze.js';
import type { ComparisonDoc, ComparisonRow, RowConfirmation } from './comparison-doc.js';

/**
 * What `npm run bench:sessions` measured for the session model on the demo suite: identical
 * code, one session against 7 others, 72 comparisons of 24 sessions on a busy 2-CPU VM
 * (2026-12-07; docs/ARCHITECTURE.md §4). Rerun it and update both places together.
 */
export const SESSION_MODEL_FALSE_RATE = {
  perRow: 0.005,
  perRowCi: [0, 0.013] as const,
  perComparison: 0.042,
  perComparisonCi: [0, 0.083] as const,
  sessions: 7,
};

const isRegression = (r: ComparisonRow): boolean => r.gated && r.verdict === 'regression';

/** The suite entries to measure again: a harness's benchmarks are picked by their entry. */
export function regressedEntries(doc: ComparisonDoc): string[] {
  return [...new Set(doc.rows.filter(isRegression).map((r) => r.entry ?? r.benchmark))];
}

const withNote = (r: ComparisonRow, note: string): string => (r.note ? `${r.note}; ${note}` : note);

function pairedFigures(p: ComparisonRow): NonNullable<RowConfirmation['paired']> {
  return {
    verdict: p.verdict,
    change: p.change,
    ci: p.ci,
    confLevel: p.confLevel,
    pairs: p.sampling?.pairs ?? Math.min(p.n.base, p.n.head),
  };
}

const figures = (p: NonNullable<RowConfirmation['paired']>): string =>
  `${formatPercent(p.change)} ${formatCi(p.ci)}, ${p.pairs} pairs`;

/** Why a regressed row has no paired row: its benchmark failed, was interrupted, or was not measured. */
function missingReason(paired: ComparisonDoc, r: ComparisonRow): string {
  const name = r.entry ?? r.benchmark;
  if (paired.noComparison !== undefined)
    return `base could not be measured in the paired A/B: ${paired.noComparison.split('\n')[0] ?? ''}`;
  if (paired.interrupted?.includes(name)) return 'the paired A/B was interrupted before it measured this benchmark';
  const problem = paired.problems.find((p) => p.benchmark === r.benchmark || p.benchmark === name);
  if (problem)
    return `${problem.status} on ${problem.side} in the paired A/B${problem.error ? `: ${problem.error.split('\n')[0]}` : ''}`;
  return 'the paired A/B has no row for it';
}

/**
 * The unpaired comparison with the pairs' verdict on each of its regressions: confirmed rows
 * stay regressions and carry the paired figures; the others take the pairs' verdict (so they
 * do not fail the gate) with the paired figures in their note; a regression the pairs could
 * not measure stands, unconfirmed, with the reason. Other rows are untouched.
 */
export function confirmByPairs(
  unpaired: ComparisonDoc,
  paired: ComparisonDoc,
  at: { base: string; comparison: string },
): ComparisonDoc {
  let confirmed = 0;
  let refuted = 0;
  const rows = unpaired.rows.map((r): ComparisonRow => {
    if (!isRegression(r)) return r;
    const p = paired.rows.find((x) => x.gated && x.benchmark === r.benchmark && x.metric === r.metric);
    if (!p) {
      const reason = missingReason(paired, r);
      return {
        ...r,
        note: withNote(r, `unconfirmed: ${reason}`),
        confirmation: { status: 'unconfirmed', reason },
      };
    }
    const fig = pairedFigures(p);
    if (p.verdict === 'regression') {
      confirmed++;
      return {
        ...r,
        note: withNote(r, `confirmed by a paired A/B: ${figures(fig)}`),
        confirmation: { status: 'confirmed', paired: fig },
      };
    }
    refuted++;
    return {
      ...r,
      verdict: p.verdict,
      note: withNote(r, `not confirmed by a paired A/B: ${figures(fig)}, ${p.verdict}`),
      confirmation: { status: 'not-confirmed', paired: fig },
    };
  });
  const regressed = unpaired.rows.filter(isRegression).length;
  return {
    ...unpaired,
    rows,
    summary: summarize(rows),
    confirmation: {
      status: 'paired',
      reason: `${regressed} regression(s) against other sessions re-measured as a paired A/B of base ${at.base.slice(0, 12)} against head in this job: ${confirmed} confirmed, ${refuted} not confirmed${regressed - confirmed - refuted > 0 ? `, ${regressed - confirmed - refuted} unconfirmed (not measured to the end)` : ''}`,
      comparison: at.comparison,
    },
  };
}

/** The regressions stand but are labelled unconfirmed: no paired A/B could be run, for `reason`. */
export function markUnconfirmed(unpaired: ComparisonDoc, reason: string): ComparisonDoc {
  const rows = unpaired.rows.map((r): ComparisonRow =>
    isRegression(r) ? { ...r, confirmation: { status: 'unconfirmed' } } : r,
  );
  return { ...unpaired, rows, confirmation: { status: 'unconfirmed', reason } };
}

/** What the session model's verdicts are worth without pairs, in one sentence with the measured rate. */
export function sessionModelCaveat(): string {
  const f = SESSION_MODEL_FALSE_RATE;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return (
    `verdicts against other sessions are not confirmed by a paired run: on identical code the session model ` +
    `(one session against ${f.sessions}) gave false regressions in ${pct(f.perRow)} of gated rows ` +
    `[${pct(f.perRowCi[0])}, ${pct(f.perRowCi[1])}] and in ${pct(f.perComparison)} of comparisons ` +
    `[${pct(f.perComparisonCi[0])}, ${pct(f.perComparisonCi[1])}] (npm run bench:sessions, docs/ARCHITECTURE.md §4)`
  );
}
