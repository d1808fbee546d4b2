/**
 * Runs one child process with a deadline. The child leads its own process group, so a timeout
 * kills everything it started (a benchmark's shell, threads, helpers), not just the top process.
 */
import { spawn } from 'node:child_process';

export interface ProcessSpec {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
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

class Tail {
  private buf = '';
  push(chunk: Buffer): void {
    this.buf = (this.buf + chunk.toString('utf8')).slice(-TAIL_BYTES);
  }
  toString(): string {
    return this.buf;
  }
}

export function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  const [file, ...args] = spec.argv;
  if (file === undefined) throw new TypeError('runProcess: empty argv');
  return new Promise((resolve) => {
    const stderr = new Tail();
    const stdout = new Tail();
    let timedOut = false;
    let spawnError: string | undefined;
    const start = process.hrtime.bigint();
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = `${file}: ${err.code ?? err.message}`;
    });
    child.on('close', (code, signal) => {
      const wallNs = Number(process.hrtime.bigint() - start);
      clearTimeout(timer);
      // Stragglers that outlived the leader (daemonised helpers) must not leak into the next run.
      if (timedOut) killGroup('SIGKILL');
      resolve({
        exitCode: code,
        signal,
        timedOut,
        wallNs,
        stderrTail: stderr.toString(),
        stdoutTail: stdout.toString(),
        ...(spawnError !== undefined ? { spawnError } : {}),
      });
    });
  });
}
