/** `perfgate ab --base REF [--head REF]`: paired, same-job comparison of two commits. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { InputError } from '../errors.js';
import { runAb } from '../engine/ab.js';
import { parseDuration } from '../suite/units.js';
import type { Command } from './io.js';
import { parseBackendChoice, parseCpus, parsePositiveInt, parseRegex, withInterrupt } from './args.js';
import { parseShard } from '../suite/shard.js';
import { publish } from './compare.js';

export const AB_USAGE =
  'ab --base REF [--head REF] [--suite F] [--out DIR] [--iterations N] [--max-iterations N] [--time-budget D] [--backend B] [--cpus LIST|auto] [--filter RE] [--shard i/n] [--tune [--tune-state FILE]] [--seed N] [--no-profile] [--json] [--no-fail]';

export const ab: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      suite: { type: 'string', default: 'perfgate.yml' },
      out: { type: 'string', default: '.perfgate' },
      iterations: { type: 'string' },
      'max-iterations': { type: 'string' },
      'time-budget': { type: 'string' },
      filter: { type: 'string' },
      backend: { type: 'string' },
      cpus: { type: 'string' },
      shard: { type: 'string' },
      tune: { type: 'boolean', default: false },
      'tune-state': { type: 'string' },
      seed: { type: 'string' },
      'no-profile': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'no-fail': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.base === undefined) throw new InputError('--base REF is required (the commit to compare against, e.g. origin/main)');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw new InputError(`--seed ${JSON.stringify(values.seed)}: expected a whole number in [0, 2^32)`);
  let timeBudgetMs: number | undefined;
  if (values['time-budget'] !== undefined) {
    const ms = parseDuration(values['time-budget']);
    if (ms === null) throw new InputError(`--time-budget ${JSON.stringify(values['time-budget'])}: expected a duration such as 10m or 90s`);
    timeBudgetMs = ms;
  }
  if (values['tune-state'] !== undefined && !values.tune) throw new InputError('--tune-state: only meaningful with --tune');
  const outDir = path.resolve(io.cwd, values.out);
  const outcome = await withInterrupt((signal) =>
    runAb({
      cwd: io.cwd,
      suitePath: values.suite,
      baseRef: values.base as string,
      headRef: values.head ?? null,
      outDir,
      ...(values.iterations !== undefined ? { iterations: parsePositiveInt('--iterations', values.iterations) } : {}),
      ...(values['max-iterations'] !== undefined ? { maxIterations: parsePositiveInt('--max-iterations', values['max-iterations']) } : {}),
      ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}),
      ...(values.filter !== undefined ? { filter: parseRegex('--filter', values.filter) } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(values.backend !== undefined ? { backend: parseBackendChoice(values.backend) } : {}),
      ...(values.cpus !== undefined ? { cpus: parseCpus(values.cpus) } : {}),
      ...(values.shard !== undefined ? { shard: parseShard(values.shard) } : {}),
      ...(values.tune ? { tune: true } : {}),
      ...(values['tune-state'] !== undefined ? { tuningStateFile: path.resolve(io.cwd, values['tune-state']) } : {}),
      profile: !values['no-profile'],
      parentEnv: io.env,
      stderr: io.stderr,
      signal,
    }),
  );
  return publish(outcome.comparison, outDir, io, { json: values.json, noFail: values['no-fail'] });
};
