/**
 * Harness output that would slip past the gate: a gated metric head broke, impossible values
 * stored as a baseline no compare can read, names that are Object.prototype's, one benchmark
 * reported twice. Driven through `main()` as the CLI does, with real processes printing the
 * output (a shell script standing in for the harness) and, for `ab`, a real git repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/commands/dispatch.js';
import { FORMATS } from '../../src/measure/harness/format-specs.js';
import { HarnessOutputError, type HarnessReport } from '../../src/measure/harness/harness-report.js';
import { adversarialInputs } from '../helpers/adversarial-harness.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import type { BenchmarkResult, ResultsDoc } from '../../src/results/results-doc.js';
import { resultsDoc } from '../helpers/comparison.js';
import { repoRoot } from '../helpers/paths.js';
import { memIO } from './memio.js';

/** A directory with a suite whose one entry runs `emit.sh` in the given format. */
function suiteDir(format: string, script: string, extra = ''): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-harness-'));
  writeFileSync(path.join(dir, 'emit.sh'), script);
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    `version: 1\ndefaults: { iterations: 3, warmup: 0, backend: time }\nbenchmarks:\n  - name: h\n    run: sh emit.sh\n    format: ${format}\n${extra}`,
  );
  return dir;
}

async function cli(dir: string, args: string[]): Promise<{ code: number; err: string }> {
  const io = memIO(dir);
  const code = await main(args, io);
  return { code, err: io.err() };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const byName = (doc: ResultsDoc): Map<string, BenchmarkResult> => new Map(doc.benchmarks.map((b) => [b.name, b]));
/** JSON Lines on stdout, as a `format: json` program prints them. */
const printing = (rows: object[]): string => `cat <<'ROWS'\n${rows.map((r) => JSON.stringify(r)).join('\n')}\nROWS\n`;

describe('harness values perfgate must not accept', () => {
  it('impossible values (-5, a zero time) are refused naming line and benchmark; the results.json written is one compare reads', async () => {
    const dir = suiteDir(
      'json',
      printing([
        { name: 'neg', metric: 'time', unit: 'ns', value: -5 },
        { name: 'zero', metric: 'time', unit: 'ns', value: 0 },
        { name: 'good', metric: 'time', unit: 'ns', value: 100 },
        { name: 'good', metric: 'allocs', unit: 'count', value: 0 },
      ]),
      '    threshold: { time: 3% }\n',
    );
    const run = await cli(dir, ['run', '--out', 'out']);
    expect(run.code).toBe(1);
    const doc = readJson<ResultsDoc>(path.join(dir, 'out', 'results.json'));
    const results = byName(doc);
    expect(results.get('h')?.status).toBe('failed');
    expect(results.get('h')?.error).toContain(
      'h (json, stdout): line 1: neg: "time" is -5: expected a positive time; line 2: zero: "time" is 0: expected a positive time',
    );
    expect(results.has('h/neg')).toBe(false);
    expect(results.has('h/zero')).toBe(false);
    // What did report is measured, a count of 0 included.
    expect(results.get('h/good')?.metrics.allocs?.samples).toEqual([0, 0, 0]);
    // The stored run is a baseline a later compare can read (it used to be refused, exit 2).
    const compare = await cli(dir, ['compare', 'out/results.json', 'out/results.json', '--out', 'cmp']);
    expect(compare.err).not.toMatch(/sample \d+ is/);
    expect(compare.code).not.toBe(2);
  });

  it('metric and benchmark names __proto__ and constructor are names like any other', async () => {
    const dir = suiteDir(
      'json',
      printing([
        { name: '__proto__', metric: '__proto__', unit: 'ns', value: 100 },
        { name: '__proto__', metric: 'constructor', unit: 'ns', value: 200 },
        { name: 'constructor', metric: 'toString', unit: 'ns', value: 300 },
      ]),
      '    threshold: { constructor: 3% }\n',
    );
    const run = await cli(dir, ['run', '--out', 'out']);
    expect(run.err).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    const results = byName(readJson<ResultsDoc>(path.join(dir, 'out', 'results.json')));
    const proto = results.get('h/__proto__');
    expect(proto?.status).toBe('ok');
    expect(Object.keys(proto?.metrics ?? {}).sort()).toEqual(['__proto__', 'constructor']);
    expect(proto?.metrics['constructor']?.samples).toEqual([200, 200, 200]);
    expect(results.get('h/constructor')?.metrics['toString']?.samples).toEqual([300, 300, 300]);
    // Read back: only the threshold the suite set is gated, each metric is its own row.
    const compare = await cli(dir, ['compare', 'out/results.json', 'out/results.json', '--out', 'cmp']);
    const rows = readJson<ComparisonDoc>(path.join(dir, 'cmp', 'comparison.json')).rows.filter(
      (r) => r.benchmark !== 'h',
    );
    expect(rows.map((r) => [r.benchmark, r.metric, r.gated]).sort()).toEqual([
      ['h/__proto__', '__proto__', false],
      ['h/__proto__', 'constructor', true],
      ['h/constructor', 'toString', false],
    ]);
    expect(compare.code).toBe(0);
  });

  it('one benchmark × metric reported twice in one invocation (a flipped direction) is refused, not "the last wins"', async () => {
    const dir = suiteDir(
      'json',
      printing([
        { name: 'rate', metric: 'throughput', unit: 'MB/s', value: 800, direction: 'higher' },
        { name: 'rate', metric: 'throughput', unit: 'MB/s', value: 80, direction: 'lower' },
        { name: 'other', metric: 'time', unit: 'ns', value: 100 },
      ]),
    );
    const run = await cli(dir, ['run', '--out', 'out']);
    expect(run.code).toBe(1);
    const results = byName(readJson<ResultsDoc>(path.join(dir, 'out', 'results.json')));
    expect(results.get('h')?.error).toContain('line 2: rate: a second "throughput" row (first at line 1)');
    expect(results.has('h/rate')).toBe(false);
    expect(results.get('h/other')?.status).toBe('ok');
  });
});

describe('a gated metric head broke fails the gate', () => {
  const fixture = readFileSync(
    path.join(repoRoot, '__tests__', 'fixtures', 'harness', 'google-benchmark', 'run.json'),
    'utf8',
  );
  /** BM_Knob as head writes it: real_time up 900%, cpu_time a string or the unit unknown. */
  const broken = (how: 'string' | 'unit'): string => {
    const doc = JSON.parse(fixture) as { benchmarks: Record<string, unknown>[] };
    const knob = doc.benchmarks.find((b) => b.name === 'BM_Knob') as Record<string, unknown>;
    knob.real_time = (knob.real_time as number) * 10;
    if (how === 'string') knob.cpu_time = String(knob.cpu_time);
    else knob.time_unit = 'parsecs';
    return JSON.stringify(doc, null, 2);
  };

  it.each(['string', 'unit'] as const)(
    'perfgate ab: head writes BM_Knob with a %s cpu_time: exit 1, the line and benchmark named',
    async (how) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-gbench-'));
      const git = (...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
      git('init', '-q');
      git('config', 'user.email', 'test@example.com');
      git('config', 'user.name', 'perfgate test');
      // The harness: writes out.json where --benchmark_out says, as Google Benchmark does.
      writeFileSync(
        path.join(dir, 'emit.sh'),
        'for a in "$@"; do case "$a" in --benchmark_out=*) cp out.json "${a#--benchmark_out=}";; esac; done\n',
      );
      writeFileSync(path.join(dir, 'out.json'), fixture);
      writeFileSync(
        path.join(dir, 'perfgate.yml'),
        'version: 1\ndefaults: { iterations: 3, warmup: 0, backend: time }\nbenchmarks:\n  - name: gb\n    run: sh emit.sh\n    format: google-benchmark\n',
      );
      writeFileSync(path.join(dir, '.gitignore'), '.perfgate/\n');
      git('add', '-A');
      git('commit', '-qm', 'base');
      writeFileSync(path.join(dir, 'out.json'), broken(how));
      git('commit', '-qam', 'head');
      const r = await cli(dir, ['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--no-profile', '--seed', '1']);
      const comparison = readJson<ComparisonDoc>(path.join(dir, '.perfgate', 'comparison.json'));
      expect(r.code).toBe(1);
      const line =
        broken(how)
          .split('\n')
          .findIndex((l) => l.includes('"BM_Knob"')) + 1;
      const problem = comparison.problems.find((p) => p.side === 'head' && p.benchmark === 'gb');
      expect(problem?.error).toMatch(
        new RegExp(
          `gb \\(google-benchmark, the file of --benchmark_out=FILE --benchmark_out_format=json\\): line ${line - 1}: BM_Knob: "${how === 'string' ? 'cpu_time" is "[0-9.e+]+": expected a number of ns' : 'time_unit" "parsecs": expected "ns", "us", "ms" or "s"'}`,
        ),
      );
      expect(comparison.summary.regressions).toBe(0); // no row pretends to judge it
    },
  );

  it('perfgate compare: a gated metric on base missing (or in another unit) on head fails that benchmark on head', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-lost-'));
    const samples = [100, 101, 99, 100, 102];
    const bench = (metrics: BenchmarkResult['metrics']): BenchmarkResult => ({
      name: 'gb/BM_Knob',
      status: 'ok',
      backend: 'time',
      threshold: { cpu_time: 0.03 },
      metrics,
      harness: { entry: 'gb', format: 'google-benchmark', name: 'BM_Knob' },
    });
    const write = (name: string, b: BenchmarkResult): string => {
      const file = path.join(dir, name);
      writeFileSync(
        file,
        JSON.stringify(resultsDoc([b], { fingerprint: { hard: { backend: 'time' }, soft: {} }, backend: 'time' })),
      );
      return file;
    };
    const base = write('base.json', bench({ cpu_time: { unit: 'ns', samples }, real_time: { unit: 'ns', samples } }));
    const lost = write('lost.json', bench({ real_time: { unit: 'ns', samples: samples.map((v) => v * 10) } }));
    const r = await cli(dir, ['compare', base, lost, '--out', 'out']);
    expect(r.code).toBe(1);
    const doc = readJson<ComparisonDoc>(path.join(dir, 'out', 'comparison.json'));
    expect(doc.problems).toEqual([
      {
        benchmark: 'gb/BM_Knob',
        side: 'head',
        status: 'failed',
        error:
          "gated metric 'cpu_time' is missing on head: it cannot be compared, so the benchmark fails rather than pass ungated",
      },
    ]);
    const unit = write('unit.json', bench({ cpu_time: { unit: 'ms', samples }, real_time: { unit: 'ns', samples } }));
    expect((await cli(dir, ['compare', base, unit, '--out', 'out2'])).code).toBe(1);
    expect(readJson<ComparisonDoc>(path.join(dir, 'out2', 'comparison.json')).problems[0]?.error).toContain(
      "gated metric 'cpu_time' is in ms on head, ns on base",
    );
    // Base without it is not head's fault: no problem, the gate passes.
    expect((await cli(dir, ['compare', lost, base, '--out', 'out3'])).code).toBe(0);
  });
});

describe('every harness parser is linear in its input', () => {
  // Inputs of 4 MB shaped against each parser (the helper says how). Quadratic parsing of the
  // first one took 27 s for 2 MB, so ~2 min here; linear parsing takes well under a second each.
  // No timing is asserted: the jest timeout catches a regression, and `node
  // scripts/bench-harness.mjs` prints the speed of each.
  const bytes = 4e6;
  let inputs: ReturnType<typeof adversarialInputs> | null = null;
  // Labels only in the table: jest formats each row's arguments, which for 4 MB strings alone
  // took longer than the parsing.
  it.each(adversarialInputs(1).map((a, i) => [a.label, i] as const))(
    '%s',
    (_label, i) => {
      inputs ??= adversarialInputs(bytes);
      const input = inputs[i] as (typeof inputs)[number];
      expect(input.text.length).toBeGreaterThan(bytes * 0.7);
      const parse = FORMATS[input.format].parse as (text: string) => HarnessReport;
      let outcome: string;
      try {
        const r = parse(input.text);
        outcome = `${r.benchmarks.length} benchmark(s), ${r.problems.length} problem(s)`;
      } catch (err) {
        expect(err).toBeInstanceOf(HarnessOutputError);
        outcome = 'refused';
      }
      expect(outcome).toMatch(/benchmark|refused/);
    },
    60_000,
  );
});
