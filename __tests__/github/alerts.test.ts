/**
 * alertOnHistory, the function the action's baseline mode calls, night after night against the
 * loopback GitHub with the real Octokit, on the seeded demo history: the issue is opened once
 * by the first regression, left alone while nothing changes, updated with one comment when a
 * regression appears and another recovers, and never duplicated.
 */
import { randomBytes } from 'node:crypto';
import { ROUTES, WRITE_TOKEN, type GitHubEmulator } from './emulator.js';
import { startHarness, type Harness } from './harness.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { demoCommit, demoDate, demoHistory } from '../helpers/history.js';
import { repoRoot } from '../helpers/paths.js';
import { toHistoryRecords, type HistoryRecord } from '../../src/results/history-record.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { createRng } from '../../src/stats/rng.js';

type Alerts = typeof import('../../src/store/alerts.js');
type Gh = typeof import('../../src/store/github.js');

let h: Harness;
let emu: GitHubEmulator;
let alerts: Alerts;
let gh: Gh;

beforeAll(async () => {
  h = await startHarness();
  emu = h.emu;
  alerts = await import('../../src/store/alerts.js');
  gh = await import('../../src/store/github.js');
});
afterAll(() => h.stop());
beforeEach(() => emu.reset());

const history = demoHistory();
const upTo = (night: number) => history.filter((r) => Date.parse(r.date) <= Date.parse(demoDate(night)));

it('opens once, stays quiet on the same state, updates with one comment on news, never twice', async () => {
  const client = gh.createGitHubClient({ token: WRITE_TOKEN, retryUnitMs: 5, id: randomBytes(4).toString('hex') });
  const repo = { owner: emu.owner, repo: emu.repo };
  const night = (n: number) =>
    alerts.alertOnHistory({ client, repo, suiteId: 'demo', records: upTo(n), serverUrl: 'https://github.com' });

  // Nights 0–9: nothing has stepped up yet; no issue, and no write was attempted.
  expect(await night(9)).toMatchObject({ action: 'none', number: null });
  expect(emu.requestsTo(ROUTES.createIssue)).toHaveLength(0);

  // Night 20: tlb/page-stride has been 6% slower since night 10.
  const opened = await night(20);
  expect(opened).toMatchObject({ action: 'opened', number: 1, url: `https://github.com/${emu.fullName}/issues/1` });
  const issue = emu.issue(1)!;
  expect(issue).toMatchObject({
    title: 'perfgate: performance regression on main (demo)',
    state: 'open',
    labels: ['perfgate-regression'],
  });
  expect(issue.body).toContain(`https://github.com/${emu.fullName}/compare/${demoCommit(9)}...${demoCommit(10)}`);
  expect(issue.body).toContain('E-divisive means, window 50, p 0.001, minimum magnitude θ of each metric');

  // Nights 21–23: the same steps. No write at all.
  for (const n of [21, 22, 23]) expect(await night(n)).toMatchObject({ action: 'none', number: 1 });
  expect(emu.requestsTo(ROUTES.updateIssue)).toHaveLength(0);
  expect(emu.commentsOn(1)).toHaveLength(0);

  // Night 32: cache/random stepped up at 25, tlb/page-stride came back at 28.
  const news = await night(32);
  expect(news).toMatchObject({ action: 'updated', number: 1, commented: true });
  expect(emu.commentsOn(1)).toHaveLength(1);
  expect(emu.commentsOn(1)[0]!.body).toMatch(/cache\/random wall: regressed[\s\S]*tlb\/page-stride wall: recovered/);
  expect(emu.issue(1)!.body).toContain('### Recovered');

  // Night 33 and a re-run of night 33 (a retried job): nothing more.
  expect(await night(33)).toMatchObject({ action: 'none' });
  expect(await night(33)).toMatchObject({ action: 'none' });
  expect(emu.issuesList()).toHaveLength(1);
  expect(emu.commentsOn(1)).toHaveLength(1);
  expect(emu.requestsTo(ROUTES.createIssue)).toHaveLength(1);

  // A dry run plans without writing.
  const dry = await alerts.alertOnHistory({
    client,
    repo,
    suiteId: 'demo',
    records: upTo(20).concat([]),
    write: false,
  });
  expect(dry.plan.action).toBe('update');
  expect(emu.requestsTo(ROUTES.updateIssue)).toHaveLength(1);
}, 60_000);

/**
 * Nightly throughput records as `history add` and the action's history append write them
 * (toHistoryRecords of a results.json whose ops/s metric is `direction: 'higher'`): shell/true
 * drops 20% from night 10, shell/sleep rises 20% from night 10.
 */
function throughputHistory(nights: number): HistoryRecord[] {
  const captured = JSON.parse(
    readFileSync(path.join(repoRoot, '__tests__', 'fixtures', 'history', 'results.json'), 'utf8'),
  ) as ResultsDoc;
  const rng = createRng(11);
  return Array.from({ length: nights }, (_, night) => {
    const doc = structuredClone(captured);
    doc.git = { sha: demoCommit(night), ref: 'refs/heads/main' };
    for (const [name, step] of [
      ['shell/true', 0.8],
      ['shell/sleep', 1.2],
    ] as const) {
      const b = doc.benchmarks.find((x) => x.name === name)!;
      const level = 50_000 * (night >= 10 ? step : 1);
      b.metrics = {
        ops: {
          unit: 'ops/s',
          direction: 'higher',
          samples: Array.from({ length: 5 }, () => level * (1 + 0.01 * rng.normal())),
        },
      };
      b.threshold = { ops: 0.05 };
    }
    return toHistoryRecords(doc, { suiteId: 'thrpt', date: demoDate(night) });
  }).flat();
}

it('alerts on a throughput drop (higher is better) and lists the rise as an improvement', async () => {
  const client = gh.createGitHubClient({ token: WRITE_TOKEN, retryUnitMs: 5, id: randomBytes(4).toString('hex') });
  const repo = { owner: emu.owner, repo: emu.repo };
  const records = throughputHistory(30);
  expect(records.every((r) => r.direction === 'higher')).toBe(true);
  const result = await alerts.alertOnHistory({
    client,
    repo,
    suiteId: 'thrpt',
    records,
    serverUrl: 'https://github.com',
  });
  expect(result).toMatchObject({ action: 'opened', number: 1 });
  const body = emu.issue(1)!.body ?? '';
  const section = (title: string): string => body.split('<sub>')[0]!.split(`### ${title}`)[1]?.split('###')[0] ?? '';
  expect(section('Open regressions')).toMatch(
    /\| shell\/true \| ops \(higher is better\) \| .* \| -\d+\.\d+% \[-\d+\.\d+%, -\d+\.\d+%\]/,
  );
  expect(section('Open regressions')).not.toContain('shell/sleep');
  expect(section('Improvements')).toMatch(/\| shell\/sleep \| ops \(higher is better\) \| .* \| \+\d+\.\d+%/);
  expect(section('Improvements')).not.toContain('shell/true');
}, 60_000);
