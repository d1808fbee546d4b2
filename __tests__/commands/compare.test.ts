/**
 * `perfgate compare` explains changes from the profiles both results files recorded, as the
 * action does with a stored baseline: one engine call (engine/unpaired.ts) for both.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/commands/dispatch.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import type { BenchmarkResult } from '../../src/results/results-doc.js';
import { memIO } from '../faults/memio.js';
import { framesOf, resultsDoc } from '../helpers/comparison.js';
import { renderReport } from '../../src/report/markdown.js';

const files = {
  folded: 'profiles/b.folded',
  runs: ['profiles/runs/b/1.folded', 'profiles/runs/b/2.folded'],
  callGraph: 'fp' as const,
};

/** A results file in its own directory, with per-run folded profiles beside it (paths relative to it). */
function side(
  root: string,
  name: string,
  taskClock: number[],
  runs: string[] | null,
  threshold: Record<string, number> = {},
): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'profiles', 'runs', 'b'), { recursive: true });
  if (runs) runs.forEach((text, i) => writeFileSync(path.join(dir, 'profiles', 'runs', 'b', `${i + 1}.folded`), text));
  const bench: BenchmarkResult = {
    name: 'b',
    status: 'ok',
    backend: 'perf',
    threshold,
    metrics: {
      'task-clock': { unit: 'ms', samples: taskClock },
      wall: { unit: 'ns', samples: taskClock.map((x) => x * 2e6) },
    },
    ...(runs ? { profile: files } : {}),
  };
  const file = path.join(dir, 'results.json');
  writeFileSync(
    file,
    JSON.stringify(resultsDoc([bench], { fingerprint: { hard: { backend: 'perf' }, soft: {} }, backend: 'perf' })),
  );
  return file;
}

describe('perfgate compare', () => {
  it('explains the change with a differential flame graph when both sides were profiled', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'pg-cmd-compare-'));
    const base = side(root, 'base', [45, 38, 40, 41, 39], ['p;main;f 5\np;main;g 5\n', 'p;main;f 5\np;main;g 5\n']);
    const head = side(root, 'head', [60, 61, 59, 62, 58], ['p;main;f 15\np;main;g 5\n', 'p;main;f 15\np;main;g 5\n']);
    const out = path.join(root, 'out');
    const io = memIO(root);
    const code = await main(['compare', base, head, '--out', out], io);
    expect([0, 1]).toContain(code);
    const doc = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')) as ComparisonDoc;
    const ex = framesOf(doc, 'b');
    expect(ex?.top[0]).toMatchObject({ frame: 'f', selfMs: { base: 20, head: 45 } });
    expect(readFileSync(path.join(out, ex!.diff), 'utf8')).toContain('</svg>');
  });

  it('has no explanations without profiles', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'pg-cmd-compare-'));
    const base = side(root, 'base', [45, 38, 40, 41, 39], null);
    const head = side(root, 'head', [60, 61, 59, 62, 58], null);
    const out = path.join(root, 'out');
    const io = memIO(root);
    await main(['compare', base, head, '--out', out], io);
    const doc = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')) as ComparisonDoc;
    expect(doc.explanations).toBeUndefined();
  });

  it("says its verdicts are not confirmed by a paired run, with the session model's measured false rate, and suggests perfgate ab", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'pg-cmd-compare-'));
    const gate = { 'task-clock': 0.02 };
    // Two baseline sessions 1% apart, head 50% slower: a regression the sessions call, no pairs behind it.
    const b1 = side(root, 'b1', [40, 40.2, 39.8, 40.1, 39.9], null, gate);
    const b2 = side(root, 'b2', [40.4, 40.6, 40.2, 40.5, 40.3], null, gate);
    const head = side(root, 'head', [60, 60.3, 59.7, 60.1, 59.9], null, gate);
    const out = path.join(root, 'out');
    const io = memIO(root);
    const code = await main(['compare', b1, b2, head, '--out', out], io);
    expect(code).toBe(1);
    const doc = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8')) as ComparisonDoc;
    const row = doc.rows.find((r) => r.metric === 'task-clock')!;
    expect(row.verdict).toBe('regression');
    expect(row.confirmation).toEqual({ status: 'unconfirmed' });
    expect(doc.confirmation?.status).toBe('unconfirmed');
    for (let text of [
      io.out(),
      doc.confirmation!.reason,
      renderReport({ comparison: doc, suiteId: 's', provenance: { source: 'files', commit: null, ageMs: null } }).body,
    ]) {
      // The markdown escapes brackets and parentheses: read it as rendered.
      text = text.replace(/\\/g, '');
      expect(text).toContain('not confirmed by a paired run');
      expect(text).toMatch(/false regressions in \d+\.\d% of gated rows \[\d+\.\d%, \d+\.\d%\]/);
      expect(text).toContain('perfgate ab --base BASE --head HEAD');
    }
    expect(io.out()).toContain('UNCONFIRMED: ');
  });
});
