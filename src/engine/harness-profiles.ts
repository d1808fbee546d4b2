/**
 * A profile per changed harness benchmark (issue 21). A harness runs each benchmark for a fixed
 * time, so one profile of the whole invocation moves time between benchmarks' frames when one
 * gets slower (on snappy the slowed function showed as shrinking). Each benchmark that changed,
 * or is inconclusive with its estimate beyond θ, is recorded alone on both sides with the
 * harness's own filter (measure/harness/only.ts) and explained from those profiles. Where the
 * harness has no such filter, the name cannot be written in it, the time budget is spent or a
 * filtered recording failed, the whole invocation is profiled instead, and the explanation says
 * why.
 */
import path from 'node:path';
import { benchmarksToExplain } from '../compare/changed.js';
import type { ComparisonRow } from '../compare/comparison-doc.js';
import { noOnlyReason, onlyArgv } from '../measure/harness/only.js';
import { recordProfiles } from '../profile/profiles.js';
import type { BenchmarkResult, CallGraphMode } from '../results/results-doc.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import type { MeasureSettings, Rig } from './rig.js';

type Side = 'base' | 'head';

/**
 * Benchmarks of one entry profiled alone, largest changes first. Each costs 10 recorded runs,
 * and a run's perf record + perf script, not the benchmark, dominates: 38 s for two Google
 * Benchmarks of 0.15 s each with DWARF stacks on the loaded 2-vCPU VM (about 2 s a run), so 36
 * regressions would add 12 minutes.
 */
const MAX_ALONE = 10;

export interface HarnessProfileContext {
  opts: Pick<MeasureSettings, 'stderr' | 'parentEnv'>;
  rig: Rig;
  outDir: string;
  /** `[i/n] entry`, the start of this entry's lines. */
  prefix: string;
  /** The suite's time budget and when the first benchmark started; null: no budget. */
  budget: { budgetMs: number; started: number } | null;
}

export interface HarnessProfilesOutcome {
  /** Benchmarks to explain that got no profile of their own, and why: the whole invocation stands in. */
  whole: { benchmark: string; why: string }[];
  /** The call graph head's first recording chose, for the whole-invocation profile to reuse. */
  callGraph?: CallGraphMode;
}

/**
 * Records, on head then base, each benchmark of this entry worth explaining (benchmarksToExplain:
 * regressions, improvements, then inconclusive beyond θ) alone, and attaches the profile to that
 * benchmark's result. One benchmark's call-graph choice is kept for the others and for base.
 */
export async function profileHarnessBenchmarks(
  results: Record<Side, BenchmarkResult[]>,
  rows: ComparisonRow[],
  specs: Record<Side, BenchmarkSpec>,
  c: HarnessProfileContext,
): Promise<HarnessProfilesOutcome> {
  const harness = specs.head.harness;
  const entry = specs.head.name;
  const out: HarnessProfilesOutcome = { whole: [] };
  if (!harness) return out;
  const mine = rows.filter((r) => r.entry === entry && r.benchmark !== entry);
  const names = results.head.filter((r) => r.harness?.entry === entry).map((r) => r.harness!.name);
  let callGraph: CallGraphMode | undefined;
  let offcpuCallGraph: CallGraphMode | undefined;
  let lastMs: number | null = null;
  for (const [i, benchmark] of benchmarksToExplain(mine).entries()) {
    if (i >= MAX_ALONE) {
      out.whole.push({
        benchmark,
        why: `only the first ${MAX_ALONE} changed benchmarks of an entry are profiled alone`,
      });
      continue;
    }
    const base = results.base.find((r) => r.name === benchmark);
    const head = results.head.find((r) => r.name === benchmark);
    const origin = head?.harness;
    if (!base || !head || !origin) continue;
    const sides = { base, head };
    const args = onlyArgv(harness.format, origin.name, {
      siblings: names,
      ...(origin.context ? { context: origin.context } : {}),
    });
    if (args === null) {
      out.whole.push({ benchmark, why: noOnlyReason(harness.format) });
      continue;
    }
    if (c.budget) {
      const elapsed = Date.now() - c.budget.started;
      // The last benchmark's profiles are the estimate of this one's; the first goes if time is left.
      if (elapsed + (lastMs ?? 0) > c.budget.budgetMs) {
        out.whole.push({ benchmark, why: 'the time budget was spent before it could be profiled alone' });
        continue;
      }
    }
    const started = Date.now();
    const what = `${c.prefix}: profiling ${benchmark} alone (${args.join(' ')})`;
    c.opts.stderr.write(`${what}\n`);
    const warnings: string[] = [];
    for (const s of ['head', 'base'] as const) {
      const p = await recordProfiles(specs[s], {
        perf: c.rig.probe.perf,
        outDir: path.join(c.outDir, s),
        scratch: c.rig.scratch,
        parentEnv: c.opts.parentEnv,
        offcpu: specs.head.offcpu,
        only: { name: benchmark, args },
        ...(callGraph ? { callGraph } : {}),
        ...(offcpuCallGraph ? { offcpuCallGraph } : {}),
      });
      const result = sides[s];
      if (p.profile) result.profile = p.profile;
      callGraph ??= p.profile?.callGraph;
      offcpuCallGraph ??= p.profile?.offcpu?.callGraph;
      if (p.warnings.length > 0) result.warnings = [...(result.warnings ?? []), ...p.warnings];
      warnings.push(...p.warnings);
    }
    lastMs = Date.now() - started;
    if (!sides.base.profile || !sides.head.profile) {
      // One side alone explains nothing: drop it so no half pair is read as a profile.
      delete sides.base.profile;
      delete sides.head.profile;
      out.whole.push({
        benchmark,
        why: `recording it alone failed (${warnings[0] ?? 'no profile'})`,
      });
    }
  }
  if (callGraph) out.callGraph = callGraph;
  return out;
}
