import { parseSuite } from '../../src/suite/load.js';

const suite = (entry: string): string => `version: 1\nbenchmarks:\n  - name: gb\n    run: ./bin/bench\n${entry}`;

describe('format: and output: on suite entries', () => {
  it('a harness entry carries its format, and output resolved against its cwd', () => {
    const s = parseSuite(
      suite('    format: criterion\n    cwd: rust\n    output: target/criterion\n'),
      '/repo/perfgate.yml',
    );
    expect(s.benchmarks[0]!.harness).toEqual({ format: 'criterion', output: '/repo/rust/target/criterion' });
    expect(parseSuite(suite('    format: google-benchmark\n'), '/repo/perfgate.yml').benchmarks[0]!.harness).toEqual({
      format: 'google-benchmark',
      output: null,
    });
    expect(parseSuite(suite(''), '/repo/perfgate.yml').benchmarks[0]!.harness).toBeUndefined();
  });

  it('an unknown format lists the known ones, with file:line', () => {
    expect(() => parseSuite(suite('    format: nanobench\n'), '/repo/perfgate.yml')).toThrow(
      '/repo/perfgate.yml:5: benchmarks[0].format: expected one of "google-benchmark", "catch2", "go-test", "pytest-benchmark", "criterion", "hyperfine", "jmh", "wrk", "json"',
    );
  });

  it('output without format is an error', () => {
    expect(() => parseSuite(suite('    output: out.json\n'), '/repo/perfgate.yml')).toThrow(
      "/repo/perfgate.yml:5: benchmarks[0].output: 'output' needs 'format' (the harness whose file it is)",
    );
  });
});
