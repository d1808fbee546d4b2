/**
 * Shards of a matrix back into one: `perfgate merge` and the action's `mode: merge` both call
 * these. Unpaired shards (`run --shard`) merge their results; paired shards (`ab --shard`) merge
 * their comparisons: rows concatenated, Benjamini–Hochberg applied again across ALL rows (each
 * shard only corrected for its own), one geometric mean. Files the documents point at
 * (profiles, flame graphs) are copied beside the merged document, so every path resolves.
 */
import { profileFilePaths } from '../results/profile-files.js';
import path from 'node:path';
import { InputError } from '../errors.js';
import { finalizeRows, hasInterval, summarize } from '../compare/analyze.js';
import { readComparison } from '../compare/read-comparison.js';
import type { ComparisonDoc, ComparisonRow } from '../compare/comparison-doc.js';
import { compareFingerprints } from '../results/fingerprint-match.js';
import { readResults, writeJsonAtomic } from '../results/results-file.js';
import { mergeResults } from '../results/merge-results.js';
import type { ResultsDoc } from '../results/results-doc.js';
import { verdictOf } from '../stats/verdict.js';
import { explanationFiles } from './report-dir.js';
import { copyFileAtomic } from '../tools/atomic.js';

export interface ShardDir {
  /** A name for messages (the artifact name, or the file given). */
  name: string;
  /** The directory the shard's document and its relative paths live in. */
  dir: string;
}

async function copyInto(fromDir: string, toDir: string, rel: string): Promise<void> {
  if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..'))
    throw new InputError(`${fromDir}: refusing path ${rel} outside the shard`);
  await copyFileAtomic(path.join(fromDir, rel), path.join(toDir, rel));
}

/** Results shards (each `<dir>/results.json`) → `<outDir>/results.json` with their profiles. */
export async function mergeRunShards(
  shards: ShardDir[],
  outDir: string,
): Promise<{ doc: ResultsDoc; warnings: string[]; resultsPath: string }> {
  const inputs = [];
  for (const s of shards)
    inputs.push({ file: s.name, dir: s.dir, doc: await readResults(path.join(s.dir, 'results.json')) });
  const { doc, warnings } = mergeResults(inputs);
  for (const s of inputs) {
    for (const b of s.doc.benchmarks) {
      if (!b.profile) continue;
      try {
        // Per-run and off-CPU files too: explanations read them for intervals and waits.
        for (const file of profileFilePaths(b.profile)) await copyInto(s.dir, outDir, file);
      } catch (err) {
        warnings.push(
          `${b.name}: profile ${b.profile.folded} of ${s.file} could not be copied (${(err as NodeJS.ErrnoException).code ?? String(err)}); dropped`,
        );
        const merged = doc.benchmarks.find((m) => m.name === b.name);
        if (merged) delete merged.profile;
      }
    }
  }
  const resultsPath = path.join(outDir, 'results.json');
  await writeJsonAtomic(resultsPath, doc);
  return { doc, warnings, resultsPath };
}

/**
 * What a shard's row would say before multiple-testing correction, so BH can be applied anew:
 * the verdict its stored interval gives by the rule the analysis used (direction included: the
 * interval of a throughput is in its own terms, and a drop past 1/(1 + θ) − 1 is the regression).
 */
function uncorrected(row: ComparisonRow): ComparisonRow {
  if (!row.gated || row.threshold === null || !hasInterval(row)) return row;
  const verdict = verdictOf(row.ci, row.confLevel, row.threshold, row.direction);
  // A note that came with a changed verdict is finalizeRows' (BH, not comparable), which it
  // writes anew; otherwise it is the analysis's own (a level below the one asked for) and stays.
  if (verdict === row.verdict) return { ...row, pAdjusted: null };
  const { note: _note, ...rest } = row;
  return { ...rest, verdict, pAdjusted: null };
}

/** Paired shards (each `<dir>/comparison.json`, `<dir>/base|head/results.json`) → one comparison in outDir. */
export async function mergeComparisonShards(
  shards: ShardDir[],
  outDir: string,
): Promise<{ comparison: ComparisonDoc; warnings: string[]; comparisonPath: string }> {
  if (shards.length === 0) throw new InputError('merge: expected at least one shard');
  const docs: { name: string; dir: string; c: ComparisonDoc }[] = [];
  for (const s of shards) {
    const file = path.join(s.dir, 'comparison.json');
    const c = await readComparison(file);
    if (c.design !== 'paired' || !c.shard)
      throw new InputError(`${s.name}: ${file} is not a paired shard comparison (run with ab --shard i/n)`);
    docs.push({ name: s.name, dir: s.dir, c });
  }
  const first = docs[0] as (typeof docs)[number];
  const problems: string[] = [];
  const count = first.c.shard?.count;
  const seen = new Map<number, string>();
  for (const d of docs) {
    const sh = d.c.shard as NonNullable<ComparisonDoc['shard']>;
    if (sh.count !== count)
      problems.push(`${d.name}: shard ${sh.index}/${sh.count}, but ${first.name} is one of ${count}`);
    if (seen.has(sh.index))
      problems.push(`shard ${sh.index}/${sh.count} given twice: ${seen.get(sh.index)} and ${d.name}`);
    seen.set(sh.index, d.name);
    for (const side of ['base', 'head'] as const) {
      if (d.c[side].git.sha !== first.c[side].git.sha)
        problems.push(
          `${d.name}: ${side} commit ${d.c[side].git.sha ?? 'unknown'}, but ${first.name} measured ${first.c[side].git.sha ?? 'unknown'}`,
        );
      for (const m of compareFingerprints(first.c[side].fingerprint, d.c[side].fingerprint))
        problems.push(
          `${d.name}: ${side} hard fingerprint key ${m.key} is ${JSON.stringify(m.head)}, but ${JSON.stringify(m.base)} in ${first.name}`,
        );
    }
    if (d.c.base.backend !== first.c.base.backend)
      problems.push(`${d.name}: backend ${d.c.base.backend}, but ${first.name} used ${first.c.base.backend}`);
    if ((sh.all ?? []).join('\n') !== (first.c.shard?.all ?? []).join('\n'))
      problems.push(
        `${d.name}: its shard plan lists different benchmarks than ${first.name} (a different suite or filter?)`,
      );
  }
  if (count !== undefined) {
    const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
    if (missing.length > 0) problems.push(`missing shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')}`);
  }
  if (problems.length > 0) throw new InputError(`cannot merge:\n  ${problems.join('\n  ')}`);

  const warnings: string[] = [];
  const side = (s: 'base' | 'head'): Promise<{ warnings: string[]; resultsPath: string }> =>
    mergeRunShards(
      docs.map((d) => ({ name: `${d.name} (${s})`, dir: path.join(d.dir, s) })),
      path.join(outDir, s),
    );
  const base = await side('base');
  const head = await side('head');
  warnings.push(...base.warnings, ...head.warnings);
  const order = new Map((first.c.shard?.all ?? []).map((n, i) => [n, i]));
  const rows = docs
    .flatMap((d) => d.c.rows.map(uncorrected))
    .sort((a, b) => (order.get(a.benchmark) ?? 0) - (order.get(b.benchmark) ?? 0));
  const finalRows = finalizeRows(
    rows,
    first.c.fdr,
    docs.every((d) => d.c.gate.comparable),
  );
  const explanations: NonNullable<ComparisonDoc['explanations']> = {};
  for (const d of docs) {
    for (const [name, e] of Object.entries(d.c.explanations ?? {})) {
      explanations[name] = e;
      for (const rel of explanationFiles({ [name]: e })) await copyInto(d.dir, outDir, rel);
    }
  }
  const union = <T>(pick: (c: ComparisonDoc) => T[]): T[] => [...new Set(docs.flatMap((d) => pick(d.c)))];
  const interrupted = union((c) => c.interrupted ?? []);
  // Base could not be built in some shard: the merged report has no comparison either.
  const noComparison = docs.find((d) => d.c.noComparison !== undefined)?.c.noComparison;
  const comparison: ComparisonDoc = {
    ...first.c,
    createdAt: new Date().toISOString(),
    base: { ...first.c.base, results: base.resultsPath },
    head: { ...first.c.head, results: head.resultsPath },
    sequential: docs.reduce((s, d) => (d.c.sequential.looks > s.looks ? d.c.sequential : s), first.c.sequential),
    gate: { comparable: docs.every((d) => d.c.gate.comparable), reasons: union((c) => c.gate.reasons) },
    rows: finalRows,
    added: union((c) => c.added),
    removed: union((c) => c.removed),
    problems: docs.flatMap((d) => d.c.problems),
    summary: summarize(finalRows),
    warnings: [...union((c) => c.warnings), ...warnings],
    ...(interrupted.length > 0 ? { interrupted } : {}),
    ...(Object.keys(explanations).length > 0 ? { explanations } : {}),
  };
  delete comparison.shard;
  if (interrupted.length === 0) delete comparison.interrupted;
  if (noComparison !== undefined) comparison.noComparison = noComparison;
  else delete comparison.noComparison;
  if (Object.keys(explanations).length === 0) delete comparison.explanations;
  const comparisonPath = path.join(outDir, 'comparison.json');
  await writeJsonAtomic(comparisonPath, comparison);
  return { comparison, warnings, comparisonPath };
}
