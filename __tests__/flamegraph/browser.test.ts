/**
 * The flame graph's script in a real browser: headless Chromium (Debian's `chromium`) driven
 * by playwright-core. Clicking a frame must zoom it to the full width, Ctrl-F must
 * prompt for a regex and show the share of samples matched, "Reset Zoom" must restore.
 * Skipped, with a message saying why, only when no Chromium can be launched; with CI=true that
 * fails instead (__tests__/helpers/chromium.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseFolded } from '../../src/flamegraph/folded.js';
import { renderDiff } from '../../src/flamegraph/diff.js';
import { renderFlameGraph } from '../../src/flamegraph/svg.js';
import { launchChromium, skipWithout, type LaunchedBrowser, type Page } from '../helpers/chromium.js';

// 1000 samples: main 100% = parse 30% (lex 20%) + run 70% (lex_again 5%, work 65%).
const FOLDED = [
  'prog;main;parse 100',
  'prog;main;parse;lex 200',
  'prog;main;run;lex_again 50',
  'prog;main;run;work 650',
].join('\n');

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

let launched: LaunchedBrowser | undefined;
const dir = mkdtempSync(path.join(tmpdir(), 'perfgate-browser-'));

beforeAll(async () => {
  launched = await launchChromium();
}, 60_000);

afterAll(async () => {
  await launched?.browser?.close();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

const skipped = (): boolean => skipWithout(launched);

async function open(svg: string, name: string, query = ''): Promise<Page> {
  const file = path.join(dir, name);
  writeFileSync(file, svg);
  const page = await launched!.browser!.newPage({ viewport: { width: 1300, height: 900 } });
  await page.goto(pathToFileURL(file).href + query);
  return page;
}

/** The rect of the frame whose tooltip starts with `name (`. */
function rectExpr(name: string): string {
  return `(() => { const g = [...document.querySelectorAll('#frames > g')].find((g) => g.querySelector('title').textContent.startsWith(${JSON.stringify(`${name} (`)})); return g ? g.querySelector('rect') : null; })()`;
}

async function attrs(
  page: Page,
  name: string,
): Promise<{ x: number; width: number; cls: string | null; text: string | null } | null> {
  return page.evaluate(
    `(() => { const r = ${rectExpr(name)}; if (!r) return null; const t = r.parentNode.querySelector('text'); return { x: +r.getAttribute('x'), width: +r.getAttribute('width'), cls: r.parentNode.getAttribute('class'), text: t ? t.textContent : null }; })()`,
  );
}

async function box(page: Page, name: string): Promise<Box> {
  const b = await page.evaluate<Box | null>(
    `(() => { const r = ${rectExpr(name)}; if (!r) return null; const b = r.getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; })()`,
  );
  if (!b) throw new Error(`no frame ${name}`);
  return b;
}

async function clickFrame(page: Page, name: string): Promise<void> {
  const b = await box(page, name);
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
}

async function textOf(page: Page, id: string): Promise<string> {
  return page.evaluate<string>(`document.getElementById(${JSON.stringify(id)}).textContent`);
}

/** Answers the next prompt() with `answer`, whatever opens it; resolves to the prompt's message. */
function answerPrompt(page: Page, answer: string): Promise<string> {
  return new Promise((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.accept(answer);
    });
  });
}

describe('flame graph in a browser', () => {
  it('zooms on click, resets, and searches with Ctrl-F', async () => {
    if (skipped()) return;
    const page = await open(renderFlameGraph(parseFolded(FOLDED).stacks, { title: 'browser test' }), 'fg.svg');

    // The script initialised: every frame is known, nothing is zoomed.
    expect(await page.evaluate<number>('document.querySelectorAll("#frames > g").length')).toBe(8);
    expect(await page.evaluate<string | null>('document.getElementById("unzoom").getAttribute("class")')).toBe('hide');
    const before = await attrs(page, 'parse');
    expect(before!.width).toBeCloseTo(1180 * 0.3, 0);

    // Hovering shows the frame's details at the bottom.
    const pb = await box(page, 'parse');
    await page.mouse.move(pb.x + 5, pb.y + 5);
    expect(await textOf(page, 'details')).toBe('Function: parse (300 samples, 30.00%)');

    // Click "parse": it becomes the full width; its child follows; its sibling disappears.
    await clickFrame(page, 'parse');
    const zoomed = await attrs(page, 'parse');
    expect(zoomed).toMatchObject({ x: 10, width: 1180 });
    expect(zoomed!.text).toBe('parse');
    const lex = await attrs(page, 'lex');
    expect(lex!.width).toBeCloseTo((1180 * 200) / 300, 0);
    expect((await attrs(page, 'run'))!.cls).toBe('hide');
    // Ancestors stay, full width, dimmed.
    expect(await attrs(page, 'main')).toMatchObject({ x: 10, width: 1180, cls: 'parent' });
    expect(await page.evaluate<string | null>('document.getElementById("unzoom").getAttribute("class")')).toBeNull();

    // Reset Zoom restores the original geometry.
    const ub = await page.evaluate<Box>(
      `(() => { const b = document.getElementById('unzoom').getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; })()`,
    );
    await page.mouse.click(ub.x + ub.width / 2, ub.y + ub.height / 2);
    expect(await attrs(page, 'parse')).toMatchObject({ x: before!.x, width: before!.width, cls: null });
    expect((await attrs(page, 'run'))!.cls).toBeNull();

    // Ctrl-F asks for a regex; "^lex" matches lex (20%) and lex_again (5%).
    const prompted = answerPrompt(page, '^lex');
    await page.keyboard.press('Control+f');
    expect(await prompted).toMatch(/regular expression/);
    expect(await textOf(page, 'matched')).toBe('Matched: 25.0%');
    expect(await page.evaluate<string>(`${rectExpr('lex')}.getAttribute('fill')`)).toBe('rgb(230,0,230)');
    expect(await textOf(page, 'search')).toBe('Reset Search');

    // Nested matches count once: "main|parse" is main's 100%.
    const again = answerPrompt(page, 'main|parse');
    await page.evaluate('fgResetSearch()');
    const sb = await page.evaluate<Box>(
      `(() => { const b = document.getElementById('search').getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; })()`,
    );
    await page.mouse.click(sb.x + sb.width / 2, sb.y + sb.height / 2);
    await again;
    expect(await textOf(page, 'matched')).toBe('Matched: 100%');

    // Zooming into a frame while a search is shown keeps the highlight.
    await clickFrame(page, 'run');
    expect(await attrs(page, 'run')).toMatchObject({ x: 10, width: 1180 });
    expect(await page.evaluate<string>(`${rectExpr('main')}.getAttribute('fill')`)).toBe('rgb(230,0,230)');
    // Escape clears the search, then the zoom.
    await page.keyboard.press('Escape');
    expect(await textOf(page, 'matched')).toBe(' ');
    await page.keyboard.press('Escape');
    expect((await attrs(page, 'parse'))!.cls).toBeNull();
  }, 60_000);

  it('inverted graphs zoom too, and ?s= searches on load', async () => {
    if (skipped()) return;
    const page = await open(renderFlameGraph(parseFolded(FOLDED).stacks, { inverted: true }), 'icicle.svg', '?s=work');
    expect(await textOf(page, 'matched')).toBe('Matched: 65.0%');
    await clickFrame(page, 'run');
    expect(await attrs(page, 'run')).toMatchObject({ x: 10, width: 1180 });
    expect((await attrs(page, 'work'))!.width).toBeCloseTo((1180 * 650) / 700, 0);
  }, 60_000);

  it('differential graphs work the same way', async () => {
    if (skipped()) return;
    const before = parseFolded('prog;main;a 100\nprog;main;b 100\n').stacks;
    const after = parseFolded('prog;main;a 300\nprog;main;b 100\n').stacks;
    const page = await open(renderDiff(before, after, { normalize: true }), 'diff.svg');
    expect(await page.evaluate<string>(`${rectExpr('a')}.getAttribute('fill')`)).toBe('rgb(255,0,0)');
    await clickFrame(page, 'b');
    expect(await attrs(page, 'b')).toMatchObject({ x: 10, width: 1180 });
  }, 60_000);
});
