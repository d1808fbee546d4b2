/**
 * `perfgate ab` on a repository whose benchmark builds from a git submodule: both worktrees get
 * the submodule at the commit each records, cloned from the user's checkout (the upstream is
 * gone here, as on an offline runner), and a submodule that cannot be had is named as the cause.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { perfgate } from '../helpers/cli.js';
import { readComparison } from '../helpers/harness-repo.js';

function repoWithSubmodule(): { dir: string; lib: string; git: (cwd: string, ...args: string[]) => string } {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-ab-sub-'));
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-C', cwd, '-c', 'protocol.file.allow=always', ...args], { encoding: 'utf8' }).trim();
  const lib = path.join(tmp, 'knob');
  const dir = path.join(tmp, 'app');
  for (const d of [lib, dir]) {
    mkdirSync(d);
    git(d, 'init', '-q');
    git(d, 'config', 'user.email', 'test@example.com');
    git(d, 'config', 'user.name', 'perfgate test');
  }
  writeFileSync(path.join(lib, 'units.h'), '#define UNITS 3000\n');
  git(lib, 'add', '-A');
  git(lib, 'commit', '-qm', 'knob');
  git(dir, 'submodule', 'add', '-q', lib, 'third_party/knob');
  writeFileSync(
    path.join(dir, 'w.c'),
    '#include <stdint.h>\n#include "third_party/knob/units.h"\nstatic volatile uint64_t sink;\nint main(void) { uint64_t s = 1; for (uint64_t i = 0; i < UNITS * 1000ull; i++) s = s * 6364136223846793005ull + i; sink = s; return 0; }\n',
  );
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    'version: 1\nsetup: mkdir -p bin && cc -O2 -o bin/w w.c\ndefaults: { iterations: 6, warmup: 1, max-iterations: 6 }\nbenchmarks:\n  - name: work\n    run: ./bin/w\n',
  );
  writeFileSync(path.join(dir, '.gitignore'), 'bin/\n.perfgate/\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  // Head moves the submodule to a commit with 4× the work.
  const sub = path.join(dir, 'third_party', 'knob');
  writeFileSync(path.join(sub, 'units.h'), '#define UNITS 12000\n');
  git(sub, 'commit', '-qam', 'more work');
  git(dir, 'commit', '-qam', 'bump the knob');
  return { dir, lib, git };
}

describe('perfgate ab across a submodule', () => {
  it('checks out each side at the submodule commit it records, from the local checkout with the upstream gone', () => {
    const { dir, lib } = repoWithSubmodule();
    rmSync(lib, { recursive: true, force: true });
    const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--no-profile', '--seed', '1'], {
      cwd: dir,
      timeoutMs: 240_000,
    });
    const doc = readComparison(dir);
    const row = doc.rows.find((x) => x.benchmark === 'work' && x.metric === 'task-clock');
    // 4× the work: far beyond any neighbour's noise.
    expect([r.code, row?.verdict]).toEqual([1, 'regression']);
    expect(row?.change).toBeGreaterThan(1);
  }, 240_000);

  it('a submodule neither checked out here nor reachable: exit 2 naming it, the side and what was expected', () => {
    const { dir, lib, git } = repoWithSubmodule();
    git(dir, 'submodule', 'deinit', '-q', '-f', 'third_party/knob');
    rmSync(path.join(dir, '.git', 'modules'), { recursive: true, force: true });
    rmSync(lib, { recursive: true, force: true });
    const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--no-profile'], { cwd: dir, timeoutMs: 120_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /cannot check out submodule third_party\/knob of base [0-9a-f]{12}: .+; expected third_party\/knob checked out in .+ \(git submodule update --init --recursive\) or its URL in \.gitmodules reachable/,
    );
  }, 120_000);
});
