/**
 * `perfgate diff BEFORE.folded AFTER.folded [--normalize] [--negate] [--top N] [--out FILE]`:
 * the differential flame graph (SVG on stdout, or FILE), or with --top N the table of frames
 * whose share changed most (and the SVG too when --out is given).
 */
import { parseArgs } from 'node:util';
import { InputError } from '../errors.js';
import { readInputText, writeAll, writeOutputFile } from './stream-io.js';
import { parsePositiveInt } from './args.js';
import { renderDiff, topFrames } from '../flamegraph/diff.js';
import { formatTopFrames } from '../report/top-frames.js';
import { parseFoldedRequired } from '../flamegraph/folded.js';
import type { Command } from './command-io.js';
import { RENDER_OPTIONS, renderOptions } from './flamegraph.js';

function sum(stacks: Map<string, number>): number {
  let t = 0;
  for (const v of stacks.values()) t += v;
  return t;
}

export const DIFF_USAGE = 'diff BEFORE.folded AFTER.folded [--normalize] [--negate] [--top N] [--out FILE]';

export const diff: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...RENDER_OPTIONS,
      normalize: { type: 'boolean', short: 'n' },
      negate: { type: 'boolean' },
      top: { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout.write(
      `usage: perfgate ${DIFF_USAGE}\n\n` +
        'Differential flame graph: widths from AFTER, each frame coloured by its own change\n' +
        '(red grew, blue shrank).\n' +
        '  --normalize  compare shares of each profile instead of raw sample counts\n' +
        '  --negate     widths from BEFORE, so vanished paths show (red still means grew)\n' +
        '  --top N      print the N frames whose self or total share changed most\n' +
        '  --out FILE   write the SVG to FILE\n',
    );
    return 0;
  }
  if (positionals.length !== 2) {
    throw new InputError(`expected BEFORE.folded and AFTER.folded, got ${positionals.length} file(s)`);
  }
  const [beforeFile, afterFile] = positionals as [string, string];
  if (beforeFile === '-' && afterFile === '-')
    throw new InputError('only one of BEFORE and AFTER can be standard input');
  const top = values.top === undefined ? undefined : parsePositiveInt('--top', values.top);
  const before = parseFoldedRequired(await readInputText(beforeFile, io, 'BEFORE'), { source: beforeFile });
  const after = parseFoldedRequired(await readInputText(afterFile, io, 'AFTER'), { source: afterFile });
  for (const [file, p] of [
    [beforeFile, before],
    [afterFile, after],
  ] as const) {
    for (const w of p.warnings)
      io.stderr.write(`perfgate diff: ${file}${w.line > 0 ? `:${w.line}` : ''}: ${w.message}\n`);
    if (p.stacks2) io.stderr.write(`perfgate diff: ${file}: has two count columns; using the second\n`);
  }
  const b = before.stacks2 ?? before.stacks;
  const a = after.stacks2 ?? after.stacks;
  if (top !== undefined) {
    await writeAll(io.stdout, [formatTopFrames(topFrames(b, a, top))]);
    if (values.out === undefined) return 0;
  }
  const options = {
    ...renderOptions(values, sum(values.negate ? b : a)),
    normalize: values.normalize === true,
    negate: values.negate === true,
  };
  const svg = renderDiff(b, a, options);
  if (values.out !== undefined) {
    await writeOutputFile(values.out, io, svg);
  } else {
    await writeAll(io.stdout, [svg]);
  }
  return 0;
};
