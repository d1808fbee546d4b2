/**
 * A command's flags, checked by the rules of suite/settings.ts that the action's inputs share;
 * each error names the flag.
 */
import { InputError } from '../errors.js';
import type { BackendChoice } from '../results/results-doc.js';
import type { Pairing } from '../suite/spec.js';
import {
  checkBackend,
  checkCpus,
  checkDuration,
  checkPairing,
  checkPositiveInt,
  checkRegex,
  flagProblem,
  type Checked,
} from '../suite/settings.js';

/** A rule of suite/settings.ts as a flag parser: the value, or an InputError naming the flag. */
function flag<T>(check: (text: string) => Checked<T>): (name: string, value: string) => T {
  return (name, value) => {
    const c = check(value);
    if (!c.ok) throw new InputError(flagProblem(name, value, c.problem));
    return c.value;
  };
}

export const parsePositiveInt = flag(checkPositiveInt);
export const parseRegex = flag(checkRegex);
export const parseBackendChoice = (value: string, name = '--backend'): BackendChoice => flag(checkBackend)(name, value);
/** A taskset CPU list (`1`, `0-3`, `0,2`) or `auto`. */
export const parseCpus = (value: string, name = '--cpus'): string => flag(checkCpus)(name, value);
/** `sequential`, `duet` or `auto`: how each pair's sides run. */
export const parsePairing = (value: string, name = '--pairing'): Pairing => flag(checkPairing)(name, value);
export const parseTimeBudget = (value: string, name = '--time-budget'): number => flag(checkDuration)(name, value);

/** `--seed N`: a whole number in [0, 2^32), so a run can be repeated exactly. */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!(value.trim() !== '' && Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32))
    throw new InputError(`--seed ${JSON.stringify(value)}: expected a whole number in [0, 2^32)`);
  return seed;
}
