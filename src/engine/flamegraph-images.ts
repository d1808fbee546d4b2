/**
 * Static differential flame graphs for the PR comment: the same stacks the explanation was
 * computed from (unresolved callers folded out when the explanation did so), rendered with
 * `static: true` so an `<img>` shows them: no script, no controls. Read back from the two
 * results.json files the comparison names, so any comparison with profiles can be pictured.
 */
import path from 'node:path';
import { explainedChanges, hasFrames } from '../compare/changed.js';
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { foldUnresolved } from '../flamegraph/attribution.js';
import { renderDiff } from '../flamegraph/diff.js';
import { loadFolded } from '../flamegraph/explain.js';
import { readResults } from '../results/results-file.js';
import type { ResultsDoc } from '../results/results-doc.js';

export interface DiffImage {
  benchmark: string;
  svg: string;
  /** On-CPU samples, or off-CPU (blocked time) when only wall time changed. */
  kind: 'cpu' | 'offcpu';
}

/** Frames narrower than this are left out of the picture: invisible, and they bloat the file. */
const IMAGE_MIN_WIDTH_PX = 0.5;

const label = (s: ComparisonDoc['base']): string => (s.git.sha ? s.git.sha.slice(0, 12) : (s.git.ref ?? '?'));

/**
 * One static SVG per changed benchmark that has an explanation (or per name in `only`).
 * A side whose results or profile cannot be read becomes a warning; nothing throws.
 */
export async function renderDiffImages(
  doc: ComparisonDoc,
  only?: string[],
): Promise<{ images: DiffImage[]; warnings: string[] }> {
  const warnings: string[] = [];
  const images: DiffImage[] = [];
  const names = (only ?? explainedChanges(doc).map((g) => g.name)).filter((n) => hasFrames(doc.explanations?.[n]));
  if (names.length === 0) return { images, warnings };
  const sides: Partial<Record<'base' | 'head', { doc: ResultsDoc; dir: string }>> = {};
  for (const s of ['base', 'head'] as const) {
    const file = doc[s].results;
    if (!file) {
      warnings.push(`flame graph images: the comparison does not say where the ${s} results.json is`);
      return { images, warnings };
    }
    try {
      sides[s] = { doc: await readResults(file), dir: path.dirname(file) };
    } catch (err) {
      warnings.push(`flame graph images: ${(err as Error).message}`);
      return { images, warnings };
    }
  }
  const { base, head } = sides as Record<'base' | 'head', { doc: ResultsDoc; dir: string }>;
  for (const name of names) {
    const found = doc.explanations?.[name];
    const ex = hasFrames(found) ? found : undefined;
    const b = base.doc.benchmarks.find((x) => x.name === name)?.profile;
    const h = head.doc.benchmarks.find((x) => x.name === name)?.profile;
    if (!b || !h) {
      warnings.push(`${name}: no profile on ${b ? 'head' : 'base'}; no flame graph image`);
      continue;
    }
    // Wall time changed but CPU time did not: the waiting explains it, so picture the off-CPU diff.
    const rows = doc.rows.filter(
      (r) => r.benchmark === name && r.gated && (r.verdict === 'regression' || r.verdict === 'improvement'),
    );
    const waits =
      ex?.offcpu !== undefined &&
      b.offcpu !== undefined &&
      h.offcpu !== undefined &&
      !rows.some((r) => r.metric === 'task-clock') &&
      rows.some((r) => r.metric === 'wall');
    const core = waits ? ex?.offcpu : ex;
    try {
      const fold = core?.unwind?.foldedUnknown ? foldUnresolved : (m: Map<string, number>): Map<string, number> => m;
      const [bf, hf] = waits && b.offcpu && h.offcpu ? [b.offcpu, h.offcpu] : [b, h];
      // Unreadable per-run files were already reported when the explanation was made.
      const quiet = (): void => undefined;
      const [before, after] = await Promise.all([loadFolded(base.dir, bf, quiet), loadFolded(head.dir, hf, quiet)]);
      // The same figures as the table beside it: ms per run of the explanation's basis, with
      // intervals from the same profile runs.
      const time = core
        ? {
            base: { runs: before.runs.map(fold), msPerRun: core.basis.msPerRun.base },
            head: { runs: after.runs.map(fold), msPerRun: core.basis.msPerRun.head },
            blocked: waits,
          }
        : undefined;
      const svg = renderDiff(fold(before.stacks), fold(after.stacks), {
        title: `${name}${waits ? ' off-CPU (time blocked)' : ''}: base → head`,
        normalize: true,
        ...(time ? { time } : {}),
        static: true,
        minWidth: IMAGE_MIN_WIDTH_PX,
        caption: `head ${label(doc.head)} vs base ${label(doc.base)}. Interactive graph: report artifact.`,
      });
      images.push({ benchmark: name, svg, kind: waits ? 'offcpu' : 'cpu' });
    } catch (err) {
      warnings.push(`${name}: no flame graph image: ${(err as Error).message}`);
    }
  }
  return { images, warnings };
}
