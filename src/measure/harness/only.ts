/**
 * The harness's own filter that makes one invocation run a single benchmark, as arguments
 * appended to the entry's command (after the user's, so a filter already in `run` is
 * overridden where the harness keeps the last one). Used to profile one changed benchmark
 * alone: a harness runs each benchmark for a fixed time, so the profile of the whole invocation
 * cannot show which benchmark's frames got slower (docs/harnesses.md, "The why").
 *
 * Names are untrusted text (a b.Run label, a Catch2 test case, a pytest parameter id); each
 * filter escapes it for the harness's own syntax, and where that syntax cannot say "exactly this
 * one" the answer is null and the whole invocation's profile stands in.
 */
import type { HarnessFormat } from '../../suite/harness-formats.js';

export interface OnlyContext {
  /** The other benchmarks the entry reported: pytest's `-k` matches substrings, so those it would also select are excluded. */
  siblings?: readonly string[];
  /** The harness's context of this benchmark (Catch2: `test-case`). */
  context?: Readonly<Record<string, number | string>>;
}

/** RE2 (go) and java.util.regex (JMH) metacharacters. */
const REGEX_META = /[\\^$.|?*+()[\]{}]/g;
/**
 * Google Benchmark's (std::regex, ECMAScript) metacharacters, without `]` and `}`: libstdc++
 * rejects `\]` and `\}` (GB 1.7.1 on Debian then runs nothing: `--benchmark_filter='0-9\]'`
 * matched no `BM_[0-9]`), and both are literals unescaped, there and in POSIX ERE.
 */
const GB_REGEX_META = /[\\^$.|?*+()[{]/g;
/** What Rust's `regex::escape` escapes (criterion): escaping anything else is an error in regex < 1.8. */
const RUST_REGEX_META = /[\\.+*?()|[\]{}^$#&~-]/g;

const anchored = (name: string, meta: RegExp): string => `^${name.replace(meta, '\\$&')}$`;

/**
 * Google Benchmark matches `--benchmark_filter` (a regex, searched) against the whole instance
 * name as its JSON reports it (`BM_x/64/real_time`, `BM_y/threads:2`); the last flag given wins.
 */
function googleBenchmark(name: string): string[] {
  return [`--benchmark_filter=${anchored(name, GB_REGEX_META)}`];
}

/**
 * go test splits `-test.bench` on `/` outside brackets and matches each level of a
 * sub-benchmark name (`BenchmarkParse/small`, as the parser reports it: without go's
 * `-GOMAXPROCS` suffix) with its own regex; the last flag given wins.
 */
function goTest(name: string): string[] {
  return [
    '-test.bench',
    name
      .split('/')
      .map((part) => anchored(part, REGEX_META))
      .join('/'),
  ];
}

/**
 * Catch2 selects test cases, not benchmarks: a positional test spec, AND-ed with any spec in
 * `run` (Catch2 2.13: `tests "[!benchmark]" "name"` runs the one test case). A backslash
 * makes any character literal, which covers `,` (or), `[` (tag), a leading `~`/`!` (not),
 * `*` (wildcard), `"` and spaces. The test case's other benchmarks run too.
 */
function catch2(c: OnlyContext): string[] | null {
  const testCase = c.context?.['test-case'];
  if (typeof testCase !== 'string' || testCase === '') return null;
  return [testCase.replace(/[^A-Za-z0-9_\u0080-\uffff]/g, '\\$&')];
}

/** pytest's `-k` identifiers: anything else (a space, a quote, `(`) cannot be said in `-k`. */
const PYTEST_IDENT = /^[\w:+\-.[\]\\/]+$/;

/**
 * pytest-benchmark names are node ids (`tests/test_x.py::Class::test_enc[64]`). `-k` keeps
 * the user's positional paths and matches case-insensitive substrings of the file's and each
 * node's name, so the file's base name and every node are required and each sibling the
 * expression would also match is excluded with `and not`.
 */
function pytestBenchmark(name: string, c: OnlyContext): string[] | null {
  const parts = name.split('::');
  if (parts.length < 2) return null;
  const file = parts[0]!.split('/').pop()!;
  const nodes = parts.slice(1);
  const words = [file, ...nodes];
  if (!words.every((w) => PYTEST_IDENT.test(w) && !/^(and|or|not)$/i.test(w))) return null;
  const leaf = nodes[nodes.length - 1]!.toLowerCase();
  const exclude: string[] = [];
  for (const s of c.siblings ?? []) {
    if (s === name) continue;
    const sLeaf = s.split('::').pop()!;
    if (!sLeaf.toLowerCase().includes(leaf)) continue;
    // A sibling whose name cannot be written in -k cannot be excluded: no exact filter then.
    if (!PYTEST_IDENT.test(sLeaf)) return null;
    exclude.push(sLeaf);
  }
  // Excluding a sibling whose leaf is this benchmark's own (same function in another file) would exclude it too.
  if (exclude.some((e) => e.toLowerCase() === leaf)) return null;
  return ['-k', [...words, ...exclude.map((e) => `not ${e}`)].join(' and ')];
}

/**
 * criterion's positional filter is a Rust regex matched against the full id
 * (`group/function/param`); given after `cargo bench`'s own `--` or as cargo's BENCHNAME, it
 * reaches the bench binary either way.
 */
function criterion(name: string): string[] {
  return [anchored(name, RUST_REGEX_META)];
}

/**
 * JMH names are `pkg.Class.method` plus `:k=v,k2=v2` for parameters (as the parser writes
 * them): the method as an anchored regex, each parameter pinned with `-p`. A parameter value
 * with `,` or `=` cannot be given to `-p`.
 */
function jmh(name: string): string[] | null {
  const colon = name.indexOf(':');
  const method = colon < 0 ? name : name.slice(0, colon);
  const params = colon < 0 ? [] : name.slice(colon + 1).split(',');
  if (params.some((p) => (p.match(/=/g) ?? []).length !== 1 || p.startsWith('='))) return null;
  return [anchored(method, REGEX_META), ...params.flatMap((p) => ['-p', p])];
}

/**
 * The arguments that make one invocation of a `format` entry run only `name` (the harness's
 * name, results.json's `harness.name`), or null when the harness has no filter that selects
 * it alone (hyperfine, wrk, json; a name the filter syntax cannot express).
 */
export function onlyArgv(format: HarnessFormat, name: string, c: OnlyContext = {}): string[] | null {
  switch (format) {
    case 'google-benchmark':
      return googleBenchmark(name);
    case 'go-test':
      return goTest(name);
    case 'catch2':
      return catch2(c);
    case 'pytest-benchmark':
      return pytestBenchmark(name, c);
    case 'criterion':
      return criterion(name);
    case 'jmh':
      return jmh(name);
    case 'hyperfine':
    case 'wrk':
    case 'json':
      return null;
  }
}

/** Why a benchmark of this format is profiled with its whole entry, for the explanation. */
export function noOnlyReason(format: HarnessFormat): string {
  return format === 'hyperfine' || format === 'wrk' || format === 'json'
    ? 'this harness has no per-benchmark filter'
    : "its name cannot be written in the harness's filter";
}
