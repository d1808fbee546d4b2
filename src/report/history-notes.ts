/**
 * History-aware PR comments (issue 13 item 5): when main already stepped up for a benchmark and
 * has not come back (an open regression, report/steps.ts), the PR comment says so next to this
 * PR's verdict, so a maintainer who sees the benchmark slow on the dashboard knows whether this
 * PR is the cause: "main regressed at abc1234 (+8.1%); this PR did not change it". Pure.
 */
import type { ComparisonRow } from '../compare/comparison-doc.js';
import { seriesKey } from '../results/history-record.js';
import { formatPercent } from '../results/format.js';
import type { Step } from './steps.js';
import { escapeMarkdown } from './escape.js';

export interface HistoryNote {
  benchmark: string;
  metric: string;
  /** The PR's verdict on this benchmark × metric. */
  verdict: ComparisonRow['verdict'];
  /** Markdown, one line. */
  text: string;
}

const short = (sha: string): string => sha.slice(0, 7);

/**
 * One note per gated row whose series has an open regression on main. The PR's side of the
 * sentence follows its verdict: unchanged → "did not change it"; regression → it adds to it;
 * improvement → it wins some back; inconclusive → cannot tell yet.
 */
export function historyNotes(
  rows: readonly ComparisonRow[],
  open: ReadonlyMap<string, Step>,
  repoUrl?: string,
): HistoryNote[] {
  const notes: HistoryNote[] = [];
  for (const r of rows) {
    if (!r.gated) continue;
    const step = open.get(seriesKey(r.benchmark, r.metric));
    if (!step) continue;
    // A paired run that isolated the commit names it; else the first commit after the step.
    const sha = step.confirmation?.culprit?.commit ?? step.firstAfter.commit;
    const at = repoUrl ? `[\`${short(sha)}\`](${repoUrl}/commit/${sha})` : `\`${short(sha)}\``;
    const size = formatPercent(step.estimate?.change ?? step.change);
    const pr =
      r.verdict === 'unchanged'
        ? 'this PR did not change it'
        : r.verdict === 'regression'
          ? `this PR makes it slower still (${formatPercent(r.change)})`
          : r.verdict === 'improvement'
            ? `this PR wins some of it back (${formatPercent(r.change)})`
            : "this PR's effect on it is not clear yet";
    notes.push({
      benchmark: r.benchmark,
      metric: r.metric,
      verdict: r.verdict,
      text: `**${escapeMarkdown(r.benchmark)}** ${escapeMarkdown(r.metric)}${step.direction === 'higher' ? ' (higher is better)' : ''}: main regressed at ${at} (${size}, ${step.firstAfter.date.slice(0, 10)}); ${pr}.`,
    });
  }
  // Benchmarks the PR left alone first: they are the ones a reader would otherwise blame on it.
  const rank = { unchanged: 0, inconclusive: 1, improvement: 2, regression: 3 } as const;
  return notes.sort(
    (a, b) =>
      rank[a.verdict] - rank[b.verdict] || a.benchmark.localeCompare(b.benchmark) || a.metric.localeCompare(b.metric),
  );
}

/** The notes as a section of the comment (empty when there are none). */
export function renderHistoryNotes(notes: readonly HistoryNote[], max = 20): string {
  if (notes.length === 0) return '';
  const shown = notes.slice(0, max);
  return [
    '### Already slower on main',
    '',
    ...shown.map((n) => `- ${n.text}`),
    ...(notes.length > shown.length ? [`- _${notes.length - shown.length} more._`] : []),
  ].join('\n');
}
