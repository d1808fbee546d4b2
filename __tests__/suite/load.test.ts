import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSuite, parseSuite, SuiteError } from '../../src/suite/load.js';
import { parseDuration, parsePercent } from '../../src/suite/units.js';
import { InputError } from '../../src/errors.js';
import { repoRoot } from '../helpers/paths.js';

const FILE = '/repo/perfgate.yml';

function problemsOf(text: string): string[] {
  try {
    parseSuite(text, FILE);
  } catch (err) {
    if (err instanceof SuiteError) return err.problems;
    throw err;
  }
  throw new Error('expected the suite to be rejected');
}

describe('suite loader', () => {
  it('applies defaults and per-benchmark overrides', () => {
    const s = parseSuite(
      [
        'version: 1',
        'setup: make -C benchmarks',
        'defaults:',
        '  iterations: 40',
        '  warmup: 2',
        '  cpus: "1"',
        '  timeout: 90s',
        '  threshold: { task-clock: 1.5% }',
        '  profile: true',
        'benchmarks:',
        '  - name: a/one',
        '    run: ./bin/a --x',
        '  - name: b',
        '    run: ./bin/b',
        '    cwd: sub',
        '    env: { SEED: 1, FAST: true }',
        '    iterations: 10',
        '    backend: valgrind',
        '    cpus: 2-3',
        '    timeout: 500ms',
        '    threshold: { instructions: 0.1% }',
        '    call-graph: dwarf',
      ].join('\n'),
      FILE,
    );
    expect(s.setup).toBe('make -C benchmarks');
    expect(s.dir).toBe('/repo');
    expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [a, b] = s.benchmarks;
    expect(a).toMatchObject({
      name: 'a/one',
      run: './bin/a --x',
      cwd: '/repo',
      iterations: 40,
      warmup: 2,
      backend: 'auto',
      cpus: '1',
      timeoutMs: 90_000,
      threshold: { wall: 0.03, 'task-clock': 0.015, instructions: 0.005 },
      profile: true,
      offcpu: false,
      callGraph: 'auto',
      line: 11,
    });
    expect(b).toMatchObject({
      cwd: '/repo/sub',
      env: { SEED: '1', FAST: 'true' },
      iterations: 10,
      warmup: 2,
      backend: 'valgrind',
      cpus: '2-3',
      timeoutMs: 500,
      threshold: { wall: 0.03, 'task-clock': 0.015, instructions: 0.001 },
      callGraph: 'dwarf',
      line: 13,
    });
  });

  it('uses built-in defaults when the suite has none', () => {
    const [b] = parseSuite('version: 1\nbenchmarks:\n  - name: x\n    run: ./x\n', FILE).benchmarks;
    expect(b).toMatchObject({
      iterations: 30,
      warmup: 3,
      backend: 'auto',
      cpus: null,
      timeoutMs: 60_000,
      profile: false,
      offcpu: false,
      callGraph: 'auto',
      pairing: 'sequential',
      env: {},
    });
  });

  it('takes pairing from the defaults or per benchmark, and names file:line of a bad one', () => {
    const s = parseSuite(
      'version: 1\ndefaults: { pairing: duet }\nbenchmarks:\n  - name: x\n    run: ./x\n  - name: y\n    run: ./y\n    pairing: auto\n',
      FILE,
    );
    expect(s.benchmarks.map((b) => b.pairing)).toEqual(['duet', 'auto']);
    expect(() =>
      parseSuite('version: 1\nbenchmarks:\n  - name: x\n    run: ./x\n    pairing: together\n', FILE),
    ).toThrow(`${FILE}:5: benchmarks[0].pairing: expected one of "sequential", "duet", "auto"`);
  });

  it("takes 'profile: offcpu' (CPU and off-CPU stacks) and every call-graph mode", () => {
    const s = parseSuite(
      'version: 1\nbenchmarks:\n  - name: x\n    run: ./x\n    profile: offcpu\n    call-graph: lbr\n  - name: y\n    run: ./y\n    call-graph: fp\n',
      FILE,
    );
    expect(s.benchmarks[0]).toMatchObject({ profile: true, offcpu: true, callGraph: 'lbr' });
    expect(s.benchmarks[1]).toMatchObject({ profile: false, offcpu: false, callGraph: 'fp' });
    expect(() =>
      parseSuite('version: 1\nbenchmarks:\n  - name: x\n    run: ./x\n    profile: sometimes\n', FILE),
    ).toThrow(/profile/);
    expect(() =>
      parseSuite('version: 1\nbenchmarks:\n  - name: x\n    run: ./x\n    call-graph: frame\n', FILE),
    ).toThrow(/call-graph/);
  });

  it('loads the demo suite', async () => {
    const s = await loadSuite(path.join(repoRoot, 'perfgate.yml'));
    expect(s.benchmarks.map((b) => b.name)).toHaveLength(8);
    expect(s.benchmarks.find((b) => b.name === 'false-sharing/adjacent')?.cpus).toBe('0-1');
  });

  it('unknown key: file, line and key path', () => {
    expect(problemsOf('version: 1\nbenchmarks:\n  - name: x\n    run: ./x\n    iteratons: 5\n')).toEqual([
      "/repo/perfgate.yml:5: benchmarks[0].iteratons: unknown key 'iteratons'",
    ]);
    expect(problemsOf('version: 1\ndefault:\n  warmup: 1\nbenchmarks:\n  - name: x\n    run: ./x\n')).toEqual([
      "/repo/perfgate.yml:2: default: unknown key 'default'",
    ]);
  });

  it('wrong type', () => {
    expect(problemsOf('version: 1\nbenchmarks:\n  - name: x\n    run: ./x\n    iterations: many\n')).toEqual([
      '/repo/perfgate.yml:5: benchmarks[0].iterations: wrong type: expected integer',
    ]);
    expect(problemsOf('version: 1\nbenchmarks:\n  - name: x\n    run: [a, b]\n')).toEqual([
      '/repo/perfgate.yml:4: benchmarks[0].run: wrong type: expected string',
    ]);
    expect(problemsOf('version: 1\nbenchmarks: {}\n')).toEqual([
      '/repo/perfgate.yml:2: benchmarks: wrong type: expected array',
    ]);
  });

  it('duplicate names point at the second one and name the first', () => {
    expect(problemsOf('version: 1\nbenchmarks:\n  - name: x\n    run: ./x\n  - name: x\n    run: ./y\n')).toEqual([
      "/repo/perfgate.yml:5: benchmarks[1].name: duplicate benchmark name 'x' (first at benchmarks[0])",
    ]);
  });

  it('empty run', () => {
    expect(problemsOf('version: 1\nbenchmarks:\n  - name: x\n    run: "  "\n')).toEqual([
      '/repo/perfgate.yml:4: benchmarks[0].run: empty command: expected the shell command to measure',
    ]);
    expect(problemsOf('version: 1\nbenchmarks:\n  - name: x\n')).toEqual([
      "/repo/perfgate.yml:3: benchmarks[0]: missing required key 'run'",
    ]);
  });

  it('bad duration, percentage, CPU list, backend and name', () => {
    expect(
      problemsOf(
        [
          'version: 1',
          'defaults:',
          '  timeout: soon',
          '  threshold: { wall: 3 }',
          'benchmarks:',
          '  - name: "bad name!"',
          '    run: ./x',
          '    cpus: first',
          '    backend: rdtsc',
          '    threshold: { task-clock: two% }',
        ].join('\n'),
      ),
    ).toEqual([
      // Schema errors no longer hide the loader's own checks: every problem at once.
      "/repo/perfgate.yml:3: defaults.timeout: bad duration \"soon\": expected e.g. '60s', '500ms', '2m'",
      '/repo/perfgate.yml:4: defaults.threshold.wall: wrong type: expected string',
      '/repo/perfgate.yml:6: benchmarks[0].name: bad name: expected letters, digits and . _ / - only',
      "/repo/perfgate.yml:8: benchmarks[0].cpus: bad CPU list 'first': expected taskset form like '1', '0-3' or '0,2', or 'auto'",
      '/repo/perfgate.yml:9: benchmarks[0].backend: expected one of "auto", "perf", "valgrind", "time"',
      "/repo/perfgate.yml:10: benchmarks[0].threshold.task-clock: bad percentage 'two%': expected e.g. '2%' or '0.5%'",
    ]);
    expect(
      problemsOf(
        [
          'version: 1',
          'defaults:',
          '  timeout: soon',
          'benchmarks:',
          '  - name: x',
          '    run: ./x',
          '    cpus: first',
          '    threshold: { task-clock: two% }',
        ].join('\n'),
      ),
    ).toEqual([
      "/repo/perfgate.yml:3: defaults.timeout: bad duration \"soon\": expected e.g. '60s', '500ms', '2m'",
      "/repo/perfgate.yml:7: benchmarks[0].cpus: bad CPU list 'first': expected taskset form like '1', '0-3' or '0,2', or 'auto'",
      "/repo/perfgate.yml:8: benchmarks[0].threshold.task-clock: bad percentage 'two%': expected e.g. '2%' or '0.5%'",
    ]);
  });

  it('YAML syntax errors and duplicate keys carry the line', () => {
    const [syntax] = problemsOf('version: 1\nbenchmarks:\n  - name: x\n   run: [unclosed\n');
    expect(syntax).toMatch(/^\/repo\/perfgate\.yml:\d+: YAML: /);
    expect(problemsOf('version: 1\nversion: 1\nbenchmarks:\n  - name: x\n    run: ./x\n')[0]).toMatch(
      /^\/repo\/perfgate\.yml:2: YAML: Map keys must be unique/,
    );
  });

  it('wrong version and missing benchmarks', () => {
    expect(problemsOf('version: 2\nbenchmarks:\n  - name: x\n    run: ./x\n')).toEqual([
      '/repo/perfgate.yml:1: version: expected 1',
    ]);
    expect(problemsOf('version: 1\n')).toEqual([
      "/repo/perfgate.yml:1: (top level): missing required key 'benchmarks'",
    ]);
    expect(problemsOf('version: 1\nbenchmarks: []\n')).toEqual([
      '/repo/perfgate.yml:2: benchmarks: expected at least one benchmark',
    ]);
  });

  it('a missing file is an input error naming the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-suite-'));
    await expect(loadSuite(path.join(dir, 'nope.yml'))).rejects.toThrow(
      new InputError(`suite file not found: ${path.join(dir, 'nope.yml')} (pass --suite FILE, or add perfgate.yml)`),
    );
    writeFileSync(path.join(dir, 'ok.yml'), 'version: 1\nbenchmarks:\n  - name: x\n    run: ./x\n');
    await expect(loadSuite(path.join(dir, 'ok.yml'))).resolves.toMatchObject({ dir });
  });
});

describe('units', () => {
  it('durations', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration(5)).toBe(5000);
    for (const bad of ['', 's', '-1s', '0s', '10 parsecs', null]) expect(parseDuration(bad)).toBeNull();
  });
  it('percentages', () => {
    expect(parsePercent('2%')).toBeCloseTo(0.02, 12);
    expect(parsePercent('0.5%')).toBeCloseTo(0.005, 12);
    for (const bad of ['2', 2, '%', 'x%', '-1%']) expect(parsePercent(bad)).toBeNull();
  });
});

it('cpus: auto is accepted and left for the run to resolve (isolated CPUs, else the last online one)', () => {
  const s = parseSuite(
    'version: 1\ndefaults: { cpus: auto }\nbenchmarks:\n  - name: x\n    run: ./x\n  - name: y\n    run: ./y\n    cpus: "0"\n',
    FILE,
  );
  expect(s.benchmarks.map((b) => b.cpus)).toEqual(['auto', '0']);
});
