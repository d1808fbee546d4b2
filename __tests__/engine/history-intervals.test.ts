/**
 * One interval per step, wherever it is printed: `history detect` drew 2000 resamples and the
 * dashboard (and the alert and the PR comment's note, through engine/history-report.ts) 10000,
 * so the same step read differently in the terminal and on the page. Both now draw
 * STEP_RESAMPLES; the commands run in this process on a directory store.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { CommandIO } from '../../src/commands/command-io.js';
import { main } from '../../src/commands/dispatch.js';
import type { DashboardData } from '../../src/report/dashboard.js';
import { formatCi } from '../../src/results/format.js';
import { historyFilePath, serializeHistory, type HistoryRecord } from '../../src/results/history-record.js';
import { createRng } from '../../src/stats/rng.js';

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void): Writable =>
    new Writable({
      write(chunk, _enc, cb) {
        add(String(chunk));
        cb();
      },
    });
  const io: CommandIO = {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    stdin: process.stdin,
    cwd,
    env: {},
    isTTY: false,
  };
  const code = await main(args, io);
  return { code, out, err };
}

it('history detect prints the interval the dashboard shows for the same step', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-hist-ci-'));
  const store = path.join(dir, 'store');
  const rng = createRng(22);
  const byFile = new Map<string, HistoryRecord[]>();
  // Two series of 60 nights: +10% at night 20 and −8% at night 35, 1% noise.
  for (let night = 0; night < 60; night++) {
    const date = new Date(Date.UTC(2026, 0, 1 + night, 3)).toISOString();
    for (const [benchmark, at, by] of [
      ['parse/json', 20, 1.1],
      ['hash/fnv', 35, 0.92],
    ] as const) {
      const v = Number((1e6 * (night >= at ? by : 1) * (1 + 0.01 * rng.normal())).toPrecision(9));
      const file = historyFilePath('demo', date);
      const list = byFile.get(file) ?? [];
      byFile.set(file, list);
      list.push({
        v: 1,
        suite: 'demo',
        benchmark,
        metric: 'wall',
        unit: 'ns',
        commit: (night + 1).toString(16).padStart(40, '0'),
        ref: 'refs/heads/main',
        date,
        fingerprint: '3f2a9c01b7de',
        backend: 'perf',
        n: 10,
        median: v,
        q1: v,
        q3: v,
        min: v,
        max: v,
        mean: v,
        sd: 0,
        threshold: 0.03,
        suiteHash: 'ab12cd34ef56',
      });
    }
  }
  for (const [rel, records] of byFile) {
    mkdirSync(path.dirname(path.join(store, rel)), { recursive: true });
    writeFileSync(path.join(store, rel), serializeHistory(records));
  }

  const detect = await run(['history', 'detect', '--store', store], dir);
  expect(detect).toMatchObject({ code: 0, err: '' });
  const site = await run(['history', 'site', '--store', store, '--out', path.join(dir, 'site')], dir);
  expect(site.code).toBe(0);
  const html = readFileSync(path.join(dir, 'site', 'index.html'), 'utf8');
  const json = /<script type="application\/json" id="perfgate-data">(.*?)<\/script>/s.exec(html)?.[1];
  const data = JSON.parse((json ?? 'null').replace(/\\u003c/g, '<')) as DashboardData;
  const steps = data.series.flatMap((s) => s.steps.map((st) => ({ benchmark: s.benchmark, ...st })));
  expect(steps.map((s) => [s.benchmark, s.i, s.k])).toEqual(
    expect.arrayContaining([
      ['parse/json', 20, 'regression'],
      ['hash/fnv', 35, 'improvement'],
    ]),
  );
  for (const s of steps) {
    expect(s.ci).not.toBeNull();
    // detect's line for the step: "at 20 (…): … [+9.71%, +10.32%] 95% CI: regression".
    const line = detect.out.split('\n').find((l) => l.includes(`at ${s.i} (`));
    expect(line).toContain(`${formatCi(s.ci as [number, number])} 95% CI`);
  }
});
