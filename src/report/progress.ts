/**
 * Progress on stderr: `[2/8] cache/random  run 12/33  ETA 0:41`. On a terminal one line is
 * redrawn in place; in CI logs (no TTY) a line is printed at most every `everyMs`, plus one per
 * benchmark start and end, so logs stay readable.
 */
import type { ProgressSink } from '../measure/runner.js';
import type { BenchmarkResult } from '../results/results-doc.js';
import type { TextSink } from '../tools/text-sink.js';

export function formatEta(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function progressReporter(
  out: TextSink,
  opts: { isTTY: boolean; totalRuns: number; now?: () => number; everyMs?: number },
): ProgressSink {
  const now = opts.now ?? Date.now;
  const everyMs = opts.everyMs ?? 10_000;
  const started = now();
  let doneRuns = 0;
  let lastPrint = 0;
  let prefix = '';
  const eta = (): string => {
    if (doneRuns === 0) return 'ETA ?';
    return `ETA ${formatEta(((now() - started) / doneRuns) * (opts.totalRuns - doneRuns))}`;
  };
  return {
    benchmarkStart(index, total, name) {
      prefix = `[${index + 1}/${total}] ${name}`;
      if (!opts.isTTY) out.write(`${prefix}: start (${eta()})\n`);
    },
    run(done, runs, warmup) {
      doneRuns++;
      const line = `${prefix}  ${warmup ? 'warm-up' : 'run'} ${done}/${runs}  ${eta()}`;
      if (opts.isTTY) out.write(`\r\x1b[2K${line}`);
      else if (now() - lastPrint >= everyMs) {
        out.write(`${line}\n`);
        lastPrint = now();
      }
    },
    benchmarkEnd(result: BenchmarkResult) {
      const status =
        result.status === 'ok' ? 'ok' : `${result.status.toUpperCase()}: ${(result.error ?? '').split('\n')[0]}`;
      out.write(`${opts.isTTY ? '\r\x1b[2K' : ''}${prefix}: ${status}\n`);
    },
  };
}
