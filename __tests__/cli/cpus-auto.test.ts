/**
 * `cpus: auto` at run time: resolved once from the (fake) sysfs, used for pinning, and
 * recorded in results.json. The benchmark itself checks its CPU affinity.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { perfgate } from '../helpers/cli.js';
import { fakeHost } from '../helpers/fakehost.js';

function run(sysFiles: Record<string, string>): { code: number | null; stderr: string; doc: ResultsDoc } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-auto-'));
  // Fails unless the kernel says this process may run on CPU 1 only.
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    "version: 1\ndefaults: { iterations: 2, warmup: 0, backend: time, cpus: auto }\nbenchmarks:\n  - name: pinned\n    run: grep -q '^Cpus_allowed_list:.1$' /proc/self/status && true\n",
  );
  const host = fakeHost({ 'proc/cpuinfo': 'processor\t: 0\n', ...sysFiles });
  const r = perfgate(['run', '--out', 'out'], {
    cwd: dir,
    env: { ...process.env, PERFGATE_SYS_ROOT: host.roots.sys, PERFGATE_PROC_ROOT: host.roots.proc },
  });
  return {
    code: r.code,
    stderr: r.stderr,
    doc: JSON.parse(readFileSync(path.join(dir, 'out', 'results.json'), 'utf8')) as ResultsDoc,
  };
}

it('picks the isolated CPUs when the kernel has some', () => {
  const r = run({ 'sys/devices/system/cpu/online': '0-1\n', 'sys/devices/system/cpu/isolated': '1\n' });
  expect(r.stderr).toContain('cpus: auto → isolated CPUs 1 (from /sys/devices/system/cpu/isolated)');
  expect(r.code).toBe(0);
  expect(r.doc.benchmarks[0]?.status).toBe('ok');
  expect(r.doc.fingerprint.soft['cpus-auto']).toBe('1: isolated CPUs 1 (from /sys/devices/system/cpu/isolated)');
  expect(r.doc.fingerprint.hard.isolated).toBe('1');
});

it('else the last online CPU', () => {
  const r = run({ 'sys/devices/system/cpu/online': '0-1\n', 'sys/devices/system/cpu/isolated': '\n' });
  expect(r.stderr).toContain('cpus: auto → last online CPU 1 (the kernel isolates no CPUs)');
  expect(r.code).toBe(0);
  expect(r.doc.fingerprint.soft['cpus-auto']).toBe('1: last online CPU 1 (the kernel isolates no CPUs)');
});
