/**
 * `perfgate history detect --csv FILE`: one series as CSV with the header `commit,value`, one
 * point per line, oldest first, e.g.
 *   commit,value
 *   9fceb02d0ae598e95dc970b74767f19372d61af8,26705
 * Blank lines are skipped; anything else that is not `commit,number` is an error naming the
 * file, the line and what was expected (nothing is guessed from a malformed series).
 */
import { InputError } from '../errors.js';

export interface SeriesPoint {
  commit: string;
  value: number;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseSeriesCsv(text: string, file: string): SeriesPoint[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new InputError(`${file}: empty; expected the header "commit,value" and one line per point`);
  const header = (lines[first] as string).split(',').map((c) => c.trim().toLowerCase());
  if (header.length !== 2 || header[0] !== 'commit' || header[1] !== 'value') {
    throw new InputError(
      `${file}:${first + 1}: expected the header "commit,value", got ${JSON.stringify(lines[first])}`,
    );
  }
  const points: SeriesPoint[] = [];
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    const [commit, value] = cells;
    if (cells.length !== 2 || !commit)
      throw new InputError(`${file}:${i + 1}: expected "commit,value", got ${JSON.stringify(line)}`);
    if (!NUMBER.test(value as string) || !Number.isFinite(Number(value)))
      throw new InputError(`${file}:${i + 1}: value ${JSON.stringify(value)} is not a finite number`);
    points.push({ commit, value: Number(value) });
  }
  if (points.length === 0) throw new InputError(`${file}: no points after the header`);
  return points;
}
