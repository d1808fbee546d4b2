/**
 * Runs one child process with a deadline. The child leads its own process group, so a timeout
 * kills everything it started (a benchmark's shell, threads, helpers), not just the top process.
 * Its stdout and stderr go to files, not pipes: draining pipes through the event loop costs
 * about a millisecond per run (measured interleaved: 0.9 ms vs 0.1 ms), which is harness
 * overhead on every measured run. Only the tails are read back, for error messages, and they
 * are scrubbed of the job's secrets before anything else sees them.
 */
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scrub } from './secrets.js';

export interface ProcessSpec {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Aborting kills the group at once (SIGTERM, SIGKILL after a grace): a Ctrl-C during setup. */
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
  /** Killed because `spec.signal` aborted. */
  interrupted?: boolean;
}

/**
 * Every child carries this variable, so the ones that leave their process group (a daemon
 * that calls setsid) can still be found in /proc and killed: children inherit the environment
 * whatever their group or session. One that clears its environment is not found.
 */
export const MARKER_VAR = 'PERFGATE_PARENT_PID';

/** Process groups running now, so an exit (a second Ctrl-C) can kill them first. */
const running = new Set<number>();
/** SIGKILLs every process group running now (a second Ctrl-C, or the action's first signal). */
export function killRunningGroups(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
}
// Registered before any cleanup of temporary directories (those register when they are made):
// nothing may still be writing into a directory that is being removed.
process.on('exit', () => {
  killRunningGroups();
  reapEscaped();
});

export interface EscapedProcess {
  pid: number;
  command: string;
}

/**
 * Kills (SIGKILL) the processes our children started that are still alive outside any group we
 * track (setsid, double fork), found by MARKER_VAR in /proc/PID/environ; returns them so the
 * caller can say so. Only processes of users whose environ we may read are seen (all, as root).
 */
export function reapEscaped(): EscapedProcess[] {
  const mark = `${MARKER_VAR}=${process.pid}`;
  const found: EscapedProcess[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return found;
  }
  for (const name of pids) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      // Members of a group still running are not escapees; the group is killed as a whole.
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (running.has(pgrp)) continue;
      const env = readFileSync(`/proc/${name}/environ`, 'latin1');
      if (!env.split('\0').includes(mark)) continue;
      const command = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
      process.kill(pid, 'SIGKILL');
      found.push({ pid, command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
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
    let interrupted = false;
    const child = spawn(file, args, {
      cwd: spec.cwd,
      env: { ...spec.env, [MARKER_VAR]: String(process.pid) },
      detached: true,
      stdio: ['ignore', fds.out, fds.err],
    });
    if (child.pid !== undefined) running.add(child.pid);
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
      interrupted = true;
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
      if (child.pid !== undefined) running.delete(child.pid);
      const outcome: ProcessOutcome = {
        exitCode,
        signal,
        timedOut,
        wallNs,
        // The one door through which a child's output enters perfgate: scrubbed here (tools/secrets.ts).
        stderrTail: scrub(tail(fds.err)),
        stdoutTail: scrub(tail(fds.out)),
        ...(spawnError !== undefined ? { spawnError } : {}),
        ...(interrupted ? { interrupted } : {}),
      };
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
