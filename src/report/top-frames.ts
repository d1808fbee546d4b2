/** The top-frames table of `perfgate diff --top` as GitHub markdown (also readable as text). */
import type { FrameDelta } from '../flamegraph/diff.js';
import { formatFixed, formatSigned } from '../results/format.js';
import { markdownCode } from './escape.js';

const signed = (x: number): string => formatSigned(x, 2);
const pct = (x: number): string => `${formatFixed(x, 2)}%`;

export function formatTopFrames(rows: readonly FrameDelta[]): string {
  const header = ['Frame', 'Self before', 'Self after', 'Δ self', 'Total before', 'Total after', 'Δ total'];
  const body = rows.map((r) => [
    markdownCode(r.frame),
    pct(r.selfBefore),
    pct(r.selfAfter),
    `${signed(r.selfDelta)} pp`,
    pct(r.totalBefore),
    pct(r.totalAfter),
    `${signed(r.totalDelta)} pp`,
  ]);
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]): string =>
    `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n') + '\n';
}
