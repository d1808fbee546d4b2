/**
 * The host checks for the CPUs the benchmarks will run on, for `perfgate doctor` and the
 * action's pre-flight alike: `--cpus`/the `cpus` input when given, else the CPUs the suite pins
 * to, else all CPUs. One rule, so the doctor a user runs by hand checks what the gate measures on.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { assertCpusExist, benchmarkCpus, parseCpuList, resolveAutoCpus } from '../host/cpus.js';
import { runDoctor, type DoctorReport } from '../host/run-doctor.js';
import type { HostProbe } from '../host/probe.js';
import type { HostRoots } from '../host/roots.js';
import { loadSuite } from '../suite/load.js';
import { CPUS_EXPECTED, flagProblem } from '../suite/settings.js';

export async function targetCpus(
  cpus: string | undefined,
  suiteFile: string,
  suiteRequired: boolean,
  roots: HostRoots,
  flag = '--cpus',
): Promise<number[] | null> {
  if (cpus !== undefined) {
    const text = cpus === 'auto' ? (await resolveAutoCpus(roots)).cpus : cpus;
    const list = parseCpuList(text);
    if (list === null || list.length === 0) throw new InputError(flagProblem(flag, cpus, CPUS_EXPECTED));
    // Checking a CPU this machine does not have would report on nothing.
    await assertCpusExist({ path: suiteFile }, [], roots, { name: flag, value: text });
    return list;
  }
  // No suite is fine when none was asked for (doctor also runs before a repository has one).
  if (!suiteRequired && !existsSync(suiteFile)) return null;
  const s = await loadSuite(suiteFile);
  await assertCpusExist(s, s.benchmarks, roots);
  const auto = s.benchmarks.some((b) => b.cpus === 'auto') ? (await resolveAutoCpus(roots)).cpus : null;
  return benchmarkCpus(s.benchmarks.map((b) => ({ cpus: b.cpus === 'auto' ? auto : b.cpus })));
}

export async function checkHost(opts: {
  cpus?: string;
  suiteFile: string;
  suiteRequired: boolean;
  roots: HostRoots;
  probe?: HostProbe;
  flag?: string;
}): Promise<DoctorReport> {
  const cpus = await targetCpus(opts.cpus, opts.suiteFile, opts.suiteRequired, opts.roots, opts.flag);
  return runDoctor(opts.roots, { cpus, ...(opts.probe ? { probe: opts.probe } : {}) });
}
