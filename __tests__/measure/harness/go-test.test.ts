import { parseGoTest } from '../../../src/measure/harness/go-test.js';
import { HarnessOutputError } from '../../../src/measure/harness/types.js';
import { fixture } from './fixture.js';

describe('parseGoTest', () => {
  it('reads ns/op, MB/s (higher), B/op, allocs/op and custom units of go 1.19', () => {
    const r = parseGoTest(fixture('go-test', 'run.txt'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['BenchmarkSteady', 'BenchmarkKnob', 'BenchmarkAlloc']);
    expect(r.benchmarks[1]).toEqual({
      name: 'BenchmarkKnob',
      metrics: { time: { unit: 'ns', value: 9144, direction: 'lower' }, throughput: { unit: 'MB/s', value: 3499.4, direction: 'higher' } },
      context: { count: 1, iterations: 26708, gomaxprocs: 2 },
    });
    expect(r.benchmarks[2]!.metrics).toEqual({
      time: { unit: 'ns', value: 55.29, direction: 'lower' },
      'widgets-per-op': { unit: 'widgets/op', value: 42, direction: 'lower' },
      bytes: { unit: 'B', value: 78, direction: 'lower' },
      allocs: { unit: 'count', value: 1, direction: 'lower' },
    });
  });

  it('-count 3: the three lines of one invocation become their median', () => {
    const steady = parseGoTest(fixture('go-test', 'count3.txt')).benchmarks[0]!;
    expect(steady.metrics.time?.value).toBe(9497); // of 9497, 4369, 9872
    expect(steady.context.count).toBe(3);
  });

  it('a panic mid-way keeps the lines before it and reports the panic', () => {
    const text = fixture('go-test', 'run.txt').replace(/BenchmarkAlloc.*\n/, 'panic: runtime error: index out of range [3] with length 3\n');
    const r = parseGoTest(text);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['BenchmarkSteady', 'BenchmarkKnob']);
    expect(r.problems).toEqual(['line 7: panic: runtime error: index out of range [3] with length 3']);
  });

  it('no result lines is an error naming the format and the expected line', () => {
    expect(() => parseGoTest('PASS\nok  \texample.com/mix\t0.01s\n')).toThrow(HarnessOutputError);
    expect(() => parseGoTest('PASS\n')).toThrow(/go-test output not understood: no benchmark result lines .*BenchmarkX-8/);
  });
});
