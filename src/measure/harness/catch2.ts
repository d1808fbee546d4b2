/**
 * Catch2 2.x XML reporter (`-r xml`; Catch2 2.13 has no JSON reporter). A benchmark, as 2.13.10
 * writes it inside its test case:
 *   <BenchmarkResults name="knob" samples="10" resamples="100000" iterations="5" clockResolution="39.7794" estimatedDuration="450550">
 *     <!--All values in nano seconds-->
 *     <mean value="4314.84" lowerBound="4313.64" upperBound="4317.64" ci="0.95"/>
 * The reporter streams, so a crash leaves the benchmarks before it complete and no `</Catch>`.
 */
import { finite, HarnessOutputError, type HarnessBenchmark, type HarnessReport } from './types.js';

const EXPECTED = 'Catch2 XML reporter output with <BenchmarkResults> elements (run the test binary with -r xml)';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
    out[m[1] as string] = (m[2] as string).replace(/&(#x?[0-9a-fA-F]+|\w+);/g, (all, e: string) =>
      e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? all),
    );
  }
  return out;
}

export function parseCatch2(text: string): HarnessReport {
  if (!/<Catch\b/.test(text)) throw new HarnessOutputError('catch2', EXPECTED, text.trim() === '' ? 'empty output' : `no <Catch> element in ${JSON.stringify(text.trim().slice(0, 80))}`);
  const problems: string[] = [];
  const benchmarks: HarnessBenchmark[] = [];
  // Test cases open before their benchmarks; the nearest preceding one names the benchmark.
  const events = /<TestCase\b([^>]*)>|<BenchmarkResults\b([^>]*)>([\s\S]*?)<\/BenchmarkResults>/g;
  let testCase = '';
  for (const m of text.matchAll(events)) {
    if (m[1] !== undefined) {
      testCase = attrs(m[1]).name ?? '';
      continue;
    }
    const head = attrs(m[2] ?? '');
    const name = testCase ? `${testCase}/${head.name ?? ''}` : (head.name ?? '');
    const mean = /<mean\b([^>]*)\/>/.exec(m[3] ?? '');
    const value = mean ? Number(attrs(mean[1] ?? '').value) : NaN;
    if (!finite(value)) {
      problems.push(`${name}: <BenchmarkResults> without a numeric <mean value=...>`);
      continue;
    }
    const sd = /<standardDeviation\b([^>]*)\/>/.exec(m[3] ?? '');
    const context: Record<string, number> = {};
    for (const k of ['samples', 'iterations', 'resamples'] as const) if (finite(Number(head[k]))) context[k] = Number(head[k]);
    if (sd && finite(Number(attrs(sd[1] ?? '').value))) context['stddev-ns'] = Number(attrs(sd[1] ?? '').value);
    benchmarks.push({ name, metrics: { time: { unit: 'ns', value, direction: 'lower' } }, context });
  }
  if (!/<\/Catch>\s*$/.test(text)) problems.push(`output cut off after ${benchmarks.length} benchmark(s): no closing </Catch> (the test binary stopped mid-way)`);
  if (benchmarks.length === 0 && problems.length === 0) throw new HarnessOutputError('catch2', EXPECTED, 'no <BenchmarkResults> (are the benchmarks hidden behind a tag, or disabled with --skip-benchmarks?)');
  return { benchmarks, problems };
}
