import { parseGoogleBenchmark } from '../../../src/measure/harness/google-benchmark.js';
import { HarnessOutputError } from '../../../src/measure/harness/harness-report.js';
import { fixture } from './fixture.js';

describe('parseGoogleBenchmark', () => {
  it('reads 1.7.1 rows: times in ns, rates higher-is-better, user counters', () => {
    const r = parseGoogleBenchmark(fixture('google-benchmark', 'run.json'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['BM_Steady', 'BM_Knob', 'BM_Sized/64', 'BM_Sized/512']);
    const knob = r.benchmarks[1]!;
    expect(knob.metrics.real_time).toEqual({ unit: 'ns', value: 6.0526064380160878e3, direction: 'lower' });
    expect(knob.metrics.cpu_time).toEqual({ unit: 'ns', value: 4.4968342594366741e3, direction: 'lower' });
    expect(knob.metrics.bytes_per_second?.direction).toBe('higher');
    expect(knob.context).toEqual({ repetitions: 1, iterations: 15657 });
    const sized = r.benchmarks[2]!;
    expect(sized.metrics.items_per_second).toMatchObject({ unit: 'items/s', direction: 'higher' });
    expect(sized.metrics.rounds).toEqual({ unit: 'count', value: 64, direction: 'lower' });
  });

  it('repetitions inside one invocation become one sample: the median of the iteration rows', () => {
    const text = fixture('google-benchmark', 'repetitions.json');
    const rows = (
      JSON.parse(text) as { benchmarks: { run_name: string; run_type: string; cpu_time: number }[] }
    ).benchmarks.filter((b) => b.run_name === 'BM_Knob' && b.run_type === 'iteration');
    const sorted = rows.map((b) => b.cpu_time).sort((a, b) => a - b);
    const knob = parseGoogleBenchmark(text).benchmarks.find((b) => b.name === 'BM_Knob')!;
    expect(knob.metrics.cpu_time?.value).toBe(sorted[1]);
    expect(knob.context.repetitions).toBe(3);
    expect(parseGoogleBenchmark(text).benchmarks).toHaveLength(4);
  });

  it('upstream aggregates-only output: the median aggregate, microseconds converted, errors reported', () => {
    const r = parseGoogleBenchmark(fixture('google-benchmark', 'upstream-1.9-aggregates-only.json'));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['BM_Copy/64', 'BM_Parse']);
    expect(r.benchmarks[0]!.metrics.cpu_time?.value).toBe(12.18);
    expect(r.benchmarks[0]!.context).toEqual({ repetitions: 5, aggregate: 'median' });
    expect(r.benchmarks[1]!.metrics.cpu_time?.value).toBeCloseTo(8510, 6); // mean: no median row
    expect(r.problems).toEqual(['BM_Skipped: the benchmark reported an error: fixture file missing']);
  });

  it('a binary that crashed mid-way: the complete rows are kept and the cut is reported', () => {
    const r = parseGoogleBenchmark(fixture('google-benchmark', 'crash-midway.json'));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['BM_Steady', 'BM_Knob', 'BM_Sized/64']);
    expect(r.problems).toEqual(['output cut off after 3 complete row(s) (the harness stopped mid-way)']);
  });

  it('a truncated row is dropped, not half-read', () => {
    const text = fixture('google-benchmark', 'run.json');
    const cut = text.slice(0, text.indexOf('"cpu_time"', text.indexOf('BM_Knob')));
    expect(parseGoogleBenchmark(cut).benchmarks.map((b) => b.name)).toEqual(['BM_Steady']);
  });

  it('output that is not Google Benchmark JSON names the format and what was expected', () => {
    expect(() => parseGoogleBenchmark('')).toThrow(HarnessOutputError);
    expect(() => parseGoogleBenchmark('BM_Steady   4427 ns   4427 ns   16015')).toThrow(
      /google-benchmark output not understood: no "benchmarks" array .*expected a JSON document with a "benchmarks" array \(run the benchmark with --benchmark_format=json\)/,
    );
  });
});

describe('parseGoogleBenchmark refuses unreadable or impossible times, naming line and benchmark', () => {
  const text = fixture('google-benchmark', 'run.json');
  // The line of BM_Knob's "{" (the line before its "name"), in the text as edited.
  const knobLine = (t: string): number => t.split('\n').findIndex((l) => l.includes('"name": "BM_Knob"'));
  const edit = (f: (row: Record<string, unknown>) => void): string => {
    const doc = JSON.parse(text) as { benchmarks: Record<string, unknown>[] };
    f(doc.benchmarks.find((b) => b.name === 'BM_Knob') as Record<string, unknown>);
    return JSON.stringify(doc, null, 2);
  };
  const read = (t: string): { names: string[]; problems: string[] } => {
    const r = parseGoogleBenchmark(t);
    return {
      names: r.benchmarks.map((b) => b.name),
      problems: r.problems.map((p) => p.replace(`line ${knobLine(t)}:`, 'line L:')),
    };
  };

  it('cpu_time as a string, an unknown time_unit, a zero real_time', () => {
    const others = ['BM_Steady', 'BM_Sized/64', 'BM_Sized/512'];
    expect(read(edit((r) => (r.cpu_time = '4496.8')))).toEqual({
      names: others,
      problems: [`line L: BM_Knob: "cpu_time" is "4496.8": expected a number of ns`],
    });
    expect(read(edit((r) => (r.time_unit = 'parsecs')))).toEqual({
      names: others,
      problems: [`line L: BM_Knob: "time_unit" "parsecs": expected "ns", "us", "ms" or "s"`],
    });
    expect(read(edit((r) => (r.real_time = 0)))).toEqual({
      names: others,
      problems: [`line L: BM_Knob: "real_time" is 0: expected a positive time`],
    });
    expect(read(edit((r) => (r.time_unit = 'constructor')))).toMatchObject({ names: others });
  });

  it('one unreadable repetition refuses the benchmark (a median of the rest would hide it)', () => {
    const reps = JSON.parse(fixture('google-benchmark', 'repetitions.json')) as {
      benchmarks: Record<string, unknown>[];
    };
    const second = reps.benchmarks.filter((b) => b.run_name === 'BM_Knob' && b.run_type === 'iteration')[1] as Record<
      string,
      unknown
    >;
    second.cpu_time = null;
    const r = parseGoogleBenchmark(JSON.stringify(reps, null, 2));
    expect(r.benchmarks.map((b) => b.name)).not.toContain('BM_Knob');
    expect(r.problems).toEqual([
      expect.stringMatching(/^line \d+: BM_Knob: "cpu_time" is null: expected a number of ns$/),
    ]);
  });
});
