/**
 * The terminal table of a comparison (issue 19): headers that say which numbers are medians and
 * which change is the paired estimate, the gated metrics named, and a harness's many context
 * rows folded to one line (72 rows for a 36-benchmark Google Benchmark suite drowned the table).
 */
import { renderComparisonText } from '../../src/report/comparison-text.js';
import { comparison, row } from '../helpers/comparison.js';

const context = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    row(`gb/BM_${i}`, i % 2 ? 'real_time' : 'bytes_per_second', 'unchanged', 0.01, { gated: false, threshold: null }),
  );

describe('the terminal table', () => {
  it('names medians and the paired change, and says what the change is', () => {
    const text = renderComparisonText(comparison([row('gb/BM_0', 'cpu_time', 'regression', 0.127)]));
    expect(text).toMatch(/^benchmark +metric +base \(median\) +head \(median\) +change \(paired\) +CI +/m);
    expect(text).toContain(
      'change (paired) = the Hodges–Lehmann estimate of the per-pair ratios head/base, not the ratio of the medians',
    );
    expect(text).toContain('gated: cpu_time (θ ±3%)');
  });

  it('folds more than 12 context rows to one line naming their metrics; a few stay a table', () => {
    const many = renderComparisonText(comparison([row('gb/BM_0', 'cpu_time', 'unchanged', 0), ...context(72)]));
    expect(many).toContain(
      'context (not gated): 72 rows (bytes_per_second, real_time) in comparison.json; a metric is gated once perfgate.yml gives it a threshold',
    );
    expect(many).not.toContain('gb/BM_71');
    const few = renderComparisonText(comparison([row('gb/BM_0', 'cpu_time', 'unchanged', 0), ...context(4)]));
    expect(few).toContain('context (not gated):\n');
    expect(few).toContain('gb/BM_3');
  });

  it('puts a busy runner beside the rows it may have left open, and only then', () => {
    const doc = comparison([row('w', 'wall', 'inconclusive', 0.02), row('w', 'task-clock', 'unchanged', 0)]);
    doc.host = {
      checkedAt: '2026-12-07T00:00:00Z',
      cpus: 'all',
      checks: [
        { id: 'psi-cpu', status: 'fail', value: 'some avg10 94%', advice: '' },
        { id: 'governor', status: 'fail', value: 'powersave', advice: '' },
      ],
    };
    expect(renderComparisonText(doc)).toContain(
      '1 inconclusive row(s) measured on a busy runner (psi-cpu: some avg10 94%): a quieter CPU (cpus: auto, a dedicated runner) or more pairs may settle them',
    );
    doc.host.checks[0]!.status = 'pass';
    expect(renderComparisonText(doc)).not.toContain('busy runner');
  });
});
