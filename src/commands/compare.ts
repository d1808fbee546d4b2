/** `perfgate compare BASE.json HEAD.json`: unpaired comparison against stored results. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { EXIT, InputError } from '../errors.js';
import { compareDocs, gateFails } from '../compare/compare.js';
import type { ComparisonDoc } from '../compare/types.js';
import { readResults, writeJsonAtomic } from '../results/io.js';
import { renderComparisonText } from '../report/comparison-text.js';
import { ensureWritableDir } from '../engine/run.js';
import type { Command, CommandIO } from './io.js';

export const compare: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: '.perfgate' },
      json: { type: 'boolean', default: false },
      'no-fail': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 2) throw new InputError(`expected two results files (BASE.json HEAD.json), got ${positionals.length}`);
  const [basePath, headPath] = positionals.map((p) => path.resolve(io.cwd, p)) as [string, string];
  const [base, head] = [await readResults(basePath), await readResults(headPath)];
  const outDir = path.resolve(io.cwd, values.out);
  await ensureWritableDir(outDir);
  const doc = compareDocs(base, head, { design: 'unpaired', basePath, headPath });
  return publish(doc, outDir, io, { json: values.json, noFail: values['no-fail'] });
};

/** Writes comparison.json, prints the table (or JSON), and turns the gate into an exit code. */
export async function publish(doc: ComparisonDoc, outDir: string, io: CommandIO, opts: { json: boolean; noFail: boolean }): Promise<number> {
  const file = path.join(outDir, 'comparison.json');
  await writeJsonAtomic(file, doc);
  const text = renderComparisonText(doc);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    io.stderr.write(text);
  } else io.stdout.write(text);
  io.stderr.write(`comparison: ${file}\n`);
  if (!doc.gate.comparable) {
    io.stderr.write(`perfgate: refusing to gate: ${doc.gate.reasons.join('; ')}\n`);
    return EXIT.usage;
  }
  const fails = gateFails(doc);
  if (fails.length === 0) return EXIT.ok;
  io.stderr.write(`perfgate: gate ${opts.noFail ? 'would fail (--no-fail)' : 'failed'}: ${fails.join('; ')}\n`);
  return opts.noFail ? EXIT.ok : EXIT.regression;
}
