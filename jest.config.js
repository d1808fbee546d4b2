// ts-jest in ESM mode (npm test sets NODE_OPTIONS=--experimental-vm-modules): tests import the
// TypeScript sources with `.js` suffixes, which the mapper strips so ts-jest can resolve the `.ts` file.
//
// Three projects, by what a test file runs (see README.md, "Testing"):
//   unit   no perf, valgrind, harness or Chromium runs (pure code, fixtures, git, the loopback
//          GitHub emulator); `npm run test:unit` runs these alone.
//   live   runs the real tools, but asserts nothing that rests on measured times (statuses,
//          files, messages, exit codes, profiles' hot frames), or only verdicts of effects of
//          1.6× and more measured as pairs (both sides share the neighbour, and a neighbour on
//          the other core moves a CPU time by percents, not by half): safe beside another worker.
//   timed  everything else: assertions that need a measured effect (verdicts, effect sizes,
//          false sharing on two idle CPUs) or that change the host (tuning). A serial runner
//          runs these one file at a time, alone: jest runs one runner's files after the
//          other's, never beside them.
// unit and live share the default runner, so they run together on two workers. A new test
// file lands in `timed` until it is listed in UNIT or LIVE: the safe default.
const UNIT = [
  'compare/compare',
  'compare/direction',
  'compare/io-sampling',
  'compare/pair-noise',
  'compare/slowdown-kind',
  'cli/history',
  'commands/flag-help',
  'engine/confirm',
  'engine/history',
  'engine/history-baseline',
  'engine/history-intervals',
  'engine/merge',
  'engine/select',
  'faults/collapse',
  'faults/history-disk',
  'faults/markdown',
  'faults/outdir',
  'faults/results',
  'faults/secrets-sinks',
  'faults/suite',
  'flamegraph/attribution',
  'flamegraph/commands',
  'flamegraph/diff',
  'flamegraph/explain',
  'flamegraph/folded',
  'flamegraph/static',
  'flamegraph/svg',
  'github/alerts',
  'github/comment',
  'github/emulator',
  'github/issues',
  'github/services',
  'github/store',
  'helpers/optional',
  'host/checks',
  'host/duet-cpus',
  'host/fingerprint',
  'host/preflight',
  'host/procfs',
  'host/tuning',
  'lint/boundaries',
  'lint/writers',
  'measure/harness/*',
  'measure/perfstat',
  'profile/collapse',
  'report/alert',
  'report/blocks',
  'report/comment-gfm',
  'report/comparison-text',
  'report/heartbeat',
  'report/kind-line',
  'report/hypothesis',
  'report/likely',
  'report/many-harness-benchmarks',
  'report/markdown',
  'report/rendered',
  'results/format',
  'results/history',
  'results/merge',
  'results/series-csv',
  'stats/*',
  'store/confirmations',
  'store/data-ref',
  'store/default-clone',
  'store/history',
  'suite/benchmark-count',
  'suite/harness-entries',
  'suite/load',
  'suite/settings',
  'suite/shard',
  'tools/git',
  'tools/group',
  'version',
];
const LIVE = [
  // A verdict on a paired effect of 1.6× or more: offcpu-ab (1.6× of the waits), wrk-json (4×
  // the work), flamegraph-images (2× the passes), investigation (2×). (explain-ab is timed: it
  // asserts a frame's interval from five profile runs a side, which a busy neighbour widens.)
  'compare/offcpu-ab',
  'harness/wrk-json',
  // only-real: each harness run with one benchmark's filter; asserts which benchmarks ran, no times.
  'harness/only-real',
  'store/flamegraph-images',
  'report/investigation',
  // nightly-confirm: a bisection of 2× the work; its drift pair is the same code on both sides.
  'action/nightly-confirm',
  'action/broken-base',
  'action/cancel',
  'action/hostile',
  'action/run-action',
  'action/shards',
  // Regressions of 1.67× (a history made 40% faster) and 2× (twice the work), refuted or confirmed by pairs.
  'action/unpaired-confirm',
  // ab-submodule: 4× the work, from a submodule bump; init-cmake: 4× the work, across a submodule.
  'commands/ab-submodule',
  'commands/init-cmake',
  'cli/ab-filter',
  // A/A pairs: asserts that the rows, the table and the sentences agree, not which rows are above θ.
  'cli/ab-mde',
  'cli/cpus-auto',
  // The host probe runs perf once; the backend line is text.
  'engine/backend-reason',
  'cli/doctor',
  'cli/run',
  'cli/shard',
  'commands/compare',
  // perfgate-count built with cc and run beside perf stat: statuses, exit codes, reasons, no times.
  'host/counter',
  'commands/init',
  'faults/ab-interrupt',
  'faults/broken-base',
  'faults/harness',
  'faults/secrets',
  'faults/signals',
  'flamegraph/browser',
  // colours-browser: a 3× loop beside an untouched one; asserts colours against the table's own
  // intervals and that the untouched loop moved < 15% of the slowed one's change.
  'flamegraph/colours-browser',
  'report/html-flamegraph',
  'measure/loop',
  // One cachegrind run of the branch demo: counts, not times.
  'measure/cachegrind',
  'profile/offcpu',
  'report/dashboard',
  'report/trend',
];
const files = (names) => names.map((n) => `<rootDir>/__tests__/${n}.test.ts`);

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
};

export default {
  testTimeout: 120000,
  // Two workers for unit and live; the timed project's runner ignores this and runs in band.
  maxWorkers: 2,
  globalSetup: '<rootDir>/scripts/jest-global-setup.mjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: files(UNIT) },
    { ...common, displayName: 'live', testMatch: files(LIVE) },
    {
      ...common,
      displayName: 'timed',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        ...[...UNIT, ...LIVE].map((n) => `/__tests__/${n.replace('*', '[^/]+')}\\.test\\.ts$`),
      ],
      runner: '<rootDir>/scripts/jest-serial-runner.cjs',
    },
  ],
};
