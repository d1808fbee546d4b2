/** --shard i/n: parsing, and the deterministic, balanced LPT split. */
import { assignShards, expectedCosts, parseShard, shardBenchmarks } from '../../src/suite/shard.js';

const b = (name: string, iterations = 30, warmup = 3): { name: string; iterations: number; warmup: number } => ({
  name,
  iterations,
  warmup,
});

describe('parseShard', () => {
  it('accepts i/n', () => {
    expect(parseShard('1/2')).toEqual({ index: 1, count: 2 });
    expect(parseShard(' 3 / 3 ')).toEqual({ index: 3, count: 3 });
  });
  it.each([
    [
      '3/2',
      '--shard "3/2": shard 3 does not exist when there are 2; expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/2',
    ],
    ['x', '--shard "x": expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/2'],
    ['0/2', '--shard "0/2": shards are numbered from 1; expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/2'],
    ['1/0', '--shard "1/0": shard count must be at least 1; expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/2'],
    ['1.5/2', '--shard "1.5/2": expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/2'],
    ['', '--shard "": expected i/n with whole numbers 1 ≤ i ≤ n, e.g. 1/2'],
  ])('rejects %j', (value, message) => {
    expect(() => parseShard(value)).toThrow(message);
  });
});

describe('shardBenchmarks', () => {
  const suite = [
    'cache/sequential',
    'cache/random',
    'false-sharing/adjacent',
    'false-sharing/padded',
    'branch/sorted',
    'branch/shuffled',
    'tlb/line-stride',
    'tlb/page-stride',
  ].map((n) => b(n));

  it('equal costs: shards of equal size, every benchmark exactly once, suite order kept', () => {
    for (const n of [1, 2, 3, 5, 8, 10]) {
      const shards = Array.from({ length: n }, (_, i) => shardBenchmarks(suite, i + 1, n));
      const names = shards.flat().map((x) => x.name);
      expect(names.slice().sort()).toEqual(suite.map((x) => x.name).sort());
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      for (const s of shards) expect(s).toEqual(suite.filter((x) => s.includes(x)));
    }
  });

  it('is deterministic and independent of input order for the assignment', () => {
    const a = assignShards(suite, 3);
    const reversed = assignShards([...suite].reverse(), 3);
    expect(reversed).toEqual(a);
  });

  it('ties are broken by name: a, c on shard 1; b, d on shard 2', () => {
    const x = [b('d'), b('c'), b('b'), b('a')];
    expect(shardBenchmarks(x, 1, 2).map((y) => y.name)).toEqual(['c', 'a']);
    expect(shardBenchmarks(x, 2, 2).map((y) => y.name)).toEqual(['d', 'b']);
  });

  it('longest first onto the least-loaded shard: costs 7 5 4 3 3 2 balance to 12 and 12', () => {
    const x = [b('p', 7, 0), b('q', 5, 0), b('r', 4, 0), b('s', 3, 0), b('t', 3, 0), b('u', 2, 0)];
    const cost = expectedCosts(x);
    const load = (i: number): number => shardBenchmarks(x, i, 2).reduce((n, y) => n + (cost.get(y.name) ?? 0), 0);
    expect([load(1), load(2)]).toEqual([12, 12]);
  });

  it('uses per-run times when known; unknown ones get the median', () => {
    const x = [b('slow', 10, 0), b('fast1', 10, 0), b('fast2', 10, 0), b('new', 10, 0)];
    const times = new Map([
      ['slow', 300],
      ['fast1', 100],
      ['fast2', 100],
    ]);
    expect(expectedCosts(x, times)).toEqual(
      new Map([
        ['slow', 3000],
        ['fast1', 1000],
        ['fast2', 1000],
        ['new', 1000],
      ]),
    );
    expect(shardBenchmarks(x, 1, 2, times).map((y) => y.name)).toEqual(['slow']);
    expect(shardBenchmarks(x, 2, 2, times).map((y) => y.name)).toEqual(['fast1', 'fast2', 'new']);
  });

  it('more shards than benchmarks leaves some empty', () => {
    expect(shardBenchmarks([b('only')], 2, 2)).toEqual([]);
  });
});
