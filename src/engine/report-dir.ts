/**
 * The report directory: what the action uploads as the report artifact and what a reader of
 * the comment downloads. Every file the comparison names (flame graphs, the paired A/B that
 * looked at its regressions) is copied in beside comparison.json, so a link in the comment
 * never points at something the artifact lacks.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ComparisonDoc } from '../compare/comparison-doc.js';
import { writeJsonAtomic } from '../results/results-file.js';
import { copyFileAtomic, writeFileAtomic } from '../tools/atomic.js';

/** Relative paths of the files the explanations point at (each graph once). */
export function explanationFiles(explanations: ComparisonDoc['explanations'] | undefined): string[] {
  const files = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (/\.(svg|png|folded)$/.test(v) && !path.isAbsolute(v)) files.add(v);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(explanations ?? {});
  return [...files].sort();
}

export interface ReportFiles {
  dir: string;
  comparison: string;
  report: string;
  /** Relative paths copied in; a graph that could not be copied is named in `missing`. */
  graphs: string[];
  missing: string[];
}

/**
 * Writes `<reportDir>/comparison.json`, `report.md` and every explanation file, copied from
 * `sourceDir` (the directory the comparison's relative paths are relative to).
 */
export async function writeReportDir(
  comparison: ComparisonDoc,
  body: string,
  sourceDir: string,
  reportDir: string,
  extra: Record<string, unknown> = {},
): Promise<ReportFiles> {
  await mkdir(reportDir, { recursive: true });
  const graphs: string[] = [];
  const missing: string[] = [];
  // The paired A/B that confirmed (or not) an unpaired regression travels with it too.
  const confirm = comparison.confirmation?.comparison;
  for (const rel of [...explanationFiles(comparison.explanations), ...(confirm ? [confirm] : [])]) {
    try {
      if (path.resolve(sourceDir, rel) !== path.resolve(reportDir, rel))
        await copyFileAtomic(path.join(sourceDir, rel), path.join(reportDir, rel));
      graphs.push(rel);
    } catch {
      missing.push(rel);
    }
  }
  const files: ReportFiles = {
    dir: reportDir,
    comparison: path.join(reportDir, 'comparison.json'),
    report: path.join(reportDir, 'report.md'),
    graphs,
    missing,
  };
  await writeJsonAtomic(files.comparison, comparison);
  await writeFileAtomic(files.report, body);
  for (const [name, value] of Object.entries(extra)) await writeJsonAtomic(path.join(reportDir, name), value);
  return files;
}
