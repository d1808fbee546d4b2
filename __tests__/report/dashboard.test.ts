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
import { benchmarkAnchor, dashboardUrlProblem } from '../../src/report/benchmark-anchor.js';
import { renderReport } from '../../src/report/markdown.js';
import type { HistoryRecord } from '../../src/results/history-record.js';
import { comparison, row } from '../helpers/comparison.js';
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

/**
 * Twelve runs over four days, three a day (03:00, 11:00, 19:00), of json/parse and hash/fnv with
 * two gated metrics (θ) and two context ones (none): cpu-migrations flat at 0, page-faults
 * wandering 120–125. json/parse task-clock steps +10% at run 6, a commit whose subject is
 * hostile markup; run 5's pre-flight failed cpu-utilisation.
 */
const BUSY_SUBJECT = 'chore: notes <img src=x onerror="window.__pwned=1"> </script>';
function busyDays(): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  for (let run = 0; run < 12; run++) {
    const date = new Date(Date.UTC(2026, 11, 1 + Math.floor(run / 3), 3 + 8 * (run % 3))).toISOString();
    for (const benchmark of ['json/parse', 'hash/fnv']) {
      const metrics: [string, string, number, number | undefined][] = [
        [
          'task-clock',
          'ms',
          20 * (benchmark === 'json/parse' && run >= 6 ? 1.1 : 1) * (1 + 0.002 * ((run * 7) % 5)),
          0.02,
        ],
        ['wall', 'ns', 21e6 * (1 + 0.002 * ((run * 3) % 5)), 0.03],
        ['cpu-migrations', 'count', 0, undefined],
        ['page-faults', 'count', 120 + ((run * 5) % 6), undefined],
      ];
      for (const [metric, unit, median, threshold] of metrics) {
        const spread = median * 0.005;
        out.push({
          v: 1,
          suite: 'demo',
          benchmark,
          metric,
          unit,
          commit: demoCommit(100 + run),
          ref: 'refs/heads/main',
          date,
          runUrl: `${REPO_URL}/actions/runs/${700 + run}`,
          fingerprint: '3f2a9c01b7de',
          backend: 'perf',
          n: 10,
          median,
          q1: median - spread,
          q3: median + spread,
          min: median - 2 * spread,
          max: median + 2 * spread,
          mean: median,
          sd: spread,
          ...(threshold !== undefined ? { threshold } : {}),
          suiteHash: 'ab12cd34ef56',
          subject: run === 6 ? BUSY_SUBJECT : `feat: change ${run}`,
          hostFailed: run === 5 ? ['cpu-utilisation'] : [],
        });
      }
    }
  }
  return out;
}

describe('benchmark anchors', () => {
  it('are stable, URL-safe and unique, and the dashboard URL is checked', () => {
    const a = benchmarkAnchor('demo', 'branch/sorted');
    expect(a).toMatch(/^b-demo-branch-sorted-[0-9a-f]{8}$/);
    expect(benchmarkAnchor('demo', 'branch/sorted')).toBe(a);
    // Names the slug folds together still get their own anchors.
    expect(benchmarkAnchor('demo', 'branch-sorted')).not.toBe(a);
    expect(benchmarkAnchor('other', 'branch/sorted')).not.toBe(a);
    expect(benchmarkAnchor('demo', '"><script>')).toMatch(/^b-demo-script-[0-9a-f]{8}$/);
    expect(benchmarkAnchor('demo', '日本')).toMatch(/^b-demo-[0-9a-f]{8}$/);
    expect(dashboardUrlProblem('https://octo-org.github.io/perf-demo/')).toBeNull();
    expect(dashboardUrlProblem('javascript:alert(1)')).toMatch(/expected an http\(s\) URL/);
    expect(dashboardUrlProblem('https://x/a b')).not.toBeNull();
    expect(dashboardUrlProblem('https://x/#frag')).not.toBeNull();
  });
});

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

  it('several runs a day: each run once, with its subject and failed host checks; gated metrics first, context folded, on axes from zero', () => {
    const data = dashboardData(
      siteInput(busyDays(), { commitUrl: COMMIT_URL, generatedAt: '2026-12-05T06:00:00.000Z' }),
    );
    expect(data.runs).toHaveLength(12);
    expect(data.runs[6]).toEqual({
      c: demoCommit(106),
      d: '2026-12-03T03:00:00.000Z',
      r: `${REPO_URL}/actions/runs/706`,
      s: BUSY_SUBJECT,
    });
    expect(data.runs[5]!.f).toEqual(['cpu-utilisation']);
    expect(data.runs[4]!.f).toBeUndefined();
    // json/parse has the open regression: its section comes first, its regressed metric first in it.
    expect(data.series.map((x) => [x.benchmark, x.metric, x.gated, x.folded])).toEqual([
      ['json/parse', 'task-clock', true, false],
      ['json/parse', 'wall', true, false],
      ['json/parse', 'cpu-migrations', false, true],
      ['json/parse', 'page-faults', false, true],
      ['hash/fnv', 'task-clock', true, false],
      ['hash/fnv', 'wall', true, false],
      ['hash/fnv', 'cpu-migrations', false, true],
      ['hash/fnv', 'page-faults', false, true],
    ]);
    expect(data.series[0]!.steps.map((x) => [x.i, x.k, x.open])).toEqual([[6, 'regression', true]]);
    expect(data.series[0]!.steps[0]!.h).toEqual(['cpu-utilisation']);
    expect(new Set(data.series.map((x) => x.anchor))).toEqual(
      new Set([benchmarkAnchor('demo', 'json/parse'), benchmarkAnchor('demo', 'hash/fnv')]),
    );
    expect(data.series.map((x) => x.axis)).toEqual([
      { zero: false },
      { zero: false },
      { zero: true, max: 1 },
      { zero: true },
      { zero: false },
      { zero: false },
      { zero: true, max: 1 },
      { zero: true },
    ]);
    // Without θ in any record (an old history), the primary metrics stay in view.
    const old = busyDays().map(({ threshold: _t, ...r }) => r);
    const folded = dashboardData(siteInput(old, { generatedAt: '2026-12-05T06:00:00.000Z' })).series.filter(
      (x) => x.folded,
    );
    expect([...new Set(folded.map((x) => x.metric))].sort()).toEqual(['cpu-migrations', 'page-faults']);
    // The hostile subject is in the page as text, never as markup.
    const html = renderDashboard(
      siteInput(busyDays(), { commitUrl: COMMIT_URL, generatedAt: '2026-12-05T06:00:00.000Z' }),
      loadChartLibraries(),
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('“chore: notes &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt; &lt;/script&gt;”');
    expect(html.match(/<script/g)).toHaveLength(6);
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
      return { title: document.querySelector('#s0 h3').textContent, annotations: c.config.options.plugins.annotation.annotations, points: c.data.datasets[2].data.length, ticks: c.scales.x.ticks.map((t) => t.label) };
    })()`);
    expect(s0.title).toBe('wallopen regression');
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
      `[...document.querySelectorAll('section.bench:not(.hidden) > h2 a')].map((e) => e.textContent)`,
    );
    expect(shown.sort()).toEqual(['tlb/line-stride', 'tlb/page-stride']);
    expect(
      await page!.evaluate<number>(`document.querySelectorAll('section.bench:not(.hidden) .card:not(.hidden)').length`),
    ).toBe(6);
  }, 60_000);
});

describe('several runs a day, in Chromium', () => {
  const busyDir = mkdtempSync(path.join(tmpdir(), 'perfgate-busy-'));
  const file = path.join(busyDir, 'index.html');
  const data = dashboardData(siteInput(busyDays(), { commitUrl: COMMIT_URL, generatedAt: '2026-12-05T06:00:00.000Z' }));
  const id = (benchmark: string, metric: string): string =>
    data.series.find((x) => x.benchmark === benchmark && x.metric === metric)!.id;
  let launched: LaunchedBrowser;
  let page: Page | undefined;
  const errors: string[] = [];
  const charted = (card: string): Promise<unknown> =>
    page!.evaluate(
      `new Promise((r) => { const t = () => (document.body.dataset.ready && window.perfgate.charts.has(${JSON.stringify(card)}) ? r(true) : setTimeout(t, 20)); t(); })`,
    );

  beforeAll(async () => {
    writeFileSync(
      file,
      renderDashboard(
        siteInput(busyDays(), { commitUrl: COMMIT_URL, generatedAt: '2026-12-05T06:00:00.000Z' }),
        loadChartLibraries(),
      ),
    );
    launched = await launchChromium();
    if (!launched.browser) return;
    page = await launched.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (err) => errors.push(`uncaught: ${err.stack ?? err.message}`));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
  }, 90_000);
  afterAll(async () => {
    await launched?.browser?.close();
    rmSync(busyDir, { recursive: true, force: true });
  }, 30_000);

  it('one tick per run, labelled with the time when a day holds several runs', async () => {
    if (skipWithout(launched)) return;
    await charted(id('json/parse', 'task-clock'));
    const ticks = await page!.evaluate<string[]>(
      `window.perfgate.charts.get(${JSON.stringify(id('json/parse', 'task-clock'))}).scales.x.ticks.map((t) => t.label)`,
    );
    // Twelve runs, every second one labelled: no two alike, as "12-01" three times would be.
    expect(ticks).toEqual(['12-01 03:00', '12-01 19:00', '12-02 11:00', '12-03 03:00', '12-03 19:00', '12-04 11:00']);
    expect(errors).toEqual([]);
  }, 60_000);

  it('a point shows its date and time, commit, subject, value, host checks and run, the subject as text only', async () => {
    if (skipWithout(launched)) return;
    const card = id('json/parse', 'task-clock');
    await charted(card);
    const hover = async (i: number): Promise<void> => {
      const at = await page!.evaluate<{ x: number; y: number }>(`(() => {
        const c = window.perfgate.charts.get(${JSON.stringify(card)});
        c.canvas.scrollIntoView();
        const p = c.getDatasetMeta(2).data[${i}];
        const r = c.canvas.getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      })()`);
      await page!.mouse.move(at.x, at.y);
      await page!.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    };
    await hover(6);
    const tip = await page!.evaluate<{ title: string[]; body: string[]; footer: string[] }>(`(() => {
      const t = window.perfgate.charts.get(${JSON.stringify(card)}).tooltip;
      return { title: t.title, body: t.body.flatMap((b) => [...b.lines, ...b.after]), footer: t.footer };
    })()`);
    expect(tip.title).toEqual([`${demoCommit(106).slice(0, 7)} · 2026-12-03 03:00 UTC`, BUSY_SUBJECT]);
    expect(tip.body[0]).toMatch(/^median 22\.\d+ ms \(quartiles /);
    expect(tip.footer).toEqual([`run: ${REPO_URL}/actions/runs/706`, 'click: open the commit']);
    const point = await page!.evaluate<{ text: string; links: string[] }>(`(() => {
      const el = document.querySelector('#${card} .point');
      return { text: el.textContent, links: [...el.querySelectorAll('a')].map((a) => a.href) };
    })()`);
    expect(point.text).toBe(
      `${demoCommit(106).slice(0, 7)} · 2026-12-03 03:00 UTC · ${BUSY_SUBJECT} · median ${tip.body[0]!.split(' ')[1]} ms · run`,
    );
    expect(point.links).toEqual([`${REPO_URL}/commit/${demoCommit(106)}`, `${REPO_URL}/actions/runs/706`]);
    await hover(5);
    const busy = await page!.evaluate<{ after: string[]; text: string }>(`(() => {
      const t = window.perfgate.charts.get(${JSON.stringify(card)}).tooltip;
      return { after: t.body.flatMap((b) => b.after), text: document.querySelector('#${card} .point').textContent };
    })()`);
    expect(busy.after).toEqual(['host checks failed: cpu-utilisation']);
    expect(busy.text).toMatch(/ · host checks failed: cpu-utilisation$/);
    // The hostile subject made no element and ran nothing.
    expect(await page!.evaluate<number>(`document.querySelectorAll('img').length`)).toBe(0);
    expect(await page!.evaluate<unknown>('window.__pwned')).toBeUndefined();
    expect(await page!.evaluate<string>(`document.querySelector('#${card} ul.steps li').textContent`)).toMatch(
      new RegExp(
        `^\\+[\\d.]+%.* at ${demoCommit(106).slice(0, 7)} \\(2026-12-03\\) “chore: notes <img src=x onerror="window.__pwned=1"> </script>”: regression, open; host checks failed in the runs around it \\(cpu-utilisation\\)$`,
      ),
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('context metrics are folded, drawn when opened, from zero; a flat zero is not blown up', async () => {
    if (skipWithout(launched)) return;
    const parse = benchmarkAnchor('demo', 'json/parse');
    const migrations = id('json/parse', 'cpu-migrations');
    const faults = id('json/parse', 'page-faults');
    const state = await page!.evaluate<{ open: boolean; summary: string; visible: boolean; drawn: boolean }>(`(() => {
      const d = document.querySelector('#${parse} details.context');
      return { open: d.open, summary: d.querySelector('summary').textContent, visible: document.getElementById('${migrations}').checkVisibility(), drawn: window.perfgate.charts.has('${migrations}') };
    })()`);
    expect(state).toEqual({
      open: false,
      summary: '2 context metrics (not gated): cpu-migrations, page-faults',
      visible: false,
      drawn: false,
    });
    await page!.click(`#${parse} details.context > summary`);
    await charted(migrations);
    await page!.evaluate(`document.getElementById('${faults}').scrollIntoView()`);
    await charted(faults);
    const y = await page!.evaluate<{
      migrations: [number, number];
      faults: [number, number];
      time: [number, number];
    }>(`(() => {
      const r = (id) => { const s = window.perfgate.charts.get(id).scales.y; return [s.min, s.max]; };
      return { migrations: r('${migrations}'), faults: r('${faults}'), time: r('${id('json/parse', 'task-clock')}') };
    })()`);
    expect(y.migrations).toEqual([0, 1]);
    // 120–125 page faults on an axis from 0: a 4% wander, not a swing across the chart.
    expect(y.faults[0]).toBe(0);
    expect(y.faults[1]).toBeGreaterThanOrEqual(125);
    // A gated time metric is auto-scaled, so its +10% step fills the chart.
    expect(y.time[0]).toBeGreaterThan(15);
    expect(errors).toEqual([]);
  }, 60_000);

  it("the PR comment's rows link to their benchmark's section, and a link to a folded card opens it", async () => {
    if (skipWithout(launched)) return;
    const url = 'https://octo-org.github.io/perf-demo/';
    const { body } = renderReport({
      comparison: comparison([
        row('json/parse', 'task-clock', 'regression', 0.1),
        row('hash/fnv', 'wall', 'unchanged', 0.001),
      ]),
      suiteId: 'demo',
      provenance: { source: 'same-job', commit: null, ageMs: 0 },
      dashboard: { url, suite: 'demo' },
    });
    const links = [...body.matchAll(/\| \[([^\]]+)\]\((https:[^)]+)\) \|/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['json/parse', `${url}#${benchmarkAnchor('demo', 'json/parse')}`],
      ['hash/fnv', `${url}#${benchmarkAnchor('demo', 'hash/fnv')}`],
    ]);
    // Without a dashboard URL: plain names.
    expect(
      renderReport({
        comparison: comparison([row('json/parse', 'task-clock', 'regression', 0.1)]),
        suiteId: 'demo',
        provenance: { source: 'same-job', commit: null, ageMs: 0 },
      }).body,
    ).toMatch(/\| json\/parse +\| task-clock \|/);
    // Each fragment names the benchmark's section on the page.
    for (const [name, link] of links) {
      const fragment = link!.split('#')[1]!;
      await page!.goto(`${pathToFileURL(file).href}#${fragment}`);
      expect(
        await page!.evaluate<string>(
          `document.getElementById(${JSON.stringify(fragment)}).querySelector('h2 a').textContent`,
        ),
      ).toBe(name);
    }
    // A link to a card folded under context metrics opens them.
    const faults = id('hash/fnv', 'page-faults');
    await page!.goto(`${pathToFileURL(file).href}#${faults}`);
    expect(await page!.evaluate<boolean>(`document.getElementById('${faults}').closest('details').open`)).toBe(true);
    await charted(faults);
    expect(errors).toEqual([]);
  }, 60_000);
});
