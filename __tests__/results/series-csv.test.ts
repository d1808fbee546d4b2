/** The `commit,value` CSV of `history detect --csv`, and every reason to refuse one. */
import { parseSeriesCsv } from '../../src/results/series-csv.js';

it('reads commit,value lines in order, tolerating CRLF, a BOM, blank lines and exponents', () => {
  const text = '\uFEFFcommit,value\r\nabc123,26705\r\n\r\ndef456, 2.6475e4\r\nv1.2.0,-0.5\r\n';
  expect(parseSeriesCsv(text, 's.csv')).toEqual([
    { commit: 'abc123', value: 26705 },
    { commit: 'def456', value: 26475 },
    { commit: 'v1.2.0', value: -0.5 },
  ]);
});

it.each([
  ['', /s\.csv: empty/],
  ['sha,ms\na,1\n', /s\.csv:1: expected the header "commit,value"/],
  ['commit,value\n', /s\.csv: no points/],
  ['commit,value\na,1\nb\n', /s\.csv:3: expected "commit,value", got "b"/],
  ['commit,value\na,1,2\n', /s\.csv:2: expected "commit,value"/],
  ['commit,value\n,1\n', /s\.csv:2: expected "commit,value"/],
  ['commit,value\na,fast\n', /s\.csv:2: value "fast" is not a finite number/],
  ['commit,value\na,1e999\n', /s\.csv:2: value "1e999" is not a finite number/],
  ['commit,value\na,0x10\n', /s\.csv:2: value "0x10"/],
])('refuses %j naming the line', (text, message) => {
  expect(() => parseSeriesCsv(text, 's.csv')).toThrow(message);
});
