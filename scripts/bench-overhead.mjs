// Harness overhead per measured run (issue: "< 2 ms per run beyond perf's own cost").
// Side by side, interleaved run by run (so drift in perf's own start-up, which varies by
// milliseconds between minutes, hits both alike), median of N runs each and the median of the
// per-pair differences:
//   direct      `true` itself
//   perf stat   `perf stat -x, -o FILE -e <the same events> -- true`  (perf's own cost)
//   perfgate    one run through perfgate's perf backend (spawn, perf, read + parse, metrics)
// and the time backend against /usr/bin/time likewise. Needs `tsc -p tsconfig.build.json`
// (npm run bench does it) because it imports the compiled modules from build/.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from 'simple-statistics';

const { probeHost } = await import('../build/host/probe.js');
const { makeBackend } = await import('../build/measure/backends.js');
const { benchmarkEnv } = await import('../build/measure/command.js');

const N = Number(process.env.BENCH_RUNS ?? 200);
const probe = await probeHost();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pg-bench-'));
const env = benchmarkEnv(process.env, {});
const ms = (ns) => Number(ns) / 1e6;

// The references are spawned the plainest way Node can (async spawn, no pipes), so the
// difference is what perfgate adds: process group, pipes, output file, parsing.
function spawnOnce(argv) {
  return new Promise((resolve, reject) => {
    const c = spawn(argv[0], argv.slice(1), { env, stdio: 'ignore' });
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited ${code}`))));
  });
}

/** Runs the reference command and perfgate's backend alternately; per-run milliseconds of each. */
async function interleaved(refArgv, backendName) {
  const backend = makeBackend(backendName, probe, scratch);
  const ref = [];
  const ours = [];
  for (let i = 0; i < N; i++) {
    let s = process.hrtime.bigint();
    await spawnOnce(refArgv);
    ref.push(ms(process.hrtime.bigint() - s));
    s = process.hrtime.bigint();
    const m = await backend.measure({ argv: ['true'], cwd: scratch, env, cpus: null, timeoutMs: 10_000 });
    ours.push(ms(process.hrtime.bigint() - s));
    if (m.outcome.exitCode !== 0) throw new Error(`${backendName} backend: true exited ${m.outcome.exitCode}`);
  }
  return { ref: median(ref), ours: median(ours), diff: median(ours.map((v, i) => v - ref[i])) };
}

async function timeSpawn(argv) {
  const t = [];
  for (let i = 0; i < N; i++) {
    const s = process.hrtime.bigint();
    await spawnOnce(argv);
    t.push(ms(process.hrtime.bigint() - s));
  }
  return median(t);
}

const rows = [];
rows.push(['true, spawned directly', await timeSpawn(['true']), '']);
if (probe.perf.usable) {
  const r = await interleaved(
    ['perf', 'stat', '-x,', '-o', path.join(scratch, 'ref.csv'), '-e', probe.perf.events.join(','), '--', 'true'],
    'perf',
  );
  rows.push(['perf stat -- true (reference)', r.ref, '']);
  rows.push([
    'perfgate perf backend -- true',
    r.ours,
    `overhead beyond perf: ${r.diff.toFixed(3)} ms, median of pair differences (target < 2 ms)`,
  ]);
} else {
  rows.push(['perf', NaN, `skipped: ${probe.perf.reasons.join('; ')}`]);
}
if (probe.time.usable) {
  const r = await interleaved(
    ['/usr/bin/time', '-f', '%U %S %M', '-o', path.join(scratch, 'ref.txt'), '--', 'true'],
    'time',
  );
  rows.push(['/usr/bin/time -- true (reference)', r.ref, '']);
  rows.push([
    'perfgate time backend -- true',
    r.ours,
    `overhead beyond GNU time: ${r.diff.toFixed(3)} ms, median of pair differences`,
  ]);
}

console.log(
  `perfgate harness overhead: median of ${N} runs each, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}, node ${process.version}`,
);
console.log(`events: ${probe.perf.events.join(',') || '(perf unusable)'}`);
const w = Math.max(...rows.map((r) => r[0].length));
for (const [name, v, note] of rows)
  console.log(`${name.padEnd(w)}  ${Number.isNaN(v) ? '     -' : v.toFixed(3).padStart(7)} ms  ${note}`);
