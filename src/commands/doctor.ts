/**
 * `perfgate doctor [--json] [--strict] [--cpus LIST|auto] [--suite F]`: can this host measure,
 * and how quietly? Every host check and the USE pre-flight, for the CPUs the benchmarks use.
 *
 * Exit code: 0 — doctor is a report, and a VM that shows `unknown` everywhere is still a valid
 * answer. With `--strict`: 3 when any check is `fail` (this host cannot measure properly now).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, InputError } from '../errors.js';
import { assertCpusExist, benchmarkCpus, parseCpuList, resolveAutoCpus } from '../host/cpus.js';
import { runDoctor } from '../host/doctor.js';
import { probeHost } from '../host/probe.js';
import { rootsFromEnv, type HostRoots } from '../host/roots.js';
import { renderChecksText } from '../report/checks.js';
import { loadSuite } from '../suite/load.js';
import type { Command } from './io.js';

export const DOCTOR_USAGE = 'doctor [--json] [--strict] [--cpus LIST|auto] [--suite F]';

/** `--cpus`, else the CPUs the suite pins to (when there is a suite), else all. */
async function targetCpus(cpus: string | undefined, suite: string | undefined, cwd: string, roots: HostRoots): Promise<number[] | null> {
  if (cpus !== undefined) {
    const text = cpus === 'auto' ? (await resolveAutoCpus(roots)).cpus : cpus;
    const list = parseCpuList(text);
    if (list === null || list.length === 0) throw new InputError(`--cpus ${JSON.stringify(cpus)}: expected a CPU list such as 1, 0-3 or 0,2, or auto`);
    await assertCpusExist({ path: '' }, [], roots, { name: '--cpus', value: text });
    return list;
  }
  const file = path.resolve(cwd, suite ?? 'perfgate.yml');
  // No suite is fine for the default (doctor also runs before a repository has one).
  if (suite === undefined && !existsSync(file)) return null;
  const s = await loadSuite(file);
  await assertCpusExist(s, s.benchmarks, roots);
  const auto = s.benchmarks.some((b) => b.cpus === 'auto') ? (await resolveAutoCpus(roots)).cpus : null;
  return benchmarkCpus(s.benchmarks.map((b) => ({ cpus: b.cpus === 'auto' ? auto : b.cpus })));
}

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
  const roots = rootsFromEnv(io.env);
  const cpus = await targetCpus(values.cpus, values.suite, io.cwd, roots);
  const probe = await probeHost();
  const report = await runDoctor(roots, { cpus, probe });
  if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(renderChecksText(report));
  if (values.strict && report.counts.fail > 0) {
    io.stderr.write(`perfgate doctor: ${report.counts.fail} check(s) failed: ${report.checks.filter((c) => c.status === 'fail').map((c) => c.id).join(', ')}\n`);
    return EXIT.environment;
  }
  return EXIT.ok;
};
