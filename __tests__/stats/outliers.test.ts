import { tukeyFences } from '../../src/stats/outliers.js';
import { ref } from './reference.js';

describe('Tukey fences', () => {
  it('quartiles and labels match numpy (linear / R type 7 quartiles)', () => {
    const r = tukeyFences(ref.tukey.values);
    expect(r.q1).toBeCloseTo(ref.tukey.q1, 12);
    expect(r.q3).toBeCloseTo(ref.tukey.q3, 12);
    expect(r.labels).toEqual(ref.tukey.labels);
    expect(r.counts).toEqual({
      none: ref.tukey.labels.filter((l) => l === 'none').length,
      mild: ref.tukey.labels.filter((l) => l === 'mild').length,
      severe: ref.tukey.labels.filter((l) => l === 'severe').length,
    });
  });

  it('by hand: 1..8 plus 20 and 40', () => {
    // sorted 1,2,3,4,5,6,7,8,20,40; type 7: q1 at position 3.25 -> 3.25, q3 at 7.75 -> 7.75
    const r = tukeyFences([40, 1, 2, 3, 4, 5, 6, 7, 8, 20]);
    expect(r.q1).toBe(3.25);
    expect(r.q3).toBe(7.75);
    expect(r.iqr).toBe(4.5);
    expect(r.inner).toEqual([-3.5, 14.5]);
    expect(r.outer).toEqual([-10.25, 21.25]);
    expect(r.labels[0]).toBe('severe'); // 40 > 21.25
    expect(r.labels[9]).toBe('mild'); // 14.5 < 20 <= 21.25
    expect(r.counts).toEqual({ none: 8, mild: 1, severe: 1 });
  });

  it('a value exactly on a fence is not beyond it', () => {
    // 0,0,0,0,1,1,1,1: q1 = 0, q3 = 1, inner upper fence 2.5
    const r = tukeyFences([0, 0, 0, 0, 1, 1, 1, 1, 2.5]);
    expect(r.labels[8]).toBe('none');
  });

  it('constant data has no outliers; bad input throws', () => {
    expect(tukeyFences([5, 5, 5]).counts).toEqual({ none: 3, mild: 0, severe: 0 });
    expect(() => tukeyFences([])).toThrow(RangeError);
    expect(() => tukeyFences([1, NaN])).toThrow(RangeError);
  });
});
