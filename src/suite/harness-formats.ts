/** The harness output formats a suite entry may declare with `format:` (see docs/harnesses.md). */
export const HARNESS_FORMATS = [
  'google-benchmark',
  'catch2',
  'go-test',
  'pytest-benchmark',
  'criterion',
  'hyperfine',
  'jmh',
  'wrk',
  'json',
] as const;
export type HarnessFormat = (typeof HARNESS_FORMATS)[number];

/** An entry whose command runs a harness: one invocation reports many benchmarks. */
export interface HarnessSpec {
  format: HarnessFormat;
  /**
   * Absolute path of the file (criterion: the directory) the harness writes, when the suite
   * names it with `output:`; null: perfgate adds the harness's own output flags and reads a
   * file of its own (or stdout for text formats).
   */
  output: string | null;
}
