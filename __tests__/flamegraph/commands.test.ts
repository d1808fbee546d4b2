/**
 * The collapse, flamegraph and diff commands driven with in-memory io, as the CLI would call
 * them (errors are thrown as InputError; the dispatcher turns them into exit code 2).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { collapse } from '../../src/commands/collapse.js';
import { diff } from '../../src/commands/diff.js';
import { flamegraph } from '../../src/commands/flamegraph.js';
import type { CommandIO } from '../../src/commands/command-io.js';
import { InputError } from '../../src/errors.js';
import { frameNamed, rgbOf, svgText } from './svg-frames.js';
import { checkWellFormed } from './xml-wellformed.js';
import { fixturesDir } from '../helpers/paths.js';

const fixtures = path.join(fixturesDir, 'profile');
const work = mkdtempSync(path.join(tmpdir(), 'perfgate-fg-'));

interface FakeIO extends CommandIO {
  out: () => string;
  err: () => string;
}

function fakeIO(stdin: string | Buffer = ''): FakeIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    stdin: Readable.from(stdin.length > 0 ? [Buffer.from(stdin)] : []),
    cwd: work,
    env: {},
    isTTY: false,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('perfgate collapse', () => {
  it('prints stackcollapse-perf.pl output for a file', async () => {
    const io = fakeIO();
    const input = path.join(fixtures, 'fp.perf');
    expect(await collapse(['--tid', input], io)).toBe(0);
    const expected = readFileSync(path.join(fixtures, 'expected', 'fp-tid.folded'), 'utf8');
    expect(io.out()).toBe(expected);
  });

  it('reads standard input for "-" and for no file', async () => {
    const text = readFileSync(path.join(fixtures, 'dwarf.perf'));
    const expected = readFileSync(path.join(fixtures, 'expected', 'dwarf-kernel.folded'), 'utf8');
    const io1 = fakeIO(text);
    expect(await collapse(['--kernel', '-'], io1)).toBe(0);
    expect(io1.out()).toBe(expected);
    const io2 = fakeIO(text);
    expect(await collapse(['--kernel'], io2)).toBe(0);
    expect(io2.out()).toBe(expected);
  });

  it('warns about unrecognised lines with file and line number', async () => {
    const file = path.join(work, 'odd.perf');
    writeFileSync(file, 'ab 1 1.0: cycles:\n\t1 f (/x)\n??? what\n\n');
    const io = fakeIO();
    expect(await collapse(['odd.perf'], io)).toBe(0);
    expect(io.out()).toBe('ab;f 1\n');
    expect(io.err()).toBe('perfgate collapse: odd.perf:3: unrecognized line: "??? what"\n');
  });

  it('empty input, no samples, binary input and a missing file are input errors', async () => {
    await expect(collapse([], fakeIO(''))).rejects.toThrow('<stdin>: empty input');
    await expect(collapse([], fakeIO('just some text\n'))).rejects.toThrow(/no samples found in 1 lines/);
    await expect(
      collapse([], fakeIO(Buffer.from([0x50, 0x45, 0x52, 0x46, 0x49, 0x4c, 0x45, 0x32, 0, 0]))),
    ).rejects.toThrow(/perf\.data file/);
    await expect(collapse(['nope.txt'], fakeIO())).rejects.toThrow('nope.txt: cannot read: no such file');
    await expect(collapse(['a', 'b'], fakeIO())).rejects.toThrow(InputError);
    await expect(collapse(['--event-filter', 'bogus', path.join(fixtures, 'dwarf.perf')], fakeIO())).rejects.toThrow(
      /matched none|no samples/,
    );
  });

  it('rejects unknown options through parseArgs (the dispatcher maps them to exit 2)', async () => {
    await expect(collapse(['--bogus'], fakeIO())).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
  });

  it('prints help', async () => {
    const io = fakeIO();
    expect(await collapse(['--help'], io)).toBe(0);
    expect(io.out()).toContain('usage: perfgate collapse');
  });
});

describe('perfgate flamegraph', () => {
  const folded = 'main;a;b 10\nmain;a;c 30\nmain;d 60\n';

  it('renders an SVG to stdout with the given options', async () => {
    const io = fakeIO(folded);
    expect(await flamegraph(['--title', 'T & T', '--width', '800', '--colors', 'java', '--inverted', '-'], io)).toBe(0);
    const svg = io.out();
    expect(checkWellFormed(svg)).toBeUndefined();
    expect(svg).toContain('>T &amp; T</text>');
    expect(svg).toMatch(/<svg [^>]*width="800"/);
    expect(svg).toContain('"inverted":true');
  });

  it('writes --out FILE and accepts --minwidth in pixels or percent', async () => {
    writeFileSync(path.join(work, 'p.folded'), 'main;big 1000\nmain;tiny 1\n');
    const io = fakeIO();
    expect(await flamegraph(['--minwidth', '0.5%', '--out', 'p.svg', 'p.folded'], io)).toBe(0);
    expect(io.out()).toBe('');
    const svg = readFileSync(path.join(work, 'p.svg'), 'utf8');
    expect(frameNamed(svg, 'tiny')).toHaveLength(0);
    expect(frameNamed(svg, 'big')).toHaveLength(1);
  });

  it('warns about lines without counts and fails on empty input or bad flags', async () => {
    const io = fakeIO('main;a 1\nmain;b\n');
    expect(await flamegraph([], io)).toBe(0);
    expect(io.err()).toContain('<stdin>:2: line without a sample count');
    await expect(flamegraph([], fakeIO(''))).rejects.toThrow('<stdin>: empty');
    await expect(flamegraph(['--colors', 'pink'], fakeIO(folded))).rejects.toThrow(
      /--colors "pink": expected one of hot, mem/,
    );
    await expect(flamegraph(['--width', 'wide'], fakeIO(folded))).rejects.toThrow(
      '--width "wide": expected a positive whole number',
    );
    await expect(flamegraph(['--minwidth', 'x'], fakeIO(folded))).rejects.toThrow(InputError);
  });
});

describe('perfgate diff', () => {
  const before = 'app;main;hot_loop 100\napp;main;parse 100\napp;main;old_path 100\n';
  const after = 'app;main;hot_loop 200\napp;main;parse 100\n';
  writeFileSync(path.join(work, 'before.folded'), before);
  writeFileSync(path.join(work, 'after.folded'), after);

  it('renders the differential SVG, red for the doubled function', async () => {
    const io = fakeIO();
    expect(await diff(['before.folded', 'after.folded', '--normalize'], io)).toBe(0);
    const svg = io.out();
    expect(checkWellFormed(svg)).toBeUndefined();
    expect(rgbOf(frameNamed(svg, 'hot_loop')[0]!.fill)[0]).toBe(255);
    expect(frameNamed(svg, 'old_path')).toHaveLength(0);
    // Two folded files: no per-run profiles, so no interval, and the legend says so.
    expect(svgText(svg, 'subtitle')).toMatch(/own share of samples .*; no interval available \(one profile a side\)$/);
  });

  it('--negate shows the vanished path', async () => {
    const io = fakeIO();
    expect(await diff(['before.folded', 'after.folded', '--negate', '--normalize'], io)).toBe(0);
    const old = frameNamed(io.out(), 'old_path');
    expect(old).toHaveLength(1);
    expect(rgbOf(old[0]!.fill)[2]).toBe(255);
  });

  it('--top N prints the table, both changed functions first; --out also writes the SVG', async () => {
    const io = fakeIO();
    expect(await diff(['before.folded', 'after.folded', '--top', '2', '--out', 'd.svg'], io)).toBe(0);
    const rows = io
      .out()
      .trim()
      .split('\n')
      .slice(2)
      .map((l) => l.split('|')[1]!.trim());
    expect(rows.sort()).toEqual(['`hot_loop`', '`old_path`']);
    expect(checkWellFormed(readFileSync(path.join(work, 'd.svg'), 'utf8'))).toBeUndefined();
  });

  it('needs exactly two inputs with samples', async () => {
    await expect(diff(['before.folded'], fakeIO())).rejects.toThrow('expected BASE.folded and HEAD.folded');
    writeFileSync(path.join(work, 'empty.folded'), '');
    await expect(diff(['before.folded', 'empty.folded'], fakeIO())).rejects.toThrow('empty.folded: empty');
    await expect(diff(['before.folded', 'after.folded', '--top', '0'], fakeIO())).rejects.toThrow('--top "0"');
    await expect(diff(['-', '-'], fakeIO())).rejects.toThrow(InputError);
  });
});
