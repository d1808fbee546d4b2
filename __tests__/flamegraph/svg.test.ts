import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFolded } from '../../src/flamegraph/folded.js';
import { layoutStacks } from '../../src/flamegraph/layout.js';
import { frameColor, nameHash, PALETTES } from '../../src/flamegraph/palette.js';
import { formatSamples, frameLabel, renderFlameGraph } from '../../src/flamegraph/svg.js';
import { escapeXml } from '../../src/flamegraph/xml.js';
import { collapsePerfScriptText } from '../../src/profile/collapse.js';
import { frameNamed, rgbOf, svgFrames } from './svg-frames.js';
import { checkWellFormed } from './xml-wellformed.js';
import { fixturesDir } from '../helpers/paths.js';

const fixtures = path.join(fixturesDir, 'profile');

function stacks(text: string): Map<string, number> {
  return parseFolded(text).stacks;
}

const SIMPLE = stacks('main;a;b 10\nmain;a;c 30\nmain;d 60\n');

describe('renderFlameGraph', () => {
  it('writes well-formed XML for every fixture and palette', () => {
    for (const f of ['fp.perf', 'dwarf.perf', 'jit.perf', 'mixed-events.perf']) {
      const folded = collapsePerfScriptText(readFileSync(path.join(fixtures, f)), { all: true });
      for (const colors of PALETTES) {
        const svg = renderFlameGraph(stacks(folded.toFoldedText()), { colors, title: `${f} <${colors}>` });
        expect(checkWellFormed(svg)).toBeUndefined();
      }
    }
  });

  it('is deterministic: same input, same bytes', () => {
    const text = collapsePerfScriptText(readFileSync(path.join(fixtures, 'jit.perf'))).toFoldedText();
    const a = renderFlameGraph(stacks(text), { title: 'x' });
    const b = renderFlameGraph(stacks(text), { title: 'x' });
    expect(a).toBe(b);
    // Input order does not matter either.
    const shuffled = text.trim().split('\n').reverse().join('\n');
    expect(renderFlameGraph(stacks(shuffled), { title: 'x' })).toBe(a);
  });

  it('escapes &, <, >, quotes and forbidden characters in names and titles', () => {
    const svg = renderFlameGraph(
      stacks(`main;std::vector<int>::push_back 5\nmain;operator&& 5\nmain;say"hi'\u0001 5\n`),
      { title: 'a < b & "c"' },
    );
    expect(checkWellFormed(svg)).toBeUndefined();
    expect(frameNamed(svg, 'std::vector<int>::push_back')).toHaveLength(1);
    expect(frameNamed(svg, 'operator&&')).toHaveLength(1);
    expect(frameNamed(svg, 'say"hi\'\ufffd')).toHaveLength(1);
    expect(svg).toContain('<text id="title" x="600.00" y="24">a &lt; b &amp; &quot;c&quot;</text>');
    expect(escapeXml('ok')).toBe('ok');
  });

  it('titles frames "name (N samples, P%)" and lays children out in name order', () => {
    const svg = renderFlameGraph(SIMPLE);
    const frames = svgFrames(svg);
    expect(frames.map((f) => f.title)).toEqual([
      'all (100 samples, 100%)',
      'main (100 samples, 100.00%)',
      'a (40 samples, 40.00%)',
      'd (60 samples, 60.00%)',
      'b (10 samples, 10.00%)',
      'c (30 samples, 30.00%)',
    ]);
    const all = frames[0]!;
    expect(all.x).toBe(10);
    expect(all.width).toBe(1180);
    const a = frames[2]!;
    const d = frames[3]!;
    expect(a.x).toBe(10);
    expect(d.x).toBeCloseTo(10 + 1180 * 0.4, 1);
    // Deeper frames are higher up (smaller y) unless inverted.
    expect(frames[4]!.y).toBeLessThan(a.y);
    expect(frames[4]!.y).toBeLessThan(all.y);
  });

  it('formats sample counts with thousands separators', () => {
    expect(formatSamples(1234567)).toBe('1,234,567');
    expect(formatSamples(999)).toBe('999');
    expect(formatSamples(1234.5)).toBe('1,234.50');
    const svg = renderFlameGraph(stacks('main;x 1234567\n'));
    expect(frameNamed(svg, 'x')[0]!.title).toBe('x (1,234,567 samples, 100.00%)');
  });

  it('inverted draws an icicle graph: the root on top', () => {
    const svg = renderFlameGraph(SIMPLE, { inverted: true });
    const frames = svgFrames(svg);
    const all = frames.find((f) => f.name === 'all')!;
    const b = frames.find((f) => f.name === 'b')!;
    expect(all.y).toBeLessThan(b.y);
    expect(checkWellFormed(svg)).toBeUndefined();
  });

  it('minwidth prunes frames narrower than the given pixels', () => {
    const input = stacks('main;big 1000\nmain;tiny 1\n');
    // 1 sample of 1001 is ~1.18 px wide.
    expect(frameNamed(renderFlameGraph(input, { minWidth: 1 }), 'tiny')).toHaveLength(1);
    expect(frameNamed(renderFlameGraph(input, { minWidth: 2 }), 'tiny')).toHaveLength(0);
    expect(frameNamed(renderFlameGraph(input, { minWidth: 2 }), 'big')).toHaveLength(1);
  });

  it('width sets the image width and the scale', () => {
    const svg = renderFlameGraph(SIMPLE, { width: 600 });
    expect(svg).toMatch(/<svg [^>]*width="600"/);
    expect(svgFrames(svg)[0]!.width).toBe(580);
  });

  it('truncates labels with ".." and drops them when fewer than 3 characters fit', () => {
    expect(frameLabel('abcdefghij', 1000, 12, 0.59)).toBe('abcdefghij');
    expect(frameLabel('abcdefghij', 50, 12, 0.59)).toBe('abcde..');
    expect(frameLabel('abcdefghij', 20, 12, 0.59)).toBe('');
    expect(frameLabel('tcp_sendmsg_[k]', 1000, 12, 0.59)).toBe('tcp_sendmsg');
    const svg = renderFlameGraph(stacks(`main;${'x'.repeat(300)} 1\nmain;y 1\n`));
    const label = frameNamed(svg, 'x'.repeat(300))[0]!.label!;
    expect(label.endsWith('..')).toBe(true);
    expect(label.length).toBeLessThan(300);
  });

  it('colours deterministically by name, in the palette families of flamegraph.pl', () => {
    expect(frameColor('hot', 'foo')).toBe(frameColor('hot', 'foo'));
    expect(frameColor('hot', 'foo')).not.toBe(frameColor('hot', 'bar'));
    expect(nameHash('foo')).toBeGreaterThanOrEqual(0);
    expect(nameHash('foo')).toBeLessThanOrEqual(1);
    const [r, g, b] = rgbOf(frameColor('hot', 'anything'));
    expect(r).toBeGreaterThanOrEqual(205);
    expect(g).toBeLessThanOrEqual(230);
    expect(b).toBeLessThanOrEqual(55);
    // java: JIT green, inlined aqua, kernel orange, C++ yellow, other red.
    const green = rgbOf(frameColor('java', 'Lio/netty/Foo;.bar_[j]'));
    expect(green[1]).toBeGreaterThan(green[0]);
    const aqua = rgbOf(frameColor('java', 'foo_[i]'));
    expect(aqua[2]).toBeGreaterThan(aqua[0]);
    const orange = rgbOf(frameColor('java', 'tcp_sendmsg_[k]'));
    expect(orange[2]).toBe(0);
    const yellow = rgbOf(frameColor('java', 'JavaCalls::call'));
    expect(yellow[0]).toBe(yellow[1]);
    const red = rgbOf(frameColor('java', 'start_thread'));
    expect(red[0]).toBeGreaterThan(red[1]);
    const mem = rgbOf(frameColor('mem', 'malloc'));
    expect(mem[0]).toBe(0);
    const io = rgbOf(frameColor('io', 'read'));
    expect(io[2]).toBeGreaterThan(io[0]);
    expect(rgbOf(frameColor('js', 'LazyCompile:~foo /app/x.js_[j]'))[1]).toBeGreaterThan(200);
  });

  it('renders an empty profile as an SVG that says so', () => {
    const svg = renderFlameGraph(new Map());
    expect(checkWellFormed(svg)).toBeUndefined();
    expect(svg).toContain('No samples');
  });

  it('keeps a frame whole when a sibling name extends it ("foo" and "foo.bar")', () => {
    const layout = layoutStacks(stacks('m;foo 1\nm;foo.bar 1\nm;foo;baz 1\n'));
    expect(layout.frames.filter((f) => f.name === 'foo')).toHaveLength(1);
    expect(layout.frames.find((f) => f.name === 'foo')!.value).toBe(2);
  });

  // How long this takes is a figure of npm run bench:flamegraph, not a test.
  it('renders 132,500 distinct stacks, all counted', () => {
    const lines: string[] = [];
    let total = 0;
    for (let i = 0; i < 132_500; i++) {
      lines.push(`prog;main;mod${i % 50};fn${(i * 7) % 997};leaf${i} ${1 + (i % 13)}`);
      total += 1 + (i % 13);
    }
    const svg = renderFlameGraph(parseFolded(lines.join('\n')).stacks);
    expect(svgFrames(svg)[0]?.title).toBe(`all (${total.toLocaleString('en-US')} samples, 100%)`);
    expect(frameNamed(svg, 'main')).toHaveLength(1);
  });
});
