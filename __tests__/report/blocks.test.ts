/** The report's two serialisers: names from results files stay text in markdown and HTML. */
import { createHash } from 'node:crypto';
import { toHtml, toMarkdown, type Block } from '../../src/report/blocks.js';

const evil = '<img src=x onerror=alert(1)> @team *b* [l](javascript:x)';
const blocks: Block[] = [
  { kind: 'heading', level: 1, text: evil },
  { kind: 'paragraph', text: ['bench ', { bold: evil }, ' in ', { code: 'a`b|c' }] },
  { kind: 'table', head: ['frame', 'ms'], rows: [[{ code: evil }, '1.0']], align: ['l', 'r'] },
  {
    kind: 'figure',
    caption: evil,
    svg: '<svg width="300" height="40" xmlns="http://www.w3.org/2000/svg"><rect width="300" height="40"/></svg>',
    href: 'flame graphs/a (1).svg',
  },
];

describe('report blocks', () => {
  it('HTML: every string escaped, pictures in sandboxed data: frames, nothing that can load or run', () => {
    const html = toHtml(blocks, evil);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // A picture without a script: frames allowed, no script source at all.
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-src data:">`,
    );
    const frame =
      /<iframe class="flamegraph" width="300" height="40" title="([^"]*)" sandbox="allow-scripts allow-modals" src="data:image\/svg\+xml;base64,([^"]+)"><\/iframe>/.exec(
        html,
      );
    expect(frame).not.toBeNull();
    expect(frame![1]).toBe('&lt;img src=x onerror=alert(1)&gt; @team *b* [l](javascript:x)');
    expect(Buffer.from(frame![2]!, 'base64').toString('utf8')).toBe((blocks[3] as { svg: string }).svg);
    expect(html).toContain('<td class="r">1.0</td>');
    expect(html).not.toMatch(/<script/);
  });

  it("HTML: an interactive graph's script and onload handler are admitted by their hashes, and only they", () => {
    const script = 'var C = 1; window.fgInit = function () {};';
    const svg = `<svg width="10" height="10" onload="fgInit(evt)" xmlns="http://www.w3.org/2000/svg"><script type="text/ecmascript"><![CDATA[${script}]]></script></svg>`;
    const html = toHtml([{ kind: 'figure', caption: 'g', svg, href: 'g.svg' }], 't');
    const sha = (t: string): string => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    expect(html).toContain(
      `content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-src data:; script-src 'unsafe-hashes' ${sha(script)} ${sha('fgInit(evt)')}"`,
    );
  });

  it('markdown: markup, mentions and pipes escaped; links encoded', () => {
    const md = toMarkdown(blocks);
    // Outside code spans every markup character is backslash-escaped; inside, it is literal text.
    expect(md.split('\n')[0]).toBe(
      '# \\<img src=x onerror=alert\\(1\\)\\> @\u200bteam \\*b\\* \\[l\\]\\(javascript:x\\)',
    );
    expect(md).toContain('| `<img src=x onerror=alert(1)> @team *b* [l](javascript:x)` | 1.0 |');
    expect(md).toContain('`` a`b\\|c ``');
    expect(md).toContain('](flame%20graphs/a%20%281%29.svg)');
    expect(md).toContain('| ---: |');
  });
});
