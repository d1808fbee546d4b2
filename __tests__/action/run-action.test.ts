/**
 * The bundled action (dist/index.js) run the way a runner runs it: inputs as INPUT_*
 * variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the workspace as cwd.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBenchmarks } from '../helpers/build.js';
import { actionPath, benchBin, repoRoot } from '../helpers/paths.js';

function runAction(workspace: string, inputs: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-runner-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    RUNNER_TEMP: dir,
  };
  // The runner turns `with: { iterations: 5 }` into INPUT_ITERATIONS (upper case, spaces → _).
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [actionPath], { cwd: workspace, env, encoding: 'utf8', timeout: 300_000 });
  return {
    code: r.status,
    stdout: r.stdout,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
  };
}

/** GITHUB_OUTPUT's heredoc format: `name<<DELIM\nvalue\nDELIM`. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

beforeAll(() => buildBenchmarks());

it('measures the demo suite and publishes outputs and the job summary', () => {
  const r = runAction(repoRoot, { suite: 'perfgate.yml', iterations: '5', filter: '^(cache|branch)/', out: path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-out-')), 'o') });
  expect(r.code).toBe(0);
  const results = r.outputs.results!;
  expect(results).toMatch(/\/o\/results\.json$/);
  const doc = JSON.parse(readFileSync(results, 'utf8')) as { git: { sha: string }; benchmarks: { name: string }[] };
  expect(doc.git.sha).toBe('a'.repeat(40));
  expect(doc.benchmarks.map((b) => b.name)).toEqual(['cache/sequential', 'cache/random', 'branch/sorted', 'branch/shuffled']);
  expect(['perf', 'time', 'valgrind']).toContain(r.outputs.backend);
  expect(r.summary).toContain('### perfgate: 4 benchmarks');
  expect(r.summary).toMatch(/^\| benchmark +\| status \| metric +\| unit +\|/m);
  expect(r.summary).toMatch(/^\| cache\/random +\| ok +\|/m);
});

it('rejects bad inputs, naming each one, before measuring', () => {
  const r = runAction(repoRoot, { iterations: 'lots', backend: 'rdtsc', cpus: 'first' });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("::error::input 'iterations' is 'lots': expected a positive whole number, e.g. 30%0Ainput 'backend' is 'rdtsc': expected one of auto, perf, valgrind, time%0Ainput 'cpus' is 'first'");
  expect(r.outputs.results).toBeUndefined();
});

it('fails the step when a benchmark fails, still writing results and the summary', () => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'pg-ws-'));
  writeFileSync(
    path.join(ws, 'perfgate.yml'),
    `version: 1\ndefaults: { iterations: 3, warmup: 0 }\nbenchmarks:\n  - name: ok\n    run: ${benchBin}/work 10\n  - name: broken\n    run: /bin/false\n`,
  );
  const r = runAction(ws, {});
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('::error::1 benchmark(s) did not complete: broken (failed)');
  expect(r.outputs.results).toBe(path.join(ws, '.perfgate', 'results.json'));
  expect(r.summary).toContain('**1 benchmark(s) did not complete:**');
});
