/**
 * The first hour on a C++ project shaped like google/snappy, built here (not fetched): CMake,
 * Google Benchmark vendored as a git submodule with targets of its own, and the project's
 * benchmark linking plain `benchmark_main`. `perfgate init` must find exactly the project's
 * benchmark (the submodule's targets skipped, and said so), the suite it writes must build and
 * run, and `perfgate ab` must work across the submodule. The vendored library here wraps the
 * system's libbenchmark (libbenchmark-dev): the shape is what is under test, not the library.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { perfgate } from '../helpers/cli.js';
import { gatedRow, readComparison } from '../helpers/harness-repo.js';
import { haveTool } from '../helpers/tools.js';

function project(): { dir: string; git: (cwd: string, ...args: string[]) => string } {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pg-init-cmake-'));
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-C', cwd, '-c', 'protocol.file.allow=always', ...args], { encoding: 'utf8' }).trim();
  const vendored = path.join(tmp, 'benchmark');
  const dir = path.join(tmp, 'app');
  for (const d of [vendored, dir]) {
    mkdirSync(d);
    git(d, 'init', '-q');
    git(d, 'config', 'user.email', 'test@example.com');
    git(d, 'config', 'user.name', 'perfgate test');
  }
  writeFileSync(
    path.join(vendored, 'CMakeLists.txt'),
    [
      'cmake_minimum_required(VERSION 3.13)',
      'project(vendored_benchmark CXX)',
      'find_package(benchmark REQUIRED)',
      'add_library(benchmark_main INTERFACE)',
      'target_link_libraries(benchmark_main INTERFACE benchmark::benchmark_main)',
      "# The library's own test targets: not the project's benchmarks.",
      'add_executable(benchmark_own_test EXCLUDE_FROM_ALL own_test.cc)',
      'target_link_libraries(benchmark_own_test benchmark::benchmark_main)',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(vendored, 'own_test.cc'), '#include <benchmark/benchmark.h>\n');
  git(vendored, 'add', '-A');
  git(vendored, 'commit', '-qm', 'vendored benchmark');
  git(dir, 'submodule', 'add', '-q', vendored, 'third_party/benchmark');
  writeFileSync(
    path.join(dir, 'CMakeLists.txt'),
    [
      'cmake_minimum_required(VERSION 3.13)',
      'project(app CXX)',
      'option(APP_BUILD_BENCHMARKS "Build the benchmarks" OFF)',
      'if(APP_BUILD_BENCHMARKS)',
      '  add_subdirectory(third_party/benchmark EXCLUDE_FROM_ALL)',
      '  add_executable(app_benchmark app_benchmark.cc)',
      '  target_link_libraries(app_benchmark benchmark_main)',
      'endif()',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'app_benchmark.cc'),
    '#include <benchmark/benchmark.h>\n#include <cstdint>\n#define WORK 20000\nstatic void BM_Work(benchmark::State& s) {\n  for (auto _ : s) {\n    uint64_t h = 1;\n    for (int i = 0; i < WORK; i++) h = h * 6364136223846793005ull + i;\n    benchmark::DoNotOptimize(h);\n  }\n}\nBENCHMARK(BM_Work);\n',
  );
  writeFileSync(path.join(dir, '.gitignore'), 'build/\n.perfgate/\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'app');
  return { dir, git };
}

it('init finds only the project benchmark, its suite builds and runs, and ab pairs two commits across the submodule', () => {
  if (!haveTool(['cmake', '--version'], 'cmake')) return;
  if (!haveTool(['test', '-f', '/usr/include/benchmark/benchmark.h'], 'libbenchmark-dev')) return;
  const { dir, git } = project();
  const init = perfgate(['init'], { cwd: dir });
  expect(init.code).toBe(0);
  expect(init.stdout).toContain("skipped third_party/benchmark: a git submodule (.gitmodules), another project's code");
  expect(init.stdout.split('\n').filter((l) => l.startsWith('found: '))).toEqual([
    // One registration: Google Benchmark's own 0.5 s fits the budget; the suite runs it as written.
    'found: app_benchmark: google-benchmark (CMakeLists.txt: target app_benchmark links Google Benchmark; 1 benchmark(s) registered in app_benchmark.cc; at --benchmark_min_time=0.5 about 0.8 s an invocation, 0.5 min of benchmarks for one `perfgate ab` at 20 pairs (narrow --benchmark_filter to cut it))',
  ]);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'perfgate suite and workflows');
  // Head: four times the work in the project's benchmark.
  execFileSync('sed', ['-i', 's/#define WORK 20000/#define WORK 80000/', path.join(dir, 'app_benchmark.cc')]);
  git(dir, 'commit', '-qam', 'four times the work');
  // 8 pairs: the fewest whose exact signed-rank interval reaches the level a verdict needs,
  // with room for one preempted pair.
  const r = perfgate(
    ['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--iterations', '8', '--max-iterations', '8', '--no-profile'],
    { cwd: dir, timeoutMs: 600_000 },
  );
  const row = gatedRow(readComparison(dir), 'app_benchmark/BM_Work', 'cpu_time');
  expect([r.code, row.verdict]).toEqual([1, 'regression']);
  expect(row.change).toBeGreaterThan(1);
}, 600_000);
