/**
 * The filter that makes a harness run one benchmark (measure/harness/only.ts), per format, with
 * hostile names: regex metacharacters, quotes, spaces, a leading `-` or `~`. The regex filters
 * are checked by compiling them (JavaScript's syntax agrees with RE2, std::regex and
 * java.util.regex on these escapes) against the name and its neighbours, so an escape that
 * misses a metacharacter fails here, not in a profile of the wrong benchmark.
 */
import { noOnlyReason, onlyArgv } from '../../../src/measure/harness/only.js';

const HOSTILE = [
  'BM_x/64/real_time',
  'BM_y/threads:2',
  'BM_(a|b)+.*?[0-9]{2}^$\\',
  'BM_quote\'"name with spaces',
  '-BM_leading_dash',
];

/** The regex in `--benchmark_filter=RE`, compiled. */
function gbRegex(name: string): RegExp {
  const argv = onlyArgv('google-benchmark', name)!;
  expect(argv).toHaveLength(1);
  expect(argv[0]).toMatch(/^--benchmark_filter=\^/);
  return new RegExp(argv[0]!.slice('--benchmark_filter='.length));
}

describe('onlyArgv', () => {
  it('google-benchmark: an anchored, escaped --benchmark_filter that matches the name and nothing near it', () => {
    expect(onlyArgv('google-benchmark', 'BM_x/64/real_time')).toEqual(['--benchmark_filter=^BM_x/64/real_time$']);
    // libstdc++'s std::regex refuses `\]` and `\}` (Google Benchmark then runs nothing): left bare, they are literals.
    expect(onlyArgv('google-benchmark', 'BM_[0-9]{2}')).toEqual(['--benchmark_filter=^BM_\\[0-9]\\{2}$']);
    for (const name of HOSTILE) {
      const re = gbRegex(name);
      expect(re.test(name)).toBe(true);
      for (const other of [`${name}_2`, `X${name}`, name.slice(0, -1), `${name}/real_time`])
        expect({ name, other, matched: re.test(other) }).toEqual({ name, other, matched: false });
    }
    // Every other benchmark of the list is excluded too.
    for (const name of HOSTILE)
      for (const other of HOSTILE) if (other !== name) expect(gbRegex(name).test(other)).toBe(false);
  });

  it('go-test: -test.bench anchors each level of a sub-benchmark name on its own', () => {
    expect(onlyArgv('go-test', 'BenchmarkGet/size=64')).toEqual(['-test.bench', '^BenchmarkGet$/^size=64$']);
    const argv = onlyArgv('go-test', 'BenchmarkParse/a.b(c)*/[x]')!;
    expect(argv[0]).toBe('-test.bench');
    // go's matcher splits the pattern on `/` and matches each level of the name with its part.
    const parts = argv[1]!.split('/');
    const levels = 'BenchmarkParse/a.b(c)*/[x]'.split('/');
    expect(parts).toHaveLength(levels.length);
    for (const [i, part] of parts.entries()) {
      const re = new RegExp(part);
      expect(re.test(levels[i]!)).toBe(true);
      expect(re.test(`${levels[i]!}x`)).toBe(false);
    }
    expect(new RegExp(parts[1]!).test('aXb(c)')).toBe(false);
  });

  it("catch2: the test case, every character but letters and digits made literal with Catch2's backslash", () => {
    const testCase = '~lead *star, [tag] "q" \'s\' \\ é';
    const argv = onlyArgv('catch2', `${testCase}/bench one`, { context: { 'test-case': testCase } })!;
    expect(argv).toEqual(['\\~lead\\ \\*star\\,\\ \\[tag\\]\\ \\"q\\"\\ \\\'s\\\'\\ \\\\\\ é']);
    // Catch2 reads `\x` as the literal x: undoing that gives the name back.
    expect(argv[0]!.replace(/\\(.)/g, '$1')).toBe(testCase);
    // A benchmark outside any test case, or output from before the parser kept the test case: no filter.
    expect(onlyArgv('catch2', 'loose', {})).toBeNull();
  });

  it('pytest-benchmark: -k names the file and each node and excludes the siblings it would also match', () => {
    const names = [
      'tests/test_x.py::test_enc[64]',
      'tests/test_x.py::test_enc[128]',
      'tests/test_x.py::test_enc_fast',
      'tests/test_x.py::test_enc',
      'tests/test_y.py::TestA::test_other',
    ];
    expect(onlyArgv('pytest-benchmark', names[3]!, { siblings: names })).toEqual([
      '-k',
      'test_x.py and test_enc and not test_enc[64] and not test_enc[128] and not test_enc_fast',
    ]);
    expect(onlyArgv('pytest-benchmark', names[0]!, { siblings: names })).toEqual(['-k', 'test_x.py and test_enc[64]']);
    expect(onlyArgv('pytest-benchmark', names[4]!, { siblings: names })).toEqual([
      '-k',
      'test_y.py and TestA and test_other',
    ]);
    // A parameter id with a space or a quote cannot be said in -k: the whole invocation's profile stands in.
    expect(onlyArgv('pytest-benchmark', "tests/t.py::test_a[it's here]", { siblings: [] })).toBeNull();
    // Nor can the same test function in two files (the -k keyword of one is the other's too).
    expect(
      onlyArgv('pytest-benchmark', 'a/test_x.py::test_enc', {
        siblings: ['a/test_x.py::test_enc', 'b/test_y.py::test_enc'],
      }),
    ).toBeNull();
  });

  it("criterion: an anchored Rust regex, escaping only what Rust's regex::escape escapes", () => {
    expect(onlyArgv('criterion', 'group/fib 20')).toEqual(['^group/fib 20$']);
    const name = 'g/x.y+z*(1)|[2]{3}^$#&-~\\';
    const argv = onlyArgv('criterion', name)!;
    expect(argv[0]).toBe('^g/x\\.y\\+z\\*\\(1\\)\\|\\[2\\]\\{3\\}\\^\\$\\#\\&\\-\\~\\\\$');
    // The metacharacters JavaScript shares with Rust: the regex matches the name alone.
    const js = argv[0]!.replace(/\\([#&~-])/g, '$1');
    expect(new RegExp(js).test(name)).toBe(true);
    expect(new RegExp(js).test(`${name}x`)).toBe(false);
  });

  it('jmh: the method anchored, each parameter pinned with -p; a value -p cannot take gives no filter', () => {
    expect(onlyArgv('jmh', 'org.sample.Bench.run')).toEqual(['^org\\.sample\\.Bench\\.run$']);
    expect(onlyArgv('jmh', 'org.sample.Bench$Inner.run:size=64,mode=fast')).toEqual([
      '^org\\.sample\\.Bench\\$Inner\\.run$',
      '-p',
      'size=64',
      '-p',
      'mode=fast',
    ]);
    expect(new RegExp(onlyArgv('jmh', 'a.B$C.run')![0]!).test('a.B$C.run')).toBe(true);
    expect(onlyArgv('jmh', 'org.sample.Bench.run:text=a=b')).toBeNull();
  });

  it('hyperfine, wrk and json have no per-benchmark filter, and say so', () => {
    for (const format of ['hyperfine', 'wrk', 'json'] as const) {
      expect(onlyArgv(format, 'anything')).toBeNull();
      expect(noOnlyReason(format)).toBe('this harness has no per-benchmark filter');
    }
  });
});
