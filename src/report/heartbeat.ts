/**
 * A line at least every 10 s while pairs are measured, whatever stderr is (a CI log, `2> file`):
 * a harness invocation can run for minutes, and a log that says nothing for five of them reads
 * as a hung job. Each line says where the pairs are, how long they have taken, and the gated
 * rows' intervals as of the last look; a build or the profiles say they are still running.
 */
import type { ComparisonRow } from '../compare/comparison-doc.js';
import { formatCi, formatPercent } from '../results/format.js';
import type { TextSink } from '../tools/text-sink.js';
import { formatEta } from './progress.js';

export const HEARTBEAT_MS = 10_000;
/** Gated rows named on one line; a harness entry can have dozens. */
const MAX_ROWS = 4;

export interface PairsProgress {
  /** Rounds done so far, warm-up included, and the rounds planned before the next look. */
  done: number;
  planned: number;
  warmup: number;
  /** Gated rows and the pairs they were computed at: the last look's. */
  look: { pairs: number; rows: ComparisonRow[] } | null;
}

/** One heartbeat line; `elapsedMs` since this benchmark's first warm-up round started. */
export function heartbeatLine(prefix: string, p: PairsProgress, elapsedMs: number): string {
  const measured = Math.max(0, p.done - p.warmup);
  const where =
    p.done < p.warmup ? `warm-up pair ${p.done + 1}/${p.warmup}` : `${measured}/${p.planned - p.warmup} pairs`;
  const perRound = p.done > 0 ? elapsedMs / p.done : null;
  const eta =
    perRound === null ? '' : `, ETA ${formatEta(perRound * Math.max(0, p.planned - p.done))} to the next look`;
  const gated = (p.look?.rows ?? []).filter((r) => r.gated);
  const rows = gated
    .slice(0, MAX_ROWS)
    .map(
      (r) =>
        `${r.benchmark === prefixName(prefix) ? '' : `${r.benchmark} `}${r.metric} ${formatPercent(r.change)} ${formatCi(r.ci)} ${r.verdict}`,
    );
  const more = gated.length > MAX_ROWS ? `, ${gated.length - MAX_ROWS} more` : '';
  const at = p.look && rows.length > 0 ? `; at ${p.look.pairs} pairs: ${rows.join(', ')}${more}` : '';
  return `${prefix}: ${where}, ${formatEta(elapsedMs)} elapsed${eta}${at}\n`;
}

/** `[2/8] json/parse` → `json/parse`. */
const prefixName = (prefix: string): string => prefix.replace(/^\[\d+\/\d+\] /, '');

/** A line every HEARTBEAT_MS from `line(elapsedMs)`, for any long step; the returned function stops it. */
export function startTicker(out: TextSink, line: (elapsedMs: number) => string): () => void {
  const started = Date.now();
  const timer = setInterval(() => out.write(line(Date.now() - started)), HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The beat while pairs are measured. */
export function startHeartbeat(out: TextSink, prefix: string, state: () => PairsProgress): () => void {
  return startTicker(out, (ms) => heartbeatLine(prefix, state(), ms));
}

/** Runs `step`, saying `what` is still running every HEARTBEAT_MS (a build, the profiles). */
export async function withTicker<T>(out: TextSink, what: string, step: () => Promise<T>): Promise<T> {
  const stop = startTicker(out, (ms) => `${what}: still running, ${formatEta(ms)} elapsed\n`);
  try {
    return await step();
  } finally {
    stop();
  }
}
