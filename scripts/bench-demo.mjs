// The demo suite's effects (perfgate.yml): each pair's median task-clock and the ratio of the
// slow half to the fast half, measured by `perfgate run` from build/ (npm run bench compiles it).
// These are figures of this machine, not pass/fail checks: under load the ratios shrink.
//   node scripts/bench-demo.mjs           # 30 iterations per benchmark (BENCH_ITERATIONS)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from 'simple-statistics';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const iterations = String(Number(process.env.BENCH_ITERATIONS ?? 30));
const out = mkdtempSync(path.join(os.tmpdir(), 'pg-bench-demo-'));

// Slow half first: the ratio reads "how many times slower".
const PAIRS = [
  ['cache/random', 'cache/sequential', 'cache misses'],
  ['false-sharing/adjacent', 'false-sharing/padded', 'false sharing'],
  ['branch/shuffled', 'branch/sorted', 'branch mispredictions'],
  ['tlb/page-stride', 'tlb/line-stride', 'TLB misses'],
];

const r = spawnSync(
  process.execPath,
  [path.join(repo, 'build', 'cli.js'), 'run', '--iterations', iterations, '--out', out],
  {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
if (r.status !== 0) {
  console.error(`bench-demo: perfgate run exited ${r.status ?? r.signal}`);
  process.exit(1);
}
const doc = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
rmSync(out, { recursive: true, force: true });

const metric = doc.backend === 'perf' ? 'task-clock' : 'wall';
const ms = (name) => {
  const b = doc.benchmarks.find((x) => x.name === name);
  const m = b?.metrics[metric];
  if (!m || m.samples.length === 0)
    throw new Error(`bench-demo: ${name} has no ${metric} samples (status ${b?.status ?? 'missing'})`);
  return median(m.samples) / (m.unit === 'ns' ? 1e6 : 1);
};

console.log(
  `perfgate demo pairs: median ${metric} of ${iterations} runs each (backend ${doc.backend}), ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}`,
);
console.log(
  `${'effect'.padEnd(22)} ${'slow'.padEnd(24)} ${'ms'.padStart(8)}   ${'fast'.padEnd(22)} ${'ms'.padStart(8)}   ratio`,
);
for (const [slow, fast, effect] of PAIRS) {
  const [s, f] = [ms(slow), ms(fast)];
  console.log(
    `${effect.padEnd(22)} ${slow.padEnd(24)} ${s.toFixed(2).padStart(8)}   ${fast.padEnd(22)} ${f.toFixed(2).padStart(8)}   ${(s / f).toFixed(2)}×`,
  );
}
