/**
 * What `perfgate init` can tell from a repository's files alone: which harnesses its
 * benchmarks already use, the suite entries that would run them, and what it could not
 * decide (said, not guessed). Pure: the caller lists the files and reads them.
 */
import path from 'node:path';
import { Document, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { escapeRegex } from '../tools/exact-names.js';
import { shellWord } from '../tools/shell.js';
import type { HarnessFormat } from './harness-formats.js';

export interface RepoFiles {
  /** Repository-relative, `/`-separated paths of the files worth looking at. */
  paths: string[];
  read(path: string): string | null;
}

export interface SuggestedEntry {
  name: string;
  run: string;
  format?: HarnessFormat;
  cwd?: string;
  /** Why perfgate thinks so, for the comment above the entry and the printout. */
  why: string;
  /** What the user must check or fill in. */
  todo?: string;
}

export interface Detection {
  setup: string[];
  entries: SuggestedEntry[];
  /** Findings that did not become an entry, or parts of one that need a human. */
  undecided: string[];
  /** The repository has git submodules: the workflows' checkout must fetch them. */
  submodules?: boolean;
}

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');
/** A repository path as one shell word that no command takes for an option (`-x` → `./-x`). */
const pathWord = (p: string): string => shellWord(p.startsWith('-') ? `./${p}` : p);
const slug = (s: string): string => s.replace(/[^A-Za-z0-9._/-]+/g, '-').replace(/^[-/]+|[-/]+$/g, '') || 'bench';

/** What init writes for every entry: few enough pairs that the first `ab` is quick, the why on. */
export const INIT_DEFAULTS = { iterations: 20, warmup: 1, timeout: '10m', profile: true } as const;
/** Invocations of each entry in one `perfgate ab` at the first look: both sides, warm-up included. */
const AB_INVOCATIONS = 2 * (INIT_DEFAULTS.iterations + INIT_DEFAULTS.warmup);
/** Benchmark time one `ab` of one harness's entries may take at the first look. */
const AB_BUDGET_S = 300;
/**
 * go test and Google Benchmark ramp the iteration count up before the run they report, and
 * pytest-benchmark calibrates its rounds: about half a benchmark time more per benchmark.
 */
const RAMP = 1.5;
const PER_BENCHMARK_MS = [500, 200, 100, 50, 20, 10];
/**
 * What a benchmark over a table of arguments is counted as (Go's b.Run sub-benchmarks, Google
 * Benchmark's `->Range(…)`): a typical table of sizes.
 */
const TABLE = 5;

/** Benchmarks estimated from source, of which `guessed` tables were counted as TABLE each. */
export interface BenchmarkCount {
  benchmarks: number;
  guessed: number;
}

/** The longest time per benchmark that keeps `cost` benchmarks of one `ab` within AB_BUDGET_S. */
function perBenchmarkMs(cost: number): number {
  return PER_BENCHMARK_MS.find((ms) => (cost * ms * RAMP * AB_INVOCATIONS) / 1000 <= AB_BUDGET_S) ?? 10;
}

/** What the comment above an entry says one invocation and one `ab` of it cost. */
function costWords(cost: number, ms: number, option: string, narrow: string): string {
  const seconds = (cost * ms * RAMP) / 1000;
  const abMinutes = (seconds * AB_INVOCATIONS) / 60;
  return `at ${option} about ${seconds.toFixed(1)} s an invocation, ${abMinutes.toFixed(1)} min of benchmarks for one \`perfgate ab\` at ${INIT_DEFAULTS.iterations} pairs (narrow ${narrow} to cut it)`;
}

/** Library names a `target_link_libraries` call links a harness by (snappy links plain `benchmark_main`). */
const GOOGLE_BENCHMARK = /^(benchmark::)?benchmark(_main)?$/;
const CATCH2 = /^(Catch2::)?Catch2(WithMain)?$/;

/**
 * The C++ sources a CMake target names in one list file (`add_executable`'s list,
 * `target_sources`), repository-relative. snappy: `add_executable(snappy_benchmark "")` then
 * `target_sources(snappy_benchmark PRIVATE "snappy_benchmark.cc" …)`.
 */
function targetSources(text: string, target: string, dir: string): string[] {
  const call = new RegExp(`(?:add_executable|target_sources)\\s*\\(\\s*${escapeRegex(target)}\\s([^)]*)\\)`, 'g');
  const sources: string[] = [];
  for (const m of text.matchAll(call))
    for (const raw of (m[1] ?? '').split(/\s+/)) {
      const word = raw.replace(/^"|"$/g, '').replace(/^\$\{CMAKE_CURRENT_SOURCE_DIR\}\//, '');
      if (/\.(cc|cpp|cxx)$/.test(word) && !word.includes('$'))
        sources.push(path.posix.normalize(dir === '.' ? word : `${dir}/${word}`));
    }
  return sources;
}

/**
 * How many benchmarks one run of a Google Benchmark binary runs, estimated from its sources'
 * registrations. snappy_benchmark.cc has `BENCHMARK(BM_UFlat)->Apply(FilesAndLevels);` (24
 * benchmarks, counted as TABLE: the table is code), `BENCHMARK(BM_UIOVecSink)->DenseRange(0, 4);`
 * (exactly 5) and `BENCHMARK(BM_UFlatMedley);` (1); each `->Arg(…)` is one. Each chain is read
 * up to its `;` within 2000 characters, so the scan stays linear on any file.
 */
export function googleBenchmarkCost(source: string): BenchmarkCount {
  let benchmarks = 0;
  let guessed = 0;
  for (const m of source.matchAll(/^[ \t]*BENCHMARK(?:_TEMPLATE\d*|_F|_TEMPLATE_F|_REGISTER_F|_CAPTURE)?\s*\(/gm)) {
    const window = source.slice(m.index, m.index + 2000);
    const chain = window.slice(0, window.includes(';') ? window.indexOf(';') : undefined);
    const args = chain.match(/->Args?\s*\(/g)?.length ?? 0;
    // `->DenseRange(0, 4)` with literal bounds is exactly 5; other tables are counted as TABLE.
    const dense = /->DenseRange\s*\(\s*(-?\d+)\s*,\s*(-?\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(chain);
    const exact = dense
      ? Math.floor((Number(dense[2]) - Number(dense[1])) / Math.max(1, Number(dense[3] ?? 1))) + 1
      : 0;
    if (/->(?:DenseRange|Ranges?|ArgsProduct|Apply)\s*\(/.test(chain) && exact <= 0) {
      benchmarks += TABLE;
      guessed++;
    } else benchmarks += Math.max(1, args + exact);
  }
  return { benchmarks, guessed };
}

interface GoogleBenchmarkEntry {
  entry: SuggestedEntry;
  /** Benchmarks estimated from the sources' registrations, of which `guessed` tables made in code. */
  cost: number;
  guessed: number;
  sources: string[];
}

/**
 * Google Benchmark's time per benchmark (0.5 s unless told) for all its entries together, the
 * longest that keeps one `ab` within AB_BUDGET_S, written as a plain number of seconds: 1.7
 * (Debian 12) rejects the `s` suffix that 1.8 asks for, and 1.8 still takes a plain number.
 */
function googleBenchmarkTimes(gb: GoogleBenchmarkEntry[], d: Detection): void {
  const ms = perBenchmarkMs(gb.reduce((a, g) => a + g.cost, 0));
  for (const { entry, cost, guessed, sources } of gb) {
    if (cost === 0) {
      d.undecided.push(
        `${entry.name}: its BENCHMARK registrations could not be counted${sources.length ? ` in ${sources.join(', ')}` : ' (no sources named in its CMakeLists.txt)'}: each benchmark runs Google Benchmark's default 0.5 s; add --benchmark_min_time or --benchmark_filter to 'run' if one ab takes too long`,
      );
      continue;
    }
    const option = `--benchmark_min_time=${ms / 1000}`;
    const binary = entry.run;
    entry.run = `${binary} ${option}`;
    const estimate = guessed
      ? `about ${cost} benchmark(s) registered in ${sources.join(', ')} (${guessed} argument table(s) made in code counted as ${TABLE} each; \`${binary} --benchmark_list_tests\` lists them)`
      : `${cost} benchmark(s) registered in ${sources.join(', ')}`;
    entry.why = `${entry.why}; ${estimate}; ${costWords(cost, ms, option, '--benchmark_filter')}`;
  }
}

/**
 * CMake projects: one configure per top-level CMakeLists.txt (a nested one is usually reached by
 * add_subdirectory and cannot be configured alone), building only the targets that link a
 * harness; each binary lands in the build tree's mirror of its CMakeLists.txt's folder. An
 * `option(…BENCH… "…" OFF)` is switched on, or the targets would not exist.
 */
function cmake(repo: RepoFiles, d: Detection): void {
  const lists = repo.paths.filter((p) => p === 'CMakeLists.txt' || p.endsWith('/CMakeLists.txt'));
  const dirs = new Set(lists.map(dirOf));
  const rootOf = (dir: string): string => {
    let root = dir;
    for (let at = dir; at !== '.';) {
      at = dirOf(at);
      if (dirs.has(at)) root = at;
    }
    return root;
  };
  const projects = new Map<string, { targets: string[]; options: Set<string> }>();
  const gb: GoogleBenchmarkEntry[] = [];
  for (const file of lists) {
    const text = repo.read(file) ?? '';
    const dir = dirOf(file);
    const root = rootOf(dir);
    const project = projects.get(root) ?? { targets: [], options: new Set<string>() };
    for (const m of text.matchAll(/option\s*\(\s*(\w*BENCH\w*)\s+"[^"]*"\s+OFF\s*\)/gi))
      project.options.add(m[1] as string);
    const named = /benchmark|Catch2/.test(text);
    let linked = 0;
    for (const m of text.matchAll(/target_link_libraries\s*\(\s*([A-Za-z0-9_.+-]+)([^)]*)\)/g)) {
      const libs = (m[2] ?? '').split(/\s+/);
      const format = libs.some((l) => GOOGLE_BENCHMARK.test(l))
        ? ('google-benchmark' as const)
        : libs.some((l) => CATCH2.test(l))
          ? ('catch2' as const)
          : null;
      if (!format) continue;
      linked++;
      const target = m[1] as string;
      const rel = root === '.' ? dir : dir === root ? '.' : dir.slice(root.length + 1);
      const build = root === '.' ? 'build' : `${root}/build`;
      project.targets.push(target);
      const entry: SuggestedEntry = {
        name: slug(target),
        run: `${shellWord(`./${rel === '.' ? build : `${build}/${rel}`}/${target}`)}${format === 'catch2' ? ' "[!benchmark]"' : ''}`,
        format,
        why: `${file}: target ${target} links ${format === 'catch2' ? 'Catch2' : 'Google Benchmark'}`,
        ...(format === 'catch2'
          ? {
              todo: 'select your benchmark test cases by tag or name (Catch2 runs BENCHMARKs inside the test cases it selects)',
            }
          : {}),
      };
      d.entries.push(entry);
      if (format === 'google-benchmark') {
        const sources = targetSources(text, target, dir);
        const counts = sources.map((f) => googleBenchmarkCost(repo.read(f) ?? ''));
        const sum = (k: keyof BenchmarkCount): number => counts.reduce((a, c) => a + c[k], 0);
        gb.push({ entry, cost: sum('benchmarks'), guessed: sum('guessed'), sources });
      }
    }
    if (linked === 0 && /find_package\s*\(\s*(benchmark|Catch2)\b/.test(text))
      d.undecided.push(
        `${file} finds ${/find_package\s*\(\s*benchmark/.test(text) ? 'Google Benchmark' : 'Catch2'} but no target_link_libraries line links it: add the entry by hand`,
      );
    if (named || project.targets.length > 0) projects.set(root, project);
  }
  googleBenchmarkTimes(gb, d);
  for (const [root, p] of projects) {
    if (p.targets.length === 0) continue;
    const build = root === '.' ? 'build' : `${root}/build`;
    const options = [...p.options]
      .sort()
      .map((o) => ` -D${o}=ON`)
      .join('');
    d.setup.push(
      `cmake -S ${pathWord(root)} -B ${pathWord(build)} -DCMAKE_BUILD_TYPE=Release${options} && cmake --build ${pathWord(build)} -j --target ${p.targets.map(shellWord).join(' ')}`,
    );
  }
}

function makefile(repo: RepoFiles, d: Detection): void {
  for (const file of repo.paths.filter((p) => /(^|\/)(GNU)?[Mm]akefile$/.test(p))) {
    const text = repo.read(file) ?? '';
    if (!/-lbenchmark\b/.test(text)) continue;
    d.setup.push(`make -C ${pathWord(dirOf(file))}`);
    d.undecided.push(
      `${file} links -lbenchmark, but which binary it builds could not be decided: fill in 'run' of the entry`,
    );
    d.entries.push({
      name: 'bench',
      run: './path/to/benchmark-binary',
      format: 'google-benchmark',
      why: `${file} links -lbenchmark`,
      todo: 'the benchmark binary this Makefile builds',
    });
  }
}

/**
 * Go packages with Benchmark functions: the test binary is built once in `setup` (a `go test`
 * per invocation recompiles every run) and run in its package folder, where `go test` runs it
 * and tests find their testdata. The benchtime is the longest that keeps the Go entries of one
 * `ab` within AB_BUDGET_S, said in the entry's comment.
 */
function go(repo: RepoFiles, d: Detection): void {
  const modules = repo.paths.filter((p) => p === 'go.mod' || p.endsWith('/go.mod')).map(dirOf);
  if (modules.length === 0) return;
  const counts = new Map<string, number>();
  const runs = new Map<string, number>();
  for (const file of repo.paths.filter((p) => p.endsWith('_test.go'))) {
    const text = repo.read(file) ?? '';
    const n = [...text.matchAll(/^func Benchmark\w*\s*\(\s*\w+ \*testing\.B\)/gm)].length;
    if (n === 0) continue;
    counts.set(dirOf(file), (counts.get(dirOf(file)) ?? 0) + n);
    // Each b.Run sub-benchmark takes a benchtime of its own, and they usually run in a loop over
    // a table (xxhash: 4 functions, 20 sub-benchmarks): counted as TABLE each.
    if (/\bb\.Run\(/.test(text)) runs.set(dirOf(file), (runs.get(dirOf(file)) ?? 0) + n);
  }
  const cost = (dir: string): number => (counts.get(dir) ?? 0) + (TABLE - 1) * (runs.get(dir) ?? 0);
  const benchtimeMs = perBenchmarkMs([...counts.keys()].reduce((a, dir) => a + cost(dir), 0));
  for (const [dir, n] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) {
    // A directory with a go.mod of its own is another module: `go test ./sub` from the root says
    // "main module does not contain package", so the binary is built inside the innermost module.
    const mod = modules
      .filter((m) => m === '.' || dir === m || dir.startsWith(`${m}/`))
      .sort((a, b) => b.length - a.length)[0];
    if (mod === undefined) {
      d.undecided.push(`${dir}: Benchmark functions outside every go.mod module`);
      continue;
    }
    const name = slug(`go/${dir === '.' ? 'root' : dir}`);
    const bin = `${mod === '.' ? '' : `${mod}/`}bin/${name.replace(/\//g, '-')}.test`;
    const rel = mod === '.' ? dir : dir === mod ? '.' : dir.slice(mod.length + 1);
    const pkg = rel === '.' ? '.' : `./${rel}`;
    const build = `go test -c -o ${pathWord(path.posix.relative(mod, bin))} ${shellWord(pkg)}`;
    d.setup.push(mod === '.' ? build : `(cd ${pathWord(mod)} && ${build})`);
    d.entries.push({
      name,
      run: `${shellWord(path.posix.relative(dir, bin).replace(/^(?!\.)/, './'))} -test.run '^$' -test.bench . -test.benchtime ${benchtimeMs}ms`,
      format: 'go-test',
      ...(dir !== '.' ? { cwd: dir } : {}),
      why: `${dir}: ${n} Benchmark function(s) in *_test.go${runs.has(dir) ? ` (with b.Run sub-benchmarks, counted as ${TABLE} each)` : ''}${mod !== '.' ? ` (module ${mod}/go.mod)` : ''}; ${costWords(cost(dir), benchtimeMs, `-test.benchtime ${benchtimeMs}ms`, '-test.bench')}`,
    });
  }
}

function cargo(repo: RepoFiles, d: Detection): void {
  for (const file of repo.paths.filter((p) => p.endsWith('Cargo.toml'))) {
    const text = repo.read(file) ?? '';
    const benches = [...text.matchAll(/\[\[bench\]\]([\s\S]*?)(?=\n\[|$)/g)]
      .map((m) => /name\s*=\s*"([^"]+)"/.exec(m[1] ?? '')?.[1])
      .filter((n): n is string => !!n);
    if (benches.length === 0) continue;
    const criterion = /^\s*criterion\s*=/m.test(text);
    const dir = dirOf(file);
    for (const b of benches) {
      if (!criterion) {
        d.undecided.push(
          `${file}: [[bench]] ${b} does not use criterion (no criterion dev-dependency); libtest's bench output is not a perfgate format`,
        );
        continue;
      }
      d.entries.push({
        name: slug(`rust/${b}`),
        run: `cargo bench --bench ${shellWord(b)}`,
        format: 'criterion',
        ...(dir !== '.' ? { cwd: dir } : {}),
        why: `${file}: [[bench]] ${b} with criterion`,
      });
    }
  }
}

/**
 * Tests that take the benchmark fixture in one file, each counted once, or TABLE when a
 * `@pytest.mark.parametrize` decorates it (`@pytest.mark.parametrize("n", [10, 100])` then
 * `def test_sum(benchmark, n):`): the decorators are the text between the previous test and it.
 */
export function pytestBenchmarkCost(source: string): BenchmarkCount {
  let benchmarks = 0;
  let guessed = 0;
  let from = 0;
  for (const m of source.matchAll(/^[ \t]*def test_\w*\([^)]*\bbenchmark\b/gm)) {
    if (/@pytest\.mark\.parametrize\b/.test(source.slice(from, m.index))) {
      benchmarks += TABLE;
      guessed++;
    } else benchmarks++;
    from = m.index + m[0].length;
  }
  return { benchmarks, guessed };
}

/**
 * pytest-benchmark's rounds run for `--benchmark-max-time` (1 s unless told) per benchmark: the
 * longest that keeps one `ab` of all its entries within AB_BUDGET_S, as for Go and Google Benchmark.
 */
function pytest(repo: RepoFiles, d: Detection): void {
  const declared = repo.paths
    .filter((p) => /(^|\/)(requirements[^/]*\.txt|pyproject\.toml|setup\.cfg|setup\.py|tox\.ini)$/.test(p))
    .some((p) => /pytest-benchmark/.test(repo.read(p) ?? ''));
  const found = new Map<string, BenchmarkCount>();
  const add = (dir: string, n: BenchmarkCount, to: Map<string, BenchmarkCount>): void => {
    const had = to.get(dir) ?? { benchmarks: 0, guessed: 0 };
    to.set(dir, { benchmarks: had.benchmarks + n.benchmarks, guessed: had.guessed + n.guessed });
  };
  for (const file of repo.paths.filter((p) => /(^|\/)test_[^/]*\.py$|_test\.py$/.test(p))) {
    const n = pytestBenchmarkCost(repo.read(file) ?? '');
    if (n.benchmarks > 0) add(dirOf(file), n, found);
  }
  // pytest collects a folder's subfolders too: a nested folder is its outermost found ancestor's
  // entry, not one of its own that would run the same tests twice.
  const outermost = (dir: string): string =>
    [...found.keys()]
      .filter((a) => a === '.' || dir === a || dir.startsWith(`${a}/`))
      .sort((a, b) => a.length - b.length)[0] ?? dir;
  const costs = new Map<string, BenchmarkCount>();
  for (const [dir, n] of found) add(outermost(dir), n, costs);
  if (costs.size === 0) {
    if (declared) d.undecided.push('pytest-benchmark is a dependency, but no test takes the benchmark fixture');
    return;
  }
  const ms = perBenchmarkMs([...costs.values()].reduce((a, n) => a + n.benchmarks, 0));
  const option = `--benchmark-max-time=${ms / 1000}`;
  for (const [dir, { benchmarks: cost, guessed }] of [...costs].sort((a, b) => a[0].localeCompare(b[0])))
    d.entries.push({
      name: slug(`py/${dir === '.' ? 'root' : dir}`),
      run: `python3 -m pytest -q ${pathWord(dir)} --benchmark-only ${option}`,
      format: 'pytest-benchmark',
      why: `${dir}: ${guessed ? 'about ' : ''}${cost} benchmark(s) from tests that take the benchmark fixture${guessed ? ` (${guessed} parametrized test(s) counted as ${TABLE} each)` : ''}; ${costWords(cost, ms, option, 'the tests with -k')}`,
    });
}

function jmh(repo: RepoFiles, d: Detection): void {
  for (const file of repo.paths.filter((p) => /(^|\/)(pom\.xml|build\.gradle(\.kts)?)$/.test(p))) {
    if (!/jmh-core|me\.champeau\.jmh|jmh/.test(repo.read(file) ?? '')) continue;
    d.undecided.push(`${file} uses JMH: the benchmarks jar path depends on the build; fill in 'run'`);
    d.entries.push({
      name: 'jmh',
      run: 'java -jar target/benchmarks.jar',
      format: 'jmh',
      why: `${file} depends on JMH`,
      todo: 'the path of your JMH benchmarks jar',
    });
  }
}

function npm(repo: RepoFiles, d: Detection): void {
  for (const file of repo.paths.filter((p) => p.endsWith('package.json') && !p.includes('node_modules/'))) {
    let scripts: Record<string, unknown>;
    try {
      scripts = (JSON.parse(repo.read(file) ?? '{}') as { scripts?: Record<string, unknown> }).scripts ?? {};
    } catch {
      d.undecided.push(`${file} is not valid JSON`);
      continue;
    }
    for (const name of Object.keys(scripts).filter((s) => /^bench(mark)?(:|$)/.test(s))) {
      const dir = dirOf(file);
      d.entries.push({
        name: slug(`npm/${name}`),
        run: `npm run --silent ${shellWord(name)}`,
        ...(dir !== '.' ? { cwd: dir } : {}),
        why: `${file}: script "${name}"`,
        todo: 'timed as one command; if it prints perfgate json rows (docs/harnesses.md), add format: json to gate each benchmark',
      });
      d.undecided.push(`${file} script "${name}": its output format could not be decided, so it is timed as a whole`);
    }
  }
}

export function detectBenchmarks(repo: RepoFiles): Detection {
  const d: Detection = { setup: [], entries: [], undecided: [] };
  for (const step of [cmake, makefile, go, cargo, pytest, jmh, npm]) step(repo, d);
  // Names must be unique in a suite.
  const seen = new Map<string, number>();
  for (const e of d.entries) {
    const n = (seen.get(e.name) ?? 0) + 1;
    seen.set(e.name, n);
    if (n > 1) e.name = `${e.name}-${n}`;
  }
  return d;
}

/**
 * A finding as one line of text: the names in it come from the repository (a directory may be
 * called "x\n  - name: evil"), so line breaks and other control characters are shown escaped,
 * in a comment of the suite as on the terminal.
 */
export function oneLine(s: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return s.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A comment's text as the yaml library wants it: each line after the `#`, so a space first. */
const comment = (...lines: string[]): string => lines.map((l) => ` ${oneLine(l)}`).join('\n');

/**
 * The suite file: every entry with a comment saying where it came from and what to check. Built
 * as a YAML document, not pasted text: names, commands and directories are scalars the library
 * quotes as needed, so none of them can add a key or an entry.
 */
export function renderSuite(d: Detection): string {
  const entries = d.entries.length > 0 ? d.entries : [{ name: 'example', run: './bench/example' } as SuggestedEntry];
  const doc = new Document({
    version: 1,
    ...(d.setup.length > 0 ? { setup: d.setup.join(' && ') } : {}),
    defaults: { ...INIT_DEFAULTS },
    benchmarks: entries.map((e) => ({
      name: e.name,
      run: e.run,
      ...(e.format ? { format: e.format } : {}),
      ...(e.cwd ? { cwd: e.cwd } : {}),
    })),
  });
  doc.commentBefore = comment(
    'perfgate suite, written by `perfgate init`. Check every TODO, then commit this file.',
    'Reference: docs/harnesses.md (one section per harness) and README (all keys).',
  );
  const top = doc.contents as YAMLMap;
  const pair = (map: YAMLMap, key: string) => map.items.find((p) => isScalar(p.key) && p.key.value === key);
  const setupKey = pair(top, 'setup')?.key;
  if (isScalar(setupKey))
    setupKey.commentBefore = comment('Built once per checkout (base and head), before measuring:');
  const defaults = pair(top, 'defaults')?.value;
  if (isMap(defaults)) {
    const note = (key: string, text: string): void => {
      const v = pair(defaults, key)?.value;
      if (isScalar(v)) v.comment = comment(text);
    };
    note('iterations', 'invocations per side; each gives one sample per harness benchmark');
    note('timeout', 'per invocation: a harness runs all its benchmarks in one');
    note('profile', 'profiles both sides of a changed benchmark: the why (frames, ms per run) in the report');
    defaults.comment = comment(
      'threshold: { cpu_time: 3%, time: 3% }   # noise threshold per metric (defaults in docs/harnesses.md)',
    );
  }
  const list = pair(top, 'benchmarks')?.value;
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      const e = d.entries[i];
      const text = e ? [e.why, ...(e.todo ? [`TODO: ${e.todo}`] : [])] : ['TODO: no benchmarks found; add one, e.g.'];
      if (isMap(item)) item.commentBefore = comment(...text);
    });
  }
  return doc.toString({ lineWidth: 0 });
}

/** The steps both workflows start with: the checkout, the toolchains, perf. */
function setupSteps(d: Detection, checkout: string): string {
  const packages = new Set<string>();
  for (const e of d.entries) {
    if (e.format === 'google-benchmark') packages.add('libbenchmark-dev');
    if (e.format === 'catch2') packages.add('catch2');
    if (e.format === 'pytest-benchmark') packages.add('python3-pytest-benchmark');
  }
  const install = ['linux-tools-common', '"linux-tools-$(uname -r)"', ...packages].join(' ');
  const go = d.entries.some((e) => e.format === 'go-test');
  return `${checkout}${go ? '      - uses: actions/setup-go@v5\n        with: { go-version-file: go.mod }\n' : ''}      - run: |
          sudo apt-get update -qq
          sudo apt-get install -y -qq ${install}
          sudo sysctl -w kernel.perf_event_paranoid=1
`;
}

/**
 * The pull-request workflow, .github/workflows/perfgate.yml: base and head measured in the same
 * job on a pull request; on a push to main the baseline goes to the history, which is pushed to
 * refs/perfgate/history (contents: write). Each permission is there for one feature, said beside it.
 */
export function renderWorkflow(d: Detection): string {
  return `# Written by \`perfgate init\`. Pull requests: base and head measured as pairs in this job, one
# comment with the verdicts and the why. Pushes to main: a baseline run appended to the history.
name: perfgate
on:
  push: { branches: [main] }
  pull_request:
  workflow_dispatch:
permissions:
  contents: write        # the history of main's runs (refs/perfgate/history)
  actions: read          # earlier runs' artifacts (stored baselines, flame graphs)
  pull-requests: write   # the one PR comment
jobs:
  perf:
    runs-on: ubuntu-latest
    steps:
${setupSteps(d, `      - uses: actions/checkout@v4\n        with: { fetch-depth: 0${d.submodules ? ', submodules: recursive' : ''} }\n`)}      - uses: perfgate/perfgate@v0
        with:
          suite: perfgate.yml
`;
}

/**
 * The nightly workflow to copy: a baseline of main into the history, then every new step of the
 * history confirmed by a paired A/B of its commits and bisected to the culprit, within a time
 * budget, before the alert issue hears of it (docs/history.md, "Confirmation before alerting").
 */
export function renderNightlyWorkflow(d: Detection): string {
  return `# Written by \`perfgate init\`.
# Each night: measure main and append the run to the history (refs/perfgate/history); then each
# new step the history shows is measured again as interleaved pairs of the commits either side,
# in this job. A step the pairs confirm is bisected to the commit that did it and alerted (one
# issue per suite, naming the culprit, its interval and its flame graph); one they do not confirm
# is drift between runners, marked so on the dashboard and never alerted. Steps the time budget
# leaves are measured on a later night.
name: perf nightly
on:
  schedule: [{ cron: '17 3 * * *' }]
  workflow_dispatch:
# contents: write for the history ref, issues: write for the alert issue.
permissions: { contents: write, actions: read, issues: write }
concurrency: { group: perf-nightly, cancel-in-progress: false }
jobs:
  nightly:
    runs-on: ubuntu-latest
    timeout-minutes: 90
    steps:
${setupSteps(d, `      # A shallow checkout is enough: perfgate fetches the commits it measures.\n      - uses: actions/checkout@v4\n${d.submodules ? '        with: { submodules: recursive }\n' : ''}`)}      - uses: perfgate/perfgate@v0
        with:
          suite: perfgate.yml
          mode: baseline
          # Measuring, confirming and bisecting share it.
          time-budget: 60m
`;
}
