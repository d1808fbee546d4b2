import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { repoRoot } from './paths.js';

export const harnessSrc = (format: string, ...rel: string[]): string =>
  path.join(repoRoot, '__tests__', 'fixtures', 'harness', format, 'src', ...rel);

/** A throwaway git repository: files, a suite, a base commit; `change` makes the head commit. */
export function harnessRepo(
  files: Record<string, string>,
  suite: string,
): { dir: string; git: (...a: string[]) => string; change: (file: string, from: string | RegExp, to: string) => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-harness-repo-'));
  const git = (...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'perfgate test');
  for (const [rel, from] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    copyFileSync(from, path.join(dir, rel));
  }
  writeFileSync(path.join(dir, 'perfgate.yml'), suite);
  writeFileSync(path.join(dir, '.gitignore'), 'bin/\n.perfgate/\ntarget/\n__pycache__/\n.benchmarks/\n');
  git('add', '-A');
  git('commit', '-qm', 'base');
  const change = (file: string, from: string | RegExp, to: string): void => {
    const p = path.join(dir, file);
    const before = readFileSync(p, 'utf8');
    const after = before.replace(from, to);
    if (after === before) throw new Error(`change: ${String(from)} not found in ${file}`);
    writeFileSync(p, after);
    git('commit', '-qam', `head: ${file}`);
  };
  return { dir, git, change };
}

export const readComparison = (dir: string): ComparisonDoc =>
  JSON.parse(readFileSync(path.join(dir, '.perfgate', 'comparison.json'), 'utf8')) as ComparisonDoc;

/** The gated row of a benchmark's metric. */
export function gatedRow(doc: ComparisonDoc, benchmark: string, metric: string): ComparisonDoc['rows'][number] {
  const r = doc.rows.find((x) => x.benchmark === benchmark && x.metric === metric);
  if (!r)
    throw new Error(
      `no row ${benchmark} ${metric}; rows: ${doc.rows.map((x) => `${x.benchmark}:${x.metric}`).join(', ')}`,
    );
  return r;
}
