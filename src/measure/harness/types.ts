/**
 * What every harness parser returns: the benchmarks one invocation reported, each with its
 * metrics in perfgate's units (times in ns) and direction, plus what went wrong with the
 * output when only part of it was readable. Parsers are pure: text (or files) in, report out.
 */
import { InputError } from '../../errors.js';

import type { HarnessFormat } from '../../suite/formats.js';

export { HARNESS_FORMATS, type HarnessFormat } from '../../suite/formats.js';

export type Direction = 'lower' | 'higher';

export interface HarnessMetric {
  unit: string;
  value: number;
  direction: Direction;
}

export interface HarnessBenchmark {
  /** The harness's own name (`BM_Copy/64`, `BenchmarkParse`, `test_knob`...). */
  name: string;
  metrics: Record<string, HarnessMetric>;
  /** How the harness sampled it inside this invocation (repetitions, iterations, rounds...). */
  context: Record<string, number | string>;
}

export interface HarnessReport {
  benchmarks: HarnessBenchmark[];
  /**
   * Problems with output that was still partly readable (truncated after N benchmarks, a row
   * that is not a benchmark). Empty when the output was whole. Each makes the invocation fail
   * (the benchmarks that did report are kept).
   */
  problems: string[];
  /** Worth saying but not a failure (wrk run without --latency). */
  warnings?: string[];
}

/** Output a parser cannot read at all: says which format and what was expected. */
export class HarnessOutputError extends InputError {
  constructor(
    readonly format: HarnessFormat,
    readonly expected: string,
    detail: string,
  ) {
    super(`${format} output not understood: ${detail}; expected ${expected}`);
  }
}

/** Seconds → nanoseconds, the unit every harness time is reported in. */
export const NS_PER: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9 };

export function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Median of a non-empty list (repetitions inside one invocation → its one sample). */
export function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
