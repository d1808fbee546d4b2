/**
 * The job summary's account of the paired runs that confirmed or rejected the history's steps
 * this run (engine/confirm.ts), and of those left for later: what a maintainer reads to see why
 * a step was or was not alerted. Pure; names and subjects are escaped.
 */
import type { ConfirmationRecord } from '../results/confirmation-record.js';
import { formatCi, formatPercent } from '../results/format.js';
import { escapeMarkdown } from './escape.js';
import type { Step } from './steps.js';

export interface ConfirmationSummaryInput {
  /** Records made this run. */
  records: readonly ConfirmationRecord[];
  unconfirmable: readonly { step: Step; reason: string }[];
  pending: readonly Step[];
  /** `https://github.com/OWNER/REPO`, for commit links. */
  repoUrl?: string;
}

const short = (sha: string): string => sha.slice(0, 7);

export function renderConfirmationSummary(input: ConfirmationSummaryInput): string {
  const { records, unconfirmable, pending, repoUrl } = input;
  if (records.length + unconfirmable.length + pending.length === 0) return '';
  const commit = (sha: string): string =>
    repoUrl ? `[\`${short(sha)}\`](${repoUrl}/commit/${sha})` : `\`${short(sha)}\``;
  const range = (good: string, bad: string): string => `\`${short(good)}…${short(bad)}\``;
  const series = (benchmark: string, metric: string): string =>
    `**${escapeMarkdown(benchmark)}** ${escapeMarkdown(metric)}`;
  const measured = (r: ConfirmationRecord): string =>
    `${r.change !== null ? `${formatPercent(r.change)}${r.ci ? ` ${formatCi(r.ci)}` : ''}, ` : ''}${r.verdict}, ${r.pairs} pairs`;
  const lines = ['', '### Steps in the history, measured as pairs', ''];
  for (const r of records) {
    if (r.outcome === 'rejected') {
      lines.push(
        `- ${series(r.benchmark, r.metric)}: the step in ${range(r.good, r.bad)} is drift (not confirmed by a paired run: ${measured(r)}); not alerted.`,
      );
      continue;
    }
    const culprit = r.culprit
      ? `culprit ${commit(r.culprit.commit)}${r.culprit.subject ? ` “${escapeMarkdown(r.culprit.subject.slice(0, 80))}”` : ''}${r.culprit.change !== null ? ` (${formatPercent(r.culprit.change)}${r.culprit.ci ? ` ${formatCi(r.culprit.ci)}` : ''} against its parent)` : ''}`
      : `no single commit isolated (${escapeMarkdown(r.reason)})`;
    lines.push(
      `- ${series(r.benchmark, r.metric)}: the step in ${range(r.good, r.bad)} is confirmed (${measured(r)}); ${culprit}.`,
    );
  }
  for (const u of unconfirmable)
    lines.push(
      `- ${series(u.step.benchmark, u.step.metric)}: the step in ${range(u.step.lastBefore.commit, u.step.firstAfter.commit)} could not be measured as pairs (${escapeMarkdown(u.reason)}); not alerted, tried again on the next run.`,
    );
  if (pending.length > 0)
    lines.push(
      `- Pending (the time budget ran out; not alerted, measured on a later run): ${pending
        .map((s) => `${series(s.benchmark, s.metric)} ${range(s.lastBefore.commit, s.firstAfter.commit)}`)
        .join(', ')}.`,
    );
  return lines.join('\n') + '\n';
}
