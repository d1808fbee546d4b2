import { parsePytestBenchmark } from '../../../src/measure/harness/pytest-benchmark.js';
import { fixture } from './fixture.js';

describe('parsePytestBenchmark', () => {
  it('reads 5.2.3 JSON: the median per call in ns, rounds as context', () => {
    const text = fixture('pytest-benchmark', 'run-5.2.3.json');
    const raw = JSON.parse(text) as { benchmarks: { stats: { median: number; rounds: number } }[] };
    const r = parsePytestBenchmark(text);
    expect(r.problems).toEqual([]);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['src/test_mix.py::test_steady', 'src/test_mix.py::test_knob']);
    expect(r.benchmarks[0]!.metrics.time).toEqual({
      unit: 'ns',
      value: raw.benchmarks[0]!.stats.median * 1e9,
      direction: 'lower',
    });
    expect(r.benchmarks[0]!.context.rounds).toBe(raw.benchmarks[0]!.stats.rounds);
  });

  it('reads Debian 3.2.2 the same way', () => {
    const r = parsePytestBenchmark(fixture('pytest-benchmark', 'run-3.2.2.json'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['src/test_mix.py::test_steady', 'src/test_mix.py::test_knob']);
    expect(r.benchmarks[1]!.metrics.time!.value).toBeGreaterThan(0);
  });

  it('a truncated file keeps the complete benchmarks', () => {
    const text = fixture('pytest-benchmark', 'run-5.2.3.json');
    const r = parsePytestBenchmark(text.slice(0, text.indexOf('test_knob') + 5));
    expect(r.benchmarks).toHaveLength(1);
    expect(r.problems).toEqual(['file cut off after 1 complete benchmark(s)']);
  });

  it('a file without benchmarks names the flag', () => {
    expect(() => parsePytestBenchmark('{"machine_info": {}}')).toThrow(
      /pytest-benchmark output not understood: no "benchmarks" array.*--benchmark-json=FILE/,
    );
  });
});
