/**
 * One file writer (issue 17 item 15): every output file goes through src/tools/atomic.ts (whole
 * or not at all, a WriteError naming the path). A plain writeFile on a full disk leaves a 0-byte or
 * cut-short file that passes for a result.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/paths.js';

/** Writes that are not output files, and why. */
const ALLOWED: Record<string, string> = {
  'tools/atomic.ts': 'the one writer',
  'host/tuning.ts':
    'sysfs/procfs knobs (a file there cannot be renamed over) and a state file created exclusively (wx)',
  'store/data-ref.ts': 'a blob staged in a private scratch directory for git hash-object, never read by anyone but git',
};

const WRITER = /\b(writeFile|appendFile|copyFile|createWriteStream)(Sync)?\b/;

it('no module but tools/atomic.ts writes output files', () => {
  const src = path.join(repoRoot, 'src');
  const offenders: string[] = [];
  for (const rel of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!rel.endsWith('.ts') || rel in ALLOWED) continue;
    readFileSync(path.join(src, rel), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (WRITER.test(line)) offenders.push(`src/${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(offenders).toEqual([]);
});
