/**
 * `perfgate flamegraph [--title T] [--width W] [--minwidth X] [--colors P] [--inverted]
 * [--out FILE] [FOLDED|-]`: folded stacks → interactive SVG on stdout (or FILE).
 */
import { parseArgs } from 'node:util';
import { InputError } from '../errors.js';
import { displayName, readInputText, writeAll, writeOutputFile } from './stream-io.js';
import { parsePositiveInt } from './args.js';
import { parseFoldedRequired } from '../flamegraph/folded.js';
import { isPalette, PALETTES } from '../flamegraph/palette.js';
import { renderFlameGraph, type FlameGraphOptions } from '../flamegraph/svg.js';
import type { Command } from './command-io.js';

export const FLAMEGRAPH_USAGE =
  'flamegraph [--title T] [--width W] [--minwidth X] [--colors P] [--inverted] [--out FILE] [FOLDED|-]';

/** --minwidth: pixels ("0.5") or a percentage of all samples ("0.1%"), as in flamegraph.pl. */
export function parseMinWidth(value: string, total: number, imageWidth: number): number {
  const m = /^(\d+(?:\.\d*)?|\.\d+)(%?)$/.exec(value.trim());
  if (!m) throw new InputError(`--minwidth ${JSON.stringify(value)}: expected pixels (0.1) or a percentage (0.5%)`);
  const n = Number(m[1]);
  if (m[2] === '%') return total > 0 ? ((imageWidth - 20) * n) / 100 : 0;
  return n;
}

/** The rendering flags shared by flamegraph and diff. */
export const RENDER_OPTIONS = {
  title: { type: 'string' },
  subtitle: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  minwidth: { type: 'string' },
  colors: { type: 'string' },
  inverted: { type: 'boolean' },
  countname: { type: 'string' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface RenderFlags {
  title?: string | undefined;
  subtitle?: string | undefined;
  width?: string | undefined;
  height?: string | undefined;
  minwidth?: string | undefined;
  colors?: string | undefined;
  inverted?: boolean | undefined;
  countname?: string | undefined;
}

export function renderOptions(values: RenderFlags, total: number): FlameGraphOptions {
  const options: FlameGraphOptions = {};
  if (values.title !== undefined) options.title = values.title;
  if (values.subtitle !== undefined) options.subtitle = values.subtitle;
  const width = values.width === undefined ? undefined : parsePositiveInt('--width', values.width);
  if (width !== undefined) {
    if (width <= 20) throw new InputError(`--width ${width}: must be more than 20 pixels`);
    options.width = width;
  }
  const height = values.height === undefined ? undefined : parsePositiveInt('--height', values.height);
  if (height !== undefined) options.frameHeight = height;
  if (values.minwidth !== undefined) options.minWidth = parseMinWidth(values.minwidth, total, options.width ?? 1200);
  if (values.colors !== undefined) {
    if (!isPalette(values.colors)) {
      throw new InputError(`--colors ${JSON.stringify(values.colors)}: expected one of ${PALETTES.join(', ')}`);
    }
    options.colors = values.colors;
  }
  if (values.inverted) options.inverted = true;
  if (values.countname !== undefined) options.countName = values.countname;
  return options;
}

export const flamegraph: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: RENDER_OPTIONS,
  });
  if (values.help) {
    io.stdout.write(
      `usage: perfgate ${FLAMEGRAPH_USAGE}\n\n` +
        'Renders folded stacks (frame;frame;leaf COUNT per line) as an interactive SVG flame graph.\n' +
        `  --colors P   one of ${PALETTES.join(', ')} (default hot)\n` +
        '  --minwidth X omit frames narrower than X pixels, or X% of all samples (default 0.1)\n' +
        '  --inverted   icicle graph (root at the top)\n',
    );
    return 0;
  }
  if (positionals.length > 1) {
    throw new InputError(`expected at most one folded file, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const file = positionals[0];
  const name = displayName(file);
  const text = await readInputText(file, io, 'folded stacks');
  const profile = parseFoldedRequired(text, { source: name });
  for (const w of profile.warnings) {
    io.stderr.write(`perfgate flamegraph: ${name}${w.line > 0 ? `:${w.line}` : ''}: ${w.message}\n`);
  }
  // A two-column (differential) file drawn as a plain graph uses its second (after) column.
  const stacks = profile.stacks2 ?? profile.stacks;
  const total = profile.total2 ?? profile.total;
  const svg = renderFlameGraph(stacks, renderOptions(values, total));
  if (values.out !== undefined) {
    await writeOutputFile(values.out, io, svg);
  } else {
    await writeAll(io.stdout, [svg]);
  }
  return 0;
};
