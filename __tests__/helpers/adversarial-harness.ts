/**
 * Harness outputs built to find quadratic parsing: each is about `bytes` long and shaped so
 * that a parser re-scanning the rest of its input per element (a lazy pattern spanning open
 * to close tag, ^\s+ under /m over blank lines, a backtracking attribute pattern) takes
 * minutes where a linear one takes well under a second. Used by faults/harness.test.ts (which
 * only checks that each parse ends, under the test's timeout) and by scripts/bench-harness.mjs
 * (which prints the speed of each).
 */
import type { HarnessFormat } from '../../src/measure/harness/harness-report.js';

export interface AdversarialInput {
  label: string;
  format: Exclude<HarnessFormat, 'criterion'>;
  text: string;
}

const fill = (unit: string, bytes: number): string => unit.repeat(Math.max(1, Math.ceil(bytes / unit.length)));

export function adversarialInputs(bytes: number): AdversarialInput[] {
  const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  const rowsFor = (rowBytes: number): number => Math.max(1, Math.floor(bytes / rowBytes));
  return [
    // 2 MB of these took 27 s: the lazy <BenchmarkResults>...</BenchmarkResults> pattern ran to
    // the end of the output from every opening tag.
    {
      label: 'catch2: unclosed <BenchmarkResults>',
      format: 'catch2',
      text: `<Catch name="t">\n<TestCase name="c">\n${many(rowsFor(60), (i) => `<BenchmarkResults name="b${i}" samples="1">\n<mean value="1"/>\n`).join('')}`,
    },
    {
      label: 'catch2: one tag of attribute-like text',
      format: 'catch2',
      text: `<Catch name="t">\n<TestCase name="c">\n<BenchmarkResults ${fill('a', bytes)} name="x">\n<mean value="1"/>\n</BenchmarkResults>\n</TestCase>\n</Catch>\n`,
    },
    {
      label: "catch2: '<' with no '>' after it",
      format: 'catch2',
      text: `<Catch name="t">\n${fill('<TestCase name="x" ', bytes)}`,
    },
    {
      label: 'catch2: a mean of a million digits and a letter',
      format: 'catch2',
      text: `<Catch name="t">\n<TestCase name="c">\n<BenchmarkResults name="b">\n<mean value="${fill('1', bytes)}x"/>\n</BenchmarkResults>\n</TestCase>\n</Catch>\n`,
    },
    {
      label: 'catch2: entity-like runs',
      format: 'catch2',
      text: `<Catch name="t">\n<TestCase name="${fill('&#x1', bytes / 2)}${fill('&a', bytes / 2)}">\n</TestCase>\n</Catch>\n`,
    },
    // ^\s+ under /m matched newlines: from every blank line it ran to the end of the blank stretch.
    {
      label: 'wrk: blank lines before the percentiles',
      format: 'wrk',
      text: `Running 1s test @ http://127.0.0.1:1/\n${fill(' \n', bytes)}Requests/sec:  1.00\n`,
    },
    {
      label: 'go-test: one long line with an odd token count',
      format: 'go-test',
      text: `BenchmarkX-2 1${fill(' 1 x', bytes)} 1\n`,
    },
    {
      label: 'go-test: one long name of -1 pieces',
      format: 'go-test',
      text: `Benchmark${fill('a-1', bytes)} 1 1 ns/op\n`,
    },
    {
      label: 'go-test: many -count lines of one benchmark',
      format: 'go-test',
      text: many(rowsFor(40), (i) => `BenchmarkX-2   \t ${i + 1}\t ${i + 1} ns/op\n`).join(''),
    },
    {
      label: 'json: one name reported over and over',
      format: 'json',
      text: many(rowsFor(60), (i) => `{"name": "a", "metric": "t", "unit": "ns", "value": ${i + 1}}\n`).join(''),
    },
    {
      label: 'json: many benchmarks, every other value impossible',
      format: 'json',
      text: `[\n${many(rowsFor(60), (i) => `{"name": "b${i}", "metric": "time", "unit": "ns", "value": ${i % 2 === 0 ? 1 : -1}}`).join(',\n')}\n]`,
    },
    {
      label: 'google-benchmark: cut off inside deep nesting',
      format: 'google-benchmark',
      text: `{"benchmarks": [{"name": "BM_A", "real_time": 1, "cpu_time": 1, "time_unit": "ns"},\n${fill('[', bytes)}`,
    },
    {
      label: 'google-benchmark: every row unreadable',
      format: 'google-benchmark',
      text: JSON.stringify(
        {
          benchmarks: many(rowsFor(120), (i) => ({
            name: `BM_${i}`,
            run_type: 'iteration',
            real_time: 1,
            cpu_time: 'x',
            time_unit: 'ns',
          })),
        },
        null,
        2,
      ),
    },
    {
      label: 'pytest-benchmark: cut off after many rows',
      format: 'pytest-benchmark',
      text: `{"benchmarks": [${many(rowsFor(80), (i) => `{"name": "t${i}", "stats": {"median": 0.001, "rounds": 3}}`).join(',\n')},\n{"name": "cut`,
    },
    {
      label: 'hyperfine: one command name over and over',
      format: 'hyperfine',
      text: JSON.stringify({
        results: many(rowsFor(90), () => ({ command: 'same', median: 0.01, times: [0.01], exit_codes: [0] })),
      }),
    },
    {
      label: 'jmh: many parameter sets',
      format: 'jmh',
      text: JSON.stringify(
        many(rowsFor(120), (i) => ({
          benchmark: 'a.B.c',
          mode: 'avgt',
          params: { n: String(i) },
          primaryMetric: { score: 1, scoreUnit: 'ns/op' },
        })),
      ),
    },
  ];
}
