/** Series selection and change points named by commit, on records built from the captured results.json. */
import path from 'node:path';
import { detectSeries, selectSeries, suiteIdFromPath } from '../../src/engine/history.js';
import { toHistoryRecords, type HistoryRecord } from '../../src/results/history.js';
import { readResults } from '../../src/results/io.js';
import { createRng } from '../../src/stats/rng.js';
import { repoRoot } from '../helpers/paths.js';

async function nights(n: number, level: (i: number) => number, fingerprintFrom = Infinity): Promise<HistoryRecord[]> {
  const doc = await readResults(path.join(repoRoot, '__tests__', 'fixtures', 'history', 'results.json'));
  const rng = createRng(11);
  const out: HistoryRecord[] = [];
  for (let i = 0; i < n; i++) {
    const d = structuredClone(doc);
    d.startedAt = new Date(Date.UTC(2026, 9, 1 + i)).toISOString();
    d.git.sha = i.toString(16).padStart(40, '0');
    if (i >= fingerprintFrom) d.fingerprint.hard.kernel = '6.19.0';
    for (const b of d.benchmarks) for (const m of Object.values(b.metrics)) m.samples = m.samples.map(() => level(i) * (1 + 0.01 * rng.normal()));
    out.push(...toHistoryRecords(d, { suiteId: 'demo', runUrl: `u${i}` }));
  }
  return out;
}

it('selects series by suite, benchmark and metric, oldest point first', async () => {
  const recs = await nights(5, () => 100);
  const other = recs.slice(0, 10).map((r) => ({ ...r, suite: 'other' }));
  const all = selectSeries([...recs.reverse(), ...other]);
  expect(all).toHaveLength(20);
  expect(all.map((s) => s.suite)).toEqual([...Array(10).fill('demo'), ...Array(10).fill('other')]);
  const wall = selectSeries(recs, { suiteId: 'demo', benchmark: /^shell\/true$/, metric: 'wall' });
  expect(wall).toHaveLength(1);
  expect(wall[0]).toMatchObject({ suite: 'demo', benchmark: 'shell/true', metric: 'wall', unit: 'ns' });
  expect(wall[0]?.points.map((p) => p.commit.slice(-1))).toEqual(['0', '1', '2', '3', '4']);
});

it('names the commit range of a step and notices a machine change at it', async () => {
  const recs = await nights(60, (i) => (i < 30 ? 100 : 110), 30);
  const [series] = selectSeries(recs, { benchmark: /^shell\/sleep$/, metric: 'wall' });
  const { changePoints } = detectSeries(series!);
  expect(changePoints).toHaveLength(1);
  expect(changePoints[0]).toMatchObject({ index: 30, commit: (30).toString(16).padStart(40, '0'), previousCommit: (29).toString(16).padStart(40, '0'), fingerprintChanged: true, date: '2026-10-31T00:00:00.000Z' });
});

it('defaults the magnitude to the series θ when the suite recorded one', async () => {
  // A 2.5% step: above the 2% default but below a θ of 3%.
  const recs = (await nights(60, (i) => (i < 30 ? 100 : 102.5))).filter((r) => r.benchmark === 'shell/sleep' && r.metric === 'wall');
  const [plain] = selectSeries(recs.map(({ threshold: _theta, ...r }) => r));
  expect(detectSeries(plain!).changePoints.map((c) => c.index)).toEqual([30]);
  // The captured suite's θ for wall (perfgate's default, 3%) is recorded with each point.
  expect(recs[0]?.threshold).toBe(0.03);
  const [withTheta] = selectSeries(recs);
  expect(detectSeries(withTheta!).changePoints).toEqual([]);
  expect(detectSeries(withTheta!, { minMagnitude: 0.02 }).changePoints.map((c) => c.index)).toEqual([30]);
});

it('derives a suite id from the suite path', () => {
  expect(suiteIdFromPath('perfgate.yml')).toBe('perfgate');
  expect(suiteIdFromPath('./bench/perfgate.yaml')).toBe('bench-perfgate');
  expect(suiteIdFromPath('/abs/path/my suite.yml')).toBe('abs-path-my-suite');
  expect(suiteIdFromPath('...')).toBe('suite');
});
