/**
 * `perfgate tune --restore [--state FILE]`: put back what a tuned run changed, from the state
 * file it left behind (after a crash, a kill, or a power cut). Runs need not be tuned with this
 * command: `perfgate run --tune` tunes and restores by itself.
 * Exit code: 0 restored (or nothing to restore), 3 a file could not be written back.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, InputError } from '../errors.js';
import { defaultTuningStateFile, describeRestore, restoreTuning } from '../host/tuning.js';
import type { Command } from './command-io.js';

export const TUNE_USAGE = 'tune --restore [--state FILE]';

export const tune: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: { restore: { type: 'boolean', default: false }, state: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  if (!values.restore)
    throw new InputError(`expected --restore (tuning itself is 'perfgate run --tune')\nusage: perfgate ${TUNE_USAGE}`);
  const stateFile = values.state === undefined ? defaultTuningStateFile(io.env) : path.resolve(io.cwd, values.state);
  const report = restoreTuning(stateFile);
  io.stderr.write(describeRestore(report));
  return report.failed.length > 0 ? EXIT.environment : EXIT.ok;
};
