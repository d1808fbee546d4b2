/**
 * criterion.rs writes one directory per benchmark under `target/criterion/`:
 * `<id>/new/estimates.json` (nanoseconds per iteration) and, from 0.3, `<id>/new/benchmark.json`
 * with the full id and the throughput. estimates.json, as 0.3.6 writes it (one line):
 *   {"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":4296.1,"upper_bound":4330.2},
 *    "point_estimate":4311.9,"standard_error":8.7},"median":{...},"median_abs_dev":{...},
 *    "slope":{...},"std_dev":{...}}
 * The slope (linear regression over the sampled iteration counts) is criterion's own estimate
 * when it has one; flat sampling has `"slope": null`, and then the mean is used.
 */
import { tryParse } from './salvage.js';
import { dict } from '../../tools/dict.js';
import { finite, HarnessOutputError, ReportBuilder, type HarnessMetric, type HarnessReport } from './harness-report.js';

export interface CriterionFile {
  /** Path relative to the criterion directory, `/`-separated: `group/fn/new/estimates.json`. */
  path: string;
  text: string;
}

const EXPECTED = '<id>/new/estimates.json files under the criterion directory (target/criterion)';
type Obj = Record<string, unknown>;

function point(e: Obj, key: string): number | null {
  const v = e[key] as Obj | null | undefined;
  return v && finite(v.point_estimate) ? v.point_estimate : null;
}

export function parseCriterion(files: readonly CriterionFile[]): HarnessReport {
  const problems: string[] = [];
  const out = new ReportBuilder();
  const byPath = new Map(files.map((f) => [f.path, f.text]));
  const estimates = files
    .filter((f) => /(^|\/)new\/estimates\.json$/.test(f.path))
    .sort((a, b) => a.path.localeCompare(b.path));
  if (estimates.length === 0)
    throw new HarnessOutputError(
      'criterion',
      EXPECTED,
      files.length === 0 ? 'the directory holds no files (did cargo bench run?)' : `none among ${files.length} file(s)`,
    );
  for (const f of estimates) {
    const dir = f.path.replace(/\/?new\/estimates\.json$/, '');
    const e = tryParse(f.text) as Obj | null;
    const meta = tryParse(byPath.get(`${dir}/new/benchmark.json`) ?? '') as Obj | null;
    const name = meta && typeof meta.full_id === 'string' ? meta.full_id : dir;
    if (!e || typeof e !== 'object') {
      problems.push(`${name}: ${f.path} is not complete JSON`);
      continue;
    }
    const slope = point(e, 'slope');
    const value = slope ?? point(e, 'mean');
    if (value === null) {
      problems.push(`${name}: ${f.path} has neither slope nor mean point_estimate`);
      continue;
    }
    const metrics = dict<HarnessMetric>([['time', { unit: 'ns', value, direction: 'lower' }]]);
    const tp = meta?.throughput as Obj | null | undefined;
    if (tp && typeof tp === 'object') {
      const [kind, amount] = Object.entries(tp)[0] ?? [];
      // {"Bytes": 1024} or {"Elements": 64} per iteration → per second.
      if (finite(amount) && value > 0)
        metrics.throughput = {
          unit: kind === 'Bytes' || kind === 'BytesDecimal' ? 'B/s' : 'elements/s',
          value: (amount * 1e9) / value,
          direction: 'higher',
        };
    }
    const context = dict<number | string>([['estimate', slope !== null ? 'slope' : 'mean']]);
    const mean = e.mean as Obj | undefined;
    if (mean && finite(mean.standard_error)) context['standard-error-ns'] = mean.standard_error;
    out.add(f.path, name, metrics, context);
  }
  return out.report(problems);
}
