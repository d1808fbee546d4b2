/**
 * Reading comparison.json back (for `perfgate report`). The fields the renderers rely on are
 * checked, and each problem names the file and the JSON path, so a truncated or hand-edited
 * file is refused with a reason instead of rendering as nonsense.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { COMPARISON_SCHEMA_VERSION, type ComparisonDoc } from './types.js';

const VERDICTS = new Set(['regression', 'improvement', 'unchanged', 'inconclusive']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): boolean => typeof v === 'number' || v === null; // JSON writes NaN as null

/** Problems with a candidate comparison document, as `path: message`; empty if usable. */
export function comparisonProblems(doc: unknown): string[] {
  const p: string[] = [];
  if (!isObject(doc)) return ['(root): expected an object'];
  if (doc.schemaVersion !== COMPARISON_SCHEMA_VERSION) p.push(`/schemaVersion: ${JSON.stringify(doc.schemaVersion)} is not one this perfgate reads (expected ${COMPARISON_SCHEMA_VERSION})`);
  if (doc.design !== 'paired' && doc.design !== 'unpaired') p.push(`/design: expected "paired" or "unpaired", got ${JSON.stringify(doc.design)}`);
  for (const side of ['base', 'head']) {
    const s = doc[side];
    if (!isObject(s) || !isObject(s.git) || !isObject(s.fingerprint)) p.push(`/${side}: expected { git, fingerprint, backend, ... }`);
  }
  if (!isObject(doc.gate) || typeof doc.gate.comparable !== 'boolean' || !Array.isArray(doc.gate.reasons)) p.push('/gate: expected { comparable, reasons }');
  if (!isObject(doc.summary)) p.push('/summary: expected an object');
  if (!isObject(doc.sequential)) p.push('/sequential: expected { looks, nominalAlpha }');
  for (const key of ['rows', 'added', 'removed', 'problems', 'warnings']) if (!Array.isArray(doc[key])) p.push(`/${key}: expected an array`);
  if (Array.isArray(doc.rows)) {
    doc.rows.forEach((r: unknown, i: number) => {
      const at = `/rows/${i}`;
      if (!isObject(r)) return void p.push(`${at}: expected an object`);
      if (typeof r.benchmark !== 'string' || typeof r.metric !== 'string' || typeof r.unit !== 'string') p.push(`${at}: expected benchmark, metric and unit strings`);
      if (typeof r.verdict !== 'string' || !VERDICTS.has(r.verdict)) p.push(`${at}/verdict: expected one of ${[...VERDICTS].join(', ')}`);
      if (typeof r.gated !== 'boolean') p.push(`${at}/gated: expected true or false`);
      if (!isNum(r.change) || !Array.isArray(r.ci) || r.ci.length !== 2 || !r.ci.every(isNum)) p.push(`${at}: expected change and ci [lo, hi] numbers`);
      if (!isObject(r.median) || !isNum(r.median.base) || !isNum(r.median.head) || !isObject(r.n)) p.push(`${at}: expected median { base, head } and n { base, head }`);
    });
  }
  if (doc.explanations !== undefined) {
    if (!isObject(doc.explanations)) p.push('/explanations: expected an object');
    else {
      for (const [name, ex] of Object.entries(doc.explanations)) {
        if (!isObject(ex) || typeof ex.diff !== 'string' || typeof ex.negated !== 'string' || !Array.isArray(ex.top)) p.push(`/explanations/${name}: expected { diff, negated, top[] }`);
      }
    }
  }
  if (doc.host !== undefined && (!isObject(doc.host) || !Array.isArray(doc.host.checks))) p.push('/host: expected { checkedAt, cpus, checks[] }');
  return p;
}

function revive(doc: ComparisonDoc): ComparisonDoc {
  // writeJsonAtomic turns NaN into null; the renderers test Number.isFinite, which null fails too,
  // but arithmetic on null gives 0, so give NaN back.
  for (const r of doc.rows) {
    const n = (x: number | null): number => (x === null ? Number.NaN : x);
    r.change = n(r.change);
    r.ci = [n(r.ci[0]), n(r.ci[1])];
    r.median = { base: n(r.median.base), head: n(r.median.head) };
  }
  return doc;
}

export async function readComparison(file: string): Promise<ComparisonDoc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read comparison ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const problems = comparisonProblems(doc);
  if (problems.length > 0) throw new InputError(`${file} is not a comparison.json perfgate can read:\n  ${problems.slice(0, 10).join('\n  ')}`);
  return revive(doc as ComparisonDoc);
}
