// The session model's false-regression rate (docs/ARCHITECTURE.md §4): S back-to-back
// `perfgate run`s of the identical demo suite (perfgate.yml, profiling off), then, for each
// session as head, `perfgate compare` against K of the others (several subsets per head).
// Nothing changed between sessions, so every regression verdict is false. Prints the rate per
// gated benchmark × metric row and per comparison (any false regression), each with a 95%
// interval from a bootstrap over head sessions: the rows of one session share its session
// effect, so they are not independent draws and a binomial interval would be too narrow.
// Figures of this machine under its load at the time, not pass/fail checks.
//   npm run bench:sessions                       # 20 sessions, K = 7, 3 baseline subsets per head
//   BENCH_SESSIONS=30 BENCH_K=7 BENCH_SUBSETS=3 BENCH_ITERATIONS=30 node scripts/bench-sessions.mjs
//   BENCH_CLI=path/to/cli.js                     # another build (default: build/cli.js)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const positive = (name, fallback) => {
  const raw = process.env[name] ?? String(fallback);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench-sessions: ${name}=${JSON.stringify(raw)}: expected a positive integer`);
    process.exit(2);
  }
  return n;
};
const S = positive('BENCH_SESSIONS', 20);
const K = positive('BENCH_K', 7);
const SUBSETS = positive('BENCH_SUBSETS', 3);
const iterations = positive('BENCH_ITERATIONS', 30);
const cli = path.resolve(process.env.BENCH_CLI ?? path.join(repo, 'build', 'cli.js'));
if (K >= S) {
  console.error(`bench-sessions: BENCH_K=${K} needs at least ${K + 1} sessions (BENCH_SESSIONS=${S})`);
  process.exit(2);
}

// Seeded, so a rerun on the same sessions picks the same subsets.
let state = 0x9e3779b9;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const sample = (items, k) => {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
};

const work = mkdtempSync(path.join(os.tmpdir(), 'pg-bench-sessions-'));
// The demo suite as it is, less profiling (it runs after measuring and only costs time), with
// its paths anchored at the repository so the copy can live outside it.
const suiteText = readFileSync(path.join(repo, 'perfgate.yml'), 'utf8')
  .replace(/^setup: make -s -C benchmarks$/m, `setup: make -s -C ${JSON.stringify(path.join(repo, 'benchmarks'))}`)
  .replace(/^ {2}profile: true$/m, `  profile: false\n  cwd: ${JSON.stringify(repo)}`);
if (!suiteText.includes('profile: false')) {
  console.error('bench-sessions: perfgate.yml no longer has `  profile: true` in its defaults; update this script');
  process.exit(1);
}
const suite = path.join(work, 'perfgate.yml');
writeFileSync(suite, suiteText);

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `bench-sessions: ${S} sessions of the demo suite (${iterations} iterations), K = ${K}, ${SUBSETS} baseline subset(s) per head; ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}; load ${load()}`,
);
const started = Date.now();
const sessions = [];
for (let s = 0; s < S; s++) {
  const out = path.join(work, `s${s}`);
  const r = spawnSync(
    process.execPath,
    [cli, 'run', '--suite', suite, '--iterations', String(iterations), '--out', out],
    {
      cwd: repo,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) {
    console.error(`bench-sessions: session ${s + 1}: perfgate run exited ${r.status ?? r.signal}\n${r.stderr}`);
    process.exit(1);
  }
  sessions.push(path.join(out, 'results.json'));
  process.stderr.write(`session ${s + 1}/${S} done (${Math.round((Date.now() - started) / 1000)} s, load ${load()})\n`);
}

/** Per head session: comparisons, gated rows, false regressions and improvements. */
const perHead = [];
const byRow = new Map();
const worst = [];
for (let h = 0; h < S; h++) {
  const others = [...Array(S).keys()].filter((i) => i !== h);
  const tally = { comparisons: 0, flagged: 0, rows: 0, regressions: 0, improvements: 0 };
  for (let t = 0; t < SUBSETS; t++) {
    const base = sample(others, K).sort((a, b) => a - b);
    const out = path.join(work, `c${h}-${t}`);
    const r = spawnSync(
      process.execPath,
      [cli, 'compare', ...base.map((i) => sessions[i]), sessions[h], '--json', '--no-fail', '--out', out],
      { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0) {
      console.error(`bench-sessions: compare exited ${r.status ?? r.signal}\n${r.stderr}`);
      process.exit(1);
    }
    const doc = JSON.parse(r.stdout);
    const gated = doc.rows.filter((x) => x.gated);
    const regressed = gated.filter((x) => x.verdict === 'regression');
    tally.comparisons++;
    tally.rows += gated.length;
    tally.regressions += regressed.length;
    tally.improvements += gated.filter((x) => x.verdict === 'improvement').length;
    if (regressed.length > 0) tally.flagged++;
    for (const x of gated) {
      const key = `${x.benchmark} ${x.metric}`;
      const c = byRow.get(key) ?? { rows: 0, regressions: 0 };
      c.rows++;
      if (x.verdict === 'regression') {
        c.regressions++;
        worst.push({ key, head: h + 1, change: x.change, ci: x.ci, sd: x.sessions?.sd ?? null });
      }
      byRow.set(key, c);
    }
  }
  perHead.push(tally);
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const sum = (list, f) => list.reduce((n, x) => n + f(x), 0);
/** Ratio of sums over head sessions, and its 95% percentile interval resampling head sessions. */
function clustered(num, den) {
  const point = sum(perHead, num) / sum(perHead, den);
  const draws = [];
  for (let b = 0; b < 4000; b++) {
    const pick = Array.from({ length: S }, () => perHead[Math.floor(random() * S)]);
    const d = sum(pick, den);
    draws.push(d === 0 ? 0 : sum(pick, num) / d);
  }
  draws.sort((a, b) => a - b);
  return { point, lo: draws[Math.floor(0.025 * draws.length)], hi: draws[Math.ceil(0.975 * draws.length) - 1] };
}
const rowRate = clustered(
  (t) => t.regressions,
  (t) => t.rows,
);
const anyRate = clustered(
  (t) => t.flagged,
  (t) => t.comparisons,
);
const impRate = clustered(
  (t) => t.improvements,
  (t) => t.rows,
);
const totalRows = sum(perHead, (t) => t.rows);
console.log(
  `\n${S * SUBSETS} comparisons of one session against ${K} others, ${totalRows} gated rows (benchmark × metric), ${Math.round((Date.now() - started) / 1000)} s; load at the end ${load()}`,
);
console.log(
  `false regressions per gated row:       ${pct(rowRate.point)}  [${pct(rowRate.lo)}, ${pct(rowRate.hi)}]  (${sum(perHead, (t) => t.regressions)} of ${totalRows})`,
);
console.log(
  `comparisons with a false regression:   ${pct(anyRate.point)}  [${pct(anyRate.lo)}, ${pct(anyRate.hi)}]  (${sum(perHead, (t) => t.flagged)} of ${S * SUBSETS})`,
);
console.log(`false improvements per gated row:      ${pct(impRate.point)}  [${pct(impRate.lo)}, ${pct(impRate.hi)}]`);
console.log('(95% intervals: percentile bootstrap over head sessions; the nominal rate of a 95% interval is ≤ 2.5%)');
const hit = [...byRow].filter(([, c]) => c.regressions > 0);
console.log(`\nfalse regressions by row (${byRow.size - hit.length} of ${byRow.size} rows had none):`);
for (const [key, c] of hit.sort((a, b) => b[1].regressions - a[1].regressions || a[0].localeCompare(b[0])))
  console.log(`  ${key.padEnd(36)} ${String(c.regressions).padStart(3)} of ${c.rows}`);
if (worst.length > 0) {
  console.log('\nlargest false regressions:');
  for (const w of worst.sort((a, b) => b.change - a.change).slice(0, 5))
    console.log(
      `  ${w.key.padEnd(36)} head session ${String(w.head).padStart(2)}: ${pct(w.change)} [${pct(w.ci[0])}, ${pct(w.ci[1])}], session sd ${w.sd === null ? '-' : w.sd.toFixed(3)}`,
    );
}
rmSync(work, { recursive: true, force: true });
