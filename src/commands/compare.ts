/**
 * `perfgate compare BASE.json [BASE.json ...] HEAD.json`: head against results of earlier
 * sessions. One baseline session cannot show how far results drift between sessions, so its
 * rows are reported but not gated; two or more carry that drift in their intervals
 * (stats/sessions.ts). Base and head measured in one job, paired, is `perfgate ab`.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { EXIT, InputError } from '../errors.js';
import { gateFails } from '../compare/compare-docs.js';
import { compareUnpaired } from '../engine/unpaired.js';
import { markUnconfirmed, sessionModelCaveat } from '../compare/unpaired-confirmation.js';
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { readResults, writeJsonAtomic } from '../results/results-file.js';
import { renderComparisonText } from '../report/comparison-text.js';
import { WriteError } from '../tools/atomic.js';
import type { Command, CommandIO } from './command-io.js';

/** The flags of every command that ends in `publish`: where the document goes, how it prints, whether it gates. */
export const PUBLISH_OPTIONS = {
  out: { type: 'string', default: '.perfgate' },
  json: { type: 'boolean', default: false },
  'no-fail': { type: 'boolean', default: false },
} as const;

export const compare: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: PUBLISH_OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length < 2)
    throw new InputError(
      `expected baseline results files and then the head's (BASE.json [BASE.json ...] HEAD.json), got ${positionals.length} file(s)`,
    );
  const paths = positionals.map((p) => path.resolve(io.cwd, p));
  const headPath = paths[paths.length - 1] as string;
  const basePath = paths[paths.length - 2] as string;
  const sessions = [];
  for (const p of paths.slice(0, -1)) sessions.push(await readResults(p));
  const head = { doc: await readResults(headPath), path: headPath, dir: path.dirname(headPath) };
  const outDir = path.resolve(io.cwd, values.out);
  // Files name no commits to check out, so no paired look can confirm a verdict: say so, with
  // the measured false rate of the session model.
  const doc = markUnconfirmed(
    await compareUnpaired({ base: { sessions, path: basePath, dir: path.dirname(basePath) }, head, outDir }),
    `${sessionModelCaveat()}. Results files name no commits to check out: 'perfgate ab --base BASE --head HEAD' measures both as pairs in one job`,
  );
  if (sessions.length < 2)
    io.stderr.write(
      `perfgate: ${doc.baseline.reason}; for a verdict give more baseline sessions, or use 'perfgate ab' (paired, one job)\n`,
    );
  return publish(doc, outDir, io, { json: values.json, noFail: values['no-fail'] });
};

/** Writes comparison.json, prints the table (or JSON), and turns the gate into an exit code. */
export async function publish(
  doc: ComparisonDoc,
  outDir: string,
  io: CommandIO,
  opts: { json: boolean; noFail: boolean },
): Promise<number> {
  const file = path.join(outDir, 'comparison.json');
  // A write that fails (full disk) still prints the comparison, then fails naming the path.
  const failed = await writeJsonAtomic(file, doc).then(
    () => undefined,
    (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
  );
  const text = renderComparisonText(doc, (rel) => path.relative(io.cwd, path.join(outDir, rel)) || rel);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    io.stderr.write(text);
  } else io.stdout.write(text);
  if (failed instanceof WriteError)
    throw new WriteError(`${failed.message}; the comparison is printed above, not gated`, failed.path, failed.code);
  if (failed !== undefined) throw failed;
  io.stderr.write(`comparison: ${file}\n`);
  if (!doc.gate.comparable) {
    io.stderr.write(`perfgate: refusing to gate: ${doc.gate.reasons.join('; ')}\n`);
    return EXIT.usage;
  }
  const fails = gateFails(doc);
  if (fails.length === 0) return EXIT.ok;
  // Not a verdict --no-fail could waive: nothing was decided about what was not measured.
  if (doc.interrupted !== undefined && doc.interrupted.length > 0) {
    io.stderr.write(`perfgate: not gated: ${fails.join('; ')}\n`);
    return EXIT.regression;
  }
  io.stderr.write(`perfgate: gate ${opts.noFail ? 'would fail (--no-fail)' : 'failed'}: ${fails.join('; ')}\n`);
  return opts.noFail ? EXIT.ok : EXIT.regression;
}
