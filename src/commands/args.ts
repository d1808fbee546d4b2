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

/** SIGINT/SIGTERM handling lives in tools/interrupt.ts (the action uses it too). */
export { withInterrupt } from '../tools/interrupt.js';
