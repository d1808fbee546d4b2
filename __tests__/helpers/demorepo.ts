import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.js';

export interface DemoRepo {
  dir: string;
  git: (...args: string[]) => string;
  /** Replaces `from` by `to` in a file of the copy (throws when `from` is absent). */
  edit: (file: string, from: string, to: string) => void;
  commit: (msg: string) => void;
}

/**
 * A throwaway git repository holding a copy of this repository's demo suite (benchmarks/ and
 * perfgate.yml), committed once: commits on top of it change a benchmark the way a pull request
 * would, and `perfgate ab` measures them for real.
 */
export function makeDemoRepo(): DemoRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-demo-'));
  cpSync(path.join(repoRoot, 'benchmarks', 'src'), path.join(dir, 'benchmarks', 'src'), { recursive: true });
  cpSync(path.join(repoRoot, 'benchmarks', 'Makefile'), path.join(dir, 'benchmarks', 'Makefile'));
  cpSync(path.join(repoRoot, 'perfgate.yml'), path.join(dir, 'perfgate.yml'));
  writeFileSync(path.join(dir, '.gitignore'), 'benchmarks/bin/\n.perfgate*/\n*.md\n*.html\n');
  const git = (...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'perfgate test');
  git('add', '-A');
  git('commit', '-qm', 'demo suite');
  const edit = (file: string, from: string, to: string): void => {
    const p = path.join(dir, file);
    const text = readFileSync(p, 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
    writeFileSync(p, text.replace(from, to));
  };
  return { dir, git, edit, commit: (msg) => void git('commit', '-qam', msg) };
}
