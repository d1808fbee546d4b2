/**
 * Per format: how perfgate makes the harness write machine-readable output, where it reads
 * it, which parser reads it, and which metrics are gated unless the suite says otherwise.
 */
import type { HarnessFormat } from '../../suite/harness-formats.js';
import { parseCatch2 } from './catch2.js';
import { parseCriterion, type CriterionFile } from './criterion.js';
import { parseGoogleBenchmark } from './google-benchmark.js';
import { parseGoTest } from './go-test.js';
import { parseHyperfine } from './hyperfine.js';
import { parseJmh } from './jmh.js';
import { parseJsonMetrics } from './json.js';
import { parsePytestBenchmark } from './pytest-benchmark.js';
import type { HarnessReport } from './harness-report.js';
import { parseWrk } from './wrk.js';

export interface FormatInfo {
  /**
   * Arguments appended to the command so the harness writes its machine-readable output to
   * FILE; `stdout`: the format is what the harness prints, perfgate keeps its stdout; `dir`:
   * the harness writes a directory of its own (criterion).
   */
  output: { flags: (file: string) => string[] } | 'stdout' | 'dir';
  /** Default location of a `dir` output, relative to the entry's cwd. */
  defaultDir?: string;
  parse?: (text: string) => HarnessReport;
  parseDir?: (files: CriterionFile[]) => HarnessReport;
  /** Thresholds gated when the suite sets none for the metric (relative). */
  thresholds: Record<string, number>;
  /** Why the harness's binaries are not run under valgrind (no cachegrind counts for them). */
  notUnderValgrind?: string;
}

export const FORMATS: Record<HarnessFormat, FormatInfo> = {
  'google-benchmark': {
    output: { flags: (f) => [`--benchmark_out=${f}`, '--benchmark_out_format=json'] },
    parse: parseGoogleBenchmark,
    thresholds: { cpu_time: 0.03 },
  },
  catch2: { output: { flags: (f) => ['-r', 'xml', '-o', f] }, parse: parseCatch2, thresholds: { time: 0.03 } },
  'go-test': {
    output: 'stdout',
    parse: parseGoTest,
    thresholds: { time: 0.03 },
    // Here one took 2.4 s under cachegrind, and others hung until the timeout (77 s, then 33.5 s a
    // side): the Go runtime's threads and signals under valgrind.
    notUnderValgrind: 'a Go test binary under valgrind hangs or crawls (the Go runtime)',
  },
  'pytest-benchmark': {
    output: { flags: (f) => [`--benchmark-json=${f}`] },
    parse: parsePytestBenchmark,
    thresholds: { time: 0.03 },
  },
  criterion: { output: 'dir', defaultDir: 'target/criterion', parseDir: parseCriterion, thresholds: { time: 0.03 } },
  hyperfine: { output: { flags: (f) => ['--export-json', f] }, parse: parseHyperfine, thresholds: { time: 0.03 } },
  jmh: { output: { flags: (f) => ['-rf', 'json', '-rff', f] }, parse: parseJmh, thresholds: { score: 0.03 } },
  wrk: { output: 'stdout', parse: parseWrk, thresholds: { requests: 0.05, 'latency-p50': 0.1 } },
  json: { output: 'stdout', parse: parseJsonMetrics, thresholds: {} },
};
