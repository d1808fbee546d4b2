/**
 * The trend chart of the PR comment: the exact markdown for a small history, the scale and
 * bounds rules, and the Mermaid source rendered by the real Mermaid (the npm package, in
 * headless Chromium) to prove GitHub's renderer will accept it and draw what we mean.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { seriesKey } from '../../src/results/history-record.js';
import {
  chartScale,
  renderTrend,
  trendMermaid,
  trendSection,
  trendsForComparison,
  type TrendInput,
  type TrendPoint,
} from '../../src/report/trend.js';
import { comparison, row } from '../helpers/comparison.js';
import { launchChromium, skipWithout, type LaunchedBrowser, type Page } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/paths.js';

const sha = (i: number): string => i.toString(16).padStart(2, '0').repeat(20);
const day = (i: number): string => `2026-11-${String(i + 1).padStart(2, '0')}T03:00:00.000Z`;

/** 25 nightly points of ~10 ms with a +8% step at the 16th. */
const long: TrendInput = {
  benchmark: 'branch/sorted',
  metric: 'wall',
  unit: 'ns',
  points: Array.from({ length: 25 }, (_, i) => ({
    commit: sha(i),
    date: day(i),
    value: 10_000_000 * (i >= 15 ? 1.08 : 1) + (i % 3) * 20_000,
  })),
  head: { commit: 'f'.repeat(40), value: 10_950_000 },
};

describe('trend chart markdown', () => {
  it('renders the exact chart and table for a short history with the head', () => {
    const input: TrendInput = {
      benchmark: 'cache/random',
      metric: 'task-clock',
      unit: 'ms',
      points: [
        { commit: 'a1b2c3d4e5f6', date: '2026-11-28T03:00:00.000Z', value: 12.5 },
        { commit: 'b2c3d4e5f6a7', date: '2026-11-29T03:00:00.000Z', value: 12.61 },
        { commit: 'c3d4e5f6a7b8', date: '2026-11-30T03:00:00.000Z', value: 13.4 },
      ],
      head: { commit: 'd4e5f6a7b8c9', value: 13.5 },
    };
    expect(renderTrend(input)).toBe(
      [
        '```mermaid',
        '%%{init: {"xyChart": {"width": 900, "height": 420, "xAxis": {"labelFontSize": 11}}, "themeVariables": {"xyChart": {"plotColorPalette": "#d62728, #1f77b4"}}}}%%',
        'xychart-beta',
        '    title "cache/random · task-clock"',
        '    x-axis ["a1b2c3d", "b2c3d4e", "c3d4e5f", "PR d4e5f6a"]',
        '    y-axis "task-clock (ms)" 12.4 --> 13.6',
        '    line [12.5, 12.61, 13.4, 13.5]',
        '    line [12.5, 12.61, 13.4, 13.4]',
        '```',
        '',
        '<details><summary>cache/random · task-clock: the last 3 point(s) on main and this PR</summary>',
        '',
        '| commit                | date       |                                                        task-clock |',
        '| :-------------------- | :--------- | ----------------------------------------------------------------: |',
        '| `a1b2c3d`             | 2026-11-28 |                                                         12.500 ms |',
        '| `b2c3d4e`             | 2026-11-29 |                                                         12.610 ms |',
        '| `c3d4e5f`             | 2026-11-30 |                                                         13.400 ms |',
        '| **this PR** `d4e5f6a` | –          | 13.500 ms (+0.75% vs nightly baseline `c3d4e5f`, across sessions) |',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  it('without a head: one series, in main colour, and no PR column', () => {
    const src = trendMermaid({ ...long, head: undefined, points: long.points.slice(0, 3) })!;
    expect(src.split('\n')).toEqual([
      '%%{init: {"xyChart": {"width": 900, "height": 420, "xAxis": {"labelFontSize": 11}}, "themeVariables": {"xyChart": {"plotColorPalette": "#1f77b4"}}}}%%',
      'xychart-beta',
      '    title "branch/sorted · wall"',
      '    x-axis ["0000000", "0101010", "0202020"]',
      '    y-axis "wall (ms)" 9.996 --> 10.044',
      '    line [10, 10.02, 10.04]',
    ]);
  });

  it('keeps the newest 15 points by default (or maxPoints), and nothing for an empty history', () => {
    const src = trendMermaid(long)!;
    const axis = /x-axis \[(.*)\]/.exec(src)![1]!.split(', ');
    expect(axis).toHaveLength(16);
    expect(axis[0]).toBe(`"${sha(10).slice(0, 7)}"`);
    expect(axis[15]).toBe('"PR fffffff"');
    expect(/x-axis \[(.*)\]/.exec(trendMermaid(long, { maxPoints: 4 })!)![1]!.split(', ')).toHaveLength(5);
    expect(trendMermaid({ ...long, points: [] })).toBeNull();
    expect(renderTrend({ ...long, points: [] })).toBe('');
  });

  it('makes repeated commits distinct categories and keeps names from breaking the block', () => {
    const src = trendMermaid({
      benchmark: 'evil"]\n```\n#quot; <b>',
      metric: 'wall',
      unit: 'ns',
      points: [
        { commit: 'abcdef0123', date: day(0), value: 1e6 },
        { commit: 'abcdef0123', date: day(1), value: 1.1e6 },
      ],
    })!;
    expect(src).toContain('x-axis ["abcdef0", "abcdef0·2"]');
    expect(src).toContain('title "evil_]______quot_ _b_ · wall"');
    expect(src).not.toContain('```');
    expect(src.split('\n')).toHaveLength(6);
  });

  it('picks an axis unit that keeps the labels short', () => {
    expect(chartScale('ns', 950)).toEqual({ factor: 1, unit: 'ns' });
    expect(chartScale('ns', 12_000)).toEqual({ factor: 1e-3, unit: 'µs' });
    expect(chartScale('ns', 12e6)).toEqual({ factor: 1e-6, unit: 'ms' });
    expect(chartScale('ns', 3.2e9)).toEqual({ factor: 1e-9, unit: 's' });
    expect(chartScale('ms', 0.5)).toEqual({ factor: 1e3, unit: 'µs' });
    expect(chartScale('ms', 12_500)).toEqual({ factor: 1e-3, unit: 's' });
    expect(chartScale('count', 2.5e9)).toEqual({ factor: 1e-9, unit: 'count (billions)' });
    expect(chartScale('count', 48_000)).toEqual({ factor: 1e-3, unit: 'count (thousands)' });
    expect(chartScale('KiB', 5000)).toEqual({ factor: 1, unit: 'KiB' });
  });
});

describe('trend section for a comparison', () => {
  const series = new Map<string, TrendPoint[]>([
    [seriesKey('slower', 'wall'), [{ commit: sha(1), date: day(1), value: 10e6 }]],
    [seriesKey('faster', 'wall'), [{ commit: sha(1), date: day(1), value: 20e6 }]],
    [seriesKey('same', 'wall'), [{ commit: sha(1), date: day(1), value: 5e6 }]],
  ]);

  it('charts changed gated rows that have a history, regressions first, with the head median', () => {
    const doc = comparison([
      row('faster', 'wall', 'improvement', -0.2, { median: { base: 20e6, head: 16e6 } }),
      row('same', 'wall', 'unchanged', 0),
      row('slower', 'wall', 'regression', 0.1, { median: { base: 10e6, head: 11e6 } }),
      row('new', 'wall', 'regression', 0.5),
      row('slower', 'cycles', 'regression', 0.1, { gated: false }),
    ]);
    const trends = trendsForComparison(doc, series);
    expect(trends.map((t) => [t.benchmark, t.metric, t.head])).toEqual([
      ['slower', 'wall', { commit: 'c'.repeat(40), value: 11e6 }],
      ['faster', 'wall', { commit: 'c'.repeat(40), value: 16e6 }],
    ]);
    const section = trendSection(trends, { maxCharts: 1 });
    expect(section?.head[0]).toBe('### Trend on main');
    expect(section?.charts).toHaveLength(1);
    expect(section?.charts[0]?.match(/```mermaid/g)).toHaveLength(1);
    expect(section?.charts[0]).toContain('title "slower · wall"');
    expect(section?.tail.at(-1)).toBe('_1 more changed benchmark(s) not charted._');
    expect(trendSection([])).toBeNull();
  });
});

describe('trend chart rendered by Mermaid in Chromium', () => {
  let launched: LaunchedBrowser;
  let page: Page | undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'perfgate-trend-'));
  beforeAll(async () => {
    launched = await launchChromium();
    if (!launched.browser) return;
    const file = path.join(dir, 'mermaid.html');
    const lib = pathToFileURL(path.join(repoRoot, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js')).href;
    writeFileSync(
      file,
      `<!doctype html><html><body><script src="${lib}"></script><script>mermaid.initialize({ startOnLoad: false });</script></body></html>`,
    );
    page = await launched.browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(pathToFileURL(file).href);
  }, 60_000);
  afterAll(async () => {
    await launched.browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  interface Drawn {
    title: string;
    labels: string[];
    lines: { stroke: string; points: [number, number][] }[];
  }
  /** Renders Mermaid source to SVG in the page and reads back what was drawn. */
  const draw = (src: string): Promise<Drawn> =>
    page!.evaluate<Drawn>(`(async () => {
      const { svg } = await mermaid.render('chart' + Math.random().toString(36).slice(2), ${JSON.stringify(src)});
      const host = document.createElement('div');
      host.innerHTML = svg;
      document.body.append(host);
      const lines = [...host.querySelectorAll('g[class^="line-plot-"] path')].map((p) => ({
        stroke: p.getAttribute('stroke'),
        points: p.getAttribute('d').slice(1).split('L').map((xy) => xy.split(',').map(Number)),
      }));
      return {
        title: host.querySelector('.chart-title text').textContent,
        labels: [...host.querySelectorAll('.bottom-axis .label text')].map((t) => t.textContent),
        lines,
      };
    })()`);

  it('accepts the chart and draws main and the PR fork where they belong', async () => {
    if (skipWithout(launched)) return;
    const drawn = await draw(trendMermaid(long)!);
    expect(drawn.title).toBe('branch/sorted · wall');
    expect(drawn.labels).toHaveLength(16);
    expect(drawn.labels[15]).toBe('PR fffffff');
    // The PR's line first (red, underneath), main's on top (blue); every coordinate a number.
    expect(drawn.lines.map((l) => l.stroke)).toEqual(['#d62728', '#1f77b4']);
    const [pr, main] = drawn.lines as [Drawn['lines'][0], Drawn['lines'][0]];
    expect(pr.points).toHaveLength(16);
    expect(main.points).toHaveLength(16);
    expect([...pr.points, ...main.points].flat().every(Number.isFinite)).toBe(true);
    // They agree up to main's newest commit, then part: the head (10.95 ms) is drawn higher
    // (smaller y) than main's level (10.80 ms), which main keeps flat.
    expect(pr.points.slice(0, 15)).toEqual(main.points.slice(0, 15));
    expect(pr.points[15]![1]).toBeLessThan(main.points[15]![1]);
    expect(main.points[15]![1]).toBe(main.points[14]![1]);
    // The +8% step is visible: the points after it sit well above the ones before.
    expect(main.points[4]![1] - main.points[5]![1]).toBeGreaterThan(100);
  }, 60_000);

  it('accepts the single-series chart and the sanitised hostile name', async () => {
    if (skipWithout(launched)) return;
    const single = await draw(trendMermaid({ ...long, head: undefined })!);
    expect(single.lines.map((l) => l.stroke)).toEqual(['#1f77b4']);
    expect(single.labels).toHaveLength(15);
    const evil = await draw(
      trendMermaid({
        benchmark: 'evil"]\n```\n#quot; <b>',
        metric: 'wall',
        unit: 'ns',
        points: long.points.slice(0, 2),
      })!,
    );
    expect(evil.title).toBe('evil_]______quot_ _b_ · wall');
  }, 60_000);

  it('a syntax error is reported by this renderer (the check can fail)', async () => {
    if (skipWithout(launched)) return;
    await expect(draw('xychart-beta\n    line [1, 2,, x]')).rejects.toThrow(/Parse error on line 2/);
  }, 60_000);
});
