/** Every file a benchmark's profile entry names, so copies of a results directory keep them all. */
import type { ProfileFiles } from './results-doc.js';

export function profileFilePaths(p: ProfileFiles): string[] {
  return [p.folded, ...(p.runs ?? []), ...(p.offcpu ? [p.offcpu.folded, ...(p.offcpu.runs ?? [])] : [])];
}
