/**
 * How measured values are written in the tables. The ns figures are medians a real go-test run of
 * xxhash's BenchmarkDigestBytes reported (11.4 ns/op at 4 B, 0.689 ms/op at 10 MB), which used to
 * read `0.0000114 ms`.
 */
import { formatCi, formatPercent, formatThreshold, formatValue } from '../../src/results/format.js';

it.each([
  [11.38, 'ns', '11.380', 'ns'],
  [288.5, 'ns', '288.5', 'ns'],
  [2_854.2, 'ns', '2.854', 'µs'],
  [688_528, 'ns', '688.5', 'µs'],
  [30_724_000, 'ns', '30.724', 'ms'],
  [1_500_250_000, 'ns', '1,500.3', 'ms'],
  [145.0, 'ms', '145.0', 'ms'],
  [4_177, 'count', '4,177', 'count'],
  [4_185.5, 'count', '4,185.5', 'count'],
  [58.5, 'count', '58.500', 'count'],
  [98, 'count', '98', 'count'],
  [0, 'count', '0', 'count'],
  [0.0123, 'ms', '0.0123', 'ms'],
])('%d %s reads %s %s', (value, unit, text, shown) => {
  expect(formatValue(value, unit)).toEqual({ text, unit: shown });
});

it('puts a value in the unit of the scale it is given, so a column or a base/head pair shares one unit', () => {
  expect(formatValue(1_010, 'ns', 990)).toEqual({ text: '1,010', unit: 'ns' });
  expect(formatValue(990, 'ns', 1_010)).toEqual({ text: '0.990', unit: 'µs' });
  expect(formatValue(Number.NaN, 'ns')).toEqual({ text: '-', unit: 'ns' });
});

it('θ is written one way in every table: ±, up to two decimals, and a dash where there is none', () => {
  expect([0.02, 0.005, 0.0025, 0.125].map((t) => formatThreshold(t))).toEqual(['±2%', '±0.5%', '±0.25%', '±12.5%']);
  expect(formatThreshold(null)).toBe('–');
  expect(formatThreshold(null, '-')).toBe('-');
});

it('a change that rounds to zero reads as zero with the same decimals, never an exponent (issue 20)', () => {
  // The two interval ends issue 20 quotes, and a real small count change.
  expect([-3.7e-17, 2.3e-17, 0, -0.00004, 0.0034, 0.000012, -0.125].map(formatPercent)).toEqual([
    '0.00%',
    '0.00%',
    '0.00%',
    '-0.0040%',
    '+0.34%',
    '+0.0012%',
    '-12.5%',
  ]);
  expect(formatCi([-0.0067, 2.3e-17])).toBe('[-0.67%, 0.00%]');
  expect(formatValue(3e-16, 'count').text).toBe('0.000');
});
