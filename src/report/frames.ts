/**
 * The "why" table under a changed benchmark: frames in ms per measured run, before → after,
 * the change with its interval, and what the figures rest on (profile runs, time basis, unwind
 * quality). One wording for the PR comment (markdown) and the terminal (text).
 */
import { markdownTable } from 'markdown-table';
import type { ExplanationCore, FrameTime } from '../compare/comparison-doc.js';
import { escapeMarkdown, markdownCode } from './escape.js';
import { formatMs, formatMsChange } from '../results/format.js';

// Defined with the other number formats, below the flame graphs that print them too.
export { formatMs, formatMsChange };

function change(f: FrameTime): string {
  const ci = f.change.selfCi;
  return ci
    ? `${formatMsChange(f.change.self)} [${formatMsChange(ci[0])}, ${formatMsChange(ci[1])}]`
    : formatMsChange(f.change.self);
}

function unit(ex: ExplanationCore): string {
  return ex.basis.metric === 'off-cpu' ? 'ms blocked/run' : 'ms/run';
}

/** One sentence on what the figures rest on, for the summary line of the section. */
export function basisNote(ex: ExplanationCore): string {
  const runs =
    ex.profileRuns.base === ex.profileRuns.head
      ? `${ex.profileRuns.head} profile runs per side`
      : `${ex.profileRuns.base}/${ex.profileRuns.head} profile runs`;
  const what =
    ex.basis.metric === 'off-cpu'
      ? `blocked ${formatMs(ex.basis.msPerRun.base)} → ${formatMs(ex.basis.msPerRun.head)} ms per run`
      : `scaled to the median ${ex.basis.metric} ${formatMs(ex.basis.msPerRun.base)} → ${formatMs(ex.basis.msPerRun.head)} ms`;
  return `${runs}, ${what}`;
}

/** Whether a frame's change of self time has an interval, and it excludes zero: a change, not noise. */
export function excludesZero(f: FrameTime): boolean {
  const ci = f.change.selfCi;
  return ci !== undefined && (ci[0] > 0 || ci[1] < 0);
}

/** Markdown table of `frames`, by default all top frames (frame names escaped as code spans). */
export function framesMarkdown(ex: ExplanationCore, frames: readonly FrameTime[] = ex.top): string {
  const u = unit(ex);
  // Off-CPU rows are waiting places (one per stack), so their total is their self time.
  const showTotal = !ex.unwind.broken && ex.basis.metric !== 'off-cpu';
  const head = ['frame', `self, ${u}`, 'Δ self [CI]', ...(showTotal ? [`total, ${u}`] : [])];
  const rows = frames.map((f) => [
    markdownCode(f.frame),
    `${formatMs(f.selfMs.base)} → ${formatMs(f.selfMs.head)}`,
    change(f),
    ...(showTotal ? [`${formatMs(f.totalMs.base)} → ${formatMs(f.totalMs.head)}`] : []),
  ]);
  return markdownTable([head, ...rows], { align: ['l', 'r', 'r', 'r'] });
}

/** The short unwind notice shown in the section (the full advice is in the warnings, once). */
export function unwindNote(ex: ExplanationCore): string | null {
  if (!ex.unwind.broken) return null;
  const pct = (x: number): string => `${Math.round(100 * x)}%`;
  const q = ex.unwind.head;
  return `⚠️ Stacks unwound with ${escapeMarkdown(ex.unwind.mode)} are broken (${pct(q.unknownShare)} of head samples under an unresolved caller, ${pct(q.singleFrameShare)} with no caller): ranked by self time, totals omitted. See the warning below for the fix.`;
}

/** Plain-text lines for the terminal. */
export function framesText(ex: ExplanationCore, n = 5): string[] {
  const u = unit(ex);
  return ex.top
    .slice(0, n)
    .map(
      (f) =>
        `  ${`${formatMs(f.selfMs.base)} → ${formatMs(f.selfMs.head)}`.padStart(17)} ${u} self  ${change(f).padEnd(24)} ${f.frame}`,
    );
}
