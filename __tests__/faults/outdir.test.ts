/**
 * Output directories that cannot be created, and a disk that fills up during a run. Driven
 * through `main()` in-process, measuring for real with the `time` backend.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/commands/dispatch.js';
import { InputError } from '../../src/errors.js';
import { ensureWritableDir } from '../../src/engine/rig.js';
import { writeJsonAtomic } from '../../src/results/results-file.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { memIO } from './memio.js';
import { withTinyDisk } from './tinydisk.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'pg-faults-out-'));

function suiteDir(benchmarks: number): string {
  const dir = tmp();
  const list = Array.from(
    { length: benchmarks },
    (_, i) => `  - name: bench-${String(i).padStart(2, '0')}\n    run: "true"\n`,
  ).join('');
  writeFileSync(
    path.join(dir, 'perfgate.yml'),
    `version: 1\ndefaults: { iterations: 3, warmup: 0, backend: time }\nbenchmarks:\n${list}`,
  );
  return dir;
}

describe('--out that cannot be created', () => {
  // mkdir(..., { recursive: true }) never returned under /proc (90% CPU, deaf to SIGTERM).
  it.each(['/proc/x', '/proc/x/y/z', '/sys/perfgate'])('%s is an input error at once', async (dir) => {
    await expect(ensureWritableDir(dir)).rejects.toThrow(
      new InputError(`cannot write to --out ${dir}: a kernel pseudo-filesystem, not a place for results`),
    );
  });

  it('perfgate run --out /proc/x exits 2 before running anything', async () => {
    const dir = suiteDir(1);
    writeFileSync(
      path.join(dir, 'perfgate.yml'),
      `version: 1\nsetup: touch setup-ran\nbenchmarks:\n  - name: x\n    run: touch ran\n`,
    );
    const io = memIO(dir);
    expect(await main(['run', '--out', '/proc/x'], io)).toBe(2);
    expect(io.err()).toBe(
      'perfgate run: cannot write to --out /proc/x: a kernel pseudo-filesystem, not a place for results\n',
    );
    expect(existsSync(path.join(dir, 'setup-ran'))).toBe(false);
  });

  it('a path through a file is ENOTDIR, a missing parent chain is created', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'file'), '');
    await expect(ensureWritableDir(path.join(dir, 'file', 'sub'))).rejects.toThrow(/: ENOTDIR$/);
    await ensureWritableDir(path.join(dir, 'a', 'b', 'c'));
    expect(existsSync(path.join(dir, 'a', 'b', 'c'))).toBe(true);
  });
});

describe('a write that fails', () => {
  it('leaves no .tmp file behind (/dev/full: ENOSPC)', async () => {
    const dir = tmp();
    const file = path.join(dir, 'results.json');
    // The temp file's name is fixed (pid), so a symlink sends the write to /dev/full.
    execFileSync('ln', ['-s', '/dev/full', `${file}.${process.pid}.tmp`]);
    await expect(writeJsonAtomic(file, { a: 1 })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a disk that fills up during perfgate run', () => {
  it('removes the partial results.json, leaves no .tmp, saves everything elsewhere and exits 3', async () => {
    const suite = suiteDir(16);
    await withTinyDisk(12, async (disk) => {
      const out = path.join(disk, 'out');
      mkdirSync(out);
      const io = memIO(suite);
      const code = await main(['run', '--out', out], io);
      const m =
        /cannot write (\S+): ENOSPC; the partial file was removed and the complete results saved to (\S+)\n/.exec(
          io.err(),
        );
      expect({ code, matched: m !== null }).toEqual({ code: 3, matched: true });
      expect(m?.[1]).toBe(path.join(out, 'results.json'));
      // Nothing in --out passes for a finished run, and nothing measured is lost.
      expect(readdirSync(out).filter((f) => f.endsWith('.json') || f.endsWith('.tmp'))).toEqual([]);
      const saved = JSON.parse(readFileSync(m?.[2] ?? '', 'utf8')) as ResultsDoc;
      expect(saved.benchmarks.map((b) => [b.name, b.status])).toEqual(
        Array.from({ length: 16 }, (_, i) => [`bench-${String(i).padStart(2, '0')}`, 'ok']),
      );
      expect(saved.benchmarks.every((b) => (b.metrics.wall?.samples.length ?? 0) === 3)).toBe(true);
    });
  });
});
