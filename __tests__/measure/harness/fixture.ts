import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/paths.js';

export const fixture = (format: string, file: string): string =>
  readFileSync(path.join(repoRoot, '__tests__', 'fixtures', 'harness', format, file), 'utf8');
