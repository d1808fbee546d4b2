import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, and shared/ beside it (where CI puts the captured fixtures). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedFixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures');
export const cliPath = path.join(repoRoot, 'dist', 'cli', 'index.js');
export const actionPath = path.join(repoRoot, 'dist', 'index.js');
export const benchBin = path.join(repoRoot, 'benchmarks', 'bin');
