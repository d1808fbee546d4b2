/**
 * The measuring rig both `run` (one session) and `ab` (paired) stand on: which benchmarks, on
 * which CPUs and backends, after which setup, on a tuned or untuned host, with which
 * fingerprint. One implementation, so that a flag means the same in `perfgate run`,
 * `perfgate ab` and every mode of the action (docs/ARCHITECTURE.md §1).
 */
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError, InputError, InterruptedError, SetupFailedError, errorMessage } from '../errors.js';
import { applyAutoCpus, assertCpusExist, benchmarkCpus, type AutoCpus } from '../host/cpus.js';
import { fingerprint } from '../host/fingerprint.js';
import { chooseBackend, probeHost, type HostProbe } from '../host/probe.js';
import { rootsFromEnv, type HostRoots } from '../host/roots.js';
import {
  applyTuning,
  assertCanTune,
  defaultTuningStateFile,
  describeTuning,
  guardTuning,
  tuningSummary,
  type TuningReport,
} from '../host/tuning.js';
import { withoutAslrBackend } from '../measure/aslr.js';
import { makeBackend, type Backend } from '../measure/backends.js';
import type { PlannedBenchmark } from '../measure/runner.js';
import type { BackendChoice, BackendName, Fingerprint } from '../results/results-doc.js';
import { shardBenchmarks, type ShardSpec } from '../suite/shard.js';
import type { BenchmarkSpec, MaxIterationsFrom, Pairing, Suite } from '../suite/spec.js';
import type { TextSink } from '../tools/text-sink.js';
import { reapEscaped, runProcess } from '../tools/process.js';
import { makeDirs } from '../tools/dirs.js';
import { removeOnExit } from '../tools/cleanup.js';
import { checkCwds } from '../suite/load.js';
import { ADAPTIVE_FACTOR } from '../compare/sequential.js';
import { withTicker } from '../report/heartbeat.js';

/** What a user may override, from flags or action inputs, for every benchmark of a suite. */
export interface MeasureSettings {
  iterations?: number;
  /** Adaptive sampling (paired only) may add pairs up to this many. */
  maxIterations?: number;
  backend?: BackendChoice;
  /** Pin every benchmark to these CPUs (a taskset list or `auto`), overriding the suite. */
  cpus?: string;
  filter?: RegExp;
  /** Measure only this shard of the (filtered) benchmarks; see suite/shard.ts. */
  shard?: ShardSpec;
  /** How `ab` runs each pair, overriding the suite's `pairing` (see suite/spec.ts). */
  pairing?: Pairing;
  /** Tune the host for the run (root only) and restore it afterwards; see host/tuning.ts. */
  tune?: boolean;
  /** Where tuning records previous values (default `defaultTuningStateFile(parentEnv)`). */
  tuningStateFile?: string;
  /**
   * Record flame graph profiles for `profile: true` benchmarks, and counter profiles (cachegrind,
   * without a PMU) of changed benchmarks (default true).
   */
  profile?: boolean;
  /** procfs/sysfs mounts (default from PERFGATE_*_ROOT, else /proc, /sys, /etc). */
  roots?: HostRoots;
  /** Injected in tests; probed for real otherwise. */
  probe?: HostProbe;
  parentEnv: NodeJS.ProcessEnv;
  stderr: TextSink;
  signal?: AbortSignal;
}

const SETUP_TIMEOUT_MS = 30 * 60_000;

/** The suite's benchmarks with the user's overrides applied; a filter that matches nothing is an error. */
export function selectBenchmarks(
  suite: Suite,
  opts: Pick<MeasureSettings, 'iterations' | 'maxIterations' | 'backend' | 'filter' | 'cpus' | 'pairing'>,
): BenchmarkSpec[] {
  const chosen = suite.benchmarks
    .filter((b) => !opts.filter || opts.filter.test(b.name))
    .map((b) => {
      const iterations = opts.iterations ?? b.iterations;
      // The run's maximum, else the suite's (honoured when it equals iterations: a fixed N the
      // suite asked for), else the design's default.
      const [max, from]: [number, MaxIterationsFrom] =
        opts.maxIterations !== undefined
          ? [opts.maxIterations, 'run']
          : b.maxIterationsFrom === 'suite'
            ? [b.maxIterations, 'suite']
            : [iterations * ADAPTIVE_FACTOR, 'default'];
      return {
        ...b,
        iterations,
        maxIterations: Math.max(iterations, max),
        maxIterationsFrom: from,
        ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
        ...(opts.cpus !== undefined ? { cpus: opts.cpus } : {}),
        ...(opts.pairing !== undefined ? { pairing: opts.pairing } : {}),
      };
    });
  if (chosen.length === 0) {
    const names = suite.benchmarks.map((b) => b.name);
    const shown =
      names.length > 20 ? `${names.slice(0, 20).join(', ')}, ... ${names.length - 20} more` : names.join(', ');
    const entries = suite.benchmarks.filter((b) => b.harness).map((b) => b.name);
    // A harness's own benchmarks are only known once it has run: --filter cannot pick them.
    const hint =
      entries.length > 0
        ? `; --filter picks suite entries, not the benchmarks a harness reports (${entries[0]}/…): choose those with the harness's own flag in run: (e.g. -test.bench, --benchmark_filter)`
        : '';
    throw new InputError(
      `--filter ${String(opts.filter)} matches no benchmark of ${suite.path} (names: ${shown})${hint}`,
    );
  }
  return chosen;
}

/** Selected, `cpus: auto` resolved, and sharded: `all` is every benchmark of the run, `mine` this shard's. */
export async function chooseBenchmarks(
  suite: Suite,
  opts: MeasureSettings,
  roots: HostRoots,
): Promise<{ all: BenchmarkSpec[]; mine: BenchmarkSpec[]; auto: AutoCpus | null }> {
  const auto = await applyAutoCpus(selectBenchmarks(suite, opts), roots);
  const mine = opts.shard ? shardBenchmarks(auto.benchmarks, opts.shard.index, opts.shard.count) : auto.benchmarks;
  // taskset would fail on a CPU that is not online only at run time, after setup.
  await assertCpusExist(
    suite,
    mine,
    roots,
    opts.cpus !== undefined && opts.cpus !== 'auto' ? { name: '--cpus', value: opts.cpus } : undefined,
  );
  if (auto.resolved) opts.stderr.write(`cpus: auto → ${auto.resolved.reason}\n`);
  if (opts.shard) {
    opts.stderr.write(
      `shard ${opts.shard.index}/${opts.shard.count}: ${mine.length} of ${auto.benchmarks.length} benchmarks${mine.length > 0 ? ` (${mine.map((b) => b.name).join(', ')})` : ''}\n`,
    );
  }
  return { all: auto.benchmarks, mine, auto: auto.resolved };
}

/**
 * Refusals that need nothing measured or created first: tuning without root. Called before the
 * output directory is made, so a refused run leaves nothing behind. (The flags' and inputs'
 * values themselves are checked by suite/settings.ts before they get here.)
 */
export function assertSettings(opts: Pick<MeasureSettings, 'tune' | 'tuningStateFile' | 'parentEnv'>): void {
  if (opts.tune) assertCanTune({ stateFile: opts.tuningStateFile ?? defaultTuningStateFile(opts.parentEnv) });
}

/**
 * Fails fast, with exit 2, on an output directory that cannot be created or written. Paths
 * under /proc and /sys are refused before mkdir is tried: mkdir -p there can loop for ever.
 */
export async function ensureWritableDir(dir: string, flag = '--out'): Promise<void> {
  const abs = path.resolve(dir);
  if (/^\/(proc|sys)(\/|$)/.test(abs))
    throw new InputError(`cannot write to ${flag} ${dir}: a kernel pseudo-filesystem, not a place for results`);
  try {
    await makeDirs(abs);
    await access(abs, constants.W_OK);
  } catch (err) {
    throw new InputError(`cannot write to ${flag} ${dir}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`);
  }
}

export async function runSetup(
  suite: Suite,
  parentEnv: NodeJS.ProcessEnv,
  stderr: TextSink,
  label = '',
  signal?: AbortSignal,
): Promise<void> {
  const setup = suite.setup;
  if (!setup) return;
  if (signal?.aborted) throw new InterruptedError(`interrupted before setup${label}: nothing measured`);
  stderr.write(`setup${label}: ${setup}\n`);
  const env = Object.fromEntries(Object.entries(parentEnv).filter((e): e is [string, string] => e[1] !== undefined));
  const r = await withTicker(stderr, `setup${label}`, () =>
    runProcess({
      argv: ['/bin/sh', '-c', setup],
      cwd: suite.dir,
      env,
      timeoutMs: SETUP_TIMEOUT_MS,
      ...(signal ? { signal } : {}),
    }),
  );
  reportEscaped(stderr, `setup${label}`);
  // Setup may take up to 30 minutes: the first Ctrl-C stopped it. Exit 130, not an input error.
  if (signal?.aborted) throw new InterruptedError(`setup${label} interrupted and killed: nothing measured`);
  if (r.exitCode !== 0 || r.timedOut) {
    const tail = (r.stderrTail || r.stdoutTail).trim().split('\n').slice(-15).join('\n');
    throw new SetupFailedError(
      `setup${label} failed (${r.timedOut ? 'timed out' : `exit ${r.exitCode}`}): ${suite.setup}\n${tail}`,
    );
  }
}

/**
 * Children that left their process group (setsid) outlive the group kill: found by their
 * inherited marker, killed, and named, since they ran alongside what was measured.
 */
export function reportEscaped(stderr: TextSink, what: string): void {
  const escaped = reapEscaped();
  if (escaped.length === 0) return;
  stderr.write(
    `warning: ${escaped.length} process(es) started by ${what} left their process group (setsid) and were still running; killed: ${escaped.map((e) => `${e.pid} (${e.command.slice(0, 80)})`).join(', ')}\n`,
  );
}

/** Setup, then the cwds setup was to create (without a setup the loader checked them). */
async function buildSuite(suite: Suite, label: string, opts: Pick<MeasureSettings, 'parentEnv' | 'stderr' | 'signal'>) {
  await runSetup(suite, opts.parentEnv, opts.stderr, label, opts.signal);
  if (suite.setup !== null) await checkCwds(suite);
}

/**
 * One side's setup, whose failure is that side's, not the run's (a pull request that repairs a
 * broken base must still be measured): the error with the setup's output tail, or null when it built.
 */
export async function trySetup(
  suite: Suite,
  label: string,
  opts: Pick<MeasureSettings, 'parentEnv' | 'stderr' | 'signal'>,
): Promise<string | null> {
  try {
    await buildSuite(suite, label, opts);
    return null;
  } catch (err) {
    if (err instanceof SetupFailedError || err instanceof InputError) return err.message;
    throw err;
  }
}

/** Plans each benchmark's backend; an explicit backend this machine lacks fails before any run. */
export function planBackends(
  benchmarks: BenchmarkSpec[],
  probe: HostProbe,
): { plans: PlannedBenchmark[]; suiteBackend: BackendName; reason: string } {
  const suiteChoice = chooseBackend('auto', probe);
  const plans = benchmarks.map((spec) => ({
    spec,
    backend: spec.backend === 'auto' ? suiteChoice.backend : chooseBackend(spec.backend, probe).backend,
  }));
  const used = new Set(plans.map((p) => p.backend));
  const [only] = [...used];
  // "auto → perf" only when auto chose: a suite that sets `backend: perf` says so, even where
  // auto would have picked the same.
  const allExplicit = benchmarks.length > 0 && benchmarks.every((b) => b.backend !== 'auto');
  if (used.size === 1 && only !== undefined && (only !== suiteChoice.backend || allExplicit)) {
    return { plans, suiteBackend: only, reason: chooseBackend(only, probe).reason };
  }
  return { plans, suiteBackend: suiteChoice.backend, reason: suiteChoice.reason };
}

export interface Rig {
  probe: HostProbe;
  roots: HostRoots;
  plans: PlannedBenchmark[];
  suiteBackend: BackendName;
  backendReason: string;
  fingerprint: Fingerprint;
  tuning: TuningReport | null;
  /** Scratch directory for the backends' temporary files; removed by close(). */
  scratch: string;
  backendFor: (name: BackendName) => Backend;
  /** A second instance of each backend, with its own scratch files: the other side of a duet pair. */
  partnerFor: (name: BackendName) => Backend;
  /** Removes the scratch directory and restores the host's tuning (throws if that fails). */
  close(): Promise<void>;
}

export interface RigOptions extends MeasureSettings {
  benchmarks: BenchmarkSpec[];
  /** Setups to run, in order, before the fingerprint (an A/B builds its commits itself: engine/checkouts.ts). */
  setups: { suite: Suite; label: string }[];
  /** Soft fingerprint keys of the caller (`cpus-auto` and the like). */
  soft?: Record<string, string>;
}

export async function openRig(opts: RigOptions): Promise<Rig> {
  const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
  const stateFile = opts.tuningStateFile ?? defaultTuningStateFile(opts.parentEnv);
  assertSettings(opts);
  const probe = opts.probe ?? (await probeHost());
  const { plans, suiteBackend, reason } = planBackends(opts.benchmarks, probe);
  opts.stderr.write(`backend: ${reason}\n`);
  // Before the fingerprint: it hashes the binaries setup builds and records the tuned settings.
  for (const s of opts.setups) await buildSuite(s.suite, s.label, opts);
  const tuning = opts.tune ? await applyTuning({ roots, cpus: benchmarkCpus(opts.benchmarks), stateFile }) : null;
  if (tuning) opts.stderr.write(describeTuning(tuning));
  const guard = tuning?.changed ? guardTuning(tuning.stateFile, opts.stderr) : null;
  const soft = { ...(opts.soft ?? {}), ...(tuning ? { tuning: tuningSummary(tuning) } : {}) };
  const fp = await fingerprint(suiteBackend, probe, roots, { backendsUsed: plans.map((p) => p.backend), soft });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'perfgate-run-'));
  const forgetScratch = removeOnExit(scratch);
  const instances = (dir: string): ((name: BackendName) => Backend) => {
    const made = new Map<BackendName, Backend>();
    return (name) => {
      let b = made.get(name);
      if (!b) {
        b = makeBackend(name, probe, dir);
        if (tuning?.aslrOff) b = withoutAslrBackend(b);
        made.set(name, b);
      }
      return b;
    };
  };
  // A backend keeps its output files in its scratch directory: two running at once need two.
  const partnerScratch = path.join(scratch, 'partner');
  await mkdir(partnerScratch);
  return {
    probe,
    roots,
    plans,
    suiteBackend,
    backendReason: reason,
    fingerprint: fp,
    tuning,
    scratch,
    backendFor: instances(scratch),
    partnerFor: instances(partnerScratch),
    close: async () => {
      reportEscaped(opts.stderr, 'the benchmarks');
      await rm(scratch, { recursive: true, force: true });
      forgetScratch();
      const restored = guard?.restore();
      if (restored && restored.failed.length > 0) {
        throw new EnvironmentError(
          `tuning could not be undone: ${restored.failed.join('; ')}. Run 'perfgate tune --restore --state ${stateFile}'`,
        );
      }
    },
  };
}
