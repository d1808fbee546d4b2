/**
 * wrk against a loopback service the suite itself starts, in `perfgate ab` (a slower request
 * handler in head is a throughput regression: requests/s is higher-is-better), a service that
 * answers errors (the errors gate), and perfgate's own json format from a program that dies
 * mid-way.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { perfgate } from '../helpers/cli.js';
import { gatedRow, harnessRepo, harnessSrc, readComparison } from '../helpers/harness-repo.js';
import { haveTool } from '../helpers/tools.js';

interface Results {
  benchmarks: {
    name: string;
    status: string;
    error?: string;
    metrics: Record<string, { samples: number[]; direction?: string }>;
  }[];
}
const results = (dir: string): Results =>
  JSON.parse(readFileSync(path.join(dir, '.perfgate', 'results.json'), 'utf8')) as Results;

describe('wrk entries', () => {
  const files = { 'server.mjs': harnessSrc('wrk', 'server.mjs'), 'load.sh': harnessSrc('wrk', 'load.sh') };

  it('perfgate ab: a handler doing four times the work is a requests/s regression (a drop)', () => {
    if (!haveTool(['sh', '-c', 'command -v wrk'], 'wrk')) return;
    const repo = harnessRepo(
      files,
      'version: 1\ndefaults: { iterations: 10, max-iterations: 10, warmup: 1, timeout: 60s }\nbenchmarks:\n  - name: svc\n    run: ./load.sh /\n    format: wrk\n',
    );
    chmodSync(path.join(repo.dir, 'load.sh'), 0o755);
    repo.change('server.mjs', 'const WORK = 20000;', 'const WORK = 80000;');
    const r = perfgate(['ab', '--base', 'HEAD~1', '--head', 'HEAD', '--seed', '5', '--no-profile'], {
      cwd: repo.dir,
      timeoutMs: 600_000,
    });
    const doc = readComparison(repo.dir);
    const rps = gatedRow(doc, 'svc/root', 'requests');
    expect(rps).toMatchObject({ gated: true, verdict: 'regression', direction: 'higher', unit: 'req/s' });
    expect(rps.change).toBeLessThan(-0.3);
    expect(gatedRow(doc, 'svc/root', 'latency-p50')).toMatchObject({ gated: true, unit: 'ns' });
    expect(gatedRow(doc, 'svc/root', 'latency-p99').gated).toBe(false);
    expect(r.code).toBe(1);
  }, 600_000);

  it('perfgate run: responses with errors fail the entry, naming the count', () => {
    if (!haveTool(['sh', '-c', 'command -v wrk'], 'wrk')) return;
    const repo = harnessRepo(
      files,
      'version: 1\ndefaults: { iterations: 2, warmup: 0, timeout: 60s }\nbenchmarks:\n  - name: svc\n    run: ./load.sh /bad\n    format: wrk\n',
    );
    chmodSync(path.join(repo.dir, 'load.sh'), 0o755);
    const r = perfgate(['run', '--out', '.perfgate'], { cwd: repo.dir, timeoutMs: 300_000 });
    expect(r.code).toBe(1);
    const svc = results(repo.dir).benchmarks.find((b) => b.name === 'svc');
    expect(svc?.status).toBe('failed');
    expect(svc?.error).toMatch(/svc \(wrk, stdout\): bad: \d+ error\(s\) \(non-2xx or 3xx responses: \d+\)/);
  }, 300_000);
});

describe('json entries', () => {
  it('perfgate run: a program that dies mid-line keeps the rows it printed; higher-is-better carried into results', () => {
    const repo = harnessRepo(
      {},
      'version: 1\ndefaults: { iterations: 3, warmup: 0 }\nbenchmarks:\n  - name: custom\n    run: ./metrics.sh\n    format: json\n',
    );
    writeFileSync(
      path.join(repo.dir, 'metrics.sh'),
      '#!/bin/sh\necho \'{"name": "parse", "metric": "throughput", "unit": "MB/s", "value": 800, "direction": "higher"}\'\necho \'{"name": "parse", "metric": "time", "unit": "ns", "values": [10, 11, 12]}\'\nprintf \'{"name": "render", "met\'\nexit 1\n',
    );
    chmodSync(path.join(repo.dir, 'metrics.sh'), 0o755);
    const r = perfgate(['run', '--out', '.perfgate'], { cwd: repo.dir, timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    const doc = results(repo.dir);
    const entry = doc.benchmarks.find((b) => b.name === 'custom');
    expect(entry?.status).toBe('failed');
    expect(entry?.error).toContain('exited with code 1');
    expect(entry?.error).toContain('custom (json, stdout): line 3 is not a JSON row');
    expect(entry?.error).toContain('kept the 1 benchmark(s) that reported (last: parse)');
    const parse = doc.benchmarks.find((b) => b.name === 'custom/parse');
    expect(parse?.status).toBe('ok');
    expect(parse?.metrics.throughput).toEqual({ unit: 'MB/s', samples: [800, 800, 800], direction: 'higher' });
    expect(parse?.metrics.time?.samples).toEqual([11, 11, 11]);
  }, 120_000);

  it('output that is not the format at all: the entry fails with the format and what was expected', () => {
    const repo = harnessRepo(
      {},
      'version: 1\ndefaults: { iterations: 2, warmup: 0 }\nbenchmarks:\n  - name: custom\n    run: echo hello\n    format: json\n  - name: plain\n    run: "true"\n',
    );
    const r = perfgate(['run', '--out', '.perfgate'], { cwd: repo.dir, timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    const doc = results(repo.dir);
    expect(doc.benchmarks.find((b) => b.name === 'custom')?.error).toBe(
      'measured run 1 custom (stdout): json output not understood: line 1 is not a JSON row: "hello"; expected JSON rows {"name", "metric", "unit", "value" or "values", "direction"?: "lower"|"higher"}, as an array or one per line',
    );
    expect(doc.benchmarks.find((b) => b.name === 'plain')?.status).toBe('ok'); // the other entries still run
  }, 120_000);
});
