/**
 * What GitHub shows: the PR and nightly job summaries and the alert issue, rendered by cmark-gfm
 * with GitHub's extensions (issue 20 acceptance). In the rendered text (tags and attributes
 * removed) there must be no raw `](` (a link GitHub did not parse, e.g. inside an HTML block) and
 * no number in e-notation; the verdict comes before the host checks; the nightly summary names
 * the series that moved since the previous night and links the open alert issue; the alert
 * issue says perfgate once (the title) and links where the flame graphs are.
 */
import {
  alertIssue,
  commentAa,
  commentCancelled,
  commentRegression,
  nightlyJobSummary,
  prJobSummary,
} from '../helpers/report-fixtures.js';
import { demoCommit, demoDate } from '../helpers/history.js';
import { haveTool } from '../helpers/tools.js';
import { readingFaults, renderGfm, visibleText } from '../helpers/gfm.js';
import { resultsDoc } from '../helpers/comparison.js';
import { renderNightlySummary } from '../../src/report/nightly.js';

const hasCmark = haveTool(['cmark-gfm', '--version'], 'cmark-gfm');
const maybe = hasCmark ? it : it.skip;

const faults = (md: string): string[] => readingFaults(visibleText(renderGfm(md)));

describe('rendered by cmark-gfm', () => {
  it('the fault finder sees what issue 20 saw: a link left raw inside <summary>, float noise in e-notation', () => {
    expect(readingFaults('see [the run](https://x/1)')).toEqual(['raw markdown link: see [the run](https://x/1)']);
    expect(readingFaults('change -3.7e-15%')).toEqual(['exponent: change -3.7e-15%']);
    expect(readingFaults('change 0.00% [-0.27%, +0.27%] at abc1234e5 (a commit, not a number)')).toEqual([]);
  });

  maybe('the PR job summary: no raw links or e-notation, the verdict before the host checks', () => {
    const md = prJobSummary();
    expect(faults(md)).toEqual([]);
    const html = renderGfm(md);
    const verdict = html.indexOf('json/parse');
    const host = html.indexOf('Host checks: ');
    expect(verdict).toBeGreaterThan(-1);
    expect(host).toBeGreaterThan(verdict);
    // The fold's own line says a check failed, without unfolding it.
    expect(html).toContain('<summary>❌ Host checks: 1 pass, 2 warn, 1 fail, 1 unknown</summary>');
  });

  maybe('the nightly job summary: moves since the previous night, the open alert issue, host checks last', () => {
    const md = nightlyJobSummary();
    expect(faults(md)).toEqual([]);
    const html = renderGfm(md);
    expect(html).toMatch(/^<h3>perfgate baseline run at <code>[0-9a-f]{7}<\/code>: 8 of 8 benchmarks measured<\/h3>/);
    expect(html).toContain('Open alert issue: <a href="https://github.com/octo-org/perf-demo/issues/12">#12</a>');
    // Night 31 → 32 of the seeded history: the planted steps are long past, so only noise is
    // compared, and the table appears only for series beyond θ; either way the count is said.
    expect(visibleText(html)).toMatch(
      new RegExp(
        `Since the previous run \\(${demoCommit(31).slice(0, 7)}, ${demoDate(31).slice(0, 10)} \\(run\\)\\): (no series moved beyond its noise threshold θ \\(24 compared\\)|\\d+ of 24 series moved beyond θ)`,
      ),
    );
    expect(html.indexOf('Host checks: ')).toBeGreaterThan(html.indexOf('Baseline stored as artifact'));
  });

  it('the nightly summary says nothing of a previous run without a history, and says when there is none yet', () => {
    const doc = resultsDoc([], { git: { sha: 'a'.repeat(40), ref: 'refs/heads/main' } });
    expect(renderNightlySummary({ doc })).not.toContain('previous run');
    expect(renderNightlySummary({ doc, previous: null })).toContain(
      '**Since the previous run:** none recorded on this ref yet',
    );
    // Only an open issue is named: a closed one has nothing left to fix.
    const closed = renderNightlySummary({ doc, alert: { number: 3, url: 'https://x.test/3', state: 'closed' } });
    expect(closed).not.toContain('alert issue');
  });

  maybe('the alert issue: perfgate once, no empty note column, a link to the flame graphs', () => {
    const { title, body } = alertIssue();
    expect(faults(body)).toEqual([]);
    expect(title).toBe('perfgate: performance regression on main (demo)');
    const html = renderGfm(body);
    expect(html).toContain('<h2>Main regressed (suite <code>demo</code>)</h2>');
    expect([...html.matchAll(/<h\d>([^]*?)<\/h\d>/g)].filter((h) => /perfgate/i.test(h[1]!))).toEqual([]);
    // A confirmed step: its note says so; the paired run's artifacts hold the flame graphs.
    expect(html).toContain('<th>note</th>');
    expect(html).toContain('paired run (flame graphs in its artifacts)</a>');
  });

  maybe(
    'the comments (regression, A/A, cancelled): no raw links, no e-notation (a ratio of equal medians is 0.00%)',
    () => {
      for (const md of [commentRegression(), commentAa(), commentCancelled()]) expect(faults(md)).toEqual([]);
    },
  );
});
