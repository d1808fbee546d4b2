/**
 * The "why" next to each verdict: for every benchmark profiled on both sides, a differential
 * flame graph (head's shape), its negation (base's shape, so vanished paths show) and the
 * frames whose self time per measured run changed most (attribution.ts), for the report; the
 * same for off-CPU stacks when both sides recorded them.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { median } from 'simple-statistics';
import type { BenchmarkResult, CallGraphMode, FoldedFiles } from '../results/results-doc.js';
import { profileFileName } from '../profile/record.js';
import type { ExplanationCore, Explanation, TimeBasis } from './attribution-types.js';
import { byOffCpuLabel, userStacks } from '../profile/offcpu.js';
import { unwindQuality } from '../profile/unwind.js';
import { attributeFrames, foldUnresolved, summarizeUnwind, sumStacks, unwindWarnings } from './attribution.js';
import { renderDiff } from './diff.js';
import { parseFolded } from './folded.js';
import { writeFileAtomic } from '../tools/atomic.js';

export type { Explanation } from './attribution-types.js';

export interface SideProfiles {
  dir: string;
  benchmarks: BenchmarkResult[];
}

/**
 * Median ms per measured run of `metric`: task-clock (CPU time, what on-CPU samples divide), or
 * wall when perf did not count task-clock. Null when it was not measured.
 */
export function msPerRun(r: BenchmarkResult, metric: 'task-clock' | 'wall'): number | null {
  const m = r.metrics[metric];
  if (!m || m.samples.length === 0) return null;
  const scale = m.unit === 'ns' ? 1e-6 : m.unit === 'us' ? 1e-3 : m.unit === 's' ? 1e3 : 1;
  return median(m.samples) * scale;
}

/** Both sides on task-clock when both counted it, else both on wall, else null. */
export function timeBasis(b: BenchmarkResult, h: BenchmarkResult): TimeBasis | null {
  for (const metric of ['task-clock', 'wall'] as const) {
    const base = msPerRun(b, metric);
    const head = msPerRun(h, metric);
    if (base !== null && head !== null) return { metric, msPerRun: { base, head } };
  }
  return null;
}

export interface LoadedSide {
  stacks: Map<string, number>;
  runs: Map<string, number>[];
}

/** One side's profile: its per-run stacks and their sum, else the summed file alone. */
export async function loadFolded(dir: string, files: FoldedFiles, warn: (w: string) => void): Promise<LoadedSide> {
  const read = async (rel: string): Promise<Map<string, number>> =>
    parseFolded(await readFile(path.join(dir, rel), 'utf8'), { source: rel }).stacks;
  // The summed file is what older documents have; with per-run files their sum is the same.
  try {
    const runs = await Promise.all((files.runs ?? []).map(read));
    if (runs.length > 0) return { stacks: sumStacks(runs), runs };
  } catch (err) {
    warn(
      `per-run profiles unreadable (${err instanceof Error ? err.message : String(err)}): the summed profile is used, without intervals`,
    );
  }
  return { stacks: await read(files.folded), runs: [] };
}

function total(stacks: Map<string, number>): number {
  let t = 0;
  for (const v of stacks.values()) t += v;
  return t;
}

interface KindInput {
  name: string;
  kind: 'cpu' | 'offcpu';
  before: LoadedSide;
  after: LoadedSide;
  basis: TimeBasis;
  modes: { base?: CallGraphMode; head?: CallGraphMode };
  outDir: string;
  topN: number;
  /** Stacks → what the table ranks (default: the stacks themselves, i.e. frames). */
  rows?: (stacks: Map<string, number>) => Map<string, number>;
  /** Stacks → the part whose unwinding is judged (default: all of it). */
  judged?: (stacks: Map<string, number>) => Map<string, number>;
}

async function explainKind(k: KindInput): Promise<ExplanationCore> {
  const mode = k.modes.head ?? k.modes.base ?? 'fp';
  const judged = k.judged ?? ((m: Map<string, number>): Map<string, number> => m);
  const unwind = summarizeUnwind(
    unwindQuality(judged(k.before.stacks), k.modes.base),
    unwindQuality(judged(k.after.stacks), k.modes.head),
    mode,
  );
  // Broken stacks: the same leaf with and without an [unknown] parent; folding aligns the sides.
  const fold = unwind.foldedUnknown ? foldUnresolved : (m: Map<string, number>): Map<string, number> => m;
  const before = { stacks: fold(k.before.stacks), runs: k.before.runs.map(fold) };
  const after = { stacks: fold(k.after.stacks), runs: k.after.runs.map(fold) };
  const stem = profileFileName(k.name).replace(/\.folded$/, '') + (k.kind === 'offcpu' ? '.offcpu' : '');
  const rel = (suffix: string): string => path.join('flamegraphs', `${stem}.${suffix}.svg`);
  await mkdir(path.join(k.outDir, 'flamegraphs'), { recursive: true });
  const title = `${k.name}${k.kind === 'offcpu' ? ' off-CPU' : ''}: base → head`;
  // Coloured by the table's figures: ms per run, with intervals from the same profile runs.
  const time = {
    base: { runs: before.runs, msPerRun: k.basis.msPerRun.base },
    head: { runs: after.runs, msPerRun: k.basis.msPerRun.head },
    blocked: k.kind === 'offcpu',
  };
  await writeFileAtomic(
    path.join(k.outDir, rel('diff')),
    renderDiff(before.stacks, after.stacks, { title, normalize: true, time }),
  );
  await writeFileAtomic(
    path.join(k.outDir, rel('negated')),
    renderDiff(before.stacks, after.stacks, { title: `${title} (base shape)`, normalize: true, negate: true, time }),
  );
  const rows = k.rows ?? ((m: Map<string, number>): Map<string, number> => m);
  const top = attributeFrames(
    { stacks: rows(before.stacks), runs: before.runs.map(rows), msPerRun: k.basis.msPerRun.base },
    { stacks: rows(after.stacks), runs: after.runs.map(rows), msPerRun: k.basis.msPerRun.head },
    { top: k.topN },
  );
  return {
    diff: rel('diff'),
    negated: rel('negated'),
    top,
    profileRuns: { base: k.before.runs.length, head: k.after.runs.length },
    basis: k.basis,
    unwind,
  };
}

/**
 * Writes `flamegraphs/<name>.diff.svg` and `.negated.svg` (and `.offcpu.diff.svg`, ...) under
 * outDir for each benchmark with a profile on both sides; a profile that cannot be read becomes
 * a warning, never a failure. Unwind advice is said once per kind of problem, not per benchmark.
 */
export async function explainChanges(
  base: SideProfiles,
  head: SideProfiles,
  outDir: string,
  topN = 10,
): Promise<{ explanations: Record<string, Explanation>; warnings: string[] }> {
  const explanations: Record<string, Explanation> = {};
  const warnings: string[] = [];
  const baseByName = new Map(base.benchmarks.map((b) => [b.name, b]));
  for (const h of head.benchmarks) {
    const b = baseByName.get(h.name);
    if (!b?.profile || !h.profile) continue;
    try {
      const warn = (w: string): void => void warnings.push(`${h.name}: ${w}`);
      const [before, after] = await Promise.all([
        loadFolded(base.dir, b.profile, warn),
        loadFolded(head.dir, h.profile, warn),
      ]);
      if (total(before.stacks) === 0 || total(after.stacks) === 0) {
        warnings.push(`${h.name}: a profile has no samples; no differential flame graph`);
        continue;
      }
      const basis = timeBasis(b, h);
      if (!basis) {
        warnings.push(
          `${h.name}: no task-clock or wall samples on both sides to scale the profile to ms; no explanation`,
        );
        continue;
      }
      const modes = {
        ...(b.profile.callGraph ? { base: b.profile.callGraph } : {}),
        ...(h.profile.callGraph ? { head: h.profile.callGraph } : {}),
      };
      const ex: Explanation = await explainKind({
        name: h.name,
        kind: 'cpu',
        before,
        after,
        basis,
        modes,
        outDir,
        topN,
      });
      if (b.profile.offcpu && h.profile.offcpu) {
        const [ob, oh] = await Promise.all([
          loadFolded(base.dir, b.profile.offcpu, warn),
          loadFolded(head.dir, h.profile.offcpu, warn),
        ]);
        if (ob.runs.length === 0 || oh.runs.length === 0)
          warn('off-CPU profiles without per-run files: blocked time per run unknown, no off-CPU explanation');
        else if (total(ob.stacks) > 0 && total(oh.stacks) > 0) {
          // Off-CPU counts are ns blocked, so a frame's share times the blocked ms per run is
          // its ms blocked per run. Rows are waiting places (offCpuLabel), not single frames:
          // every off-CPU stack ends in the scheduler, so self time by frame says nothing.
          const perRun = (s: LoadedSide): number => total(s.stacks) / 1e6 / Math.max(1, s.runs.length);
          const offBasis: TimeBasis = { metric: 'off-cpu', msPerRun: { base: perRun(ob), head: perRun(oh) } };
          const offModes = {
            ...(b.profile.offcpu.callGraph ? { base: b.profile.offcpu.callGraph } : {}),
            ...(h.profile.offcpu.callGraph ? { head: h.profile.offcpu.callGraph } : {}),
          };
          ex.offcpu = await explainKind({
            name: h.name,
            kind: 'offcpu',
            before: ob,
            after: oh,
            basis: offBasis,
            modes: offModes,
            outDir,
            topN,
            rows: byOffCpuLabel,
            judged: userStacks,
          });
        }
      }
      explanations[h.name] = ex;
    } catch (err) {
      warnings.push(`${h.name}: no differential flame graph: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  warnings.push(...unwindWarnings(Object.entries(explanations).map(([name, ex]) => ({ name, unwind: ex.unwind }))));
  return { explanations, warnings };
}
