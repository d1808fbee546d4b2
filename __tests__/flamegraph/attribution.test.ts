import { parseFolded } from '../../src/flamegraph/folded.js';
import {
  attributeFrames,
  foldUnresolved,
  summarizeUnwind,
  sumStacks,
  unwindWarnings,
} from '../../src/flamegraph/attribution.js';
import { isUnresolvedFrame, unwindQuality } from '../../src/profile/unwind.js';

const stacks = (text: string): Map<string, number> => parseFolded(text).stacks;
const run = (f: number, g: number, main: number): Map<string, number> =>
  stacks(`p;main;f ${f}\np;main;g ${g}\np;main ${main}`);

// Three profile runs of 20 samples per side. Base: f's share 0.6, 0.5, 0.7 of 50 ms per run;
// head: 0.75, 0.7, 0.8 of 80 ms per run. Worked by hand:
//   base sums f 36, g 18, main 6 of 60 → f 36/60·50 = 30 ms, g 15 ms, main 5 ms, main total 50 ms
//   head sums f 45, g 12, main 3 of 60 → f 45/60·80 = 60 ms, g 16 ms, main 4 ms, main total 80 ms
//   per-run f: base 30, 25, 35; head 60, 56, 64; the nine differences head−base sorted are
//   21 25 26 29 30 31 34 35 39: Hodges–Lehmann 30, and with 3 vs 3 runs the exact Moses
//   interval is the extreme pair [21, 39] at the achievable level 1 − 2·P(U = 0) = 1 − 2/20 = 0.9
//   (P(U = 0) = 1/C(6,3); no narrower pair reaches 95%).
const baseRuns = [run(12, 6, 2), run(10, 8, 2), run(14, 4, 2)];
const headRuns = [run(15, 4, 1), run(14, 5, 1), run(16, 3, 1)];
const base = { stacks: sumStacks(baseRuns), runs: baseRuns, msPerRun: 50 };
const head = { stacks: sumStacks(headRuns), runs: headRuns, msPerRun: 80 };

describe('absolute attribution', () => {
  const top = attributeFrames(base, head);

  it('gives self and total ms per measured run on both sides', () => {
    const f = top.find((r) => r.frame === 'f')!;
    expect(f.selfMs.base).toBeCloseTo(30, 10);
    expect(f.selfMs.head).toBeCloseTo(60, 10);
    expect(f.totalMs).toEqual(f.selfMs);
    expect(f.change.self).toBeCloseTo(30, 10);
    const main = top.find((r) => r.frame === 'main')!;
    expect(main.selfMs.base).toBeCloseTo(5, 10);
    expect(main.selfMs.head).toBeCloseTo(4, 10);
    expect(main.totalMs.base).toBeCloseTo(50, 10);
    expect(main.totalMs.head).toBeCloseTo(80, 10);
    expect(main.change.total).toBeCloseTo(30, 10);
    // The share columns stay: f is 60% of base and 75% of head.
    expect(f.selfBefore).toBeCloseTo(60, 10);
    expect(f.selfAfter).toBeCloseTo(75, 10);
    expect(f.samples).toEqual({ selfBefore: 36, selfAfter: 45, totalBefore: 36, totalAfter: 45 });
  });

  it('ranks by |self change|, then |total change|, then name', () => {
    // f +30; g +1 and main −1 tie on |self|, main's total moved 30 ms, g's 1; p only has total.
    expect(top.map((r) => r.frame)).toEqual(['f', 'main', 'g', 'p']);
    expect(attributeFrames(base, head, { top: 2 }).map((r) => r.frame)).toEqual(['f', 'main']);
  });

  it('gives the Hodges–Lehmann interval of the self change from per-run counts', () => {
    const f = top.find((r) => r.frame === 'f')!;
    expect(f.change.selfCi).toEqual([21, 39]);
    expect(f.change.confLevel).toBeCloseTo(0.9, 12);
    // g per run: base 15, 20, 10; head 16, 20, 12 ms: differences −4 … +10 straddle 0.
    const g = top.find((r) => r.frame === 'g')!;
    expect(g.change.selfCi![0]).toBeLessThan(0);
    expect(g.change.selfCi![1]).toBeGreaterThan(0);
  });

  it('gives no interval with fewer than two runs on a side', () => {
    const one = attributeFrames({ ...base, runs: [baseRuns[0]!] }, head);
    expect(one[0]!.change.selfCi).toBeUndefined();
    expect(attributeFrames({ ...base, runs: [] }, head)[0]!.change.selfCi).toBeUndefined();
  });

  it('sees a uniform slowdown that shares hide', () => {
    // Every frame 1.5× slower: shares identical, ms all grow by half.
    const same = attributeFrames(base, { ...base, msPerRun: 75 });
    expect(same.every((r) => r.selfDelta === 0)).toBe(true);
    expect(same[0]!.frame).toBe('f');
    expect(same[0]!.change.self).toBeCloseTo(15, 10);
  });
});

describe('ranking: frames whose interval excludes zero first', () => {
  // Five profile runs of 100 samples at 100 ms per run (a sample is 1 ms). `slowed` gains
  // 2–3 ms in every head run; `noise` swings between 10 and 40 ms on both sides and its sums
  // differ by more (+7 ms per run), but its per-run interval includes zero. A Go library's
  // slowed `(*node).get` came 6th behind such frames (issue 21).
  const side = (
    slowed: number[],
    noise: number[],
  ): { stacks: Map<string, number>; runs: Map<string, number>[]; msPerRun: number } => {
    const runs = slowed.map((s, i) =>
      stacks(`p;main;slowed ${s}\np;main;noise ${noise[i]!}\np;main;other ${100 - s - noise[i]!}`),
    );
    return { stacks: sumStacks(runs), runs, msPerRun: 100 };
  };
  const before = side([10, 10, 10, 10, 10], [10, 40, 10, 40, 10]);
  const after = side([12, 12, 13, 12, 12], [40, 10, 40, 10, 45]);

  it('puts the sure, smaller change above the larger one that may be noise', () => {
    const top = attributeFrames(before, after);
    const noise = top.find((f) => f.frame === 'noise')!;
    const slowed = top.find((f) => f.frame === 'slowed')!;
    expect(Math.abs(noise.change.self)).toBeGreaterThan(Math.abs(slowed.change.self));
    expect(noise.change.selfCi![0]).toBeLessThan(0);
    expect(noise.change.selfCi![1]).toBeGreaterThan(0);
    expect(slowed.change.selfCi![0]).toBeGreaterThan(0);
    expect(top[0]!.frame).toBe('slowed');
    // Without per-run files there are no intervals, and the size alone ranks.
    const summed = attributeFrames({ ...before, runs: [] }, { ...after, runs: [] });
    expect(summed.findIndex((f) => f.frame === 'noise')).toBeLessThan(summed.findIndex((f) => f.frame === 'slowed'));
  });
});

describe('unwind quality', () => {
  // A frame-pointer profile of code built without frame pointers: the same leaf under
  // [unknown], under a module-only frame, alone, and (rarely) properly.
  const broken = stacks(
    ['p;[unknown];f 30', 'p;f 20', 'p;_start;main;f 40', 'p;[libc.so.6];main;g 5', 'p;_start;main;[unknown] 5'].join(
      '\n',
    ),
  );

  it('counts unresolved callers and single-frame stacks, not an unresolved leaf', () => {
    const q = unwindQuality(broken, 'fp');
    expect(q).toEqual({ samples: 100, unknownShare: 0.35, singleFrameShare: 0.2, mode: 'fp' });
    expect(unwindQuality(stacks('p;_start;main;f 10\np;_start;main 5'))).toEqual({
      samples: 15,
      unknownShare: 0,
      singleFrameShare: 0,
    });
    // A sample with no frames at all has no callers either.
    expect(unwindQuality(stacks('p 4\np;main;f 4')).singleFrameShare).toBe(0.5);
  });

  it('recognises stackcollapse names of unresolved frames', () => {
    expect(['[unknown]', '[libc.so.6]', '[prog]', '[vdso]'].every(isUnresolvedFrame)).toBe(true);
    expect(['main', 'f[abi:cxx11]', '[', 'operator[]'].some(isUnresolvedFrame)).toBe(false);
  });

  it('folds unresolved callers out so both sides align, keeping the leaf', () => {
    expect(foldUnresolved(broken)).toEqual(
      new Map([
        ['p;f', 50],
        ['p;_start;main;f', 40],
        ['p;main;g', 5],
        ['p;_start;main;[unknown]', 5],
      ]),
    );
  });

  it('calls stacks broken above 10% and says what to change once per mode', () => {
    const good = unwindQuality(stacks('p;_start;main;f 95\np;f 5'), 'fp');
    const ok = summarizeUnwind(good, good, 'fp');
    expect(ok.broken).toBe(false);
    expect(ok.advice).toBeUndefined();
    const bad = summarizeUnwind(good, unwindQuality(broken, 'fp'), 'fp');
    expect(bad).toMatchObject({ broken: true, foldedUnknown: true, mode: 'fp' });
    expect(bad.advice).toMatch(/^5% of base and 55% of head samples have unresolved or missing callers\. /);
    expect(bad.advice).toMatch(/-fno-omit-frame-pointer/);
    expect(bad.advice).toMatch(/call-graph: dwarf/);
    const warnings = unwindWarnings([
      { name: 'a', unwind: bad },
      { name: 'b', unwind: bad },
      { name: 'c', unwind: ok },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^2 benchmarks \(a, b\): stacks unwound with fp are broken, so frames are ranked by self time/,
    );
  });

  it('warns when the two sides were unwound differently', () => {
    const good = unwindQuality(stacks('p;_start;main;f 1'));
    const s = summarizeUnwind({ ...good, mode: 'fp' }, { ...good, mode: 'dwarf' }, 'dwarf');
    expect(s.broken).toBe(false);
    expect(unwindWarnings([{ name: 'x', unwind: s }])).toEqual([
      'x: base was unwound with fp and head with dwarf: self times compare, totals may not.',
    ]);
  });
});
