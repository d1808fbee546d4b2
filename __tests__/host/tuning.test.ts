/**
 * Opt-in tuning on a fake sysfs/procfs tree: refused without root (nothing changed), applied
 * as root with every previous value recorded first, then a simulated crash (state file left
 * behind) and a restore that puts the tree back byte for byte. On a VM-like tree every knob
 * that does not exist is reported as unknown.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../../src/errors.js';
import { applyTuning, describeRestore, restoreTuning, type TuningState } from '../../src/host/tuning.js';
import { withoutAslr } from '../../src/measure/aslr.js';
import { BARE_METAL, fakeHost } from '../helpers/fakehost.js';

const uid = process.getuid?.() ?? 0;
const stateIn = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-tune-')), 'perfgate-tuning.json');
const works = async (): Promise<boolean> => true;

it('without root: a clear error naming what needs root, and nothing changed', async () => {
  const host = fakeHost();
  const before = host.snapshot();
  const stateFile = stateIn();
  const err = await applyTuning({ roots: host.roots, cpus: [1], stateFile, uid: 1000, setarchWorks: works }).catch(
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EnvironmentError);
  expect((err as EnvironmentError).exitCode).toBe(3);
  expect((err as Error).message).toBe(
    '--tune needs root: it writes cpuN/cpufreq/scaling_governor, intel_pstate/no_turbo or cpufreq/boost, cpuN/online (SMT siblings) and /proc/irq/N/smp_affinity_list. Run as root (sudo), or drop --tune. Nothing was changed.',
  );
  expect(host.snapshot()).toEqual(before);
  expect(existsSync(stateFile)).toBe(false);
});

describe('as root on bare metal, benchmarks on CPU 1', () => {
  // One value without a trailing newline, to prove the restore is byte-exact.
  const host = fakeHost(BARE_METAL, { 'sys/devices/system/cpu/cpu1/cpufreq/scaling_governor': 'powersave' });
  const original = host.snapshot();
  const stateFile = stateIn();
  const sys = (rel: string): string => readFileSync(path.join(host.roots.sys, rel), 'utf8');
  const proc = (rel: string): string => readFileSync(path.join(host.roots.proc, rel), 'utf8');

  it('records the previous values, then tunes', async () => {
    const report = await applyTuning({ roots: host.roots, cpus: [1], stateFile, uid: 0, setarchWorks: works });
    expect(report.changed).toBe(true);
    expect(report.actions).toEqual([
      { id: 'governor', status: 'set', detail: 'cpu1: powersave → performance' },
      { id: 'turbo', status: 'set', detail: 'devices/system/cpu/intel_pstate/no_turbo: 0 → 1 (turbo off)' },
      { id: 'smt', status: 'set', detail: 'cpu3 offline (SMT sibling of a benchmark CPU)' },
      { id: 'irq', status: 'already', detail: '1 IRQ already off CPU 1' },
      { id: 'irq', status: 'set', detail: 'irq 8: 0-3 → 0,2; irq 9: 1 → 0,2; irq 130: 0-3 → 0,2' },
      { id: 'aslr', status: 'set', detail: 'off per benchmark process (setarch -R)' },
    ]);
    expect(sys('devices/system/cpu/cpu1/cpufreq/scaling_governor')).toBe('performance');
    expect(sys('devices/system/cpu/cpu0/cpufreq/scaling_governor')).toBe('powersave\n');
    expect(sys('devices/system/cpu/intel_pstate/no_turbo')).toBe('1');
    expect(sys('devices/system/cpu/cpu3/online')).toBe('0');
    expect(proc('irq/8/smp_affinity_list')).toBe('0,2');
    expect(proc('irq/0/smp_affinity_list')).toBe('0\n');

    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as TuningState;
    expect(state.perfgateTuning).toBe(1);
    expect(state.entries).toContainEqual({
      file: path.join(host.roots.sys, 'devices/system/cpu/cpu1/cpufreq/scaling_governor'),
      previous: 'powersave',
    });
    expect(state.entries).toContainEqual({
      file: path.join(host.roots.proc, 'irq/9/smp_affinity_list'),
      previous: '1\n',
    });
    // Siblings come back online (restored first) before IRQ lists naming them are written back.
    expect(state.entries.map((e) => path.basename(e.file)).at(-1)).toBe('online');
  });

  it('after a crash (state file left), a second tuning refuses and changes nothing', async () => {
    const tuned = host.snapshot();
    const err = await applyTuning({ roots: host.roots, cpus: [1], stateFile, uid: 0, setarchWorks: works }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(
      /^tuning state .* exists: an earlier tuned run did not restore the host .* Run 'perfgate tune --restore --state .*' first\. Nothing was changed\.$/,
    );
    expect(host.snapshot()).toEqual(tuned);
  });

  it('restore puts every file back byte for byte and removes the state file', () => {
    const report = restoreTuning(stateFile, uid);
    expect(report.failed).toEqual([]);
    expect(report.restored).toHaveLength(6);
    expect(host.snapshot()).toEqual(original);
    expect(existsSync(stateFile)).toBe(false);
    expect(describeRestore(report)).toMatch(
      /^tuning restored from .*: 6 files written back, 0 already as before, 0 failed\n/,
    );
    // A second restore has nothing to do.
    expect(restoreTuning(stateFile, uid)).toMatchObject({ found: false });
  });
});

it('a value the admin changed back meanwhile is left alone; a file that cannot be written keeps the state', async () => {
  const host = fakeHost();
  const stateFile = stateIn();
  await applyTuning({ roots: host.roots, cpus: [1], stateFile, uid: 0, setarchWorks: works });
  host.write({ 'sys/devices/system/cpu/intel_pstate/no_turbo': '0\n' });
  const irq = path.join(host.roots.proc, 'irq/9/smp_affinity_list');
  rmSync(irq);
  mkdirSync(irq);
  const report = restoreTuning(stateFile, uid);
  expect(report.unchanged).toEqual([path.join(host.roots.sys, 'devices/system/cpu/intel_pstate/no_turbo')]);
  expect(report.failed).toEqual([`${irq}: EISDIR`]);
  expect(existsSync(stateFile)).toBe(true);
  expect(describeRestore(report)).toContain(`FAILED ${irq}: EISDIR`);
});

it('on a VM-like host, every missing knob is reported as unknown and nothing is recorded', async () => {
  const host = fakeHost({
    'sys/devices/system/cpu/online': '0-1\n',
    'sys/devices/system/cpu/smt/control': 'notsupported\n',
    'sys/devices/system/cpu/cpu0/topology/thread_siblings_list': '0\n',
    'sys/devices/system/cpu/cpu1/topology/thread_siblings_list': '1\n',
    'proc/irq/24/smp_affinity_list': '0\n',
  });
  const stateFile = stateIn();
  const report = await applyTuning({
    roots: host.roots,
    cpus: [1],
    stateFile,
    uid: 0,
    setarchWorks: async () => false,
  });
  expect(report.changed).toBe(false);
  expect(report.actions).toEqual([
    {
      id: 'governor',
      status: 'unknown',
      detail: 'not set for CPU 1: no cpufreq/scaling_governor (no frequency scaling visible, typical of a VM)',
    },
    { id: 'turbo', status: 'unknown', detail: 'not set: no intel_pstate/no_turbo or cpufreq/boost here' },
    { id: 'smt', status: 'already', detail: 'no online SMT sibling of CPU 1 to park' },
    { id: 'irq', status: 'already', detail: '1 IRQ already off CPU 1' },
    { id: 'aslr', status: 'failed', detail: 'setarch -R does not work here (util-linux missing?): ASLR left on' },
  ]);
  expect(existsSync(stateFile)).toBe(false);
});

it('IRQs cannot move when the benchmarks use every CPU', async () => {
  const host = fakeHost();
  const report = await applyTuning({
    roots: host.roots,
    cpus: null,
    stateFile: stateIn(),
    uid: 0,
    setarchWorks: works,
  });
  expect(report.actions.find((a) => a.id === 'irq')).toEqual({
    id: 'irq',
    status: 'unknown',
    detail: 'not moved: the benchmark CPUs 0-3 are every online CPU (pin the benchmarks to fewer CPUs)',
  });
  expect(report.actions.find((a) => a.id === 'smt')?.status).toBe('already');
  expect(restoreTuning(report.stateFile, uid).failed).toEqual([]);
});

describe('a state file is trusted only if it is ours and names tunable files', () => {
  const write = (state: unknown, mode = 0o600): string => {
    const f = stateIn();
    writeFileSync(f, JSON.stringify(state), { mode });
    chmodSync(f, mode);
    return f;
  };
  it('refuses a file outside the tunables', () => {
    const f = write({ perfgateTuning: 1, pid: 1, createdAt: '', entries: [{ file: '/etc/passwd', previous: 'root' }] });
    expect(() => restoreTuning(f, uid)).toThrow(/is not a file perfgate tunes: refusing to restore/);
  });
  it('refuses a world-writable state file', () => {
    const f = write({ perfgateTuning: 1, pid: 1, createdAt: '', entries: [] }, 0o666);
    expect(() => restoreTuning(f, uid)).toThrow(/writable by others: refusing to restore from it/);
  });
  it('refuses something that is not a state file', () => {
    const f = write({ hello: 1 });
    expect(() => restoreTuning(f, uid)).toThrow(/is not a perfgate tuning state/);
  });
});

it('ASLR off per process wraps the command in setarch -R', () => {
  expect(withoutAslr(['./bench', 'x'])).toEqual(['setarch', '-R', './bench', 'x']);
});
