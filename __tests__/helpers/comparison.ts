/** Small results.json and comparison.json documents for the compare and report tests. */
import { hasFrames } from '../../src/compare/changed.js';
import type { ComparisonDoc, ComparisonRow, FrameExplanation } from '../../src/compare/comparison-doc.js';
import type { BenchmarkResult, ResultsDoc } from '../../src/results/results-doc.js';

/** A results.json of these benchmarks; `over` sets the fields a test cares about. */
export function resultsDoc(benchmarks: BenchmarkResult[], over: Partial<ResultsDoc> = {}): ResultsDoc {
  return {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: '0.1.0' },
    suite: { path: 'perfgate.yml', sha256: 'a'.repeat(64) },
    git: { sha: null, ref: null },
    fingerprint: { hard: {}, soft: {} },
    backend: 'perf',
    backendReason: 'test',
    startedAt: '2026-12-01T00:00:00.000Z',
    finishedAt: '2026-12-01T00:00:00.000Z',
    benchmarks,
    ...over,
  };
}

export function row(
  benchmark: string,
  metric: string,
  verdict: ComparisonRow['verdict'],
  change: number,
  over: Partial<ComparisonRow> = {},
): ComparisonRow {
  return {
    benchmark,
    metric,
    unit: metric === 'wall' ? 'ns' : metric === 'instructions' ? 'count' : 'ms',
    gated: true,
    verdict,
    change,
    ci: [change - 0.01, change + 0.01],
    confLevel: 0.95,
    p: 0.01,
    pAdjusted: 0.02,
    threshold: 0.03,
    n: { base: 30, head: 30 },
    median: { base: 10, head: 10 * (1 + change) },
    outliers: 0,
    ...over,
  };
}

export function comparison(rows: ComparisonRow[], headSha = 'c'.repeat(40)): ComparisonDoc {
  const gated = rows.filter((r) => r.gated);
  const count = (v: string): number => gated.filter((r) => r.verdict === v).length;
  const side = (sha: string) => ({
    git: { sha, ref: 'main' },
    fingerprint: { hard: {}, soft: {} },
    backend: 'perf' as const,
    startedAt: '2026-11-20T00:00:00Z',
  });
  return {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: '0.1.0' },
    createdAt: '2026-11-21T00:00:00Z',
    design: 'paired',
    baseline: { source: 'same-job', sessions: 1, reason: 'base and head measured in pairs in this job' },
    seed: 1,
    fdr: 0.05,
    sequential: { looks: 1, nominalAlpha: 0.05 },
    base: side('b'.repeat(40)),
    head: side(headSha),
    gate: { comparable: true, reasons: [] },
    rows,
    added: [],
    removed: [],
    problems: [],
    summary: {
      regressions: count('regression'),
      improvements: count('improvement'),
      unchanged: count('unchanged'),
      inconclusive: count('inconclusive'),
      geomeanChange: null,
    },
    warnings: [],
  };
}

/** A benchmark's explanation when it has frames (an entry with only a kind of change has none). */
export function framesOf(doc: ComparisonDoc, name: string): FrameExplanation | undefined {
  const ex = doc.explanations?.[name];
  return hasFrames(ex) ? ex : undefined;
}
