/**
 * init's estimate of how many benchmarks one invocation runs, which sets its time per benchmark:
 * Google Benchmark registrations in the shapes real projects use (snappy_benchmark.cc's:
 * `->Apply(FilesAndLevels)`, `->DenseRange(0, 4)`, plain `BENCHMARK(x)`) and pytest-benchmark
 * tests, counted here by hand.
 */
import { googleBenchmarkCost, pytestBenchmarkCost } from '../../src/suite/detect.js';

describe('googleBenchmarkCost', () => {
  it('counts plain registrations, literal dense ranges exactly, code-made tables as 5', () => {
    const source = [
      'static void BM_UFlat(benchmark::State& state) {}',
      'BENCHMARK(BM_UFlat)->Apply(FilesAndLevels);', // 5: the table is code
      'BENCHMARK(BM_UFlatMedley);', // 1
      'BENCHMARK(BM_UIOVecSink)->DenseRange(0, 4);', // 5: 0..4
      'BENCHMARK(BM_ZFlatAll)->DenseRange(1, 2);', // 2
      'BENCHMARK(BM_Step)->DenseRange(0, 10, 5);', // 3: 0, 5, 10
      'BENCHMARK(BM_Args)->Arg(8)->Arg(64)->Arg(512);', // 3
      'BENCHMARK(BM_Range)', // 5, over two lines
      '    ->Range(8, 8 << 10);',
      'BENCHMARK_TEMPLATE(BM_T, int);', // 1
      'BENCHMARK_DEFINE_F(Fix, Run)(benchmark::State& st) {}', // defines only: 0
      'BENCHMARK_REGISTER_F(Fix, Run)->Args({1, 2})->Args({3, 4});', // 2
      'BENCHMARK_CAPTURE(BM_C, small, 8);', // 1
      '// BENCHMARK(BM_Commented); is text after code on the line: not at a line start',
      'int x = 1; BENCHMARK(BM_NotAtStart);',
      'BENCHMARK_MAIN();', // 0
    ].join('\n');
    expect(googleBenchmarkCost(source)).toEqual({ benchmarks: 5 + 1 + 5 + 2 + 3 + 3 + 5 + 1 + 2 + 1, guessed: 2 });
  });

  it('a chain without its ";" is read within a bounded window, and nothing at all counts 0', () => {
    expect(googleBenchmarkCost('')).toEqual({ benchmarks: 0, guessed: 0 });
    expect(googleBenchmarkCost('#include <benchmark/benchmark.h>\n').benchmarks).toBe(0);
    expect(googleBenchmarkCost('BENCHMARK(BM_A)\n' + 'x'.repeat(5000) + '->Range(1, 8);')).toEqual({
      benchmarks: 1,
      guessed: 0,
    });
    // A hostile file of many open registrations stays quick (each is read 2000 characters at most).
    const many = 'BENCHMARK(BM_A)->Arg(1)\n'.repeat(20_000);
    expect(googleBenchmarkCost(many).benchmarks).toBeGreaterThan(20_000);
  });
});

describe('pytestBenchmarkCost', () => {
  it('counts each test taking the benchmark fixture once, a parametrized one as 5', () => {
    const source = [
      'import pytest',
      '',
      'def test_plain(benchmark):', // 1
      '    benchmark(sum, [1, 2])',
      '',
      '@pytest.mark.parametrize("n", [10, 100, 1000])',
      'def test_sizes(benchmark, n):', // 5: the table is data
      '    benchmark(sum, range(n))',
      '',
      'def test_not_a_benchmark(tmp_path):', // 0
      '    assert True',
      '',
      'class TestGroup:',
      '    def test_method(self, benchmark):', // 1: the decorator above belongs to test_sizes
      '        benchmark(sorted, [3, 1])',
      '',
      '    @pytest.mark.parametrize("k", ["a", "b"])',
      '    def test_keys(self, k, benchmark):', // 5
      '        benchmark(str.upper, k)',
    ].join('\n');
    expect(pytestBenchmarkCost(source)).toEqual({ benchmarks: 1 + 5 + 1 + 5, guessed: 2 });
    expect(pytestBenchmarkCost('def helper(benchmark):\n    pass\n')).toEqual({ benchmarks: 0, guessed: 0 });
  });
});
