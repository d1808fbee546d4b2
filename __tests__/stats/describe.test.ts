import { describe as summarize } from '../../src/stats/describe.js';
import { ref } from './reference.js';

describe('describe', () => {
  it('matches numpy (mean, sample sd with ddof = 1, median)', () => {
    const s = summarize(ref.describe.values);
    expect(s.n).toBe(ref.describe.values.length);
    expect(s.mean).toBeCloseTo(ref.describe.mean, 12);
    expect(s.sd).toBeCloseTo(ref.describe.sd, 12);
    expect(s.median).toBeCloseTo(ref.describe.median, 12);
    expect(s.min).toBe(9.1);
    expect(s.max).toBe(15.8);
    expect(s.cv).toBeCloseTo(ref.describe.sd / ref.describe.mean, 12);
  });

  it('by hand: 2, 4, 4, 4, 5, 5, 7, 9', () => {
    // mean 5; squared deviations sum 32; sample variance 32/7
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.median).toBe(4.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(s.cv).toBeCloseTo(Math.sqrt(32 / 7) / 5, 14);
  });

  it('one value: sd and cv are undefined (NaN), the rest is that value', () => {
    const s = summarize([3]);
    expect(s).toMatchObject({ n: 1, min: 3, max: 3, mean: 3, median: 3 });
    expect(s.sd).toBeNaN();
    expect(s.cv).toBeNaN();
  });

  it('rejects empty input and NaN', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, NaN])).toThrow(RangeError);
  });
});
