/**
 * `perfgate merge`: the shards of a matrix run → one document in DIR, as one unsharded job would
 * have written it: results.json shards (`run --shard`) with their profiles, exit code as for
 * `run`; or comparison.json shards (`ab --shard`) with their flame graphs, exit code as for `ab`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, InputError } from '../errors.js';
import { ensureWritableDir } from '../engine/rig.js';
import { renderSummaryText } from '../report/summary.js';
import { mergeComparisonShards, mergeRunShards } from '../engine/merge-shards.js';
import { PUBLISH_OPTIONS, publish } from './compare.js';
import type { Command } from './command-io.js';
import { writeFileAtomic } from '../tools/atomic.js';

export const MERGE_USAGE = 'merge SHARD/results.json... | SHARD/comparison.json... [--out DIR] [--json] [--no-fail]';

export const merge: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: PUBLISH_OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length === 0)
    throw new InputError(
      `expected the shards' results.json (or comparison.json) files\nusage: perfgate ${MERGE_USAGE}`,
    );
  const outDir = path.resolve(io.cwd, values.out);
  await ensureWritableDir(outDir);
  const shards = positionals.map((p) => ({
    name: p,
    dir: path.dirname(path.resolve(io.cwd, p)),
    file: path.basename(p),
  }));
  const kinds = new Set(shards.map((s) => (s.file === 'comparison.json' ? 'paired' : 'run')));
  if (kinds.size > 1)
    throw new InputError(
      'merge: give either results.json shards (run --shard) or comparison.json shards (ab --shard), not both',
    );
  if (kinds.has('paired')) {
    const { comparison, warnings } = await mergeComparisonShards(shards, outDir);
    for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
    io.stderr.write(`merged ${shards.length} paired shards, ${comparison.rows.length} rows\n`);
    return publish(comparison, outDir, io, { json: values.json, noFail: values['no-fail'] });
  }
  for (const s of shards)
    if (s.file !== 'results.json')
      throw new InputError(
        `${s.name}: expected a file named results.json (its profiles are found beside it) or comparison.json`,
      );
  const { doc, warnings, resultsPath } = await mergeRunShards(shards, outDir);
  for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
  const table = renderSummaryText(doc);
  await writeFileAtomic(path.join(outDir, 'summary.txt'), table);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    io.stderr.write(table);
  } else {
    io.stdout.write(table);
  }
  io.stderr.write(`merged ${shards.length} shards, ${doc.benchmarks.length} benchmarks: ${resultsPath}\n`);
  return doc.benchmarks.some((b) => b.status !== 'ok') ? EXIT.regression : EXIT.ok;
};
