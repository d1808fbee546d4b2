/**
 * A comparison.json read back (a fork's report artifact, shard merges) is untrusted: the
 * sampling plan its rows carry is printed in the comment's footer, so only numbers and the
 * fixed words are accepted there; the one free text, why a pairing was chosen, is accepted but
 * never rendered into the comment (the footer counts pairings, nothing more).
 */
import { parseComparison } from '../../src/compare/read-comparison.js';
import { renderReport } from '../../src/report/markdown.js';
import { comparison, row } from '../helpers/comparison.js';

const withSampling = (sampling: unknown): unknown =>
  JSON.parse(
    JSON.stringify(comparison([{ ...row('a', 'task-clock', 'unchanged', 0), sampling } as ReturnType<typeof row>])),
  );

it('accepts the sampling plan perfgate writes', () => {
  const doc = parseComparison(withSampling({ pairs: 3, looks: 1, stop: 'fixed', max: 3, maxFrom: 'suite' }));
  expect(doc.rows[0]!.sampling).toEqual({ pairs: 3, looks: 1, stop: 'fixed', max: 3, maxFrom: 'suite' });
  const futile = {
    pairs: 30,
    looks: 1,
    stop: 'futile',
    max: 90,
    maxFrom: 'default',
    design: 'tost-pocock',
    futile: true,
  };
  expect(parseComparison(withSampling(futile)).rows[0]!.sampling).toEqual(futile);
});

it('accepts a pairing and its reason, and the comment names only the pairing', () => {
  const why = 'CPUs 0 and 1 <img src=x onerror=alert(1)> @maintainers';
  const doc = parseComparison(
    withSampling({ pairs: 3, looks: 1, stop: 'fixed', max: 3, maxFrom: 'suite', pairing: 'duet', pairingWhy: why }),
  );
  expect(doc.rows[0]!.sampling).toMatchObject({ pairing: 'duet', pairingWhy: why });
  const { body } = renderReport({
    comparison: doc,
    suiteId: 's',
    provenance: { source: 'same-job', commit: null, ageMs: 0 },
    runUrl: '',
    artifactUrl: '',
  });
  expect(body).toContain(
    'Pairing: duet for 1 benchmark(s) (base and head at once, each on its own CPUs); why, per row, in comparison.json.',
  );
  expect(body).not.toContain('<img');
  expect(body).not.toContain('@maintainers');
});

it.each([
  [{ pairs: 3, looks: 1, stop: 'fixed', pairing: 'trio' }, '/rows/0/sampling/pairing'],
  [
    { pairs: 3, looks: 1, stop: 'fixed', max: '3 <img src=x onerror=alert(1)>', maxFrom: 'suite' },
    '/rows/0/sampling/max',
  ],
  [{ pairs: 3, looks: 1, stop: 'fixed', max: 3, maxFrom: '@maintainers approved' }, '/rows/0/sampling/maxFrom'],
  [{ pairs: 'all', looks: 1, stop: 'fixed' }, '/rows/0/sampling/pairs'],
  [{ pairs: 3, looks: 1, stop: 'whenever' }, '/rows/0/sampling/stop'],
  [{ pairs: 3, looks: 4, stop: 'futile', design: '<b>trust me</b>' }, '/rows/0/sampling/design'],
  [{ pairs: 3, looks: 4, stop: 'futile', futile: 'yes' }, '/rows/0/sampling/futile'],
])('refuses a forged sampling plan %j, naming where', (sampling, where) => {
  expect(() => parseComparison(withSampling(sampling), 'artifact/comparison.json')).toThrow(
    new RegExp(`artifact/comparison.json is not a comparison.json this perfgate wrote:[\\s\\S]*${where}`),
  );
});
