/**
 * `perfgate init` on throwaway repositories: what it finds, what it says it could not decide,
 * and that the suite it writes loads and (for a Go module) really runs.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/commands/dispatch.js';
import { loadSuite } from '../../src/suite/load.js';
import { perfgate } from '../helpers/cli.js';
import { harnessSrc } from '../helpers/harness-repo.js';
import { haveTool } from '../helpers/tools.js';
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../helpers/paths.js';

async function runInit(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['init', ...args], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: new PassThrough(),
    cwd: dir,
    env: {},
    isTTY: false,
  });
  return { code, out, err };
}

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-init-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('perfgate init', () => {
  it('finds each harness, writes a suite that loads and the workflow, and says what it could not decide', async () => {
    const dir = repo({
      'CMakeLists.txt':
        'find_package(benchmark REQUIRED)\nfind_package(Catch2 REQUIRED)\nadd_executable(bench_copy bench/copy.cc)\ntarget_link_libraries(bench_copy PRIVATE benchmark::benchmark)\nadd_executable(tests tests.cpp)\ntarget_link_libraries(tests Catch2::Catch2)\n',
      'go.mod': 'module example.com/x\n\ngo 1.19\n',
      'pkg/parse/parse_test.go': 'package parse\n\nimport "testing"\n\nfunc BenchmarkParse(b *testing.B) {}\n',
      'pkg/other/other_test.go': 'package other\n\nimport "testing"\n\nfunc TestOther(t *testing.T) {}\n',
      'rust/Cargo.toml':
        '[package]\nname = "r"\n\n[dev-dependencies]\ncriterion = "0.3"\n\n[[bench]]\nname = "codec"\nharness = false\n',
      'py/tests/test_speed.py': 'def test_speed(benchmark):\n    benchmark(sum, [1, 2])\n',
      'package.json': '{"scripts": {"bench": "node bench.js", "test": "jest"}}',
      Makefile: 'bench: bench.c\n\tcc -o bench bench.c -lbenchmark\n',
    });
    const r = await runInit(dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'found: bench_copy: google-benchmark (CMakeLists.txt: target bench_copy links Google Benchmark)',
    );
    expect(r.out).toContain('found: tests: catch2 (CMakeLists.txt: target tests links Catch2)');
    expect(r.out).toContain('found: go/pkg/parse: go-test');
    expect(r.out).not.toContain('pkg/other');
    expect(r.out).toContain('found: rust/codec: criterion (rust/Cargo.toml: [[bench]] codec with criterion)');
    expect(r.out).toContain('found: py/py/tests: pytest-benchmark');
    expect(r.out).toContain('found: npm/bench: plain command');
    expect(r.out).toContain(
      'could not decide: package.json script "bench": its output format could not be decided, so it is timed as a whole',
    );
    expect(r.out).toContain(
      "could not decide: Makefile links -lbenchmark, but which binary it builds could not be decided: fill in 'run' of the entry",
    );
    // bench/copy.cc is not in the repository: nothing to count, so no time is chosen, and it says so.
    expect(r.out).toContain(
      "could not decide: bench_copy: its BENCHMARK registrations could not be counted in bench/copy.cc: each benchmark runs Google Benchmark's default 0.5 s; add --benchmark_min_time or --benchmark_filter to 'run' if one ab takes too long",
    );
    const suite = await loadSuite(path.join(dir, 'perfgate.yml'));
    const byName = new Map(suite.benchmarks.map((b) => [b.name, b]));
    expect(byName.get('bench_copy')).toMatchObject({
      run: './build/bench_copy',
      harness: { format: 'google-benchmark', output: null },
    });
    expect(byName.get('rust/codec')).toMatchObject({
      run: 'cargo bench --bench codec',
      cwd: path.join(dir, 'rust'),
      harness: { format: 'criterion' },
    });
    // The test binary is built once in setup and run in its package folder, as go test runs it.
    expect(byName.get('go/pkg/parse')).toMatchObject({
      run: "../../bin/go-pkg-parse.test -test.run '^$' -test.bench . -test.benchtime 500ms",
      cwd: path.join(dir, 'pkg', 'parse'),
    });
    expect(suite.setup).toBe(
      'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j --target bench_copy tests && make -C . && go test -c -o bin/go-pkg-parse.test ./pkg/parse',
    );
    // Profiles on, so the first ab says why.
    expect(suite.benchmarks.every((b) => b.profile)).toBe(true);
    const text = readFileSync(path.join(dir, 'perfgate.yml'), 'utf8');
    expect(text).toContain('# TODO: the benchmark binary this Makefile builds');
    const workflow = readFileSync(path.join(dir, '.github', 'workflows', 'perfgate.yml'), 'utf8');
    expect(workflow).toContain(
      'sudo apt-get install -y -qq linux-tools-common "linux-tools-$(uname -r)" libbenchmark-dev catch2 python3-pytest-benchmark',
    );
    expect(workflow).toContain('uses: actions/setup-go@v5');
    expect(workflow).toContain('uses: perfgate/perfgate@v0');
  });

  it('a CMake project with Google Benchmark vendored as a submodule (the shape of snappy): only the own target of the project, built alone, the submodule said skipped', async () => {
    const dir = repo({
      '.gitmodules':
        '[submodule "third_party/benchmark"]\n\tpath = third_party/benchmark\n\turl = https://github.com/google/benchmark.git\n[submodule "third_party/googletest"]\n\tpath = third_party/googletest\n\turl = https://github.com/google/googletest.git\n',
      'CMakeLists.txt':
        'project(Snappy)\noption(SNAPPY_BUILD_TESTS "Build tests" ON)\noption(SNAPPY_BUILD_BENCHMARKS "Build benchmarks" OFF)\nif(SNAPPY_BUILD_BENCHMARKS)\n  add_subdirectory("third_party/benchmark" EXCLUDE_FROM_ALL)\n  add_executable(snappy_benchmark "")\n  target_sources(snappy_benchmark PRIVATE "snappy_benchmark.cc")\n  target_link_libraries(snappy_benchmark snappy snappy_test_support benchmark_main)\nendif()\n',
      'third_party/benchmark/CMakeLists.txt':
        'add_library(benchmark src/benchmark.cc)\nadd_executable(benchmark_main_test t.cc)\ntarget_link_libraries(benchmark_main_test benchmark::benchmark_main)\n',
      'third_party/benchmark/test/CMakeLists.txt': 'target_link_libraries(output_test_helper benchmark::benchmark)\n',
      'third_party/googletest/CMakeLists.txt': 'add_library(gtest src/gtest.cc)\n',
      'tools/bench/CMakeLists.txt': 'target_link_libraries(tool_bench PRIVATE Catch2::Catch2WithMain)\n',
      // snappy_benchmark.cc's registration shapes: five over a table made in code (counted 5
      // each), a dense range of 5, two of 2, two single ones: 36 benchmarks estimated.
      'snappy_benchmark.cc': [
        ...['BM_UFlat', 'BM_UValidate', 'BM_UIOVecSource', 'BM_UFlatSink', 'BM_ZFlat'].map(
          (b) => `BENCHMARK(${b})->Apply(FilesAndLevels);`,
        ),
        'BENCHMARK(BM_UIOVecSink)->DenseRange(0, 4);',
        'BENCHMARK(BM_ZFlatAll)->DenseRange(1, 2);',
        'BENCHMARK(BM_ZFlatIncreasingTableSize)->DenseRange(1, 2);',
        'BENCHMARK(BM_UFlatMedley);',
        'BENCHMARK(BM_UValidateMedley);',
        '',
      ].join('\n'),
    });
    const r = await runInit(dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain("skipped third_party/benchmark: a git submodule (.gitmodules), another project's code");
    expect(r.out).toContain("skipped third_party/googletest: a git submodule (.gitmodules), another project's code");
    const found = r.out.split('\n').filter((l) => l.startsWith('found: '));
    expect(found).toEqual([
      'found: snappy_benchmark: google-benchmark (CMakeLists.txt: target snappy_benchmark links Google Benchmark; about 36 benchmark(s) registered in snappy_benchmark.cc (5 argument table(s) made in code counted as 5 each; `./build/snappy_benchmark --benchmark_list_tests` lists them); at --benchmark_min_time=0.1 about 5.4 s an invocation, 3.8 min of benchmarks for one `perfgate ab` at 20 pairs (narrow --benchmark_filter to cut it))',
      'found: tool_bench: catch2 (tools/bench/CMakeLists.txt: target tool_bench links Catch2)',
    ]);
    const suite = await loadSuite(path.join(dir, 'perfgate.yml'));
    // One configure from the top-level list, the option that creates the target switched on,
    // only the harness targets built; a nested list's binary is in the build tree's mirror of it.
    expect(suite.setup).toBe(
      'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSNAPPY_BUILD_BENCHMARKS=ON && cmake --build build -j --target snappy_benchmark tool_bench',
    );
    // The workflow's checkout brings the submodules the build needs.
    expect(readFileSync(path.join(dir, '.github', 'workflows', 'perfgate.yml'), 'utf8')).toContain(
      'with: { fetch-depth: 0, submodules: recursive }',
    );
    // Google Benchmark's 0.5 s per benchmark would make one ab of 36 benchmarks ~19 min: 0.1 s
    // keeps it under 5 (36 × 0.1 s × 1.5 ramp-up × 42 invocations = 3.8 min), and the comment says so.
    expect(suite.benchmarks.map((b) => b.run)).toEqual([
      './build/snappy_benchmark --benchmark_min_time=0.1',
      './build/tools/bench/tool_bench "[!benchmark]"',
    ]);
    expect(readFileSync(path.join(dir, 'perfgate.yml'), 'utf8')).toContain(
      '# CMakeLists.txt: target snappy_benchmark links Google Benchmark; about 36 benchmark(s) registered',
    );
  });

  it('pytest-benchmark: one entry for a folder and its subfolders (pytest collects both), a max time from the tests counted', async () => {
    const tests = Array.from({ length: 8 }, (_, i) => `def test_t${i}(benchmark):\n    benchmark(sum, [${i}])\n`).join(
      '\n',
    );
    const dir = repo({
      'tests/test_a.py': tests,
      'tests/sub/test_b.py':
        'import pytest\n\n@pytest.mark.parametrize("n", [1, 10, 100])\ndef test_sizes(benchmark, n):\n    benchmark(sum, range(n))\n',
      'other/test_c.py': 'def test_c(benchmark):\n    benchmark(sum, [1])\n',
    });
    const r = await runInit(dir);
    expect(r.code).toBe(0);
    const suite = await loadSuite(path.join(dir, 'perfgate.yml'));
    // 8 + 5 (parametrized) + 1 = 14 benchmarks: 14 × 0.2 s × 1.5 × 42 invocations = 2.9 min, where
    // 0.5 s would be 7.4 min.
    expect(suite.benchmarks.map((b) => [b.name, b.run])).toEqual([
      ['py/other', 'python3 -m pytest -q other --benchmark-only --benchmark-max-time=0.2'],
      ['py/tests', 'python3 -m pytest -q tests --benchmark-only --benchmark-max-time=0.2'],
    ]);
    expect(r.out).toContain(
      'found: py/tests: pytest-benchmark (tests: about 13 benchmark(s) from tests that take the benchmark fixture (1 parametrized test(s) counted as 5 each); at --benchmark-max-time=0.2 about 3.9 s an invocation, 2.7 min of benchmarks for one `perfgate ab` at 20 pairs (narrow the tests with -k to cut it))',
    );
  });

  it('a Go package with many benchmarks gets a shorter benchtime, and the comment says what one ab costs', async () => {
    const funcs = Array.from({ length: 40 }, (_, i) => `func BenchmarkB${i}(b *testing.B) {}\n`).join('');
    const dir = repo({
      'go.mod': 'module example.com/x\n\ngo 1.19\n',
      'x_test.go': `package x\n\nimport "testing"\n\n${funcs}`,
    });
    const r = await runInit(dir);
    expect(r.code).toBe(0);
    const suite = await loadSuite(path.join(dir, 'perfgate.yml'));
    // 40 × 100 ms × 1.5 (go's ramp-up) = 6 s an invocation; 42 invocations (20 pairs and a warm-up pair) = 4.2 min ≤ 5.
    expect(suite.benchmarks[0]?.run).toBe("./bin/go-root.test -test.run '^$' -test.bench . -test.benchtime 100ms");
    expect(readFileSync(path.join(dir, 'perfgate.yml'), 'utf8')).toContain(
      '# .: 40 Benchmark function(s) in *_test.go; at -test.benchtime 100ms about 6.0 s an invocation, 4.2 min of benchmarks for one `perfgate ab` at 20 pairs (narrow -test.bench to cut it)',
    );
    expect(r.out).toContain('next:\n  1. perfgate run');
    // b.Run sub-benchmarks take a benchtime each: two functions with them count as ten
    // (10 × 500 ms × 1.5 × 42 = 5.3 min > 5), so 200 ms.
    const sub = repo({
      'go.mod': 'module example.com/y\n\ngo 1.19\n',
      'y_test.go':
        'package y\n\nimport "testing"\n\nfunc BenchmarkA(b *testing.B) {\n\tfor _, n := range []int{1, 2} {\n\t\tb.Run("x", func(b *testing.B) {})\n\t}\n}\nfunc BenchmarkB(b *testing.B) {\n\tb.Run("y", func(b *testing.B) {})\n}\n',
    });
    expect((await runInit(sub)).out).toContain(
      'found: go/root: go-test (.: 2 Benchmark function(s) in *_test.go (with b.Run sub-benchmarks, counted as 5 each); at -test.benchtime 200ms',
    );
  });

  it('writes the nightly workflow: a schedule, a baseline with a time budget that confirms and bisects steps, only inputs the action has', async () => {
    const dir = repo({
      'go.mod': 'module example.com/x\n\ngo 1.19\n',
      'p/p_test.go': 'package p\n\nimport "testing"\n\nfunc BenchmarkP(b *testing.B) {}\n',
    });
    const r = await runInit(dir);
    expect(r.out).toContain('wrote .github/workflows/perfgate-nightly.yml: nightly history');
    type Step = { uses?: string; run?: string; with?: Record<string, string | number> };
    const nightly = parseYaml(readFileSync(path.join(dir, '.github', 'workflows', 'perfgate-nightly.yml'), 'utf8')) as {
      on: { schedule: { cron: string }[] };
      permissions: Record<string, string>;
      jobs: { nightly: { steps: Step[] } };
    };
    expect(nightly.on.schedule[0]!.cron).toMatch(/^\d+ \d+ \* \* \*$/);
    expect(nightly.permissions).toMatchObject({ contents: 'write', issues: 'write' });
    const steps = nightly.jobs.nightly.steps;
    expect(steps[0]).toEqual({ uses: 'actions/checkout@v4' });
    expect(steps.some((s) => s.uses === 'actions/setup-go@v5')).toBe(true);
    const gate = steps.find((s) => s.uses === 'perfgate/perfgate@v0')!;
    expect(gate.with).toEqual({ suite: 'perfgate.yml', mode: 'baseline', 'time-budget': '60m' });
    // Every input either workflow sets is one action.yml declares.
    const declared = Object.keys(
      (parseYaml(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: object }).inputs,
    );
    const perf = parseYaml(readFileSync(path.join(dir, '.github', 'workflows', 'perfgate.yml'), 'utf8')) as {
      jobs: { perf: { steps: Step[] } };
    };
    for (const s of [...steps, ...perf.jobs.perf.steps].filter((x) => x.uses === 'perfgate/perfgate@v0'))
      for (const key of Object.keys(s.with ?? {})) expect(declared).toContain(key);
  });

  it('an empty repository: says so and still writes a suite that loads', async () => {
    const dir = repo({ 'README.md': '# nothing\n' });
    const r = await runInit(dir);
    expect(r.out).toContain('found no benchmarks perfgate recognises');
    await expect(loadSuite(path.join(dir, 'perfgate.yml'))).resolves.toMatchObject({
      benchmarks: [{ name: 'example' }],
    });
  });

  it('directory names with a newline, quotes, colons, # and a leading - stay names and words: no extra entry, no extra key', async () => {
    const dirs = ['x\n  - name: evil\n    run: touch pwned', 'it\'s "q"', 'a: b', 'c #d', '-lead', '$(touch pwned)'];
    const dir = repo(
      Object.fromEntries(
        dirs.map((d) => [`${d}/test_speed.py`, 'def test_speed(benchmark):\n    benchmark(sum, [1, 2])\n']),
      ),
    );
    const r = await runInit(dir);
    expect([r.code, r.err]).toEqual([0, '']);
    const suite = await loadSuite(path.join(dir, 'perfgate.yml'));
    expect(suite.benchmarks).toHaveLength(dirs.length);
    expect(suite.benchmarks.map((b) => b.name)).not.toContain('evil');
    // Each run is the pytest command with the directory as one shell word: sh gives it back verbatim.
    const words = suite.benchmarks.map((b) => {
      const m = /^python3 -m pytest -q (.*) --benchmark-only --benchmark-max-time=0\.5$/s.exec(b.run);
      expect([b.name, m]).toEqual([b.name, expect.anything()]);
      return execFileSync('/bin/sh', ['-c', `printf '%s' ${m![1]}`], { cwd: dir, encoding: 'utf8' });
    });
    // A leading - is kept from reading as an option: ./-lead.
    expect(words.sort()).toEqual(dirs.map((d) => (d.startsWith('-') ? `./${d}` : d)).sort());
    expect(readdirSync(dir)).not.toContain('pwned');
    // The finding's comment is one line, the newline shown escaped, on the terminal too.
    const text = readFileSync(path.join(dir, 'perfgate.yml'), 'utf8');
    const why = 'x\\n  - name: evil\\n    run: touch pwned: 1 benchmark(s) from tests that take the benchmark fixture';
    expect(text).toContain(`  # ${why}; at --benchmark-max-time=0.5 about`);
    expect(r.out).toContain(`(${why}; at --benchmark-max-time=0.5 about`);
    // The comments init writes are still there.
    expect(text).toMatch(/^# perfgate suite, written by `perfgate init`/);
    expect(text).toContain('  iterations: 20 # invocations per side');
    expect(text).toContain('  # threshold: { cpu_time: 3%, time: 3% }');
  });

  it('refuses to overwrite an existing perfgate.yml without --force', async () => {
    const dir = repo({ 'perfgate.yml': 'version: 1\n' });
    const r = await runInit(dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('perfgate.yml exists; pass --force to overwrite it');
    expect(readFileSync(path.join(dir, 'perfgate.yml'), 'utf8')).toBe('version: 1\n');
  });

  it('a --dir it cannot write to: exit 2 naming the folder, the file and what was expected; nothing half-written', async () => {
    const dir = repo({
      'go.mod': 'module example.com/x\n\ngo 1.19\n',
      'p/p_test.go': 'package p\n\nimport "testing"\n\nfunc BenchmarkP(b *testing.B) {}\n',
    });
    const ro = path.join(dir, 'ro');
    mkdirSync(ro);
    writeFileSync(path.join(ro, 'go.mod'), 'module example.com/ro\n');
    chmodSync(ro, 0o555);
    // Root writes through mode bits: an immutable folder refuses root too.
    const root = process.getuid?.() === 0;
    if (root) execFileSync('chattr', ['+i', ro]);
    try {
      const r = await runInit(dir, '--dir', 'ro');
      expect([r.code, r.err]).toEqual([
        2,
        `perfgate init: --dir ro: cannot write ${path.join(ro, 'perfgate.yml')} (${root ? 'EPERM' : 'EACCES'}): expected a directory you can write to, where init puts perfgate.yml and .github/workflows/\n`,
      ]);
      expect(readdirSync(ro)).toEqual(['go.mod']);
    } finally {
      if (root) execFileSync('chattr', ['-i', ro]);
      chmodSync(ro, 0o755);
    }
  });

  it('the suite it writes for a Go module runs for real', () => {
    if (!haveTool(['go', 'version'], 'go (golang-go)')) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-init-go-'));
    cpSync(harnessSrc('go-test'), dir, { recursive: true });
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-go-'));
    const env = {
      ...process.env,
      GOFLAGS: '-mod=mod',
      GOPATH: path.join(tmp, 'gopath'),
      GOCACHE: path.join(tmp, 'gocache'),
      GOPROXY: 'off',
    };
    expect(perfgate(['init'], { cwd: dir, env }).code).toBe(0);
    const r = perfgate(['run', '--iterations', '2', '--out', '.perfgate'], { cwd: dir, env, timeoutMs: 300_000 });
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(dir, '.perfgate', 'results.json'), 'utf8')) as {
      benchmarks: { name: string; status: string }[];
    };
    expect(doc.benchmarks.map((b) => `${b.name}:${b.status}`)).toEqual([
      'go/root:ok',
      'go/root/BenchmarkSteady:ok',
      'go/root/BenchmarkKnob:ok',
      'go/root/BenchmarkAlloc:ok',
    ]);
  }, 300_000);

  it('a Go module nested in another (its own go.mod) runs inside it, where go test finds its package', () => {
    if (!haveTool(['go', 'version'], 'go (golang-go)')) return;
    // Like github.com/cespare/xxhash: benchmarks at the root and in xxhashbench/, a module of its own.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-init-go-nested-'));
    cpSync(harnessSrc('go-test'), dir, { recursive: true });
    cpSync(harnessSrc('go-test'), path.join(dir, 'nested'), { recursive: true });
    writeFileSync(path.join(dir, 'nested', 'go.mod'), 'module example.com/nested\n\ngo 1.19\n');
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-go-'));
    const env = {
      ...process.env,
      GOFLAGS: '-mod=mod',
      GOPATH: path.join(tmp, 'gopath'),
      GOCACHE: path.join(tmp, 'gocache'),
      GOPROXY: 'off',
    };
    const init = perfgate(['init'], { cwd: dir, env });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(
      'found: go/nested: go-test (nested: 3 Benchmark function(s) in *_test.go (module nested/go.mod); at -test.benchtime 500ms about 2.3 s an invocation',
    );
    const r = perfgate(['run', '--iterations', '1', '--filter', '^go/nested', '--out', '.perfgate'], {
      cwd: dir,
      env,
      timeoutMs: 300_000,
    });
    expect([r.code, r.stderr]).toEqual([0, expect.any(String)]);
    const doc = JSON.parse(readFileSync(path.join(dir, '.perfgate', 'results.json'), 'utf8')) as {
      benchmarks: { name: string; status: string }[];
    };
    expect(doc.benchmarks.map((b) => `${b.name}:${b.status}`)).toEqual([
      'go/nested:ok',
      'go/nested/BenchmarkSteady:ok',
      'go/nested/BenchmarkKnob:ok',
      'go/nested/BenchmarkAlloc:ok',
    ]);
  }, 300_000);
});
