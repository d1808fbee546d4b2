/**
 * Sharding through the action: two matrix jobs of one workflow run measure a shard each and
 * upload it; the merge job of the same run gathers them and stores one baseline.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitHubEmulator, WRITE_TOKEN } from '../github/emulator.js';
import { pushEvent, runAction } from '../github/runner.js';
import { buildBenchmarks } from '../helpers/build.js';
import { benchBin } from '../helpers/paths.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';

it('shard 1/2 and 2/2 upload their halves; mode merge stores one baseline with every benchmark once', async () => {
  buildBenchmarks();
  const emu = await GitHubEmulator.start();
  try {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'pg-shards-'));
    const names = ['a', 'b', 'c'];
    writeFileSync(
      path.join(ws, 'perfgate.yml'),
      `version: 1\ndefaults: { iterations: 3, warmup: 0 }\nbenchmarks:\n${names.map((n, i) => `  - name: ${n}\n    run: ${benchBin}/work ${100 * (i + 1)}\n`).join('')}`,
    );
    const sha = 'd'.repeat(40);
    const run = emu.addRun({
      headSha: sha,
      event: 'push',
      status: 'in_progress',
      workflow: 'perf.yml',
      headBranch: 'main',
    });
    const job = (inputs: Record<string, string>) =>
      runAction({
        emulator: emu,
        run,
        eventName: 'push',
        payload: pushEvent(emu, { sha }),
        workspace: ws,
        token: WRITE_TOKEN,
        inputs: { ...inputs, out: path.join(ws, `out-${inputs.shard ?? 'merge'}`.replace('/', '-')) },
      });
    for (const shard of ['1/2', '2/2']) {
      const r = await job({ shard });
      expect(r.code).toBe(0);
      expect(r.outputs.verdict).toBe('shard');
    }
    expect(
      emu
        .artifactsOf(run.id)
        .map((a) => a.name)
        .sort(),
    ).toEqual(['perfgate-shard-perfgate-1-of-2', 'perfgate-shard-perfgate-2-of-2']);
    const m = await job({ mode: 'merge' });
    expect(m.stderr).not.toContain('::error');
    expect(m.code).toBe(0);
    expect(m.outputs.verdict).toBe('baseline');
    const merged = JSON.parse(readFileSync(m.outputs.results!, 'utf8')) as ResultsDoc;
    expect(merged.benchmarks.map((b) => b.name)).toEqual(names);
    expect(merged.shard).toBeUndefined();
    expect(emu.artifactsOf(run.id).map((a) => a.name)).toContain('perfgate-baseline-perfgate');
  } finally {
    await emu.stop();
  }
}, 300_000);
