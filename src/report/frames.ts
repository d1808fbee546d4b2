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

/**
 * The unit frame times are shown in: ms per measured run, or for a harness benchmark profiled
 * alone (basis per iteration of the harness) ms, µs or ns per iteration, whichever reads as a
 * number of a few digits. `scale` converts the stored ms.
 */
export function frameUnit(basis: { metric: string; msPerRun: { base: number; head: number }; per?: 'iteration' }): {
  scale: number;
  unit: string;
} {
  if (basis.metric === 'off-cpu') return { scale: 1, unit: 'ms blocked/run' };
  if (basis.per !== 'iteration') return { scale: 1, unit: 'ms/run' };
  const top = Math.max(basis.msPerRun.base, basis.msPerRun.head);
  if (top >= 1) return { scale: 1, unit: 'ms/iteration' };
  if (top >= 1e-3) return { scale: 1e3, unit: 'µs/iteration' };
  return { scale: 1e6, unit: 'ns/iteration' };
}

function change(f: FrameTime, scale: number): string {
  const ci = f.change.selfCi;
  const x = (v: number): string => formatMsChange(v * scale);
  return ci ? `${x(f.change.self)} [${x(ci[0])}, ${x(ci[1])}]` : x(f.change.self);
}

/** One sentence on what the figures rest on, for the summary line of the section. */
export function basisNote(ex: ExplanationCore): string {
  const runs =
    ex.profileRuns.base === ex.profileRuns.head
      ? `${ex.profileRuns.head} profile runs per side`
      : `${ex.profileRuns.base}/${ex.profileRuns.head} profile runs`;
  const { scale, unit } = frameUnit(ex.basis);
  const [b, h] = [formatMs(ex.basis.msPerRun.base * scale), formatMs(ex.basis.msPerRun.head * scale)];
  const what =
    ex.basis.metric === 'off-cpu'
      ? `blocked ${b} → ${h} ms per run`
      : ex.basis.per === 'iteration'
        ? `this benchmark alone, scaled to its median ${ex.basis.metric} ${b} → ${h} ${unit}`
        : `scaled to the median ${ex.basis.metric} ${b} → ${h} ms`;
  return `${runs}, ${what}`;
}

/** Whether a frame's change of self time has an interval, and it excludes zero: a change, not noise. */
export function excludesZero(f: FrameTime): boolean {
  const ci = f.change.selfCi;
  return ci !== undefined && (ci[0] > 0 || ci[1] < 0);
}

/** Markdown table of `frames`, by default all top frames (frame names escaped as code spans). */
export function framesMarkdown(ex: ExplanationCore, frames: readonly FrameTime[] = ex.top): string {
  const { scale, unit: u } = frameUnit(ex.basis);
  const ms = (x: number): string => formatMs(x * scale);
  // Off-CPU rows are waiting places (one per stack), so their total is their self time.
  const showTotal = !ex.unwind.broken && ex.basis.metric !== 'off-cpu';
  const head = ['frame', `self, ${u}`, 'Δ self [CI]', ...(showTotal ? [`total, ${u}`] : [])];
  const rows = frames.map((f) => [
    markdownCode(f.frame),
    `${ms(f.selfMs.base)} → ${ms(f.selfMs.head)}`,
    change(f, scale),
    ...(showTotal ? [`${ms(f.totalMs.base)} → ${ms(f.totalMs.head)}`] : []),
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
  const { scale, unit: u } = frameUnit(ex.basis);
  const ms = (x: number): string => formatMs(x * scale);
  return ex.top
    .slice(0, n)
    .map(
      (f) =>
        `  ${`${ms(f.selfMs.base)} → ${ms(f.selfMs.head)}`.padStart(17)} ${u} self  ${change(f, scale).padEnd(24)} ${f.frame}`,
    );
}
