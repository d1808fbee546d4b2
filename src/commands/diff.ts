/**
 * `perfgate diff BASE.folded HEAD.folded [--normalize] [--negate] [--top N] [--out FILE]`:
 * the differential flame graph (SVG on stdout, or FILE), or with --top N the table of frames
 * whose share changed most (and the SVG too when --out is given). Two folded files carry no
 * per-run profiles, so colours follow the change of samples, without intervals (diff.ts).
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

export const DIFF_USAGE = 'diff BASE.folded HEAD.folded [--normalize] [--negate] [--top N] [--out FILE]';

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
        "Differential flame graph: widths from head's profile, each frame coloured by the change\n" +
        'of its own samples (red grew, blue shrank; no interval: one profile a side).\n' +
        '  --normalize  compare shares of each profile instead of raw sample counts\n' +
        "  --negate     widths from base's profile, so vanished paths show (red still means grew)\n" +
        '  --top N      print the N frames whose self or total share changed most\n' +
        '  --out FILE   write the SVG to FILE\n',
    );
    return 0;
  }
  if (positionals.length !== 2) {
    throw new InputError(`expected BASE.folded and HEAD.folded, got ${positionals.length} file(s)`);
  }
  const [baseFile, headFile] = positionals as [string, string];
  if (baseFile === '-' && headFile === '-') throw new InputError('only one of BASE and HEAD can be standard input');
  const top = values.top === undefined ? undefined : parsePositiveInt('--top', values.top);
  const before = parseFoldedRequired(await readInputText(baseFile, io, 'BASE'), { source: baseFile });
  const after = parseFoldedRequired(await readInputText(headFile, io, 'HEAD'), { source: headFile });
  for (const [file, p] of [
    [baseFile, before],
    [headFile, after],
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
