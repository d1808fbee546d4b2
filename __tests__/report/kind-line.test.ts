/**
 * The kind-of-change lines (report/kind-line.ts) where each verdict is read: the PR comment,
 * the text report and the investigation report (markdown and HTML), from a comparison whose
 * labels come from the labeller itself; a hostile benchmark name stays text (cmark-gfm).
 */
import { execFileSync } from 'node:child_process';
import { labelChanges, type CounterProfile } from '../../src/compare/slowdown-kind.js';
import type { ComparisonDoc, ComparisonRow } from '../../src/compare/comparison-doc.js';
import { renderReport } from '../../src/report/markdown.js';
import { renderComparisonText } from '../../src/report/comparison-text.js';
import { renderInvestigation } from '../../src/report/investigation-render.js';
import { kindLines } from '../../src/report/kind-line.js';
import { parseComparison } from '../../src/compare/read-comparison.js';
import { comparison, row } from '../helpers/comparison.js';
import { haveTool } from '../helpers/tools.js';

const HOSTILE = '<img src=x onerror=alert(1)>[x](https://e.example)';

function labelled(): ComparisonDoc {
  const rows: ComparisonRow[] = [
    row('branch/shuffled', 'task-clock', 'regression', 1.6),
    row(HOSTILE, 'task-clock', 'regression', 0.35),
    row('sleep', 'wall', 'regression', 4.1, { median: { base: 3e6, head: 15e6 } }),
    row('sleep', 'task-clock', 'unchanged', 0.002, { median: { base: 2.8, head: 2.8 } }),
    row('steady', 'task-clock', 'unchanged', 0.001),
  ];
  const counters: Record<string, CounterProfile> = {
    'branch/shuffled': {
      source: 'cachegrind',
      scope: 'benchmark',
      base: { instructions: 183452347, d1Misses: 322673, tlbMisses: 125, branchMisses: 518602 },
      head: { instructions: 183452375, d1Misses: 322676, tlbMisses: 125, branchMisses: 10397309 },
      seconds: { base: 0.8, head: 0.9 },
    },
    [HOSTILE]: {
      source: 'cachegrind',
      scope: 'benchmark',
      base: { instructions: 25109796, d1Misses: 1499, tlbMisses: 77, branchMisses: 2927 },
      head: { instructions: 35109796, d1Misses: 1499, tlbMisses: 77, branchMisses: 2927 },
    },
  };
  return { ...comparison(rows), explanations: labelChanges(rows, { counters }) };
}

describe('kind-of-change lines', () => {
  const doc = labelled();

  it('one line per changed benchmark, regressions in row order, with the numbers behind the label', () => {
    const lines = kindLines(doc, 'text');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'branch/shuffled +160.0% CPU time: branch mispredictions — mispredicted branches 2.83 → 56.7 (×20.0) per 1000 instructions; instructions +0.0% (cachegrind, one run per side)',
    );
    expect(lines[1]).toContain(
      `${HOSTILE} +35.0% CPU time: more work — instructions +39.8%; misses per instruction unchanged`,
    );
    expect(lines[2]).toMatch(
      /^sleep \+410\.0% wall time: waiting — wall \+410\.0%, CPU time \+0\.2%: the time went to waiting/,
    );
    expect(lines.join('\n')).not.toContain('steady');
  });

  it('the text report prints them under their own heading', () => {
    const text = renderComparisonText(doc);
    expect(text).toContain(
      'kind of change (counters against time):\n  branch/shuffled +160.0% CPU time: branch mispredictions',
    );
  });

  it('the comment lists them, names escaped: cmark-gfm renders the hostile name as text', () => {
    const { body } = renderReport({
      comparison: doc,
      suiteId: 'demo',
      provenance: { source: 'same-job', commit: null, ageMs: null },
    });
    expect(body).toContain('**Kind of change** (counters against time)');
    expect(body).toContain('- **branch/shuffled** \\+160.0% CPU time: branch mispredictions');
    if (!haveTool(['cmark-gfm', '--version'], 'cmark-gfm')) return;
    const html = execFileSync('cmark-gfm', ['-e', 'autolink', '-e', 'table', '-e', 'tagfilter'], {
      input: body,
      encoding: 'utf8',
    });
    expect(html).not.toMatch(/<img|<a /);
    // The escaper breaks the URL with a zero-width space so nothing autolinks it.
    expect(html).toContain(
      '<strong>&lt;img src=x onerror=alert(1)&gt;[x](https:\u200b//e.example)</strong> +35.0% CPU time: more work',
    );
  });

  it('the investigation report has them in its summary, in markdown and in HTML', () => {
    const input = [{ doc, label: 'comparison.json', graphs: {} }];
    const md = renderInvestigation(input, { format: 'executive' });
    expect(md).toContain('### Kind of change');
    expect(md).toContain('- **branch/shuffled** \\+160.0% CPU time: branch mispredictions');
    const html = renderInvestigation(input, { format: 'technical', html: true });
    expect(html).toContain('Kind of change');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('comparison.json with kinds and no frames reads back; an unknown kind is refused', () => {
    const back = parseComparison(JSON.parse(JSON.stringify(doc)) as unknown);
    expect(back.explanations?.['branch/shuffled']).toMatchObject({
      kind: 'branches',
      evidence: { source: 'cachegrind' },
    });
    const forged = JSON.parse(JSON.stringify(doc)) as { explanations: Record<string, { kind: string }> };
    forged.explanations.sleep!.kind = 'fast';
    expect(() => parseComparison(forged)).toThrow(/explanations/);
  });

  it('in the comment a profiled benchmark has its line first under its why heading, not in the list', () => {
    const frames = {
      diff: 'flamegraphs/branch%2Fshuffled.diff.svg',
      negated: 'flamegraphs/branch%2Fshuffled.negated.svg',
      top: [],
      profileRuns: { base: 5, head: 5 },
      basis: { metric: 'task-clock' as const, msPerRun: { base: 25, head: 65 } },
      unwind: {
        base: { samples: 100, unknownShare: 0, singleFrameShare: 0, mode: 'fp' as const },
        head: { samples: 100, unknownShare: 0, singleFrameShare: 0, mode: 'fp' as const },
        broken: false,
        mode: 'fp' as const,
        foldedUnknown: false,
      },
    };
    const profiled: ComparisonDoc = {
      ...doc,
      explanations: { ...doc.explanations, 'branch/shuffled': { ...frames, ...doc.explanations!['branch/shuffled']! } },
    };
    const { body } = renderReport({
      comparison: profiled,
      suiteId: 'demo',
      provenance: { source: 'same-job', commit: null, ageMs: null },
    });
    expect(body).toContain(
      '### Why branch/shuffled is slower\n\n**branch/shuffled** \\+160.0% CPU time: branch mispredictions',
    );
    // The others, without a profile, are listed under the table; branch/shuffled is not repeated there.
    const list = body.slice(body.indexOf('**Kind of change**'));
    expect(list).toContain('- **sleep** \\+410.0% wall time: waiting');
    expect(list.split('### Why')[0]).not.toContain('branch/shuffled');
  });
});
