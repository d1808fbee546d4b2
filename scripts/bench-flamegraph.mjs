#!/usr/bin/env node
/**
 * Flame graph benchmark: perfgate's collapse (perf script → folded) throughput and flame graph
 * render time for 132,500 distinct stacks, with each run's peak RSS, side by side with
 * FlameGraph's perl scripts (stackcollapse-perf.pl, flamegraph.pl) when they are available.
 *
 * How to run, from a fresh clone:
 *   npm ci
 *   node scripts/bench-flamegraph.mjs            # perfgate only; the perl columns say "skipped"
 *   FLAMEGRAPH_DIR=/path/to/FlameGraph node scripts/bench-flamegraph.mjs   # with the comparison
 * The perl scripts are also found on PATH. Nothing is downloaded: FlameGraph is not packaged by
 * Debian, so the comparison needs a checkout you already have.
 *
 * The script compiles perfgate's collapse and flame graph sources with the repository's own
 * TypeScript compiler into a temporary directory (no bundle or build step needed), generates
 * its inputs deterministically (seeded; same bytes every run) in that directory:
 *   - ~60 MB of perf script output: the cpu-clock samples of the repository's own captures in
 *     __tests__/fixtures/profile, drawn in a seeded random order with rewritten PIDs/TIDs;
 *   - a folded file of 132,500 distinct stacks (a seeded random call tree, 5–35 frames deep);
 * and runs every measurement in its own child process under /usr/bin/time (peak RSS); without
 * /usr/bin/time, perfgate's children report their own maxRSS and perl's RSS shows as n/a.
 * Each measurement is the best of RUNS (default 3) runs. Options (environment):
 *   BENCH_MB=60  BENCH_STACKS=132500  BENCH_ODD_MB=20 (each odd input)  RUNS=3  KEEP=1 (keep the temporary directory)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(repo, '__tests__', 'fixtures', 'profile');
const targetMB = Number(process.env.BENCH_MB ?? 60);
const stackCount = Number(process.env.BENCH_STACKS ?? 132_500);
const oddMB = Number(process.env.BENCH_ODD_MB ?? 20);
const runs = Math.max(1, Number(process.env.RUNS ?? 3));
const work = mkdtempSync(path.join(tmpdir(), 'perfgate-bench-fg-'));
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

// ---------------------------------------------------------------------------------------------
// 1. Compile the sources under test.
const build = path.join(work, 'build');
const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(tsc)) {
  log('bench-flamegraph: node_modules/typescript is missing: run `npm ci` first');
  process.exit(2);
}
log('compiling src/profile/collapse.ts and src/flamegraph/*.ts ...');
execFileSync(
  process.execPath,
  [
    tsc,
    '--outDir',
    build,
    '--rootDir',
    repo,
    '--module',
    'NodeNext',
    '--moduleResolution',
    'NodeNext',
    '--target',
    'ES2022',
    '--strict',
    '--skipLibCheck',
    '--types',
    'node',
    path.join(repo, 'src/profile/collapse.ts'),
    path.join(repo, 'src/flamegraph/folded.ts'),
    path.join(repo, 'src/flamegraph/svg.ts'),
  ],
  { stdio: 'inherit' },
);
writeFileSync(path.join(build, 'package.json'), '{"type":"module"}\n');

// The child that runs one perfgate measurement and reports its own time and peak memory.
const child = path.join(build, 'bench-child.mjs');
writeFileSync(
  child,
  `import { createReadStream, readFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { collapsePerfScript } from './src/profile/collapse.js';
import { parseFolded } from './src/flamegraph/folded.js';
import { renderFlameGraph } from './src/flamegraph/svg.js';
const [mode, input] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const out = openSync('/dev/null', 'w');
if (mode === 'collapse') {
  const result = await collapsePerfScript(createReadStream(input, { highWaterMark: 1 << 20 }));
  for (const piece of result.chunks()) writeSync(out, piece);
} else {
  const svg = renderFlameGraph(parseFolded(readFileSync(input, 'utf8')).stacks);
  writeSync(out, svg);
}
closeSync(out);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ seconds, maxRssKB: process.resourceUsage().maxRSS }) + '\\n');
`,
);

// ---------------------------------------------------------------------------------------------
// 2. Inputs, deterministic.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makePerfScript(file) {
  // The cpu-clock samples of the captures, all named `cpu-clock:` (perf writes `cpu-clock:ppp:`
  // for the default event), so that collapse, which keeps only the first event type, keeps them all.
  const samples = [];
  for (const f of readdirSync(fixtures)
    .filter((n) => n.endsWith('.perf'))
    .sort()) {
    const text = readFileSync(path.join(fixtures, f), 'latin1');
    for (const block of text.split(/\n\s*\n/)) {
      const lines = block.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      if (lines.length < 2 || !/ cpu-clock:(?:\S*:)?\s*$/.test(lines[0])) continue;
      lines[0] = lines[0].replace(/ cpu-clock:(?:\S*:)?\s*$/, ' cpu-clock:');
      samples.push(lines);
    }
  }
  if (samples.length === 0) throw new Error(`no cpu-clock samples in ${fixtures}`);
  const r = rng(1);
  const fd = openSync(file, 'w');
  let bytes = 0;
  let batch = [];
  let time = 1000;
  while (bytes < targetMB * 1e6) {
    const s = samples[Math.floor(r() * samples.length)];
    // Rewrite "comm PID/TID [CPU] TIME:" so --pid/--tid roots vary too.
    const pid = 1000 + Math.floor(r() * 8);
    const tid = pid + Math.floor(r() * 4);
    time += r() / 100;
    const header = s[0].replace(
      /^(\S.*?)\s+\d+(?:\/\d+)?\s+(?:\[\d+\]\s+)?[\d.]+:/,
      `$1 ${pid}/${tid} [00${pid % 4}] ${time.toFixed(6)}:`,
    );
    const chunk = `${header}\n${s.slice(1).join('\n')}\n\n`;
    batch.push(chunk);
    bytes += chunk.length;
    if (batch.length >= 2000) {
      writeSync(fd, batch.join(''), null, 'latin1');
      batch = [];
    }
  }
  writeSync(fd, batch.join(''), null, 'latin1');
  closeSync(fd);
  return bytes;
}

function makeFolded(file) {
  // A seeded random call tree: a few hundred thousand functions named like real code, stacks
  // that share long prefixes near the root and fan out towards the leaves.
  const r = rng(2);
  const words = [
    'alloc',
    'parse',
    'read',
    'write',
    'hash',
    'sort',
    'merge',
    'flush',
    'poll',
    'send',
    'recv',
    'lock',
    'unlock',
    'copy',
    'scan',
    'emit',
    'visit',
    'eval',
    'load',
    'store',
  ];
  const names = [];
  for (let i = 0; i < 4000; i++) {
    const w = words[i % words.length];
    names.push(
      i % 5 === 0
        ? `ns${i % 37}::Class${i % 101}::${w}_${i}`
        : i % 7 === 0
          ? `Lorg/app/M${i % 53};.${w}${i}`
          : `${w}_${i.toString(36)}`,
    );
  }
  const seen = new Set();
  const lines = [];
  while (seen.size < stackCount) {
    const depth = 5 + Math.floor(r() * 31);
    const frames = ['app', 'start_thread', 'main'];
    let k = Math.floor(r() * 16);
    for (let d = 0; d < depth; d++) {
      // Narrow near the root, wide near the leaves.
      const fan = d < 4 ? 2 : d < 10 ? 6 : 40;
      k = (k * 31 + 7 + Math.floor(r() * fan)) % names.length;
      frames.push(names[k]);
    }
    const stack = frames.join(';');
    if (seen.has(stack)) continue;
    seen.add(stack);
    lines.push(`${stack} ${1 + Math.floor(r() * 50)}`);
  }
  lines.sort();
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/**
 * Inputs collapse does not recognise, which once ran at 0.1–0.3 MB/s (a search for " (" ran back
 * through the whole 1 MB chunk on every line): seeded random printable text, and frame lines
 * that are only an address ("\t    7f3a9c0d1e2f", no symbol and no "(module)").
 */
function makeOdd(file, kind) {
  const r = rng(kind === 'random' ? 3 : 4);
  let bytes = 0;
  const lines = [];
  while (bytes < oddMB * 1e6) {
    let line;
    if (kind === 'random') {
      const n = 10 + Math.floor(r() * 120);
      let t = '';
      for (let i = 0; i < n; i++) t += String.fromCharCode(32 + Math.floor(r() * 95));
      line = t;
    } else {
      line =
        lines.length % 20 === 0
          ? `app 1000/1000 [001] ${(lines.length / 1000).toFixed(6)}: cpu-clock:`
          : `\t    ${Math.floor(r() * 2 ** 47).toString(16)}`;
    }
    lines.push(line);
    bytes += line.length + 1;
  }
  writeFileSync(file, `${lines.join('\n')}\n`, 'latin1');
  return bytes;
}

const perfFile = path.join(work, 'perf-script.txt');
const foldedFile = path.join(work, 'stacks.folded');
log(
  `generating ~${targetMB} MB of perf script output and ${stackCount.toLocaleString('en-US')} distinct folded stacks ...`,
);
const perfBytes = makePerfScript(perfFile);
makeFolded(foldedFile);
const foldedBytes = statSync(foldedFile).size;

// ---------------------------------------------------------------------------------------------
// 3. Measurements.
/** Runs argv with stdout to /dev/null (or parsed when json), returns { seconds, rssMB }. */
function measure(argv, { json = false } = {}) {
  let best;
  for (let i = 0; i < runs; i++) {
    const useTime = timeBin !== undefined;
    const cmd = useTime ? timeBin : argv[0];
    const args = useTime ? ['-f', '@@TIME %e %M', ...argv] : argv.slice(1);
    const t0 = process.hrtime.bigint();
    const res = spawnSync(cmd, args, {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', json ? 'pipe' : 'ignore', 'pipe'],
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    if (res.status !== 0) throw new Error(`${argv.join(' ')} failed (${res.status}): ${res.stderr}`);
    let rssMB;
    const m = /@@TIME ([\d.]+) (\d+)/.exec(res.stderr ?? '');
    if (m) rssMB = Number(m[2]) / 1024;
    let inner;
    if (json) {
      inner = JSON.parse(res.stdout.trim().split('\n').pop());
      if (rssMB === undefined) rssMB = inner.maxRssKB / 1024;
    }
    const run = { wall, inner: inner?.seconds, rssMB };
    if (!best || run.wall < best.wall) best = run;
  }
  return best;
}

function findPerl(script) {
  const dir = process.env.FLAMEGRAPH_DIR;
  if (dir && existsSync(path.join(dir, script))) return path.join(dir, script);
  for (const p of (process.env.PATH ?? '').split(path.delimiter)) {
    if (p && existsSync(path.join(p, script))) return path.join(p, script);
  }
  return undefined;
}

log(`collapse: perfgate (${runs} runs) ...`);
const ourCollapse = measure([process.execPath, child, 'collapse', perfFile], { json: true });
const odd = ['random', 'address-only'].map((kind) => {
  const file = path.join(work, `odd-${kind}.txt`);
  const bytes = makeOdd(file, kind);
  log(`collapse: perfgate on ${(bytes / 1e6).toFixed(0)} MB of ${kind} lines (${runs} runs) ...`);
  // Unrecognised lines are warnings, and input with no sample at all is an error (exit 2) for the
  // command, but the child collapses it like any other input.
  return { kind, mb: bytes / 1e6, m: measure([process.execPath, child, 'collapse', file], { json: true }) };
});
log(`render: perfgate (${runs} runs) ...`);
const ourRender = measure([process.execPath, child, 'flamegraph', foldedFile], { json: true });

const stackcollapse = findPerl('stackcollapse-perf.pl');
const flamegraphPl = findPerl('flamegraph.pl');
const perlBin = spawnSync('perl', ['-v']).status === 0 ? 'perl' : undefined;
let perlCollapse;
let perlRender;
if (perlBin && stackcollapse) {
  log(`collapse: ${stackcollapse} (${runs} runs) ...`);
  perlCollapse = measure([perlBin, stackcollapse, perfFile]);
}
if (perlBin && flamegraphPl) {
  log(`render: ${flamegraphPl} (${runs} runs) ...`);
  perlRender = measure([perlBin, flamegraphPl, foldedFile]);
}

// ---------------------------------------------------------------------------------------------
// 4. Report.
const mb = perfBytes / 1e6;
const fmtS = (s) => (s === undefined ? 'n/a' : `${s.toFixed(2)} s`);
const fmtRss = (r) => (r === undefined ? 'n/a' : `${r.toFixed(0)} MB`);
const fmtRate = (s) => (s === undefined ? 'n/a' : `${(mb / s).toFixed(0)} MB/s`);
const speedup = (ours, theirs) => (ours && theirs ? `${(theirs.wall / ours.wall).toFixed(1)}x` : '-');
const skipped = (what, found) =>
  !perlBin
    ? 'skipped: no perl'
    : !found
      ? `skipped: ${what} not found (set FLAMEGRAPH_DIR or put it on PATH)`
      : undefined;

const rows = [
  ['', 'perfgate', 'FlameGraph (perl)', 'speed-up'],
  [
    `collapse ${mb.toFixed(1)} MB, wall`,
    `${fmtS(ourCollapse.wall)} (${fmtRate(ourCollapse.wall)})`,
    perlCollapse
      ? `${fmtS(perlCollapse.wall)} (${fmtRate(perlCollapse.wall)})`
      : skipped('stackcollapse-perf.pl', stackcollapse),
    speedup(ourCollapse, perlCollapse),
  ],
  ['  in-process (no node start-up)', `${fmtS(ourCollapse.inner)} (${fmtRate(ourCollapse.inner)})`, '', ''],
  ['  peak RSS', fmtRss(ourCollapse.rssMB), perlCollapse ? fmtRss(perlCollapse.rssMB) : '', ''],
  ...odd.map((o) => [
    `collapse ${o.mb.toFixed(1)} MB of ${o.kind} lines, in-process`,
    `${fmtS(o.m.inner)} (${(o.mb / o.m.inner).toFixed(o.mb / o.m.inner < 10 ? 2 : 0)} MB/s)`,
    '',
    '',
  ]),
  [
    `render ${stackCount.toLocaleString('en-US')} stacks (${(foldedBytes / 1e6).toFixed(1)} MB), wall`,
    fmtS(ourRender.wall),
    perlRender ? fmtS(perlRender.wall) : skipped('flamegraph.pl', flamegraphPl),
    speedup(ourRender, perlRender),
  ],
  ['  in-process (no node start-up)', fmtS(ourRender.inner), '', ''],
  ['  peak RSS', fmtRss(ourRender.rssMB), perlRender ? fmtRss(perlRender.rssMB) : '', ''],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r) =>
  r
    .map((cell, c) => cell.padEnd(widths[c]))
    .join('  ')
    .trimEnd();
process.stdout.write(
  `\n${line(rows[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.slice(1).map(line).join('\n')}\n`,
);
process.stdout.write(
  `\nbest of ${runs} runs each; node ${process.version}; inputs in ${process.env.KEEP ? work : '(removed)'}\n`,
);

if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
