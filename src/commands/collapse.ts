/**
 * `perfgate collapse [--pid|--tid|--kernel|--jit|--all|--addrs] [--event-filter EV] [FILE|-]`:
 * perf script output → folded stacks on stdout, as stackcollapse-perf.pl prints them.
 */
import { parseArgs } from 'node:util';
import { InputError } from '../errors.js';
import { displayName, inputSize, openInput, writeAll } from './stream-io.js';
import { withByteProgress } from '../report/byte-progress.js';
import { collapsePerfScript } from '../profile/collapse.js';
import type { Command } from './command-io.js';

export const COLLAPSE_USAGE = 'collapse [--pid|--tid|--kernel|--jit|--all|--addrs] [--event-filter EV] [FILE|-]';

export const collapse: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      pid: { type: 'boolean' },
      tid: { type: 'boolean' },
      kernel: { type: 'boolean' },
      jit: { type: 'boolean' },
      all: { type: 'boolean' },
      addrs: { type: 'boolean' },
      'event-filter': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(
      `usage: perfgate ${COLLAPSE_USAGE}\n\n` +
        'Folds `perf script` output (a file, or standard input) into one line per distinct stack,\n' +
        'byte-identical to FlameGraph stackcollapse-perf.pl.\n' +
        '  --pid / --tid     root frame comm-PID / comm-PID/TID\n' +
        '  --kernel --jit    annotate kernel frames _[k], JIT frames _[j]; --all: both\n' +
        '  --addrs           [module <addr>] for frames without a symbol\n' +
        '  --event-filter EV keep only samples of event EV (default: the first event seen)\n',
    );
    return 0;
  }
  if (positionals.length > 1) {
    throw new InputError(`expected at most one input file, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const file = positionals[0];
  const name = displayName(file);
  const eventFilter = values['event-filter'];
  if (eventFilter !== undefined && eventFilter.trim() === '') {
    throw new InputError('--event-filter: expected an event name such as cpu-clock or cycles');
  }
  const input = withByteProgress(await openInput(file, io, 'perf script output'), io.stderr, {
    label: `perfgate collapse: ${name}`,
    totalBytes: await inputSize(file, io),
    isTTY: io.isTTY,
  });
  const result = await collapsePerfScript(input, {
    pid: values.pid === true,
    tid: values.tid === true,
    kernel: values.kernel === true,
    jit: values.jit === true,
    all: values.all === true,
    addrs: values.addrs === true,
    ...(eventFilter !== undefined ? { eventFilter } : {}),
  });
  for (const w of result.warnings) {
    io.stderr.write(`perfgate collapse: ${w.line > 0 ? `${name}:${w.line}: ` : `${name}: `}${w.message}\n`);
  }
  if (result.warningCount > result.warnings.length) {
    io.stderr.write(
      `perfgate collapse: ${name}: ${result.warningCount - result.warnings.length} more warnings not shown\n`,
    );
  }
  if (result.samples === 0) {
    if (result.bytes === 0) throw new InputError(`${name}: empty input: expected \`perf script\` output`);
    throw new InputError(
      `${name}: no samples found in ${result.lines} lines` +
        (eventFilter !== undefined && result.filteredSamples > 0
          ? ` (${result.filteredSamples} samples of other events; --event-filter ${eventFilter} matched none)`
          : ': expected `perf script` output (an event line, then one frame per line, then a blank line)'),
    );
  }
  await writeAll(io.stdout, result.chunks());
  return 0;
};
