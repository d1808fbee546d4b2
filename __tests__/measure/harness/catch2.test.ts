import { parseCatch2 } from '../../../src/measure/harness/catch2.js';
import { fixture } from './fixture.js';

describe('parseCatch2', () => {
  it('reads the 2.13 XML reporter: mean in ns per benchmark, named test case/benchmark', () => {
    const r = parseCatch2(fixture('catch2', 'run.xml'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks).toEqual([
      {
        name: 'mixing/steady',
        metrics: { time: { unit: 'ns', value: 4313.86, direction: 'lower' } },
        context: { 'test-case': 'mixing', samples: 10, iterations: 7, resamples: 100000, 'stddev-ns': 1.96396 },
      },
      {
        name: 'mixing/knob',
        metrics: { time: { unit: 'ns', value: 4314.84, direction: 'lower' } },
        context: { 'test-case': 'mixing', samples: 10, iterations: 5, resamples: 100000, 'stddev-ns': 2.87583 },
      },
    ]);
  });

  it('a test binary that died after its first benchmark keeps it and says the output was cut', () => {
    const text = fixture('catch2', 'run.xml');
    const r = parseCatch2(text.slice(0, text.indexOf('<BenchmarkResults name="knob"') + 40));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['mixing/steady']);
    expect(r.problems).toEqual([
      'output cut off after 1 benchmark(s): no closing </Catch> (the test binary stopped mid-way)',
    ]);
  });

  it('decodes XML entities in names', () => {
    const r = parseCatch2(
      '<Catch name="t"><TestCase name="a &amp; b"><BenchmarkResults name="&lt;x&gt;" samples="1"><mean value="5"/></BenchmarkResults></TestCase></Catch>',
    );
    expect(r.benchmarks[0]?.name).toBe('a & b/<x>');
  });

  it('console output instead of XML is an error naming the format and the flag', () => {
    expect(() => parseCatch2('benchmark name   samples   iterations')).toThrow(
      /catch2 output not understood: no <Catch> element .*-r xml/,
    );
  });
});

describe('parseCatch2 refuses what it cannot read, naming the line', () => {
  const doc = (body: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Catch name="t">\n  <TestCase name="case">\n${body}\n  </TestCase>\n</Catch>\n`;
  const bench = (name: string, mean: string): string =>
    `    <BenchmarkResults name="${name}" samples="10">\n      <mean value="${mean}"/>\n    </BenchmarkResults>`;

  it('an empty or zero <mean value> is not a time (Number("") is 0)', () => {
    const r = parseCatch2(doc([bench('empty', ''), bench('zero', '0'), bench('ok', '12.5')].join('\n')));
    expect(r.benchmarks.map((b) => [b.name, b.metrics.time?.value])).toEqual([['case/ok', 12.5]]);
    expect(r.problems).toEqual([
      'line 4: case/empty: <mean value="">: expected a number of nanoseconds',
      'line 7: case/zero: "time" is 0: expected a positive time',
    ]);
  });

  it('two benchmarks of one name in one test case are refused, not merged', () => {
    const r = parseCatch2(doc([bench('twice', '10'), bench('twice', '20'), bench('once', '30')].join('\n')));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['case/once']);
    expect(r.problems).toEqual([
      'line 7: case/twice: reported a second time in one invocation (first at line 4): a name reported twice is refused, not taken as a repetition',
    ]);
  });

  it('a character reference XML does not allow names the format and the line', () => {
    expect(() => parseCatch2(doc(bench('x&#99999999;y', '10')))).toThrow(
      'catch2 output not understood: line 4: "&#99999999;" is not a character XML allows',
    );
    expect(() => parseCatch2(doc(bench('&#xD800;', '10')))).toThrow(/line 4: "&#xD800;"/);
  });

  it('a <BenchmarkResults> left open is named, the closed ones kept', () => {
    const r = parseCatch2(doc(`    <BenchmarkResults name="open" samples="1">\n${bench('closed', '7')}`));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['case/closed']);
    expect(r.problems).toEqual(['line 4: case/open: <BenchmarkResults> not closed before the next one']);
  });
});
