/** `perfgate ab --base REF [--head REF]`: paired, same-job comparison of two commits. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { EXIT, InputError } from '../errors.js';
import { gateFails } from '../compare/compare-docs.js';
import { renderSummaryText } from '../report/summary.js';
import { runAb } from '../engine/ab.js';
import type { Command } from './command-io.js';
import {
  parseBackendChoice,
  parseCpus,
  parsePairing,
  parsePositiveInt,
  parseRegex,
  parseSeed,
  parseTimeBudget,
} from './args.js';
import { withInterrupt } from '../tools/interrupt.js';
import { parseShard } from '../suite/shard.js';
import { PUBLISH_OPTIONS, publish } from './compare.js';

export const AB_USAGE =
  'ab --base REF [--head REF] [--suite F] [--out DIR] [--iterations N] [--max-iterations N] [--time-budget D] [--backend B] [--cpus LIST|auto] [--pairing sequential|duet|auto] [--filter RE] [--shard i/n] [--tune [--tune-state FILE]] [--seed N] [--on-missing-baseline skip|fail] [--no-profile] [--json] [--no-fail]';

/** When base cannot be measured (its setup fails): head's numbers, not gated (skip) or exit 1 (fail). */
const MISSING_BASELINE = ['skip', 'fail'] as const;

export const ab: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      ...PUBLISH_OPTIONS,
      suite: { type: 'string', default: 'perfgate.yml' },
      iterations: { type: 'string' },
      'max-iterations': { type: 'string' },
      'time-budget': { type: 'string' },
      filter: { type: 'string' },
      backend: { type: 'string' },
      cpus: { type: 'string' },
      pairing: { type: 'string' },
      shard: { type: 'string' },
      tune: { type: 'boolean', default: false },
      'tune-state': { type: 'string' },
      seed: { type: 'string' },
      'no-profile': { type: 'boolean', default: false },
      'on-missing-baseline': { type: 'string', default: 'skip' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.base === undefined)
    throw new InputError('--base REF is required (the commit to compare against, e.g. origin/main)');
  const seed = values.seed === undefined ? undefined : parseSeed(values.seed);
  const timeBudgetMs = values['time-budget'] === undefined ? undefined : parseTimeBudget(values['time-budget']);
  const onMissing = values['on-missing-baseline'];
  if (!(MISSING_BASELINE as readonly string[]).includes(onMissing))
    throw new InputError(
      `--on-missing-baseline ${JSON.stringify(onMissing)}: expected one of ${MISSING_BASELINE.join(', ')}`,
    );
  if (values['tune-state'] !== undefined && !values.tune)
    throw new InputError('--tune-state: only meaningful with --tune');
  const outDir = path.resolve(io.cwd, values.out);
  const outcome = await withInterrupt((signal) =>
    runAb({
      cwd: io.cwd,
      suitePath: values.suite,
      baseRef: values.base as string,
      headRef: values.head ?? null,
      outDir,
      ...(values.iterations !== undefined ? { iterations: parsePositiveInt('--iterations', values.iterations) } : {}),
      ...(values['max-iterations'] !== undefined
        ? { maxIterations: parsePositiveInt('--max-iterations', values['max-iterations']) }
        : {}),
      ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}),
      ...(values.filter !== undefined ? { filter: parseRegex('--filter', values.filter) } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(values.backend !== undefined ? { backend: parseBackendChoice(values.backend) } : {}),
      ...(values.cpus !== undefined ? { cpus: parseCpus(values.cpus) } : {}),
      ...(values.pairing !== undefined ? { pairing: parsePairing(values.pairing) } : {}),
      ...(values.shard !== undefined ? { shard: parseShard(values.shard) } : {}),
      ...(values.tune ? { tune: true } : {}),
      ...(values['tune-state'] !== undefined ? { tuningStateFile: path.resolve(io.cwd, values['tune-state']) } : {}),
      profile: !values['no-profile'],
      parentEnv: io.env,
      stderr: io.stderr,
      signal,
    }),
  );
  const reason = outcome.comparison.noComparison;
  if (reason === undefined)
    return publish(outcome.comparison, outDir, io, { json: values.json, noFail: values['no-fail'] });
  // Base could not be built (a change that repairs it): head's numbers, and the rule decides.
  if (values.json) io.stdout.write(`${JSON.stringify(outcome.comparison, null, 2)}\n`);
  (values.json ? io.stderr : io.stdout).write(renderSummaryText(outcome.head));
  io.stderr.write(`comparison: ${outcome.comparisonPath}\nperfgate: no comparison: ${reason}\n`);
  const fails = gateFails(outcome.comparison);
  if (fails.length > 0) {
    io.stderr.write(`perfgate: gate failed: ${fails.join('; ')}\n`);
    return EXIT.regression;
  }
  if (onMissing === 'fail') {
    io.stderr.write('perfgate: gate failed: base could not be measured (--on-missing-baseline fail)\n');
    return EXIT.regression;
  }
  io.stderr.write(
    'perfgate: not gated: base could not be measured, head measured alone (--on-missing-baseline skip)\n',
  );
  return EXIT.ok;
};
