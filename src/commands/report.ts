/**
 * `perfgate report [--format technical|executive] [--html] [--out FILE] COMPARISON.json...`: the
 * investigation report of one comparison, followed through later ones (fix validation).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../errors.js';
import { buildInvestigation } from '../engine/investigation.js';
import { writeFileAtomic, WriteError } from '../tools/atomic.js';
import { parsePositiveInt } from './args.js';
import type { Command } from './command-io.js';

/** Error codes that say --out names no place a file can be (exit 2), not that the disk failed. */
const BAD_PATH = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENAMETOOLONG']);

export const REPORT_USAGE = 'report [--format technical|executive] [--html] [--out FILE] [--top N] COMPARISON.json...';

export const report: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string', default: 'technical' },
      html: { type: 'boolean', default: false },
      out: { type: 'string' },
      top: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.format !== 'technical' && values.format !== 'executive')
    throw new InputError(`--format ${JSON.stringify(values.format)}: expected technical or executive`);
  if (positionals.length === 0)
    throw new InputError('expected at least one comparison.json (the regression first, later comparisons after it)');
  const out = values.out === undefined ? undefined : path.resolve(io.cwd, values.out);
  const { text, warnings } = await buildInvestigation({
    files: positionals.map((f) => path.resolve(io.cwd, f)),
    format: values.format,
    html: values.html,
    outDir: out ? path.dirname(out) : io.cwd,
    ...(values.top !== undefined ? { topFrames: parsePositiveInt('--top', values.top) } : {}),
  });
  for (const w of warnings) io.stderr.write(`perfgate report: ${w}\n`);
  if (out) {
    await writeFileAtomic(out, text).catch((err: unknown) => {
      // A path that cannot be a file is the user's input; a full disk or EIO is the machine's (exit 3).
      if (err instanceof WriteError && !BAD_PATH.has(err.code)) throw err;
      throw new InputError(`--out ${values.out}: cannot write: ${err instanceof WriteError ? err.code : String(err)}`);
    });
    io.stderr.write(`report: ${out}\n`);
  } else io.stdout.write(text);
  return 0;
};
