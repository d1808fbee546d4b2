/**
 * The doctor report for the terminal (a table, advice under each row that needs some) and as
 * markdown (the action's job summary). One set of rows for both.
 */
import { markdownTable } from 'markdown-table';
import type { DoctorReport } from '../host/run-doctor.js';
import { escapeMarkdown } from './escape.js';

function heading(report: DoctorReport): string {
  const c = report.counts;
  const cpus = report.cpus === 'all' ? 'all CPUs (benchmarks not pinned)' : `benchmark CPUs ${report.cpus}`;
  return `host checks for ${cpus}: ${c.pass} pass, ${c.warn} warn, ${c.fail} fail, ${c.unknown} unknown`;
}

export function renderChecksText(report: DoctorReport): string {
  const idWidth = Math.max(5, ...report.checks.map((c) => c.id.length));
  const statusWidth = 7;
  const indent = ' '.repeat(idWidth + statusWidth + 4);
  const lines = [heading(report), '', `${'check'.padEnd(idWidth)}  ${'status'.padEnd(statusWidth)}  value`];
  for (const c of report.checks) {
    lines.push(`${c.id.padEnd(idWidth)}  ${c.status.padEnd(statusWidth)}  ${c.value}`);
    if (c.advice && c.status !== 'pass') lines.push(`${indent}→ ${c.advice}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderChecksMarkdown(report: DoctorReport): string {
  const mark = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', unknown: '❔ unknown' } as const;
  const rows = report.checks.map((c) => [
    c.id,
    mark[c.status],
    escapeMarkdown(c.value),
    escapeMarkdown(c.status === 'pass' ? '' : c.advice),
  ]);
  return `### perfgate doctor\n\n${escapeMarkdown(heading(report))}\n\n${markdownTable([['check', 'status', 'value', 'advice'], ...rows])}\n`;
}

/**
 * The job summary's folded block, last in it (report/job-summary.ts): its summary line says
 * the counts, so a failed check is seen without unfolding.
 */
export function renderChecksDetails(report: DoctorReport): string {
  const c = report.counts;
  const flag = c.fail > 0 ? '❌ ' : c.warn > 0 ? '⚠️ ' : '';
  return `<details><summary>${flag}Host checks: ${c.pass} pass, ${c.warn} warn, ${c.fail} fail, ${c.unknown} unknown</summary>\n\n${renderChecksMarkdown(report)}\n</details>\n`;
}
