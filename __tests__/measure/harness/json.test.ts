import { parseJsonMetrics } from '../../../src/measure/harness/json.js';
import { fixture } from './fixture.js';

describe('parseJsonMetrics (perfgate json format)', () => {
  it('JSON Lines: rows grouped by name, values → median, direction kept', () => {
    const r = parseJsonMetrics(fixture('json', 'lines.jsonl'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks).toEqual([
      {
        name: 'parse/large',
        metrics: {
          throughput: { unit: 'MB/s', value: 812.5, direction: 'higher' },
          time: { unit: 'ns', value: 1201, direction: 'lower' },
        },
        context: { 'time-repetitions': 3 },
      },
      { name: 'parse/small', metrics: { time: { unit: 'ns', value: 88.1, direction: 'lower' } }, context: {} },
    ]);
  });

  it('an array works the same', () => {
    expect(
      parseJsonMetrics('[{"name": "a", "metric": "m", "unit": "ms", "value": 2}]').benchmarks[0]!.metrics.m,
    ).toEqual({ unit: 'ms', value: 2, direction: 'lower' });
  });

  it('a program that died mid-line keeps the rows before and names the broken line', () => {
    const r = parseJsonMetrics(fixture('json', 'truncated.jsonl'));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['parse/large']);
    expect(r.problems).toEqual(['line 2 is not a JSON row: "{\\"name\\": \\"parse/small\\", \\"metric\\": \\"ti"']);
  });

  it('bad rows say what was expected', () => {
    const r = parseJsonMetrics(
      '{"name": "a", "metric": "m", "unit": "ns", "value": 1}\n{"name": "b", "metric": "m/s", "unit": "x", "value": 1}\n{"name": "c", "metric": "m", "unit": "x", "value": 1, "direction": "up"}\n{"name": "d", "metric": "m", "unit": "x"}\n',
    );
    expect(r.problems).toEqual([
      'line 2: bad "metric" "m/s" (letters, digits, . _ - only)',
      'line 3: "direction" "up": expected "lower" or "higher"',
      'line 4: no numeric "value" or "values"',
    ]);
    expect(() => parseJsonMetrics('')).toThrow(/json output not understood: empty output; expected JSON rows/);
  });
});

describe('parseJsonMetrics refuses impossible values and duplicate rows, naming the line', () => {
  it('negative values and zero times, in JSON Lines and in an array', () => {
    const lines = parseJsonMetrics(
      '{"name": "a", "metric": "time", "unit": "ns", "values": [5, -1]}\n{"name": "b", "metric": "time", "unit": "ns", "value": 0}\n{"name": "c", "metric": "errors", "unit": "count", "value": 0}\n',
    );
    expect(lines.benchmarks.map((b) => b.name)).toEqual(['c']);
    expect(lines.problems).toEqual([
      'line 1: a: "time" value 1 is -1: expected a positive time',
      'line 2: b: "time" is 0: expected a positive time',
    ]);
    const array = parseJsonMetrics(
      '[\n  {"name": "a", "metric": "m", "unit": "x", "value": 1},\n  {"name": "b", "metric": "m", "unit": "x", "value": -5}\n]',
    );
    expect(array.problems).toEqual(['line 3: b: "m" is -5: expected a count or amount of at least 0']);
  });

  it('a second row for one name and metric refuses the benchmark, whatever its direction', () => {
    const r = parseJsonMetrics(
      '{"name": "a", "metric": "t", "unit": "ns", "value": 1}\n{"name": "a", "metric": "u", "unit": "ns", "value": 2}\n{"name": "a", "metric": "t", "unit": "ns", "value": 3, "direction": "higher"}\n{"name": "b", "metric": "t", "unit": "ns", "value": 4}\n',
    );
    expect(r.benchmarks.map((b) => b.name)).toEqual(['b']);
    expect(r.problems).toEqual([
      'line 3: a: a second "t" row (first at line 1): a benchmark × metric is reported once per invocation; put repetitions in "values"',
    ]);
  });

  it('__proto__ and constructor are metric and benchmark names like any other', () => {
    const r = parseJsonMetrics(
      '{"name": "__proto__", "metric": "__proto__", "unit": "ns", "value": 1}\n{"name": "__proto__", "metric": "constructor", "unit": "ns", "value": 2}\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.benchmarks).toHaveLength(1);
    expect(Object.keys(r.benchmarks[0]!.metrics)).toEqual(['__proto__', 'constructor']);
    expect(r.benchmarks[0]!.metrics.constructor).toEqual({ unit: 'ns', value: 2, direction: 'lower' });
  });
});
