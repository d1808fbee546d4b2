/**
 * `perfgate run` end to end through the bundled CLI, measuring for real with perf (or what the
 * machine has), on the demo suite and on small suites built to fail in each documented way.
 */
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resultsProblems } from '../../src/results/results-file.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { probeHost, HARDWARE_EVENTS, type HostProbe } from '../../src/host/probe.js';
import { buildBenchmarks } from '../helpers/build.js';
import { perfgate } from '../helpers/cli.js';
import { benchBin, repoRoot } from '../helpers/paths.js';
import { unavailable } from '../helpers/optional.js';

let probe: HostProbe;
const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'pg-run-'));
const readDoc = (dir: string): ResultsDoc =>
  JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as ResultsDoc;

function suiteDir(yaml: string): string {
  const dir = tmp();
  writeFileSync(path.join(dir, 'perfgate.yml'), yaml);
  return dir;
}

beforeAll(async () => {
  buildBenchmarks();
  probe = await probeHost();
});

describe('perfgate run on the demo suite', () => {
  let out: string;
  let result: ReturnType<typeof perfgate>;
  beforeAll(() => {
    out = tmp();
    result = perfgate(['run', '--iterations', '5', '--out', out], { cwd: repoRoot });
  });

  it('exits 0 and prints the table', () => {
    expect(result.stderr).toContain('[8/8] tlb/page-stride: ok');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^benchmark\s+status\s+metric\s+unit\s+n\s+median\s+min\s+max\s+CV$/m);
    expect(result.stdout).toMatch(/^cache\/random\s+ok\s+(task-clock|wall)\s/m);
    expect(readFileSync(path.join(out, 'summary.txt'), 'utf8')).toBe(result.stdout);
  });

  it('writes a results.json that validates against the schema', () => {
    const doc = readDoc(out);
    expect(resultsProblems(doc)).toEqual([]);
    expect(doc.benchmarks).toHaveLength(8);
    expect(doc.backendReason).toMatch(/^auto → /);
    expect(doc.fingerprint.hard.backend).toBe(doc.backend);
    expect(doc.suite.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has ≥ 5 numeric task-clock samples per benchmark, and hardware events only with a PMU', () => {
    const doc = readDoc(out);
    if (unavailable('perf', doc.backend === 'perf' ? undefined : doc.backendReason)) return;
    for (const b of doc.benchmarks) {
      expect(b.status).toBe('ok');
      const tc = b.metrics['task-clock'];
      expect(tc?.samples.length).toBeGreaterThanOrEqual(5);
      expect(tc?.samples.every((v) => typeof v === 'number' && v > 0)).toBe(true);
      for (const e of HARDWARE_EVENTS) expect(b.metrics[e] === undefined).toBe(!probe.perf.pmu);
    }
  });

  // The size of each pair's effect is a benchmark figure (npm run bench prints it), not a test.
  it('runs and records both halves of each demo pair, with the same metrics', () => {
    const doc = readDoc(out);
    const names = doc.benchmarks.map((b) => b.name);
    expect(names).toEqual([
      'cache/sequential',
      'cache/random',
      'false-sharing/adjacent',
      'false-sharing/padded',
      'branch/sorted',
      'branch/shuffled',
      'tlb/line-stride',
      'tlb/page-stride',
    ]);
    for (let i = 0; i < names.length; i += 2) {
      const [a, b] = [doc.benchmarks[i]!, doc.benchmarks[i + 1]!];
      expect(a.name.split('/')[0]).toBe(b.name.split('/')[0]);
      expect([a.status, b.status]).toEqual(['ok', 'ok']);
      expect(Object.keys(b.metrics).sort()).toEqual(Object.keys(a.metrics).sort());
      for (const m of Object.values(a.metrics).concat(Object.values(b.metrics))) expect(m.samples).toHaveLength(5);
    }
  });

  it('records a profile of each benchmark after its measured runs, with its hot function on top', () => {
    const doc = readDoc(out);
    if (unavailable('perf', doc.backend === 'perf' ? undefined : doc.backendReason)) return;
    const shuffled = doc.benchmarks.find((b) => b.name === 'branch/shuffled');
    expect(shuffled?.profile?.folded).toBe('profiles/branch%2Fshuffled.folded');
    const folded = readFileSync(path.join(out, shuffled!.profile!.folded), 'utf8').trim().split('\n');
    const [hottest] = folded
      .map((l) => ({ stack: l.slice(0, l.lastIndexOf(' ')), count: Number(l.slice(l.lastIndexOf(' ') + 1)) }))
      .sort((a, b) => b.count - a.count);
    expect(hottest?.stack).toMatch(/^branch;.*sum_big$/);
    // Profiling never adds samples: each metric still has exactly the measured iterations.
    expect(shuffled?.metrics['task-clock']?.samples).toHaveLength(5);
  });

  it('--json prints the document on stdout', () => {
    const dir = tmp();
    const r = perfgate(['run', '--iterations', '5', '--filter', '^branch/sorted$', '--out', dir, '--json'], {
      cwd: repoRoot,
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ResultsDoc;
    expect(doc.benchmarks.map((b) => b.name)).toEqual(['branch/sorted']);
    expect(doc).toEqual(readDoc(dir));
  });
});

describe('perfgate run: failures are recorded and the rest still runs', () => {
  it('a benchmark that exits 3 and one that hangs', () => {
    const dir = suiteDir(
      [
        'version: 1',
        'defaults: { iterations: 5, warmup: 1 }',
        'benchmarks:',
        `  - name: fails`,
        `    run: ${benchBin}/work 10 && echo "bad input file" >&2 && exit 3`,
        `  - name: hangs`,
        `    run: sleep 60`,
        `    timeout: 400ms`,
        `  - name: fine`,
        `    run: ${benchBin}/work 100`,
      ].join('\n'),
    );
    const out = path.join(dir, 'out');
    const r = perfgate(['run', '--out', out], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = readDoc(out);
    expect(resultsProblems(doc)).toEqual([]);
    const [fails, hangs, fine] = doc.benchmarks;
    expect(fails).toMatchObject({ name: 'fails', status: 'failed' });
    expect(fails?.error).toBe('warm-up run 1 exited with code 3; stderr:\nbad input file');
    expect(hangs).toMatchObject({ name: 'hangs', status: 'timeout' });
    expect(hangs?.error).toMatch(/^warm-up run 1 timed out after 400 ms; process group killed/);
    expect(fine?.status).toBe('ok');
    expect(fine?.metrics.wall?.samples).toHaveLength(5);
    expect(r.stdout).toContain('fails: failed: warm-up run 1 exited with code 3');
    expect(r.stderr).toContain('[2/3] hangs: TIMEOUT: warm-up run 1 timed out after 400 ms');
  });
});

describe('perfgate run: bad input gives exit 2 and runs nothing', () => {
  it('an invalid suite names file, line and key; nothing is run or written', () => {
    const dir = suiteDir(
      [
        'version: 1',
        'benchmarks:',
        `  - name: x`,
        `    run: touch ran`,
        `    iteratons: 3`,
        `  - name: x`,
        `    run: " "`,
      ].join('\n'),
    );
    const r = perfgate(['run', '--out', 'out'], { cwd: dir });
    expect(r.code).toBe(2);
    const file = path.join(dir, 'perfgate.yml');
    expect(r.stderr).toContain(`perfgate run: invalid suite ${file}:`);
    expect(r.stderr).toContain(`${file}:5: benchmarks[0].iteratons: unknown key 'iteratons'`);
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a missing suite, a bad flag value, an unknown flag, a filter matching nothing', () => {
    const dir = suiteDir(`version: 1\nbenchmarks:\n  - name: x\n    run: ${benchBin}/work 1\n`);
    const cases: [string[], RegExp][] = [
      [['run', '--suite', 'nope.yml'], /suite file not found: .*nope\.yml/],
      [['run', '--iterations', '0'], /--iterations "0": expected a positive whole number/],
      [['run', '--backend', 'rdtsc'], /--backend "rdtsc": expected one of auto, perf, valgrind, time/],
      [['run', '--filter', '('], /--filter "\(": not a valid regular expression/],
      [['run', '--filter', 'zzz'], /--filter \/zzz\/ matches no benchmark of .* \(names: x\)/],
      [['run', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const r = perfgate(args, { cwd: dir });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
  });

  it('`--help` after a command prints its usage on stdout, exit 0, and runs nothing', () => {
    const dir = suiteDir(`version: 1\nbenchmarks:\n  - name: x\n    run: touch ran\n`);
    for (const [args, usage] of [
      [['ab', '--help'], 'usage: perfgate ab --base REF'],
      [['run', '-h'], 'usage: perfgate run [--suite F]'],
      [['compare', '--help'], 'usage: perfgate compare BASE.json'],
    ] as const) {
      const r = perfgate([...args], { cwd: dir });
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(r.stdout).toContain(usage);
    }
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  });

  it('an unwritable --out fails before measuring', () => {
    const dir = suiteDir(`version: 1\nbenchmarks:\n  - name: x\n    run: touch ran\n`);
    writeFileSync(path.join(dir, 'file'), '');
    const r = perfgate(['run', '--out', 'file/sub'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write to --out ${path.join(dir, 'file/sub')}: ENOTDIR`);
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  });
});

describe('perfgate run without perf', () => {
  /** A PATH with the usual tools but no perf, as on a runner without linux-perf. */
  function pathWithoutPerf(): string {
    const bin = tmp();
    for (const tool of ['sh', 'taskset', 'env', 'git', 'make', 'cc', 'gcc', 'sleep', 'setarch', 'valgrind']) {
      for (const dir of ['/usr/bin', '/bin']) {
        const p = path.join(dir, tool);
        if (existsSync(p) && !existsSync(path.join(bin, tool))) symlinkSync(p, path.join(bin, tool));
      }
    }
    return bin;
  }

  it('--backend perf exits 3 saying perf is missing; auto falls back to time and says why', () => {
    const dir = suiteDir(
      `version: 1\ndefaults: { iterations: 5, warmup: 0 }\nbenchmarks:\n  - name: x\n    run: ${benchBin}/work 100\n`,
    );
    const env = { ...process.env, PATH: pathWithoutPerf() };
    const forced = perfgate(['run', '--backend', 'perf', '--out', 'o1'], { cwd: dir, env });
    expect(forced.code).toBe(3);
    expect(forced.stderr).toContain('backend perf cannot measure here: perf missing (install linux-perf)');

    const auto = perfgate(['run', '--out', 'o2'], { cwd: dir, env });
    expect(auto.code).toBe(0);
    const doc = readDoc(path.join(dir, 'o2'));
    expect(doc.backend).toBe('time');
    expect(doc.backendReason).toBe('auto → time: perf missing (install linux-perf)');
    expect(doc.benchmarks[0]?.metrics.wall?.samples).toHaveLength(5);
    expect(doc.benchmarks[0]?.metrics['task-clock']).toBeUndefined();
  });
});

it('a suite can ask for valgrind per benchmark; counts are identical run to run', () => {
  if (unavailable('valgrind', probe.valgrind.usable ? undefined : probe.valgrind.reason)) return;
  const dir = suiteDir(
    `version: 1\ndefaults: { iterations: 3, warmup: 0 }\nbenchmarks:\n  - name: v\n    run: ${benchBin}/work 50\n    backend: valgrind\n`,
  );
  mkdirSync(path.join(dir, 'out'));
  const r = perfgate(['run', '--out', 'out'], { cwd: dir });
  expect(r.code).toBe(0);
  const doc = readDoc(path.join(dir, 'out'));
  expect(doc.backend).toBe('valgrind');
  const samples = doc.benchmarks[0]?.metrics.instructions?.samples ?? [];
  expect(samples).toHaveLength(3);
  expect(new Set(samples).size).toBe(1);
});
