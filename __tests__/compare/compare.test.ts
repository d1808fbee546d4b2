/**
 * The unpaired comparison of two results documents, and `perfgate compare` on files. Samples
 * are synthetic but drawn with a seeded generator, so each test knows the true change.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareDocs, gateFails } from '../../src/compare/compare-docs.js';
import { finalizeRows } from '../../src/compare/analyze.js';
import {
  batchSize,
  futile,
  intervalsLabel,
  levelAt,
  plannedLooks,
  sequentialInfo,
  sequentialPlan,
  stopReason,
} from '../../src/compare/sequential.js';
import type { ComparisonRow } from '../../src/compare/comparison-doc.js';
import type { BenchmarkResult, ResultsDoc } from '../../src/results/results-doc.js';
import { createRng } from '../../src/stats/rng.js';
import { perfgate } from '../helpers/cli.js';
import { comparison, resultsDoc, row } from '../helpers/comparison.js';
import { confirmByPairs, markUnconfirmed, regressedEntries } from '../../src/compare/unpaired-confirmation.js';
import { exactNames } from '../../src/tools/exact-names.js';
import { parseComparison } from '../../src/compare/read-comparison.js';

const rng = createRng(42);
/** Log-normal samples around `center` with 1.5% spread, like task-clock on a quiet VM. */
const samples = (center: number, n = 30): number[] =>
  Array.from({ length: n }, () => center * Math.exp(0.015 * rng.normal()));

function bench(name: string, center: number, extra: Partial<BenchmarkResult> = {}): BenchmarkResult {
  return {
    name,
    status: 'ok',
    backend: 'perf',
    threshold: { 'task-clock': 0.02, wall: 0.03 },
    metrics: {
      'task-clock': { unit: 'ms', samples: samples(center) },
      'page-faults': { unit: 'count', samples: samples(100) },
    },
    ...extra,
  };
}

function doc(benchmarks: BenchmarkResult[], over: Partial<ResultsDoc> = {}): ResultsDoc {
  return resultsDoc(benchmarks, {
    git: { sha: 'b'.repeat(40), ref: 'main' },
    fingerprint: { hard: { arch: 'x64', cpu: 'AMD EPYC', backend: 'perf' }, soft: {} },
    startedAt: '2026-11-21T00:00:00.000Z',
    finishedAt: '2026-11-21T00:01:00.000Z',
    ...over,
  });
}

describe('compareDocs (paired)', () => {
  it('a gated row that reaches no interval is inconclusive and says why; the geomean leaves it out', () => {
    // Fixed samples, not bench(): the file's shared generator feeds the tests below.
    const result = (name: string, samples: number[]): BenchmarkResult => ({
      name,
      status: 'ok',
      backend: 'perf',
      threshold: { 'task-clock': 0.02 },
      metrics: { 'task-clock': { unit: 'ms', samples } },
    });
    // A short run of a tiny benchmark: 4 pairs, task-clock mostly tied at perf's resolution.
    const [b, h] = [result('tiny', [0.1, 0.1, 0.1, 0.1]), result('tiny', [0.11, 0.11, 0.11, 0.121])];
    const c = compareDocs(doc([b]), doc([h]), { design: 'paired' });
    expect(c.rows.map((r) => [r.benchmark, r.metric, r.verdict, r.confLevel, r.note])).toEqual([
      [
        'tiny',
        'task-clock',
        'inconclusive',
        0,
        '4 pairs, mostly tied, reach no interval at 95%: more iterations needed',
      ],
    ]);
    expect(c.summary.geomeanChange).toBeNull();
    // Beside a row with an interval, the geomean is that row's alone.
    const base = Array.from({ length: 12 }, (_, i) => 10 + 0.01 * i);
    const [b2, h2] = [
      result('big', base),
      result(
        'big',
        base.map((v, i) => v * 1.05 * (1 + 0.001 * (i % 5))),
      ),
    ];
    const both = compareDocs(doc([b, b2]), doc([h, h2]), { design: 'paired' });
    const big = both.rows.find((r) => r.benchmark === 'big');
    expect(big?.confLevel).toBeGreaterThan(0.9);
    expect(both.summary.geomeanChange?.benchmarks).toBe(1);
    expect(both.summary.geomeanChange?.change).toBeCloseTo(big?.change ?? NaN, 12);
  });

  it('a row that reaches only a lower level than asked keeps its verdict and says which level', () => {
    // Deterministic counts: 28 of 30 pairs tie exactly, 2 differ by 3 in a million. With the
    // ties the normal approximation cannot reach 95% and R doubles alpha to 0.4 (60%).
    const result = (samples: number[]): BenchmarkResult => ({
      name: 'counted',
      status: 'ok',
      backend: 'valgrind',
      threshold: { instructions: 0.02 },
      metrics: { instructions: { unit: 'count', samples } },
    });
    const base = Array.from({ length: 30 }, () => 1_000_000);
    const c = compareDocs(doc([result(base)]), doc([result(base.map((v, i) => (i < 2 ? v + 3 : v)))]), {
      design: 'paired',
    });
    expect(c.rows.map((r) => [r.verdict, r.confLevel, r.ci, r.note])).toEqual([
      ['unchanged', expect.closeTo(0.6, 12), [0, 0], '30 pairs reach only 60% confidence, not 95% (tied ratios)'],
    ]);
  });
});

describe('compareDocs (unpaired)', () => {
  it('one baseline session from another run never gates: rows report the change and say why', () => {
    const c = compareDocs(doc([bench('slow', 10), bench('same', 20)]), doc([bench('slow', 11), bench('same', 20)]), {
      design: 'unpaired',
    });
    const slow = c.rows.find((r) => r.benchmark === 'slow' && r.metric === 'task-clock')!;
    expect(slow.verdict).toBe('inconclusive');
    expect(slow.change).toBeGreaterThan(0.05);
    expect(slow.note).toMatch(/one baseline session cannot show how much results move between sessions/);
    expect(c.baseline).toEqual({
      source: 'files',
      sessions: 1,
      reason: expect.stringMatching(/drift between sessions cannot be estimated/),
    });
    expect(c.summary).toMatchObject({ regressions: 0, improvements: 0, unchanged: 0 });
    expect(gateFails(c)).toEqual([]);
  });

  it('several baseline sessions: the interval carries their spread, so drift is not a verdict but a large change is', () => {
    // Five sessions whose centres drift by ~3% (page placement, neighbours), each tight inside.
    const session = (name: string, centre: number) =>
      doc([bench(name, centre * Math.exp(0.03 * rng.normal())), bench('same', 20 * Math.exp(0.03 * rng.normal()))]);
    const sessions = Array.from({ length: 5 }, () => session('slow', 10));
    const c = compareDocs(sessions[4]!, doc([bench('slow', 12.5), bench('same', 20 * Math.exp(0.03 * rng.normal()))]), {
      design: 'unpaired',
      baseSessions: sessions,
    });
    const slow = c.rows.find((r) => r.benchmark === 'slow' && r.metric === 'task-clock')!;
    expect(slow.verdict).toBe('regression');
    expect(slow.sessions?.count).toBe(5);
    expect(slow.ci[1] - slow.ci[0]).toBeGreaterThan(0.05);
    const same = c.rows.find((r) => r.benchmark === 'same' && r.metric === 'task-clock')!;
    expect(['inconclusive', 'unchanged']).toContain(same.verdict);
    const context = c.rows.filter((r) => r.metric === 'page-faults');
    expect(context.every((r) => !r.gated && r.p === null && r.pAdjusted === null && r.threshold === null)).toBe(true);
    expect(c.baseline.sessions).toBe(5);
    expect(gateFails(c)).toEqual([
      expect.stringMatching(/^1 significant regression\(s\): slow task-clock \+2\d\.\d%$/),
    ]);
  });

  it('refuses to gate across backends, saying why', () => {
    const base = doc([bench('a', 10)]);
    const head = doc([bench('a', 12, { backend: 'time' })], {
      backend: 'time',
      fingerprint: { hard: { arch: 'x64', cpu: 'AMD EPYC', backend: 'time' }, soft: {} },
    });
    const c = compareDocs(base, head, { design: 'unpaired' });
    expect(c.gate.comparable).toBe(false);
    expect(c.gate.reasons).toEqual(['backend differs: base measured with perf, head with time']);
    expect(
      c.rows
        .filter((r) => r.gated)
        .every((r) => r.verdict === 'inconclusive' && r.note === 'not gated: the two sides are not comparable'),
    ).toBe(true);
    expect(c.summary.regressions).toBe(0);
  });

  it('refuses to gate across CPU models and names the key', () => {
    const c = compareDocs(
      doc([bench('a', 10)]),
      doc([bench('a', 10)], { fingerprint: { hard: { arch: 'x64', cpu: 'Intel Xeon', backend: 'perf' }, soft: {} } }),
      { design: 'unpaired' },
    );
    expect(c.gate.reasons).toEqual(["fingerprint key 'cpu' differs: base AMD EPYC, head Intel Xeon"]);
  });

  it('lists added, removed and failed benchmarks; a benchmark broken by head fails the gate', () => {
    const c = compareDocs(
      doc([bench('kept', 10), bench('gone', 10), bench('breaks', 10)]),
      doc([
        bench('kept', 10),
        bench('new', 10),
        { ...bench('breaks', 10), status: 'failed', error: 'exited with code 3', metrics: {} },
      ]),
      { design: 'unpaired' },
    );
    expect(c.added).toEqual(['new']);
    expect(c.removed).toEqual(['gone']);
    expect(c.problems).toEqual([{ benchmark: 'breaks', side: 'head', status: 'failed', error: 'exited with code 3' }]);
    expect(gateFails(c)).toEqual(['breaks failed on head']);
  });

  it('a gated metric with zeros gets an inconclusive row, not a crash', () => {
    const zero = bench('z', 10);
    zero.metrics['task-clock'] = { unit: 'ms', samples: [0, 1, 2] };
    const c = compareDocs(doc([zero]), doc([bench('z', 10)]), { design: 'unpaired' });
    expect(c.rows.find((r) => r.metric === 'task-clock')).toMatchObject({
      verdict: 'inconclusive',
      note: 'zero or negative values: no log ratio',
    });
  });
});

describe('Benjamini–Hochberg in the verdicts', () => {
  const row = (benchmark: string, p: number, ci: [number, number]): ComparisonRow => ({
    benchmark,
    metric: 'task-clock',
    unit: 'ms',
    gated: true,
    verdict: ci[0] > 0.02 ? 'regression' : 'unchanged',
    change: (ci[0] + ci[1]) / 2,
    ci,
    confLevel: 0.95,
    p,
    pAdjusted: null,
    threshold: 0.02,
    n: { base: 30, head: 30 },
    median: { base: 1, head: 1 },
    outliers: 0,
  });
  it('adjusts p across gated rows (R: p.adjust(c(0.01, 0.04, 0.03), "BH") = 0.03 0.04 0.04) and demotes a regression that does not survive', () => {
    const out = finalizeRows(
      [row('a', 0.01, [0.03, 0.05]), row('b', 0.04, [0.021, 0.04]), row('c', 0.03, [0, 0.01])],
      0.035,
      true,
    );
    expect(out.map((r) => r.pAdjusted)).toEqual([0.03, 0.04, 0.04]);
    expect(out[0]?.verdict).toBe('regression');
    expect(out[1]?.verdict).toBe('inconclusive');
    expect(out[1]?.note).toMatch(/not significant after Benjamini–Hochberg \(adjusted p 0\.040 > 0\.035\)/);
  });
});

describe('adaptive sampling plan', () => {
  it('plans looks from N, the batch and the maximum', () => {
    expect(batchSize(30)).toBe(10);
    expect(batchSize(6)).toBe(5);
    expect(plannedLooks(30, 30)).toBe(1);
    expect(plannedLooks(30, 60)).toBe(4);
    expect(plannedLooks(10, 40)).toBe(7);
  });
  const r = (verdict: ComparisonRow['verdict'], ci: [number, number]): ComparisonRow => ({
    benchmark: 'b',
    metric: 'task-clock',
    unit: 'ms',
    gated: true,
    verdict,
    change: 0,
    ci,
    confLevel: 0.99,
    p: 0.5,
    pAdjusted: null,
    threshold: 0.02,
    n: { base: 10, head: 10 },
    median: { base: 1, head: 1 },
    outliers: 0,
  });
  it('stops when decided or at the maximum; a narrow interval straddling θ keeps sampling', () => {
    expect(stopReason([r('unchanged', [-0.01, 0.01])], { pairs: 10, maxPairs: 40, looks: 1, planned: 7 })).toBe(
      'decided',
    );
    expect(
      stopReason([r('inconclusive', [0.015, 0.025])], { pairs: 10, maxPairs: 40, looks: 1, planned: 7 }),
    ).toBeNull();
    expect(
      stopReason([r('inconclusive', [-0.01, 0.05])], { pairs: 10, maxPairs: 40, looks: 1, planned: 7 }),
    ).toBeNull();
    expect(stopReason([r('inconclusive', [-0.01, 0.05])], { pairs: 40, maxPairs: 40, looks: 7, planned: 7 })).toBe(
      'max-iterations',
    );
    expect(stopReason([r('inconclusive', [-0.01, 0.05])], { pairs: 30, maxPairs: 30, looks: 1, planned: 1 })).toBe(
      'fixed',
    );
  });
  it('stops as futile only when every undecided row is futile, and never at the last look', () => {
    const open = r('inconclusive', [-0.2, 0.2]);
    expect(stopReason([open], { pairs: 30, maxPairs: 90, looks: 1, planned: 7 }, () => true)).toBe('futile');
    expect(
      stopReason(
        [open, r('inconclusive', [0.015, 0.025])],
        { pairs: 30, maxPairs: 90, looks: 1, planned: 7 },
        (x) => x === open,
      ),
    ).toBeNull();
    expect(stopReason([open], { pairs: 90, maxPairs: 90, looks: 7, planned: 7 }, () => true)).toBe('max-iterations');
  });
  // The action's defaults: 30 pairs, up to 90, 7 looks.
  const plan = sequentialPlan(30, 90);
  const at = (ci: [number, number], threshold: number, pairs = 30): ComparisonRow => ({
    ...r('inconclusive', ci),
    confLevel: levelAt(plan, 1),
    threshold,
    n: { base: pairs, head: pairs },
  });
  it('the TOST design: one-sided 5% decisions, the interval at 1 − 2·a_k per look', () => {
    expect(plan.pairsAt).toEqual([30, 40, 50, 60, 70, 80, 90]);
    // z_1 = Φ⁻¹(1 − 0.05·ln(1 + (e − 1)/3)): the Pocock-type spending of the first third.
    const a1 = 0.05 * Math.log(1 + (Math.E - 1) / 3);
    expect(levelAt(plan, 1)).toBeCloseTo(1 - 2 * a1, 10);
    expect(levelAt(plan, 99)).toBe(plan.levels[6]);
    expect(sequentialPlan(30, 90, 'pocock').levels.every((l) => Math.abs(l - 0.9873) < 1e-3)).toBe(true);
    // A fixed N keeps the two-sided 95% interval.
    expect(sequentialPlan(30, 30)).toMatchObject({ design: 'pocock', levels: [0.95], futility: null });
  });
  it('report footers name the levels and the design; documents from before name Pocock', () => {
    expect(intervalsLabel(sequentialInfo(plan))).toBe(
      '95.5%–97.1% intervals (one-sided 5% decisions, Pocock-type spending, 7 looks)',
    );
    expect(intervalsLabel({ looks: 7, nominalAlpha: 0.0127 })).toBe('98.7% intervals (Pocock, 7 looks)');
    expect(intervalsLabel({ looks: 1, nominalAlpha: 0.05 })).toBe('95% intervals');
  });
  it('futility: a wide interval around zero is futile; one that more pairs may settle is not', () => {
    // Wall under heavy preemption: ±12% at 30 pairs cannot fit ±3% by 90, nor clear +3% from 0.
    expect(futile(at([-0.12, 0.12], 0.03), plan, 1)).toBe(true);
    // +12% measured ±12%: more pairs may well clear +3%.
    expect(futile(at([0, 0.24], 0.03), plan, 1)).toBe(false);
    // Straddling θ off centre (+2.5% ± 1%): a regression by 90 pairs is likely enough to go on.
    expect(futile(at([0.015, 0.035], 0.02), plan, 1)).toBe(false);
    expect(futile(at([-0.012, 0.024], 0.02), plan, 1)).toBe(false);
    // Centred on θ: at the maximum the interval is √(30/90) as wide and the estimate moves by
    // √(60/90) of an SE, so either verdict needs 2.13·√(1/2) = 1.5 SDs: 6.6% < 20%.
    expect(futile(at([0.015, 0.025], 0.02), plan, 1)).toBe(true);
    expect(futile(at([-0.12, 0.12], 0.03), plan, 7)).toBe(false);
    expect(futile(at([-0.12, 0.12], 0.03), sequentialPlan(30, 90, 'pocock'), 1)).toBe(false);
    expect(futile({ ...at([-0.12, 0.12], 0.03), verdict: 'unchanged' }, plan, 1)).toBe(false);
    // Too few pairs for the interval's width to stand for an SE: sampling goes on.
    expect(futile(at([-0.12, 0.12], 0.03, 8), plan, 1)).toBe(false);
  });
});

describe('perfgate compare (CLI)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-compare-'));
  const write = (name: string, content: string): string => {
    writeFileSync(path.join(dir, name), content);
    return name;
  };

  it('one session per side: reported, not gated, and the reason printed once', () => {
    const base = write('one-base.json', JSON.stringify(doc([bench('a', 10), bench('b', 10)])));
    const head = write('one-head.json', JSON.stringify(doc([bench('a', 14), bench('b', 10)])));
    const r = perfgate(['compare', base, head, '--out', 'cmp1'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^a\s+task-clock\s.*\+4\d\.\d%.*INCONCLUSIVE$/m);
    expect(r.stdout).toContain('baseline: files: one baseline session from another run');
    expect(r.stdout.match(/one baseline session cannot show/g)).toHaveLength(1);
    expect(r.stderr).toContain("use 'perfgate ab' (paired, one job)");
  });

  it('writes comparison.json and exits 1 on a regression over several baseline sessions, 0 with --no-fail', () => {
    const bases = [9.8, 10.1, 10, 10.3].map((c, i) => write(`base${i}.json`, JSON.stringify(doc([bench('a', c)]))));
    const head = write('head.json', JSON.stringify(doc([bench('a', 13)])));
    let r = perfgate(['compare', ...bases, head, '--out', 'cmp'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^a\s+task-clock\s.*REGRESSION$/m);
    expect(r.stderr).toContain(`comparison: ${path.join(dir, 'cmp', 'comparison.json')}`);
    r = perfgate(['compare', ...bases, head, '--out', 'cmp', '--no-fail'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('gate would fail (--no-fail)');
  });

  it('refuses different backends with exit 2 and the reason', () => {
    const base = write('b1.json', JSON.stringify(doc([bench('a', 10)])));
    const head = write('h1.json', JSON.stringify(doc([bench('a', 10, { backend: 'time' })], { backend: 'time' })));
    const r = perfgate(['compare', base, head, '--out', 'cmp'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to gate: backend differs: base measured with perf, head with time');
    expect(r.stdout).toContain('NOT GATED: the sides are not comparable');
  });

  it('bad input: missing, corrupt, wrong-schema and wrong-version files', () => {
    const good = write('good.json', JSON.stringify(doc([bench('a', 10)])));
    const cases: [string[], string][] = [
      [
        ['compare', good],
        "expected baseline results files and then the head's (BASE.json [BASE.json ...] HEAD.json), got 1 file(s)",
      ],
      [['compare', good, 'missing.json'], `cannot read results ${path.join(dir, 'missing.json')}: ENOENT`],
      [
        ['compare', good, write('corrupt.json', '{"schemaVersion": 1, ')],
        `${path.join(dir, 'corrupt.json')} is not JSON: `,
      ],
      [
        ['compare', good, write('v2.json', '{"schemaVersion": 2}')],
        `${path.join(dir, 'v2.json')}: schemaVersion 2 is not one this perfgate reads (expected 1)`,
      ],
      [
        [
          'compare',
          good,
          write(
            'shape.json',
            JSON.stringify({ ...doc([]), benchmarks: [{ name: 'x', status: 'weird', metrics: {} }] }),
          ),
        ],
        `${path.join(dir, 'shape.json')} is not a valid results.json:\n  /benchmarks/0/status: must be equal to one of the allowed values`,
      ],
    ];
    for (const [args, message] of cases) {
      const r = perfgate(args, { cwd: dir });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(message);
    }
  });
});

describe('unpaired regressions looked at again as pairs', () => {
  const unpaired = () => ({
    ...comparison([
      row('a', 'task-clock', 'regression', 0.3),
      row('b', 'task-clock', 'regression', 0.25),
      row('h/x.y+', 'ops', 'regression', 0.5, { entry: 'h' }),
      row('d', 'task-clock', 'unchanged', 0.001),
    ]),
    design: 'unpaired' as const,
  });

  it('the pairs decide: refuted rows take their verdict, confirmed ones keep the regression, unmeasured ones stand unconfirmed', () => {
    const doc = unpaired();
    expect(regressedEntries(doc)).toEqual(['a', 'b', 'h']);
    const filter = exactNames(['a', 'x.y+']);
    expect(['a', 'x.y+', 'ab', 'xxy+', 'b'].filter((n) => filter.test(n))).toEqual(['a', 'x.y+']);
    const paired = {
      ...comparison([
        row('a', 'task-clock', 'unchanged', 0.002),
        row('b', 'task-clock', 'regression', 0.24, { sampling: { pairs: 12, looks: 2, stop: 'decided' } }),
      ]),
      interrupted: ['h'],
    };
    const out = confirmByPairs(doc, paired, { base: 'b'.repeat(40), comparison: 'confirm/comparison.json' });
    const by = (name: string) => out.rows.find((r) => r.benchmark === name)!;
    expect(by('a')).toMatchObject({ verdict: 'unchanged', confirmation: { status: 'not-confirmed' } });
    expect(by('a').note).toMatch(/^not confirmed by a paired A\/B: \+0\.2\d*% \[.*\], 30 pairs, unchanged$/);
    expect(by('b')).toMatchObject({
      verdict: 'regression',
      confirmation: { status: 'confirmed', paired: { verdict: 'regression', change: 0.24, pairs: 12 } },
    });
    expect(by('h/x.y+')).toMatchObject({
      verdict: 'regression',
      confirmation: {
        status: 'unconfirmed',
        reason: 'the paired A/B was interrupted before it measured this benchmark',
      },
    });
    expect(by('d')).toEqual(doc.rows[3]);
    expect(out.summary.regressions).toBe(2);
    expect(gateFails(out).join()).toMatch(/2 significant regression\(s\): b task-clock .*, h\/x\.y\+ ops/);
    expect(out.confirmation).toEqual({
      status: 'paired',
      reason: expect.stringContaining('1 confirmed, 1 not confirmed, 1 unconfirmed'),
      comparison: 'confirm/comparison.json',
    });
    // The fork companion job and the shard merge read it back.
    expect(parseComparison(JSON.parse(JSON.stringify(out))).rows[0]?.confirmation?.status).toBe('not-confirmed');
  });

  it('unconfirmed: the regressions stand with the reason; a forged status is refused when read back', () => {
    const out = markUnconfirmed(unpaired(), 'no commits to check out');
    expect(out.summary.regressions).toBe(3);
    expect(out.rows.filter((r) => r.confirmation?.status === 'unconfirmed')).toHaveLength(3);
    expect(out.confirmation).toEqual({ status: 'unconfirmed', reason: 'no commits to check out' });
    const forged = JSON.parse(JSON.stringify(out)) as { confirmation: { status: string } };
    forged.confirmation.status = 'confirmed-by-magic';
    expect(() => parseComparison(forged)).toThrow(/\/confirmation\/status: must be equal to one of the allowed values/);
  });
});

describe('the minimum detectable change of a row', () => {
  // Its own generator: the file's shared one feeds the tests above in order.
  const gen = createRng(23);
  const noisy = (n: number, sd: number): number[] => Array.from({ length: n }, () => 10 * Math.exp(sd * gen.normal()));
  const result = (name: string, metrics: BenchmarkResult['metrics'], threshold: Record<string, number>) => ({
    name,
    status: 'ok' as const,
    backend: 'perf' as const,
    threshold,
    metrics,
  });

  it('paired: from the pairs and their noise, the same for a throughput as for its cost', () => {
    // 40 pairs, 1% noise a side: log-ratio SD 1.41%; normal theory for the rank interval gives
    // mde ≈ 2.8016·0.0141/√(40·3/π) = 0.64% (stats/mde.ts).
    const base = noisy(40, 0.01);
    const head = noisy(40, 0.01);
    const metrics = (xs: number[]): BenchmarkResult['metrics'] => ({
      'task-clock': { unit: 'ms', samples: xs },
      'ops/s': { unit: 'ops/s', samples: xs.map((v) => 1 / v), direction: 'higher' },
    });
    const c = compareDocs(
      doc([result('p', metrics(base), { 'task-clock': 0.02, 'ops/s': 0.02 })]),
      doc([result('p', metrics(head), { 'task-clock': 0.02, 'ops/s': 0.02 })]),
      { design: 'paired' },
    );
    const cpu = c.rows.find((r) => r.metric === 'task-clock')!;
    const ops = c.rows.find((r) => r.metric === 'ops/s')!;
    const theory = 2.8015852181129683 * ((0.01 * Math.SQRT2) / Math.sqrt((40 * 3) / Math.PI));
    expect(cpu.mde! / theory).toBeGreaterThan(0.7);
    expect(cpu.mde! / theory).toBeLessThan(1.3);
    expect(ops.mde).toBeCloseTo(cpu.mde!, 12);
    // Mostly tied pairs reach no interval: no mde to claim.
    const tied = compareDocs(
      doc([result('t', { 'task-clock': { unit: 'ms', samples: [0.1, 0.1, 0.1, 0.1] } }, { 'task-clock': 0.02 })]),
      doc([result('t', { 'task-clock': { unit: 'ms', samples: [0.11, 0.11, 0.11, 0.121] } }, { 'task-clock': 0.02 })]),
      { design: 'paired' },
    );
    expect(tied.rows[0]?.confLevel).toBe(0);
    expect(tied.rows[0]).not.toHaveProperty('mde');
  });

  it('across sessions: from the spread of K centres with K − 1 degrees of freedom; one session has none', () => {
    const sessions = [9.7, 10.2, 10, 10.4].map((c) =>
      doc([
        result(
          's',
          { 'task-clock': { unit: 'ms', samples: noisy(9, 0.002).map((v) => (v * c) / 10) } },
          { 'task-clock': 0.02 },
        ),
      ]),
    );
    const head = doc([result('s', { 'task-clock': { unit: 'ms', samples: noisy(9, 0.002) } }, { 'task-clock': 0.02 })]);
    const c = compareDocs(sessions[3]!, head, { design: 'unpaired', baseSessions: sessions });
    const r = c.rows[0]!;
    // scipy: t.ppf(0.975, 3) + t.ppf(0.8, 3) = 4.160918617647012; SE = sd·√(1 + 1/K).
    const sd = r.sessions!.sd!;
    expect(r.mde).toBeCloseTo(Math.expm1(4.160918617647012 * sd * Math.sqrt(1 + 1 / 4)), 9);
    const one = compareDocs(sessions[0]!, head, { design: 'unpaired' });
    expect(one.rows[0]).not.toHaveProperty('mde');
  });

  it('comparison.json: written, read back, optional (older comparisons), and checked', () => {
    const c = compareDocs(
      doc([result('p', { 'task-clock': { unit: 'ms', samples: noisy(12, 0.01) } }, { 'task-clock': 0.02 })]),
      doc([result('p', { 'task-clock': { unit: 'ms', samples: noisy(12, 0.01) } }, { 'task-clock': 0.02 })]),
      { design: 'paired' },
    );
    const json = JSON.parse(JSON.stringify(c));
    expect(parseComparison(json).rows[0]?.mde).toBeGreaterThan(0);
    delete json.rows[0].mde;
    expect(parseComparison(json).rows[0]).not.toHaveProperty('mde');
    json.rows[0].mde = -0.01;
    expect(() => parseComparison(json)).toThrow(/\/rows\/0\/mde: must be >= 0/);
    json.rows[0].mde = '<b>@x</b>';
    expect(() => parseComparison(json)).toThrow(/\/rows\/0\/mde: must be number/);
  });

  it('perfgate compare prints an mde column and, where it is above θ, what this runner cannot see', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-mde-'));
    const bases = [9.7, 10.2, 10, 10.4].map((centre, i) => {
      const file = `base${i}.json`;
      const samples = noisy(9, 0.002).map((v) => (v * centre) / 10);
      writeFileSync(
        path.join(dir, file),
        JSON.stringify(doc([result('a', { 'task-clock': { unit: 'ms', samples } }, { 'task-clock': 0.02 })])),
      );
      return file;
    });
    writeFileSync(
      path.join(dir, 'head.json'),
      JSON.stringify(
        doc([result('a', { 'task-clock': { unit: 'ms', samples: noisy(9, 0.002) } }, { 'task-clock': 0.02 })]),
      ),
    );
    const r = perfgate(['compare', ...bases, 'head.json', '--out', 'cmp'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^benchmark\s+metric\s+base \(median\)\s+head \(median\)\s+change( \(paired\))?\s+CI\s+θ\s+mde\s+p\(adj\)\s+n\s+verdict$/m,
    );
    expect(r.stdout).toMatch(/^a\s+task-clock\s.*±2%\s+\d+(\.\d)?%\s/m);
    expect(r.stdout).toMatch(
      /^this runner cannot see a 2% change in a task-clock against 4 baseline sessions: the smallest change it sees with 80% power is \d+(\.\d)?% \(session spread ±\d(\.\d)?%\); under 2% with: base and head paired in one job/m,
    );
  });
});
