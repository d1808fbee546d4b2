/**
 * `perfgate init [--dir D] [--force]`: looks at a repository, writes a commented perfgate.yml
 * and the two workflows (.github/workflows/perfgate.yml for pull requests and pushes,
 * perfgate-nightly.yml for the nightly history with confirmed alerts: nothing runs until the
 * maintainer commits them), and prints what it found, what it skipped, what it could not decide
 * and the next steps. Submodules and vendored trees are other projects: their benchmarks are not
 * this repository's (a vendored Google Benchmark has targets of its own that link it).
 */
import { readdir, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, InputError } from '../errors.js';
import { parseSuite } from '../suite/load.js';
import { detectBenchmarks, oneLine, renderNightlyWorkflow, renderSuite, renderWorkflow } from '../suite/detect.js';
import type { Command } from './command-io.js';
import { WriteError, writeFileAtomic } from '../tools/atomic.js';

export const INIT_USAGE = 'init [--dir DIR] [--force]';

/** Build output, caches and tools' own folders: nothing in them is a benchmark's source. */
const SKIP = new Set(['.git', 'node_modules', 'target', 'build', 'dist', '.perfgate', '__pycache__', '.venv', 'venv']);
/** Folder names that by convention hold other projects' code. */
const VENDORED = new Set([
  'vendor',
  'vendored',
  'third_party',
  'third-party',
  'thirdparty',
  '3rdparty',
  'external',
  'extern',
  'deps',
]);
const MAX_FILES = 20_000;
const MAX_BYTES = 512 * 1024;

/** Submodule paths from .gitmodules (`\tpath = third_party/benchmark`). */
function submodulePaths(root: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path.join(root, '.gitmodules'), 'utf8').slice(0, MAX_BYTES);
  } catch {
    return new Set();
  }
  return new Set([...text.matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)].map((m) => (m[1] as string).replace(/\/+$/, '')));
}

async function listFiles(root: string): Promise<{ paths: string[]; skipped: string[]; submodules: boolean }> {
  const out: string[] = [];
  const skipped: string[] = [];
  const submodules = submodulePaths(root);
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > 8 || out.length >= MAX_FILES) return;
    for (const e of await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => [])) {
      if (SKIP.has(e.name) || (e.name.startsWith('.') && e.name !== '.cargo')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        const inside = [...submodules].filter((m) => m === r || m.startsWith(`${r}/`));
        const vendored = VENDORED.has(e.name);
        if (inside.includes(r) || vendored) {
          for (const m of inside) skipped.push(`${m}: a git submodule (.gitmodules), another project's code`);
          if (vendored) skipped.push(`${r}: vendored code, by its folder's name`);
        } else await walk(r, depth + 1);
      } else if (e.isFile()) out.push(r);
    }
  };
  await walk('', 0);
  return { paths: out.sort(), skipped: skipped.sort(), submodules: submodules.size > 0 };
}

export const init: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: { dir: { type: 'string', default: '.' }, force: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  const root = path.resolve(io.cwd, values.dir);
  if (!(await stat(root).catch(() => null))?.isDirectory())
    throw new InputError(`--dir ${values.dir}: not a directory`);
  const suitePath = path.join(root, 'perfgate.yml');
  const workflowPath = path.join(root, '.github', 'workflows', 'perfgate.yml');
  const nightlyPath = path.join(root, '.github', 'workflows', 'perfgate-nightly.yml');
  for (const file of [suitePath, workflowPath, nightlyPath])
    if (!values.force && (await stat(file).catch(() => null)))
      throw new InputError(`${file} exists; pass --force to overwrite it`);

  const { paths, skipped, submodules } = await listFiles(root);
  const detection = {
    ...detectBenchmarks({
      paths,
      read: (p) => {
        try {
          return readFileSync(path.join(root, p), 'utf8').slice(0, MAX_BYTES);
        } catch {
          return null;
        }
      },
    }),
    submodules,
  };
  const suite = renderSuite(detection);
  parseSuite(suite, suitePath); // what init writes must load
  // --dir is the user's choice of where to write: a folder they cannot write to is their input
  // to fix (exit 2, as --out elsewhere), not this machine's failing (exit 3).
  const write = async (file: string, text: string): Promise<void> => {
    try {
      await writeFileAtomic(file, text);
    } catch (err) {
      if (!(err instanceof WriteError)) throw err;
      const code = err.code;
      throw new InputError(
        `--dir ${values.dir}: cannot write ${file} (${code}): expected a directory you can write to, where init puts perfgate.yml and .github/workflows/`,
      );
    }
  };
  await write(suitePath, suite);
  await write(workflowPath, renderWorkflow(detection));
  await write(nightlyPath, renderNightlyWorkflow(detection));

  const w = (s: string): unknown => io.stdout.write(s);
  const rel = (file: string): string => path.relative(io.cwd, file) || file;
  w(`looked at ${paths.length} file(s) under ${root}\n`);
  for (const s of skipped) w(`skipped ${oneLine(s)}\n`);
  if (detection.entries.length === 0) w('found no benchmarks perfgate recognises\n');
  for (const e of detection.entries)
    w(`found: ${oneLine(e.name)}: ${e.format ?? 'plain command'} (${oneLine(e.why)})\n`);
  for (const u of detection.undecided) w(`could not decide: ${oneLine(u)}\n`);
  w(`wrote ${rel(suitePath)} (check its TODOs)\n`);
  w(`wrote ${rel(workflowPath)}: pull requests gated, pushes to main recorded in the history\n`);
  w(
    `wrote ${rel(nightlyPath)}: nightly history, steps confirmed by paired runs and bisected to the culprit before an alert\n`,
  );
  w(`next:
  1. perfgate run                  measure the suite here once (results in .perfgate/)
  2. perfgate ab --base HEAD~1     your last commit against its parent, as pairs, with the why
  3. commit perfgate.yml and .github/workflows/perfgate*.yml; the next pull request gets a comment
`);
  return EXIT.ok;
};
