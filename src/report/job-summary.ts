/**
 * A job summary's order, for every mode: the verdict first (what a reader opened the run for),
 * then the details, then the host checks, folded, last (issue 20 item 13: folded host checks
 * above the verdict pushed it off the first screen).
 */
export interface JobSummaryParts {
  /** The verdict: the comparison's report, or a baseline run's headline. */
  verdict: string;
  sections?: string[];
  /** The host checks block (`<details>`), or ''. */
  host?: string;
}

export function renderJobSummary(parts: JobSummaryParts): string {
  const blocks = [parts.verdict, ...(parts.sections ?? []), parts.host ?? '']
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return `${blocks.join('\n\n')}\n`;
}
