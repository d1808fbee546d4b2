import { parseFolded } from '../../src/flamegraph/folded.js';
import { diffLayout, renderDiff, topFrames } from '../../src/flamegraph/diff.js';
import { formatTopFrames } from '../../src/report/top-frames.js';
import { diffColor } from '../../src/flamegraph/palette.js';
import { InputError } from '../../src/errors.js';
import { attributeFrames, sumStacks } from '../../src/flamegraph/attribution.js';
import { formatMsChange } from '../../src/results/format.js';
import { frameNamed, rgbOf, svgFrames, svgText } from './svg-frames.js';
import { checkWellFormed } from './xml-wellformed.js';

const stacks = (text: string): Map<string, number> => parseFolded(text).stacks;

// One function doubles (hot_loop), one vanishes (old_path), the rest stays; no per-run data.
const BEFORE = stacks(
  ['app;main;hot_loop 100', 'app;main;parse 100', 'app;main;old_path 100', 'app;main;io;read 100'].join('\n'),
);
const AFTER = stacks(['app;main;hot_loop 200', 'app;main;parse 100', 'app;main;io;read 100'].join('\n'));

/** HSV saturation of an rgb() fill: 0 for greys, 1 for pure hues. */
function saturation(fill: string): number {
  const c = rgbOf(fill);
  const max = Math.max(...c);
  return max === 0 ? 0 : (max - Math.min(...c)) / max;
}

// The regression of issue 20: f does twice its work plus some, g is untouched. g's *share* halves
// (50% → 25%), which share colouring drew as a strong improvement; its ms per run do not move.
// Base: 20 ms per run, f and g 10 ms each; head: 40 ms per run, f 30 ms, g 10 ms.
const BASE_RUNS = ['p;main;f 10\np;main;g 10\n', 'p;main;f 11\np;main;g 9\n', 'p;main;f 9\np;main;g 11\n'].map(stacks);
const HEAD_RUNS = ['p;main;f 30\np;main;g 10\n', 'p;main;f 29\np;main;g 11\n', 'p;main;f 31\np;main;g 9\n'].map(stacks);
const TIME = { base: { runs: BASE_RUNS, msPerRun: 20 }, head: { runs: HEAD_RUNS, msPerRun: 40 } };

describe('differential flame graph', () => {
  it('colours by the change of own time in ms per run, strong only where the interval excludes zero', () => {
    const base = sumStacks(BASE_RUNS);
    const head = sumStacks(HEAD_RUNS);
    const svg = renderDiff(base, head, { normalize: true, time: TIME });
    expect(checkWellFormed(svg)).toBeUndefined();
    // f: 10 → 30 ms per run (+20), the largest sure change: full red.
    expect(frameNamed(svg, 'f')[0]!.fill).toBe('rgb(255,0,0)');
    // g: 10 → 10 ms per run; its interval includes zero: grey, not blue.
    expect(frameNamed(svg, 'g')[0]!.fill).toBe('rgb(212,212,212)');
    // The tooltip gives the table's figures (attribution.ts): the change and its interval.
    const table = attributeFrames(
      { stacks: base, runs: BASE_RUNS, msPerRun: 20 },
      { stacks: head, runs: HEAD_RUNS, msPerRun: 40 },
    );
    for (const name of ['f', 'g']) {
      const row = table.find((r) => r.frame === name)!;
      const ci = row.change.selfCi!;
      expect(frameNamed(svg, name)[0]!.title).toContain(
        `; self ${formatMsChange(row.change.self)} ms/run [${formatMsChange(ci[0])}, ${formatMsChange(ci[1])}])`,
      );
    }
    expect(frameNamed(svg, 'f')[0]!.title).toMatch(/^f \(90 samples, 75\.00%; base 50\.00%; self \+20\.0 ms\/run \[/);
    expect(svgText(svg, 'subtitle')).toBe(
      "widths: head's profile; colour: change of the frame's own time, ms per run (red grew, blue shrank); strong only where its interval excludes zero",
    );
    // Off-CPU stacks weigh time blocked; the legend says so.
    expect(svgText(renderDiff(base, head, { time: { ...TIME, blocked: true } }), 'subtitle')).toContain(
      "colour: change of the frame's own blocked time, ms per run",
    );
    // The negated graph (base's widths) follows the same rule.
    const neg = renderDiff(base, head, { normalize: true, negate: true, time: TIME });
    expect(frameNamed(neg, 'f')[0]!.fill).toBe('rgb(255,0,0)');
    expect(frameNamed(neg, 'g')[0]!.fill).toBe('rgb(212,212,212)');
    expect(svgText(neg, 'subtitle')).toMatch(
      /^widths: base's profile \(vanished paths show\); colour: change of the frame's own time, ms per run/,
    );
  });

  it('one colour scale for both graphs of a pair: a function new in head sets it in the negated graph too', () => {
    // Head adds n (+20 ms per run, sure) and f shrinks by ~1 ms (sure). The negated graph (base's
    // widths) has no n frame: f must stay pale there, not become the full-strength largest change.
    const base = ['p;main;f 10\np;main;g 10\n', 'p;main;f 10\np;main;g 10\n', 'p;main;f 10\np;main;g 10\n'].map(stacks);
    const head = [
      'p;main;f 9\np;main;g 10\np;main;n 20\n',
      'p;main;f 9\np;main;g 10\np;main;n 20\n',
      'p;main;f 9\np;main;g 10\np;main;n 20\n',
    ].map(stacks);
    const time = { base: { runs: base, msPerRun: 20 }, head: { runs: head, msPerRun: 39 } };
    const [b, h] = [sumStacks(base), sumStacks(head)];
    const fwd = diffLayout(b, h, { normalize: true, time });
    const neg = diffLayout(b, h, { normalize: true, negate: true, time });
    expect(neg.layout.frames.some((f) => f.name === 'n')).toBe(false);
    expect(neg.scale).toBe(fwd.scale);
    expect(fwd.scale).toBeCloseTo(20, 6);
    const f = (d: typeof fwd): string =>
      diffColor(d.change(d.layout.frames.find((x) => x.name === 'f')!).delta, d.scale, 'excludes-zero');
    expect(f(neg)).toBe(f(fwd));
    expect(saturation(f(neg))).toBeLessThan(0.5);
  });

  it('without two profile runs a side, colours by the ms change and says there is no interval', () => {
    const time = { base: { runs: [BASE_RUNS[0]!], msPerRun: 20 }, head: { runs: [HEAD_RUNS[0]!], msPerRun: 40 } };
    const d = diffLayout(BASE_RUNS[0]!, HEAD_RUNS[0]!, { normalize: true, time });
    expect(d.intervals).toBe(false);
    const f = d.layout.frames.find((x) => x.name === 'f')!;
    expect(d.change(f)).toEqual({ delta: 20, certainty: 'no-interval' });
    expect(d.scale).toBe(20);
    expect(svgText(renderDiff(BASE_RUNS[0]!, HEAD_RUNS[0]!, { normalize: true, time }), 'subtitle')).toMatch(
      /ms per run \(red grew, blue shrank\); no interval available \(fewer than two profile runs a side\)$/,
    );
  });

  it('colours the doubled function red and keeps unchanged frames white without per-run data', () => {
    const svg = renderDiff(BEFORE, AFTER, { normalize: true });
    expect(checkWellFormed(svg)).toBeUndefined();
    const [r, g, b] = rgbOf(frameNamed(svg, 'hot_loop')[0]!.fill);
    expect(r).toBe(255);
    expect(g).toBeLessThan(100);
    expect(b).toBe(g);
    // Widths come from head: hot_loop is half of the graph.
    expect(frameNamed(svg, 'hot_loop')[0]!.samples).toBe(200);
    // The vanished path has no width in head, so it is not in this graph...
    expect(frameNamed(svg, 'old_path')).toHaveLength(0);
    // ...and frames whose own share did not change (main, io) are white.
    expect(frameNamed(svg, 'main')[0]!.fill).toBe('rgb(255,255,255)');
    expect(frameNamed(svg, 'hot_loop')[0]!.title).toMatch(
      /^hot_loop \(200 samples, 50\.00%; base 25\.00%; self \+25\.00 pp\)$/,
    );
    expect(svgText(svg, 'subtitle')).toBe(
      "widths: head's profile; colour: change of the frame's own share of samples (red grew, blue shrank); no interval available (one profile a side)",
    );
    expect(svg).not.toMatch(/before|after/i);
  });

  it('shows vanished paths in the negated graph (widths from base), blue for shrank', () => {
    const svg = renderDiff(BEFORE, AFTER, { normalize: true, negate: true });
    expect(checkWellFormed(svg)).toBeUndefined();
    const old = frameNamed(svg, 'old_path');
    expect(old).toHaveLength(1);
    expect(old[0]!.samples).toBe(100);
    const [r, g, b] = rgbOf(old[0]!.fill);
    expect(b).toBe(255);
    expect(r).toBe(g);
    expect(r).toBeLessThan(100);
    // Red still means "grew in head".
    const hot = rgbOf(frameNamed(svg, 'hot_loop')[0]!.fill);
    expect(hot[0]).toBe(255);
    expect(hot[1]).toBeLessThan(255);
    expect(frameNamed(svg, 'old_path')[0]!.title).toContain('head 0.00%; self -25.00 pp');
    expect(svg).not.toMatch(/before|after/i);
  });

  it('diffColor: hand-computed fills for each certainty', () => {
    // No interval: flamegraph.pl's scale, white → full, channel = round(210 × (1 − |d|/scale)).
    expect(diffColor(1, 1)).toBe('rgb(255,0,0)');
    expect(diffColor(-1, 1)).toBe('rgb(0,0,255)');
    expect(diffColor(0.5, 1)).toBe('rgb(255,105,105)');
    expect(diffColor(0, 1)).toBe('rgb(255,255,255)');
    expect(diffColor(0.001, 0)).toBe('rgb(255,255,255)');
    // Sure: strength 0.2 + 0.8 × |d|/scale, so even a small sure change is plainly tinted.
    expect(diffColor(1, 1, 'excludes-zero')).toBe('rgb(255,0,0)');
    expect(diffColor(0.5, 1, 'excludes-zero')).toBe('rgb(255,84,84)'); // 210 × 0.4 = 84
    expect(diffColor(-0.1, 1, 'excludes-zero')).toBe('rgb(151,151,255)'); // 210 × 0.72 = 151.2
    expect(diffColor(0.001, 1, 'excludes-zero')).toBe('rgb(255,168,168)'); // 210 × 0.7992 = 167.8
    // Unsure: grey 212, tinted by at most 22 toward the hue, even beyond the scale.
    expect(diffColor(2, 1, 'includes-zero')).toBe('rgb(234,212,212)');
    expect(diffColor(-0.5, 1, 'includes-zero')).toBe('rgb(212,212,223)');
    expect(diffColor(0, 1, 'includes-zero')).toBe('rgb(212,212,212)');
    // The line the browser test draws between them.
    expect(saturation(diffColor(0.001, 1, 'excludes-zero'))).toBeGreaterThan(0.3);
    expect(saturation(diffColor(5, 1, 'includes-zero'))).toBeLessThan(0.1);
  });

  it('normalize compares shares, not raw counts, when the totals differ', () => {
    // Head has twice the samples everywhere: nothing changed in shares.
    const before = stacks('a;x 10\na;y 30\n');
    const after = stacks('a;x 20\na;y 60\n');
    const norm = diffLayout(before, after, { normalize: true });
    for (const f of norm.layout.frames) expect(norm.change(f).delta).toBeCloseTo(0, 12);
    expect(norm.scale).toBeCloseTo(0, 12);
    const raw = diffLayout(before, after, {});
    const y = raw.layout.frames.find((f) => f.name === 'y')!;
    expect(raw.change(y).delta).toBeCloseTo(30 / 80, 12);
    // Not truncated to whole samples: 1/3 of a count is kept.
    const thirds = diffLayout(stacks('a;x 2\na;y 1\n'), stacks('a;x 1\na;y 1\n'), { normalize: true });
    const x = thirds.layout.frames.find((f) => f.name === 'x')!;
    expect(thirds.change(x).delta).toBeCloseTo(1 / 2 - 2 / 3, 12);
  });

  it('an empty side is an input error', () => {
    expect(() => renderDiff(new Map(), AFTER)).toThrow(InputError);
    expect(() => renderDiff(new Map(), AFTER)).toThrow('the base profile has no samples');
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
  it('every frame of the head profile is drawn with its head width', () => {
    const svg = renderDiff(BEFORE, AFTER);
    const all = svgFrames(svg)[0]!;
    expect(all.samples).toBe(400);
    expect(all.width).toBe(1180);
  });
});
