import { parseHyperfine } from '../../../src/measure/harness/hyperfine.js';
import { fixture } from './fixture.js';

describe('parseHyperfine', () => {
  it('reads 1.15 export-json: median wall time, mean user and system, in ns', () => {
    const r = parseHyperfine(fixture('hyperfine', 'run.json'));
    expect(r.problems).toEqual([]);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['sleep 0.01', 'sleep 0.02']);
    expect(r.benchmarks[0]!.metrics.time?.value).toBeCloseTo(0.012044658 * 1e9, 3);
    expect(r.benchmarks[0]!.metrics.user?.value).toBeCloseTo(0.0009788 * 1e9, 3);
    expect(r.benchmarks[0]!.context).toEqual({ runs: 5 });
  });

  it('a parameter scan gives one benchmark per value', () => {
    expect(parseHyperfine(fixture('hyperfine', 'parameters.json')).benchmarks.map((b) => b.name)).toEqual([
      'sleep 0.001',
      'sleep 0.002',
    ]);
  });

  it('non-zero exit codes under --ignore-failure are a problem, not a silent sample', () => {
    const r = parseHyperfine(fixture('hyperfine', 'failing.json'));
    expect(r.problems).toEqual([
      'sh -c "exit 3": 3 of 3 runs exited non-zero (3); hyperfine ran it with --ignore-failure',
    ]);
  });

  it('reads the schema-2 summary with its units', () => {
    const r = parseHyperfine(fixture('hyperfine', 'upstream-schema-2.json'));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['./bin/work', './bin/steady']);
    expect(r.benchmarks[0]!.metrics).toEqual({
      time: { unit: 'ns', value: 0.02601 * 1e9, direction: 'lower' },
      user: { unit: 'ns', value: 0.02538 * 1e9, direction: 'lower' },
      system: { unit: 'ns', value: 0.00049 * 1e9, direction: 'lower' },
      'max-rss': { unit: 'B', value: 1298432, direction: 'lower' },
    });
    expect(r.benchmarks[0]!.context).toEqual({ runs: 10 });
  });

  it('a file hyperfine did not finish is an error saying so', () => {
    const text = fixture('hyperfine', 'run.json');
    expect(() => parseHyperfine(text.slice(0, 200))).toThrow(
      /hyperfine output not understood: not complete JSON \(200 bytes; hyperfine writes the file when it finishes\); expected the JSON file hyperfine --export-json FILE writes/,
    );
  });
});

describe('parseHyperfine: two commands with one name', () => {
  it('are refused, not the last one kept', () => {
    const row = (command: string, median: number): object => ({
      command,
      mean: median,
      median,
      times: [median],
      exit_codes: [0],
    });
    const r = parseHyperfine(JSON.stringify({ results: [row('same', 0.01), row('other', 0.02), row('same', 0.03)] }));
    expect(r.benchmarks.map((b) => b.name)).toEqual(['other']);
    expect(r.problems).toEqual([
      'results[2]: same: reported a second time in one invocation (first at results[0]): a name reported twice is refused, not taken as a repetition',
    ]);
  });
});
