/**
 * The rules for the settings a user overrides from a CLI flag or an action input (iterations,
 * backend, CPUs, pairing, time budget, filter). One rule each, so that `--cpus x` and `cpus: x` are
 * refused for the same reason. A rule says what is wrong, not where: the CLI names the flag
 * (`flagProblem`), the action the input (`inputProblem`), and the action gathers every bad
 * input before it reports, where a command stops at the first.
 */
import { BACKEND_CHOICES, type BackendChoice } from '../results/results-doc.js';
import { PAIRINGS, type Pairing } from './spec.js';
import { parseDuration } from './units.js';

/** A setting's text, checked: its value, or what is wrong with it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(problem: string): Checked<T> => ({ ok: false, problem });

/** A taskset CPU list (`1`, `0-3`, `0,2`), the form the suite's `cpus:` takes too. */
export const CPU_LIST = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;
export const CPUS_EXPECTED = 'expected a CPU list such as 1, 0-3 or 0,2, or auto';

export function checkPositiveInt(text: string): Checked<number> {
  return /^\d+$/.test(text.trim()) && Number(text) >= 1 ? ok(Number(text)) : bad('expected a positive whole number');
}

export function checkBackend(text: string): Checked<BackendChoice> {
  const t = text.trim();
  return (BACKEND_CHOICES as readonly string[]).includes(t)
    ? ok(t as BackendChoice)
    : bad(`expected one of ${BACKEND_CHOICES.join(', ')}`);
}

/** A CPU list or `auto` (resolved when measuring). */
export function checkCpus(text: string): Checked<string> {
  const t = text.trim();
  return t === 'auto' || CPU_LIST.test(t) ? ok(t) : bad(CPUS_EXPECTED);
}

/** How each pair's sides run: `sequential`, `duet` or `auto`. */
export function checkPairing(text: string): Checked<Pairing> {
  const t = text.trim();
  return (PAIRINGS as readonly string[]).includes(t) ? ok(t as Pairing) : bad(`expected one of ${PAIRINGS.join(', ')}`);
}

/** `10m`, `90s`: in milliseconds. */
export function checkDuration(text: string): Checked<number> {
  const ms = parseDuration(text);
  return ms === null ? bad('expected a duration such as 10m or 90s') : ok(ms);
}

export function checkRegex(text: string): Checked<RegExp> {
  try {
    return ok(new RegExp(text));
  } catch (err) {
    return bad(`not a valid regular expression (${(err as Error).message})`);
  }
}

/** A command's message: `--cpus "x": expected …`. */
export function flagProblem(flag: string, value: string, problem: string): string {
  return `${flag} ${JSON.stringify(value)}: ${problem}`;
}

/** The action's message: `input 'cpus' is 'x': expected …`. */
export function inputProblem(name: string, value: string, problem: string): string {
  return `input '${name}' is '${value}': ${problem}`;
}
