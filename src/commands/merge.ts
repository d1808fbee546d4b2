/**
 * `perfgate merge SHARD.json... [--out DIR] [--json]`: the results of a sharded matrix run →
 * one results.json (and summary.txt) in DIR, as one unsharded run would have written them.
 * Exit code as for `run`: 1 when a merged benchmark failed, timed out or was skipped.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, InputError } from '../errors.js';
import { ensureWritableDir } from '../engine/run.js';
import { renderSummaryText } from '../report/summary.js';
import { readResults, writeJsonAtomic } from '../results/io.js';
import { mergeResults } from '../results/merge.js';
import type { Command } from './io.js';

export const MERGE_USAGE = 'merge SHARD.json... [--out DIR] [--json]';

export const merge: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: '.perfgate' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new InputError(`expected the shards' results.json files\nusage: perfgate ${MERGE_USAGE}`);
  const inputs = [];
  for (const p of positionals) {
    const file = path.resolve(io.cwd, p);
    inputs.push({ file: p, doc: await readResults(file) });
  }
  const { doc, warnings } = mergeResults(inputs);
  for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
  const outDir = path.resolve(io.cwd, values.out);
  await ensureWritableDir(outDir);
  const resultsPath = path.join(outDir, 'results.json');
  await writeJsonAtomic(resultsPath, doc);
  const table = renderSummaryText(doc);
  await writeFile(path.join(outDir, 'summary.txt'), table);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    io.stderr.write(table);
  } else {
    io.stdout.write(table);
  }
  io.stderr.write(`merged ${inputs.length} shards, ${doc.benchmarks.length} benchmarks: ${resultsPath}\n`);
  return doc.benchmarks.some((b) => b.status !== 'ok') ? EXIT.regression : EXIT.ok;
};
