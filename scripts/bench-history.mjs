// Every history command on a big store (issue 17 item 16a, issue 22 item 5): a generated year of
// nightly runs × 400 series, timed end to end through the built CLI (build/cli.js) on a
// directory store and on a data branch in a local bare repository, then the same at 2× and 4×
// the nights (or the series) to show how the time grows.
//
// BENCHMARKS benchmarks × 2 metrics (wall, instructions) = the series; NIGHTS nightly runs from
// 2025-01-01, each a record per series, filed by month as `history add` files them. Each series is
// a level with 1% noise, a 10% step at a seeded night and one slow night, so detect has real work
// (a step to find, an outlier to set aside, a bootstrap interval to compute).
// Printed per command: wall time, CPU time (user + system of the perfgate process; git's own
// time on the data branch is in the wall time only) and peak RSS.
// Goals (exit 1 when one is missed): `detect` and `site` together under 10 s, and every command
// under 10 s, of CPU time (on an idle machine, the wall time) on the CI machine (2 cores).
// Needs `tsc -p tsconfig.build.json` (npm run bench:history does it). Env: BENCHMARKS, NIGHTS,
// SEED; GROWTH (factors, default "2,4"; empty: none) and GROW (nights | series, default nights);
// KEEP=1 keeps the generated stores (their paths are printed) for profiling.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { serializeHistory, historyFilePath } = await import('../build/results/history-record.js');
const { createRng } = await import('../build/stats/rng.js');

const BENCHMARKS = Number(process.env.BENCHMARKS ?? 200);
const NIGHTS = Number(process.env.NIGHTS ?? 365);
const SEED = Number(process.env.SEED ?? 20250101);
const GROWTH = (process.env.GROWTH ?? '2,4')
  .split(',')
  .filter((x) => x.trim() !== '')
  .map(Number);
const GROW = process.env.GROW ?? 'nights';
if (GROW !== 'nights' && GROW !== 'series') throw new Error(`GROW: expected nights or series, got ${GROW}`);
const GOAL_S = 10;
const METRICS = [
  ['wall', 'ns', 2_000_000],
  ['instructions', 'count', 5_000_000],
];
const SUITE = 'nightly';
const root = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-history-'));

/** A store of `nights` nightly runs of `benchmarks` × 2 series, written as `history add` files it. */
function generate(dir, nights, benchmarks) {
  const rng = createRng(SEED);
  const series = [];
  for (let b = 0; b < benchmarks; b++) {
    for (const [metric, unit, level] of METRICS) {
      series.push({
        benchmark: `group-${b % 10}/bench-${String(b).padStart(3, '0')}`,
        metric,
        unit,
        level: level * (1 + rng.next()),
        step: 30 + rng.int(nights - 60),
        slow: rng.int(nights),
      });
    }
  }
  const r = (x) => Number(x.toPrecision(9));
  let bytes = 0;
  let files = 0;
  let month = '';
  let lines = [];
  const flush = () => {
    if (lines.length === 0) return;
    const file = path.join(dir, month);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, lines.join(''));
    bytes += statSync(file).size;
    files++;
    lines = [];
  };
  for (let night = 0; night < nights; night++) {
    const date = new Date(Date.UTC(2025, 0, 1 + night, 3, 0, 12)).toISOString();
    const commit = (night + 1).toString(16).padStart(8, '0').repeat(5);
    const file = historyFilePath(SUITE, date);
    if (file !== month) {
      flush();
      month = file;
    }
    const records = series.map((s) => {
      const v = s.level * (night >= s.step ? 1.1 : 1) * (night === s.slow ? 1.5 : 1) * (1 + 0.01 * rng.normal());
      return {
        v: 1,
        suite: SUITE,
        benchmark: s.benchmark,
        metric: s.metric,
        unit: s.unit,
        commit,
        ref: 'refs/heads/main',
        date,
        runUrl: `https://github.com/o/r/actions/runs/${night + 1}`,
        fingerprint: '3f2a9c01b7de',
        backend: 'perf',
        n: 30,
        median: r(v),
        q1: r(v * 0.995),
        q3: r(v * 1.005),
        min: r(v * 0.99),
        max: r(v * 1.02),
        mean: r(v),
        sd: r(v * 0.004),
        threshold: 0.03,
        suiteHash: 'ab12cd34ef56',
      };
    });
    lines.push(serializeHistory(records));
  }
  flush();
  return { series: series.length, records: nights * series.length, files, bytes };
}

/**
 * The next night's results.json for `history add`: the captured fixture's first benchmark cloned
 * into every benchmark of the store, with its wall and task-clock samples (2 series each).
 */
function nextNightResults(file, nights, benchmarks) {
  const doc = JSON.parse(readFileSync(path.join(repo, '__tests__', 'fixtures', 'history', 'results.json'), 'utf8'));
  const template = doc.benchmarks[0];
  doc.startedAt = new Date(Date.UTC(2025, 0, 1 + nights, 3, 0, 12)).toISOString();
  doc.git = { sha: (nights + 1).toString(16).padStart(8, '0').repeat(5), ref: 'refs/heads/main' };
  doc.benchmarks = Array.from({ length: benchmarks }, (_, b) => ({
    ...structuredClone(template),
    name: `group-${b % 10}/bench-${String(b).padStart(3, '0')}`,
    metrics: { wall: template.metrics.wall, 'task-clock': template.metrics['task-clock'] },
  }));
  writeFileSync(file, JSON.stringify(doc));
}

// CPU seconds (user + system) and peak RSS of the child, printed by the child itself as it
// exits: on a shared machine wall time also counts the waits for a CPU.
const AT_EXIT = `data:text/javascript,process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\nperfgate-bench ' + (u.user + u.system) / 1e6 + ' ' + process.resourceUsage().maxRSS + '\\n'); });`;

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', AT_EXIT, path.join(repo, 'build', 'cli.js'), 'history', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /\nperfgate-bench (\S+) (\d+)\n$/.exec(r.stderr);
  if (r.status !== 0 || !m) {
    console.error(r.stderr);
    throw new Error(`perfgate history ${args.join(' ')} exited ${r.status}`);
  }
  return { wall, cpu: Number(m[1]), rssMb: Number(m[2]) / 1024, out: r.stdout };
}

let failed = false;
function report(label, t, extra = '') {
  const ok = t.cpu < GOAL_S;
  if (!ok) failed = true;
  console.log(
    `  ${label.padEnd(34)} ${t.wall.toFixed(1).padStart(6)} s wall ${t.cpu.toFixed(1).padStart(6)} s CPU ${t.rssMb.toFixed(0).padStart(6)} MB peak RSS${extra}${ok ? '' : `  (goal: under ${GOAL_S} s of CPU)`}`,
  );
  return t;
}

console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${os.availableParallelism()} CPUs`,
);

const seriesOf = (n) => `${(n * METRICS.length).toLocaleString('en')} series`;
const base = path.join(root, 'store');
const g = generate(base, NIGHTS, BENCHMARKS);
console.log(
  `history store: ${NIGHTS} nights × ${g.series} series = ${g.records.toLocaleString('en')} records in ${g.files} month files, ${(g.bytes / 1e6).toFixed(1)} MB`,
);
const store = ['--store', base];
for (const args of [['show'], ['show', '--json']]) report(`history ${args.join(' ')}`, timed([...args, ...store]));
const json = timed(['detect', '--json', ...store]);
report('history detect --json', json, `, ${JSON.parse(json.out).changePoints.length} change points`);
const detect = report('history detect', timed(['detect', ...store]));
const site = report('history site', timed(['site', '--out', path.join(root, 'site'), ...store]));
const both = detect.cpu + site.cpu;
const bothOk = both < GOAL_S;
if (!bothOk) failed = true;
console.log(
  `  detect + site: ${(detect.wall + site.wall).toFixed(1)} s wall, ${both.toFixed(1)} s CPU${bothOk ? ` (goal: under ${GOAL_S} s)` : `  MISSED (goal: under ${GOAL_S} s of CPU)`}`,
);

// The data branch: the same store committed to perfgate-data in a local bare repository.
const bare = path.join(root, 'bare.git');
const work = path.join(root, 'branch');
const git = (cwd, ...args) => execFileSync('git', ['-C', cwd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
execFileSync('git', ['init', '-q', '--bare', bare]);
// As GitHub's server does: `history add` fetches the branch without file contents.
git(bare, 'config', 'uploadpack.allowFilter', 'true');
cpSync(base, work, { recursive: true });
git(work, 'init', '-q', '-b', 'perfgate-data');
git(work, 'add', '-A');
git(work, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'history');
git(work, 'push', '-q', bare, 'perfgate-data');
rmSync(work, { recursive: true, force: true });
const branch = ['--branch', 'perfgate-data', '--remote', bare];
report('history show (data branch: git fetches it all)', timed(['show', ...branch]));
const results = path.join(root, 'next-night.json');
nextNightResults(results, NIGHTS, BENCHMARKS);
const add = ['add', results, '--suite-id', SUITE, '--run-url', 'https://github.com/o/r/actions/runs/0'];
report(`history add (data branch, ${BENCHMARKS * 2} records)`, timed([...add, ...branch]));
report(`history add (directory, ${BENCHMARKS * 2} records)`, timed([...add, ...store]));

// Growth: the same commands at k× the nights (or series): k× the records should cost ~k× the time.
if (GROWTH.length > 0) {
  console.log(`growth with the ${GROW} (time ÷ (k × the time at 1×): 1.00 is linear)`);
  for (const k of GROWTH) {
    const dir = path.join(root, `store-${k}x`);
    const nights = GROW === 'nights' ? NIGHTS * k : NIGHTS;
    const benchmarks = GROW === 'series' ? BENCHMARKS * k : BENCHMARKS;
    const gk = generate(dir, nights, benchmarks);
    console.log(
      ` ${k}×: ${nights} nights × ${seriesOf(benchmarks)} = ${gk.records.toLocaleString('en')} records, ${(gk.bytes / 1e6).toFixed(0)} MB`,
    );
    const d = timed(['detect', '--store', dir]);
    const s = timed(['site', '--out', path.join(root, `site-${k}x`), '--store', dir]);
    for (const [label, t, one] of [
      ['history detect', d, detect],
      ['history site', s, site],
    ])
      console.log(
        `  ${label.padEnd(34)} ${t.wall.toFixed(1).padStart(6)} s wall ${t.cpu.toFixed(1).padStart(6)} s CPU ${t.rssMb.toFixed(0).padStart(6)} MB peak RSS, CPU ratio ${(t.cpu / (k * one.cpu)).toFixed(2)}`,
      );
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.KEEP) console.log(`kept ${root}`);
else rmSync(root, { recursive: true, force: true });
if (failed) process.exitCode = 1;
