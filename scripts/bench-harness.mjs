#!/usr/bin/env node
/**
 * Harness parser speed on adversarial outputs: each input of __tests__/helpers/adversarial-harness.ts
 * (shaped against quadratic parsing: unclosed Catch2 elements, blank stretches for wrk, long go
 * lines, names reported over and over, ...) parsed at two sizes; prints MB/s for each and the
 * time ratio between the sizes (about the size ratio when linear, its square when quadratic).
 *
 *   npm ci && node scripts/bench-harness.mjs          # BENCH_MB=8 (the larger size), RUNS=3
 *   BENCH_ONLY='catch2|wrk' node scripts/bench-harness.mjs   # only the inputs whose label matches
 *
 * Compiles the parsers and the input generator with the repository's TypeScript into a
 * temporary directory; nothing is downloaded. faults/harness.test.ts parses the same inputs at
 * 4 MB under jest's timeout (no timing is asserted there).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mb = Number(process.env.BENCH_MB ?? 8);
const runs = Math.max(1, Number(process.env.RUNS ?? 3));
const only = new RegExp(process.env.BENCH_ONLY ?? '');
const work = mkdtempSync(path.join(tmpdir(), 'perfgate-bench-harness-'));
const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(tsc)) {
  process.stderr.write('bench-harness: node_modules/typescript is missing: run `npm ci` first\n');
  process.exit(2);
}
const harnessDir = path.join(repo, 'src', 'measure', 'harness');
execFileSync(
  process.execPath,
  [
    tsc,
    '--outDir',
    work,
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
    ...readdirSync(harnessDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(harnessDir, f)),
    path.join(repo, '__tests__', 'helpers', 'adversarial-harness.ts'),
  ],
  { stdio: 'inherit' },
);
writeFileSync(path.join(work, 'package.json'), '{"type":"module"}\n');
const { FORMATS } = await import(pathToFileURL(path.join(work, 'src', 'measure', 'harness', 'formats.js')).href);
const { adversarialInputs } = await import(
  pathToFileURL(path.join(work, '__tests__', 'helpers', 'adversarial-harness.js')).href
);

function best(parse, text) {
  let t = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    try {
      parse(text);
    } catch {
      // refused outright: still a parse
    }
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return t;
}

const small = adversarialInputs((mb * 1e6) / 4);
const large = adversarialInputs(mb * 1e6);
process.stdout.write(
  `harness parsers on adversarial inputs, best of ${runs} (${mb / 4} MB and ${mb} MB; linear: time ratio ≈ 4)\n`,
);
for (const [i, input] of large.entries()) {
  if (!only.test(input.label)) continue;
  const parse = FORMATS[input.format].parse;
  const ts = best(parse, small[i].text);
  const tl = best(parse, input.text);
  const mbps = input.text.length / 1e6 / tl;
  process.stdout.write(
    `${input.label.padEnd(56)} ${(input.text.length / 1e6).toFixed(1).padStart(5)} MB ${tl.toFixed(3).padStart(7)} s ${mbps.toFixed(0).padStart(6)} MB/s  ratio ${(tl / ts).toFixed(1)}\n`,
  );
}
rmSync(work, { recursive: true, force: true });
