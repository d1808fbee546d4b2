/**
 * Conformance with Apache Otava on a real series (optional corpus ../shared/fixtures/changepoint/
 * tigerbeetle.json: skipped with a message when absent, a failure when absent with
 * PERFGATE_REQUIRE_CORPUS=1, which .ci/run sets because CI lays shared/ beside the clone).
 * With `mode: 'otava'` perfgate must reproduce every parameter set's indexes exactly; with the
 * default outlier guard it must still find exactly [15, 71] at window 30, p 0.01, magnitude 5%,
 * and it differs elsewhere only by the outlier pairs it exists to suppress (see docs/history.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { detectChangePoints } from '../../src/stats/changepoint.js';
import { corpusRequired, sharedCorpus } from '../helpers/optional.js';

interface Case {
  window: number;
  p: number;
  minMagnitude: number;
  expected: number[];
}
interface Fixture {
  series: number[];
  cases: Case[];
}

const file = path.join(sharedCorpus, 'changepoint', 'tigerbeetle.json');
const present = existsSync(file);

if (!present && corpusRequired()) {
  it('has the change-point conformance corpus (PERFGATE_REQUIRE_CORPUS=1)', () => {
    throw new Error(`conformance corpus missing: ${file}`);
  });
} else if (!present) {
  process.stdout.write(`skipping Otava conformance: ${file} is absent\n`);
  it.skip('Otava conformance (corpus absent)', () => undefined);
} else {
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture;

  it('has the nine parameter sets and the 365-point series', () => {
    expect(fixture.series).toHaveLength(365);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(9);
  });

  describe.each(fixture.cases)('window $window, p $p, magnitude $minMagnitude', (c) => {
    it('otava: the indexes Otava finds, exactly', () => {
      const got = detectChangePoints(fixture.series, {
        window: c.window,
        p: c.p,
        minMagnitude: c.minMagnitude,
        mode: 'otava',
      });
      expect(got.changePoints.map((x) => x.index)).toEqual(c.expected);
    });
  });

  it('robust (the default): exactly [15, 71] at window 30, p 0.01, magnitude 5%, with the outlying nights 10, 361 and 363 set aside', () => {
    const got = detectChangePoints(fixture.series, { window: 30, p: 0.01, minMagnitude: 0.05 });
    expect(got.changePoints.map((x) => x.index)).toEqual([15, 71]);
    expect(got.outliers).toEqual([10, 361, 363]);
  });

  // Where robust mode differs from Otava, and why (docs/history.md). These are perfgate's own
  // results pinned so a change is noticed, not independent values: the independent check is the
  // exact agreement of mode 'otava' above.
  // - 10, 11 and 363 are single fast/slow nights: the outlier guard replaces 10, 361 and 363
  //   (the last nights are the noisiest of the series);
  // - 28/29, 35/37, 48/49 bound segments of one or two points: shorter than MIN_SEGMENT;
  // - 15 and 61 survive at p 1e-4 and 1e-5, and 330, 353 and 360 appear at p 0.1 and 0.01: with
  //   the outliers at 10, 361 and 363 replaced the segments around them are quieter, so the evidence
  //   for these steps is stronger;
  // - 26, 260 and 265: robust mode re-tests the left neighbour of a dropped point (Otava re-tests
  //   the one after its right neighbour instead, leaving the left one's p stale), and these do
  //   not survive the re-test. (Measured by switching each rule off in turn.)
  const ROBUST: Record<string, number[]> = {
    '0.01 0.05': [15, 71],
    '0.05 0.05': [15, 71],
    '0.1 0.05': [15, 71],
    '0.2 0.05': [15, 71],
    '0.1 0.01': [15, 61, 71, 95, 117, 131, 142, 148, 165, 169, 192, 206, 212, 260, 268, 278, 282, 353, 360],
    '0.01 0': [15, 61, 71, 95, 117, 131, 142, 148, 165, 169, 192, 212, 260, 330, 353, 360],
    '0.001 0': [15, 61, 71, 95, 117, 131, 142, 148, 192, 212],
    '0.0001 0': [15, 61, 71, 95, 117, 131, 142, 148, 192, 212],
    '0.00001 0': [15, 61, 71, 95, 131, 192, 212],
  };
  it.each(fixture.cases)('robust at p $p, magnitude $minMagnitude: the documented differences', (c) => {
    const got = detectChangePoints(fixture.series, { window: c.window, p: c.p, minMagnitude: c.minMagnitude });
    expect(got.changePoints.map((x) => x.index)).toEqual(ROBUST[`${c.p} ${c.minMagnitude}`]);
  });

  it('reports the segment means and the p-value Otava reports (to 1e-12)', () => {
    const [a, b] = detectChangePoints(fixture.series, {
      window: 30,
      p: 0.01,
      minMagnitude: 0.05,
      mode: 'otava',
    }).changePoints;
    // Otava: 15 mean_1 26000.666666666668 mean_2 23593.18181818182 pvalue 0.00841316563982941;
    //        71 mean_1 23828.76785714286 mean_2 28431.75 pvalue 3.03506560423744e-67
    expect(a?.before).toBeCloseTo(26000.666666666668, 9);
    expect(a?.after).toBeCloseTo(23593.18181818182, 9);
    expect(a?.change).toBeCloseTo(23593.18181818182 / 26000.666666666668 - 1, 12);
    expect(Math.abs((a?.p ?? 0) / 0.00841316563982941 - 1)).toBeLessThan(1e-12);
    expect(b?.before).toBeCloseTo(23828.76785714286, 9);
    expect(b?.after).toBeCloseTo(28431.75, 9);
    expect(Math.abs((b?.p ?? 0) / 3.03506560423744e-67 - 1)).toBeLessThan(1e-10);
  });
}
