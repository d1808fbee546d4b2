import { costChange } from '../stats/verdict.js';
import type { ComparisonDoc, ComparisonRow, Explanation, FrameExplanation, KindLabel } from './comparison-doc.js';

/** The explanation's frames, when it has them (an entry with only a kind has none). */
export function hasFrames(ex: Explanation | undefined): ex is FrameExplanation & Partial<KindLabel> {
  return ex !== undefined && 'diff' in ex;
}

/** Benchmarks with a gated regression or improvement, regressions first, in row order. */
export function changedBenchmarks(doc: Pick<ComparisonDoc, 'rows'>): string[] {
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

/**
 * `slower` or `faster` for a gated row left inconclusive whose estimate lies beyond θ (in cost
 * terms: a throughput drop is slower), else null. Its interval reaches past ±θ but not clear of
 * it, so it is no verdict; it is still what a maintainer should look at first when nothing is
 * flagged (four rows at +5…+14% were reported as "Nothing changed").
 */
export function likelyChange(r: ComparisonRow): 'slower' | 'faster' | null {
  if (!r.gated || r.verdict !== 'inconclusive' || r.threshold === null) return null;
  const c = costChange(r.change, r.direction);
  return c > r.threshold ? 'slower' : c < -r.threshold ? 'faster' : null;
}

/** Benchmarks with no verdict but a likely change (likelyChange), likely slower first, then by size. */
export function likelyBenchmarks(
  doc: Pick<ComparisonDoc, 'rows'>,
): { benchmark: string; direction: 'slower' | 'faster'; row: ComparisonRow }[] {
  const changed = new Set(changedBenchmarks(doc));
  const out = new Map<string, { benchmark: string; direction: 'slower' | 'faster'; row: ComparisonRow }>();
  for (const row of doc.rows) {
    const direction = likelyChange(row);
    if (direction === null || changed.has(row.benchmark)) continue;
    const had = out.get(row.benchmark);
    // One line per benchmark: its slower row wins over a faster one, then the larger change.
    const size = (r: ComparisonRow): number => Math.abs(costChange(r.change, r.direction));
    if (
      !had ||
      (had.direction === 'faster' && direction === 'slower') ||
      (had.direction === direction && size(row) > size(had.row))
    )
      out.set(row.benchmark, { benchmark: row.benchmark, direction, row });
  }
  const order = (x: { direction: string; row: ComparisonRow }): number => (x.direction === 'slower' ? 0 : 1);
  return [...out.values()].sort(
    (a, b) =>
      order(a) - order(b) ||
      Math.abs(costChange(b.row.change, b.row.direction)) - Math.abs(costChange(a.row.change, a.row.direction)),
  );
}

/**
 * The benchmarks worth a profile of their own, in the order to spend a time budget on:
 * regressions, improvements, then likely changed, each largest first.
 */
export function benchmarksToExplain(rows: ComparisonRow[]): string[] {
  // Within each verdict, the largest change of any gated row first (cost terms).
  const size = new Map<string, number>();
  for (const r of rows)
    if (r.gated)
      size.set(r.benchmark, Math.max(size.get(r.benchmark) ?? 0, Math.abs(costChange(r.change, r.direction))));
  const bySize = (names: string[]): string[] => [...names].sort((a, b) => (size.get(b) ?? 0) - (size.get(a) ?? 0));
  const pick = (v: string): string[] =>
    bySize([...new Set(rows.filter((r) => r.gated && r.verdict === v).map((r) => r.benchmark))]);
  return [
    ...new Set([...pick('regression'), ...pick('improvement'), ...likelyBenchmarks({ rows }).map((l) => l.benchmark)]),
  ];
}
