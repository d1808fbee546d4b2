/**
 * Keeps secrets out of this process's /proc/PID/environ, which any process of the same user may
 * read while this one is dumpable (Linux checks PTRACE_MODE_READ, which Yama does not restrict):
 * a benchmark can walk up from /proc/$PPID and read its ancestors' environments.
 *
 * /proc/PID/environ is not a copy: the kernel reads this process's memory between env_start and
 * env_end (fields 50 and 51 of /proc/PID/stat), the strings the kernel put on the initial stack
 * at exec. `delete process.env.X` only unhooks libc's pointer and leaves the bytes there, and
 * Node has no prctl(PR_SET_DUMPABLE). What does work: copy each value to the heap (setenv
 * allocates a new string, so process.env keeps working for the libraries that read it later,
 * @actions/core's inputs and @actions/artifact's runtime token), then overwrite the stack bytes
 * through /proc/self/mem, which a process may always write for itself.
 *
 * Children never inherit the heap copies: perfgate gives every child an explicit environment
 * (measure/command.ts for benchmarks, engine/rig.ts for setup without the secrets).
 */
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';

/** The first field after the command name is field 3 of proc(5); env_start is 50, env_end 51. */
const FIELD_OFFSET = 3;

/** [env_start, env_end) from a /proc/PID/stat line, e.g. `4242 (node) S 4241 ... 140735 140800 0`. */
export function environRange(stat: string): { start: number; end: number } | null {
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
  const start = Number(fields[50 - FIELD_OFFSET]);
  const end = Number(fields[51 - FIELD_OFFSET]);
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && end > start ? { start, end } : null;
}

/**
 * Overwrites the values of `names` in this process's initial environment with `*`, after moving
 * them to the heap. Returns the names overwritten, or why it could not be done (not Linux, a
 * kernel that refuses /proc/self/mem writes): the caller warns that they stay readable.
 */
export function hideFromEnviron(
  names: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { hidden: string[] } | { failed: string } {
  if (names.length === 0) return { hidden: [] };
  let fd: number | null = null;
  try {
    const range = environRange(readFileSync('/proc/self/stat', 'latin1'));
    if (!range) return { failed: '/proc/self/stat has no environment range' };
    // Heap copies first: once the stack bytes are overwritten, getenv would read the stars.
    for (const name of names) {
      const value = env[name];
      if (value !== undefined) env[name] = `${value}`;
    }
    fd = openSync('/proc/self/mem', 'r+');
    const length = range.end - range.start;
    const block = Buffer.alloc(length);
    const got = readSync(fd, block, 0, length, range.start);
    const hidden: string[] = [];
    let at = 0;
    while (at < got) {
      let nul = block.indexOf(0, at);
      if (nul < 0 || nul > got) nul = got;
      const eq = block.indexOf(0x3d, at);
      if (eq > at && eq < nul && names.includes(block.toString('utf8', at, eq))) {
        block.fill(0x2a, eq + 1, nul);
        // A number, not a bigint: Node 20 fails bigint positions on /proc/self/mem with EIO.
        writeSync(fd, block, eq + 1, nul - eq - 1, range.start + eq + 1);
        hidden.push(block.toString('utf8', at, eq));
      }
      at = nul + 1;
    }
    return { hidden };
  } catch (err) {
    return { failed: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
