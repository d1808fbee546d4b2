/**
 * `perfgate report` as a function: reads the comparison.json files (oldest first) and the flame
 * graphs their explanations name, then renders the investigation report. The graphs sit beside
 * each comparison (`flamegraphs/…`, as `perfgate ab` and the action write them); markdown links
 * them relative to where the report is written, HTML embeds them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readComparison } from '../compare/read-comparison.js';
import { explainedChanges, hasFrames } from '../compare/changed.js';
import {
  renderInvestigation,
  type ComparisonInput,
  type GraphFile,
  type InvestigationFormat,
} from '../report/investigation-render.js';

export interface InvestigationRequest {
  files: string[];
  format: InvestigationFormat;
  html: boolean;
  /** Directory the report is written to (markdown links are relative to it). */
  outDir: string;
  topFrames?: number;
}

async function graph(file: string, outDir: string, warnings: string[]): Promise<GraphFile | undefined> {
  try {
    const svg = await readFile(file, 'utf8');
    return { svg, href: path.relative(outDir, file).split(path.sep).join('/') };
  } catch (err) {
    warnings.push(
      `flame graph ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; the report goes without it`,
    );
    return undefined;
  }
}

export async function loadInvestigation(
  files: string[],
  outDir: string,
): Promise<{ inputs: ComparisonInput[]; warnings: string[] }> {
  const warnings: string[] = [];
  const inputs: ComparisonInput[] = [];
  for (const file of files) {
    const doc = await readComparison(file);
    const dir = path.dirname(file);
    const graphs: ComparisonInput['graphs'] = {};
    for (const { name } of explainedChanges(doc)) {
      const ex = doc.explanations?.[name];
      if (!hasFrames(ex)) continue;
      const diff = await graph(path.resolve(dir, ex.diff), outDir, warnings);
      const negated = await graph(path.resolve(dir, ex.negated), outDir, warnings);
      graphs[name] = { ...(diff ? { diff } : {}), ...(negated ? { negated } : {}) };
    }
    // A path beside the report names the file a reader has; one elsewhere on this machine does not.
    const rel = path.relative(outDir, file);
    const label =
      rel && !rel.startsWith('..') && !path.isAbsolute(rel)
        ? rel.split(path.sep).join('/')
        : `comparison ${inputs.length + 1} (${doc.createdAt.slice(0, 10)})`;
    inputs.push({ doc, label, graphs });
  }
  return { inputs, warnings };
}

export async function buildInvestigation(req: InvestigationRequest): Promise<{ text: string; warnings: string[] }> {
  const { inputs, warnings } = await loadInvestigation(req.files, req.outDir);
  const text = renderInvestigation(inputs, {
    format: req.format,
    html: req.html,
    ...(req.topFrames !== undefined ? { topFrames: req.topFrames } : {}),
  });
  return { text, warnings };
}
