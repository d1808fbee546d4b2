import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCriterion, type CriterionFile } from '../../../src/measure/harness/criterion.js';
import { repoRoot } from '../../helpers/paths.js';

const dir = path.join(repoRoot, '__tests__', 'fixtures', 'harness', 'criterion', 'target-criterion');
function files(root: string, rel = ''): CriterionFile[] {
  return readdirSync(path.join(root, rel)).flatMap((n) => {
    const r = rel ? `${rel}/${n}` : n;
    return statSync(path.join(root, r)).isDirectory()
      ? files(root, r)
      : [{ path: r, text: readFileSync(path.join(root, r), 'utf8') }];
  });
}

describe('parseCriterion', () => {
  it('reads 0.3.6 estimates: the slope point estimate in ns, named by full_id', () => {
    const all = files(dir);
    const r = parseCriterion(all);
    expect(r.problems).toEqual([]);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['knob', 'steady']);
    const est = JSON.parse(all.find((f) => f.path === 'knob/new/estimates.json')!.text) as {
      slope: { point_estimate: number };
    };
    expect(r.benchmarks[0]!.metrics.time).toEqual({ unit: 'ns', value: est.slope.point_estimate, direction: 'lower' });
    expect(r.benchmarks[0]!.context.estimate).toBe('slope');
  });

  it('flat sampling (slope null) falls back to the mean; a throughput becomes a higher-is-better rate', () => {
    const r = parseCriterion([
      {
        path: 'parse/64/new/estimates.json',
        text: '{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":990,"upper_bound":1010},"point_estimate":1000,"standard_error":5},"slope":null}',
      },
      {
        path: 'parse/64/new/benchmark.json',
        text: '{"group_id":"parse","function_id":null,"value_str":"64","throughput":{"Bytes":64},"full_id":"parse/64","directory_name":"parse/64","title":"parse/64"}',
      },
    ]);
    expect(r.benchmarks[0]).toEqual({
      name: 'parse/64',
      metrics: {
        time: { unit: 'ns', value: 1000, direction: 'lower' },
        throughput: { unit: 'B/s', value: 64e6, direction: 'higher' },
      },
      context: { estimate: 'mean', 'standard-error-ns': 5 },
    });
  });

  it('a half-written estimates.json is a problem of that benchmark only', () => {
    const all = files(dir).map((f) =>
      f.path === 'steady/new/estimates.json' ? { ...f, text: f.text.slice(0, 50) } : f,
    );
    const r = parseCriterion(all);
    expect(r.benchmarks.map((b) => b.name)).toEqual(['knob']);
    expect(r.problems).toEqual(['steady: steady/new/estimates.json is not complete JSON']);
  });

  it('no estimates at all names the directory layout expected', () => {
    expect(() => parseCriterion([])).toThrow(
      /criterion output not understood: the directory holds no files \(did cargo bench run\?\); expected <id>\/new\/estimates.json files/,
    );
  });
});
