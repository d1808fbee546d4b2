import { renderReport, marker, GITHUB_COMMENT_LIMIT } from '../../src/report/markdown.js';
import type {
  ComparisonDoc,
  ComparisonRow,
  Explanation,
  ExplanationCore,
  FrameTime,
} from '../../src/compare/comparison-doc.js';

function row(benchmark: string, verdict: ComparisonRow['verdict'], change: number, gated = true): ComparisonRow {
  return {
    benchmark,
    metric: gated ? 'task-clock' : 'page-faults',
    unit: 'ms',
    gated,
    verdict,
    change,
    ci: [change - 0.01, change + 0.01],
    confLevel: 0.95,
    p: gated ? 0.01 : null,
    pAdjusted: gated ? 0.02 : null,
    threshold: gated ? 0.02 : null,
    n: { base: 30, head: 30 },
    median: { base: 10, head: 10 * (1 + change) },
    outliers: 0,
  };
}

function comparison(rows: ComparisonRow[], over: Partial<ComparisonDoc> = {}): ComparisonDoc {
  const gated = rows.filter((r) => r.gated);
  const count = (v: string): number => gated.filter((r) => r.verdict === v).length;
  const side = {
    git: { sha: 'a'.repeat(40), ref: 'main' },
    fingerprint: { hard: {}, soft: {} },
    backend: 'perf' as const,
    startedAt: '2026-11-20T00:00:00Z',
  };
  return {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: '0.1.0' },
    createdAt: '2026-11-21T00:00:00Z',
    design: 'unpaired',
    baseline: { source: 'artifact', sessions: 3, reason: '3 baseline sessions from other runs' },
    seed: null,
    fdr: 0.05,
    sequential: { looks: 1, nominalAlpha: 0.05 },
    base: side,
    head: side,
    gate: { comparable: true, reasons: [] },
    rows,
    added: [],
    removed: [],
    problems: [],
    summary: {
      regressions: count('regression'),
      improvements: count('improvement'),
      unchanged: count('unchanged'),
      inconclusive: count('inconclusive'),
      geomeanChange: null,
    },
    warnings: [],
    ...over,
  };
}

const provenance = {
  source: 'artifact' as const,
  commit: 'b'.repeat(40),
  ageMs: 3 * 86_400_000,
  runUrl: 'https://github.com/o/r/actions/runs/1',
};

it('starts with the marker and lists regressions before improvements before the rest', () => {
  const { body, cutRows } = renderReport({
    comparison: comparison([
      row('same', 'unchanged', 0.001),
      row('faster', 'improvement', -0.1),
      row('slower', 'regression', 0.08),
      row('ctx', 'unchanged', 0, false),
    ]),
    suiteId: 'demo',
    provenance,
  });
  expect(cutRows).toBe(0);
  expect(body.startsWith(`${marker('demo')}\n## perfgate: 🔴 regression`)).toBe(true);
  const at = (s: string): number => body.indexOf(s);
  // The answer first, then one table: the regression's row above the improvement's, the rest folded.
  expect(body).toContain(
    '**main** (`aaaaaaa`) makes **slower** 8.00% slower in CPU time [+7.00%, +9.00%] and **faster** 10.0% faster in CPU time [-11.0%, -9.00%], compared with **main** (`bbbbbbb`); 1 other benchmark unchanged.',
  );
  expect(at('| slower ')).toBeLessThan(at('| faster '));
  expect(at('| faster ')).toBeLessThan(at('1 unchanged gated row(s)'));
  expect(body).toMatch(/\| slower +\| task-clock \| +10\.000 ms \| +10\.800 ms \| +\+8\.00% \[\+7\.00%, \+9\.00%\] \|/);
  expect(body).toContain('1 context row(s) (no threshold, not gated)');
  expect(body).toContain(
    'Baseline: stored baseline artifact, commit `bbbbbbbbbbbb`, 3 days old, [its run](https://github.com/o/r/actions/runs/1), backend `perf`, unpaired design',
  );
});

it('escapes names so they cannot inject markup, HTML or mentions', () => {
  const evil = '<img src=x onerror=alert(1)>@maintainers **bold** [link](http://x)|';
  const { body } = renderReport({
    comparison: comparison([row(evil, 'regression', 0.1)], { warnings: ['@here <b>x</b>'] }),
    suiteId: 'x',
    provenance,
  });
  // Only escaped angle brackets remain: `\<img` renders as text, not as a tag.
  expect(body).not.toMatch(/(^|[^\\])<img/);
  expect(body).not.toMatch(/(^|[^\\])<b>/);
  expect(body).not.toMatch(/@maintainers/);
  expect(body).not.toMatch(/@here/);
  expect(body).not.toContain('[link](http://x)');
  expect(body).toContain(
    '\\<img src=x onerror=alert\\(1\\)\\>@\u200bmaintainers \\*\\*bold\\*\\* \\[link\\]\\(http:\u200b//x\\)\\|',
  );
});

it('stays under the 65,536-character limit by cutting the least important rows, and says so', () => {
  const rows: ComparisonRow[] = [];
  for (let i = 0; i < 400; i++) rows.push(row(`regressed/benchmark-with-a-long-name-${i}`, 'regression', 0.05));
  for (let i = 0; i < 400; i++) rows.push(row(`steady/benchmark-with-a-long-name-${i}`, 'unchanged', 0.001));
  const full = renderReport({ comparison: comparison(rows), suiteId: 'big', provenance, limit: 10_000_000 });
  expect(full.body.length).toBeGreaterThan(70_000);
  const { body, cutRows } = renderReport({ comparison: comparison(rows), suiteId: 'big', provenance });
  expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(cutRows).toBeGreaterThan(0);
  // Unchanged rows go first: every regression row survives.
  expect(body.match(/^\| regressed\/benchmark-with-a-long-name-/gm)).toHaveLength(400);
  expect(body).toContain(`> ${cutRows} row(s) were cut to stay under GitHub's 65,536-character limit`);
  expect(body).toMatch(/\| … \d+ row\(s\) cut to fit GitHub's comment limit \|/);
});

it('says loudly when the sides are not comparable and shows notices', () => {
  const { body } = renderReport({
    comparison: comparison([row('a', 'inconclusive', 0.3)], {
      gate: { comparable: false, reasons: ["fingerprint key 'cpu' differs: base AMD, head Intel"] },
    }),
    suiteId: 's',
    provenance: { source: 'same-job', commit: null, ageMs: 0 },
    notices: ['No baseline artifact found for main: measured the base commit in this job instead.'],
  });
  expect(body).toContain('## perfgate: ⚠️ not gated');
  expect(body).toContain("> - fingerprint key 'cpu' differs: base AMD, head Intel");
  expect(body).toContain('> No baseline artifact found for main: measured the base commit in this job instead.');
});

it('one stored baseline session gates nothing: the headline says "not gated", never "no regression found"', () => {
  const oneSession = {
    source: 'artifact' as const,
    sessions: 1,
    reason: 'one baseline session from another run: the drift between sessions cannot be estimated, so no row is gated',
  };
  const { body } = renderReport({
    comparison: comparison([row('a', 'inconclusive', 0.5)], { baseline: oneSession }),
    suiteId: 's',
    provenance,
  });
  expect(body).toContain('## perfgate: ⚠️ not gated');
  expect(body).toContain(
    '> **Not gated**: one baseline session from another run: the drift between sessions cannot be estimated, so no row is gated. A regression of any size would pass',
  );
  expect(body).not.toContain('no regression');
  // A head that broke still fails loudly, single session or not.
  const broken = renderReport({
    comparison: comparison([], {
      baseline: oneSession,
      problems: [{ benchmark: 'b', side: 'head', status: 'failed', error: 'exit 1' }],
    }),
    suiteId: 's',
    provenance,
  }).body;
  expect(broken).toContain('## perfgate: 🔴 failed: 1 benchmark(s) broke on head');
});

it('says in the footer how many pairs were measured and who set the maximum', () => {
  const sampled = (b: string, pairs: number, max: number, maxFrom: 'suite' | 'run' | 'default'): ComparisonRow => ({
    ...row(b, 'unchanged', 0),
    sampling: { pairs, looks: 1, stop: 'fixed', max, maxFrom },
  });
  const paired = { design: 'paired' as const, baseline: { source: 'same-job' as const, sessions: 1, reason: 'pairs' } };
  const one = renderReport({
    comparison: comparison([sampled('a', 3, 3, 'suite'), sampled('b', 3, 3, 'suite')], paired),
    suiteId: 's',
    provenance,
  }).body;
  expect(one).toContain("Sampling: 3 pair(s) of at most 3 (the suite's max-iterations).");
  const mixed = renderReport({
    comparison: comparison(
      [sampled('a', 10, 30, 'default'), sampled('b', 17, 30, 'default'), sampled('c', 5, 5, 'run')],
      paired,
    ),
    suiteId: 's',
    provenance,
  }).body;
  expect(mixed).toContain(
    'Sampling: 10–17 pair(s) of at most 30 (no max-iterations set: the default) for 2 benchmark(s); 5 pair(s) of at most 5 (max-iterations set for this run) for 1 benchmark(s).',
  );
  // Unpaired rows have no plan, and no sentence.
  expect(
    renderReport({ comparison: comparison([row('a', 'unchanged', 0)]), suiteId: 's', provenance }).body,
  ).not.toContain('Sampling:');
});

describe('the why table', () => {
  const side = (base: number, head: number) => ({ base, head });
  const frame = (
    name: string,
    [sb, sh, tb, th]: [number, number, number, number],
    ci?: [number, number],
  ): FrameTime => ({
    frame: name,
    selfBefore: 0,
    selfAfter: 0,
    selfDelta: 0,
    totalBefore: 0,
    totalAfter: 0,
    totalDelta: 0,
    samples: { selfBefore: 0, selfAfter: 0, totalBefore: 0, totalAfter: 0 },
    selfMs: side(sb, sh),
    totalMs: side(tb, th),
    change: { self: sh - sb, total: th - tb, ...(ci ? { selfCi: ci } : {}) },
  });
  const quality = { samples: 100, unknownShare: 0, singleFrameShare: 0, mode: 'dwarf' as const };
  // Figures of a real A/B run of the issue 12 acceptance program (mix made 1.7× slower).
  const core = (broken: boolean): ExplanationCore => ({
    diff: 'flamegraphs/lib%2Fhash.diff.svg',
    negated: 'flamegraphs/lib%2Fhash.negated.svg',
    top: [
      frame('mix', [26.318, 44.702, 26.51, 44.95], [14.9857, 22.4742]),
      frame('scan', [44.27, 44.57, 44.53, 44.95], [-2.907, 3.767]),
      frame('a`b|c<d>', [0.06, 0, 0.06, 0]),
    ],
    profileRuns: { base: 5, head: 5 },
    basis: { metric: 'task-clock', msPerRun: { base: 91.905, head: 110.515 } },
    unwind: broken
      ? {
          base: { ...quality, singleFrameShare: 0.99, mode: 'fp' },
          head: { ...quality, unknownShare: 0.004, singleFrameShare: 0.99, mode: 'fp' },
          broken: true,
          mode: 'fp',
          foldedUnknown: true,
        }
      : { base: quality, head: quality, broken: false, mode: 'dwarf', foldedUnknown: false },
  });

  it('shows ms per run before → after, the change with its interval, escaped frames', () => {
    const { body } = renderReport({
      comparison: comparison([row('lib/hash', 'regression', 0.2)], { explanations: { 'lib/hash': core(false) } }),
      suiteId: 'demo',
      provenance,
    });
    expect(body).toContain(
      '### Why lib/hash is slower\n\nFrames whose self time per run changed beyond noise (interval excludes zero): 5 profile runs per side, scaled to the median task-clock 91.9 → 111 ms.',
    );
    expect(body).toMatch(/\| `mix` +\| +26\.3 → 44\.7 \| +\+18\.4 \[\+15\.0, \+22\.5\] \| +26\.5 → 45\.0 \|/);
    // The frames whose interval includes zero (or that have none) fold below the one that moved.
    const fold = body.indexOf('<details><summary>2 more frame(s) whose interval includes zero');
    expect(body.indexOf('`mix`')).toBeLessThan(fold);
    expect(body.indexOf('`scan`')).toBeGreaterThan(fold);
    expect(body).toMatch(/\| `scan` +\| +44\.3 → 44\.6 \| +\+0\.30 \[-2\.91, \+3\.77\] \|/);
    // A backtick or pipe in a frame name cannot end the code span or the cell.
    expect(body).toContain('`` a`b\\|c<d> ``');
    expect(body).toMatch(/\| +0\.06 → 0\.00 \| +-0\.06 \| +0\.06 → 0\.00 \|/);
    expect(body).not.toContain('Stacks unwound');
  });

  it('says when stacks are broken, drops the total column, and shows off-CPU time blocked', () => {
    const ex: Explanation = {
      ...core(true),
      offcpu: {
        ...core(false),
        diff: 'flamegraphs/lib%2Fhash.offcpu.diff.svg',
        basis: { metric: 'off-cpu', msPerRun: { base: 20, head: 45.5 } },
        top: [frame('pipe_read', [20, 45.5, 20, 45.5], [24, 27])],
      },
    };
    const { body } = renderReport({
      comparison: comparison([row('lib/hash', 'regression', 0.2)], { explanations: { 'lib/hash': ex } }),
      suiteId: 'demo',
      provenance,
    });
    expect(body).toContain(
      '⚠️ Stacks unwound with fp are broken (0% of head samples under an unresolved caller, 99% with no caller): ranked by self time, totals omitted.',
    );
    expect(body).toMatch(/\| frame +\| self, ms\/run \| +Δ self \[CI\] \|\n/);
    expect(body).toContain(
      'Off-CPU stacks whose time blocked per run changed beyond noise (interval excludes zero): 5 profile runs per side, blocked 20.0 → 45.5 ms per run.',
    );
    expect(body).toMatch(/\| `pipe_read` \| +20\.0 → 45\.5 \| \+25\.5 \[\+24\.0, \+27\.0\] \|\n/);
    expect(body).toContain('self, ms blocked/run');
    expect(body).not.toContain('total, ms blocked/run');
  });
});

describe('the smallest change this runner can see', () => {
  const paired = { design: 'paired' as const, baseline: { source: 'same-job' as const, sessions: 1, reason: 'pairs' } };
  const fixed = { pairs: 30, looks: 1, stop: 'fixed' as const };
  // Expected figures by scipy from the intervals (stats/mde.ts's definition): [−2%, +3%] at 95%
  // gives mde 3.62% and pair noise 6.95%; n·(ln(1+mde)/ln(1.03))² = 43.4 pairs. [−1%, +1%]: 1.44%.
  // [−3%, +3%]: 4.38%, noise 8.39%, 140.8 pairs at θ 2%. [−6%, +6%]: 8.97%, 564.1 pairs.
  const wall = {
    ...row('spin/20ms', 'inconclusive', 0.005),
    metric: 'wall',
    threshold: 0.03,
    ci: [-0.02, 0.03] as [number, number],
    mde: 0.03620470092447133,
    sampling: fixed,
  };
  const cpu = { ...row('spin/20ms', 'unchanged', 0), ci: [-0.01, 0.01] as [number, number], mde: 0.0144 };

  it('says it per row only where the mde is above θ, with what would bring it under', () => {
    const { body } = renderReport({ comparison: comparison([wall, cpu], paired), suiteId: 'x', provenance });
    expect(body).toContain(
      '- this runner cannot see a 3% change in **spin/20ms wall** at 30 pairs: the smallest change it sees with 80% power is 3.6% (pair noise ±7%); under 3% with: about 44 pairs (`iterations: 44`), duet pairs (`pairing: duet`), quieter CPUs (`cpus: auto`), gating task-clock instead of wall (it sees 1.4% here), the valgrind backend (`backend: valgrind`: instruction counts).',
    );
    expect(body.match(/cannot see/g)).toHaveLength(1);
  });

  it('adds nothing when every gated row sees its θ, or when the row has no mde (an older comparison)', () => {
    const { mde: _dropped, ...older } = wall;
    for (const rows of [[cpu], [older, cpu]]) {
      const { body } = renderReport({ comparison: comparison(rows, paired), suiteId: 'x', provenance });
      expect(body).not.toContain('cannot see');
    }
  });

  it('escapes names, advises the setting that stopped sampling, and leaves out what is in place', () => {
    const evil = '<img src=x onerror=alert(1)>@maintainers';
    const rows = [
      {
        ...row(evil, 'inconclusive', 0),
        ci: [-0.03, 0.03] as [number, number],
        mde: 0.043828355997710365,
        sampling: { ...fixed, stop: 'max-iterations' as const },
      },
      { ...row('wide', 'inconclusive', 0), ci: [-0.06, 0.06] as [number, number], mde: 0.08966197000337042 },
    ];
    const side = { ...comparison([]).head, backend: 'valgrind' as const };
    const pinned = { ...side, fingerprint: { hard: {}, soft: { 'cpus-auto': '1: the last online CPU' } } };
    const { body } = renderReport({
      comparison: comparison(rows, { ...paired, base: side, head: pinned }),
      suiteId: 'x',
      provenance,
    });
    expect(body).not.toMatch(/(^|[^\\])<img/);
    expect(body).not.toMatch(/@maintainers/);
    expect(body).toContain(
      '- this runner cannot see a 2% change in **\\<img src=x onerror=alert\\(1\\)\\>@\u200bmaintainers task-clock** at 30 pairs: the smallest change it sees with 80% power is 4.4% (pair noise ±8.4%); under 2% with: about 141 pairs (`max-iterations: 141`), duet pairs (`pairing: duet`).',
    );
    expect(body).toContain(
      'under 2% with: more pairs only past 10× the 30 measured (about 565), duet pairs (`pairing: duet`).',
    );
  });

  it('across sessions: the session spread, and pairs in one job first', () => {
    const r = { ...row('a', 'inconclusive', 0), ci: [-0.03, 0.03] as [number, number], mde: 0.05 };
    const { body } = renderReport({
      comparison: comparison([{ ...r, sessions: { count: 3, sd: 0.021 } }]),
      suiteId: 'x',
      provenance,
    });
    expect(body).toContain(
      '- this runner cannot see a 2% change in **a task-clock** against 3 baseline sessions: the smallest change it sees with 80% power is 5% (session spread ±2.1%); under 2% with: base and head paired in one job (`baseline: same-job`, or `perfgate ab`), quieter CPUs (`cpus: auto`), the valgrind backend (`backend: valgrind`: instruction counts).',
    );
  });
});

describe('the first sentence', () => {
  const first = (doc: ComparisonDoc): string =>
    renderReport({ comparison: doc, suiteId: 's', provenance, refs: { head: 'feature/x', base: 'main' } }).body.split(
      '\n',
    )[3]!;

  it('counts many regressions and names the largest; says when benchmarks are open or not comparable', () => {
    const many = [0.05, 0.3, 0.1, 0.2].map((c, i) => row(`b${i}`, 'regression', c));
    expect(first(comparison([...many, row('same', 'unchanged', 0)]))).toBe(
      '**feature/x** (`aaaaaaa`) makes 4 benchmarks slower (the most: **b1** 30.0% slower in CPU time [+29.0%, +31.0%]), compared with **main** (`bbbbbbb`); 1 other benchmark unchanged.',
    );
    expect(first(comparison([row('a', 'inconclusive', 0.01), row('b', 'unchanged', 0)]))).toBe(
      '**feature/x** (`aaaaaaa`) shows no change beyond the noise threshold θ against **main** (`bbbbbbb`), but 1 of 2 benchmarks is inconclusive: neither a change beyond θ nor its absence could be shown yet.',
    );
    expect(
      first(comparison([row('a', 'unchanged', 0)], { gate: { comparable: false, reasons: ['backend differs'] } })),
    ).toBe(
      '**feature/x** (`aaaaaaa`) could not be compared with **main** (`bbbbbbb`): the two sides are not comparable.',
    );
  });

  it('escapes a hostile branch name', () => {
    const { body } = renderReport({
      comparison: comparison([row('a', 'unchanged', 0)]),
      suiteId: 's',
      provenance,
      refs: { head: '<img src=x>@admin [x](http://e)', base: 'main' },
    });
    expect(body).toContain(
      '**\\<img src=x\\>@\u200badmin \\[x\\]\\(http:\u200b//e\\)** (`aaaaaaa`) changes no benchmark',
    );
  });
});
