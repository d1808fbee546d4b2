/**
 * Catch2 2.x XML reporter (`-r xml`; Catch2 2.13 has no JSON reporter). A benchmark, as 2.13.10
 * writes it inside its test case:
 *   <BenchmarkResults name="knob" samples="10" resamples="100000" iterations="5" clockResolution="39.7794" estimatedDuration="450550">
 *     <!--All values in nano seconds-->
 *     <mean value="4314.84" lowerBound="4313.64" upperBound="4317.64" ci="0.95"/>
 * The reporter streams, so a crash leaves the benchmarks before it complete and no `</Catch>`.
 * Read by one forward scan over the tags (each character looked at a bounded number of times):
 * a pattern spanning open to close tag re-scanned the rest of the output for every unclosed
 * <BenchmarkResults>, 27 s for 2 MB.
 */
import { dict } from '../../tools/dict.js';
import { HarnessOutputError, lineLocator, numberText, ReportBuilder, type HarnessReport } from './harness-report.js';

const EXPECTED = 'Catch2 XML reporter output with <BenchmarkResults> elements (run the test binary with -r xml)';
const ENTITIES: Record<string, string> = dict({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" });

/** XML 1.0's Char production: what a character reference may name. */
function xmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/**
 * An attribute value with its entities decoded; a character reference XML does not allow
 * (`&#99999999;`) makes the document not XML at all, named with its line.
 */
function decode(raw: string, at: number, line: (offset: number) => number): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|\w+);/g, (all: string, e: string, offset: number) => {
    if (!e.startsWith('#')) return ENTITIES[e] ?? all;
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    if (!xmlChar(code))
      throw new HarnessOutputError(
        'catch2',
        EXPECTED,
        `line ${line(at + offset)}: ${JSON.stringify(all)} is not a character XML allows (code points 0x9, 0xA, 0xD, 0x20–0xD7FF, 0xE000–0xFFFD, 0x10000–0x10FFFF)`,
      );
    return String.fromCodePoint(code);
  });
}

/** `name="value"` pairs of a tag's text starting at `at` in the output, in one pass. */
function attrs(body: string, at: number, line: (offset: number) => number): Record<string, string> {
  const out = dict<string>();
  let i = 0;
  for (;;) {
    const eq = body.indexOf('="', i);
    if (eq < 0) break;
    const end = body.indexOf('"', eq + 2);
    if (end < 0) break;
    let start = eq;
    while (start > i && /[\w.:-]/.test(body[start - 1] as string)) start--;
    if (start < eq) out[body.slice(start, eq)] = decode(body.slice(eq + 2, end), at + eq + 2, line);
    i = end + 1;
  }
  return out;
}

export function parseCatch2(text: string): HarnessReport {
  if (!/<Catch\b/.test(text))
    throw new HarnessOutputError(
      'catch2',
      EXPECTED,
      text.trim() === '' ? 'empty output' : `no <Catch> element in ${JSON.stringify(text.trim().slice(0, 80))}`,
    );
  const line = lineLocator(text);
  const problems: string[] = [];
  const out = new ReportBuilder();
  // Test cases open before their benchmarks; the enclosing one names the benchmark.
  let testCase = '';
  let open: { name: string; testCase: string; where: string; head: Record<string, string> } | null = null;
  const pending: { mean?: string; sd?: string } = {};
  let count = 0;
  const close = (): void => {
    if (!open) return;
    const { name, testCase: inCase, where, head } = open;
    open = null;
    const mean = numberText(pending.mean);
    if (mean === null) {
      out.refuse(where, name, `<mean value=${JSON.stringify(pending.mean ?? null)}>: expected a number of nanoseconds`);
      return;
    }
    // The test case is what Catch2 can select on its command line (measure/harness/only.ts).
    const context = dict<number | string>(inCase ? [['test-case', inCase]] : []);
    for (const k of ['samples', 'iterations', 'resamples'] as const) {
      const n = numberText(head[k]);
      if (n !== null) context[k] = n;
    }
    const sd = numberText(pending.sd);
    if (sd !== null) context['stddev-ns'] = sd;
    count++;
    out.add(where, name, dict([['time', { unit: 'ns', value: mean, direction: 'lower' as const }]]), context);
  };
  for (let p = text.indexOf('<'); p >= 0;) {
    if (text.startsWith('<!--', p)) {
      const end = text.indexOf('-->', p + 4);
      if (end < 0) break;
      p = text.indexOf('<', end + 3);
      continue;
    }
    const q = text.indexOf('>', p + 1);
    if (q < 0) break; // cut off inside a tag
    const body = text.slice(p + 1, q);
    const tag = /^\/?[\w:.-]*/.exec(body)?.[0] ?? '';
    const at = p + 1;
    if (tag === 'TestCase') testCase = attrs(body, at, line).name ?? '';
    else if (tag === '/TestCase') testCase = '';
    else if (tag === 'BenchmarkResults') {
      if (open) problems.push(`${open.where}: ${open.name}: <BenchmarkResults> not closed before the next one`);
      const head = attrs(body, at, line);
      open = {
        name: testCase ? `${testCase}/${head.name ?? ''}` : (head.name ?? ''),
        testCase,
        where: `line ${line(p)}`,
        head,
      };
      delete pending.mean;
      delete pending.sd;
    } else if (open && tag === 'mean') pending.mean = attrs(body, at, line).value ?? '';
    else if (open && tag === 'standardDeviation') pending.sd = attrs(body, at, line).value;
    else if (tag === '/BenchmarkResults') close();
    p = text.indexOf('<', q + 1);
  }
  const unclosed = open as { name: string; where: string } | null;
  if (unclosed) problems.push(`${unclosed.where}: ${unclosed.name}: <BenchmarkResults> not closed`);
  if (!text.trimEnd().endsWith('</Catch>'))
    problems.push(`output cut off after ${count} benchmark(s): no closing </Catch> (the test binary stopped mid-way)`);
  if (out.empty && problems.length === 0)
    throw new HarnessOutputError(
      'catch2',
      EXPECTED,
      'no <BenchmarkResults> (are the benchmarks hidden behind a tag, or disabled with --skip-benchmarks?)',
    );
  return out.report(problems);
}
