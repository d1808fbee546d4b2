import { parseFolded } from '../../src/flamegraph/folded.js';
import { diffLayout, renderDiff, topFrames } from '../../src/flamegraph/diff.js';
import { formatTopFrames } from '../../src/report/top-frames.js';
import { diffColor } from '../../src/flamegraph/palette.js';
import { InputError } from '../../src/errors.js';
import { frameNamed, rgbOf, svgFrames } from './svg-frames.js';
import { checkWellFormed } from './xml-wellformed.js';

const stacks = (text: string): Map<string, number> => parseFolded(text).stacks;

// One function doubles (hot_loop), one vanishes (old_path), the rest stays.
const BEFORE = stacks(
  ['app;main;hot_loop 100', 'app;main;parse 100', 'app;main;old_path 100', 'app;main;io;read 100'].join('\n'),
);
const AFTER = stacks(['app;main;hot_loop 200', 'app;main;parse 100', 'app;main;io;read 100'].join('\n'));

describe('differential flame graph', () => {
  it('colours the doubled function red and keeps unchanged frames near white', () => {
    const svg = renderDiff(BEFORE, AFTER, { normalize: true });
    expect(checkWellFormed(svg)).toBeUndefined();
    const [r, g, b] = rgbOf(frameNamed(svg, 'hot_loop')[0]!.fill);
    expect(r).toBe(255);
    expect(g).toBeLessThan(100);
    expect(b).toBe(g);
    // Widths come from AFTER: hot_loop is half of the graph.
    expect(frameNamed(svg, 'hot_loop')[0]!.samples).toBe(200);
    // The vanished path has no width in AFTER, so it is not in this graph...
    expect(frameNamed(svg, 'old_path')).toHaveLength(0);
    // ...and frames whose own share did not change (main, io) are white.
    expect(frameNamed(svg, 'main')[0]!.fill).toBe('rgb(255,255,255)');
    expect(frameNamed(svg, 'hot_loop')[0]!.title).toMatch(
      /^hot_loop \(200 samples, 50\.00%; before 25\.00%; self \+25\.00 pp\)$/,
    );
  });

  it('shows vanished paths in the negated graph (widths from BEFORE), blue for shrank', () => {
    const svg = renderDiff(BEFORE, AFTER, { normalize: true, negate: true });
    expect(checkWellFormed(svg)).toBeUndefined();
    const old = frameNamed(svg, 'old_path');
    expect(old).toHaveLength(1);
    expect(old[0]!.samples).toBe(100);
    const [r, g, b] = rgbOf(old[0]!.fill);
    expect(b).toBe(255);
    expect(r).toBe(g);
    expect(r).toBeLessThan(100);
    // Red still means "grew in AFTER".
    const hot = rgbOf(frameNamed(svg, 'hot_loop')[0]!.fill);
    expect(hot[0]).toBe(255);
    expect(hot[1]).toBeLessThan(255);
    expect(frameNamed(svg, 'old_path')[0]!.title).toContain('after 0.00%; self -25.00 pp');
  });

  it('saturation is proportional to |delta| / max |delta|, with floats', () => {
    expect(diffColor(1, 1)).toBe('rgb(255,0,0)');
    expect(diffColor(-1, 1)).toBe('rgb(0,0,255)');
    expect(diffColor(0.5, 1)).toBe('rgb(255,105,105)');
    expect(diffColor(0, 1)).toBe('rgb(255,255,255)');
    expect(diffColor(0.001, 0)).toBe('rgb(255,255,255)');
  });

  it('normalize compares shares, not raw counts, when the totals differ', () => {
    // AFTER has twice the samples everywhere: nothing changed in shares.
    const before = stacks('a;x 10\na;y 30\n');
    const after = stacks('a;x 20\na;y 60\n');
    const norm = diffLayout(before, after, { normalize: true });
    for (const f of norm.layout.frames) expect(norm.selfDelta(f)).toBeCloseTo(0, 12);
    expect(norm.maxDelta).toBeCloseTo(0, 12);
    const raw = diffLayout(before, after, {});
    const y = raw.layout.frames.find((f) => f.name === 'y')!;
    expect(raw.selfDelta(y)).toBeCloseTo(30 / 80, 12);
    // Not truncated to whole samples: 1/3 of a count is kept.
    const odd = diffLayout(stacks('a;x 3\na;y 0\n'), stacks('a;x 1\na;y 0\n'), { normalize: true });
    expect(odd.maxDelta).toBe(0);
    const thirds = diffLayout(stacks('a;x 2\na;y 1\n'), stacks('a;x 1\na;y 1\n'), { normalize: true });
    const x = thirds.layout.frames.find((f) => f.name === 'x')!;
    expect(thirds.selfDelta(x)).toBeCloseTo(1 / 2 - 2 / 3, 12);
  });

  it('an empty side is an input error', () => {
    expect(() => renderDiff(new Map(), AFTER)).toThrow(InputError);
    expect(() => topFrames(BEFORE, new Map())).toThrow(InputError);
  });
});

describe('topFrames', () => {
  it('puts the doubled and the vanished function first', () => {
    const rows = topFrames(BEFORE, AFTER, 2);
    expect(rows.map((r) => r.frame).sort()).toEqual(['hot_loop', 'old_path']);
    const hot = rows.find((r) => r.frame === 'hot_loop')!;
    expect(hot.selfBefore).toBeCloseTo(25, 10);
    expect(hot.selfAfter).toBeCloseTo(50, 10);
    expect(hot.selfDelta).toBeCloseTo(25, 10);
    expect(hot.totalDelta).toBeCloseTo(25, 10);
    const old = rows.find((r) => r.frame === 'old_path')!;
    expect(old.selfAfter).toBe(0);
    expect(old.selfDelta).toBeCloseTo(-25, 10);
    expect(old.samples).toEqual({ selfBefore: 100, selfAfter: 0, totalBefore: 100, totalAfter: 0 });
  });

  it('counts a recursive frame once per stack in its total', () => {
    const rows = topFrames(stacks('a;f;f;f 10\na;g 10\n'), stacks('a;f;f;f 10\na;g 30\n'), 10);
    const f = rows.find((r) => r.frame === 'f')!;
    expect(f.totalBefore).toBeCloseTo(50, 10);
    expect(f.totalAfter).toBeCloseTo(25, 10);
  });

  it('formats a markdown table with signed percentage-point deltas', () => {
    const table = formatTopFrames(topFrames(BEFORE, AFTER, 3));
    const lines = table.trim().split('\n');
    expect(lines[0]).toMatch(
      /^\| Frame +\| Self before \| Self after \| +Δ self \| Total before \| Total after \| +Δ total \|$/,
    );
    expect(lines[1]).toMatch(/^\| -+ \|( -+: \|)+$/);
    expect(table).toContain('`hot_loop`');
    expect(table).toContain('+25.00 pp');
    expect(table).toContain('-25.00 pp');
    expect(formatTopFrames([{ ...topFrames(BEFORE, AFTER, 1)[0]!, frame: 'a|b`c' }])).toContain('`` a\\|b`c ``');
  });
});

describe('diff geometry', () => {
  it('every frame of the AFTER profile is drawn with its AFTER width', () => {
    const svg = renderDiff(BEFORE, AFTER);
    const all = svgFrames(svg)[0]!;
    expect(all.samples).toBe(400);
    expect(all.width).toBe(1180);
  });
});
