/** The `static` rendering for images in the PR comment: the same frames, nothing interactive. */
import { parseFolded } from '../../src/flamegraph/folded.js';
import { renderDiff } from '../../src/flamegraph/diff.js';
import { renderFlameGraph } from '../../src/flamegraph/svg.js';
import { svgFrames } from './svg-frames.js';
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
});
