/** The report's two serialisers: names from results files stay text in markdown and HTML. */
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
  it('HTML: every string escaped, pictures as data URIs, nothing that can load or run', () => {
    const html = toHtml(blocks, evil);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    );
    const img =
      /<img class="flamegraph" width="300" height="40" alt="([^"]*)" src="data:image\/svg\+xml;base64,([^"]+)">/.exec(
        html,
      );
    expect(img).not.toBeNull();
    expect(Buffer.from(img![2]!, 'base64').toString('utf8')).toBe((blocks[3] as { svg: string }).svg);
    expect(html).toContain('<td class="r">1.0</td>');
    expect(html).not.toMatch(/<script/);
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
