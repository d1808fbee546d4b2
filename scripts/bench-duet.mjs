// Duet pairs against sequential pairs on this machine (issue 23, item 2), side by side.
//
// Both designs run through perfgate's own measuring loop (measure/loop.ts) with the perf
// backend: sequential pairs pinned to one CPU (SEQ_CPU), duet pairs on CPUs 0 and 1 (DUET_CPUS),
// base and head at once, halves swapped at random from pair to pair. For each benchmark length
// (benchmarks/bin/work at ~8 and ~25 ms of task-clock) and each condition (quiet, and a
// duty-cycled neighbour: a busy loop on 30 ms of every 100 ms, not pinned, so it lands on
// whichever CPU the scheduler picks), blocks of BLOCK pairs of A/A and of A/+3% are measured
// per design, the designs alternating block by block so drift hits both.
//
// Printed per design: pair noise of the A/A pairs (SD and 1.4826 × MAD of log ratios,
// task-clock and wall), A/A false verdicts and +3% detection from GATES simulated gates of N
// pairs drawn from the measured pools through compare/analyze.ts (θ 2% task-clock, 3% wall), the
// runner's wall time per pair (and per one side's benchmark time), duet's wall / sequential's
// (the acceptance wants ≤ 0.75), and what `pairing: auto`'s rule (compare/pair-noise.ts) would
// pick from these pools; then the whole `perfgate ab` gate's wall time with each design on one
// suite. Figures, not assertions. Needs `tsc -p tsconfig.build.json`
// (npm run bench:duet does it). Env: PAIRS (per design, variant, length, condition), GATES, N.
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { median } from 'simple-statistics';

const root = path.resolve(import.meta.dirname, '..');
const { probeHost } = await import('../build/host/probe.js');
const { makeBackend } = await import('../build/measure/backends.js');
const { measurePlan, pairedPlan } = await import('../build/measure/loop.js');
const { analyzeBenchmark } = await import('../build/compare/analyze.js');
const { pairSpread, preferDuet } = await import('../build/compare/pair-noise.js');
const { createRng } = await import('../build/stats/rng.js');

const PAIRS = Number(process.env.PAIRS ?? 60);
const BLOCK = 10;
const GATES = Number(process.env.GATES ?? 400);
const N = Number(process.env.N ?? 30);
const SEQ_CPU = process.env.SEQ_CPU ?? '1';
const DUET_CPUS = (process.env.DUET_CPUS ?? '0,1').split(',');
const THETA = { 'task-clock': 0.02, wall: 0.03 };
const rng = createRng(20261207);
if (PAIRS % BLOCK !== 0 || PAIRS < N) throw new Error(`PAIRS=${PAIRS}: a multiple of ${BLOCK}, at least N=${N}`);

execFileSync('make', ['-s', '-C', path.join(root, 'benchmarks')]);
const bin = path.join(root, 'benchmarks', 'bin', 'work');
const probe = await probeHost();
if (!probe.perf.usable) {
  console.log(`perf unusable: ${probe.perf.reasons.join('; ')}; nothing to measure`);
  process.exit(0);
}
const scratch = mkdtempSync(path.join(os.tmpdir(), 'pg-duet-'));
mkdirSync(path.join(scratch, 'partner'));
const deps = {
  backend: makeBackend('perf', probe, scratch),
  partner: makeBackend('perf', probe, path.join(scratch, 'partner')),
  parentEnv: process.env,
};
const pct = (x, d = 2) => `${(x * 100).toFixed(d)}%`;

const spec = (units, cpus) => ({
  name: 'work',
  run: `${bin} ${units}`,
  cwd: root,
  env: {},
  iterations: BLOCK,
  maxIterations: BLOCK,
  warmup: 1,
  backend: 'perf',
  cpus,
  timeoutMs: 60_000,
  pairing: 'sequential',
  threshold: { ...THETA },
  profile: false,
  offcpu: false,
  callGraph: 'auto',
  line: 1,
});

/** One block of pairs through the measuring loop: samples per side and the runner's ms. */
async function block(design, baseUnits, headUnits) {
  const cpus = design === 'duet' ? DUET_CPUS.join(',') : SEQ_CPU;
  let ms = 0;
  const out = await measurePlan(
    pairedPlan({ base: spec(baseUnits, cpus), head: spec(headUnits, cpus) }, 'perf', {
      baseFirst: () => rng.next() < 0.5,
      look: (l) => {
        ms = l.measuredMs;
        return null;
      },
      ...(design === 'duet' ? { duet: DUET_CPUS } : {}),
    }),
    deps,
  );
  if (out.end !== 'done')
    throw new Error(`${design} block ${out.end}: ${out.results.base[0]?.error ?? out.results.head[0]?.error}`);
  const get = (side, m) => out.results[side][0].metrics[m].samples;
  return {
    base: { tc: get('base', 'task-clock'), wall: get('base', 'wall') },
    head: { tc: get('head', 'task-clock'), wall: get('head', 'wall') },
    ms,
  };
}

/** Units for ~`ms` of task-clock and for +x of it: T(u) = a + b·u from a pilot at U and 2U. */
async function calibrateUnits(ms) {
  const U = 5000;
  const t = async (u) => median((await block('sequential', u, u)).base.tc);
  const t1 = await t(U);
  const b = ((await t(2 * U)) - t1) / U;
  const a = t1 - b * U;
  const units = Math.max(100, Math.round((ms - a) / b));
  return { units, plus: (x) => Math.round(units + (x * (a + b * units)) / b) };
}

function busyLoop(dutyMs) {
  const code = `const on=${dutyMs};for(;;){const t=Date.now();while(Date.now()-t<on){}const w=Date.now()+100-on;while(Date.now()<w){Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,w-Date.now())}}`;
  return spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
}

const result = (metric, samples) => ({
  name: 'work',
  status: 'ok',
  backend: 'perf',
  threshold: { [metric]: THETA[metric] },
  metrics: { [metric]: { unit: metric === 'wall' ? 'ns' : 'ms', samples } },
});

function draw(n, k) {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k);
}

/** Share of GATES simulated N-pair gates ending in each verdict, for one metric of one pool. */
function gates(pool, metric) {
  const key = metric === 'wall' ? 'wall' : 'tc';
  const counts = { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 };
  for (let g = 0; g < GATES; g++) {
    const idx = draw(pool.base[key].length, N);
    const [row] = analyzeBenchmark(
      result(
        metric,
        idx.map((i) => pool.base[key][i]),
      ),
      result(
        metric,
        idx.map((i) => pool.head[key][i]),
      ),
      0.95,
    );
    counts[row.verdict]++;
  }
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / GATES]));
}

const lines = [];
const say = (s) => {
  lines.push(s);
  console.log(s);
};
say(
  `perfgate duet vs sequential pairs: ${new Date().toISOString().slice(0, 16)}Z, ${os.cpus().length} CPUs ${os.cpus()[0]?.model ?? ''}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
say(
  `sequential on CPU ${SEQ_CPU}; duet on CPUs ${DUET_CPUS.join(' | ')}; ${PAIRS} pairs per design, variant, length and condition in blocks of ${BLOCK}; ${GATES} gates of N=${N} pairs; θ task-clock ${pct(THETA['task-clock'], 0)}, wall ${pct(THETA.wall, 0)}`,
);
const table = [];
const walls = [];
for (const target of [8, 25]) {
  const cal = await calibrateUnits(target);
  const plus3 = cal.plus(0.03);
  for (const load of [false, true]) {
    const neighbour = load ? busyLoop(30) : null;
    const pools = {};
    const ms = { sequential: 0, duet: 0 };
    for (const d of ['sequential', 'duet'])
      for (const v of ['aa', 'plus3']) pools[`${d} ${v}`] = { base: { tc: [], wall: [] }, head: { tc: [], wall: [] } };
    try {
      for (let b = 0; b < PAIRS / BLOCK; b++)
        for (const v of ['aa', 'plus3'])
          for (const d of b % 2 === 0 ? ['sequential', 'duet'] : ['duet', 'sequential']) {
            const r = await block(d, cal.units, v === 'aa' ? cal.units : plus3);
            const p = pools[`${d} ${v}`];
            for (const side of ['base', 'head']) for (const m of ['tc', 'wall']) p[side][m].push(...r[side][m]);
            ms[d] += r.ms;
          }
    } finally {
      neighbour?.kill();
    }
    // "quiet": no neighbour of ours; the load average says what else the machine ran meanwhile.
    const cond = `${target} ms, ${load ? 'neighbour 30/100 ms' : 'quiet'} (load ${os.loadavg()[0].toFixed(1)})`;
    const costs = {};
    for (const d of ['sequential', 'duet']) {
      const aa = pools[`${d} aa`];
      const p3 = pools[`${d} plus3`];
      const tc = pairSpread(aa.base.tc, aa.head.tc);
      const wall = pairSpread(aa.base.wall, aa.head.wall);
      const perPair = ms[d] / (2 * PAIRS);
      const side = median(aa.base.wall) / 1e6;
      const fAA = { tc: gates(aa, 'task-clock'), wall: gates(aa, 'wall') };
      const det = gates(p3, 'task-clock');
      costs[d] = { spreads: { 'task-clock': tc.robust, wall: wall.robust }, msPerPair: perPair, pairs: PAIRS };
      table.push([
        cond,
        d,
        `${pct(tc.sd)} / ${pct(tc.robust)}`,
        `${pct(wall.sd)} / ${pct(wall.robust)}`,
        pct(fAA.tc.regression + fAA.tc.improvement, 1),
        pct(fAA.wall.regression + fAA.wall.improvement, 1),
        pct(det.regression, 1),
        `${perPair.toFixed(1)} ms`,
        `${(perPair / side).toFixed(2)}×`,
      ]);
    }
    walls.push(
      `${cond}: duet wall / sequential wall per pair = ${(costs.duet.msPerPair / costs.sequential.msPerPair).toFixed(2)} (acceptance ≤ 0.75)`,
    );
    const pick = preferDuet(costs.sequential, costs.duet, { 'task-clock': THETA['task-clock'], wall: THETA.wall });
    walls.push(
      `  auto's rule on these pools (${PAIRS} A/A pairs a design, not auto's 8): ${pick.duet ? 'duet' : 'sequential'}: ${pick.why.split(':')[0]}`,
    );
  }
}

const head = [
  'benchmark, condition',
  'design',
  'task-clock SD / robust',
  'wall SD / robust',
  'A/A false tc',
  'A/A false wall',
  '+3% caught (tc)',
  'runner ms/pair',
  'per side time',
];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
const fmt = (r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
say('');
say(fmt(head));
say(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of table) say(fmt(r));
say('');
for (const w of walls) say(w);

// The whole gate, as a user runs it: `perfgate ab` (this build) on one suite of two benchmarks
// (~8 and ~25 ms, the same program on both sides), a fixed 30 pairs, sequential on one CPU
// against duet on two; wall time of the command, setup and worktrees included.
const repo = mkdtempSync(path.join(os.tmpdir(), 'pg-duet-gate-'));
const git = (...a) => execFileSync('git', ['-C', repo, ...a], { encoding: 'utf8' });
git('init', '-q');
git('config', 'user.email', 'bench@example.com');
git('config', 'user.name', 'bench');
const units = { 8: (await calibrateUnits(8)).units, 25: (await calibrateUnits(25)).units };
writeFileSync(
  path.join(repo, 'perfgate.yml'),
  `version: 1\ndefaults: { iterations: 30, max-iterations: 30, warmup: 2, profile: false }\nbenchmarks:\n  - name: w8\n    run: ${bin} ${units[8]}\n  - name: w25\n    run: ${bin} ${units[25]}\n`,
);
git('add', '-A');
git('commit', '-qm', 'suite');
git('commit', '-q', '--allow-empty', '-m', 'head');
const gate = (pairing, cpus) => {
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'build', 'cli.js'),
      'ab',
      '--base',
      'HEAD~1',
      '--head',
      'HEAD',
      '--no-profile',
      '--pairing',
      pairing,
      '--cpus',
      cpus,
      '--out',
      path.join(repo, `out-${pairing}`),
    ],
    { cwd: repo, encoding: 'utf8' },
  );
  // Exit 1 is a (false) verdict on identical code: still a gate measured to the end.
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`perfgate ab --pairing ${pairing} exited ${r.status}: ${r.stderr}`);
  if (!r.stderr.includes(`${pairing} pairs`) && pairing === 'duet') throw new Error(`no duet pairs: ${r.stderr}`);
  // The benchmarks' own time on both sides: every measured run's wall, base and head.
  let ownNs = 0;
  for (const side of ['base', 'head']) {
    const doc = JSON.parse(readFileSync(path.join(repo, `out-${pairing}`, side, 'results.json'), 'utf8'));
    for (const b of doc.benchmarks) ownNs += (b.metrics?.wall?.samples ?? []).reduce((a, v) => a + v, 0);
  }
  return { s: (Date.now() - t0) / 1000, own: ownNs / 1e9 };
};
const gates2 = { sequential: [], duet: [] };
for (let i = 0; i < 2; i++) {
  gates2.sequential.push(gate('sequential', SEQ_CPU));
  gates2.duet.push(gate('duet', DUET_CPUS.join(',')));
}
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const ratio = (g) => mean(g.map((t) => t.s / t.own)).toFixed(2);
say(
  `perfgate ab, 2 benchmarks (~8 and ~25 ms) × 30 pairs, two gates each (load ${os.loadavg()[0].toFixed(1)}): sequential ${gates2.sequential.map((t) => t.s.toFixed(1)).join(', ')} s; duet ${gates2.duet.map((t) => t.s.toFixed(1)).join(', ')} s; duet / sequential = ${(mean(gates2.duet.map((t) => t.s)) / mean(gates2.sequential.map((t) => t.s))).toFixed(2)} (acceptance ≤ 0.75); gate wall ÷ the benchmarks' own time on both sides: sequential ${ratio(gates2.sequential)}×, duet ${ratio(gates2.duet)}× (targets ≤ 1.5×, ≤ 0.8×)`,
);
