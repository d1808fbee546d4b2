/**
 * Versions of the programs that shape a measurement (compilers, libc), asked from the programs
 * themselves. Behind `VersionOf` so tests can answer without the tools installed.
 */
import os from 'node:os';
import { runProcess } from '../tools/process.js';

/** First non-empty output line of `argv`, or null when it cannot run (or says nothing). */
export type VersionOf = (argv: string[]) => Promise<string | null>;

function firstLine(s: string): string | null {
  return (
    s
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? null
  );
}

export const runVersion: VersionOf = async (argv) => {
  const r = await runProcess({
    argv,
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' },
    timeoutMs: 10_000,
  });
  if (r.spawnError || r.timedOut) return null;
  // musl's ldd prints its version on stderr and exits 1; gcc and clang use stdout and exit 0.
  return firstLine(r.stdoutTail) ?? firstLine(r.stderrTail);
};

/**
 * Compilers a `setup` step may build the benchmarks with (`none` when not installed):
 * `gcc (Debian 12.2.0-14+deb12u1) 12.2.0`, `Debian clang version 14.0.6`; and libc as
 * `getconf GNU_LIBC_VERSION` says it (`glibc 2.36`), else `ldd --version`'s first line
 * (`musl libc (x86_64)`).
 */
export async function toolVersions(versionOf: VersionOf): Promise<Record<string, string>> {
  const [gcc, clang, cc, getconf] = await Promise.all([
    versionOf(['gcc', '--version']),
    versionOf(['clang', '--version']),
    versionOf(['cc', '--version']),
    versionOf(['getconf', 'GNU_LIBC_VERSION']),
  ]);
  const libc = getconf !== null && /^glibc /.test(getconf) ? getconf : await versionOf(['ldd', '--version']);
  return { libc: libc ?? 'unknown', gcc: gcc ?? 'none', clang: clang ?? 'none', cc: cc ?? 'none' };
}
