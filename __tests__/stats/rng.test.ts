import { createRng, DEFAULT_SEED } from '../../src/stats/rng.js';
import { ref } from './reference.js';

describe('seeded RNG (xoshiro128** seeded by splitmix32)', () => {
  it('matches a port of the reference C implementation', () => {
    const a = createRng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(ref.rng.seed42);
    const b = createRng(0);
    expect(Array.from({ length: 3 }, () => b.next())).toEqual(ref.rng.seed0);
  });

  it('is reproducible from its seed and records it', () => {
    const a = createRng(7);
    const b = createRng(7);
    expect(a.seed).toBe(7);
    expect(Array.from({ length: 100 }, () => a.next())).toEqual(Array.from({ length: 100 }, () => b.next()));
    expect(createRng().seed).toBe(DEFAULT_SEED);
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = createRng(1);
    const b = createRng(2);
    const xs = Array.from({ length: 1000 }, () => a.next());
    const ys = Array.from({ length: 1000 }, () => b.next());
    const mx = xs.reduce((s, v) => s + v, 0) / 1000;
    const my = ys.reduce((s, v) => s + v, 0) / 1000;
    let cov = 0;
    xs.forEach((x, i) => (cov += (x - mx) * ((ys[i] as number) - my)));
    const corr = cov / 1000 / (1 / 12); // both variances are 1/12
    expect(Math.abs(corr)).toBeLessThan(0.1); // SE of a null correlation ≈ 0.032
  });

  it('int(n) is uniform on 0..n-1 (chi-square, 10 cells, 100 000 draws)', () => {
    const rng = createRng(123);
    const counts = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100000; i++) {
      const k = rng.int(10);
      if (k in counts) counts[k] = (counts[k] as number) + 1;
      else outside++;
    }
    expect(outside).toBe(0);
    const chi2 = counts.reduce((s, c) => s + (c - 10000) ** 2 / 10000, 0);
    expect(chi2).toBeLessThan(27.88); // 0.999 quantile of chi-square with 9 df
  });

  it('normal() has mean 0 and variance 1', () => {
    const rng = createRng(99);
    const n = 200000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01); // SE 0.0022
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.015); // SE 0.0032
  });

  it('uniforms() and resampleSum() are the stream of a plain port drawn one number at a time, however chunked', () => {
    // xoshiro128** and splitmix32 written out the textbook way (unsigned state, a function per
    // number), independently of the bulk loop in rng.ts.
    const plain = (seed: number): { next: () => number } => {
      let sm = seed >>> 0;
      const split = (): number => {
        sm = (sm + 0x9e3779b9) >>> 0;
        let z = (sm ^ (sm >>> 16)) >>> 0;
        z = Math.imul(z, 0x21f0aaad) >>> 0;
        z = (z ^ (z >>> 15)) >>> 0;
        z = Math.imul(z, 0x735a2d97) >>> 0;
        return (z ^ (z >>> 15)) >>> 0;
      };
      const s = [split(), split(), split(), split()];
      const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
      const u32 = (): number => {
        const [s0, s1, s2, s3] = s as [number, number, number, number];
        const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
        const t = (s1 << 9) >>> 0;
        const n2 = (s2 ^ s0) >>> 0;
        const n3 = (s3 ^ s1) >>> 0;
        const n1 = (s1 ^ n2) >>> 0;
        const n0 = (s0 ^ n3) >>> 0;
        s[0] = n0;
        s[1] = n1;
        s[2] = (n2 ^ t) >>> 0;
        s[3] = rotl(n3, 11);
        return result;
      };
      return { next: () => ((u32() >>> 5) * 2 ** 26 + (u32() >>> 6)) / 2 ** 53 };
    };
    for (const seed of [0, 42, 0xffffffff, 123456789]) {
      const want = plain(seed);
      const rng = createRng(seed);
      const chunks = createRng((seed ^ 0x55) >>> 0);
      for (let k = 0; k < 300; k++) {
        const how = chunks.int(4);
        if (how === 0) expect(rng.next()).toBe(want.next());
        else if (how === 1) expect(rng.int(365)).toBe(Math.floor(want.next() * 365));
        else if (how === 2) {
          // A resample's total: x[int(n)] n times, added in draw order.
          const x = Array.from({ length: 1 + chunks.int(40) }, () => chunks.normal() * 1e6);
          let sum = 0;
          for (let i = 0; i < x.length; i++) sum += x[Math.floor(want.next() * x.length)] as number;
          expect(rng.resampleSum(x)).toBe(sum);
        } else {
          const out = new Float64Array(chunks.int(40));
          rng.uniforms(out);
          expect(Array.from(out)).toEqual(Array.from(out, () => want.next()));
        }
      }
    }
  });

  it('rejects seeds that are not 32-bit unsigned integers', () => {
    expect(() => createRng(-1)).toThrow(RangeError);
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(2 ** 32)).toThrow(RangeError);
    expect(() => createRng(1).int(0)).toThrow(RangeError);
    expect(() => createRng(1).int(Infinity)).toThrow(RangeError);
    expect(() => createRng(1).int(2.5)).toThrow(RangeError);
  });
});
