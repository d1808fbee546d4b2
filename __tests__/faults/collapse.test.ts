/**
 * collapse and the folded parser under odd input: lines collapse does not recognise (random
 * text, address-only frames) in one big chunk, a directory for a file, counts beyond 2^53, and
 * progress on big inputs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/commands/dispatch.js';
import { InputError } from '../../src/errors.js';
import { parseFolded } from '../../src/flamegraph/folded.js';
import { collapsePerfScriptText, MAX_WARNINGS } from '../../src/profile/collapse.js';
import { withByteProgress } from '../../src/report/byte-progress.js';
import { memIO } from './memio.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-collapse-'));

describe('collapse on lines it does not recognise', () => {
  // One 8 MB chunk: before the fix every line searched back for " (" through the whole chunk
  // (quadratic: 3 MB took 92 s); now each line costs its own length. The jest timeout catches
  // the regression; the throughput itself is printed by `npm run bench:flamegraph`.
  it('collapses 8 MB of address-only frames and random text in one chunk', () => {
    const lines: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < 8e6; i++) {
      const line =
        i % 50 === 0
          ? `app 1000/1000 [001] ${i}.000001: cpu-clock:`
          : i % 2 === 0
            ? `\t    7f3a9c${(i % 0xffffff).toString(16).padStart(6, '0')}`
            : `\tnot a frame ${i} at all`;
      lines.push(line);
      bytes += line.length + 1;
    }
    const r = collapsePerfScriptText(`${lines.join('\n')}\n`);
    expect(r.lines).toBe(lines.length);
    // Every frame line was unrecognised (no "(module)"); headers start samples with no frames.
    const frameLines = lines.filter((l) => l.startsWith('\t')).length;
    expect(r.warningCount).toBe(frameLines);
    expect(r.warnings).toHaveLength(MAX_WARNINGS);
    expect(r.warnings.slice(0, 2)).toEqual([
      { line: 2, message: 'unrecognized line: "\\tnot a frame 1 at all"' },
      { line: 3, message: 'unrecognized line: "\\t    7f3a9c000002"' },
    ]);
  }, 60_000);
});

describe('perfgate collapse input errors', () => {
  it('a directory is an input error (exit 2) naming it, not an internal error', async () => {
    const io = memIO(work);
    expect(await main(['collapse', work], io)).toBe(2);
    expect(io.err()).toBe(`perfgate collapse: ${work}: cannot read: is a directory\n`);
  });

  it('flamegraph and diff refuse a directory the same way', async () => {
    const io = memIO(work);
    expect(await main(['flamegraph', work], io)).toBe(2);
    expect(io.err()).toContain(`${work}: cannot read: is a directory`);
  });
});

describe('counts beyond 2^53', () => {
  it('a folded count above 2^53 - 1 is refused with file:line, not rounded', () => {
    expect(() => parseFolded('a;b 1\na;c 9007199254740993\n', { source: 'x.folded' })).toThrow(
      new InputError(
        'x.folded:2: sample count 9007199254740992 exceeds 2^53 - 1 (9007199254740991), beyond which counts lose precision',
      ),
    );
  });

  it('a sum above 2^53 - 1 is refused on the line that crosses it', () => {
    expect(() => parseFolded('a 9007199254740990\nb 1\nc 1\n', { source: 'x.folded' })).toThrow(
      /^x\.folded:3: total sample count 9007199254740992 exceeds/,
    );
    // Exactly 2^53 - 1 is still exact and accepted.
    expect(parseFolded('a 9007199254740990\nb 1\n').total).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('collapse refuses a perf period above 2^53 - 1, naming the line', () => {
    const text = 'app 1 [001] 1.000001: 99999999999999999 cycles:\n\t 400500 main (/app)\n\n';
    expect(() => collapsePerfScriptText(text)).toThrow(/^line 1: period 99999999999999999 exceeds 2\^53 - 1/);
  });

  it('collapse refuses periods of one stack that add up past 2^53 - 1', () => {
    const sample = (p: string): string => `app 1 [001] 1.000001: ${p} cycles:\n\t 400500 main (/app)\n\n`;
    expect(
      collapsePerfScriptText(sample('9007199254740990') + sample('1'))
        .chunks()
        .next().value,
    ).toBe('app;main 9007199254740991\n');
    expect(() => collapsePerfScriptText(sample('9007199254740990') + sample('1') + sample('1'))).toThrow(
      /^line 9: the samples of one stack add up to more than 9007199254740991/,
    );
  });
});

describe('progress on big inputs', () => {
  async function drain(chunks: Buffer[], opts: { totalBytes: number | null; isTTY: boolean }): Promise<string> {
    const err: string[] = [];
    let n = 0;
    for await (const c of withByteProgress(
      Readable.from(chunks),
      { write: (s: string) => err.push(s) },
      { label: 'collapse: f', minBytes: 3000, everyBytes: 2000, ...opts },
    ))
      n += c.length;
    expect(n).toBe(chunks.reduce((a, c) => a + c.length, 0));
    return err.join('');
  }
  const chunks = Array.from({ length: 8 }, () => Buffer.alloc(1000, 97));

  it('says nothing below the threshold', async () => {
    expect(await drain(chunks.slice(0, 2), { totalBytes: 2000, isTTY: false })).toBe('');
  });

  it('prints lines with the percentage in a log, redraws on a terminal', async () => {
    const log = await drain(chunks, { totalBytes: 8000, isTTY: false });
    expect(
      log
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/, \d+ MB\/s$/, '')),
    ).toEqual([
      'collapse: f: 0 MB of 0 MB (37%)',
      'collapse: f: 0 MB of 0 MB (62%)',
      'collapse: f: 0 MB of 0 MB (87%)',
    ]);
    const tty = await drain(chunks, { totalBytes: null, isTTY: true });
    expect(tty.startsWith('\r\x1b[2Kcollapse: f: 0 MB')).toBe(true);
    expect(tty.endsWith('\n')).toBe(true);
  });

  it('the collapse command prints nothing on stderr for a small clean input', async () => {
    const f = path.join(work, 'small.txt');
    writeFileSync(f, 'app 1 [001] 1.000001: cpu-clock:\n\t 400500 main (/app)\n\n');
    const io = memIO(work);
    expect(await main(['collapse', f], io)).toBe(0);
    expect(io.out()).toBe('app;main 1\n');
    expect(io.err()).toBe('');
  });
});
