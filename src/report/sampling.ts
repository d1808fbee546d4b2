/**
 * One sentence on how many pairs the benchmarks got and who set the most they could get (the
 * suite's max-iterations, the run's, or the default), for the comment's footer and the terminal
 * text: a maximum that was not the one the suite asked for must be visible where the verdict is.
 */
import type { ComparisonRow } from '../compare/comparison-doc.js';
import type { MaxIterationsFrom, PairingUsed } from '../suite/spec.js';

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

/**
 * `Pairing: duet for 2 benchmark(s) (base and head at once, each on its own CPUs), sequential
 * for 1; why, per row, in comparison.json.`, or null when every pair ran sequentially as asked
 * (the default says nothing new). Counts and fixed words only: the reasons, free text, stay in
 * comparison.json and on stderr.
 */
export function pairingSummary(rows: ComparisonRow[]): string | null {
  const plans = new Map<string, { pairing: PairingUsed; why: boolean }>();
  for (const r of rows) {
    const s = r.sampling;
    if (s?.pairing === undefined) continue;
    plans.set(r.entry ?? r.benchmark, { pairing: s.pairing, why: s.pairingWhy !== undefined });
  }
  const all = [...plans.values()];
  if (!all.some((p) => p.pairing === 'duet' || p.why)) return null;
  const count = (d: PairingUsed): number => all.filter((p) => p.pairing === d).length;
  const parts = (['duet', 'sequential'] as const)
    .filter((d) => count(d) > 0)
    .map(
      (d) => `${d} for ${count(d)} benchmark(s)${d === 'duet' ? ' (base and head at once, each on its own CPUs)' : ''}`,
    );
  const reasons = all.some((p) => p.why) ? '; why, per row, in comparison.json' : '';
  return `Pairing: ${parts.join(', ')}${reasons}.`;
}
