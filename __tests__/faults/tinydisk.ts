/** A tiny tmpfs for the full-disk tests (root only), and a way to fill it to the last few bytes. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A tmpfs of `kb` KiB for the duration of `fn`; false (skipped with a warning) when it cannot be mounted, outside CI. */
export async function withTinyDisk(kb: number, fn: (dir: string) => Promise<void>): Promise<boolean> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-faults-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    const why = `cannot mount a tmpfs (${(err as Error).message.split('\n')[0]})`;
    if (process.env.CI === 'true') throw new Error(`${why}: the full-disk test needs root (CI=true)`, { cause: err });
    console.warn(`${why}: full-disk test skipped`);
    return false;
  }
  try {
    await fn(dir);
  } finally {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
  return true;
}

/** Fills the file system of `dir` with a file `name` until at most `leave` bytes are free. */
export function fillDisk(dir: string, leave: number, name = 'filler'): void {
  const s = statfsSync(dir);
  const free = s.bavail * s.bsize;
  if (free > leave) writeFileSync(path.join(dir, name), Buffer.alloc(free - leave));
}
