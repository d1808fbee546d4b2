/**
 * `perfgate merge`: the results.json of each shard of a matrix run → one results.json, as if
 * one job had measured everything. Refuses anything that would make the merged document lie:
 * shards of different suites, backends, commits or machines (hard fingerprint), a shard
 * missing or given twice, a benchmark measured twice or not at all.
 */
import { InputError } from '../errors.js';
import { compareFingerprints } from './fingerprint-match.js';
import type { ResultsDoc } from './results-doc.js';

export interface ShardInput {
  /** Where the document came from, for messages. */
  file: string;
  doc: ResultsDoc;
}

export interface MergeOutcome {
  doc: ResultsDoc;
  /** Things worth saying that do not stop the merge (differing soft keys, binaries). */
  warnings: string[];
}

export function mergeResults(inputs: readonly ShardInput[]): MergeOutcome {
  if (inputs.length === 0) throw new InputError('merge: expected at least one shard results.json');
  const problems: string[] = [];
  const warnings: string[] = [];
  const first = inputs[0] as ShardInput;

  const unsharded = inputs.filter((i) => !i.doc.shard);
  for (const u of unsharded)
    problems.push(`${u.file}: not a shard (no "shard" field: it was not run with --shard i/n)`);
  const count = first.doc.shard?.count;
  for (const i of inputs) {
    const d = i.doc;
    if (d.shard && d.shard.count !== count)
      problems.push(`${i.file}: shard ${d.shard.index}/${d.shard.count}, but ${first.file} is one of ${count}`);
    if (d.suite.sha256 !== first.doc.suite.sha256)
      problems.push(
        `${i.file}: suite sha256 ${d.suite.sha256.slice(0, 12)}… differs from ${first.file}'s ${first.doc.suite.sha256.slice(0, 12)}… (a different perfgate.yml)`,
      );
    if (d.backend !== first.doc.backend)
      problems.push(`${i.file}: backend ${d.backend}, but ${first.file} used ${first.doc.backend}`);
    if (d.git.sha !== first.doc.git.sha)
      problems.push(
        `${i.file}: commit ${d.git.sha ?? 'unknown'}, but ${first.file} measured ${first.doc.git.sha ?? 'unknown'}`,
      );
    for (const m of compareFingerprints(first.doc.fingerprint, d.fingerprint)) {
      problems.push(
        `${i.file}: hard fingerprint key ${m.key} is ${JSON.stringify(m.head)}, but ${JSON.stringify(m.base)} in ${first.file}`,
      );
    }
  }
  if (count !== undefined && unsharded.length === 0) {
    const seen = new Map<number, string>();
    for (const i of inputs) {
      const idx = i.doc.shard?.index ?? 0;
      const before = seen.get(idx);
      if (before !== undefined) problems.push(`shard ${idx}/${count} given twice: ${before} and ${i.file}`);
      else seen.set(idx, i.file);
    }
    const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
    if (missing.length > 0) problems.push(`missing shard(s) ${missing.map((k) => `${k}/${count}`).join(', ')}`);
  }
  const where = new Map<string, string>();
  for (const i of inputs) {
    for (const b of i.doc.benchmarks) {
      const before = where.get(b.name);
      if (before !== undefined) problems.push(`benchmark ${b.name} is in both ${before} and ${i.file}`);
      else where.set(b.name, i.file);
    }
  }
  // The full list each shard recorded: every benchmark must turn up, in this order.
  const all = first.doc.shard?.all;
  for (const i of inputs) {
    if (all && i.doc.shard?.all && i.doc.shard.all.join('\n') !== all.join('\n'))
      problems.push(`${i.file}: its shard plan lists different benchmarks than ${first.file} (different --filter?)`);
  }
  if (all) {
    const absent = all.filter((n) => !where.has(n));
    if (absent.length > 0 && problems.length === 0)
      problems.push(
        `benchmark(s) ${absent.join(', ')} in the shard plan but in no shard's results (an interrupted shard?)`,
      );
  }
  if (problems.length > 0) throw new InputError(`cannot merge:\n  ${problems.join('\n  ')}`);

  const byName = new Map(inputs.flatMap((i) => i.doc.benchmarks.map((b) => [b.name, b] as const)));
  const order =
    all ??
    [...inputs]
      .sort((a, b) => (a.doc.shard?.index ?? 0) - (b.doc.shard?.index ?? 0))
      .flatMap((i) => i.doc.benchmarks.map((b) => b.name));
  if (!all)
    warnings.push('shards carry no benchmark plan (older perfgate): benchmarks are in shard order, not suite order');

  const soft: Record<string, string> = {};
  for (const key of [...new Set(inputs.flatMap((i) => Object.keys(i.doc.fingerprint.soft)))].sort()) {
    const values = inputs.map((i) => i.doc.fingerprint.soft[key] ?? '(absent)');
    soft[key] =
      new Set(values).size === 1
        ? (values[0] ?? '')
        : inputs.map((i, k) => `shard ${i.doc.shard?.index ?? k + 1}: ${values[k]}`).join('; ');
  }
  const binaries: Record<string, string> = {};
  for (const i of inputs) {
    for (const [p, h] of Object.entries(i.doc.fingerprint.binaries ?? {})) {
      const before = binaries[p];
      if (before !== undefined && before !== h)
        warnings.push(
          `${p}: built differently in ${i.file} (sha256 ${h.slice(0, 12)}… vs ${before.slice(0, 12)}…); keeping the first`,
        );
      else binaries[p] = h;
    }
  }
  const versions = new Set(inputs.map((i) => i.doc.tool.version));
  if (versions.size > 1)
    warnings.push(`shards were written by different perfgate versions: ${[...versions].join(', ')}`);

  const times = (k: 'startedAt' | 'finishedAt'): string[] => inputs.map((i) => i.doc[k]).sort();
  const doc: ResultsDoc = {
    ...first.doc,
    fingerprint: {
      hard: { ...first.doc.fingerprint.hard },
      soft,
      ...(Object.keys(binaries).length > 0 ? { binaries } : {}),
    },
    startedAt: times('startedAt')[0] ?? first.doc.startedAt,
    finishedAt: times('finishedAt').at(-1) ?? first.doc.finishedAt,
    benchmarks: order.map((n) => byName.get(n)).filter((b) => b !== undefined),
  };
  delete doc.shard;
  return { doc, warnings };
}
