import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from '../src/version.js';
import { repoRoot } from './helpers/paths.js';

it('src/version.ts matches package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});
