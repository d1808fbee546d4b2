/** `perfgate run`: measure the suite, write results.json and the summary table. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { InputError } from '../errors.js';
import { measureSuite } from '../engine/run.js';
import { renderSummaryText } from '../report/summary.js';
import type { BackendChoice } from '../results/results-doc.js';
import type { Command } from './command-io.js';
import { parsePositiveInt, parseRegex, parseBackendChoice } from './args.js';
import { withInterrupt } from '../tools/interrupt.js';
import { parseShard } from '../suite/shard.js';

export const RUN_USAGE =
  'run [--suite F] [--out DIR] [--iterations N] [--backend B] [--filter RE] [--shard i/n] [--tune [--tune-state FILE]] [--json]';

export const run: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: 'string', default: 'perfgate.yml' },
      out: { type: 'string', default: '.perfgate' },
      iterations: { type: 'string' },
      backend: { type: 'string' },
      filter: { type: 'string' },
      shard: { type: 'string' },
      tune: { type: 'boolean', default: false },
      'tune-state': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const iterations = values.iterations === undefined ? undefined : parsePositiveInt('--iterations', values.iterations);
  const backend: BackendChoice | undefined =
    values.backend === undefined ? undefined : parseBackendChoice(values.backend);
  const filter = values.filter === undefined ? undefined : parseRegex('--filter', values.filter);
  if (values.suite.trim() === '') throw new InputError('--suite: expected a file path');
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values['tune-state'] !== undefined && !values.tune)
    throw new InputError('--tune-state: only meaningful with --tune');

  const outcome = await withInterrupt((signal) =>
    measureSuite({
      suitePath: path.resolve(io.cwd, values.suite),
      outDir: path.resolve(io.cwd, values.out),
      ...(iterations !== undefined ? { iterations } : {}),
      ...(backend !== undefined ? { backend } : {}),
      ...(filter !== undefined ? { filter } : {}),
      ...(shard !== undefined ? { shard } : {}),
      ...(values.tune ? { tune: true } : {}),
      ...(values['tune-state'] !== undefined ? { tuningStateFile: path.resolve(io.cwd, values['tune-state']) } : {}),
      parentEnv: io.env,
      stderr: io.stderr,
      isTTY: io.isTTY,
      signal,
    }),
  );
  const table = renderSummaryText(outcome.doc);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(outcome.doc, null, 2)}\n`);
    io.stderr.write(table);
  } else {
    io.stdout.write(table);
  }
  io.stderr.write(`results: ${outcome.resultsPath}\n`);
  return outcome.exitCode;
};
