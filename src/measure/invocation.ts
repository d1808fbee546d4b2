/**
 * One invocation of a suite entry, measured: the backend's counters for the whole command
 * and, for a harness entry (`format:`), the harness's own report of each benchmark inside
 * it. Both the runner and the paired A/B call this, so a plain command and a harness are
 * sampled the same way: one invocation gives one sample per benchmark.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { scrub } from '../tools/secrets.js';
import { dict } from '../tools/dict.js';
import type { HarnessOrigin } from '../results/results-doc.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import type { Backend, Measurement, RunRequest } from './backends.js';
import { FORMATS } from './harness/format-specs.js';
import type { CriterionFile } from './harness/criterion.js';
import type { HarnessReport } from './harness/harness-report.js';
import { shellQuote } from '../tools/shell.js';

/** Why a run did not complete (timeout, could not start, non-zero exit), or null if it did. */
export function describeFailure(
  m: Measurement,
  timeoutMs: number,
): { status: 'failed' | 'timeout'; error: string } | null {
  const o = m.outcome;
  const tail = o.stderrTail.trim().split('\n').slice(-10).join('\n');
  if (o.timedOut)
    return {
      status: 'timeout',
      error: `timed out after ${timeoutMs} ms; process group killed${tail ? `\n${tail}` : ''}`,
    };
  if (o.spawnError) return { status: 'failed', error: `could not start: ${o.spawnError}` };
  if (o.exitCode !== 0) {
    const how = o.signal ? `killed by ${o.signal}` : `exited with code ${o.exitCode}`;
    return { status: 'failed', error: `${how}${tail ? `; stderr:\n${tail}` : ''}` };
  }
  return null;
}

export interface SampleValue {
  unit: string;
  value: number;
  direction?: 'higher';
}

export interface InvocationSample {
  /** Why the invocation did not complete cleanly, or null. May come with partial results. */
  failure: { status: 'failed' | 'timeout'; error: string } | null;
  /**
   * perfgate benchmark name → metric → this invocation's value. The entry's own name holds
   * the backend's counters for the whole command; a harness adds `<entry>/<harness name>`.
   */
  byBenchmark: Record<string, Record<string, SampleValue>>;
  /** Where each harness benchmark came from (absent for a plain command). */
  origins: Record<string, HarnessOrigin>;
  warnings: string[];
}

/** The command with the harness's output flags appended (to the shell string when it is one). */
export function withFlags(argv: string[], flags: string[]): string[] {
  if (flags.length === 0) return argv;
  if (argv[0] === '/bin/sh' && argv[1] === '-c' && argv.length === 3)
    return ['/bin/sh', '-c', `${argv[2] as string} ${flags.map(shellQuote).join(' ')}`];
  return [...argv, ...flags];
}

/** Runs argv with its stdout going to `file` (exec: no shell stays in between). */
export function stdoutTo(argv: string[], file: string): string[] {
  return ['/bin/sh', '-c', 'f=$1; shift; exec "$@" >"$f"', 'sh', file, ...argv];
}

/** Files under `dir` written since `since` (ms), relative and `/`-separated. */
async function freshFiles(dir: string, since: number): Promise<CriterionFile[]> {
  const out: CriterionFile[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (e.name.endsWith('.json')) {
        const full = path.join(dir, r);
        // Earlier invocations' (and removed benchmarks') files stay behind: only this run's count.
        if ((await stat(full)).mtimeMs >= since) out.push({ path: r, text: scrub(await readFile(full, 'utf8')) });
      }
    }
  };
  await walk('');
  return out;
}

export async function sampleInvocation(
  spec: BenchmarkSpec,
  backend: Backend,
  req: RunRequest,
): Promise<InvocationSample> {
  const harness = spec.harness;
  if (!harness) {
    const m = await backend.measure(req);
    return {
      failure: describeFailure(m, spec.timeoutMs),
      byBenchmark: dict([[spec.name, m.metrics]]),
      origins: dict(),
      warnings: m.warnings,
    };
  }
  const info = FORMATS[harness.format];
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'perfgate-harness-'));
  try {
    const file = harness.output ?? path.join(scratch, info.output === 'stdout' ? 'stdout.txt' : 'output');
    let argv = req.argv;
    if (harness.output !== null) {
      // The suite names the file: the command writes it itself. A stale one from the last
      // invocation must not pass for this one's (a directory is filtered by time instead).
      if (info.output !== 'dir') await rm(harness.output, { force: true });
    } else if (info.output === 'stdout') argv = stdoutTo(req.argv, file);
    else if (info.output !== 'dir') argv = withFlags(req.argv, info.output.flags(file));
    const started = Date.now() - 100;
    const m = await backend.measure({ ...req, argv });
    const failure = describeFailure(m, spec.timeoutMs);
    const sample: InvocationSample = {
      failure,
      byBenchmark: dict([[spec.name, m.metrics]]),
      origins: dict(),
      warnings: [...m.warnings],
    };
    // Where the output came from, for messages naming a line of it.
    const source =
      harness.output ??
      (info.output === 'stdout'
        ? 'stdout'
        : info.output === 'dir'
          ? path.resolve(spec.cwd, info.defaultDir ?? '.')
          : `the file of ${info.output.flags('FILE').join(' ')}`);

    let report: HarnessReport;
    try {
      if (info.output === 'dir') {
        const dir = harness.output ?? path.resolve(spec.cwd, info.defaultDir ?? '.');
        report = (info.parseDir as NonNullable<typeof info.parseDir>)(await freshFiles(dir, started));
      } else {
        // Harness output is outside text like stderr: its names and messages reach the report.
        const text = scrub(
          await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
            if (err.code === 'ENOENT') return '';
            throw err;
          }),
        );
        report = (info.parse as NonNullable<typeof info.parse>)(text);
      }
    } catch (err) {
      const why = `${spec.name} (${source}): ${errorMessage(err)}`;
      sample.failure = failure
        ? { status: failure.status, error: `${failure.error}\n${why}` }
        : { status: 'failed', error: why };
      return sample;
    }
    const problems = [...report.problems];
    for (const b of report.benchmarks) {
      const name = `${spec.name}/${b.name}`;
      const metrics = dict<SampleValue>();
      for (const [k, v] of Object.entries(b.metrics))
        metrics[k] = {
          unit: v.unit,
          value: v.value,
          ...(v.direction === 'higher' ? { direction: 'higher' as const } : {}),
        };
      sample.byBenchmark[name] = metrics;
      sample.origins[name] = {
        entry: spec.name,
        format: harness.format,
        name: b.name,
        ...(Object.keys(b.context).length > 0 ? { context: b.context } : {}),
      };
      const errors = b.context.errors;
      if (harness.format === 'wrk' && typeof errors === 'number' && errors > 0)
        problems.push(
          `${b.name}: ${errors} error(s) (${[b.context['socket-errors'] ? `socket errors: ${String(b.context['socket-errors'])}` : '', b.context['non-2xx'] ? `non-2xx or 3xx responses: ${String(b.context['non-2xx'])}` : ''].filter(Boolean).join('; ')})`,
        );
    }
    sample.warnings.push(...(report.warnings ?? []).map((w) => `${spec.name}: ${w}`));
    if (problems.length > 0) {
      const last = report.benchmarks.at(-1)?.name;
      const why = `${spec.name} (${harness.format}, ${source}): ${problems.join('; ')}${report.benchmarks.length > 0 ? ` — kept the ${report.benchmarks.length} benchmark(s) that reported${last ? ` (last: ${last})` : ''}` : ''}`;
      sample.failure = failure
        ? { status: failure.status, error: `${failure.error}\n${why}` }
        : { status: 'failed', error: why };
    } else if (failure && report.benchmarks.length > 0) {
      sample.failure = {
        status: failure.status,
        error: `${failure.error}\n${spec.name} (${harness.format}): kept the ${report.benchmarks.length} benchmark(s) that reported (last: ${report.benchmarks.at(-1)?.name ?? '?'})`,
      };
    }
    return sample;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** How many harness benchmarks an invocation reported (0 for a plain command). */
export function harnessCount(sample: InvocationSample): number {
  return Object.keys(sample.origins).length;
}
