// Harness overhead per measured run (issue: "< 2 ms per run beyond perf's own cost").
// Side by side, median of N runs each, all spawned the same way from Node:
//   direct      `true` itself
//   perf stat   `perf stat -x, -o FILE -e <the same events> -- true`  (perf's own cost)
//   perfgate    one run through perfgate's perf backend (spawn, perf, read + parse, metrics)
// and the time backend against /usr/bin/time likewise. Needs `tsc -p tsconfig.build.json`
// (npm run bench does it) because it imports the compiled modules from build/.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { probeHost } = await import('../build/host/probe.js');
const { makeBackend } = await import('../build/measure/backends.js');
const { benchmarkEnv } = await import('../build/measure/command.js');

const N = Number(process.env.BENCH_RUNS ?? 200);
const probe = await probeHost();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pg-bench-'));
const env = benchmarkEnv(process.env, {});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
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

async function timeSpawn(argv) {
  const t = [];
  for (let i = 0; i < N; i++) {
    const s = process.hrtime.bigint();
    await spawnOnce(argv);
    t.push(ms(process.hrtime.bigint() - s));
  }
  return median(t);
}

async function timeBackend(name) {
  const backend = makeBackend(name, probe, scratch);
  const t = [];
  for (let i = 0; i < N; i++) {
    const s = process.hrtime.bigint();
    const m = await backend.measure({ argv: ['true'], cwd: scratch, env, cpus: null, timeoutMs: 10_000 });
    t.push(ms(process.hrtime.bigint() - s));
    if (m.outcome.exitCode !== 0) throw new Error(`${name} backend: true exited ${m.outcome.exitCode}`);
  }
  return median(t);
}

const rows = [];
const direct = await timeSpawn(['true']);
rows.push(['true, spawned directly', direct, '']);
if (probe.perf.usable) {
  const perf = await timeSpawn(['perf', 'stat', '-x,', '-o', path.join(scratch, 'ref.csv'), '-e', probe.perf.events.join(','), '--', 'true']);
  const ours = await timeBackend('perf');
  rows.push(['perf stat -- true (reference)', perf, '']);
  rows.push(['perfgate perf backend -- true', ours, `overhead beyond perf: ${(ours - perf).toFixed(3)} ms (target < 2 ms)`]);
} else {
  rows.push(['perf', NaN, `skipped: ${probe.perf.reasons.join('; ')}`]);
}
if (probe.time.usable) {
  const gnu = await timeSpawn(['/usr/bin/time', '-f', '%U %S %M', '-o', path.join(scratch, 'ref.txt'), '--', 'true']);
  const ours = await timeBackend('time');
  rows.push(['/usr/bin/time -- true (reference)', gnu, '']);
  rows.push(['perfgate time backend -- true', ours, `overhead beyond GNU time: ${(ours - gnu).toFixed(3)} ms`]);
}

console.log(`perfgate harness overhead: median of ${N} runs each, ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}, node ${process.version}`);
console.log(`events: ${probe.perf.events.join(',') || '(perf unusable)'}`);
const w = Math.max(...rows.map((r) => r[0].length));
for (const [name, v, note] of rows) console.log(`${name.padEnd(w)}  ${Number.isNaN(v) ? '     -' : v.toFixed(3).padStart(7)} ms  ${note}`);
