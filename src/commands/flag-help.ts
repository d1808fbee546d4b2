/**
 * What `perfgate COMMAND --help` prints under the usage line: each flag's meaning and default,
 * one definition per flag for every command that takes it (run, ab and bisect share most).
 */
const FLAGS: Record<string, string> = {
  '--base REF': 'the commit to compare against (required), e.g. origin/main',
  '--head REF': 'the commit to measure; default: the working tree, uncommitted changes included',
  '--good REF': 'the last commit known fast (required)',
  '--bad REF': 'the first commit known slow (required)',
  '--suite F': 'the suite file; default perfgate.yml',
  '--out DIR': 'where results.json, comparison.json and the profiles go; default .perfgate (bisect: .perfgate/bisect)',
  '--iterations N': "runs per side (pairs, for ab and bisect) before the first look; default: the suite's, else 30",
  '--max-iterations N':
    "while a gated row is undecided, pairs are added up to this many; default: the suite's max-iterations, else 3 × iterations (equal to iterations: a fixed N)",
  '--time-budget D': "wall-clock budget for all the measuring, e.g. 10m or 90s; default: the suite's, else none",
  '--backend B': "perf, time, valgrind or auto (perf where it counts, else time); default: the suite's, else auto",
  '--cpus LIST|auto':
    "pin every benchmark to these CPUs (taskset list, e.g. 2 or 2-3), or auto (isolated CPUs, else the last core); default: the suite's, else unpinned",
  '--pairing P':
    "sequential (base and head one after the other on the same CPUs), duet (both at once, each on half of the benchmark's cpus) or auto (a short calibration picks); default: the suite's, else sequential",
  '--filter RE': 'only suite entries whose name matches (a harness picks its own benchmarks with its own flag)',
  '--benchmark RE': 'bisect only the benchmarks whose name matches; default: the one that regressed most',
  '--metric M': 'bisect on this metric; default: the most reliable one that regressed (task-clock before wall)',
  '--shard i/n': 'measure only shard i of n (benchmarks split by expected cost, the same split in every job)',
  '--tune': 'tune the host for the run (governor, boost, ASLR…) and restore it after; root only',
  '--tune-state FILE': 'where --tune records what it changed, for `perfgate tune --restore`',
  '--seed N': 'seed of the order inside each pair; default: drawn, printed and kept in comparison.json',
  '--on-missing-baseline skip|fail':
    "base cannot be built or measured: head's numbers shown, not gated (skip, default), or exit 1 (fail)",
  '--no-profile': 'no profiles: faster, but no why (frames, flame graphs, the cachegrind counts of the kind of change)',
  '--json': 'print the JSON document on stdout (the table goes to stderr)',
  '--no-fail': 'exit 0 even when a benchmark regressed',
};

/** The flags a usage line names, with their meanings, aligned: `  --seed N   seed of …`. */
export function flagHelp(usage: string): string {
  const listed = Object.keys(FLAGS).filter((f) =>
    new RegExp(`(^|[\\s[])${f.split(' ')[0]}(?=[\\s\\]|]|$)`).test(usage),
  );
  if (listed.length === 0) return '';
  const width = Math.max(...listed.map((f) => f.length));
  return listed.map((f) => `  ${f.padEnd(width)}  ${FLAGS[f]}`).join('\n');
}
