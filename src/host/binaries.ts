/**
 * sha256 of the executables the benchmarks run, so a comparison can say whether the code under
 * test changed at all (identical binaries on both sides: any difference is noise).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { BenchmarkSpec } from '../suite/spec.js';

/**
 * The executable a `run:` names, when its first word is a path (`./benchmarks/bin/cache random`
 * → `<cwd>/benchmarks/bin/cache`). Bare command names (`python3 x.py`, `sleep 1`) resolve through
 * PATH to system programs that `setup` did not build, so they are not hashed.
 */
export function benchmarkExecutable(spec: Pick<BenchmarkSpec, 'run' | 'cwd'>): string | null {
  const first = spec.run.trim().split(/\s+/)[0] ?? '';
  if (!first.includes('/') || /['"`$=]/.test(first)) return null;
  return path.resolve(spec.cwd, first);
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * `{ "benchmarks/bin/cache": "<sha256>" }`: each distinct executable once, keyed by its path
 * relative to the suite directory (absolute when outside it). Files that do not exist (yet)
 * are left out; the run itself will report them.
 */
export async function hashBenchmarkBinaries(
  benchmarks: readonly Pick<BenchmarkSpec, 'run' | 'cwd'>[],
  suiteDir: string,
): Promise<Record<string, string>> {
  const files = [...new Set(benchmarks.map(benchmarkExecutable).filter((f): f is string => f !== null))].sort();
  const out: Record<string, string> = {};
  for (const file of files) {
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) continue;
    const rel = path.relative(suiteDir, file);
    out[rel.startsWith('..') || path.isAbsolute(rel) ? file : rel] = await sha256File(file);
  }
  return out;
}
