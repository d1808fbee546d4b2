/**
 * `perfgate doctor` through the bundled CLI: on this real machine (its facts decide what each
 * check must say: here a KVM guest with no cpufreq and no PMU) and on a fake sysfs/procfs tree
 * given by PERFGATE_PROC_ROOT / PERFGATE_SYS_ROOT / PERFGATE_ETC_ROOT.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { DoctorReport } from '../../src/host/run-doctor.js';
import type { HostCheck } from '../../src/host/checks.js';
import { perfgate } from '../helpers/cli.js';
import { BARE_METAL, fakeHost } from '../helpers/fakehost.js';
import { repoRoot } from '../helpers/paths.js';

const byId = (r: DoctorReport): Record<string, HostCheck> => Object.fromEntries(r.checks.map((c) => [c.id, c]));

describe('perfgate doctor --json on this machine', () => {
  let report: DoctorReport;
  let code: number | null;
  beforeAll(() => {
    const r = perfgate(['doctor', '--json'], { cwd: repoRoot });
    code = r.code;
    report = JSON.parse(r.stdout) as DoctorReport;
  });

  it('exits 0 and reports every check with a status, a value and (unless pass) advice', () => {
    expect(code).toBe(0);
    expect(report.checks.length).toBeGreaterThanOrEqual(21);
    for (const c of report.checks) {
      expect(['pass', 'warn', 'fail', 'unknown']).toContain(c.status);
      expect(c.value).not.toBe('');
    }
    // The demo suite pins to CPU 1 and 0-1.
    expect(report.cpus).toBe('0-1');
  });

  it('governor: unknown without cpufreq (as on this VM), never pass', () => {
    const c = byId(report).governor;
    if (!existsSync('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor')) {
      expect(c).toMatchObject({ status: 'unknown', value: expect.stringMatching(/^no cpufreq for CPUs 0-1/) });
    } else {
      expect(c?.status).not.toBe('unknown');
    }
  });

  it('PMU: absent with the reason when sysfs has no core PMU (as on this VM)', () => {
    const c = byId(report).pmu;
    const devices = readdirSync('/sys/bus/event_source/devices');
    if (!devices.some((d) => /^(cpu|cpu_core|cpu_atom|armv)/.test(d))) {
      expect(c?.status).toBe('warn');
      expect(c?.value).toMatch(/^absent: no core PMU in \/sys\/bus\/event_source\/devices \(only [a-z_, ]+\)/);
      expect(c?.value).toMatch(/perf: no PMU: \w+ not supported/);
    } else {
      expect(c?.value).toMatch(/^present/);
    }
  });

  it('virtualization: detected from the hypervisor flag (as on this VM)', () => {
    const vm = /^flags\s*:.*\bhypervisor\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
    expect(byId(report).virtualization).toMatchObject(
      vm ? { status: 'warn', value: expect.stringMatching(/^virtual machine \(hypervisor flag/) } : { status: 'pass' },
    );
  });

  it('pre-flight figures are present', () => {
    const c = byId(report);
    expect(c['cpu-utilisation']?.value).toMatch(/^\d+\.\d% busy over 200 ms \(cpu0 \d+\.\d%, cpu1 \d+\.\d%\)/);
    expect(c['run-queue']?.value).toMatch(
      /^load [\d.]+ [\d.]+ [\d.]+ on \d+ CPUs \([\d.]+ per CPU over 1 min\); \d+\/\d+ runnable now$/,
    );
    expect(c.memory?.value).toMatch(/^[\d.]+ GiB of [\d.]+ GiB available \([\d.]+%\)$/);
    expect(c.swap?.value).toMatch(/swapping/);
    for (const k of ['cpu', 'memory', 'io']) {
      if (existsSync(`/proc/pressure/${k}`)) expect(c[`psi-${k}`]?.value).toMatch(/^some avg10 [\d.]+% avg60 [\d.]+%/);
      else expect(c[`psi-${k}`]?.status).toBe('unknown');
    }
    expect(c['busy-processes']?.status).not.toBe('unknown');
    for (const id of ['cpu-utilisation', 'run-queue', 'memory', 'swap', 'busy-processes'])
      expect(c[id]?.status).not.toBe('unknown');
  });
});

describe('perfgate doctor on a fake tree', () => {
  const env = (roots: { proc: string; sys: string; etc: string }): NodeJS.ProcessEnv => ({
    ...process.env,
    PERFGATE_PROC_ROOT: roots.proc,
    PERFGATE_SYS_ROOT: roots.sys,
    PERFGATE_ETC_ROOT: roots.etc,
  });

  it('prints a table, with advice under rows that need it', () => {
    const host = fakeHost();
    const r = perfgate(['doctor', '--cpus', '1'], { cwd: host.dir, env: env(host.roots) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^host checks for benchmark CPUs 1: \d+ pass, \d+ warn, \d+ fail, \d+ unknown\n\ncheck +status +value\n/,
    );
    expect(r.stdout).toMatch(/^governor +warn +powersave\n +→ set the performance governor/m);
    expect(r.stdout).toMatch(/^smt +warn +control on; CPU 3 shares a core with a benchmark CPU and is online$/m);
    expect(r.stdout).toMatch(/^virtualization +pass +bare metal/m);
  });

  it('--cpus auto uses the isolated CPUs; --strict exits 3 when a check fails', () => {
    const host = fakeHost(BARE_METAL, {
      'sys/devices/system/cpu/isolated': '2-3\n',
      'proc/meminfo': 'MemTotal:       16000000 kB\nMemAvailable:     100000 kB\n',
    });
    const plain = perfgate(['doctor', '--json', '--cpus', 'auto'], { cwd: host.dir, env: env(host.roots) });
    expect(plain.code).toBe(0);
    const report = JSON.parse(plain.stdout) as DoctorReport;
    expect(report.cpus).toBe('2-3');
    expect(byId(report).memory?.status).toBe('fail');
    const strict = perfgate(['doctor', '--strict', '--cpus', 'auto'], { cwd: host.dir, env: env(host.roots) });
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain('perfgate doctor: 1 check(s) failed: memory');
  });

  it('bad input exits 2', () => {
    const host = fakeHost();
    const bad = perfgate(['doctor', '--cpus', 'x'], { cwd: host.dir, env: env(host.roots) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--cpus "x": expected a CPU list such as 1, 0-3 or 0,2, or auto');
    const missing = perfgate(['doctor', '--suite', 'nope.yml'], { cwd: host.dir, env: env(host.roots) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/suite file not found: .*nope\.yml/);
  });
});
