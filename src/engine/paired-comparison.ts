/**
 * The comparison document of a paired run, whole: compareDocs on both sides' final results,
 * plus what only the paired run knows (benchmarks one side lacks, the shard, interrupted
 * benchmarks, differential flame graphs, the host checks).
 */
import path from 'node:path';
import { explainChanges } from '../flamegraph/explain.js';
import { multiplexedEvents } from '../measure/backends.js';
import { labelChanges } from '../compare/slowdown-kind.js';
import { writeJsonAtomic } from '../results/results-file.js';
import type { ResultsDoc } from '../results/results-doc.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import { compareDocs } from '../compare/compare-docs.js';
import type {
  BaselineInfo,
  ComparisonDoc,
  ComparisonRow,
  Explanation,
  HostSnapshot,
  SequentialInfo,
} from '../compare/comparison-doc.js';
import type { CounterProfiles } from './counter-profiles.js';
import type { MeasureSettings } from './rig.js';
import type { Sides } from './pairs.js';

/** Harness benchmarks of `doc` that `other` does not have. */
function oneSided(doc: ResultsDoc, other: ResultsDoc): string[] {
  const names = new Set(other.benchmarks.map((b) => b.name));
  return doc.benchmarks.filter((b) => b.harness && !names.has(b.name)).map((b) => b.name);
}

export interface PairedComparisonOptions {
  opts: Pick<MeasureSettings, 'shard'> & { baseRef: string; baseline?: BaselineInfo };
  outDir: string;
  seed: number;
  rows: ComparisonRow[];
  sequential: SequentialInfo;
  /** Suite entries on one side only. */
  oneSided: { added: string[]; removed: string[] };
  /** Every benchmark of the suite (all shards). */
  all: BenchmarkSpec[];
  interrupted: string[];
  /** Harness entries whose whole invocation's profile stands in for changed benchmarks, and why. */
  wholeProfiles?: Record<string, string>;
  host: HostSnapshot;
  /** Simulated counts of the changed benchmarks (no PMU), or why there are none. */
  counters?: CounterProfiles;
}

/** The whole comparison of a paired run, from both sides' final results files. */
export async function pairedComparison(docs: Sides<ResultsDoc>, c: PairedComparisonOptions): Promise<ComparisonDoc> {
  const basePath = path.join(c.outDir, 'base', 'results.json');
  const headPath = path.join(c.outDir, 'head', 'results.json');
  await writeJsonAtomic(basePath, docs.base);
  await writeJsonAtomic(headPath, docs.head);
  const compared = compareDocs(docs.base, docs.head, {
    design: 'paired',
    baseline: c.opts.baseline ?? {
      source: 'same-job',
      sessions: 1,
      reason: `base ${c.opts.baseRef} and head measured as interleaved pairs in this job, so drift between sessions cancels`,
    },
    seed: c.seed,
    rows: c.rows,
    sequential: c.sequential,
    basePath,
    headPath,
  });
  const { explanations, warnings } = await explainChanges(
    { dir: path.join(c.outDir, 'base'), benchmarks: docs.base.benchmarks },
    { dir: path.join(c.outDir, 'head'), benchmarks: docs.head.benchmarks },
    c.outDir,
  );
  for (const [entry, why] of Object.entries(c.wholeProfiles ?? {})) {
    const ex = Object.hasOwn(explanations, entry) ? explanations[entry] : undefined;
    if (ex) ex.whole = why;
  }
  const labels = labelChanges(compared.rows, {
    ...(c.counters ? { counters: c.counters.counters, noCounters: c.counters.skipped } : {}),
    multiplexed: Object.fromEntries(
      docs.head.benchmarks.map((h) => {
        const b = docs.base.benchmarks.find((x) => x.name === h.name);
        return [h.name, [...new Set([...multiplexedEvents(h.warnings), ...multiplexedEvents(b?.warnings)])]];
      }),
    ),
    offcpu: Object.fromEntries(
      Object.entries(explanations).flatMap(([name, ex]) => (ex.offcpu ? [[name, ex.offcpu.diff]] : [])),
    ),
  });
  const whys: Record<string, Explanation> = { ...explanations };
  for (const [name, label] of Object.entries(labels)) {
    const frames = explanations[name];
    whys[name] = frames ? { ...frames, ...label } : label;
  }
  const interrupted =
    c.interrupted.length > 0
      ? [
          `interrupted: ${c.interrupted.length} benchmark(s) not measured to the end, not gated: ${c.interrupted.join(', ')}`,
        ]
      : [];
  return {
    ...compared,
    // Inside a harness entry measured on both sides, benchmarks one side reported are added or removed.
    added: [...c.oneSided.added, ...oneSided(docs.head, docs.base)],
    removed: [...c.oneSided.removed, ...oneSided(docs.base, docs.head)],
    ...(c.opts.shard
      ? { shard: { index: c.opts.shard.index, count: c.opts.shard.count, all: c.all.map((b) => b.name) } }
      : {}),
    ...(c.interrupted.length > 0 ? { interrupted: c.interrupted } : {}),
    ...(Object.keys(whys).length > 0 ? { explanations: whys } : {}),
    host: c.host,
    warnings: [...compared.warnings, ...interrupted, ...warnings],
  };
}
