/**
 * Recording off-CPU stacks (issue 12): where a benchmark waits. A few runs under
 * `perf record -e sched:sched_switch -c 1 --switch-events` with call graphs, each collapsed by
 * offcpu.ts into stacks weighted by blocked nanoseconds, written like the CPU profiles under
 * `profiles/offcpu/`. The tracepoint needs tracefs and, for a non-root user,
 * perf_event_paranoid ≤ -1; the probe says which of these is missing instead of a bare refusal.
 *
 * `call-graph: auto` probes the unwinding of off-CPU stacks apart from the CPU profile's: a
 * blocked thread always sits in a libc system call wrapper, and a libc built without frame
 * pointers (Debian's) ends every frame-pointer stack there, e.g. `read+0xd (libc.so.6)` and
 * nothing above it, however whole the program's own CPU stacks are. So the first run is
 * recorded with frame pointers and, when its stacks are broken, again with DWARF.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PerfProbe } from '../host/probe.js';
import { benchmarkEnv, withCpus } from '../measure/command.js';
import { runProcess } from '../tools/process.js';
import type { CallGraphMode, FoldedFiles } from '../results/results-doc.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import type { CollapseResult } from './collapse.js';
import { OffCpuCollapser, userStacks } from './offcpu.js';
import {
  CALL_GRAPH_ARGS,
  chooseCallGraph,
  RECORD_FLAGS,
  scriptInto,
  profiledArgv,
  profiledName,
  writeFoldedRuns,
  type ProfileOptions,
  type RunOutcome,
} from './record.js';

const EVENT_ARGS = ['-e', 'sched:sched_switch', '-c', '1', '--switch-events'];

export interface OffCpuProbe {
  usable: boolean;
  /** Why not, in words a user can act on; or what works. */
  reason: string;
}

/** Whether tracefs is mounted, from /proc/mounts (perf 6.1 mounts it itself when it can). */
async function tracefsMounted(procRoot: string): Promise<boolean> {
  const mounts = await readFile(path.join(procRoot, 'mounts'), 'utf8').catch(() => '');
  return /\s(tracefs|debugfs)\s/.test(mounts) || existsSync('/sys/kernel/tracing/events/sched');
}

/**
 * perf's own reason from its stderr: the `Error:` line (and its `Hint:`), not the usage text
 * that follows, e.g.
 *   Error:	No permissions to read /sys/kernel/tracing/events/sched/sched_switch
 *   Hint:	Try 'sudo mount -o remount,mode=755 /sys/kernel/tracing/'
 */
export function perfErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  const error = lines.find((l) => /^Error:/.test(l))?.replace(/^Error:\s*/, '');
  const hint = lines.find((l) => /^Hint:/.test(l))?.replace(/^Hint:\s*/, '');
  if (error) return hint ? `${error} (perf: ${hint})` : error;
  return lines.find((l) => l.length > 0 && !/^Usage:|^or:|^-/.test(l)) ?? '';
}

/**
 * Explains a refused `perf record -e sched:sched_switch`: perf's own message first, then the
 * setting that usually causes it. Pure, so each wording is tested on its own.
 */
export function explainRefusal(
  perfLine: string,
  facts: { root: boolean; paranoid: number | null; tracefs: boolean },
): string {
  const hints: string[] = [];
  if (!facts.tracefs) hints.push('tracefs is not mounted (as root: mount -t tracefs nodev /sys/kernel/tracing)');
  if (!facts.root && (facts.paranoid === null || facts.paranoid > -1)) {
    hints.push(
      `tracepoints need root or kernel.perf_event_paranoid=-1 (it is ${facts.paranoid ?? 'unknown'}; sysctl -w kernel.perf_event_paranoid=-1)`,
    );
  }
  if (!facts.root && facts.tracefs) hints.push('a non-root user also needs read access to /sys/kernel/tracing');
  return `perf cannot record the sched:sched_switch tracepoint: ${perfLine || 'no message'}${hints.length > 0 ? `; ${hints.join('; ')}` : ''}`;
}

let probed: Promise<OffCpuProbe> | null = null;

/** One `perf record -e sched:sched_switch -- true`, once per process. */
export function probeOffCpu(perf: PerfProbe, procRoot = '/proc'): Promise<OffCpuProbe> {
  if (!perf.usable) return Promise.resolve({ usable: false, reason: `perf unusable: ${perf.reasons.join('; ')}` });
  probed ??= (async (): Promise<OffCpuProbe> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-offcpu-probe-'));
    try {
      const r = await runProcess({
        argv: [
          'perf',
          'record',
          ...RECORD_FLAGS,
          ...EVENT_ARGS,
          '-g',
          '-o',
          path.join(dir, 'probe.data'),
          '--',
          'true',
        ],
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
        timeoutMs: 20_000,
      });
      if (r.exitCode === 0) return { usable: true, reason: 'perf records sched:sched_switch with call graphs' };
      const line = perfErrorLine(r.stderrTail) || r.spawnError || `exit ${r.exitCode}`;
      return {
        usable: false,
        reason: explainRefusal(line, {
          root: process.getuid?.() === 0,
          paranoid: perf.paranoid,
          tracefs: await tracefsMounted(procRoot),
        }),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return probed;
}

/**
 * Records off-CPU stacks of `runs` runs, unwound with `offcpuCallGraph` when the other side
 * chose, else as the suite says (`auto` probed here; LBR cannot sample tracepoints, so DWARF).
 */
export async function recordOffCpu(
  spec: BenchmarkSpec,
  opts: ProfileOptions,
): Promise<FoldedFiles | { warning: string }> {
  const probe = await probeOffCpu(opts.perf);
  if (!probe.usable) return { warning: `off-CPU stacks not recorded: ${probe.reason}` };
  const env = benchmarkEnv(opts.parentEnv, spec.env);
  const data = path.join(opts.scratch, 'offcpu.data');
  const recordOnce = async (mode: CallGraphMode): Promise<RunOutcome> => {
    const argv = withCpus(
      [
        'perf',
        'record',
        ...RECORD_FLAGS,
        ...EVENT_ARGS,
        ...CALL_GRAPH_ARGS[mode],
        '-o',
        data,
        '--',
        ...profiledArgv(spec, opts),
      ],
      spec.cpus,
    );
    const r = await runProcess({ argv, cwd: spec.cwd, env, timeoutMs: spec.timeoutMs * 4 });
    if (r.timedOut || r.exitCode !== 0) {
      return {
        warning: `perf record ${r.timedOut ? 'timed out' : (r.spawnError ?? `exit ${r.exitCode}: ${r.stderrTail.trim().split('\n').slice(-1)[0] ?? ''}`)}`,
      };
    }
    const collapser = new OffCpuCollapser();
    const s = await scriptInto(data, collapser, env, ['--ns', '--show-switch-events']);
    if (s.code !== 0)
      return { warning: `perf script exit ${s.code}: ${s.stderr.trim().split('\n').slice(-1)[0] ?? ''}` };
    return { result: collapser.end().result };
  };
  const runs: CollapseResult[] = [];
  let mode: CallGraphMode;
  try {
    if (opts.offcpuCallGraph) mode = opts.offcpuCallGraph;
    else if (spec.callGraph !== 'auto') mode = spec.callGraph === 'lbr' ? 'dwarf' : spec.callGraph;
    else {
      const chosen = await chooseCallGraph(recordOnce, false, userStacks);
      if ('warning' in chosen) return { warning: `off-CPU stacks not recorded: ${chosen.warning}` };
      mode = chosen.mode;
      runs.push(chosen.result);
    }
    while (runs.length < (opts.runs ?? 5)) {
      const r = await recordOnce(mode);
      if ('warning' in r) return { warning: `off-CPU stacks not recorded: ${r.warning}` };
      runs.push(r.result);
    }
  } finally {
    await rm(data, { force: true });
  }
  if (runs.every((r) => r.samples === 0))
    return { warning: 'off-CPU stacks not recorded: the benchmark never blocked while recorded' };
  return { ...(await writeFoldedRuns(opts.outDir, 'offcpu', profiledName(spec, opts), runs)), callGraph: mode };
}
