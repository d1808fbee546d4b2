/**
 * Suite validation that used to stop early (a schema error hid the rest) or too late (CPUs
 * and cwd surfaced as taskset's or time's message at run time, exit 1), and env numbers that
 * YAML rewrote. Each is a suite error naming file:line before anything runs (exit 2).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/commands/dispatch.js';
import { onlineCpus } from '../../src/host/cpus.js';
import { REAL_ROOTS } from '../../src/host/roots.js';
import { loadSuite, MAX_SUITE_BYTES, parseSuite, SuiteError } from '../../src/suite/load.js';
import { memIO } from './memio.js';

const FILE = '/repo/perfgate.yml';
function problemsOf(lines: string[]): string[] {
  try {
    parseSuite(lines.join('\n'), FILE);
  } catch (err) {
    if (err instanceof SuiteError) return err.problems;
    throw err;
  }
  throw new Error('expected the suite to be rejected');
}

function suiteDir(yaml: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-suite-'));
  writeFileSync(path.join(dir, 'perfgate.yml'), yaml);
  return dir;
}

describe('every problem at once', () => {
  it('a schema error does not hide an empty run or later bad percentages', () => {
    expect(
      problemsOf([
        'version: 1',
        'defaults:',
        '  iterations: many',
        '  threshold: { wall: 3 }',
        'benchmarks:',
        '  - name: a',
        '    run: ""',
        '    colour: red',
        '    threshold: { task-clock: two% }',
        '  - name: b',
        '    run: ./b',
        '    threshold: { instructions: 1 percent }',
        '    cpus: 1-0',
        '  - name: a',
        '    run: "   "',
      ]),
    ).toEqual([
      '/repo/perfgate.yml:3: defaults.iterations: wrong type: expected integer',
      '/repo/perfgate.yml:4: defaults.threshold.wall: wrong type: expected string',
      '/repo/perfgate.yml:7: benchmarks[0].run: empty command: expected the shell command to measure',
      "/repo/perfgate.yml:8: benchmarks[0].colour: unknown key 'colour'",
      "/repo/perfgate.yml:9: benchmarks[0].threshold.task-clock: bad percentage 'two%': expected e.g. '2%' or '0.5%'",
      "/repo/perfgate.yml:12: benchmarks[1].threshold.instructions: bad percentage '1 percent': expected e.g. '2%' or '0.5%'",
      "/repo/perfgate.yml:13: benchmarks[1].cpus: reversed CPU range '1-0' in '1-0': expected low-high, e.g. '0-1'",
      "/repo/perfgate.yml:14: benchmarks[2].name: duplicate benchmark name 'a' (first at benchmarks[0])",
      '/repo/perfgate.yml:15: benchmarks[2].run: empty command: expected the shell command to measure',
    ]);
  });

  it('a missing run is reported once, not also as an empty command', () => {
    expect(problemsOf(['version: 1', 'benchmarks:', '  - name: x', '    cpus: 3-2'])).toEqual([
      "/repo/perfgate.yml:3: benchmarks[0]: missing required key 'run'",
      "/repo/perfgate.yml:4: benchmarks[0].cpus: reversed CPU range '3-2' in '3-2': expected low-high, e.g. '2-3'",
    ]);
  });
});

describe('env values are what the file says', () => {
  it('numbers and booleans keep their source text (010 is not 10, 0x1F is not 31)', () => {
    const s = parseSuite(
      [
        'version: 1',
        'defaults:',
        '  env: { MODE: 0o17, ON: yes }',
        'benchmarks:',
        '  - name: x',
        '    run: ./x',
        '    env:',
        '      SEED: 010',
        '      MASK: 0x1F',
        '      BIG: 1e3',
        '      FLAG: true',
        '      QUOTED: "007"',
        '      PI: 3.10',
      ].join('\n'),
      FILE,
    );
    expect(s.benchmarks[0]?.env).toEqual({
      MODE: '0o17',
      ON: 'yes',
      SEED: '010',
      MASK: '0x1F',
      BIG: '1e3',
      FLAG: 'true',
      QUOTED: '007',
      PI: '3.10',
    });
  });
});

describe('checked against the machine before anything runs', () => {
  it('a cwd that does not exist is a suite error with file:line (no setup)', async () => {
    const dir = suiteDir('version: 1\nbenchmarks:\n  - name: x\n    run: touch ran\n    cwd: nowhere\n');
    await expect(loadSuite(path.join(dir, 'perfgate.yml'))).rejects.toThrow(
      new SuiteError(path.join(dir, 'perfgate.yml'), [
        `${path.join(dir, 'perfgate.yml')}:5: benchmarks[0].cwd: directory ${path.join(dir, 'nowhere')} does not exist`,
      ]),
    );
    const io = memIO(dir);
    expect(await main(['run', '--out', 'out'], io)).toBe(2);
    expect(io.err()).toContain(
      `perfgate.yml:5: benchmarks[0].cwd: directory ${path.join(dir, 'nowhere')} does not exist`,
    );
  });

  it('with a setup, a cwd setup creates is fine, one it does not is a suite error after setup', async () => {
    const ok = suiteDir(
      'version: 1\nsetup: mkdir -p build\ndefaults: { iterations: 2, warmup: 0, backend: time }\nbenchmarks:\n  - name: x\n    run: "true"\n    cwd: build\n',
    );
    const io = memIO(ok);
    expect(await main(['run', '--out', 'out'], io)).toBe(0);
    const bad = suiteDir(
      'version: 1\nsetup: "true"\ndefaults: { iterations: 2, warmup: 0, backend: time }\nbenchmarks:\n  - name: x\n    run: touch ran\n    cwd: build\n',
    );
    const io2 = memIO(bad);
    expect(await main(['run', '--out', 'out'], io2)).toBe(2);
    expect(io2.err()).toContain(
      `perfgate.yml:7: benchmarks[0].cwd: directory ${path.join(bad, 'build')} does not exist (after setup)`,
    );
    expect(existsSync(path.join(bad, 'build', 'ran'))).toBe(false);
  });

  it('CPUs this machine does not have are a suite error before setup', async () => {
    const online = await onlineCpus(REAL_ROOTS);
    expect(online).not.toBeNull();
    const beyond = Math.max(...(online ?? [0])) + 1;
    const dir = suiteDir(
      `version: 1\nsetup: touch setup-ran\ndefaults:\n  cpus: "0-${beyond}"\nbenchmarks:\n  - name: x\n    run: "true"\n  - name: y\n    run: "true"\n    cpus: "${beyond + 90}"\n`,
    );
    const io = memIO(dir);
    expect(await main(['run', '--out', 'out'], io)).toBe(2);
    const here = `online here: ${online?.length === 1 ? '0' : `0-${beyond - 1}`}`;
    expect(io.err()).toBe(
      `perfgate run: invalid suite ${path.join(dir, 'perfgate.yml')}:\n` +
        `  ${path.join(dir, 'perfgate.yml')}:4: defaults.cpus: CPU ${beyond} does not exist on this machine (${here})\n` +
        `  ${path.join(dir, 'perfgate.yml')}:10: benchmarks[1].cpus: CPU ${beyond + 90} does not exist on this machine (${here})\n`,
    );
    expect(existsSync(path.join(dir, 'setup-ran'))).toBe(false);
  });

  it('doctor --cpus refuses a CPU that does not exist', async () => {
    const online = (await onlineCpus(REAL_ROOTS)) ?? [];
    const io = memIO(os.tmpdir());
    expect(await main(['doctor', '--cpus', '99'], io)).toBe(2);
    expect(io.err()).toBe(
      `perfgate doctor: --cpus 99: CPU 99 does not exist on this machine (online here: 0${online.length > 1 ? `-${online.length - 1}` : ''})\n`,
    );
  });
});

describe('a huge suite', () => {
  it('is refused before parsing (the parser holds ~85 bytes per byte)', async () => {
    const entry = '  - name: bench/000000\n    run: ./bin/run --case 0\n';
    const dir = suiteDir(`version: 1\nbenchmarks:\n${entry.repeat(Math.ceil((MAX_SUITE_BYTES + 1) / entry.length))}`);
    const io = memIO(dir);
    expect(await main(['run', '--out', 'out'], io)).toBe(2);
    expect(io.err()).toMatch(
      /^perfgate run: suite \S+perfgate\.yml is 1\.0 MiB: perfgate reads suites up to 1 MiB \(about 10,000 benchmarks\); split it, or generate fewer benchmarks\n$/,
    );
  });
});
