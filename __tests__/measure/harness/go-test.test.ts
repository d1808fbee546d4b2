import { parseGoTest } from '../../../src/measure/harness/go-test.js';
import { HarnessOutputError } from '../../../src/measure/harness/harness-report.js';
import { fixture } from './fixture.js';

describe('parseGoTest', () => {
  it('reads ns/op, MB/s (higher), B/op, allocs/op and custom units of go 1.19', () => {
    const r = parseGoTest(fixture('go-test', 'run.txt'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['BenchmarkSteady', 'BenchmarkKnob', 'BenchmarkAlloc']);
    expect(r.benchmarks[1]).toEqual({
      name: 'BenchmarkKnob',
      metrics: {
        time: { unit: 'ns', value: 9144, direction: 'lower' },
        throughput: { unit: 'MB/s', value: 3499.4, direction: 'higher' },
      },
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
    const text = fixture('go-test', 'run.txt').replace(
      /BenchmarkAlloc.*\n/,
      'panic: runtime error: index out of range [3] with length 3\n',
    );
    const r = parseGoTest(text);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['BenchmarkSteady', 'BenchmarkKnob']);
    expect(r.problems).toEqual(['line 7: panic: runtime error: index out of range [3] with length 3']);
  });

  it('no result lines is an error naming the format and the expected line', () => {
    expect(() => parseGoTest('PASS\nok  \texample.com/mix\t0.01s\n')).toThrow(HarnessOutputError);
    expect(() => parseGoTest('PASS\n')).toThrow(
      /go-test output not understood: no benchmark result lines .*BenchmarkX-8/,
    );
  });
});

describe('parseGoTest refuses impossible or ambiguous lines, naming them', () => {
  it('a zero or unreadable ns/op refuses the benchmark; 0 B/op and 0 allocs/op are real', () => {
    const r = parseGoTest(
      [
        'BenchmarkZero-2   \t 1000000000\t         0 ns/op',
        'BenchmarkDots-2   \t    1000\t      1.2.3 ns/op',
        'BenchmarkFine-2   \t    1000\t      9144 ns/op\t       0 B/op\t       0 allocs/op',
        'PASS',
      ].join('\n'),
    );
    expect(r.benchmarks.map((b) => [b.name, b.metrics.time?.value, b.metrics.bytes?.value])).toEqual([
      ['BenchmarkFine', 9144, 0],
    ]);
    expect(r.problems).toEqual([
      'line 1: BenchmarkZero: "0 ns/op": expected a positive time',
      'line 2: BenchmarkDots: "1.2.3 ns/op": expected a finite number',
    ]);
  });

  it('-cpu 1,2 lines (one name, two GOMAXPROCS) are refused, -count lines are repetitions', () => {
    const r = parseGoTest(
      [
        'BenchmarkA-1   \t 100\t 10 ns/op',
        'BenchmarkA-2   \t 100\t 6 ns/op',
        'BenchmarkB-2   \t 100\t 10 ns/op',
        'BenchmarkB-2   \t 100\t 12 ns/op',
      ].join('\n'),
    );
    expect(r.benchmarks.map((b) => [b.name, b.metrics.time?.value, b.context.count])).toEqual([['BenchmarkB', 11, 2]]);
    expect(r.problems).toEqual([
      'line 2: BenchmarkA: reported with GOMAXPROCS 2 and 1 (line 1): run one -cpu value per suite entry',
    ]);
  });
});
