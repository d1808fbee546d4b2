import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/paths.js';

const script = path.join(repoRoot, 'scripts', 'check-boundaries.mjs');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perfgate-layers-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function check(dir: string): { status: number | null; out: string } {
  const r = spawnSync('node', [script, dir], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

test('the project itself keeps its layers', () => {
  expect(execFileSync('node', [script], { encoding: 'utf8' })).toMatch(/^boundaries ok/);
});

test('a downward import passes, an upward one fails naming file and line', () => {
  const ok = tree({ 'engine/a.ts': "import { x } from '../stats/b.js';\n", 'stats/b.ts': 'export const x = 1;\n' });
  const bad = tree({
    'stats/b.ts': "export const x = 1;\nimport type { Y } from '../engine/a.js';\n",
    'engine/a.ts': 'export type Y = 1;\n',
  });
  try {
    expect(check(ok).status).toBe(0);
    const r = check(bad);
    expect(r.status).toBe(1);
    expect(r.out).toContain(
      `${path.relative(process.cwd(), path.join(bad, 'stats/b.ts'))}:2: src/stats imports a higher floor, src/engine`,
    );
  } finally {
    rmSync(ok, { recursive: true, force: true });
    rmSync(bad, { recursive: true, force: true });
  }
});

test('the two front ends may not import each other, and only action/ and store/ reach GitHub', () => {
  const dir = tree({
    'commands/run.ts': "import { inputs } from '../action/inputs.js';\n",
    'action/inputs.ts': 'export const inputs = 1;\n',
    'compare/gate.ts': "import * as core from '@actions/core';\n",
    'store/ok.ts': "import * as core from '@actions/core';\n",
  });
  try {
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/commands\/run\.ts:1: src\/commands imports a sibling on the same floor, src\/action/);
    expect(r.out).toMatch(/compare\/gate\.ts:1: the core must not import @actions/);
    expect(r.out).not.toMatch(/store\/ok\.ts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder on no floor is reported rather than let through', () => {
  const dir = tree({ 'newthing/x.ts': 'export const x = 1;\n' });
  try {
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/src\/newthing is on no floor/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two modules of one name fail, naming both; a command module may share its engine module name', () => {
  const clash = tree({ 'results/types.ts': 'export type A = 1;\n', 'suite/types.ts': 'export type B = 1;\n' });
  const command = tree({
    'engine/ab.ts': 'export const a = 1;\n',
    'commands/ab.ts': "import { a } from '../engine/ab.js';\nexport const b = a;\n",
  });
  try {
    const r = check(clash);
    expect(r.status).toBe(1);
    expect(r.out).toContain('types.ts: one name for 2 modules (results/types.ts, suite/types.ts)');
    expect(check(command).status).toBe(0);
  } finally {
    rmSync(clash, { recursive: true, force: true });
    rmSync(command, { recursive: true, force: true });
  }
});
