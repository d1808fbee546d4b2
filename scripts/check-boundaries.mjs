// The core never talks to GitHub (docs/ARCHITECTURE.md §1): only src/action/ and src/store/ may import
// @actions/*. Fails with the offending file and line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', 'src');
const allowed = new Set(['action', 'store']);
const offenders = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (file.endsWith('.ts')) {
      const top = path.relative(root, file).split(path.sep)[0];
      if (allowed.has(top) || ['index.ts', 'post.ts'].includes(path.relative(root, file))) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/from\s+['"]@actions\//.test(line) || /import\(['"]@actions\//.test(line)) offenders.push(`${path.relative(process.cwd(), file)}:${i + 1}: ${line.trim()}`);
      });
    }
  }
}
walk(root);
if (offenders.length > 0) {
  console.error(`core modules must not import @actions/* (only src/action/ and src/store/ may):\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log('boundaries ok: @actions/* only in src/action, src/store, src/index.ts, src/post.ts');
