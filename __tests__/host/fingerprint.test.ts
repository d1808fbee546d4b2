/**
 * The fingerprint from a fake sysfs/procfs tree (every hard and soft key, `unknown` for
 * missing files), key-by-key comparison, and benchmark binary hashes kept out of the hard keys.
 */
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fingerprint, formatUptime } from '../../src/host/fingerprint.js';
import { compareFingerprints } from '../../src/results/fingerprint-match.js';
import { benchmarkExecutable, hashBenchmarkBinaries } from '../../src/host/binaries.js';
import type { HostProbe } from '../../src/host/probe.js';
import type { VersionOf } from '../../src/host/tools.js';
import type { Fingerprint } from '../../src/results/results-doc.js';
import { emptyHost, fakeHost } from '../helpers/fakehost.js';

const probe: HostProbe = {
  perf: {
    usable: true,
    version: '6.1.187',
    paranoid: 2,
    pmu: true,
    events: [],
    reasons: [],
    counter: { tool: 'perf stat', helper: null, reason: '' },
  },
  valgrind: { usable: true, version: '3.19.0', reason: '' },
  time: { usable: true, version: null, reason: '' },
};
const tools: VersionOf = async (argv) =>
  ({
    gcc: 'gcc (Debian 12.2.0-14+deb12u1) 12.2.0',
    cc: 'cc (Debian 12.2.0-14+deb12u1) 12.2.0',
    getconf: 'glibc 2.36',
  })[argv[0] ?? ''] ?? null;

describe('fingerprint', () => {
  it('reads every hard key from the tree', async () => {
    const host = fakeHost();
    const fp = await fingerprint('perf', probe, host.roots, { versionOf: tools });
    expect(fp.hard).toEqual({
      arch: os.arch(),
      cpu: 'Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz',
      'cpu.vendor': 'GenuineIntel',
      'cpu.family': '6',
      'cpu.model': '158',
      'cpu.stepping': '10',
      cpus: '4',
      kernel: '6.1.0-13-amd64',
      os: 'Debian GNU/Linux 12 (bookworm)',
      libc: 'glibc 2.36',
      gcc: 'gcc (Debian 12.2.0-14+deb12u1) 12.2.0',
      clang: 'none',
      cc: 'cc (Debian 12.2.0-14+deb12u1) 12.2.0',
      backend: 'perf',
      governor: 'powersave',
      turbo: 'on',
      smt: 'on',
      isolated: 'none',
      mitigations:
        'spectre_v1: Mitigation: usercopy/swapgs barriers and __user pointer sanitization | spectre_v2: Mitigation: Enhanced / Automatic IBRS; IBPB: conditional; RSB filling',
      perf: '6.1.187',
      pmu: 'yes',
    });
  });

  it('reads the soft keys, and adds what the caller knows', async () => {
    const host = fakeHost();
    const fp = await fingerprint('time', probe, host.roots, {
      versionOf: tools,
      soft: { 'cpus-auto': '3 (last online CPU)' },
    });
    expect(fp.soft).toMatchObject({
      microcode: '0xf4',
      thp: 'always',
      aslr: '2',
      loadavg: '0.1 0.2 0.3',
      affinity: '0-3',
      uptime: '1d 02:03',
      perf_event_paranoid: '2',
      nmi_watchdog: '1',
      nohz_full: 'none',
      node: process.version,
      'cpus-auto': '3 (last online CPU)',
    });
    expect(fp.hard.perf).toBeUndefined();
    expect(fp.hard.valgrind).toBeUndefined();
  });

  it('records the versions of every backend in use', async () => {
    const fp = await fingerprint('perf', probe, fakeHost().roots, { versionOf: tools, backendsUsed: ['valgrind'] });
    expect(fp.hard).toMatchObject({ backend: 'perf', perf: '6.1.187', valgrind: '3.19.0' });
  });

  it('mixed governors are listed per CPU; boost is read when intel_pstate is absent', async () => {
    const host = fakeHost(undefined, {
      'sys/devices/system/cpu/cpu2/cpufreq/scaling_governor': 'performance\n',
      'sys/devices/system/cpu/intel_pstate/no_turbo': null,
      'sys/devices/system/cpu/cpufreq/boost': '0\n',
      'sys/devices/system/cpu/isolated': '2-3\n',
    });
    const fp = await fingerprint('time', probe, host.roots, { versionOf: tools });
    expect(fp.hard.governor).toBe('cpu0=powersave,cpu1=powersave,cpu2=performance,cpu3=powersave');
    expect(fp.hard.turbo).toBe('off');
    expect(fp.hard.isolated).toBe('2-3');
  });

  it('a missing file is unknown, never a guess', async () => {
    const fp = await fingerprint('time', probe, emptyHost().roots, { versionOf: async () => null });
    for (const key of [
      'cpu',
      'cpu.vendor',
      'cpu.family',
      'cpu.model',
      'cpu.stepping',
      'cpus',
      'kernel',
      'os',
      'libc',
      'governor',
      'turbo',
      'smt',
      'isolated',
      'mitigations',
    ]) {
      expect({ key, value: fp.hard[key] }).toEqual({ key, value: 'unknown' });
    }
    expect(fp.hard.gcc).toBe('none');
    for (const key of [
      'microcode',
      'thp',
      'aslr',
      'loadavg',
      'affinity',
      'uptime',
      'perf_event_paranoid',
      'nmi_watchdog',
    ]) {
      expect({ key, value: fp.soft[key] }).toEqual({ key, value: 'unknown' });
    }
  });

  it('no vulnerabilities needing mitigation reads "none needed"', async () => {
    const host = fakeHost(undefined, {
      'sys/devices/system/cpu/vulnerabilities/spectre_v1': 'Not affected\n',
      'sys/devices/system/cpu/vulnerabilities/spectre_v2': 'Not affected\n',
    });
    expect((await fingerprint('time', probe, host.roots, { versionOf: tools })).hard.mitigations).toBe('none needed');
  });

  it('formats uptime from /proc/uptime', () => {
    expect(formatUptime('1403.16 2284.42')).toBe('0d 00:23');
    expect(formatUptime('x')).toBe('unknown');
  });
});

describe('compareFingerprints', () => {
  const base: Fingerprint = {
    hard: { arch: 'x64', cpu: 'AMD EPYC', kernel: '6.1', backend: 'perf' },
    soft: { hostname: 'a' },
  };
  it('equal hard keys: comparable, whatever the soft keys say', () => {
    expect(compareFingerprints(base, { ...base, soft: { hostname: 'b' } })).toEqual([]);
  });
  it('names each mismatched key with both values, sorted; an absent key is a mismatch', () => {
    const head: Fingerprint = {
      hard: { arch: 'x64', cpu: 'Intel Xeon', kernel: '6.1', backend: 'perf', governor: 'performance' },
      soft: {},
    };
    expect(compareFingerprints(base, head)).toEqual([
      { key: 'cpu', base: 'AMD EPYC', head: 'Intel Xeon' },
      { key: 'governor', base: '(absent)', head: 'performance' },
    ]);
  });
  it('binaries never make a hard mismatch', () => {
    const a = { ...base, binaries: { 'bin/x': 'aa', 'bin/y': 'bb' } };
    const b = { ...base, binaries: { 'bin/x': 'aa', 'bin/y': 'cc', 'bin/z': 'dd' } };
    expect(compareFingerprints(a, b)).toEqual([]);
  });
});

describe('benchmark binaries', () => {
  it('hashes the executable named by the first word of run, when it is a path', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-bin-'));
    writeFileSync(path.join(dir, 'bench'), 'abc');
    chmodSync(path.join(dir, 'bench'), 0o755);
    expect(benchmarkExecutable({ run: './bench --fast', cwd: dir })).toBe(path.join(dir, 'bench'));
    expect(benchmarkExecutable({ run: 'sleep 1', cwd: dir })).toBeNull();
    expect(benchmarkExecutable({ run: '"$X"/bench', cwd: dir })).toBeNull();
    const hashes = await hashBenchmarkBinaries(
      [
        { run: './bench a', cwd: dir },
        { run: './bench b', cwd: dir },
        { run: './missing', cwd: dir },
        { run: 'true', cwd: dir },
        { run: '/bin/sh -c true', cwd: dir },
      ],
      dir,
    );
    // sha256("abc"), once for both benchmarks; /bin/sh is outside the suite: absolute key.
    expect(hashes.bench).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(Object.keys(hashes).sort()).toEqual(['/bin/sh', 'bench']);
  });
});
