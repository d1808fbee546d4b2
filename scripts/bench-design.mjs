// `npm run bench:design`: the error rates of the sequential designs (compare/sequential.ts), by
// simulation, on real pools of pairs measured here and on modelled noise (issue 23, item 1).
//
// 1. Real pools: R interleaved rounds of benchmarks/bin/work under perfgate's perf backend,
//    pinned to one CPU, at two sizes: A, A' (the same program), +3% work, and A with a sleep of
//    5% of its run added (SLEEP_US: a wall-only change, waiting that CPU time does not see).
// 2. Simulated gates: each draws up to `max` rounds without replacement, pairs A with a variant
//    of the same round, and runs perfgate's own analysis (analyzeBenchmark, θ task-clock 2%,
//    wall 3%) and stop rule (nextLook) at every look, with the action's defaults (N = 30, up to
//    90 pairs), per design: today's Pocock, and the one-sided (TOST) spending designs, with and
//    without the futility rule.
// 3. Modelled noise, for what the pools here may not show: task-clock log ratios normal or
//    Student t3 at 2.1% pair SD (CodSpeed's ~2.7% CV on hosted runners gives about that), and
//    wall = task-clock + the quiet VM's extra wall noise (robust spread 0.6%, SD 3.8% at 24 ms:
//    a normal core with 7% of pairs hit by a ±Exp(10%) preemption).
// Prints per design and scenario: false verdicts per row (A/A), `unchanged` at a true +θ (the
// error that lets regressions through), regression at +θ, detection, and mean pairs.
// Env: ROUNDS (200), GATES (400), POOLS=file.json to reuse pools, SAVE_POOLS=file.json.
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { median } from 'simple-statistics';

const root = path.resolve(import.meta.dirname, '..');
const { analyzeBenchmark } = await import('../build/compare/analyze.js');
const { nextLook, sequentialPlan, futile } = await import('../build/compare/sequential.js');
const { createRng } = await import('../build/stats/rng.js');

const ROUNDS = Number(process.env.ROUNDS ?? 200);
const GATES = Number(process.env.GATES ?? 400);
const N = 30;
const MAX = 90;
const rng = createRng(20261207);
const pct = (x) => `${(x * 100).toFixed(1)}%`;

async function measurePools() {
  const { probeHost } = await import('../build/host/probe.js');
  const { makeBackend } = await import('../build/measure/backends.js');
  const { benchmarkEnv } = await import('../build/measure/command.js');
  execFileSync('make', ['-s', '-C', path.join(root, 'benchmarks')]);
  const probe = await probeHost();
  if (!probe.perf.usable) throw new Error(`perf unusable: ${probe.perf.reasons.join('; ')}`);
  const backend = makeBackend('perf', probe, mkdtempSync(path.join(os.tmpdir(), 'pg-design-')));
  const bin = path.join(root, 'benchmarks', 'bin', 'work');
  const run = async (units, extra) => {
    const m = await backend.measure({
      argv: [bin, String(units)],
      cwd: root,
      env: benchmarkEnv(process.env, extra),
      cpus: '1',
      timeoutMs: 60_000,
    });
    if (m.outcome.exitCode !== 0) throw new Error(`work exited ${m.outcome.exitCode}`);
    return { wall: m.metrics.wall.value / 1e6, cpu: m.metrics['task-clock'].value };
  };
  const pools = [];
  for (const units of [7000, 20000]) {
    // Calibrate: T(u) = a + b·u from a pilot at U and 2U, so +3% is 3% of the measured CPU time.
    const one = [];
    const two = [];
    for (let i = 0; i < 15; i++) {
      one.push(await run(units, {}));
      two.push(await run(2 * units, {}));
    }
    const t1 = median(one.map((m) => m.cpu));
    const b = (median(two.map((m) => m.cpu)) - t1) / units;
    const wall1 = median(one.map((m) => m.wall));
    const cpuOnly = Math.min(wall1, t1);
    const variants = [
      { label: 'A', units, env: {} },
      { label: "A'", units, env: {} },
      { label: '+3% work', units: Math.round(units + (0.03 * t1) / b), env: {} },
      // 5% of the run as CPU-bound (the quiet wall): the waiting a slower lock or I/O adds.
      { label: '+5% sleep', units, env: { SLEEP_US: String(Math.round(0.05 * cpuOnly * 1000)) } },
    ];
    const pool = variants.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      const order = variants.map((_, i) => i).sort(() => rng.next() - 0.5);
      for (const i of order) pool[i].push(await run(variants[i].units, variants[i].env));
      if (process.stderr.isTTY) process.stderr.write(`\r${units} units: round ${r + 1}/${ROUNDS}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    pools.push({ units, cpuMs: t1, wallMs: wall1, variants, pool });
  }
  return pools;
}

const result = (name, cpu, wall) => ({
  name,
  status: 'ok',
  backend: 'perf',
  threshold: { 'task-clock': 0.02, wall: 0.03 },
  metrics: { 'task-clock': { unit: 'ms', samples: cpu }, wall: { unit: 'ms', samples: wall } },
});

/**
 * One gate: pairs (base, head) of {cpu, wall} from `pairAt(i)`, looked at as the action would.
 * Returns each gated row's verdict, whether it ended futile, and the pairs used.
 */
function gate(plan, pairAt) {
  const pairs = Array.from({ length: plan.maxIterations }, (_, i) => pairAt(i));
  let n = plan.iterations;
  for (let look = 1; ; look++) {
    const used = pairs.slice(0, n);
    const rows = analyzeBenchmark(
      result(
        'w',
        used.map((p) => p.base.cpu),
        used.map((p) => p.base.wall),
      ),
      result(
        'w',
        used.map((p) => p.head.cpu),
        used.map((p) => p.head.wall),
      ),
      plan.levels[look - 1],
    );
    const next = nextLook(plan, rows, { pairs: n, looks: look });
    if ('stop' in next)
      return {
        pairs: n,
        rows: Object.fromEntries(rows.map((r) => [r.metric, { verdict: r.verdict, futile: futile(r, plan, look) }])),
      };
    n = next.target;
  }
}

/** Draws k distinct indexes of [0, m). */
function draw(m, k) {
  const idx = Array.from({ length: m }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(m - i);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k);
}

const DESIGNS = [
  { label: 'Pocock 2-sided (before)', design: 'pocock', futility: null },
  { label: 'TOST Pocock-type', design: 'tost-pocock', futility: null },
  { label: 'TOST Pocock-type, futility 5%', design: 'tost-pocock', futility: 0.05 },
  { label: 'TOST Pocock-type, futility 20% (default)', design: 'tost-pocock', futility: 0.2 },
  { label: "TOST O'Brien–Fleming-type, futility 20%", design: 'tost-obf', futility: 0.2 },
];

const table = [];
/** Every design on the same scenario: gated rows `metrics`, each with its true change. */
function scenario(label, truths, sampler) {
  for (const d of DESIGNS) {
    const plan = sequentialPlan(N, MAX, d.design, d.futility);
    const gates = Array.from({ length: GATES }, () => gate(plan, sampler()));
    const pairs = gates.reduce((s, g) => s + g.pairs, 0) / gates.length;
    for (const [metric, truth] of Object.entries(truths)) {
      const share = (v) => pct(gates.filter((g) => g.rows[metric]?.verdict === v).length / gates.length);
      const futileShare = pct(gates.filter((g) => g.rows[metric]?.futile).length / gates.length);
      table.push([
        label,
        d.label,
        metric,
        share('regression'),
        share('improvement'),
        share('unchanged'),
        share('inconclusive'),
        futileShare,
        pairs.toFixed(1),
        truth === 0 ? '0' : `+${+(truth * 100).toFixed(1)}%`,
      ]);
    }
    if (process.env.PROGRESS) process.stderr.write(`${label}: ${d.label} done\n`);
  }
}

const lines = [];
const say = (s) => {
  lines.push(s);
  console.log(s);
};

const pools = process.env.POOLS ? JSON.parse(readFileSync(process.env.POOLS, 'utf8')) : await measurePools();
if (process.env.SAVE_POOLS) writeFileSync(process.env.SAVE_POOLS, JSON.stringify(pools));
say(
  `perfgate sequential designs: ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}; ${GATES} simulated gates per cell; N = ${N} up to ${MAX} pairs (the action's defaults), θ task-clock 2%, wall 3%`,
);
for (const d of DESIGNS) {
  const plan = sequentialPlan(N, MAX, d.design, d.futility);
  say(`  ${d.label}: interval level per look ${plan.levels.map((l) => (l * 100).toFixed(1)).join(' ')}%`);
}
const logSd = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const quantile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
const robust = (xs) => (quantile(xs, 0.75) - quantile(xs, 0.25)) / 1.349;

for (const p of pools) {
  const [A, A2, W, S] = p.pool;
  const rounds = A.length;
  const ratios = (key) => A.map((a, i) => Math.log(A2[i][key] / a[key]));
  say(
    `real pool ${p.units} units: median task-clock ${p.cpuMs.toFixed(1)} ms, wall ${p.wallMs.toFixed(1)} ms; A/A log-ratio SD task-clock ${pct(logSd(ratios('cpu')))} (robust ${pct(robust(ratios('cpu')))}), wall ${pct(logSd(ratios('wall')))} (robust ${pct(robust(ratios('wall')))}); ${rounds} rounds`,
  );
  // Preemption only adds off-CPU time; a sleep sets a floor under it: the low quantile of
  // wall − task-clock separates them where the means cannot (a lead for a waiting statistic).
  const offCpu = (v, q) =>
    quantile(
      v.map((m) => m.wall - m.cpu),
      q,
    ).toFixed(2);
  say(
    `  off-CPU time (wall − task-clock) 10th/50th percentile: A ${offCpu(A, 0.1)}/${offCpu(A, 0.5)} ms, +5% sleep (${p.variants[3].env.SLEEP_US} µs) ${offCpu(S, 0.1)}/${offCpu(S, 0.5)} ms`,
  );
  const fromPool = (variant) => () => {
    const idx = draw(rounds, MAX);
    return (i) => ({ base: A[idx[i]], head: variant[idx[i]] });
  };
  const tag = `real ${p.cpuMs.toFixed(0)} ms`;
  scenario(`${tag}: A/A`, { 'task-clock': 0, wall: 0 }, fromPool(A2));
  scenario(`${tag}: +3% work`, { 'task-clock': 0.03, wall: 0.03 }, fromPool(W));
  scenario(`${tag}: +5% sleep`, { wall: 0.05 }, fromPool(S));
}

// Modelled noise. A pair's task-clock log ratio: normal or t3 scaled to SD 2.1%; wall adds the
// quiet VM's extra noise; a wall-only change adds to wall alone.
const SD = 0.021;
const t3 = () => {
  const z = rng.normal();
  let chi = 0;
  for (let i = 0; i < 3; i++) chi += rng.normal() ** 2;
  return z / Math.sqrt(chi / 3) / Math.sqrt(3); // t3 has variance 3
};
const wallExtra = () => {
  const core = 0.006 * rng.normal();
  if (rng.next() >= 0.07) return core;
  return core + (rng.next() < 0.5 ? -1 : 1) * 0.1 * -Math.log(1 - rng.next());
};
const modelled = (noise, cpuChange, wallOnly) => () => (i) => {
  void i;
  const cpu = 20 * Math.exp(cpuChange + SD * noise());
  const wall = cpu * 1.02 * Math.exp(wallOnly + wallExtra());
  return { base: { cpu: 20, wall: 20 * 1.02 }, head: { cpu, wall } };
};
for (const [name, noise] of [
  ['normal', () => rng.normal()],
  ['t3', t3],
]) {
  const tag = `model ${name} ${pct(SD)}`;
  scenario(`${tag}: A/A`, { 'task-clock': 0, wall: 0 }, modelled(noise, 0, 0));
  scenario(`${tag}: +θ task-clock`, { 'task-clock': 0.02 }, modelled(noise, Math.log(1.02), 0));
  scenario(`${tag}: +2.8% CPU`, { 'task-clock': 0.028 }, modelled(noise, Math.log(1.028), 0));
  scenario(`${tag}: +3% CPU`, { 'task-clock': 0.03 }, modelled(noise, Math.log(1.03), 0));
  scenario(`${tag}: +θ wall-only`, { wall: 0.03 }, modelled(noise, 0, Math.log(1.03)));
  scenario(`${tag}: +5% waiting`, { wall: 0.05 }, modelled(noise, 0, Math.log(1.05)));
}

const head = [
  'scenario',
  'design',
  'row',
  'regression',
  'improvement',
  'unchanged',
  'inconclusive',
  'futile',
  'mean pairs',
  'true',
];
const rowsOut = table;
const widths = head.map((h, i) => Math.max(h.length, ...rowsOut.map((r) => r[i].length)));
const fmt = (r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
say('');
say(fmt(head));
say(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rowsOut) say(fmt(r));
