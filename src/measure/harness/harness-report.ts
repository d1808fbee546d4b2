/**
 * What every harness parser returns: the benchmarks one invocation reported, each with its
 * metrics in perfgate's units (times in ns) and direction, plus what went wrong with the
 * output when only part of it was readable. Parsers are pure: text (or files) in, report out.
 */
import { InputError } from '../../errors.js';
import { sampleValueProblem } from '../../results/check.js';
import { dict } from '../../tools/dict.js';

import type { HarnessFormat } from '../../suite/harness-formats.js';

export { HARNESS_FORMATS, type HarnessFormat } from '../../suite/harness-formats.js';

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
export const NS_PER: Readonly<Record<string, number>> = dict({ ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 });

export function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Median of a non-empty list (repetitions inside one invocation → its one sample). */
export function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Where a parser puts the benchmarks it read, so every format follows the same two rules:
 * - a value the results loader would refuse (a negative number, a zero time, not a number) is
 *   refused here, naming where it was and the benchmark, and the benchmark is left out of this
 *   invocation (the entry fails; a stored results.json never holds what compare refuses);
 * - a name reported twice in one invocation is refused (both reports left out), never "the
 *   last one wins": repetitions are what the format itself defines as such (Google Benchmark's
 *   repetition rows, go's `-count` lines, json's `values`), merged by the parser before this.
 * Names and metrics go into records without a prototype (`__proto__` is a name like any other).
 */
export class ReportBuilder {
  readonly problems: string[] = [];
  private readonly kept = new Map<string, { benchmark: HarnessBenchmark; where: string }>();
  private readonly refused = new Map<string, string>();

  /** `where` says where the benchmark's report starts: `line 12`, `results[3]`. */
  add(
    where: string,
    name: string,
    metrics: Record<string, HarnessMetric>,
    context: Record<string, number | string> = {},
  ): void {
    const first = this.kept.get(name)?.where ?? this.refused.get(name);
    if (first !== undefined) {
      this.problems.push(
        `${where}: ${name}: reported a second time in one invocation (first at ${first}): a name reported twice is refused, not taken as a repetition`,
      );
      this.kept.delete(name);
      this.refused.set(name, first);
      return;
    }
    for (const [metric, m] of Object.entries(metrics)) {
      const why = sampleValueProblem(metric, m.value);
      if (why === null) continue;
      this.refuse(where, name, `"${metric}" is ${String(m.value)}: ${why}`);
      return;
    }
    this.kept.set(name, {
      benchmark: { name, metrics: dict(Object.entries(metrics)), context: dict(Object.entries(context)) },
      where,
    });
  }

  /** Leaves `name` out of this invocation, saying why. */
  refuse(where: string, name: string, why: string): void {
    this.problems.push(`${where}: ${name}: ${why}`);
    this.kept.delete(name);
    if (!this.refused.has(name)) this.refused.set(name, where);
  }

  /** Whether anything was read, kept or refused (an output with no benchmark at all is an error). */
  get empty(): boolean {
    return this.kept.size === 0 && this.refused.size === 0 && this.problems.length === 0;
  }

  report(extraProblems: readonly string[] = [], warnings?: string[]): HarnessReport {
    return {
      benchmarks: [...this.kept.values()].map((k) => k.benchmark),
      problems: [...extraProblems, ...this.problems],
      ...(warnings ? { warnings } : {}),
    };
  }
}

/**
 * Line numbers for offsets into a text, from one pass over it (a lookup is a binary search,
 * so naming the line of every bad row stays linear in the output).
 */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** A number attribute or field as text (`"4314.84"`): the number, or null (`""` is not 0). */
export function numberText(s: string | undefined): number | null {
  if (s === undefined || !/^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/.test(s)) return null;
  return Number(s);
}
