// Builds the demo benchmarks once before any test file starts: files in parallel workers call
// buildBenchmarks() too, and two concurrent makes could run a half-written binary. After this,
// their makes find nothing to do.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function globalSetup() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync('make', ['-s', '-C', path.join(root, 'benchmarks')], { stdio: 'inherit' });
}
