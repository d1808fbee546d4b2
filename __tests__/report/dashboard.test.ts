/**
 * The static dashboard: the data it embeds (pure), and the page itself in headless Chromium,
 * built by `perfgate history site` from a directory store holding the seeded demo history (40
 * nightly runs of the demo suite): it renders without errors, marks the change points, opens a
 * point's commit on click, zooms and resets, filters, and a screenshot shows real charts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import type { HistoryStore } from '../../src/engine/history-series.js';
import { siteInput } from '../../src/engine/site.js';
import { historySite, commitUrlTemplate } from '../../src/commands/history-site.js';
import { commitUrlProblem, dashboardData, renderDashboard } from '../../src/report/dashboard.js';
import { loadChartLibraries } from '../../src/report/chart-libs.js';
import { appendHistory, readHistory } from '../../src/store/history-dir.js';
import { launchChromium, skipWithout, type LaunchedBrowser, type Page } from '../helpers/chromium.js';
import { demoCommit, demoHistory, REPO_URL } from '../helpers/history.js';
import { PNG } from 'pngjs';
import type { CommandIO } from '../../src/commands/command-io.js';
import { main } from '../../src/commands/dispatch.js';
import { appendToGitHistory } from '../../src/store/history-git.js';
import { execFileSync } from 'node:child_process';

const COMMIT_URL = `${REPO_URL}/commit/{sha}`;
const dir = mkdtempSync(path.join(tmpdir(), 'perfgate-site-'));
const dirStore = (root: string): HistoryStore => ({
  where: root,
  append: (r) => appendHistory(root, r),
  read: (s) => readHistory(root, s),
});

function memIO(env: NodeJS.ProcessEnv = {}): CommandIO & { err: () => string } {
  let err = '';
  const sink = (fn: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        fn(String(chunk));
        cb();
      },
    });
  return {
    stdout: sink(() => undefined),
    stderr: sink((s) => (err += s)),
    stdin: process.stdin,
    cwd: dir,
    env,
    isTTY: false,
    err: () => err,
  };
}

describe('dashboard data', () => {
  const input = siteInput(demoHistory(), { commitUrl: COMMIT_URL, generatedAt: '2026-12-01T06:00:00.000Z' });

  it('puts series with an open regression first and embeds each run and step', () => {
    const data = dashboardData(input);
    expect(data.series).toHaveLength(24);
    expect(data.series[0]).toMatchObject({
      id: 's0',
      suite: 'demo',
      benchmark: 'cache/random',
      metric: 'wall',
      unit: 'ns',
      scale: { factor: 1e-6, unit: 'ms' },
    });
    expect(data.series[0]!.points).toHaveLength(40);
    // Runs are stored once for all series; points refer to them.
    expect(data.runs).toHaveLength(40);
    expect(data.runs[data.series[0]!.points[25]!.u]).toEqual({
      c: demoCommit(25),
      d: '2026-10-26T03:00:00.000Z',
      r: `${REPO_URL}/actions/runs/9000000025`,
    });
    expect(data.series.every((s) => s.points.every((p, i) => p.u === i))).toBe(true);
    expect(data.series[0]!.steps).toEqual([expect.objectContaining({ i: 25, k: 'regression', open: true })]);
    const tlb = data.series.find((s) => s.benchmark === 'tlb/page-stride' && s.metric === 'wall')!;
    expect(tlb.steps.map((s) => [s.i, s.k, s.open])).toEqual([
      [10, 'regression', false],
      [28, 'improvement', false],
    ]);
    // The slow night of branch/sorted is an outlier set aside, not a step.
    const sorted = data.series.find((s) => s.benchmark === 'branch/sorted' && s.metric === 'wall')!;
    expect(sorted.steps).toEqual([]);
    expect(sorted.points[20]!.o).toBe(1);
  });

  it('colours a throughput drop (direction: higher) as an open regression and a rise as an improvement', () => {
    // ops/s: cache/random drops 20% from night 25, tlb/page-stride rises 20% from night 10.
    const thrpt = demoHistory()
      .filter((r) => r.metric === 'wall' && (r.benchmark === 'cache/random' || r.benchmark === 'tlb/page-stride'))
      .map((r, i) => {
        const night = Math.floor(i / 2);
        const level = 5e4 * (r.benchmark === 'cache/random' ? (night >= 25 ? 0.8 : 1) : night >= 10 ? 1.2 : 1);
        const k = level / r.median;
        return {
          ...r,
          metric: 'ops',
          unit: 'ops/s',
          direction: 'higher' as const,
          median: level,
          q1: r.q1 * k,
          q3: r.q3 * k,
          min: r.min * k,
          max: r.max * k,
          mean: r.mean * k,
        };
      });
    const data = dashboardData(siteInput(thrpt, { commitUrl: COMMIT_URL, generatedAt: '2026-12-01T06:00:00.000Z' }));
    expect(data.series.map((s) => [s.benchmark, s.steps.map((x) => [x.i, x.k, x.open])])).toEqual([
      ['cache/random', [[25, 'regression', true]]],
      ['tlb/page-stride', [[10, 'improvement', false]]],
    ]);
  });

  it('refuses a commit URL that is not http(s) or lacks {sha}, and takes the Actions repository by default', () => {
    expect(commitUrlProblem('javascript:alert(1)//{sha}')).toMatch(/expected an http\(s\) URL/);
    expect(commitUrlProblem('https://example.test/commit/')).toMatch(/expected \{sha\}/);
    expect(commitUrlProblem(COMMIT_URL)).toBeNull();
    expect(() => dashboardData({ ...input, commitUrl: 'https://x/"onload="' })).toThrow(TypeError);
    expect(commitUrlTemplate(undefined, { GITHUB_REPOSITORY: 'o/r', GITHUB_SERVER_URL: 'https://ghe.example/' })).toBe(
      'https://ghe.example/o/r/commit/{sha}',
    );
    expect(commitUrlTemplate(undefined, {})).toBeUndefined();
    expect(() => commitUrlTemplate('ftp://x/{sha}', {})).toThrow(
      '--commit-url: commit URL "ftp://x/{sha}": expected an http(s) URL',
    );
  });

  it('cannot be broken out of by a benchmark name', () => {
    const evil = demoHistory({ nights: 3 }).map((r) => ({ ...r, benchmark: `</script><script>alert(1)</script><!--` }));
    const html = renderDashboard(siteInput(evil, { generatedAt: '2026-12-01T06:00:00.000Z' }), loadChartLibraries());
    // Five scripts: the data and the four libraries, then the page's own; no other opens.
    expect(html.match(/<script/g)).toHaveLength(6);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--');
    const json = /<script type="application\/json" id="perfgate-data">([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json).series[0].benchmark).toBe('</script><script>alert(1)</script><!--');
  });
});

describe('perfgate history site', () => {
  it('builds the page from the history ref, as a Pages job would, and explains bad flags', async () => {
    const bare = path.join(dir, 'data.git');
    execFileSync('git', ['init', '-q', '--bare', bare]);
    await appendToGitHistory(demoHistory({ nights: 25 }), { remote: bare });
    const io = memIO({ GITHUB_REPOSITORY: 'octo-org/perf-demo', GITHUB_SERVER_URL: 'https://github.com' });
    const out = path.join(dir, 'pages');
    expect(await main(['history', 'site', '--out', out, '--ref', 'refs/perfgate/history', '--remote', bare], io)).toBe(
      0,
    );
    expect(io.err()).toMatch(
      /history site: 24 series \(1 with an open regression\) from refs\/perfgate\/history .*→ .*pages\/index\.html/,
    );
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const data = JSON.parse(/id="perfgate-data">([^<]*)</.exec(html)![1]!) as {
      commitUrl: string;
      series: { points: unknown[] }[];
    };
    // The commit links point at the repository the job runs in.
    expect(data.commitUrl).toBe('https://github.com/octo-org/perf-demo/commit/{sha}');
    expect(data.series[0]!.points).toHaveLength(25);

    const bad = memIO();
    expect(await main(['history', 'site', '--store', 'x'], bad)).toBe(2);
    expect(bad.err()).toContain('--out DIR is required');
    const url = memIO();
    expect(await main(['history', 'site', '--out', out, '--commit-url', 'https://example.test/c/'], url)).toBe(2);
    expect(url.err()).toContain('expected {sha} where the commit id goes');
    const usage = memIO();
    expect(await main(['history', 'nope'], usage)).toBe(2);
    expect(usage.err()).toContain('perfgate history site --out DIR');
  }, 60_000);
});

/** Variance of the luminance over all pixels of a decoded RGBA image (0 for a blank page). */
function luminanceVariance(img: PNG): number {
  let sum = 0;
  let sq = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const l = 0.2126 * img.data[i * 4]! + 0.7152 * img.data[i * 4 + 1]! + 0.0722 * img.data[i * 4 + 2]!;
    sum += l;
    sq += l * l;
  }
  return sq / n - (sum / n) ** 2;
}

/** Share of pixels close to an RGB colour (within `tol` per channel). */
function colourShare(img: PNG, rgb: [number, number, number], tol = 30): number {
  let hits = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    if (
      Math.abs(img.data[i * 4]! - rgb[0]) <= tol &&
      Math.abs(img.data[i * 4 + 1]! - rgb[1]) <= tol &&
      Math.abs(img.data[i * 4 + 2]! - rgb[2]) <= tol
    )
      hits++;
  }
  return hits / n;
}

describe('dashboard in Chromium', () => {
  let launched: LaunchedBrowser;
  let page: Page | undefined;
  const errors: string[] = [];
  const out = path.join(dir, 'site');
  let stderr = '';
  // Chart.js hands a canvas event to its handlers in the next animation frame (its proxy is
  // throttled by requestAnimationFrame), so a click's effect is there only after two frames.
  const afterFrames = (): Promise<unknown> =>
    page!.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');

  beforeAll(async () => {
    const store = path.join(dir, 'store');
    await appendHistory(store, demoHistory());
    const io = memIO();
    expect(
      await historySite(
        ['--out', out, '--store', store, '--commit-url', COMMIT_URL, '--title', 'perf-demo history'],
        io,
        async (flags) => dirStore(path.resolve(dir, flags.store!)),
      ),
    ).toBe(0);
    stderr = io.err();
    launched = await launchChromium();
    if (!launched.browser) return;
    page = await launched.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (err) => errors.push(`uncaught: ${err.stack ?? err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
    });
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
  }, 90_000);
  afterAll(async () => {
    await launched?.browser?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('the command wrote a self-contained page and said what it did', () => {
    expect(stderr).toMatch(
      /^history site: 24 series \(1 with an open regression\) from .*store → .*site\/index\.html \(\d+ KB\)\n$/,
    );
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).toContain('Chart.js v4');
    expect(readFileSync(path.join(out, '.nojekyll'), 'utf8')).toBe('');
  });

  it('renders, with the change points drawn where they are', async () => {
    if (skipWithout(launched)) return;
    await page!.evaluate(
      `new Promise((r) => { const t = () => (document.body.dataset.ready && window.perfgate.charts.has('s0') ? r(true) : setTimeout(t, 20)); t(); })`,
    );
    expect(errors).toEqual([]);
    const s0 = await page!.evaluate<{
      title: string;
      annotations: Record<
        string,
        { xMin: number; borderColor: string; borderDash: number[]; label: { content: string } }
      >;
      points: number;
      ticks: string[];
    }>(`(() => {
      const c = window.perfgate.charts.get('s0');
      return { title: document.querySelector('#s0 h2').textContent, annotations: c.config.options.plugins.annotation.annotations, points: c.data.datasets[2].data.length, ticks: c.scales.x.ticks.map((t) => t.label) };
    })()`);
    expect(s0.title).toBe('cache/randomwallopen regression');
    expect(s0.points).toBe(40);
    // One solid red line between runs 24 and 25 labelled with the step, and the two segment means.
    expect(s0.annotations.step0).toMatchObject({ xMin: 24.5, xMax: 24.5, borderColor: '#d62728', borderDash: [] });
    expect(s0.annotations.step0!.label.content).toMatch(/^\+\d\.\d\d%$/);
    expect(Object.keys(s0.annotations).sort()).toEqual(['level0', 'level1', 'step0']);
    // The x axis is labelled with run dates (every 5th of 40 runs).
    expect(s0.ticks).toEqual(['10-01', '10-06', '10-11', '10-16', '10-21', '10-26', '10-31', '11-05']);
    // Drawn, not just configured: the canvas column at the step is red somewhere.
    const red = await page!.evaluate<number>(`(() => {
      const c = window.perfgate.charts.get('s0');
      const x = Math.round(c.scales.x.getPixelForValue(24.5) * devicePixelRatio);
      const ctx = c.canvas.getContext('2d');
      const col = ctx.getImageData(x - 1, 0, 3, c.canvas.height).data;
      let n = 0;
      for (let i = 0; i < col.length; i += 4) if (col[i] > 180 && col[i + 1] < 90 && col[i + 2] < 90) n++;
      return n;
    })()`);
    expect(red).toBeGreaterThan(50);
    expect(await page!.evaluate<string>(`document.querySelector('#s0 ul.steps li').textContent`)).toMatch(
      /^\+[\d.]+% \[\+[\d.]+%, \+[\d.]+%\] at [0-9a-f]{7} \(2026-10-26\): regression, open$/,
    );
    expect(await page!.evaluate<string>(`document.querySelector('#summary').textContent`)).toBe(
      '24 series · 1 with an open regression: cache/random wall',
    );
  }, 60_000);

  it('a click on a point opens its commit', async () => {
    if (skipWithout(launched)) return;
    await page!.evaluate(
      `window.open = (url, target, features) => { window.__opened = [url, target, features]; return null; }`,
    );
    const at = await page!.evaluate<{ x: number; y: number }>(`(() => {
      const c = window.perfgate.charts.get('s0');
      const p = c.getDatasetMeta(2).data[30];
      const r = c.canvas.getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    })()`);
    await page!.mouse.click(at.x, at.y);
    await afterFrames();
    expect(await page!.evaluate<string[]>('window.__opened')).toEqual([
      `${REPO_URL}/commit/${demoCommit(30)}`,
      '_blank',
      'noopener',
    ]);
    // A click beside the points opens nothing.
    await page!.mouse.click(at.x, at.y - 60);
    await afterFrames();
    expect(await page!.evaluate<string[]>('window.perfgate.opened')).toEqual([`${REPO_URL}/commit/${demoCommit(30)}`]);
  }, 60_000);

  it('zooms with the wheel and resets with the button', async () => {
    if (skipWithout(launched)) return;
    const range = `(() => { const s = window.perfgate.charts.get('s0').scales.x; return [s.min, s.max]; })()`;
    expect(await page!.evaluate<number[]>(range)).toEqual([-0.5, 39.5]);
    const c = await page!.evaluate<{ x: number; y: number }>(
      `(() => { const r = window.perfgate.charts.get('s0').canvas.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`,
    );
    await page!.mouse.move(c.x, c.y);
    for (let i = 0; i < 3; i++) {
      await page!.mouse.wheel(0, -400);
      await page!.evaluate('new Promise((r) => setTimeout(r, 100))');
    }
    const [lo, hi] = await page!.evaluate<number[]>(range);
    expect(hi! - lo!).toBeLessThan(32);
    expect(lo).toBeGreaterThan(-0.5);
    const b = await page!.evaluate<{ x: number; y: number }>(
      `(() => { const r = document.querySelector('#s0 button.reset').getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`,
    );
    await page!.mouse.click(b.x, b.y);
    expect(await page!.evaluate<number[]>(range)).toEqual([-0.5, 39.5]);
  }, 60_000);

  it('a screenshot shows real charts (not a blank page), and the filter hides the rest', async () => {
    if (skipWithout(launched)) return;
    await page!.evaluate('window.scrollTo(0, 0)');
    const png = await page!.screenshot();
    const file = path.join(dir, 'dashboard.png');
    writeFileSync(file, png);
    if (process.env.PERFGATE_KEEP_SCREENSHOT) copyFileSync(file, process.env.PERFGATE_KEEP_SCREENSHOT);
    const img = PNG.sync.read(png);
    expect([img.width, img.height]).toEqual([1400, 1000]);
    expect(luminanceVariance(img)).toBeGreaterThan(200);
    // Main's blue line and a red change-point line are on screen.
    expect(colourShare(img, [31, 119, 180])).toBeGreaterThan(0.002);
    expect(colourShare(img, [214, 39, 40])).toBeGreaterThan(0.0003);

    await page!.evaluate(
      `(() => { const f = document.getElementById('filter'); f.value = 'tlb/'; f.dispatchEvent(new Event('input')); })()`,
    );
    const shown = await page!.evaluate<string[]>(
      `[...document.querySelectorAll('.card:not(.hidden) h2 span:first-child')].map((e) => e.textContent)`,
    );
    expect([...new Set(shown)]).toEqual(['tlb/line-stride', 'tlb/page-stride']);
    expect(shown).toHaveLength(6);
  }, 60_000);
});
