/**
 * One sentence on how many pairs the benchmarks got and who set the most they could get (the
 * suite's max-iterations, the run's, or the default), for the comment's footer and the terminal
 * text: a maximum that was not the one the suite asked for must be visible where the verdict is.
 */
import type { ComparisonRow } from '../compare/comparison-doc.js';
import type { MaxIterationsFrom } from '../suite/spec.js';

const FROM: Record<MaxIterationsFrom, string> = {
  suite: "the suite's max-iterations",
  run: 'max-iterations set for this run',
  default: 'no max-iterations set: the default',
};

/** `Sampling: 3 pairs of at most 3 (the suite's max-iterations).`, or null for rows without a plan (unpaired). */
export function samplingSummary(rows: ComparisonRow[]): string | null {
  // One plan per suite entry: a harness entry's benchmarks share its invocations.
  const plans = new Map<string, { pairs: number; max: number; from: MaxIterationsFrom }>();
  for (const r of rows) {
    const s = r.sampling;
    if (s?.max === undefined) continue;
    plans.set(r.entry ?? r.benchmark, { pairs: s.pairs, max: s.max, from: s.maxFrom ?? 'default' });
  }
  if (plans.size === 0) return null;
  const groups = new Map<string, { max: number; from: MaxIterationsFrom; pairs: number[] }>();
  for (const p of plans.values()) {
    const key = `${p.max} ${p.from}`;
    const g = groups.get(key) ?? { max: p.max, from: p.from, pairs: [] };
    g.pairs.push(p.pairs);
    groups.set(key, g);
  }
  const parts = [...groups.values()].map((g) => {
    const lo = Math.min(...g.pairs);
    const hi = Math.max(...g.pairs);
    const count = groups.size > 1 ? ` for ${g.pairs.length} benchmark(s)` : '';
    return `${lo === hi ? lo : `${lo}–${hi}`} pair(s) of at most ${g.max} (${FROM[g.from] ?? FROM.default})${count}`;
  });
  return `Sampling: ${parts.join('; ')}.`;
}
