/**
 * Reading and writing results.json. Writes are atomic (temp file + rename) because the runner
 * rewrites the file after every benchmark: an interrupted run leaves the last complete version.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../tools/atomic.js';
import { dict } from '../tools/dict.js';
import { resultsDataProblems } from './check.js';
import { resultsSchema } from './results-schema.js';
import type { ResultsDoc } from './results-doc.js';

// Compiled on first use, not at import: compiling the schemas was most of every command's
// start-up (0.3 s of CPU), and most commands validate none of them.
let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  return (compiled = ajv.compile(resultsSchema));
}

/** Problems with a candidate results document, as `path: message` strings; empty if valid. */
export function resultsProblems(doc: unknown): string[] {
  const check = validator();
  if (check(doc)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`);
}

export async function readResults(file: string): Promise<ResultsDoc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read results ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const version = (doc as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== 1)
    throw new InputError(
      `${file}: schemaVersion ${JSON.stringify(version)} is not one this perfgate reads (expected 1)`,
    );
  const problems = resultsProblems(doc);
  if (problems.length > 0)
    throw new InputError(`${file} is not a valid results.json:\n  ${problems.slice(0, 10).join('\n  ')}`);
  const data = resultsDataProblems(doc as ResultsDoc);
  if (data.length > 0)
    throw new InputError(`${file}:${data.length === 1 ? ` ${data[0]}` : `\n  ${data.slice(0, 10).join('\n  ')}`}`);
  return withoutPrototypes(doc as ResultsDoc);
}

/**
 * Metric names and harness context keys in a file are anyone's: `"__proto__"` is kept by
 * JSON.parse as a key, and `constructor` would be found on every plain object. Records keyed
 * by them are made prototype-free, so lookups find only what the file holds.
 */
function withoutPrototypes(doc: ResultsDoc): ResultsDoc {
  for (const b of doc.benchmarks) {
    b.metrics = dict(b.metrics);
    b.threshold = dict(b.threshold);
    if (b.harness?.context) b.harness.context = dict(b.harness.context);
  }
  return doc;
}

/** A JSON document, whole or not at all (tools/atomic.ts: no `.tmp` litter, a WriteError naming the path). */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
