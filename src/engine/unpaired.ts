/**
 * Head against sessions measured elsewhere (unpaired): `perfgate compare` and the action's
 * stored baselines (an artifact, a directory, the history) all come here, so each gets the
 * same refusal when there is nothing to compare and the same flame-graph explanations when
 * both sides were profiled.
 */
import { InputError } from '../errors.js';
import { compareDocs, nothingToCompare } from '../compare/compare-docs.js';
import type { BaselineInfo, ComparisonDoc } from '../compare/comparison-doc.js';
import { explainChanges } from '../flamegraph/explain.js';
import type { ResultsDoc } from '../results/results-doc.js';
import { ensureWritableDir } from './rig.js';

/** The sides share nothing to compare: an input error on the command line, no usable baseline to the action. */
export class NothingToCompareError extends InputError {}

export interface UnpairedBase {
  /** Every baseline session, oldest first; the last is reported as the base side. */
  sessions: ResultsDoc[];
  /** The newest session's file, named in the comparison. */
  path?: string;
  /** How messages name the newest session when it has no file (a history record). */
  label?: string;
  /** The directory the newest session's profile paths are relative to; without it, no explanations. */
  dir?: string;
}

export interface UnpairedHead {
  doc: ResultsDoc;
  path: string;
  /** The directory its profile paths are relative to. */
  dir: string;
}

export interface UnpairedOptions {
  base: UnpairedBase;
  head: UnpairedHead;
  /** Where the differential flame graphs go (made if missing); the comparison's paths are relative to it. */
  outDir: string;
  /** Default: results files given by the user. */
  baseline?: BaselineInfo;
}

/**
 * The comparison, with explanations for every benchmark profiled on both sides. Throws
 * NothingToCompareError when the sides share nothing to compare (no base benchmark measured,
 * an empty head, no benchmark in common): a table of nothing must not read as a pass. The
 * caller writes comparison.json where its readers look (the CLI's --out, the action's report
 * directory), the CLI after printing it: a full disk must not cost the printed comparison.
 */
export async function compareUnpaired(opts: UnpairedOptions): Promise<ComparisonDoc> {
  const { base, head } = opts;
  const newest = base.sessions[base.sessions.length - 1];
  if (!newest) throw new InputError('no baseline session to compare against');
  const nothing = nothingToCompare(newest, head.doc, base.path ?? base.label ?? 'the baseline', head.path);
  if (nothing !== null) throw new NothingToCompareError(nothing);
  await ensureWritableDir(opts.outDir);
  const comparison = compareDocs(newest, head.doc, {
    design: 'unpaired',
    ...(opts.baseline ? { baseline: opts.baseline } : {}),
    baseSessions: base.sessions,
    ...(base.path !== undefined ? { basePath: base.path } : {}),
    headPath: head.path,
  });
  if (base.dir === undefined) return comparison;
  const ex = await explainChanges(
    { dir: base.dir, benchmarks: newest.benchmarks },
    { dir: head.dir, benchmarks: head.doc.benchmarks },
    opts.outDir,
  );
  if (Object.keys(ex.explanations).length > 0) comparison.explanations = ex.explanations;
  comparison.warnings.push(...ex.warnings);
  return comparison;
}
