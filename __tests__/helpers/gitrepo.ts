import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway git repository holding one C benchmark whose work is a knob in the source, so
 * commits can make it slower or faster by a known amount.
 */
export function makeRepo(
  units: number,
  suiteExtra = '',
): { dir: string; git: (...args: string[]) => string; setUnits: (n: number) => void; commit: (msg: string) => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-ab-repo-'));
  const git = (...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'perfgate test');
  writeFileSync(
    path.join(dir, 'w.c'),
    [
      '#include <stdint.h>',
      `#define UNITS ${units}`,
      '/* the knob */',
      'static volatile uint64_t sink;',
      'int main(void) { uint64_t s = 1; for (uint64_t i = 0; i < UNITS * 1000ull; i++) s = s * 6364136223846793005ull + i; sink = s; return 0; }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    `version: 1\nsetup: mkdir -p bin && cc -O2 -o bin/w w.c\ndefaults: { iterations: 20, warmup: 2, cpus: "1" }\nbenchmarks:\n  - name: work\n    run: ./bin/w\n${suiteExtra}`,
  );
  writeFileSync(path.join(dir, '.gitignore'), 'bin/\n.perfgate/\n');
  git('add', '-A');
  git('commit', '-qm', 'base');
  const setUnits = (n: number): void => {
    const file = path.join(dir, 'w.c');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/#define UNITS \d+/, `#define UNITS ${n}`));
  };
  const commit = (msg: string): void => {
    git('commit', '-qam', msg);
  };
  return { dir, git, setUnits, commit };
}
