// Per-run cost of measuring a command (issue 23, item 3: "overhead near perf's own"). Each round
// runs every variant once, in an order rotated round by round, so drift in the machine's load
// (and in perf's own start-up, which moves by milliseconds between minutes) hits all alike:
//   exec          the command spawned the plainest way Node can (async spawn, no pipes)
//   perf stat     `perf stat -x, -o FILE -e <the probe's events> -- CMD`, spawned the same way
//   helper        perfgate-count with the same arguments, spawned the same way
//   perfgate/perf one run through perfgate's perf backend counting with perf stat
//   perfgate/helper one run through perfgate's perf backend counting with perfgate-count
// on `true` and on `benchmarks/bin/work 6000` (~8 ms), medians of N rounds and the medians of
// the per-round differences. Then what perfgate's own steps cost a run, each timed alone:
// the process group, the output files, reading and parsing the CSV. And the time backend
// against /usr/bin/time. Needs `tsc -p tsconfig.build.json` (npm run bench does it) and
// `make -C benchmarks`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from 'simple-statistics';

const { probeHost } = await import('../build/host/probe.js');
const { makeBackend, perfBackend } = await import('../build/measure/backends.js');
const { benchmarkEnv } = await import('../build/measure/command.js');
const { runProcess } = await import('../build/tools/process.js');
const { parsePerfStatCsv } = await import('../build/tools/perfstat.js');
const { countersToMetrics } = await import('../build/measure/backends.js');

const N = Number(process.env.BENCH_RUNS ?? 200);
const probe = await probeHost();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pg-bench-'));
const env = benchmarkEnv(process.env, {});
const ms = (ns) => Number(ns) / 1e6;
const work = path.resolve(import.meta.dirname, '..', 'benchmarks', 'bin', 'work');

function spawnOnce(argv) {
  return new Promise((resolve, reject) => {
    const c = spawn(argv[0], argv.slice(1), { env, stdio: 'ignore' });
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited ${code}`))));
  });
}

/** A variant's milliseconds: its own figure when it returns one (it timed only part of itself). */
async function timed(fn) {
  const s = process.hrtime.bigint();
  const own = await fn();
  return typeof own === 'number' ? own : ms(process.hrtime.bigint() - s);
}

/** Every variant once per round, rotating the order; per-variant per-round milliseconds. */
async function rounds(variants) {
  const names = Object.keys(variants);
  const t = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < N; i++)
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length];
      t[n].push(await timed(variants[n]));
    }
  return t;
}

const rows = [];
const diff = (a, b) => median(a.map((v, i) => v - b[i]));
const signed = (v) => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(3)}`;
const fmt = (v) => (Number.isNaN(v) ? '     -' : v.toFixed(3).padStart(7));

if (probe.perf.usable) {
  const events = probe.perf.events;
  const helper = probe.perf.counter.helper;
  const viaPerf = perfBackend(events, scratch, null);
  const viaHelper = helper ? perfBackend(events, scratch, helper) : null;
  const ref = path.join(scratch, 'ref.csv');
  for (const [label, argv] of [
    ['true', ['true']],
    ['work 6000', [work, '6000']],
  ]) {
    if (!existsSync(argv[0]) && argv[0] !== 'true') {
      rows.push([`${label}: ${argv[0]} missing (make -C benchmarks)`, NaN, '']);
      continue;
    }
    const measure = (b) => async () => {
      const m = await b.measure({ argv, cwd: scratch, env, cpus: null, timeoutMs: 10_000 });
      if (m.outcome.exitCode !== 0) throw new Error(`${label}: exited ${m.outcome.exitCode}`);
    };
    const variants = {
      exec: () => spawnOnce(argv),
      'perf stat': () => spawnOnce(['perf', 'stat', '-x,', '-o', ref, '-e', events.join(','), '--', ...argv]),
      'perfgate/perf': measure(viaPerf),
      ...(helper
        ? {
            helper: () => spawnOnce([helper, '-o', ref, '-e', events.join(','), '--', ...argv]),
            'perfgate/helper': measure(viaHelper),
          }
        : {}),
    };
    const t = await rounds(variants);
    rows.push([`${label}, spawned directly`, median(t.exec), '']);
    rows.push([
      `${label}, perf stat (bare)`,
      median(t['perf stat']),
      `${signed(diff(t['perf stat'], t.exec))} ms over exec`,
    ]);
    rows.push([
      `${label}, perfgate via perf stat`,
      median(t['perfgate/perf']),
      `${signed(diff(t['perfgate/perf'], t['perf stat']))} ms over bare perf stat`,
    ]);
    if (helper) {
      rows.push([
        `${label}, perfgate-count (bare)`,
        median(t.helper),
        `${signed(diff(t.helper, t.exec))} ms over exec`,
      ]);
      rows.push([
        `${label}, perfgate via perfgate-count`,
        median(t['perfgate/helper']),
        `${signed(diff(t['perfgate/helper'], t.exec))} ms over exec, ${signed(diff(t['perfgate/helper'], t['perfgate/perf']))} ms vs perfgate via perf stat`,
      ]);
    } else rows.push([`${label}, perfgate-count`, NaN, `not used: ${probe.perf.counter.reason}`]);
  }

  // Pinning: taskset in front (the perf stat path) against perfgate-count pinning itself (-C).
  if (helper) {
    const ev = events.join(',');
    const pin = await rounds({
      taskset: () => spawnOnce(['taskset', '-c', '0', helper, '-o', ref, '-e', ev, '--', 'true']),
      self: () => spawnOnce([helper, '-C', '0', '-o', ref, '-e', ev, '--', 'true']),
    });
    rows.push(['pinned: taskset -c 0 perfgate-count -- true', median(pin.taskset), '']);
    rows.push([
      'pinned: perfgate-count -C 0 -- true',
      median(pin.self),
      `${signed(diff(pin.self, pin.taskset))} ms against taskset in front`,
    ]);
  }

  // What perfgate's own steps cost a run, each against the step without it.
  const csv = path.join(scratch, 'parse.csv');
  await spawnOnce(['perf', 'stat', '-x,', '-o', csv, '-e', events.join(','), '--', 'true']);
  const text = readFileSync(csv, 'utf8');
  const steps = await rounds({
    exec: () => spawnOnce(['true']),
    runProcess: () => runProcess({ argv: ['true'], cwd: scratch, env, timeoutMs: 10_000 }),
    detachedOnly: () =>
      new Promise((resolve) =>
        spawn('true', [], { env, stdio: 'ignore', detached: true }).on('close', () => resolve()),
      ),
    // As the backend does after a run: read the file the counter wrote, remove it, parse it.
    parse: async () => {
      const file = path.join(scratch, 'copy.csv');
      writeFileSync(file, text);
      const s = process.hrtime.bigint();
      const read = readFileSync(file, 'utf8');
      rmSync(file);
      countersToMetrics(parsePerfStatCsv(read).counters);
      return ms(process.hrtime.bigint() - s);
    },
  });
  rows.push([
    'own steps: runProcess (group, output files, tails)',
    median(steps.runProcess),
    `${signed(diff(steps.runProcess, steps.exec))} ms over exec`,
  ]);
  rows.push([
    'own steps: process group alone',
    median(steps.detachedOnly),
    `${signed(diff(steps.detachedOnly, steps.exec))} ms over exec`,
  ]);
  rows.push(['own steps: read + remove + parse the CSV', median(steps.parse), '']);
} else {
  rows.push(['perf', NaN, `skipped: ${probe.perf.reasons.join('; ')}`]);
}

if (probe.time.usable) {
  const backend = makeBackend('time', probe, scratch);
  const t = await rounds({
    ref: () => spawnOnce(['/usr/bin/time', '-f', '%U %S %M', '-o', path.join(scratch, 'ref.txt'), '--', 'true']),
    ours: () => backend.measure({ argv: ['true'], cwd: scratch, env, cpus: null, timeoutMs: 10_000 }),
  });
  rows.push(['true, /usr/bin/time (bare)', median(t.ref), '']);
  rows.push(['true, perfgate time backend', median(t.ours), `${signed(diff(t.ours, t.ref))} ms over GNU time`]);
}

console.log(
  `perfgate per-run overhead: medians of ${N} rounds (variants interleaved), ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}, node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`events: ${probe.perf.events.join(',') || '(perf unusable)'}; ${probe.perf.counter.reason}`);
const w = Math.max(...rows.map((r) => r[0].length));
for (const [name, v, note] of rows) console.log(`${name.padEnd(w)}  ${fmt(v)} ms  ${note}`);
