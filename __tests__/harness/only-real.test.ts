/**
 * onlyArgv against the real harnesses: benchmarks with hostile names (regex metacharacters,
 * quotes, spaces, Catch2's `,` `[` `~` `*`), each harness run with the filter perfgate would
 * append for one of them, and its output read by perfgate's own parser: exactly that benchmark
 * ran. Nothing here is timed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCatch2 } from '../../src/measure/harness/catch2.js';
import { parseGoogleBenchmark } from '../../src/measure/harness/google-benchmark.js';
import { parseGoTest } from '../../src/measure/harness/go-test.js';
import { onlyArgv } from '../../src/measure/harness/only.js';
import { parsePytestBenchmark } from '../../src/measure/harness/pytest-benchmark.js';
import { haveGoogleBenchmark, haveTool } from '../helpers/tools.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'pg-only-'));

/** For each name: the names the harness reported when run with that name's filter. */
function ranAlone(names: string[], run: (name: string) => string[]): void {
  for (const name of names) expect({ name, ran: run(name) }).toEqual({ name, ran: [name] });
}

it('google-benchmark: --benchmark_filter runs exactly the named benchmark', () => {
  if (!haveGoogleBenchmark()) return;
  const dir = tmp();
  const names = ['BM_(a|b)+.*?[0-9]{2}^$', 'BM_q\'"s p', 'BM_x', 'BM_x/64', 'BM_x/64/real_time'];
  writeFileSync(
    path.join(dir, 'b.cc'),
    `#include <benchmark/benchmark.h>
static void work(benchmark::State& s) { for (auto _ : s) benchmark::DoNotOptimize(s.iterations()); }
int main(int argc, char** argv) {
  benchmark::RegisterBenchmark(${JSON.stringify(names[0])}, work);
  benchmark::RegisterBenchmark(${JSON.stringify(names[1])}, work);
  benchmark::RegisterBenchmark("BM_x", work);
  benchmark::RegisterBenchmark("BM_x", work)->Arg(64);
  benchmark::RegisterBenchmark("BM_x", work)->Arg(64)->UseRealTime();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
}
`,
  );
  execFileSync('g++', ['-O1', '-o', path.join(dir, 'b'), path.join(dir, 'b.cc'), '-lbenchmark', '-lpthread']);
  ranAlone(names, (name) => {
    const out = path.join(dir, 'out.json');
    execFileSync(
      path.join(dir, 'b'),
      ['--benchmark_min_time=0.001', `--benchmark_out=${out}`, ...onlyArgv('google-benchmark', name)!],
      { stdio: 'ignore' },
    );
    return parseGoogleBenchmark(readFileSync(out, 'utf8')).benchmarks.map((b) => b.name);
  });
}, 120_000);

it('go-test: -test.bench runs exactly the named sub-benchmark', () => {
  if (!haveTool(['go', 'version'], 'go (golang-go)')) return;
  const dir = tmp();
  const env = {
    ...process.env,
    GOPATH: path.join(dir, 'gopath'),
    GOCACHE: path.join(dir, 'gocache'),
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
  };
  writeFileSync(path.join(dir, 'go.mod'), 'module example.com/only\n\ngo 1.19\n');
  const subs = ['a.b(c)*[x]', 'size=64', 'size=640', 'x|y'];
  writeFileSync(
    path.join(dir, 'only_test.go'),
    `package only
import "testing"
var sink int
func BenchmarkGet(b *testing.B) {
	for _, name := range []string{${subs.map((s) => JSON.stringify(s)).join(', ')}} {
		b.Run(name, func(b *testing.B) { for i := 0; i < b.N; i++ { sink += i } })
	}
}
func BenchmarkGetAll(b *testing.B) { for i := 0; i < b.N; i++ { sink += i } }
`,
  );
  execFileSync('go', ['test', '-c', '-o', 'only.test', '.'], { cwd: dir, env });
  ranAlone([...subs.map((s) => `BenchmarkGet/${s}`), 'BenchmarkGetAll'], (name) =>
    parseGoTest(
      execFileSync(
        './only.test',
        ['-test.run', '^$', '-test.bench', '.', '-test.benchtime', '1x', ...onlyArgv('go-test', name)!],
        { cwd: dir, env, encoding: 'utf8' },
      ),
    ).benchmarks.map((b) => b.name),
  );
}, 300_000);

it('catch2: the escaped test case runs that test case alone, AND-ed with the spec in run', () => {
  if (!haveTool(['sh', '-c', 'test -f /usr/include/catch2/catch.hpp && g++ --version'], 'Catch2 2.x headers and g++'))
    return;
  const dir = tmp();
  const cases = ['~lead *star', '[tagish] x, y', 'a b', 'a', '!bang \'q\' "dq" \\ é'];
  writeFileSync(
    path.join(dir, 't.cpp'),
    `#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_ENABLE_BENCHMARKING
#include <catch2/catch.hpp>
${cases.map((c, i) => `TEST_CASE(${JSON.stringify(c)}, "[!benchmark]") { BENCHMARK("b${i}") { return ${i}; }; }`).join('\n')}
`,
  );
  execFileSync('g++', ['-O0', '-o', path.join(dir, 't'), path.join(dir, 't.cpp')]);
  ranAlone(
    cases.map((c, i) => `${c}/b${i}`),
    (name) => {
      const testCase = name.slice(0, name.lastIndexOf('/'));
      const args = onlyArgv('catch2', name, { context: { 'test-case': testCase } })!;
      const xml = execFileSync(
        path.join(dir, 't'),
        ['[!benchmark]', ...args, '--benchmark-samples', '2', '--benchmark-resamples', '10', '-r', 'xml'],
        { encoding: 'utf8' },
      );
      return parseCatch2(xml).benchmarks.map((b) => b.name);
    },
  );
}, 300_000);

it('pytest-benchmark: -k selects exactly the named test among substring siblings', () => {
  if (!haveTool(['/usr/bin/python3', '-c', 'import pytest_benchmark'], 'python3-pytest-benchmark')) return;
  const dir = tmp();
  writeFileSync(
    path.join(dir, 'test_x.py'),
    `import pytest
@pytest.mark.parametrize("n", [64, 128])
def test_enc(benchmark, n): benchmark(lambda: n)
def test_enc_fast(benchmark): benchmark(lambda: 1)
def test_enc_(benchmark): benchmark(lambda: 2)
class TestEnc:
    def test_enc(self, benchmark): benchmark(lambda: 3)
`,
  );
  const names = [
    'test_x.py::test_enc[64]',
    'test_x.py::test_enc[128]',
    'test_x.py::test_enc_fast',
    'test_x.py::test_enc_',
    'test_x.py::TestEnc::test_enc',
  ];
  ranAlone(names, (name) => {
    const out = path.join(dir, 'out.json');
    execFileSync(
      '/usr/bin/python3',
      [
        '-m',
        'pytest',
        '-q',
        '-p',
        'no:cacheprovider',
        'test_x.py',
        '--benchmark-min-rounds=1',
        '--benchmark-max-time=0.001',
        '--benchmark-warmup=off',
        `--benchmark-json=${out}`,
        ...onlyArgv('pytest-benchmark', name, { siblings: names })!,
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    return parsePytestBenchmark(readFileSync(out, 'utf8')).benchmarks.map((b) => b.name);
  });
}, 300_000);
