/**
 * wrk 4.x text output with `--latency` (the RED view of a service under load: rate, errors,
 * duration). As wrk 4.1.0 prints it:
 *   Running 1s test @ http://127.0.0.1:46327/
 *     Latency Distribution
 *        50%  104.00us
 *        99%   10.78ms
 *     23932 requests in 1.00s, 2.83MB read
 *     Non-2xx or 3xx responses: 15896
 *   Requests/sec:  23885.54
 * and on socket trouble `  Socket errors: connect 0, read 3, write 0, timeout 12`.
 * Requests/sec is higher-is-better; latency percentiles, not means (a mean hides the tail).
 * Errors are counted, not averaged: the invocation layer fails a run that had any.
 */
import { dict } from '../../tools/dict.js';
import {
  finite,
  HarnessOutputError,
  NS_PER,
  ReportBuilder,
  type HarnessMetric,
  type HarnessReport,
} from './harness-report.js';

const EXPECTED = 'wrk output with a "Requests/sec:" line (run wrk with --latency for percentiles)';

function duration(text: string): number | null {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  if (!m) return null;
  const scale = m[2] === 'm' ? 60e9 : m[2] === 'h' ? 3600e9 : (NS_PER[m[2] as string] as number);
  return Number(m[1]) * scale;
}

export function parseWrk(text: string): HarnessReport {
  const url = /^Running .* @ (\S+)/m.exec(text)?.[1];
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text);
  if (!rps || !url) {
    const said = text.trim().split('\n').slice(-1)[0] ?? '';
    throw new HarnessOutputError(
      'wrk',
      EXPECTED,
      text.trim() === ''
        ? 'empty output'
        : `no ${url ? '"Requests/sec:"' : '"Running ... @ URL"'} line (last line: ${JSON.stringify(said.slice(0, 120))})`,
    );
  }
  const metrics = dict<HarnessMetric>([['requests', { unit: 'req/s', value: Number(rps[1]), direction: 'higher' }]]);
  // [ \t], not \s: under /m \s also matches newlines, and ^\s+ tried from every line of a long
  // blank stretch ran to its end each time (quadratic in the output).
  for (const m of text.matchAll(/^[ \t]+(50|75|90|99)(?:\.0+)?%[ \t]+(\S+)[ \t]*$/gm)) {
    const ns = duration(m[2] as string);
    if (ns !== null && (m[1] === '50' || m[1] === '99'))
      metrics[`latency-p${m[1]}`] = { unit: 'ns', value: ns, direction: 'lower' };
  }
  const warnings: string[] = [];
  if (!metrics['latency-p50']) warnings.push('no latency distribution (add --latency to the wrk command for p50/p99)');
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const total = /^[ \t]+(\d+) requests in ([\d.]+\w+)/m.exec(text);
  const errors =
    (socket ? [1, 2, 3, 4].reduce((n, k) => n + Number(socket[k]), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  const context = dict<number | string>([['errors', errors]]);
  if (total && finite(Number(total[1]))) context.requests = Number(total[1]);
  if (total) context.duration = total[2] as string;
  if (socket) context['socket-errors'] = socket[0].replace('Socket errors: ', '');
  if (non2xx) context['non-2xx'] = Number(non2xx[1]);
  context.url = url;
  const out = new ReportBuilder();
  out.add(`line ${text.slice(0, rps.index).split('\n').length}`, benchmarkName(url), metrics, context);
  return out.report([], warnings);
}

/**
 * The URL's path names the benchmark (`http://127.0.0.1:46327/items?x=1` → `items?x=1`, the
 * root → `root`): a server started on a free port per invocation must keep its name.
 */
export function benchmarkName(url: string): string {
  const rest = url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/^\//, '');
  return rest === '' ? 'root' : rest;
}
