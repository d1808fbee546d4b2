/**
 * The PR comment as GitHub shows it (issue 20): rendered by cmark-gfm, GitHub's own markdown
 * implementation with its extensions, and read as a maintainer would. The regression is a real
 * `perfgate ab` of the demo suite on a busy runner (branch/* made to take twice the passes,
 * __tests__/fixtures/report/demo-busy.comparison.json); the A/A rows carry the float noise
 * issue 20 quotes (-3.7e-15%, +2.3e-15%).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { renderCancelledReport, renderReport, type ReportInput } from '../../src/report/markdown.js';
import { comparison, row } from '../helpers/comparison.js';
import { fixturesDir } from '../helpers/paths.js';
import { readingFaults, renderGfm, visibleText } from '../helpers/gfm.js';
import { haveTool } from '../helpers/tools.js';

/** The problems issue 20 found in the rendered comment; empty when it reads as it should. */
function readingProblems(html: string, head: { branch: string; commit: string }): string[] {
  const problems = readingFaults(visibleText(html));
  const first = /<p>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
  const lead = visibleText(first);
  if (!lead.includes(head.branch) || !lead.includes(head.commit.slice(0, 7)))
    problems.push(`first paragraph does not name ${head.branch} (${head.commit.slice(0, 7)}): ${lead}`);
  return problems;
}

const demo = JSON.parse(
  readFileSync(path.join(fixturesDir, 'report', 'demo-busy.comparison.json'), 'utf8'),
) as ComparisonDoc;
const demoHead = { branch: 'feature/more-passes', commit: demo.head.git.sha! };

const base: Omit<ReportInput, 'comparison'> = {
  suiteId: 'demo',
  provenance: { source: 'same-job', commit: demo.base.git.sha, ageMs: 0 },
  refs: { head: demoHead.branch, base: 'main' },
  runUrl: 'https://github.com/o/r/actions/runs/42',
  artifactUrl: 'https://github.com/o/r/actions/runs/42',
};

it('a regression: the answer first, one table, then each why unfolded, the trend after it', () => {
  if (!haveTool(['cmark-gfm', '--version'], 'cmark-gfm')) return;
  const image =
    'https://github.com/o/r/raw/4b825dc642cb6eb9a060e54bf8d69288fbee4904/images/demo/pr-7/branch/sorted.diff.svg';
  const { body } = renderReport({
    ...base,
    comparison: demo,
    images: { 'branch/sorted': image },
    history: {
      notes: [
        {
          benchmark: 'branch/sorted',
          metric: 'task-clock',
          verdict: 'regression',
          text: '**branch/sorted** task-clock: main regressed at `c4c113d` (+8.10%, 2026-12-01); this PR makes it slower still (+62.0%).',
        },
      ],
      trends: [
        {
          benchmark: 'branch/shuffled',
          metric: 'wall',
          unit: 'ns',
          points: [{ commit: 'c4c113d'.padEnd(40, '0'), date: '2026-12-01T03:00:00Z', value: 128e6 }],
          head: { commit: demo.head.git.sha!, value: 229.1e6 },
        },
      ],
    },
  });
  const html = renderGfm(body);
  expect(readingProblems(html, demoHead)).toEqual([]);

  const text = visibleText(html);
  // Both regressions are named in the first sentence, by their most reliable metric.
  const lead = visibleText(/<p>([\s\S]*?)<\/p>/.exec(html)![1]!);
  expect(lead).toMatch(/makes branch\/shuffled 90\.5% slower in CPU time \[\+86\.9%, \+94\.0%\]/);
  expect(lead).toMatch(/compared with main \(0508fd5\)/);
  // The runner was busy: said, with the verdicts it may have moved.
  expect(text).toMatch(
    /The runner was busy[^\n]*branch\/sorted wall \(inconclusive\), branch\/shuffled wall \(regression\)/,
  );
  // One table, a benchmark's CPU time above its wall time.
  const tables = [...html.matchAll(/<table>[\s\S]*?<\/table>/g)].map((m) => visibleText(m[0]));
  expect(tables[0]).toMatch(
    /branch\/shuffled\s*task-clock[\s\S]*branch\/shuffled\s*wall[\s\S]*branch\/sorted\s*task-clock/,
  );
  expect(tables[0]).toContain('paired in this run');
  // Each why right under the table, unfolded: the frame beyond noise shown, the kernel noise folded.
  const order = [
    'Why branch/shuffled is slower',
    'Why branch/sorted is slower',
    'Already slower on main',
    'Trend on main',
  ];
  const at = order.map((h) => html.indexOf(`<h3>${h}</h3>`));
  expect(at.every((i) => i > html.indexOf('</table>'))).toBe(true);
  expect(at).toEqual([...at].sort((a, b) => a - b));
  const sorted = html.slice(at[1], at[2]);
  const [shown, folded] = sorted.split('<details>');
  expect(shown).toContain('<code>sum_big</code>');
  expect(shown).not.toContain('irqentry_exit_to_user_mode');
  expect(folded).toContain('irqentry_exit_to_user_mode');
  // The picture's file is linked outside any HTML block, and the trend labels its other change.
  expect(sorted).toContain(`<a href="${image}">Open the SVG</a>`);
  expect(text).toContain('vs nightly baseline c4c113d, across sessions');
  // The footer: no seed, no interval-level jargon, no age of a base measured in this job, one link per URL.
  const footer = html.slice(html.lastIndexOf('<hr />'));
  expect(footer).not.toMatch(/seed|Pocock|intervals|h old|n = /);
  const hrefs = [...footer.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
  expect(hrefs).toEqual([...new Set(hrefs)]);
});

it('an A/A run: no benchmark changed, no float noise in the numbers', () => {
  if (!haveTool(['cmark-gfm', '--version'], 'cmark-gfm')) return;
  const aa = comparison(
    [
      row('json/parse', 'task-clock', 'unchanged', -3.7e-17, { ci: [-0.0027, 0.0027] }),
      row('json/parse', 'wall', 'unchanged', 0.001, { ci: [-0.0067, 2.3e-17] }),
      row('json/emit', 'task-clock', 'unchanged', 2e-18, { ci: [-4e-18, 0.004], median: { base: 1e-9, head: 1e-9 } }),
    ],
    '74dd0962'.padEnd(40, 'a'),
  );
  const head = { branch: 'docs/typo', commit: aa.head.git.sha! };
  const { body } = renderReport({ ...base, comparison: aa, refs: { head: head.branch, base: 'main' } });
  const html = renderGfm(body);
  expect(readingProblems(html, head)).toEqual([]);
  expect(visibleText(html)).toMatch(/changes no benchmark beyond its noise threshold θ, compared with main/);
  expect(visibleText(html)).toContain('0.00% [-0.27%, +0.27%]');
  expect(visibleText(html)).toContain('[-0.67%, 0.00%]');
});

it('a cancelled run names the head it did not measure', () => {
  if (!haveTool(['cmark-gfm', '--version'], 'cmark-gfm')) return;
  const head = { branch: 'feature/<b>x</b>', commit: 'f0bcb67'.padEnd(40, '1') };
  const md = renderCancelledReport('demo', 'SIGTERM', 'setup was still building', base.runUrl!, {
    ref: head.branch,
    commit: head.commit,
  });
  const html = renderGfm(md);
  expect(readingProblems(html, head)).toEqual([]);
  // The branch name is text, not markup.
  expect(html).not.toContain('<b>x</b>');
});
