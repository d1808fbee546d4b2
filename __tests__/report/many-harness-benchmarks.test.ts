/**
 * A harness suite of 200 benchmarks × 2 gated metrics through the real comparison (BH across
 * all 400 rows) and the real renderer: one comment under GitHub's limit, regressions first
 * and whole, the rest folded, a geomean for the entry.
 */
import { compareDocs } from '../../src/compare/compare-docs.js';
import { GITHUB_COMMENT_LIMIT, renderReport } from '../../src/report/markdown.js';
import type { BenchmarkResult, ResultsDoc } from '../../src/results/results-doc.js';
import { createRng } from '../../src/stats/rng.js';
import { resultsDoc } from '../helpers/comparison.js';

const N = 200;
const PAIRS = 12;
const SLOWER = new Set([17, 101, 188]);

function doc(side: 'base' | 'head'): ResultsDoc {
  const rng = createRng(side === 'base' ? 1 : 2);
  // The entry's own result: the whole invocation's counters, context only.
  const benchmarks: BenchmarkResult[] = [
    {
      name: 'gb',
      status: 'ok',
      backend: 'perf',
      threshold: {},
      metrics: { wall: { unit: 'ns', samples: Array.from({ length: PAIRS }, () => 5e8 * (1 + rng.next() * 0.01)) } },
    },
  ];
  for (let i = 0; i < N; i++) {
    const factor = side === 'head' && SLOWER.has(i) ? 1.2 : 1;
    const time = Array.from({ length: PAIRS }, () => (1000 + i) * factor * (1 + (rng.next() - 0.5) * 0.01));
    benchmarks.push({
      name: `gb/BM_Case/${i}`,
      status: 'ok',
      backend: 'perf',
      threshold: { cpu_time: 0.03, items_per_second: 0.03 },
      metrics: {
        cpu_time: { unit: 'ns', samples: time },
        items_per_second: { unit: 'items/s', samples: time.map((t) => 1e12 / t), direction: 'higher' },
      },
      harness: { entry: 'gb', format: 'google-benchmark', name: `BM_Case/${i}` },
    });
  }
  return resultsDoc(benchmarks, { git: { sha: side, ref: side } });
}

describe('200 harness benchmarks × 2 metrics in one comment', () => {
  const comparison = compareDocs(doc('base'), doc('head'), { design: 'paired' });
  const { body, cutRows } = renderReport({
    comparison,
    suiteId: 'perfgate.yml',
    provenance: { source: 'same-job', commit: null, ageMs: null },
  });

  it('BH adjusts across all 400 gated rows and finds exactly the slowed benchmarks, in both metrics', () => {
    expect(comparison.rows.filter((r) => r.gated)).toHaveLength(2 * N);
    expect(
      comparison.rows.filter((r) => r.gated).every((r) => r.pAdjusted !== null && r.pAdjusted >= (r.p as number)),
    ).toBe(true);
    const regressed = comparison.rows
      .filter((r) => r.verdict === 'regression')
      .map((r) => `${r.benchmark} ${r.metric}`)
      .sort();
    expect(regressed).toEqual(
      [...SLOWER].flatMap((i) => [`gb/BM_Case/${i} cpu_time`, `gb/BM_Case/${i} items_per_second`]).sort(),
    );
    const drop = comparison.rows.find((r) => r.benchmark === 'gb/BM_Case/17' && r.metric === 'items_per_second');
    expect(drop?.change).toBeLessThan(-0.15); // a throughput drop, reported as one
    expect(comparison.summary.geomeanByEntry?.gb?.benchmarks).toBe(N);
    expect(comparison.warnings).toEqual([]); // the entry's own context-only result is not "ungated"
    expect(comparison.rows.find((r) => r.benchmark === 'gb')?.gated).toBe(false);
  });

  it('renders one readable comment: regressions first and complete, the rest folded, the entry geomean shown', () => {
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const regressions = body.indexOf('\n| benchmark ');
    const folded = body.search(/<details><summary>\d+ unchanged gated row\(s\)/);
    expect(regressions).toBeGreaterThan(0);
    expect(folded).toBeGreaterThan(regressions);
    const section = body.slice(regressions, folded);
    for (const i of SLOWER)
      expect(section.split('\n').filter((l) => l.startsWith(`| gb/BM\\_Case/${i} `))).toHaveLength(2);
    expect(body).toMatch(/- `gb`: geomean cpu\\_time \+\d\.\d\d% \[.*\] over 200 benchmark\(s\)/);
    // Whatever had to be cut came from the folded rows, and the comment says so.
    if (cutRows > 0) expect(body).toContain('row(s) were cut');
  });
});
