/**
 * SIGINT/SIGTERM for both front ends. The first signal aborts the work's AbortSignal: a running
 * setup is killed at once, and the engine stops measuring, writes what it has and returns; a
 * second one (a cancelled GitHub job sends SIGINT, then SIGTERM) exits 130 at once. The exit
 * handlers then kill every process group still running and escaped children (tools/process.ts),
 * remove the temporary directories and worktrees (tools/cleanup.ts, tools/git.ts) and undo
 * tuning.
 *
 * `killAtOnce` (the action) also kills the running benchmark on the first signal instead of
 * letting its run finish: GitHub kills the job about 7.5 s after it signals, too soon for a
 * long run to end and the partial report to go out.
 */
import { killRunningGroups } from './process.js';
import type { TextSink } from './text-sink.js';

export interface InterruptOptions {
  killAtOnce?: boolean;
  stderr?: TextSink;
}

/** The signal that aborted `signal`, if a signal did (`withInterrupt` aborts with its name). */
export function interruptedBy(signal: AbortSignal | undefined): NodeJS.Signals | null {
  if (!signal?.aborted) return null;
  const reason: unknown = signal.reason;
  return reason === 'SIGINT' || reason === 'SIGTERM' ? reason : null;
}

export async function withInterrupt<T>(
  work: (signal: AbortSignal) => Promise<T>,
  opts: InterruptOptions = {},
): Promise<T> {
  const controller = new AbortController();
  const stderr = opts.stderr ?? process.stderr;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      stderr.write(`\n${sig} again: killing what runs, cleaning up, exiting\n`);
      process.exit(130);
    }
    if (opts.killAtOnce) {
      stderr.write(
        `\n${sig}: killing the running benchmark, writing and reporting the partial results (again to exit at once)\n`,
      );
      controller.abort(sig);
      killRunningGroups();
      return;
    }
    stderr.write(
      `\n${sig}: stopping after the current run and writing results (setup stops now; again to kill everything and exit)\n`,
    );
    controller.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
