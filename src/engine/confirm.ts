/**
 * Confirmation before alerting (issue 22 item 2). A step in the nightly history is a hypothesis:
 * between sessions a runner drifts (page placement, neighbours, another VM) by more than θ. So
 * before a step is alerted, the commits either side are measured as interleaved pairs in one job
 * (engine/bisect.ts: a paired A/B of the two, then a bisection of the first-parent commits
 * between them down to the culprit), and what that concluded is kept as a confirmation record
 * (results/confirmation-record.ts) next to the history, so each step is measured once.
 *
 *   const todo = stepsToConfirm(steps);                  // pure
 *   const r = await confirmSteps({ ...settings, steps: todo, budgetMs, ... });
 *   await store.appendConfirmations(r.records);
 *
 * A step is confirmed (the paired run found the regression), rejected (it did not: drift), left
 * unconfirmable for now (a commit that cannot be fetched, a suite that cannot be built there:
 * tried again on the next run, never alerted meanwhile) or pending (the time budget ran out
 * before its turn, or during its first A/B: confirmed on a later run).
 */
import path from 'node:path';
import { errorMessage, InterruptedError } from '../errors.js';
import type { ConfirmationRecord } from '../results/confirmation-record.js';
import type { Step } from '../report/steps.js';
import { interruptedBy } from '../tools/interrupt.js';
import { exactNames } from '../tools/exact-names.js';
import { ensureRange } from '../tools/git.js';
import { runBisect, type BisectOutcome } from './bisect.js';
import type { MeasureSettings } from './rig.js';

/** Below this much budget left, a bisection is not started: it could not finish its first A/B. */
export const MIN_CONFIRM_BUDGET_MS = 20_000;

/**
 * The steps that need a paired run, in the order to measure them: open regressions that no
 * confirmation record covers yet, newest first (the one a maintainer is about to hear of).
 */
export function stepsToConfirm(steps: readonly Step[]): Step[] {
  return steps
    .filter((s) => s.kind === 'regression' && s.open && s.confirmation === undefined)
    .sort(
      (a, b) =>
        b.firstAfter.date.localeCompare(a.firstAfter.date) ||
        a.benchmark.localeCompare(b.benchmark) ||
        a.metric.localeCompare(b.metric),
    );
}

export interface ConfirmOptions extends MeasureSettings {
  /** The repository (a clone of the project; commits are fetched from its origin when missing). */
  cwd: string;
  /** The suite file, relative to cwd. */
  suitePath: string;
  /** Each step's A/B runs go to `<outDir>/<n>/`. */
  outDir: string;
  /** The steps to confirm, in order (stepsToConfirm). */
  steps: readonly Step[];
  /** Wall-clock budget for all of them; null: none. */
  budgetMs: number | null;
  /** Fetch missing commits from origin (default true; a full clone needs nothing). */
  fetch?: boolean;
  /** When and where the records say they were measured. */
  date?: string;
  runUrl?: string;
  /** Publishes the culprit's differential flame graph (its A/B directory); returns its link or null. */
  publish?: (step: Step, culpritDir: string) => Promise<string | null>;
  log: (line: string) => void;
  /** Injected clock (ms), for the budget. Default Date.now. */
  now?: () => number;
}

export interface ConfirmReport {
  /** New records, one per step a paired run concluded on (to append to the store). */
  records: ConfirmationRecord[];
  /** Steps that could not be measured this time, and why (not alerted; tried again next run). */
  unconfirmable: { step: Step; reason: string }[];
  /** Steps the budget left for a later run. */
  pending: Step[];
  /** Every bisection that ran, by step, for the log and the summary. */
  outcomes: { step: Step; outcome: BisectOutcome }[];
}

/** A bisection's outcome as the record the store keeps. */
export function toConfirmationRecord(
  step: Step,
  o: BisectOutcome,
  meta: { date: string; runUrl?: string; flameGraph?: string | null },
): ConfirmationRecord {
  const first = o.steps[0];
  const narrowed = o.range.good !== step.lastBefore.commit || o.range.bad !== step.firstAfter.commit;
  return {
    v: 1,
    suite: step.firstAfter.record.suite,
    benchmark: step.benchmark,
    metric: step.metric,
    good: step.lastBefore.commit,
    bad: step.firstAfter.commit,
    outcome: o.confirmed ? 'confirmed' : 'rejected',
    change: first?.change ?? null,
    ci: first?.ci ?? null,
    verdict: first?.verdict ?? 'inconclusive',
    pairs: first?.pairs ?? 0,
    ...(o.confirmed && o.culprit
      ? {
          culprit: {
            commit: o.culprit.commit,
            subject: o.culprit.subject,
            change: o.culprit.change,
            ci: o.culprit.ci,
          },
        }
      : {}),
    ...(o.confirmed && !o.culprit && narrowed ? { range: { good: o.range.good, bad: o.range.bad } } : {}),
    reason: o.reason,
    date: meta.date,
    ...(meta.runUrl ? { runUrl: meta.runUrl } : {}),
    ...(meta.flameGraph ? { flameGraph: meta.flameGraph } : {}),
  };
}

export async function confirmSteps(o: ConfirmOptions): Promise<ConfirmReport> {
  const now = o.now ?? Date.now;
  const start = now();
  const report: ConfirmReport = { records: [], unconfirmable: [], pending: [], outcomes: [] };
  const date = o.date ?? new Date(start).toISOString();
  for (const [n, step] of o.steps.entries()) {
    const left = o.budgetMs === null ? null : o.budgetMs - (now() - start);
    if (left !== null && left < MIN_CONFIRM_BUDGET_MS) {
      report.pending.push(step);
      continue;
    }
    const good = step.lastBefore.commit;
    const bad = step.firstAfter.commit;
    const what = `${step.benchmark} ${step.metric} ${good.slice(0, 12)}..${bad.slice(0, 12)}`;
    o.log(
      `confirm: ${what}: paired A/B of the commits either side${left !== null ? `, ${Math.round(left / 1000)} s of budget left` : ''}`,
    );
    const began = now();
    let outcome: BisectOutcome;
    try {
      if (o.fetch !== false) await ensureRange(o.cwd, good, bad, o.log);
      outcome = await runBisect({
        ...o,
        cwd: o.cwd,
        suitePath: o.suitePath,
        good,
        bad,
        benchmark: exactNames([step.benchmark]),
        metric: step.metric,
        outDir: path.join(o.outDir, String(n)),
        ...(left !== null ? { timeBudgetMs: left } : {}),
      });
    } catch (err) {
      if (err instanceof InterruptedError || interruptedBy(o.signal)) throw err;
      const reason = errorMessage(err).split('\n')[0] ?? 'failed';
      o.log(`confirm: ${what}: not measured: ${reason}`);
      report.unconfirmable.push({ step, reason });
      continue;
    }
    report.outcomes.push({ step, outcome });
    // Not confirmed because the budget ran out during its first A/B is no verdict on the step.
    if (!outcome.confirmed && left !== null && now() - began >= left) {
      o.log(`confirm: ${what}: the time budget ran out before the paired run decided; left for a later run`);
      report.pending.push(step);
      continue;
    }
    const flameGraph =
      outcome.confirmed && outcome.culprit && o.publish ? await o.publish(step, outcome.culprit.dir) : null;
    const record = toConfirmationRecord(step, outcome, {
      date,
      ...(o.runUrl ? { runUrl: o.runUrl } : {}),
      flameGraph,
    });
    o.log(`confirm: ${what}: ${record.outcome}: ${outcome.reason}`);
    report.records.push(record);
  }
  return report;
}
