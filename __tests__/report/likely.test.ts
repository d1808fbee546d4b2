/**
 * `perfgate report` said "Nothing changed" on a Go library where no row was flagged but four
 * were inconclusive at +5…+14% (issue 21). A row without a verdict whose estimate lies beyond θ
 * is reported as "likely slower" (or faster) with its interval, in the summary, the evidence
 * and the hypothesis, and only a comparison with no such row says nothing changed.
 */
import { benchmarksToExplain, likelyBenchmarks, likelyChange } from '../../src/compare/changed.js';
import { compareDocs } from '../../src/compare/compare-docs.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { renderInvestigation } from '../../src/report/investigation-render.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { resultsDoc } from '../helpers/comparison.js';

/** Ten pairs per benchmark: head = base × ratio, each pair's log ratio swung by ±`swing` (and more, pair by pair). */
function comparison(ratios: Record<string, number>, swing: number): ComparisonDoc {
  const side = (s: 'base' | 'head'): ResultsDoc =>
    resultsDoc(
      Object.entries(ratios).map(([name, ratio]) => ({
        name,
        status: 'ok' as const,
        backend: 'perf' as const,
        threshold: { 'task-clock': 0.03 },
        metrics: {
          'task-clock': {
            unit: 'ms',
            samples: Array.from({ length: 10 }, (_, i) =>
              s === 'base'
                ? 100 + i
                : (100 + i) * ratio * Math.exp((i % 2 === 0 ? swing : -swing) * (1 + Math.floor(i / 2) / 5)),
            ),
          },
        },
      })),
      { git: { sha: s, ref: s } },
    );
  return compareDocs(side('base'), side('head'), { design: 'paired' });
}

const render = (doc: ComparisonDoc): string =>
  renderInvestigation([{ doc, label: 'comparison.json', graphs: {} }], { format: 'technical' });

it('reports inconclusive rows beyond θ as likely slower or faster, never "Nothing changed"', () => {
  const doc = comparison({ 'tree/get': 1.12, 'tree/put': 1.06, 'tree/scan': 0.9, 'tree/len': 1.0 }, 0.15);
  const byName = new Map(doc.rows.map((r) => [r.benchmark, r]));
  // The premise: no verdict anywhere, the estimates beyond θ (3%) for three of them.
  for (const r of doc.rows) expect(r.verdict).toBe('inconclusive');
  expect(likelyChange(byName.get('tree/get')!)).toBe('slower');
  expect(likelyChange(byName.get('tree/scan')!)).toBe('faster');
  expect(likelyChange(byName.get('tree/len')!)).toBeNull();
  expect(likelyBenchmarks(doc).map((l) => l.benchmark)).toEqual(['tree/get', 'tree/put', 'tree/scan']);

  // Markdown escapes ( [ + with backslashes: read the text without them.
  const md = render(doc).replace(/\\/g, '');
  expect(md).not.toContain('Nothing changed');
  expect(md).not.toContain('No change to explain');
  expect(md).toContain('No regression found; 2 benchmark(s) likely slower, without a verdict (below).');
  const get = byName.get('tree/get')!;
  expect(md).toContain(
    `**tree/get** likely slower: task-clock +${(get.change * 100).toFixed(1)}% [${(get.ci[0] * 100).toFixed(2)}%, +${(get.ci[1] * 100).toFixed(1)}%], inconclusive at θ ±3% (the estimate is beyond θ, the interval is not clear of it)`,
  );
  expect(md).toContain('**tree/scan** likely faster: task-clock -');
  // Each gets its evidence section; with no profile it says so instead of staying silent.
  expect(md).toMatch(/### tree\/get\n+No verdict: likely slower/);
  expect(md).toMatch(/\*\*tree\/get\*\*: no profile on both sides/);
  expect(md).not.toMatch(/### tree\/len/);
});

it('still says nothing changed when every estimate is within θ', () => {
  const doc = comparison({ a: 1.0, b: 1.01 }, 0.002);
  expect(likelyBenchmarks(doc)).toEqual([]);
  expect(render(doc)).toContain('Nothing changed, so there is no hotspot shift to show.');
});

it('orders the benchmarks to profile alone: regressions, improvements, then likely changes, each largest first', () => {
  const clear = comparison({ small: 1.2, big: 1.5, faster: 0.6, same: 1.0 }, 0.002);
  expect(clear.rows.map((r) => [r.benchmark, r.verdict])).toEqual([
    ['small', 'regression'],
    ['big', 'regression'],
    ['faster', 'improvement'],
    ['same', 'unchanged'],
  ]);
  expect(benchmarksToExplain(clear.rows)).toEqual(['big', 'small', 'faster']);
  const unsure = comparison({ 'tree/get': 1.12, 'tree/put': 1.06, 'tree/scan': 0.9, 'tree/len': 1.0 }, 0.15);
  expect(benchmarksToExplain([...clear.rows, ...unsure.rows])).toEqual([
    'big',
    'small',
    'faster',
    'tree/get',
    'tree/put',
    'tree/scan',
  ]);
});
