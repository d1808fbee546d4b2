// The house rules of docs/ARCHITECTURE.md §1, checked on every `npm run lint`:
// - layers only import layers below them (a folder may import itself and lower folders, never a
//   higher one, never a sibling of the same floor);
// - the core never talks to GitHub: only src/action/ and src/store/ (and the entry files that
//   start the action) may import @actions/*.
// Usage: node scripts/check-boundaries.mjs [SRC_DIR]. Exits 1 naming each offending file:line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Floors from the bottom up; a module's floor is that of its top-level folder under src/. */
export const FLOORS = [
  ['errors.ts', 'version.ts'],
  ['tools'],
  ['stats'],
  ['results'],
  ['suite'],
  ['host'],
  ['measure'],
  ['profile'],
  ['flamegraph'],
  ['compare'],
  ['report'],
  ['engine'],
  ['store'],
  ['commands', 'action'],
  ['cli.ts', 'index.ts', 'post.ts'],
];
const GITHUB_ALLOWED = new Set(['action', 'store', 'index.ts', 'post.ts']);

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'src'));
const floorOf = new Map(FLOORS.flatMap((names, i) => names.map((n) => [n, i])));
const top = (file) => path.relative(root, file).split(path.sep)[0];

const offenders = [];
function check(file) {
  const from = top(file);
  const fromFloor = floorOf.get(from);
  const rel = path.relative(process.cwd(), file);
  if (fromFloor === undefined) {
    offenders.push(`${rel}: src/${from} is on no floor of scripts/check-boundaries.mjs (add it to FLOORS)`);
    return;
  }
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const spec = /(?:from\s+|import\(\s*)['"]([^'"]+)['"]/.exec(line)?.[1];
      if (spec === undefined) return;
      if (spec.startsWith('@actions/') && !GITHUB_ALLOWED.has(from)) {
        offenders.push(
          `${rel}:${i + 1}: the core must not import @actions/* (only src/action/ and src/store/ may): ${line.trim()}`,
        );
        return;
      }
      if (!spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec);
      const to = top(target);
      if (to === from || to.startsWith('..')) return;
      const toFloor = floorOf.get(to.replace(/\.js$/, '.ts')) ?? floorOf.get(to);
      if (toFloor === undefined) return;
      if (toFloor >= fromFloor) {
        const why = toFloor === fromFloor ? 'a sibling on the same floor' : 'a higher floor';
        offenders.push(`${rel}:${i + 1}: src/${from} imports ${why}, src/${to}: ${line.trim()}`);
      }
    });
}
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (file.endsWith('.ts')) check(file);
  }
}
walk(root);
// One name, one module: a front end's module may share the name of the command or mode it serves.
const byName = new Map();
const names = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) names(file);
    else if (file.endsWith('.ts')) {
      const rel = path.relative(root, file);
      if (/^(commands|action\/modes)\//.test(rel)) continue;
      byName.set(name, [...(byName.get(name) ?? []), rel]);
    }
  }
};
names(root);
for (const [name, files] of byName)
  if (files.length > 1)
    offenders.push(
      `${name}: one name for ${files.length} modules (${files.join(', ')}): name each after what it holds`,
    );
if (offenders.length > 0) {
  console.error(`layer boundaries broken (docs/ARCHITECTURE.md §1):\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log(
  `boundaries ok: ${FLOORS.map((f) => f.join('+')).join(' < ')}; @actions/* only in src/action, src/store and the action's entry files; each module name once`,
);
