/**
 * The action's inputs, read and checked in one place (like actions/checkout's input-helper):
 * every bad input is reported together, each message naming the input and what it expects.
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import type { BackendChoice } from '../results/types.js';

export interface ActionInputs {
  suite: string;
  out: string;
  iterations: number | null;
  backend: BackendChoice | null;
  cpus: string | null;
  filter: RegExp | null;
}

/** Reads one input; `''` means not given (how the runner passes an absent input). */
export type InputReader = (name: string) => string;

const CPU_LIST = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

export function readInputs(get: InputReader, workspace: string): ActionInputs {
  const problems: string[] = [];
  const text = (name: string): string => get(name).trim();

  const iterationsText = text('iterations');
  let iterations: number | null = null;
  if (iterationsText !== '') {
    if (/^\d+$/.test(iterationsText) && Number(iterationsText) >= 1) iterations = Number(iterationsText);
    else problems.push(`input 'iterations' is '${iterationsText}': expected a positive whole number, e.g. 30`);
  }

  const backendText = text('backend');
  let backend: BackendChoice | null = null;
  if (backendText !== '') {
    if (['auto', 'perf', 'valgrind', 'time'].includes(backendText)) backend = backendText as BackendChoice;
    else problems.push(`input 'backend' is '${backendText}': expected one of auto, perf, valgrind, time`);
  }

  const cpusText = text('cpus');
  let cpus: string | null = null;
  if (cpusText !== '') {
    if (CPU_LIST.test(cpusText)) cpus = cpusText;
    else problems.push(`input 'cpus' is '${cpusText}': expected a taskset CPU list such as 1, 0-3 or 0,2`);
  }

  const filterText = text('filter');
  let filter: RegExp | null = null;
  if (filterText !== '') {
    try {
      filter = new RegExp(filterText);
    } catch (err) {
      problems.push(`input 'filter' is not a valid regular expression: ${(err as Error).message}`);
    }
  }

  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return {
    suite: path.resolve(workspace, text('suite') || 'perfgate.yml'),
    out: path.resolve(workspace, text('out') || '.perfgate'),
    iterations,
    backend,
    cpus,
    filter,
  };
}
