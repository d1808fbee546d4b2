/**
 * CPU profiles for `profile: true` benchmarks: after the measured runs (so sampling never
 * perturbs the samples), a few runs under `perf record`, each piped through `perf script` into
 * the streaming collapser. Each run's folded stacks are kept (`profiles/runs/<name>/<i>.folded`)
 * so a frame's time can carry an interval across runs; their sum is `profiles/<name>.folded`.
 *
 * `call-graph: auto` (the default) records the first run with frame pointers and looks at the
 * stacks (profile/unwind.ts): code built without frame pointers gives broken chains, and then
 * LBR (where the PMU has it) or DWARF unwinding is tried on one run and kept if it is better.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PerfProbe } from '../host/probe.js';
import { benchmarkEnv, commandArgv, withCpus } from '../measure/command.js';
import { withFlags } from '../measure/invocation.js';
import { runProcess } from '../tools/process.js';
import type { CallGraphMode, ProfileFiles } from '../results/results-doc.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import { PerfScriptCollapser, type CollapseResult } from './collapse.js';
import { brokenShare, isBroken, unwindQuality } from './unwind.js';
import { writeFileAtomic } from '../tools/atomic.js';

export interface ProfileOptions {
  perf: PerfProbe;
  /** Directory of results.json; profiles go to `<outDir>/profiles/`. */
  outDir: string;
  scratch: string;
  parentEnv: NodeJS.ProcessEnv;
  /** Recorded runs per benchmark (their stacks are summed). */
  runs?: number;
  /** Sampling frequency, Hz: high enough for ~100 samples from a 30 ms run. */
  frequency?: number;
  /**
   * Unwind with this mode and skip the `auto` probe: `perfgate ab` passes head's choice to base
   * so both sides' stacks are unwound alike.
   */
  callGraph?: CallGraphMode;
  /** The same for off-CPU stacks, which `auto` probes on their own (see offcpu-record.ts). */
  offcpuCallGraph?: CallGraphMode;
  /**
   * One benchmark of a harness entry alone: the files are named after it, and the harness's
   * filter (measure/harness/only.ts) is appended to the entry's command.
   */
  only?: { name: string; args: readonly string[] };
}

/** The command a profile records: the entry's, narrowed to one benchmark when asked. */
export function profiledArgv(spec: BenchmarkSpec, opts: Pick<ProfileOptions, 'only'>): string[] {
  return opts.only ? withFlags(commandArgv(spec.run), [...opts.only.args]) : commandArgv(spec.run);
}

/** The name a profile's files are kept under. */
export function profiledName(spec: BenchmarkSpec, opts: Pick<ProfileOptions, 'only'>): string {
  return opts.only?.name ?? spec.name;
}

/** `cache/random` → `cache%2Frandom.folded`: reversible, so two names never share a file. */
export function profileFileName(benchmark: string): string {
  return `${encodeURIComponent(benchmark)}.folded`;
}

/**
 * Flags every profiling `perf record` starts with. `--no-bpf-event`: perf (5.1 and later) otherwise
 * starts a side-band thread for BPF program events, which no benchmark profile needs, and joins
 * it only after its 1 s poll times out: about 0.9 s of idle wait after every recorded run.
 */
export const RECORD_FLAGS: readonly string[] = ['-q', '--no-bpf-event'];

/** perf record's unwinding flags per mode. */
export const CALL_GRAPH_ARGS: Readonly<Record<CallGraphMode, readonly string[]>> = {
  fp: ['--call-graph', 'fp'],
  dwarf: ['--call-graph', 'dwarf'],
  lbr: ['--call-graph', 'lbr'],
};

/** Streams `perf script -i DATA` into the collapser, returning perf script's exit code. */
export function scriptInto(
  data: string,
  collapser: { push(chunk: Buffer): void },
  env: Record<string, string>,
  extraArgs: readonly string[] = [],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('perf', ['script', '-i', data, ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => collapser.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function lastLine(s: string): string {
  return s.trim().split('\n').slice(-1)[0] ?? '';
}

/** Adds each run's stacks into one folded text, sorted like stackcollapse output. */
export function sumFolded(runs: readonly CollapseResult[]): Buffer {
  const sum = new Map<string, number>();
  for (const r of runs) for (const [stack, count] of r.rawEntries) sum.set(stack, (sum.get(stack) ?? 0) + count);
  const keys = [...sum.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(keys.map((k) => `${k} ${sum.get(k)}\n`).join(''), 'latin1');
}

function stacksOf(r: CollapseResult): Map<string, number> {
  return new Map(r.entries());
}

export type RunOutcome = { result: CollapseResult } | { warning: string };

/**
 * Writes per-run folded files and their sum under `<outDir>/profiles/[<sub>/]`, returning the
 * paths relative to outDir.
 */
export async function writeFoldedRuns(
  outDir: string,
  sub: string,
  name: string,
  runs: readonly CollapseResult[],
): Promise<{ folded: string; runs: string[] }> {
  const base = path.join('profiles', sub);
  const stem = encodeURIComponent(name);
  await mkdir(path.join(outDir, base, 'runs', stem), { recursive: true });
  const rels: string[] = [];
  for (const [i, r] of runs.entries()) {
    const rel = path.join(base, 'runs', stem, `${i + 1}.folded`);
    await writeFileAtomic(path.join(outDir, rel), r.toBuffer());
    rels.push(rel);
  }
  const folded = path.join(base, profileFileName(name));
  await writeFileAtomic(path.join(outDir, folded), sumFolded(runs));
  return { folded, runs: rels };
}

export async function recordProfile(
  spec: BenchmarkSpec,
  opts: ProfileOptions,
): Promise<ProfileFiles | { warning: string }> {
  if (!opts.perf.usable) return { warning: `profile not recorded: ${opts.perf.reasons.join('; ')}` };
  const runs = opts.runs ?? 5;
  const env = benchmarkEnv(opts.parentEnv, spec.env);
  // Without a PMU the default `cycles` event cannot sample; cpu-clock is a software timer.
  const event = opts.perf.pmu ? 'cycles' : 'cpu-clock';
  const data = path.join(opts.scratch, 'profile.data');
  const recordOnce = async (mode: CallGraphMode): Promise<RunOutcome> => {
    const argv = withCpus(
      [
        'perf',
        'record',
        ...RECORD_FLAGS,
        '-e',
        event,
        '-F',
        String(opts.frequency ?? 2999),
        ...CALL_GRAPH_ARGS[mode],
        '-o',
        data,
        '--',
        ...profiledArgv(spec, opts),
      ],
      spec.cpus,
    );
    const r = await runProcess({ argv, cwd: spec.cwd, env, timeoutMs: spec.timeoutMs * (mode === 'dwarf' ? 4 : 2) });
    if (r.timedOut || r.exitCode !== 0) {
      const why = r.timedOut ? 'timed out' : (r.spawnError ?? `exit ${r.exitCode}: ${lastLine(r.stderrTail)}`);
      return { warning: `perf record --call-graph ${mode} ${why}` };
    }
    const collapser = new PerfScriptCollapser({});
    const s = await scriptInto(data, collapser, env);
    if (s.code !== 0) return { warning: `perf script exit ${s.code}: ${lastLine(s.stderr)}` };
    return { result: collapser.end() };
  };
  const done: CollapseResult[] = [];
  try {
    let mode: CallGraphMode;
    let reason: string;
    if (opts.callGraph) {
      mode = opts.callGraph;
      reason = `${mode} (as the other side)`;
    } else if (spec.callGraph !== 'auto') {
      mode = spec.callGraph;
      reason = `${mode} (call-graph: ${mode})`;
    } else {
      const probe = await chooseCallGraph(recordOnce, opts.perf.pmu);
      if ('warning' in probe) return { warning: `profile not recorded: ${probe.warning}` };
      mode = probe.mode;
      reason = probe.reason;
      done.push(probe.result);
    }
    while (done.length < runs) {
      const r = await recordOnce(mode);
      if ('warning' in r) return { warning: `profile not recorded: ${r.warning}` };
      done.push(r.result);
    }
    if (done.every((r) => r.samples === 0))
      return { warning: 'profile not recorded: perf record captured no samples (run too short?)' };
    const files = await writeFoldedRuns(opts.outDir, '', profiledName(spec, opts), done);
    return { ...files, callGraph: mode, callGraphReason: reason };
  } finally {
    await rm(data, { force: true });
  }
}

function pct(x: number): string {
  return `${Math.round(100 * x)}%`;
}

/**
 * `call-graph: auto`: one frame-pointer run; if its stacks are broken, one run with each
 * alternative (LBR only with a PMU), keeping the first whole one, else the least broken. The
 * kept probe run counts as the first profile run. A mode perf refuses is skipped, with why.
 * `judged` picks the part of each stack whose unwinding counts (off-CPU: the user part).
 */
export async function chooseCallGraph(
  recordOnce: (mode: CallGraphMode) => Promise<RunOutcome>,
  pmu: boolean,
  judged: (stacks: Map<string, number>) => Map<string, number> = (stacks) => stacks,
): Promise<{ mode: CallGraphMode; reason: string; result: CollapseResult } | { warning: string }> {
  const fp = await recordOnce('fp');
  if ('warning' in fp) return fp;
  const qfp = unwindQuality(judged(stacksOf(fp.result)));
  if (!isBroken(qfp))
    return {
      mode: 'fp',
      reason: `auto → fp: frame-pointer stacks are whole (${pct(brokenShare(qfp))} unresolved or missing callers)`,
      result: fp.result,
    };
  const tried = [`fp ${pct(brokenShare(qfp))} broken`];
  let best = { mode: 'fp' as CallGraphMode, share: brokenShare(qfp), result: fp.result };
  for (const mode of (pmu ? ['lbr', 'dwarf'] : ['dwarf']) as CallGraphMode[]) {
    const r = await recordOnce(mode);
    if ('warning' in r) {
      tried.push(`${mode} refused (${r.warning})`);
      continue;
    }
    const q = unwindQuality(judged(stacksOf(r.result)));
    tried.push(`${mode} ${pct(brokenShare(q))} broken`);
    if (brokenShare(q) < best.share) best = { mode, share: brokenShare(q), result: r.result };
    if (!isBroken(q)) break;
  }
  return { mode: best.mode, reason: `auto → ${best.mode}: ${tried.join(', ')}`, result: best.result };
}
