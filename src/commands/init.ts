/**
 * `perfgate init [--dir D] [--force]`: looks at a repository, writes a commented perfgate.yml
 * and the workflows to copy (.perfgate/perf.yml for pull requests and pushes, .perfgate/nightly.yml
 * for the nightly history with confirmed alerts; not straight into .github/: adding a workflow is
 * the maintainer's call), and prints what it found and what it could not decide.
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

const SKIP = new Set([
  '.git',
  'node_modules',
  'target',
  'build',
  'vendor',
  'dist',
  '.perfgate',
  '__pycache__',
  '.venv',
  'venv',
]);
const MAX_FILES = 20_000;
const MAX_BYTES = 512 * 1024;

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > 8 || out.length >= MAX_FILES) return;
    for (const e of await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => [])) {
      if (SKIP.has(e.name) || (e.name.startsWith('.') && e.name !== '.cargo')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r, depth + 1);
      else if (e.isFile()) out.push(r);
    }
  };
  await walk('', 0);
  return out.sort();
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
  if (!values.force && (await stat(suitePath).catch(() => null)))
    throw new InputError(`${suitePath} exists; pass --force to overwrite it`);

  const paths = await listFiles(root);
  const detection = detectBenchmarks({
    paths,
    read: (p) => {
      try {
        return readFileSync(path.join(root, p), 'utf8').slice(0, MAX_BYTES);
      } catch {
        return null;
      }
    },
  });
  const suite = renderSuite(detection);
  parseSuite(suite, suitePath); // what init writes must load
  const workflowPath = path.join(root, '.perfgate', 'perf.yml');
  const nightlyPath = path.join(root, '.perfgate', 'nightly.yml');
  // --dir is the user's choice of where to write: a folder they cannot write to is their input
  // to fix (exit 2, as --out elsewhere), not this machine's failing (exit 3).
  const write = async (file: string, text: string): Promise<void> => {
    try {
      await writeFileAtomic(file, text);
    } catch (err) {
      if (!(err instanceof WriteError)) throw err;
      const code = err.code;
      throw new InputError(
        `--dir ${values.dir}: cannot write ${file} (${code}): expected a directory you can write to, where init puts perfgate.yml and .perfgate/perf.yml`,
      );
    }
  };
  await write(suitePath, suite);
  await write(workflowPath, renderWorkflow(detection));
  await write(nightlyPath, renderNightlyWorkflow(detection));

  const w = (s: string): unknown => io.stdout.write(s);
  w(`looked at ${paths.length} file(s) under ${root}\n`);
  if (detection.entries.length === 0) w('found no benchmarks perfgate recognises\n');
  for (const e of detection.entries)
    w(`found: ${oneLine(e.name)}: ${e.format ?? 'plain command'} (${oneLine(e.why)})\n`);
  for (const u of detection.undecided) w(`could not decide: ${oneLine(u)}\n`);
  w(`wrote ${path.relative(io.cwd, suitePath) || suitePath} (check its TODOs)\n`);
  w(`wrote ${path.relative(io.cwd, workflowPath)}: copy it to .github/workflows/perf.yml\n`);
  w(
    `wrote ${path.relative(io.cwd, nightlyPath)}: copy it to .github/workflows/perf-nightly.yml (nightly history, steps confirmed by paired runs and bisected to the culprit before an alert)\n`,
  );
  return EXIT.ok;
};
