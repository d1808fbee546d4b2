/**
 * valgrind's cachegrind, run once: the `valgrind` backend's instruction counts, and the
 * simulated caches and branch predictor a counter profile of a changed benchmark reads where
 * the host has no PMU (issue 21; docs/ARCHITECTURE.md §3). One runner and one parser for both.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { runProcess, type ProcessOutcome } from '../tools/process.js';
import type { RunRequest } from './backends.js';
import { withCpus } from './command.js';

/**
 * The simulated hierarchy of a counter profile, fixed so that the same code gives the same
 * misses on every runner (left to itself cachegrind copies the host's caches: this VM's CPUID
 * reports a 320 MiB direct-mapped L3, simulated as 256 MiB, where no demo benchmark ever misses).
 * I1 and D1 are a common 32 KiB, 8-way L1. The last level is not a cache: its 4 KiB lines make
 * it a 1536-page, 12-way TLB (a second-level TLB's reach) looked up on D1 misses, because
 * cachegrind simulates no TLB and the demo's page-stride walk misses D1 exactly as often as its
 * line-stride twin (4 195 585 D1 misses each) but touches 64× the pages: 4 194 389 page misses
 * against 65 622 here. A D1 hit's page was touched within D1's last 512 lines, so a TLB miss
 * on a D1 hit is rare and the model misses little.
 */
export const COUNTER_SIMULATION: readonly string[] = [
  '--cache-sim=yes',
  '--branch-sim=yes',
  '--I1=32768,8,64',
  '--D1=32768,8,64',
  '--LL=6291456,12,4096',
];

/**
 * The totals of a cachegrind.out file by event name, from its `events:` and `summary:` lines:
 *   events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw Bc Bcm Bi Bim
 *   summary: 17429875 1180 81 553617 524574 328067 1059291 262552 4116 1598204 3244 307 163
 * Null when either line is missing or they disagree in length.
 */
export function parseCachegrindTotals(text: string): Record<string, number> | null {
  const events = /^events:[ \t]*(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/);
  const values = /^summary:[ \t]*(.*)$/m.exec(text)?.[1]?.trim().split(/\s+/);
  if (!events || !values || events.length !== values.length || events[0] === '') return null;
  const totals: Record<string, number> = {};
  for (const [i, e] of events.entries()) {
    const n = Number(values[i]);
    if (!Number.isSafeInteger(n) || n < 0) return null;
    totals[e] = n;
  }
  return totals;
}

export interface CachegrindRun {
  outcome: ProcessOutcome;
  /** Event totals summed over every traced process; null when valgrind wrote nothing readable. */
  totals: Record<string, number> | null;
  warnings: string[];
}

/**
 * One run of `req` under cachegrind with `flags`, the totals summed over each process's output
 * file. `scratch` is this caller's own directory: its `cg.*` files are cleared first.
 */
export async function runCachegrind(
  req: RunRequest,
  scratch: string,
  flags: readonly string[],
): Promise<CachegrindRun> {
  for (const f of await readdir(scratch))
    if (f.startsWith('cg.') || f === 'valgrind.log') await rm(path.join(scratch, f), { force: true });
  // setarch -R fixes the address layout, --log-file keeps valgrind's own chatter out of the
  // benchmark's stderr, %p gives each traced child process its own output file.
  const argv = withCpus(
    [
      'setarch',
      '-R',
      'valgrind',
      '--tool=cachegrind',
      ...flags,
      '--trace-children=yes',
      `--log-file=${path.join(scratch, 'valgrind.log')}`,
      `--cachegrind-out-file=${path.join(scratch, 'cg.%p')}`,
      '--',
      ...req.argv,
    ],
    req.cpus,
  );
  const outcome = await runProcess({ argv, cwd: req.cwd, env: req.env, timeoutMs: req.timeoutMs });
  const files = (await readdir(scratch)).filter((f) => f.startsWith('cg.'));
  const warnings: string[] = [];
  const totals: Record<string, number> = {};
  for (const f of files) {
    const t = parseCachegrindTotals(await readFile(path.join(scratch, f), 'utf8'));
    if (t === null) warnings.push(`cachegrind output ${f} has no events and summary lines`);
    else for (const [e, n] of Object.entries(t)) totals[e] = (totals[e] ?? 0) + n;
  }
  if (files.length === 0) {
    const log = await readFile(path.join(scratch, 'valgrind.log'), 'utf8').catch(() => '');
    warnings.push(`valgrind wrote no cachegrind output${log ? `: ${log.trim().split('\n').slice(-1)[0]}` : ''}`);
  }
  return { outcome, totals: files.length > 0 && warnings.length === 0 ? totals : null, warnings };
}

/** What a counter profile keeps of one side: per run of the benchmark (one run here). */
export interface SimulatedCounts {
  instructions: number;
  /** D1 read and write misses. */
  d1Misses: number;
  /** Misses of the page-granular last level (COUNTER_SIMULATION): simulated TLB misses of data. */
  tlbMisses: number;
  /** Mispredicted conditional and indirect branches. */
  branchMisses: number;
}

/** The totals → the counts a label reads; null when an event is missing (cache-sim off). */
export function simulatedCounts(t: Record<string, number>): SimulatedCounts | null {
  const need = ['Ir', 'D1mr', 'D1mw', 'DLmr', 'DLmw', 'Bcm', 'Bim'];
  if (need.some((e) => t[e] === undefined)) return null;
  const n = (e: string): number => t[e] ?? 0;
  return {
    instructions: n('Ir'),
    d1Misses: n('D1mr') + n('D1mw'),
    tlbMisses: n('DLmr') + n('DLmw'),
    branchMisses: n('Bcm') + n('Bim'),
  };
}
