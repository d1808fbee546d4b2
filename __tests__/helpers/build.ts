import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths.js';

/** Builds the demo benchmarks (make is incremental, so this is cheap after the first time). */
export function buildBenchmarks(): void {
  execFileSync('make', ['-s', '-C', path.join(repoRoot, 'benchmarks')], { stdio: 'inherit' });
}
