import { parseCatch2 } from '../../../src/measure/harness/catch2.js';
import { fixture } from './fixture.js';

describe('parseCatch2', () => {
  it('reads the 2.13 XML reporter: mean in ns per benchmark, named test case/benchmark', () => {
    const r = parseCatch2(fixture('catch2', 'run.xml'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks).toEqual([
      { name: 'mixing/steady', metrics: { time: { unit: 'ns', value: 4313.86, direction: 'lower' } }, context: { samples: 10, iterations: 7, resamples: 100000, 'stddev-ns': 1.96396 } },
      { name: 'mixing/knob', metrics: { time: { unit: 'ns', value: 4314.84, direction: 'lower' } }, context: { samples: 10, iterations: 5, resamples: 100000, 'stddev-ns': 2.87583 } },
    ]);
  });

  it('a test binary that died after its first benchmark keeps it and says the output was cut', () => {
    const text = fixture('catch2', 'run.xml');
    const r = parseCatch2(text.slice(0, text.indexOf('<BenchmarkResults name="knob"') + 40));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['mixing/steady']);
    expect(r.problems).toEqual(['output cut off after 1 benchmark(s): no closing </Catch> (the test binary stopped mid-way)']);
  });

  it('decodes XML entities in names', () => {
    const r = parseCatch2('<Catch name="t"><TestCase name="a &amp; b"><BenchmarkResults name="&lt;x&gt;" samples="1"><mean value="5"/></BenchmarkResults></TestCase></Catch>');
    expect(r.benchmarks[0]?.name).toBe('a & b/<x>');
  });

  it('console output instead of XML is an error naming the format and the flag', () => {
    expect(() => parseCatch2('benchmark name   samples   iterations')).toThrow(/catch2 output not understood: no <Catch> element .*-r xml/);
  });
});
