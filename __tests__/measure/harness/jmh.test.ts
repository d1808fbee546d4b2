import { parseJmh } from '../../../src/measure/harness/jmh.js';
import { fixture } from './fixture.js';

describe('parseJmh (hand-made fixture: no JMH on this machine, see fixtures/harness/jmh/README.md)', () => {
  it('avgt in us/op becomes ns (lower); thrpt in ops/ms becomes ops/s (higher); params in the name', () => {
    const r = parseJmh(fixture('jmh', 'run.json'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks.map((b) => b.name)).toEqual([
      'org.example.MixBench.knob:size=4000',
      'org.example.MixBench.steady',
    ]);
    expect(r.benchmarks[0]!.metrics.score).toEqual({ unit: 'ns', value: 4312, direction: 'lower' });
    expect(r.benchmarks[0]!.metrics['gc.alloc.rate.norm']).toEqual({ unit: 'B/op', value: 16, direction: 'lower' });
    expect(r.benchmarks[1]!.metrics.score).toEqual({ unit: 'ops/s', value: 231900, direction: 'higher' });
    expect(r.benchmarks[1]!.context).toEqual({ mode: 'thrpt', forks: 1, threads: 1, measurementIterations: 3 });
  });

  it('an unfinished file is an error saying JMH writes it at the end', () => {
    expect(() => parseJmh('[\n  {"benchmark": "a.b"')).toThrow(
      /jmh output not understood: not complete JSON .*-rf json -rff FILE/,
    );
  });
});
