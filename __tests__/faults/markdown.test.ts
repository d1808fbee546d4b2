/**
 * Hostile names and stderr through the one markdown escaper, checked by rendering with
 * cmark-gfm (GitHub's own markdown implementation, with its autolink, table and tagfilter
 * extensions): what comes out must be the text that went in, as text: no element other than
 * the paragraph / cell / code span, no link, no mention, no new block.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/commands/dispatch.js';
import { escapeMarkdown, markdownCode } from '../../src/report/escape.js';
import { renderSummaryMarkdown } from '../../src/report/summary.js';
import { renderReport } from '../../src/report/markdown.js';
import { gateFails } from '../../src/compare/compare-docs.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { memIO } from './memio.js';
import { resultsDoc } from '../helpers/comparison.js';

const HOSTILE = [
  'a``b @maintainers <img src=x onerror=alert(1)>',
  '`',
  '``',
  '` `',
  'x`',
  '``x``',
  ' lead and trail ',
  '<script>alert(1)</script><details open>',
  '**bold** _it_ ~~s~~ [l](http://e.com) ![i](x) <https://a.b>',
  'see https://evil.example/x and www.evil.example and user@example.com',
  'a\r# Heading\r</details>\n> quote\r\n---',
  '&#64;user &lt;b&gt; &amp;',
  '1. list',
  '- item',
  'cell | break | here',
  '$x^2$ and #123 and GH-7',
  'ctrl\u0000\u0007\u001b[31mred',
  '\\`not code\\`',
];

const hasCmark = spawnSync('cmark-gfm', ['--version']).status === 0;
if (!hasCmark) {
  if (process.env.CI === 'true')
    throw new Error(
      'cmark-gfm is missing (apt-get install cmark-gfm): the markdown escaping tests need it with CI=true',
    );
  console.warn('cmark-gfm missing (apt-get install cmark-gfm): markdown escaping tests skipped');
}
const maybe = hasCmark ? it : it.skip;

function render(md: string): string {
  return execFileSync(
    'cmark-gfm',
    ['--unsafe', '-e', 'autolink', '-e', 'table', '-e', 'strikethrough', '-e', 'tagfilter'],
    { input: md, encoding: 'utf8' },
  );
}

function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** What the reader should see: one line, control characters shown as U+FFFD. */
function visible(s: string): string {
  return s.replace(/\r\n|[\r\n\v\f]/g, ' ').replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '\ufffd');
}

/** The tags of an HTML fragment, e.g. ['p', '/p']. */
const tags = (html: string): string[] => [...html.matchAll(/<(\/?[a-z0-9]+)/gi)].map((m) => m[1] ?? '');

describe('escapeMarkdown', () => {
  maybe.each(HOSTILE)('%j renders as itself, in one paragraph', (s) => {
    const html = render(`says ${escapeMarkdown(s)}\n`);
    expect(tags(html)).toEqual(['p', '/p']);
    const text = decode(html.replace(/^<p>|<\/p>\n$/g, ''));
    expect(text.replace(/\u200b/g, '')).toBe(`says ${visible(s)}`.trimEnd());
    // Nothing GitHub would link after rendering: mentions, URLs, issue references.
    expect(text).not.toMatch(/@[A-Za-z0-9]|:\/\/|\bwww\.|#\d|GH-\d/i);
  });

  maybe('also at the start of a line (lists, quotes, headings)', () => {
    for (const s of ['- item', '1. list', '> quote', '# h', '=== x', '+ plus']) {
      expect(tags(render(`${escapeMarkdown(s)}\n`))).toEqual(['p', '/p']);
    }
  });
});

describe('markdownCode', () => {
  maybe.each(HOSTILE)('%j is one code span inside a table cell', (s) => {
    const html = render(`| frame | n |\n| --- | --: |\n| ${markdownCode(s)} | 1 |\n`);
    const cell = /<tbody>\s*<tr>\s*<td>(.*?)<\/td>\s*<td align="right">1<\/td>/s.exec(html);
    expect(cell).not.toBeNull();
    expect(tags(cell?.[1] ?? '')).toEqual(['code', '/code']);
    expect(decode((cell?.[1] ?? '').replace(/^<code>|<\/code>$/g, ''))).toBe(visible(s));
  });
});

describe('where the escaper is used', () => {
  maybe('perfgate diff --top: hostile frame names stay inside their code spans', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-md-'));
    const evil = [
      'main;a``b @maintainers <img src=x onerror=alert(1)>',
      'main;x` **y** `z',
      'main;https://evil.example',
    ];
    writeFileSync(path.join(dir, 'before.folded'), evil.map((s, i) => `${s} ${10 + i}`).join('\n'));
    writeFileSync(path.join(dir, 'after.folded'), evil.map((s, i) => `${s} ${30 - 5 * i}`).join('\n'));
    const io = memIO(dir);
    expect(
      await main(['diff', 'before.folded', 'after.folded', '--top', '5', '--out', path.join(dir, 'd.svg')], io),
    ).toBe(0);
    const html = render(io.out());
    const cells = [...html.matchAll(/<tr>\s*<td>(.*?)<\/td>/gs)].map((m) => m[1] ?? '');
    // One row per frame: main and the three leaves, each cell exactly one code span.
    expect(cells).toHaveLength(evil.length + 1);
    for (const cell of cells) expect(tags(cell)).toEqual(['code', '/code']);
    expect(cells.map((c) => decode(c.replace(/^<code>|<\/code>$/g, ''))).sort()).toEqual(
      ['main', ...evil.map((s) => s.slice(5))].sort(),
    );
  });

  maybe("a failing benchmark's stderr with \\r does not start blocks in the job summary", () => {
    const doc = resultsDoc(
      [
        {
          name: 'x',
          status: 'failed',
          backend: 'time',
          threshold: {},
          metrics: {},
          error: 'exited with code 1; stderr:\rboom\r# Owned\r</details><img src=x>\r@team see https://evil.example',
        },
      ],
      { backend: 'time' },
    );
    const html = render(renderSummaryMarkdown(doc));
    const item = /<li>(.*?)<\/li>/s.exec(html)?.[1] ?? '';
    expect(tags(item)).toEqual([]);
    expect(
      tags(html).filter(
        (t) =>
          ![
            'h3',
            '/h3',
            'p',
            '/p',
            'table',
            '/table',
            'thead',
            '/thead',
            'tr',
            '/tr',
            'th',
            '/th',
            'tbody',
            '/tbody',
            'td',
            '/td',
            'code',
            '/code',
            'strong',
            '/strong',
            'ul',
            '/ul',
            'li',
            '/li',
          ].includes(t),
      ),
    ).toEqual([]);
    expect(html).not.toContain('<h1');
    expect(decode(item).replace(/\u200b/g, '')).toBe(
      'x: failed: exited with code 1; stderr: boom # Owned </details><img src=x> @team see https://evil.example',
    );
  });
});

describe('the report does not contradict the gate (issue 11, item 8)', () => {
  const side = {
    git: { sha: 'a'.repeat(40), ref: 'main' },
    fingerprint: { hard: {}, soft: {} },
    backend: 'perf' as const,
    startedAt: '2026-12-01T00:00:00Z',
  };
  const stderr =
    'exited with code 2; stderr:\nfatal: out of memory @admin\r# not a heading\n```\n<img src=x onerror=alert(1)>';
  const comparison: ComparisonDoc = {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: '0' },
    createdAt: '2026-12-01T00:00:00Z',
    design: 'paired',
    baseline: { source: 'same-job', sessions: 1, reason: 'paired' },
    seed: 1,
    fdr: 0.05,
    sequential: { looks: 1, nominalAlpha: 0.05 },
    base: side,
    head: side,
    gate: { comparable: true, reasons: [] },
    rows: [],
    added: [],
    removed: [],
    problems: [{ benchmark: 'parse/big', side: 'head', status: 'failed', error: stderr }],
    summary: { regressions: 0, improvements: 0, unchanged: 0, inconclusive: 3, geomeanChange: null },
    warnings: [],
  };

  maybe('a benchmark broken on head is the headline, with its stderr escaped in a code block', () => {
    expect(gateFails(comparison)).toEqual(['parse/big failed on head']);
    const { body } = renderReport({
      comparison,
      suiteId: 's',
      provenance: { source: 'same-job', commit: null, ageMs: 0 },
      runUrl: '',
      artifactUrl: '',
    });
    expect(body).toContain('## perfgate: 🔴 failed: 1 benchmark(s) broke on head');
    expect(body).not.toContain('no regression found');
    const html = render(body);
    // The stderr reaches the reader, as text inside <pre><code>, never as markup.
    expect(html).toMatch(
      /<pre><code class="language-text">fatal: out of memory @admin\n# not a heading\n```\n&lt;img src=x onerror=alert\(1\)&gt;\n<\/code><\/pre>/,
    );
    expect(html).not.toMatch(/<img|<h1/);
  });

  maybe('an interrupted run says so in the headline', () => {
    const { body } = renderReport({
      comparison: { ...comparison, problems: [], interrupted: ['a', 'b'] },
      suiteId: 's',
      provenance: { source: 'same-job', commit: null, ageMs: 0 },
      runUrl: '',
      artifactUrl: '',
    });
    expect(body).toContain('## perfgate: 🔴 failed: interrupted');
    expect(body).toContain('**Interrupted**: not measured to the end, so not gated: a, b');
  });
});
