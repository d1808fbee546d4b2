/**
 * Creating output directories one level at a time. `mkdir(dir, { recursive: true })` never
 * returns under /proc or /sys (Node's recursive walk sees ENOENT for the child and EEXIST for
 * the parent, and retries forever at full CPU, deaf to SIGTERM), so `--out /proc/x` hung. Here
 * every level is created with a plain mkdir and the first failure is the answer.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** Creates `dir` and its missing parents; throws the first mkdir/stat error (with its code). */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  for (;;) {
    try {
      const s = await stat(cur);
      if (!s.isDirectory()) throw Object.assign(new Error(`${cur} is not a directory`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if (code(err) !== 'ENOENT') throw err;
      missing.push(cur);
      const parent = path.dirname(cur);
      if (parent === cur) throw err;
      cur = parent;
    }
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (err) {
      // Another process made it in between: fine if it is a directory.
      if (code(err) === 'EEXIST' && (await stat(d)).isDirectory()) continue;
      throw err;
    }
  }
}
