// Bisection cost and accuracy (issue 22): `perfgate bisect` on generated repositories of N commits
// after a good one, one of which (a seeded position) adds STEP of work to a C benchmark, the others
// touching a notes file. Printed per bisection: commits, where the step is, the culprit found,
// A/B runs against the bound 1 + ceil(log2 N) + 1 (confirm, search, culprit vs parent; a middle
// commit left open against good costs one more), commits
// built, pairs measured and wall time.
//
// Side by side, the reference a user would otherwise reach for: `git bisect run` with a test
// script that builds the commit and times 10 runs of it and 10 of the good build, alternated, and
// calls it bad when the median is more than half the step slower (what a careful hand-written
// script does; it has no interval and no notion of noise).
//
// Needs `tsc -p tsconfig.build.json` (npm run bench:bisect does it), perf and cc.
// Env: SIZES (default "8,16,32"), STEP (default 0.08), SEED, ITERATIONS (pairs per A/B, default 15).
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repoRoot, 'build', 'cli.js');
const SIZES = (process.env.SIZES ?? '8,16,32').split(',').map(Number);
const STEP = Number(process.env.STEP ?? 0.08);
const ITERATIONS = process.env.ITERATIONS ?? '15';
let seed = Number(process.env.SEED ?? 22);
const nextInt = (n) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const UNITS = 15000;

function makeRepo(n, stepAt) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-bisect-'));
  const git = (...a) =>
    execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  git('init', '-q');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'user.name', 'bench');
  const source = (units) =>
    `#include <stdint.h>\nstatic volatile uint64_t sink;\nint main(void) { uint64_t s = 1; for (uint64_t i = 0; i < ${units} * 1000ull; i++) s = s * 6364136223846793005ull + i; sink = s; return 0; }\n`;
  writeFileSync(path.join(dir, 'w.c'), source(UNITS));
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    'version: 1\nsetup: mkdir -p bin && cc -O2 -o bin/w w.c\ndefaults: { iterations: 15, warmup: 1, cpus: "1" }\nbenchmarks:\n  - name: work\n    run: ./bin/w\n',
  );
  writeFileSync(path.join(dir, '.gitignore'), 'bin/\n.perfgate/\n');
  git('add', '-A');
  git('commit', '-qm', 'good');
  const shas = [];
  for (let i = 1; i <= n; i++) {
    if (i === stepAt) writeFileSync(path.join(dir, 'w.c'), source(Math.round(UNITS * (1 + STEP))));
    else appendFileSync(path.join(dir, 'notes.txt'), `note ${i}\n`);
    git('add', '-A');
    git('commit', '-qm', i === stepAt ? `c${i}: more work` : `c${i}: notes`);
    shas.push(git('rev-parse', 'HEAD'));
  }
  return { dir, git, shas };
}

function perfgateBisect(repo, n) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [cli, 'bisect', '--good', `HEAD~${n}`, '--bad', 'HEAD', '--iterations', ITERATIONS, '--no-profile', '--json'],
    { cwd: repo.dir, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`perfgate bisect failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const o = JSON.parse(r.stdout);
  const built = new Set(o.steps.flatMap((s) => [s.base, s.head])).size;
  const pairs = o.steps.reduce((a, s) => a + s.pairs, 0);
  return { culprit: o.culprit?.commit ?? null, abs: o.steps.length, built, pairs, wall };
}

/** `git bisect run` with a hand-written test: build, then 10 alternated runs of the good build and this one. */
function gitBisect(repo, n) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'perfgate-bench-gitbisect-'));
  const goodBin = path.join(scratch, 'good');
  execFileSync('cc', ['-O2', '-o', goodBin, '-x', 'c', '-'], {
    input: repo.git('show', `HEAD~${n}:w.c`),
  });
  const test = path.join(scratch, 'test.mjs');
  writeFileSync(
    test,
    `import { execFileSync } from 'node:child_process';
const bin = ${JSON.stringify(path.join(scratch, 'mid'))};
execFileSync('cc', ['-O2', '-o', bin, 'w.c']);
const time = (b) => { const t = process.hrtime.bigint(); execFileSync('taskset', ['-c', '1', b]); return Number(process.hrtime.bigint() - t); };
const g = [], m = [];
for (let i = 0; i < 10; i++) { g.push(time(${JSON.stringify(goodBin)})); m.push(time(bin)); }
const med = (a) => a.sort((x, y) => x - y)[5];
process.exit(med(m) / med(g) - 1 > ${STEP / 2} ? 1 : 0);
`,
  );
  const t0 = process.hrtime.bigint();
  repo.git('bisect', 'start', 'HEAD', `HEAD~${n}`);
  const out = spawnSync('git', ['-C', repo.dir, 'bisect', 'run', process.execPath, test], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /^([0-9a-f]{40}) is the first bad commit/m.exec(out.stdout);
  const steps = (out.stdout.match(/^running /gm) ?? []).length;
  repo.git('bisect', 'reset');
  rmSync(scratch, { recursive: true, force: true });
  return { culprit: m ? m[1] : null, steps, wall };
}

const rows = [];
for (const n of SIZES) {
  const stepAt = 1 + nextInt(n);
  const repo = makeRepo(n, stepAt);
  const truth = repo.shas[stepAt - 1];
  const pg = perfgateBisect(repo, n);
  const gb = gitBisect(repo, n);
  rows.push({
    n,
    stepAt,
    bound: 2 + Math.ceil(Math.log2(n)),
    pg: { ...pg, right: pg.culprit === truth },
    gb: { ...gb, right: gb.culprit === truth },
  });
  rmSync(repo.dir, { recursive: true, force: true });
}

const pad = (s, w) => String(s).padStart(w);
console.log(
  `bisect: a +${(STEP * 100).toFixed(0)}% step in a ~17 ms C benchmark, ${ITERATIONS} pairs per A/B, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}`,
);
console.log(
  `${pad('commits', 7)} ${pad('step', 4)} | perfgate: ${pad('right', 5)} ${pad('A/Bs', 4)} ${pad('bound', 5)} ${pad('built', 5)} ${pad('pairs', 5)} ${pad('wall s', 6)} | git bisect run: ${pad('right', 5)} ${pad('steps', 5)} ${pad('wall s', 6)}`,
);
for (const r of rows) {
  console.log(
    `${pad(r.n, 7)} ${pad(r.stepAt, 4)} | ${' '.repeat(10)}${pad(r.pg.right ? 'yes' : 'NO', 5)} ${pad(r.pg.abs, 4)} ${pad(r.bound, 5)} ${pad(r.pg.built, 5)} ${pad(r.pg.pairs, 5)} ${pad(r.pg.wall.toFixed(1), 6)} | ${' '.repeat(16)}${pad(r.gb.right ? 'yes' : 'NO', 5)} ${pad(r.gb.steps, 5)} ${pad(r.gb.wall.toFixed(1), 6)}`,
  );
}
// A middle commit left open against good is measured against bad too: at most one more A/B per middle.
const missed = rows.filter((r) => !r.pg.right || r.pg.abs > 2 + 2 * (r.bound - 2));
if (missed.length > 0) {
  console.log(`perfgate missed the culprit or the A/B bound in ${missed.length} bisection(s)`);
  process.exitCode = 1;
}
