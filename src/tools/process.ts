/**
 * Runs one child process with a deadline. The child leads its own process group, so a timeout
 * kills everything it started (a benchmark's shell, threads, helpers), not just the top process.
 * Its stdout and stderr go to files, not pipes: draining pipes through the event loop costs
 * about a millisecond per run (measured interleaved: 0.9 ms vs 0.1 ms), which is harness
 * overhead on every measured run. Only the tails are read back, for error messages.
 */
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ProcessSpec {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Aborting kills the whole process group at once (a second Ctrl-C, a cancelled job). */
  signal?: AbortSignal;
}

export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Wall time from spawn to exit, in nanoseconds. */
  wallNs: number;
  /** The last few KiB of stderr and stdout, for error messages. */
  stderrTail: string;
  stdoutTail: string;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
}

const TAIL_BYTES = 4096;
/** After SIGTERM, how long a timed-out group gets before SIGKILL. */
const GRACE_MS = 500;

/** One directory per process for the output files (created lazily, removed on exit). */
let outputDir: string | null = null;
let sequence = 0;
function outputFile(kind: string): string {
  if (outputDir === null) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'perfgate-out-'));
    outputDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return path.join(outputDir, `${process.pid}-${++sequence}.${kind}`);
}

function tail(fd: number): string {
  const size = fstatSync(fd).size;
  const length = Math.min(size, TAIL_BYTES);
  const buf = Buffer.alloc(length);
  readSync(fd, buf, 0, length, size - length);
  return buf.toString('utf8');
}

export function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  const [file, ...args] = spec.argv;
  if (file === undefined) throw new TypeError('runProcess: empty argv');
  const files = { out: outputFile('out'), err: outputFile('err') };
  const fds = { out: openSync(files.out, 'w+'), err: openSync(files.err, 'w+') };
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    const start = process.hrtime.bigint();
    const child = spawn(file, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', fds.out, fds.err] });
    const killGroup = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), GRACE_MS).unref();
    }, spec.timeoutMs);
    const onAbort = (): void => {
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), GRACE_MS).unref();
    };
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: string): void => {
      if (settled) return;
      settled = true;
      const wallNs = Number(process.hrtime.bigint() - start);
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      // Stragglers that outlived the leader (background helpers) must not run on into the next run.
      killGroup('SIGKILL');
      const outcome: ProcessOutcome = { exitCode, signal, timedOut, wallNs, stderrTail: tail(fds.err), stdoutTail: tail(fds.out), ...(spawnError !== undefined ? { spawnError } : {}) };
      for (const k of ['out', 'err'] as const) {
        closeSync(fds[k]);
        rmSync(files[k], { force: true });
      }
      resolve(outcome);
    };
    child.on('error', (err: NodeJS.ErrnoException) => finish(null, null, `${file}: ${err.code ?? err.message}`));
    child.on('exit', (code, signal) => finish(code, signal));
  });
}
