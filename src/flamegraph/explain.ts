/**
 * The "why" next to each verdict: for every benchmark profiled on both sides, a differential
 * flame graph (AFTER's shape), its negation (BEFORE's shape, so vanished paths show) and the
 * frames whose share of the profile changed most, for the report.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchmarkResult } from '../results/types.js';
import { profileFileName } from '../profile/record.js';
import { renderDiff, topFrames, type FrameDelta } from './diff.js';
import { parseFolded } from './folded.js';

export interface Explanation {
  /** Paths relative to the output directory. */
  diff: string;
  negated: string;
  top: FrameDelta[];
}

export interface SideProfiles {
  dir: string;
  benchmarks: BenchmarkResult[];
}

/**
 * Writes `flamegraphs/<name>.diff.svg` and `.negated.svg` under outDir for each benchmark with
 * a profile on both sides; a profile that cannot be read becomes a warning, never a failure.
 */
export async function explainChanges(base: SideProfiles, head: SideProfiles, outDir: string, topN = 10): Promise<{ explanations: Record<string, Explanation>; warnings: string[] }> {
  const explanations: Record<string, Explanation> = {};
  const warnings: string[] = [];
  const baseByName = new Map(base.benchmarks.map((b) => [b.name, b]));
  for (const h of head.benchmarks) {
    const b = baseByName.get(h.name);
    if (!b?.profile || !h.profile) continue;
    try {
      const [before, after] = await Promise.all([
        readFile(path.join(base.dir, b.profile.folded), 'utf8').then((t) => parseFolded(t, { source: b.profile?.folded ?? '' })),
        readFile(path.join(head.dir, h.profile.folded), 'utf8').then((t) => parseFolded(t, { source: h.profile?.folded ?? '' })),
      ]);
      if (before.total === 0 || after.total === 0) {
        warnings.push(`${h.name}: a profile has no samples; no differential flame graph`);
        continue;
      }
      const stem = profileFileName(h.name).replace(/\.folded$/, '');
      const rel = (suffix: string): string => path.join('flamegraphs', `${stem}.${suffix}.svg`);
      await mkdir(path.join(outDir, 'flamegraphs'), { recursive: true });
      const title = `${h.name}: base → head`;
      await writeFile(path.join(outDir, rel('diff')), renderDiff(before.stacks, after.stacks, { title, normalize: true }));
      await writeFile(path.join(outDir, rel('negated')), renderDiff(before.stacks, after.stacks, { title: `${title} (base shape)`, normalize: true, negate: true }));
      explanations[h.name] = { diff: rel('diff'), negated: rel('negated'), top: topFrames(before.stacks, after.stacks, topN) };
    } catch (err) {
      warnings.push(`${h.name}: no differential flame graph: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { explanations, warnings };
}
