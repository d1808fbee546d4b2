/**
 * `perfgate doctor [--json] [--strict] [--cpus LIST|auto] [--suite F]`: can this host measure,
 * and how quietly? Every host check and the USE pre-flight, for the CPUs the benchmarks use.
 *
 * Exit code: 0 — doctor is a report, and a VM that shows `unknown` everywhere is still a valid
 * answer. With `--strict`: 3 when any check is `fail` (this host cannot measure properly now).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT } from '../errors.js';
import { checkHost } from '../engine/check-host.js';
import { probeHost } from '../host/probe.js';
import { rootsFromEnv } from '../host/roots.js';
import { renderChecksText } from '../report/checks-table.js';
import type { Command } from './command-io.js';

export const DOCTOR_USAGE = 'doctor [--json] [--strict] [--cpus LIST|auto] [--suite F]';

export const doctor: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      cpus: { type: 'string' },
      suite: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const report = await checkHost({
    ...(values.cpus !== undefined ? { cpus: values.cpus } : {}),
    suiteFile: path.resolve(io.cwd, values.suite ?? 'perfgate.yml'),
    suiteRequired: values.suite !== undefined,
    roots: rootsFromEnv(io.env),
    probe: await probeHost(),
  });
  if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(renderChecksText(report));
  if (values.strict && report.counts.fail > 0) {
    io.stderr.write(
      `perfgate doctor: ${report.counts.fail} check(s) failed: ${report.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.id)
        .join(', ')}\n`,
    );
    return EXIT.environment;
  }
  return EXIT.ok;
};
