// The pictures in docs/screenshots/ (issue 20): what a maintainer sees, rendered from the fixture
// documents of __tests__/helpers/report-fixtures.ts by perfgate's own renderers — the PR comment
// (a regression, an A/A run, a cancelled job), the PR and nightly job summaries and the alert
// issue (markdown → HTML by cmark-gfm with GitHub's extensions, in a GitHub-like stylesheet), and
// both HTML investigation reports — each opened in headless Chromium and saved as a PNG.
// `npm run screenshots` compiles the fixtures (tsconfig.screenshots.json) and runs this; it needs
// cmark-gfm and Chromium (CHROMIUM_PATH or the system's), nothing from the network: the comment's
// flame graph image URL is answered with the static SVG the same renderer makes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const fx = await import('../build-screenshots/__tests__/helpers/report-fixtures.js');
const { findChromium } = await import('../build-screenshots/__tests__/helpers/chromium.js');
const { chromium } = await import('playwright-core');

const OUT = path.join(root, 'docs', 'screenshots');
const WIDTH = 900;
/** Taller pages are cut here (the first screen or so is what a picture is for; PNGs stay near 150 KB). */
const MAX_HEIGHT = 1200;

function markdownToHtml(md) {
  // --unsafe keeps <details>/<sub>, which GitHub's sanitiser allows; tagfilter as GitHub does.
  return execFileSync(
    'cmark-gfm',
    ['--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'tagfilter', '-e', 'strikethrough'],
    {
      input: md,
      encoding: 'utf8',
    },
  );
}

// A small GitHub-like stylesheet (Primer's markdown body, light theme: the sizes and colours
// that decide how a comment reads).
const GITHUB_CSS = `
body { margin: 0; background: #fff; }
.box { border: 1px solid #d0d7de; border-radius: 6px; margin: 16px; }
.head { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px; font: 14px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #59636e; border-radius: 6px 6px 0 0; }
.head b { color: #1f2328; }
.markdown-body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; padding: 16px; word-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0; }
.markdown-body h1, .markdown-body h2 { padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h1 { font-size: 2em; } .markdown-body h2 { font-size: 1.5em; } .markdown-body h3 { font-size: 1.25em; }
.markdown-body h1, .markdown-body h2, .markdown-body h3, .markdown-body h4 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
.markdown-body p, .markdown-body blockquote, .markdown-body ul, .markdown-body ol, .markdown-body table, .markdown-body details { margin: 0 0 16px; }
.markdown-body a { color: #0969da; text-decoration: none; }
.markdown-body code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: #818b981f; padding: .2em .4em; border-radius: 6px; }
.markdown-body pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto; font-size: 85%; }
.markdown-body pre code { background: none; padding: 0; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d0d7de; }
.markdown-body table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
.markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body th { font-weight: 600; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body img { max-width: 100%; box-sizing: border-box; }
.markdown-body summary { cursor: pointer; }
.markdown-body sub { font-size: 75%; }
.markdown-body hr { height: .25em; background: #d1d9e0; border: 0; margin: 24px 0; }
`;

function githubPage(title, md) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${GITHUB_CSS}</style></head><body><div class="box"><div class="head"><b>github-actions</b> ${title}</div><div class="markdown-body">${markdownToHtml(md)}</div></div></body></html>`;
}

const alert = fx.alertIssue();
const pages = [
  ['comment-regression', githubPage('commented', fx.commentRegression())],
  ['comment-aa', githubPage('commented', fx.commentAa())],
  ['comment-cancelled', githubPage('commented', fx.commentCancelled())],
  ['summary-pr', githubPage('job summary (pull request)', fx.prJobSummary())],
  // Its per-benchmark table runs long (24 rows): the headline, the moves and the table's start.
  ['summary-nightly', githubPage('job summary (nightly baseline)', fx.nightlyJobSummary()), WIDTH, undefined, 900],
  ['alert-issue', githubPage(`opened issue “${alert.title}”`, alert.body)],
  // The technical report from its profile evidence (the hotspot table and both interactive
  // graphs); the executive one from the top, its one graph at the end.
  ['report-technical', fx.investigationHtml('technical'), 1280, '#evidence'],
  ['report-executive', fx.investigationHtml('executive'), 1280],
];

const exe = findChromium();
if (!exe) throw new Error('no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)');
const browser = await chromium.launch({ executablePath: exe, args: ['--disable-gpu', '--disable-dev-shm-usage'] });
const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-screens-'));
mkdirSync(OUT, { recursive: true });
try {
  for (const [name, html, cssWidth = WIDTH, from, maxHeight = MAX_HEIGHT] of pages) {
    // The investigation reports are laid out for 1280 px (their graphs are 1200 wide): rendered
    // there and scaled down to the same ~900 px picture.
    const scale = WIDTH / cssWidth;
    const page = await browser.newPage({ viewport: { width: cssWidth, height: 800 }, deviceScaleFactor: scale });
    // The comment's image lives on GitHub; offline, the same renderer's static SVG stands in.
    await page.route(/\.svg$/, (route) =>
      route.fulfill({ status: 200, contentType: 'image/svg+xml', body: fx.staticFlameGraph() }),
    );
    const file = path.join(dir, `${name}.html`);
    writeFileSync(file, html);
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    const height = await page.evaluate('document.documentElement.scrollHeight');
    const top = from
      ? await page.evaluate(`document.querySelector('${from}').getBoundingClientRect().top + scrollY - 8`)
      : 0;
    const png = path.join(OUT, `${name}.png`);
    // The viewport cut to the picture and scrolled to it, not a full-page capture: that leaves
    // the flame graphs' frames (separate documents) blank.
    await page.setViewportSize({ width: cssWidth, height: Math.ceil(Math.min(height - top, maxHeight / scale)) });
    await page.evaluate(`window.scrollTo(0, ${top})`);
    await page.waitForTimeout(500);
    await page.screenshot({ path: png });
    await page.close();
    console.log(`${path.relative(root, png)}: ${Math.round(statSync(png).size / 1024)} KB`);
  }
} finally {
  await browser.close();
}
