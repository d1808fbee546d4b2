/** Argument checks shared by the commands; each error names the flag and what was expected. */
import { InputError } from '../errors.js';
import type { BackendChoice } from '../results/types.js';

export function parsePositiveInt(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InputError(`${flag} ${JSON.stringify(value)}: expected a positive whole number`);
  return Number(value);
}

export function parseRegex(flag: string, value: string): RegExp {
  try {
    return new RegExp(value);
  } catch (err) {
    throw new InputError(`${flag} ${JSON.stringify(value)}: not a valid regular expression (${(err as Error).message})`);
  }
}

const BACKENDS = ['auto', 'perf', 'valgrind', 'time'] as const;
export function parseBackendChoice(value: string, flag = '--backend'): BackendChoice {
  if (!(BACKENDS as readonly string[]).includes(value)) throw new InputError(`${flag} ${JSON.stringify(value)}: expected one of ${BACKENDS.join(', ')}`);
  return value as BackendChoice;
}

/** A taskset CPU list (`1`, `0-3`, `0,2`) or `auto`. */
export function parseCpus(value: string, flag = '--cpus'): string {
  if (!/^(auto|\d+(-\d+)?(,\d+(-\d+)?)*)$/.test(value.trim())) throw new InputError(`${flag} ${JSON.stringify(value)}: expected a CPU list such as 1, 0-3 or 0,2, or auto`);
  return value.trim();
}

/**
 * Runs work with an AbortSignal tied to SIGINT/SIGTERM: the first signal stops a running setup
 * at once and otherwise lets the current run finish and the results be written; a second one
 * (a cancelled GitHub job sends SIGINT then SIGTERM) exits 130 at once. The exit handlers then
 * kill every process group still running and escaped children (measure/process.ts), remove
 * the temporary directories and worktrees (tools/cleanup.ts, compare/git.ts) and undo tuning.
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      process.stderr.write(`\n${sig} again: killing what runs, cleaning up, exiting\n`);
      process.exit(130);
    }
    process.stderr.write(`\n${sig}: stopping after the current run and writing results (setup stops now; again to kill everything and exit)\n`);
    controller.abort();
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
