/**
 * Section 5 of the investigation report names the suspected frame and "also" suspects. The frame
 * times are those of a real `perfgate ab` of lz4 (level-2 compression made ~16% slower inside
 * LZ4MID_compress): next to the culprit, kernel frames moved by a few tenths of a ms with
 * intervals that include zero, and were listed as "Also:" causes. A further case puts a wide,
 * noisy frame (as time moves between frames in a fixed-time harness) ahead on its point change.
 */
import { compareDocs } from '../../src/compare/compare-docs.js';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { renderInvestigation } from '../../src/report/investigation-render.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { resultsDoc } from '../helpers/comparison.js';

function results(side: 'base' | 'head', ms: number[]): ResultsDoc {
  return resultsDoc(
    [
      {
        name: 'compress/l2',
        status: 'ok',
        backend: 'perf',
        threshold: { 'task-clock': 0.02 },
        metrics: { 'task-clock': { unit: 'ms', samples: ms } },
      },
    ],
    { git: { sha: side, ref: side } },
  );
}

type Frame = [name: string, selfBase: number, selfHead: number, ci: [number, number]];

function regressed(frames: Frame[], factor = 1.157): ComparisonDoc {
  const base = Array.from({ length: 12 }, (_, i) => 145 + (i % 4) * 0.3);
  const doc = compareDocs(
    results('base', base),
    results(
      'head',
      base.map((x, i) => x * factor + (i % 3) * 0.2),
    ),
    { design: 'paired' },
  );
  const top = frames.map(([frame, b, h, selfCi]) => ({
    frame,
    selfBefore: (b / 145) * 100,
    selfAfter: (h / 167.7) * 100,
    selfDelta: (h / 167.7 - b / 145) * 100,
    totalBefore: (b / 145) * 100,
    totalAfter: (h / 167.7) * 100,
    totalDelta: (h / 167.7 - b / 145) * 100,
    samples: {
      selfBefore: Math.round(b * 1e6),
      selfAfter: Math.round(h * 1e6),
      totalBefore: Math.round(b * 1e6),
      totalAfter: Math.round(h * 1e6),
    },
    selfMs: { base: b, head: h },
    totalMs: { base: b, head: h },
    change: { self: h - b, total: h - b, selfCi, confLevel: 0.95 },
  }));
  const unwind = {
    base: { samples: 1, unknownShare: 0, singleFrameShare: 0 },
    head: { samples: 1, unknownShare: 0, singleFrameShare: 0 },
    broken: false,
    mode: 'dwarf' as const,
    foldedUnknown: false,
  };
  return {
    ...doc,
    explanations: {
      'compress/l2': {
        diff: 'd.svg',
        negated: 'n.svg',
        profileRuns: { base: 5, head: 5 },
        basis: { metric: 'task-clock', msPerRun: { base: 145, head: 167.7 } },
        unwind,
        top,
      },
    },
  };
}

const hypothesis = (doc: ComparisonDoc): string => {
  const md = renderInvestigation([{ doc, label: 'comparison.json', graphs: {} }], { format: 'technical' });
  return md.slice(md.indexOf('5\\. Root-cause hypothesis'), md.indexOf('6\\. Fix validation'));
};

it('lists as further suspects only frames whose own interval excludes zero', () => {
  const text = hypothesis(
    regressed([
      ['LZ4MID_compress', 119.95, 144.83, [21.1, 28.22]],
      ['exc_page_fault', 2.26, 1.22, [-2.55, 0.31]],
      ['_copy_to_iter', 3.15, 3.59, [-0.84, 1.3]],
      ['LZ4_XXH32_update', 10.19, 10.39, [-0.47, 0.64]],
      ['LZ4HC_compress_generic', 4.1, 5.3, [0.6, 1.9]],
    ]),
  );
  expect(text).toContain('is most likely in `LZ4MID_compress` self time 120.0 → 144.8 ms per run');
  expect(text).toContain('Also: `LZ4HC_compress_generic`');
  expect(text).not.toContain('_copy_to_iter');
  expect(text).not.toContain('LZ4_XXH32_update');
});

it('prefers a frame whose change is sure over a larger one whose interval includes zero', () => {
  const text = hypothesis(
    regressed([
      ['BenchmarkSteady', 143.9, 174.9, [-93.7, 107.3]],
      ['slower', 0, 26.9, [25.6, 28.3]],
    ]),
  );
  expect(text).toContain('is most likely in `slower`');
  expect(text).toContain('The interval of that change excludes zero.');
  expect(text).not.toContain('Also:');
});

it('calls an improvement tentative when the interval of its frame reaches above zero', () => {
  const text = hypothesis(regressed([['memmove', 12.1, 7.1, [-5, 3]]], 0.9));
  expect(text).toContain('the improvement');
  expect(text).toContain('is most likely in `memmove`');
  expect(text).toContain('The interval of that change includes zero: treat the attribution as tentative.');
});
