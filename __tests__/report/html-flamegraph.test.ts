/**
 * The investigation report's HTML embeds the interactive flame graphs so that their script runs
 * (issue 20 item 4: as `<img>` the Search button was dead): headless Chromium opens a page
 * rendered from a comparison with two differential graphs, finds each graph's Search control in
 * its embedded document, clicks it, answers the prompt, and sees the frames matched; while a
 * script of the page itself, or one smuggled into a frame name, does not run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderDiff } from '../../src/flamegraph/diff.js';
import { renderInvestigation } from '../../src/report/investigation-render.js';
import { comparison, row } from '../helpers/comparison.js';
import { launchChromium, skipWithout } from '../helpers/chromium.js';

const HOSTILE = '<img src=x onerror="parent.document.title=\'pwned\'">';
const before = new Map([
  ['main;parse;tokenize', 40],
  ['main;parse;classify', 60],
  [`main;${HOSTILE}`, 5],
]);
const after = new Map([
  ['main;parse;tokenize', 40],
  ['main;parse;classify', 60],
  ['main;parse;slow_path', 50],
  [`main;${HOSTILE}`, 5],
]);

function page(): string {
  const doc = comparison([row('json/parse', 'task-clock', 'regression', 0.5)]);
  doc.explanations = {
    'json/parse': {
      diff: 'flamegraphs/json%2Fparse.diff.svg',
      negated: 'flamegraphs/json%2Fparse.negated.svg',
      top: [],
    },
  } as unknown as typeof doc.explanations;
  const graphs = {
    'json/parse': {
      diff: { svg: renderDiff(before, after), href: 'flamegraphs/json%2Fparse.diff.svg' },
      negated: { svg: renderDiff(before, after, { negate: true }), href: 'flamegraphs/json%2Fparse.negated.svg' },
    },
  };
  return renderInvestigation([{ doc, label: 'comparison.json', graphs }], { format: 'technical', html: true });
}

describe('investigation report HTML', () => {
  it('embeds the interactive flame graphs: their Search works, nothing else runs', async () => {
    const html = page();
    // Two frames of data: URLs, sandboxed without same-origin access; no <img> stand-ins.
    expect(html.match(/<iframe class="flamegraph"[^>]* sandbox="allow-scripts allow-modals" src="data:/g)).toHaveLength(
      2,
    );
    expect(html).not.toMatch(/<img class="flamegraph"/);
    expect(html).toMatch(/content="default-src 'none'; [^"]*script-src 'unsafe-hashes' 'sha256-/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-html-fg-'));
    const file = path.join(dir, 'report.html');
    // A script of the page's own must be refused by the policy (it has none of the hashes).
    writeFileSync(file, html.replace('</body>', '<script>document.title = "page script ran"</script></body>'));
    const launched = await launchChromium();
    if (skipWithout(launched)) return;
    const browser = launched.browser!;
    try {
      const tab = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      const prompts: string[] = [];
      tab.on('dialog', (d) => {
        prompts.push(d.type());
        void d.accept('slow_path');
      });
      await tab.goto(pathToFileURL(file).href);
      const frames = tab.frames().filter((f) => f !== tab.mainFrame());
      expect(frames).toHaveLength(2);
      for (const f of frames) {
        await f.waitForSelector('#search');
        // fgInit ran (the onload handler and the script both allowed): the controls are wired.
        expect(await f.evaluate('typeof window.fgSearch')).toBe('function');
        // A real click where the control is drawn: the frame's place in the page plus the
        // control's place in the frame.
        const at = await f.evaluate<[number, number]>(
          `(() => { const b = document.getElementById('search').getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; })()`,
        );
        const element = await f.frameElement();
        await element.scrollIntoViewIfNeeded();
        const box = await element.boundingBox();
        // A frame scrolled into view takes clicks once the compositor has caught up: click
        // until the prompt comes (a click that landed opens it, so none is repeated after it).
        const asked = prompts.length;
        for (let i = 0; i < 40 && prompts.length === asked; i++) {
          await tab.mouse.click(box!.x + at[0], box!.y + at[1]);
          await new Promise((r) => setTimeout(r, 250));
        }
        // Polled: waitForFunction evaluates a string with eval, which the page's policy refuses.
        let matched: unknown = '';
        for (let i = 0; i < 100 && !String(matched).startsWith('Matched: '); i++) {
          matched = await f.evaluate(`document.getElementById('matched').textContent`);
          await new Promise((r) => setTimeout(r, 50));
        }
        const searchLabel = await f.evaluate(`document.getElementById('search').textContent`);
        expect(searchLabel).toBe('Reset Search');
        // slow_path is 50 of head's 155 samples (widths from head); absent from base's shape.
        expect(matched).toBe(frames.indexOf(f) === 0 ? 'Matched: 32.3%' : 'Matched: 0.0%');
      }
      expect(prompts).toEqual(['prompt', 'prompt']);
      // Neither the page's own script nor the frame name's markup ran.
      expect(await tab.title()).toMatch(/^Performance investigation: /);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
