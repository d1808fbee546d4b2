/**
 * Signals against the bundled CLI (dist/cli/index.js), as a cancelled GitHub job sends them
 * (SIGINT, then SIGTERM): the second signal kills the running benchmark's process group and
 * children that escaped it with setsid, removes temporary directories and worktrees, and exits
 * 130; during setup the first signal stops it. Signals go to the perfgate process only, so
 * whatever dies was killed by perfgate itself.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath } from '../helpers/paths.js';
import { makeRepo } from '../helpers/gitrepo.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Alive and not a zombie (a zombie has exited; only its parent's wait is missing). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

interface Started {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
  tmp: string;
}

function start(args: string[], cwd: string): Started {
  // A private TMPDIR shows whether perfgate left temporary directories behind.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-sig-tmp-'));
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exited, tmp };
}

const readPid = (file: string): number => Number(readFileSync(file, 'utf8').trim());

/** A benchmark that records its pid, starts a setsid child that records its own, then sleeps. */
function benchScript(dir: string): string {
  const file = path.join(dir, 'bench.sh');
  writeFileSync(
    file,
    `#!/bin/sh\necho $$ > "${dir}/bench.pid"\nsetsid sh -c 'echo $$ > "${dir}/escaped.pid"; exec sleep 120' &\nexec sleep 120\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run bundle`);

describe('signals', () => {
  it('a second signal during a benchmark kills it and its setsid child, cleans up, exits 130', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-sig-'));
    const bench = benchScript(dir);
    writeFileSync(
      path.join(dir, 'perfgate.yml'),
      `version: 1\ndefaults: { iterations: 3, warmup: 0, backend: time, timeout: 10m }\nbenchmarks:\n  - name: hang\n    run: ${bench}\n`,
    );
    const p = start(['run', '--out', 'out'], dir);
    await waitFor(
      () => existsSync(path.join(dir, 'bench.pid')) && existsSync(path.join(dir, 'escaped.pid')),
      'the benchmark to start',
    );
    const [benchPid, escapedPid] = [readPid(path.join(dir, 'bench.pid')), readPid(path.join(dir, 'escaped.pid'))];
    expect([alive(benchPid), alive(escapedPid)]).toEqual([true, true]);
    p.child.kill('SIGINT');
    await waitFor(
      () => p.stderr().includes('SIGINT: stopping after the current run'),
      'the first signal to be seen',
      5_000,
    );
    p.child.kill('SIGTERM');
    const code = await p.exited;
    expect(code).toBe(130);
    expect(p.stderr()).toContain('SIGTERM again: killing what runs, cleaning up, exiting');
    await waitFor(() => !alive(benchPid) && !alive(escapedPid), 'the benchmark and its setsid child to die', 5_000);
    expect(readdirSync(p.tmp)).toEqual([]);
  });

  it('the first signal during setup stops it (exit 130, nothing measured)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-sig-'));
    writeFileSync(
      path.join(dir, 'perfgate.yml'),
      `version: 1\nsetup: echo $$ > setup.pid; sleep 120\ndefaults: { iterations: 3, warmup: 0, backend: time }\nbenchmarks:\n  - name: x\n    run: touch ran\n`,
    );
    const p = start(['run', '--out', 'out'], dir);
    await waitFor(() => existsSync(path.join(dir, 'setup.pid')), 'setup to start');
    const setupPid = readPid(path.join(dir, 'setup.pid'));
    p.child.kill('SIGINT');
    const code = await Promise.race([p.exited, sleep(10_000).then(() => 'still running')]);
    expect(code).toBe(130);
    expect(p.stderr()).toContain('perfgate run: setup interrupted and killed: nothing measured');
    expect(alive(setupPid)).toBe(false);
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(readdirSync(p.tmp)).toEqual([]);
  });

  it('perfgate ab: a second signal removes both worktrees and the temporary directories', async () => {
    const repo = makeRepo(2);
    const bench = benchScript(repo.dir);
    writeFileSync(
      path.join(repo.dir, 'perfgate.yml'),
      `version: 1\ndefaults: { iterations: 3, warmup: 0, backend: time, timeout: 10m }\nbenchmarks:\n  - name: hang\n    run: ${bench}\n`,
    );
    repo.git('add', '-A');
    repo.commit('hang');
    // Head a commit of its own: base and head share one worktree when they are the same commit.
    writeFileSync(path.join(repo.dir, 'NOTES'), 'notes\n');
    repo.git('add', 'NOTES');
    repo.commit('notes');
    const p = start(['ab', '--base', 'HEAD~1', '--no-profile'], repo.dir);
    await waitFor(
      () => existsSync(path.join(repo.dir, 'bench.pid')) && existsSync(path.join(repo.dir, 'escaped.pid')),
      'the benchmark to start',
    );
    const benchPid = readPid(path.join(repo.dir, 'bench.pid'));
    expect(
      execFileSync('git', ['-C', repo.dir, 'worktree', 'list'], { encoding: 'utf8' }).trim().split('\n'),
    ).toHaveLength(3);
    p.child.kill('SIGINT');
    await waitFor(() => p.stderr().includes('SIGINT: stopping'), 'the first signal to be seen', 5_000);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(130);
    await waitFor(() => !alive(benchPid), 'the benchmark to die', 5_000);
    expect(
      execFileSync('git', ['-C', repo.dir, 'worktree', 'list'], { encoding: 'utf8' }).trim().split('\n'),
    ).toHaveLength(1);
    expect(readdirSync(p.tmp)).toEqual([]);
  });
});
