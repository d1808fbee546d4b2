import type { ComparisonDoc, Explanation, FrameExplanation, KindLabel } from './comparison-doc.js';

/** The explanation's frames, when it has them (an entry with only a kind has none). */
export function hasFrames(ex: Explanation | undefined): ex is FrameExplanation & Partial<KindLabel> {
  return ex !== undefined && 'diff' in ex;
}

/** Benchmarks with a gated regression or improvement, regressions first, in row order. */
export function changedBenchmarks(doc: ComparisonDoc): string[] {
  const pick = (v: string): string[] => doc.rows.filter((r) => r.gated && r.verdict === v).map((r) => r.benchmark);
  return [...new Set([...pick('regression'), ...pick('improvement')])];
}

/**
 * Which explanation covers a benchmark: its own, or for a benchmark reported by a harness
 * (`<entry>/<name>`, never profiled on its own) its entry's, the profile of the whole invocation
 * that ran it.
 */
export function explanationKey(doc: ComparisonDoc, benchmark: string): string | undefined {
  if (hasFrames(doc.explanations?.[benchmark])) return benchmark;
  const entry = doc.rows.find((r) => r.benchmark === benchmark && r.entry !== undefined)?.entry;
  return entry !== undefined && hasFrames(doc.explanations?.[entry]) ? entry : undefined;
}

/** The changed benchmarks that an explanation covers, by explanation, in changedBenchmarks order. */
export function explainedChanges(doc: ComparisonDoc): { name: string; benchmarks: string[] }[] {
  const out: { name: string; benchmarks: string[] }[] = [];
  for (const benchmark of changedBenchmarks(doc)) {
    const name = explanationKey(doc, benchmark);
    if (name === undefined) continue;
    const group = out.find((g) => g.name === name);
    if (group) group.benchmarks.push(benchmark);
    else out.push({ name, benchmarks: [benchmark] });
  }
  return out;
}

/** `xxh/A, xxh/B and 3 more`: the benchmarks an entry's profile stands for, in a heading. */
export function coveredList(benchmarks: readonly string[], max = 3): string {
  const shown = benchmarks.slice(0, max).join(', ');
  return benchmarks.length > max ? `${shown} and ${benchmarks.length - max} more` : shown;
}
