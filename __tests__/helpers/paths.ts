import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The captured inputs the parsers are tested on, kept in the repository (see its README.md). */
export const fixturesDir = path.join(repoRoot, '__tests__', 'fixtures');
export const cliPath = path.join(repoRoot, 'dist', 'cli', 'index.js');
export const actionPath = path.join(repoRoot, 'dist', 'index.js');
export const benchBin = path.join(repoRoot, 'benchmarks', 'bin');
