/**
 * A disk that fills up under the writers of the history and the reports (issue 17 item 15):
 * `history add`, `history site`, `report --html`, `compare`. Driven through `main()` in-process on
 * a tiny tmpfs (root; CI=true fails without it), filled to its last few bytes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/commands/dispatch.js';
import { readHistory } from '../../src/store/history-dir.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { repoRoot } from '../helpers/paths.js';
import { memIO } from './memio.js';
import { fillDisk, withTinyDisk } from './tinydisk.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'pg-faults-hist-'));
const captured = JSON.parse(
  readFileSync(path.join(repoRoot, '__tests__', 'fixtures', 'history', 'results.json'), 'utf8'),
) as ResultsDoc;

/** The captured run with `benchmarks` copies of shell/sleep (5 metrics each), on `day` of December 2026. */
function night(dir: string, day: number, benchmarks: number): string {
  const doc = structuredClone(captured);
  const sleep = doc.benchmarks.find((b) => b.name === 'shell/sleep');
  doc.benchmarks = Array.from({ length: benchmarks }, (_, i) => ({
    ...structuredClone(sleep!),
    name: `bench-${String(i).padStart(3, '0')}`,
  }));
  doc.startedAt = new Date(Date.UTC(2026, 11, day, 3)).toISOString();
  doc.git.sha = day.toString(16).padStart(40, '0');
  const file = path.join(dir, `night-${day}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const noTmp = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp'));

describe('history add on a disk that fills up', () => {
  it('keeps none of the run (the month file is as it was), names the path and where the records still are, exit 3', async () => {
    const dir = tmp();
    const first = night(dir, 1, 2);
    const big = night(dir, 2, 181); // 905 records, ~300 KB
    await withTinyDisk(256, async (disk) => {
      const store = path.join(disk, 'store');
      const io1 = memIO(dir);
      expect(await main(['history', 'add', first, '--store', store, '--suite-id', 'demo'], io1)).toBe(0);
      const month = path.join(store, 'demo', '2026-12.jsonl');
      const before = readFileSync(month);
      // Room for ~190 of the 905 records (~330 bytes each), as in the report of the fault.
      fillDisk(disk, 64 * 1024);
      const io = memIO(dir);
      const code = await main(['history', 'add', big, '--store', store, '--suite-id', 'demo'], io);
      expect({ code, err: io.err() }).toEqual({
        code: 3,
        err: `perfgate history: cannot append 905 history records to ${month}: ENOSPC; the file was cut back to its previous ${before.length} bytes: none of them were kept; all 905 records are still in ${big}: run history add again once that is fixed\n`,
      });
      expect(readFileSync(month).equals(before)).toBe(true);
      const { records, problems } = await readHistory(store);
      expect({ records: records.length, problems }).toEqual({ records: 10, problems: [] });
    });
  });
});

describe('history site, report --html and compare on a full disk', () => {
  const dir = tmp();
  const store = path.join(dir, 'store');
  const base = night(dir, 1, 2);
  const head = night(dir, 2, 2);
  beforeAll(async () => {
    for (const f of [base, head]) {
      const io = memIO(dir);
      if ((await main(['history', 'add', f, '--store', store, '--suite-id', 'demo'], io)) !== 0)
        throw new Error(io.err());
    }
    const io = memIO(dir);
    if (![0, 1].includes(await main(['compare', base, head, '--out', path.join(dir, 'cmp')], io)))
      throw new Error(io.err());
  });

  it('history site leaves the previous page, no 0-byte index.html, no .tmp, and names the path (exit 3)', async () => {
    await withTinyDisk(64, async (disk) => {
      const out = path.join(disk, 'site');
      mkdirSync(out);
      writeFileSync(path.join(out, 'index.html'), '<html>yesterday</html>');
      fillDisk(disk, 1024);
      const io = memIO(dir);
      const code = await main(['history', 'site', '--store', store, '--out', out], io);
      const file = path.join(out, 'index.html');
      expect({ code, err: io.err() }).toEqual({
        code: 3,
        err: `perfgate history: cannot write ${file}: ENOSPC; nothing was written there (a file already there is unchanged)\n`,
      });
      expect(readFileSync(file, 'utf8')).toBe('<html>yesterday</html>');
      expect(noTmp(out)).toEqual([]);
    });
  });

  it('report --html leaves no 0-byte report and names the path (exit 3)', async () => {
    await withTinyDisk(64, async (disk) => {
      fillDisk(disk, 1024);
      const out = path.join(disk, 'report.html');
      const io = memIO(dir);
      const code = await main(['report', '--html', '--out', out, path.join(dir, 'cmp', 'comparison.json')], io);
      expect({ code, err: io.err() }).toEqual({
        code: 3,
        err: `perfgate report: cannot write ${out}: ENOSPC; nothing was written there (a file already there is unchanged)\n`,
      });
      expect(readdirSync(disk)).toEqual(['filler']);
    });
  });

  it('compare still prints the comparison, then names the path it could not write (exit 3)', async () => {
    await withTinyDisk(64, async (disk) => {
      const out = path.join(disk, 'cmp');
      mkdirSync(out);
      fillDisk(disk, 1024);
      const io = memIO(dir);
      const code = await main(['compare', base, head, '--out', out], io);
      const file = path.join(out, 'comparison.json');
      expect(code).toBe(3);
      expect(io.out()).toMatch(/shell\/sleep|bench-000/);
      expect(io.err()).toContain(
        `perfgate compare: cannot write ${file}: ENOSPC; nothing was written there (a file already there is unchanged); the comparison is printed above, not gated\n`,
      );
      expect(readdirSync(out)).toEqual([]);
    });
  });
});
