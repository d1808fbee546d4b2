/**
 * `go test -bench` text output. A result line, as go 1.19 prints it:
 *   BenchmarkKnob-2     	   26708	      9144 ns/op	3499.40 MB/s
 *   BenchmarkAlloc-2    	 3747763	        55.29 ns/op	        42.00 widgets/op	      78 B/op	       1 allocs/op
 * i.e. name-GOMAXPROCS, iterations, then value/unit pairs. `-count N` repeats a line per run;
 * the N lines of one invocation become one sample (their median).
 */
import { finite, HarnessOutputError, medianOf, type HarnessBenchmark, type HarnessMetric, type HarnessReport } from './types.js';

const EXPECTED = 'go test -bench output with lines like "BenchmarkX-8  1000  1234 ns/op"';
const LINE = /^(Benchmark\S*?)(?:-(\d+))?\s+(\d+)((?:\s+[-+\d.eE]+\s+\S+)+)\s*$/;
/** Units go itself prints, renamed to metric names (names may not contain `/`). */
const KNOWN: Record<string, { metric: string; unit: string; direction: 'lower' | 'higher' }> = {
  'ns/op': { metric: 'time', unit: 'ns', direction: 'lower' },
  'B/op': { metric: 'bytes', unit: 'B', direction: 'lower' },
  'allocs/op': { metric: 'allocs', unit: 'count', direction: 'lower' },
  'MB/s': { metric: 'throughput', unit: 'MB/s', direction: 'higher' },
};

/** A b.ReportMetric unit: `widgets/op` → metric `widgets-per-op`; a `/s` unit is a rate. */
function custom(unit: string): { metric: string; unit: string; direction: 'lower' | 'higher' } {
  return { metric: unit.replace(/\//g, '-per-').replace(/[^A-Za-z0-9._-]/g, '_'), unit, direction: /\/s$/.test(unit) ? 'higher' : 'lower' };
}

export function parseGoTest(text: string): HarnessReport {
  const problems: string[] = [];
  interface Run {
    procs: number | null;
    iterations: number[];
    values: Map<string, { m: ReturnType<typeof custom>; v: number[] }>;
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
    const run: Run = runs.get(name) ?? { procs: m[2] ? Number(m[2]) : null, iterations: [], values: new Map() };
    run.iterations.push(Number(m[3]));
    const fields = (m[4] as string).trim().split(/\s+/);
    for (let k = 0; k + 1 < fields.length; k += 2) {
      const value = Number(fields[k]);
      const unit = fields[k + 1] as string;
      const meta = KNOWN[unit] ?? custom(unit);
      if (!finite(value)) continue;
      const slot = run.values.get(meta.metric) ?? { m: meta, v: [] };
      slot.v.push(value);
      run.values.set(meta.metric, slot);
    }
    runs.set(name, run);
  }
  for (const [i, raw] of text.split('\n').entries()) {
    const fail = /^\s*--- FAIL: (Benchmark\S+)/.exec(raw);
    if (fail) problems.push(`line ${i + 1}: ${fail[1]} failed`);
    if (/^panic: /.test(raw)) problems.push(`line ${i + 1}: ${raw.trim()}`);
  }
  const benchmarks: HarnessBenchmark[] = [];
  for (const [name, run] of runs) {
    const metrics: Record<string, HarnessMetric> = {};
    for (const [metric, { m, v }] of run.values) if (v.length === run.iterations.length) metrics[metric] = { unit: m.unit, value: medianOf(v), direction: m.direction };
    const context: Record<string, number> = { count: run.iterations.length, iterations: medianOf(run.iterations) };
    if (run.procs !== null) context.gomaxprocs = run.procs;
    benchmarks.push({ name, metrics, context });
  }
  if (benchmarks.length === 0 && problems.length === 0) throw new HarnessOutputError('go-test', EXPECTED, text.trim() === '' ? 'empty output' : 'no benchmark result lines (did -bench match nothing?)');
  return { benchmarks, problems };
}
