/** The `static` rendering for images in the PR comment: the same frames, nothing interactive. */
import { parseFolded } from '../../src/flamegraph/folded.js';
import { renderDiff } from '../../src/flamegraph/diff.js';
import { renderFlameGraph } from '../../src/flamegraph/svg.js';
import { svgFrames, svgText } from './svg-frames.js';
import { checkWellFormed } from './xml-wellformed.js';

const before = parseFolded('prog;main;parse 300\nprog;main;work 700\n').stacks;
const after = parseFolded('prog;main;parse 300\nprog;main;work 1400\n').stacks;

describe('static flame graphs', () => {
  it('draws the same frames as the interactive graph, without script, handlers or controls', () => {
    const live = renderDiff(before, after, { normalize: true, title: 't' });
    const still = renderDiff(before, after, {
      normalize: true,
      title: 't',
      static: true,
      caption: 'head abc vs base <def> & co',
    });
    expect(checkWellFormed(still)).toBeUndefined();
    expect(svgFrames(still)).toEqual(svgFrames(live));
    expect(live).toMatch(/<script|onload="fgInit/);
    for (const s of [
      '<script',
      'onload=',
      'id="search"',
      'id="unzoom"',
      'id="details"',
      'id="matched"',
      'cursor: pointer',
    ])
      expect(still).not.toContain(s);
    expect(still).toContain('<text id="caption" x="10" y="');
    expect(still).toContain('>head abc vs base &lt;def&gt; &amp; co</text>');
    // work doubled: it is red in the static picture too.
    const work = svgFrames(still).find((f) => f.name === 'work')!;
    const [r, , b] = /rgb\((\d+),(\d+),(\d+)\)/.exec(work.fill)!.slice(1).map(Number) as [number, number, number];
    expect(r).toBeGreaterThan(b);
  });

  it('is deterministic and leaves the interactive output untouched', () => {
    const a = renderFlameGraph(after, { static: true });
    expect(renderFlameGraph(after, { static: true })).toBe(a);
    expect(renderFlameGraph(after, { static: false })).toBe(renderFlameGraph(after));
    expect(a).not.toContain('<text id="caption"');
  });

  it('is cut to the tallest interesting stack, not to a thin tower of unchanged frames', () => {
    // A kernel tower 12 frames deep holding 0.2% of the samples, unchanged; work doubles.
    const tower = 'prog;sys;k1;k2;k3;k4;k5;k6;k7;k8;k9;k10';
    const b = parseFolded(`prog;main;parse 300\nprog;main;work 700\n${tower} 2\n`).stacks;
    const h = parseFolded(`prog;main;parse 300\nprog;main;work 1400\n${tower} 4\n`).stacks;
    const height = (svg: string): number => Number(/<svg [^>]*height="(\d+)"/.exec(svg)![1]);
    const live = renderDiff(b, h, { normalize: true, minWidth: 0.01 });
    const still = renderDiff(b, h, { normalize: true, minWidth: 0.01, static: true, caption: 'head x vs base y.' });
    expect(Math.max(...svgFrames(live).map((f) => f.y)) - Math.min(...svgFrames(live).map((f) => f.y))).toBe(12 * 16);
    // all, prog, main, work: depth 3; the tower's k2..k10 above it are left out and counted.
    const ys = svgFrames(still).map((f) => f.y);
    expect(Math.max(...ys) - Math.min(...ys)).toBe(3 * 16);
    expect(height(live) - height(still)).toBe(9 * 16);
    expect(svgFrames(still).map((f) => f.name)).toEqual(expect.arrayContaining(['work', 'parse', 'sys']));
    expect(svgFrames(still).some((f) => f.name === 'k3')).toBe(false);
    expect(svgText(still, 'caption')).toBe(
      'head x vs base y. 9 narrow frames without a large or sure change above depth 3 not drawn.',
    );
    // A thin frame whose own time changed the most keeps its stack: here k10 grows 20×.
    const h2 = parseFolded(`prog;main;parse 300\nprog;main;work 700\n${tower} 40\n`).stacks;
    const kept = renderDiff(b, h2, { normalize: true, minWidth: 0.01, static: true });
    expect(svgFrames(kept).some((f) => f.name === 'k10')).toBe(true);
    expect(svgText(kept, 'caption')).toBeUndefined();
  });

  it('has a legible subtitle: dark grey, not pale', () => {
    const still = renderDiff(before, after, { normalize: true, static: true });
    const fill = /#subtitle \{[^}]*fill: rgb\((\d+),(\d+),(\d+)\)/.exec(still)!.slice(1).map(Number);
    // WCAG relative luminance; the background's lighter stop is #f8f8f8.
    const lum = (c: number[]): number => {
      const lin = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
    };
    expect((lum([248, 248, 248]) + 0.05) / (lum(fill) + 0.05)).toBeGreaterThanOrEqual(7);
  });
});
