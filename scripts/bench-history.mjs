// Reading and searching a big history store (issue 17 item 16a): `perfgate history show` and
// `perfgate history detect` over a generated year of nightly runs, timed end to end (the built
// CLI, build/cli.js, on a directory store).
//
// BENCHMARKS benchmarks × 2 metrics (wall, instructions) = the series; NIGHTS nightly runs from
// 2025-01-01, each a record per series, filed by month as `history add` files them. Each series is
// a level with 1% noise, a 10% step at a seeded night and one slow night, so detect has real work
// (a step to find, an outlier to set aside, a bootstrap interval to compute).
// Goal: a year × 400 series read and searched in under 10 s each (of CPU time: on an idle machine
// the wall time) on the CI machine (2 cores); exit 1 when missed.
// Needs `tsc -p tsconfig.build.json` (npm run bench:history does it). Env: BENCHMARKS, NIGHTS, SEED;
// KEEP=1 keeps the generated store (its path is printed) for profiling. Exit 1 when a goal is missed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { serializeHistory, historyFilePath } = await import('../build/results/history.js');
const { createRng } = await import('../build/stats/rng.js');

const BENCHMARKS = Number(process.env.BENCHMARKS ?? 200);
const NIGHTS = Number(process.env.NIGHTS ?? 365);
const SEED = Number(process.env.SEED ?? 20250101);
const METRICS = [
  ['wall', 'ns', 2_000_000],
  ['instructions', 'count', 5_000_000],
];

const rng = createRng(SEED);
const root = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-history-'));
const store = path.join(root, 'store');
const series = [];
for (let b = 0; b < BENCHMARKS; b++) {
  for (const [metric, unit, level] of METRICS) {
    series.push({
      benchmark: `group-${b % 10}/bench-${String(b).padStart(3, '0')}`,
      metric,
      unit,
      level: level * (1 + rng.next()),
      step: 30 + rng.int(NIGHTS - 60),
      slow: rng.int(NIGHTS),
    });
  }
}
const byFile = new Map();
for (let night = 0; night < NIGHTS; night++) {
  const date = new Date(Date.UTC(2025, 0, 1 + night, 3, 0, 12)).toISOString();
  const commit = (night + 1).toString(16).padStart(8, '0').repeat(5);
  const file = historyFilePath('nightly', date);
  const records = byFile.get(file) ?? [];
  byFile.set(file, records);
  for (const s of series) {
    const v = s.level * (night >= s.step ? 1.1 : 1) * (night === s.slow ? 1.5 : 1) * (1 + 0.01 * rng.normal());
    const r = (x) => Number(x.toPrecision(9));
    records.push({
      v: 1,
      suite: 'nightly',
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
    });
  }
}
let bytes = 0;
for (const [rel, records] of byFile) {
  mkdirSync(path.dirname(path.join(store, rel)), { recursive: true });
  writeFileSync(path.join(store, rel), serializeHistory(records));
  bytes += statSync(path.join(store, rel)).size;
}
const total = NIGHTS * series.length;
console.log(
  `history store: ${NIGHTS} nights × ${series.length} series = ${total} records in ${byFile.size} month files, ${(bytes / 1e6).toFixed(1)} MB`,
);
// Wall time, and the command's own CPU time: on a shared machine the load average says how much
// of the difference is waiting for a CPU.
console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${os.availableParallelism()} CPUs`,
);

// CPU seconds (user + system) of the child, printed by the child itself as it exits: on a shared
// machine wall time also counts the waits for a CPU.
const CPU_AT_EXIT = `data:text/javascript,process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\nperfgate-bench cpu ' + (u.user + u.system) / 1e6 + '\\n'); });`;

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ['--import', CPU_AT_EXIT, path.join(repo, 'build', 'cli.js'), 'history', ...args, '--store', store],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = /\nperfgate-bench cpu (\S+)\n$/.exec(r.stderr);
  if (r.status !== 0 || !cpu) {
    console.error(r.stderr);
    throw new Error(`perfgate history ${args.join(' ')} exited ${r.status}`);
  }
  return { s, cpu: Number(cpu[1]), out: r.stdout };
}

let failed = false;
for (const args of [['show'], ['show', '--json'], ['detect'], ['detect', '--json']]) {
  const { s, cpu, out } = timed(args);
  const found =
    args[0] === 'detect' && args.includes('--json') ? `, ${JSON.parse(out).changePoints.length} change points` : '';
  // Judged on CPU time: wall time on a shared machine is mostly the other jobs' doing.
  const ok = cpu < 10;
  if (!ok) failed = true;
  console.log(
    `perfgate history ${args.join(' ').padEnd(13)} ${s.toFixed(1).padStart(6)} s (${cpu.toFixed(1)} s CPU)${found}${ok ? '' : '  (goal: under 10 s of CPU)'}`,
  );
}
if (process.env.KEEP) console.log(`kept ${store}`);
else rmSync(root, { recursive: true, force: true });
if (failed) process.exitCode = 1;
