import { parseJsonMetrics } from '../../../src/measure/harness/json.js';
import { fixture } from './fixture.js';

describe('parseJsonMetrics (perfgate json format)', () => {
  it('JSON Lines: rows grouped by name, values → median, direction kept', () => {
    const r = parseJsonMetrics(fixture('json', 'lines.jsonl'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks).toEqual([
      { name: 'parse/large', metrics: { throughput: { unit: 'MB/s', value: 812.5, direction: 'higher' }, time: { unit: 'ns', value: 1201, direction: 'lower' } }, context: { 'time-repetitions': 3 } },
      { name: 'parse/small', metrics: { time: { unit: 'ns', value: 88.1, direction: 'lower' } }, context: {} },
    ]);
  });

  it('an array works the same', () => {
    expect(parseJsonMetrics('[{"name": "a", "metric": "m", "unit": "ms", "value": 2}]').benchmarks[0]!.metrics.m).toEqual({ unit: 'ms', value: 2, direction: 'lower' });
  });

  it('a program that died mid-line keeps the rows before and names the broken line', () => {
    const r = parseJsonMetrics(fixture('json', 'truncated.jsonl'));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['parse/large']);
    expect(r.problems).toEqual(['line 2 is not a JSON row: "{\\"name\\": \\"parse/small\\", \\"metric\\": \\"ti"']);
  });

  it('bad rows say what was expected', () => {
    const r = parseJsonMetrics('{"name": "a", "metric": "m", "unit": "ns", "value": 1}\n{"name": "b", "metric": "m/s", "unit": "x", "value": 1}\n{"name": "c", "metric": "m", "unit": "x", "value": 1, "direction": "up"}\n{"name": "d", "metric": "m", "unit": "x"}\n');
    expect(r.problems).toEqual([
      'line 2: bad "metric" "m/s" (letters, digits, . _ - only)',
      'line 3: "direction" "up": expected "lower" or "higher"',
      'line 4: no numeric "value" or "values"',
    ]);
    expect(() => parseJsonMetrics('')).toThrow(/json output not understood: empty output; expected JSON rows/);
  });
});
