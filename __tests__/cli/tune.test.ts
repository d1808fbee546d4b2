/**
 * `perfgate run --tune` and `perfgate tune --restore` through the bundled CLI, tuning a fake
 * sysfs/procfs tree (PERFGATE_*_ROOT) so the real host is never touched: refused without root,
 * restored after a normal run and after SIGTERM, and after a crash (SIGKILL) by
 * `tune --restore`, byte for byte each time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { perfgate } from '../helpers/cli.js';
import { BARE_METAL, fakeHost, type FakeHost } from '../helpers/fakehost.js';
import { cliPath } from '../helpers/paths.js';

const isRoot = process.getuid?.() === 0;
const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'pg-tune-cli-'));

function suite(body: string): string {
  const dir = tmp();
  chmodSync(dir, 0o755);
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    `version: 1\ndefaults: { iterations: 2, warmup: 0, backend: time, cpus: "1" }\nbenchmarks:\n${body}`,
  );
  chmodSync(path.join(dir, 'perfgate.yml'), 0o644);
  return dir;
}

function envFor(host: FakeHost, state: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PERFGATE_PROC_ROOT: host.roots.proc,
    PERFGATE_SYS_ROOT: host.roots.sys,
    PERFGATE_ETC_ROOT: host.roots.etc,
    PERFGATE_TUNING_STATE: state,
  };
}

it('--tune without root: exit 3 naming what needs root; nothing run, nothing changed', () => {
  const dir = suite('  - name: x\n    run: touch ran\n');
  const host = fakeHost();
  const before = host.snapshot();
  const state = path.join(tmp(), 'state.json');
  // As root, drop to nobody for real; otherwise we already are an ordinary user.
  const argv = [cliPath, 'run', '--tune', '--out', 'out'];
  const r = isRoot
    ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv], {
        cwd: dir,
        env: envFor(host, state),
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, argv, { cwd: dir, env: envFor(host, state), encoding: 'utf8' });
  expect(r.stderr).toContain(
    'perfgate run: --tune needs root: it writes cpuN/cpufreq/scaling_governor, intel_pstate/no_turbo or cpufreq/boost, cpuN/online (SMT siblings) and /proc/irq/N/smp_affinity_list. Run as root (sudo), or drop --tune. Nothing was changed.',
  );
  expect(r.status).toBe(3);
  expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  expect(existsSync(path.join(dir, 'out'))).toBe(false);
  expect(existsSync(state)).toBe(false);
  expect(host.snapshot()).toEqual(before);
});

const asRoot = isRoot ? describe : describe.skip;
if (!isRoot) console.warn('not root: the tuned-run CLI tests are skipped (unit tests cover tuning on a fake tree)');

asRoot('as root, on a fake tree', () => {
  it('tunes for the run, runs each benchmark with ASLR off, records it, and restores byte for byte', () => {
    // The benchmark fails unless its personality has ADDR_NO_RANDOMIZE (0x0040000): setarch -R.
    const dir = suite('  - name: aslr-off\n    run: grep -q 00040000 /proc/self/personality && true\n');
    const host = fakeHost(BARE_METAL, { 'sys/devices/system/cpu/cpu1/cpufreq/scaling_governor': 'schedutil' });
    const before = host.snapshot();
    const state = path.join(tmp(), 'state.json');
    const r = perfgate(['run', '--tune', '--out', 'out'], { cwd: dir, env: envFor(host, state) });
    expect(r.stderr).toMatch(/tuning \(state in .*state\.json\):\n {2}governor set {5}cpu1: schedutil → performance\n/);
    expect(r.stderr).toContain('  smt      set     cpu3 offline (SMT sibling of a benchmark CPU)');
    expect(r.stderr).toMatch(/tuning restored from .*: 6 files written back, 0 already as before, 0 failed/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(dir, 'out', 'results.json'), 'utf8')) as ResultsDoc;
    expect(doc.benchmarks[0]?.status).toBe('ok');
    expect(doc.fingerprint.hard.governor).toBe('cpu0=powersave,cpu1=performance,cpu2=powersave,cpu3=powersave');
    expect(doc.fingerprint.hard.turbo).toBe('off');
    expect(doc.fingerprint.soft.tuning).toBe('governor set, turbo set, smt set, irq already, irq set, aslr set');
    expect(host.snapshot()).toEqual(before);
    expect(existsSync(state)).toBe(false);
  });

  it('a crash (SIGKILL) leaves the state file; tune --restore puts the tree back byte for byte', async () => {
    const dir = suite('  - name: slow\n    run: sleep 30\n    timeout: 60s\n');
    const host = fakeHost();
    const before = host.snapshot();
    const state = path.join(tmp(), 'state.json');
    const child = spawn(process.execPath, [cliPath, 'run', '--tune', '--out', 'out'], {
      cwd: dir,
      env: envFor(host, state),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    for (let i = 0; i < 200 && !stderr.includes('[1/1]'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toContain('tuning (state in');
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(existsSync(state)).toBe(true);
    expect(host.snapshot()).not.toEqual(before);

    // Another tuned run refuses to start on top of it.
    const again = perfgate(['run', '--tune', '--out', 'out2'], { cwd: dir, env: envFor(host, state) });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(`Run 'perfgate tune --restore --state ${state}' first. Nothing was changed.`);

    const restore = perfgate(['tune', '--restore'], { cwd: dir, env: envFor(host, state) });
    expect(restore.stderr).toMatch(
      /^tuning restored from .*state\.json: 6 files written back, 0 already as before, 0 failed\n/,
    );
    expect(restore.code).toBe(0);
    expect(host.snapshot()).toEqual(before);
    expect(existsSync(state)).toBe(false);
    const nothing = perfgate(['tune', '--restore', '--state', state], { cwd: dir });
    expect(nothing).toMatchObject({ code: 0, stderr: `tuning: nothing to restore (no ${state})\n` });
  });

  it('SIGTERM mid-run: the current run finishes, results are written, the tree is restored', async () => {
    const dir = suite('  - name: a\n    run: sleep 0.5\n  - name: b\n    run: sleep 0.5\n');
    const host = fakeHost();
    const before = host.snapshot();
    const state = path.join(tmp(), 'state.json');
    const child = spawn(process.execPath, [cliPath, 'run', '--tune', '--out', 'out'], {
      cwd: dir,
      env: envFor(host, state),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    for (let i = 0; i < 200 && !stderr.includes('[1/2]'); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('close', r));
    expect(stderr).toMatch(/tuning restored from .*: 6 files written back/);
    expect(code).toBe(1);
    expect(host.snapshot()).toEqual(before);
    expect(existsSync(state)).toBe(false);
    const doc = JSON.parse(readFileSync(path.join(dir, 'out', 'results.json'), 'utf8')) as ResultsDoc;
    expect(doc.benchmarks.map((b) => b.status)).toContain('skipped');
  });
});

it('tune without --restore is a usage error', () => {
  const r = perfgate(['tune'], { cwd: tmp() });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("expected --restore (tuning itself is 'perfgate run --tune')");
});
