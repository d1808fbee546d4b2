/**
 * `go test -bench` text output. A result line, as go 1.19 prints it:
 *   BenchmarkKnob-2     	   26708	      9144 ns/op	3499.40 MB/s
 *   BenchmarkAlloc-2    	 3747763	        55.29 ns/op	        42.00 widgets/op	      78 B/op	       1 allocs/op
 * i.e. name-GOMAXPROCS, iterations, then value/unit pairs. `-count N` repeats a line per run;
 * the N lines of one invocation become one sample (their median).
 */
import { sampleValueProblem } from '../../results/check.js';
import { dict } from '../../tools/dict.js';
import {
  HarnessOutputError,
  medianOf,
  ReportBuilder,
  type HarnessMetric,
  type HarnessReport,
} from './harness-report.js';

const EXPECTED = 'go test -bench output with lines like "BenchmarkX-8  1000  1234 ns/op"';
const LINE = /^(Benchmark\S*?)(?:-(\d+))?\s+(\d+)((?:\s+[-+\d.eE]+\s+\S+)+)\s*$/;
/** Units go itself prints, renamed to metric names (names may not contain `/`). */
const KNOWN: Record<string, { metric: string; unit: string; direction: 'lower' | 'higher' }> = dict({
  'ns/op': { metric: 'time', unit: 'ns', direction: 'lower' },
  'B/op': { metric: 'bytes', unit: 'B', direction: 'lower' },
  'allocs/op': { metric: 'allocs', unit: 'count', direction: 'lower' },
  'MB/s': { metric: 'throughput', unit: 'MB/s', direction: 'higher' },
});

/** A b.ReportMetric unit: `widgets/op` → metric `widgets-per-op`; a `/s` unit is a rate. */
function custom(unit: string): { metric: string; unit: string; direction: 'lower' | 'higher' } {
  return {
    metric: unit.replace(/\//g, '-per-').replace(/[^A-Za-z0-9._-]/g, '_'),
    unit,
    direction: /\/s$/.test(unit) ? 'higher' : 'lower',
  };
}

export function parseGoTest(text: string): HarnessReport {
  const problems: string[] = [];
  interface Run {
    line: number;
    procs: number | null;
    iterations: number[];
    values: Map<string, { m: ReturnType<typeof custom>; v: number[] }>;
    /** Why the benchmark is refused (named once), or null. */
    refused: string | null;
  }
  const runs = new Map<string, Run>();
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (!line.startsWith('Benchmark')) continue;
    const m = LINE.exec(line);
    if (!m) {
      // A benchmark that logs or fails prints its name alone, or "--- FAIL: BenchmarkX".
      if (/\s\d+\s/.test(line)) problems.push(`line ${i + 1} not understood: ${line.trim()}`);
      continue;
    }
    const name = m[1] as string;
    const procs = m[2] ? Number(m[2]) : null;
    const run: Run = runs.get(name) ?? { line: i + 1, procs, iterations: [], values: new Map(), refused: null };
    runs.set(name, run);
    if (run.refused) continue;
    // -count N repeats a line per run (one benchmark); -cpu 1,2 prints BenchmarkX-1 and
    // BenchmarkX-2, two benchmarks that would share a name here.
    if (procs !== run.procs) {
      run.refused = `line ${i + 1}: ${name}: reported with GOMAXPROCS ${procs ?? 'unset'} and ${run.procs ?? 'unset'} (line ${run.line}): run one -cpu value per suite entry`;
      continue;
    }
    run.iterations.push(Number(m[3]));
    const fields = (m[4] as string).trim().split(/\s+/);
    for (let k = 0; k + 1 < fields.length; k += 2) {
      const value = Number(fields[k]);
      const unit = fields[k + 1] as string;
      const meta = KNOWN[unit] ?? custom(unit);
      const why = sampleValueProblem(meta.metric, value);
      if (why !== null) {
        run.refused = `line ${i + 1}: ${name}: "${fields[k] as string} ${unit}": ${why}`;
        break;
      }
      const slot = run.values.get(meta.metric) ?? { m: meta, v: [] };
      slot.v.push(value);
      run.values.set(meta.metric, slot);
    }
  }
  for (const [i, raw] of text.split('\n').entries()) {
    const fail = /^\s*--- FAIL: (Benchmark\S+)/.exec(raw);
    if (fail) problems.push(`line ${i + 1}: ${fail[1]} failed`);
    if (/^panic: /.test(raw)) problems.push(`line ${i + 1}: ${raw.trim()}`);
  }
  const out = new ReportBuilder();
  for (const [name, run] of runs) {
    if (run.refused) {
      problems.push(run.refused);
      continue;
    }
    const metrics = dict<HarnessMetric>();
    for (const [metric, { m, v }] of run.values) {
      if (v.length !== run.iterations.length) {
        problems.push(
          `line ${run.line}: ${name}: ${m.unit} on ${v.length} of its ${run.iterations.length} lines: expected on every line`,
        );
        continue;
      }
      metrics[metric] = { unit: m.unit, value: medianOf(v), direction: m.direction };
    }
    if (Object.keys(metrics).length < run.values.size) continue;
    const context = dict<number>();
    context.count = run.iterations.length;
    context.iterations = medianOf(run.iterations);
    if (run.procs !== null) context.gomaxprocs = run.procs;
    out.add(`line ${run.line}`, name, metrics, context);
  }
  if (out.empty && problems.length === 0)
    throw new HarnessOutputError(
      'go-test',
      EXPECTED,
      text.trim() === '' ? 'empty output' : 'no benchmark result lines (did -bench match nothing?)',
    );
  return out.report(problems);
}
