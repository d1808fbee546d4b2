/**
 * CPU profiles for `profile: true` benchmarks: after the measured runs (so sampling never
 * perturbs the samples), a few runs under `perf record -g`, each piped through `perf script`
 * into the streaming collapser, and the folded stacks written next to results.json.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PerfProbe } from '../host/probe.js';
import { benchmarkEnv, commandArgv, withCpus } from '../measure/command.js';
import { runProcess } from '../tools/process.js';
import type { BenchmarkSpec } from '../suite/types.js';
import { PerfScriptCollapser } from './collapse.js';

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
}

/** `cache/random` → `cache%2Frandom.folded`: reversible, so two names never share a file. */
export function profileFileName(benchmark: string): string {
  return `${encodeURIComponent(benchmark)}.folded`;
}

/** Streams `perf script -i DATA` into the collapser, returning perf script's exit code. */
function scriptInto(data: string, collapser: PerfScriptCollapser, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('perf', ['script', '-i', data], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => collapser.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

export async function recordProfile(spec: BenchmarkSpec, opts: ProfileOptions): Promise<{ folded: string } | { warning: string }> {
  if (!opts.perf.usable) return { warning: `profile not recorded: ${opts.perf.reasons.join('; ')}` };
  const runs = opts.runs ?? 5;
  const env = benchmarkEnv(opts.parentEnv, spec.env);
  // Without a PMU the default `cycles` event cannot sample; cpu-clock is a software timer.
  const event = opts.perf.pmu ? 'cycles' : 'cpu-clock';
  const callGraph = spec.callGraph === 'dwarf' ? ['--call-graph', 'dwarf'] : ['-g'];
  const collapser = new PerfScriptCollapser({});
  const data = path.join(opts.scratch, 'profile.data');
  try {
    for (let i = 0; i < runs; i++) {
      const argv = withCpus(
        ['perf', 'record', '-q', '-e', event, '-F', String(opts.frequency ?? 2999), ...callGraph, '-o', data, '--', ...commandArgv(spec.run)],
        spec.cpus,
      );
      const r = await runProcess({ argv, cwd: spec.cwd, env, timeoutMs: spec.timeoutMs * 2 });
      if (r.timedOut || r.exitCode !== 0) {
        const why = r.timedOut ? 'timed out' : r.spawnError ?? `exit ${r.exitCode}: ${r.stderrTail.trim().split('\n').slice(-1)[0] ?? ''}`;
        return { warning: `profile not recorded: perf record ${why}` };
      }
      const s = await scriptInto(data, collapser, env);
      if (s.code !== 0) return { warning: `profile not recorded: perf script exit ${s.code}: ${s.stderr.trim().split('\n').slice(-1)[0] ?? ''}` };
    }
  } finally {
    await rm(data, { force: true });
  }
  const result = collapser.end();
  if (result.samples === 0) return { warning: 'profile not recorded: perf record captured no samples (run too short?)' };
  const rel = path.join('profiles', profileFileName(spec.name));
  await mkdir(path.join(opts.outDir, 'profiles'), { recursive: true });
  await writeFile(path.join(opts.outDir, rel), result.toBuffer());
  return { folded: rel };
}
