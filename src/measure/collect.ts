/**
 * Invocation samples → benchmark results. A plain entry is one result; a harness entry is
 * the entry's own result (the whole command's counters, context only: no thresholds) plus
 * one result per harness benchmark, gated on the format's default thresholds and the suite's.
 * A harness benchmark missing from some invocations (the harness crashed before it, or it was
 * renamed) cannot be paired run by run: it is reported as failed, never silently shortened.
 */
import type { BackendName, BenchmarkResult } from '../results/results-doc.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import { dict } from '../tools/dict.js';
import { FORMATS } from './harness/format-specs.js';
import type { InvocationSample } from './invocation.js';

export class SampleCollector {
  private readonly results = new Map<string, BenchmarkResult>();
  /** Invocation index at which each benchmark was last recorded, for alignment. */
  private readonly counts = new Map<string, number>();
  /** Recorded (not warm-up) invocations. */
  invocations = 0;
  private readonly failures: string[] = [];

  constructor(
    readonly spec: BenchmarkSpec,
    readonly backend: BackendName,
  ) {
    this.results.set(spec.name, {
      name: spec.name,
      status: 'ok',
      backend,
      threshold: spec.harness ? dict() : spec.threshold,
      metrics: dict(),
    });
  }

  /** The entry's own result (a plain entry's only one). */
  get entry(): BenchmarkResult {
    return this.results.get(this.spec.name) as BenchmarkResult;
  }

  add(sample: InvocationSample): void {
    this.invocations++;
    // Harness metric names are anyone's (`constructor`): no prototype to answer for them.
    const thresholds = dict(
      this.spec.harness
        ? { ...FORMATS[this.spec.harness.format].thresholds, ...this.spec.threshold }
        : this.spec.threshold,
    );
    for (const [name, metrics] of Object.entries(sample.byBenchmark)) {
      let r = this.results.get(name);
      if (!r) {
        const origin = sample.origins[name];
        r = {
          name,
          status: 'ok',
          backend: this.backend,
          threshold: thresholds,
          metrics: dict(),
          ...(origin ? { harness: origin } : {}),
        };
        this.results.set(name, r);
      } else if (sample.origins[name]) r.harness = sample.origins[name];
      for (const [metric, v] of Object.entries(metrics)) {
        const slot = (r.metrics[metric] ??= {
          unit: v.unit,
          samples: [],
          ...(v.direction ? { direction: v.direction } : {}),
        });
        slot.samples.push(v.value);
      }
      this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    }
    if (sample.warnings.length > 0)
      this.entry.warnings = [...new Set([...(this.entry.warnings ?? []), ...sample.warnings])];
  }

  /** Records a failed invocation's reason on the entry (the first few are kept verbatim). */
  fail(status: 'failed' | 'timeout' | 'skipped', error: string): void {
    this.entry.status = status;
    if (this.failures.length < 3) this.failures.push(error);
    else if (this.failures.length === 3) this.failures.push('(further failures of the same entry not repeated)');
    this.entry.error = this.failures.join('\n');
  }

  /** Harness benchmarks recorded in fewer than all invocations, with how many they were in. */
  incomplete(): { name: string; count: number }[] {
    return [...this.results.keys()]
      .filter((n) => n !== this.spec.name && (this.counts.get(n) ?? 0) < this.invocations)
      .map((name) => ({ name, count: this.counts.get(name) ?? 0 }));
  }

  /**
   * A metric missing from some of a benchmark's invocations would misalign samples (run i of
   * one metric with run j of another, or base pair i with head pair j): keep only metrics
   * counted every time the benchmark was recorded, with a warning on the result per metric dropped.
   */
  dropIncompleteMetrics(): void {
    for (const r of this.results.values()) {
      const runs = this.counts.get(r.name) ?? 0;
      const dropped: string[] = [];
      for (const [name, s] of Object.entries(r.metrics)) {
        if (s.samples.length !== runs) {
          dropped.push(`${name}: counted in ${s.samples.length} of ${runs} runs; metric dropped`);
          delete r.metrics[name];
        }
      }
      if (dropped.length > 0) r.warnings = [...new Set([...(r.warnings ?? []), ...dropped])];
    }
  }

  /** Whether a benchmark was recorded in every invocation so far. */
  complete(name: string): boolean {
    return (this.counts.get(name) ?? 0) === this.invocations;
  }

  /** The results as recorded so far, without the end-of-entry verdicts of finish(). */
  current(): BenchmarkResult[] {
    return [...this.results.values()];
  }

  /** Every result: the entry first, then the harness benchmarks in the order first reported. */
  finish(): BenchmarkResult[] {
    for (const { name, count } of this.incomplete()) {
      const r = this.results.get(name) as BenchmarkResult;
      r.status = 'failed';
      r.error = `reported in ${count} of ${this.invocations} invocation(s) of ${this.spec.name}: its samples cannot be paired run by run`;
    }
    return [...this.results.values()];
  }
}
