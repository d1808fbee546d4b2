/**
 * `perfgate run` as a function: one session. Load the suite, open the rig (setup, tuning,
 * fingerprint), measure every benchmark, and keep results.json current after each one. The CLI
 * and the action's baseline mode both call it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXIT, EnvironmentError, errorMessage } from '../errors.js';
import { hashBenchmarkBinaries } from '../host/binaries.js';
import { rootsFromEnv } from '../host/roots.js';
import { progressReporter } from '../report/progress.js';
import { renderSummaryText } from '../report/summary.js';
import { recordProfiles } from '../profile/profiles.js';
import { runBenchmarks } from '../measure/runner.js';
import { writeJsonAtomic } from '../results/results-file.js';
import { RESULTS_SCHEMA_VERSION, type BenchmarkResult, type ResultsDoc } from '../results/results-doc.js';
import { loadSuite } from '../suite/load.js';
import type { BenchmarkSpec } from '../suite/spec.js';
import { gitInfo } from '../tools/git.js';
import { VERSION } from '../version.js';
import { assertSettings, chooseBenchmarks, ensureWritableDir, openRig, type MeasureSettings } from './rig.js';
import { writeFileAtomic } from '../tools/atomic.js';

export interface MeasureOptions extends MeasureSettings {
  suitePath: string;
  outDir: string;
  isTTY: boolean;
  /** Overrides what `git rev-parse` finds (the action knows the event's commit). */
  git?: { sha: string | null; ref: string | null };
}

export interface MeasureOutcome {
  doc: ResultsDoc;
  resultsPath: string;
  summaryPath: string;
  /** 0 when every benchmark completed, 1 when any failed, timed out or was skipped. */
  exitCode: number;
}

export async function measureSuite(opts: MeasureOptions): Promise<MeasureOutcome> {
  const suite = await loadSuite(opts.suitePath);
  const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
  const outDir = path.resolve(opts.outDir);
  assertSettings(opts);
  await ensureWritableDir(outDir);
  const chosen = await chooseBenchmarks(suite, opts, roots);
  const rig = await openRig({
    ...opts,
    roots,
    benchmarks: chosen.mine,
    setups: [{ suite, label: '' }],
    soft: chosen.auto ? { 'cpus-auto': `${chosen.auto.cpus}: ${chosen.auto.reason}` } : {},
  });
  const doc: ResultsDoc = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'perfgate', version: VERSION },
    suite: { path: path.relative(process.cwd(), suite.path) || suite.path, sha256: suite.sha256 },
    git: opts.git ?? (await gitInfo(suite.dir)),
    fingerprint: rig.fingerprint,
    backend: rig.suiteBackend,
    backendReason: rig.backendReason,
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    ...(opts.shard ? { shard: { ...opts.shard, all: chosen.all.map((b) => b.name) } } : {}),
    benchmarks: [],
  };
  const binaries = await hashBenchmarkBinaries(chosen.mine, suite.dir);
  if (Object.keys(binaries).length > 0) doc.fingerprint.binaries = binaries;
  const resultsPath = path.join(outDir, 'results.json');
  const summaryPath = path.join(outDir, 'summary.txt');
  // An empty shard (more shards than benchmarks) still leaves a results.json for merge.
  if (rig.plans.length === 0) await writeJsonAtomic(resultsPath, doc);
  const results: BenchmarkResult[] = [];
  let writeFailure: unknown;
  try {
    await runBenchmarks(rig.plans, {
      backendFor: rig.backendFor,
      parentEnv: opts.parentEnv,
      progress: progressReporter(opts.stderr, {
        isTTY: opts.isTTY,
        totalRuns: rig.plans.reduce((n, p) => n + p.spec.warmup + p.spec.iterations, 0),
      }),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.profile !== false
        ? {
            profile: (spec: BenchmarkSpec) =>
              recordProfiles(spec, { perf: rig.probe.perf, outDir, scratch: rig.scratch, parentEnv: opts.parentEnv }),
          }
        : {}),
      onResult: async (r) => {
        results.push(r);
        doc.benchmarks = [...results];
        doc.finishedAt = new Date().toISOString();
        // A write that fails mid-run must not throw away what is still to be measured; a later
        // write that succeeds (space freed) makes the file current again.
        await writeJsonAtomic(resultsPath, doc).then(
          () => (writeFailure = undefined),
          (err: unknown) => (writeFailure = err),
        );
      },
    });
  } finally {
    await rig.close();
  }
  if (writeFailure !== undefined) await saveElsewhere(doc, resultsPath, writeFailure);
  await writeFileAtomic(summaryPath, renderSummaryText(doc)).catch((err: unknown) => {
    throw new EnvironmentError(
      `results are in ${resultsPath}, but ${summaryPath} cannot be written: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}`,
    );
  });
  const incomplete = doc.benchmarks.some((b) => b.status !== 'ok');
  return { doc, resultsPath, summaryPath, exitCode: incomplete ? EXIT.regression : EXIT.ok };
}

/**
 * The last write to --out failed (full disk, EIO): the results.json left there is an older,
 * shorter version that would pass for a complete run, so it goes, and the whole document is
 * saved in the temporary directory instead (or the error says nothing could be saved).
 */
async function saveElsewhere(doc: ResultsDoc, wanted: string, cause: unknown): Promise<never> {
  const why = (cause as NodeJS.ErrnoException).code ?? errorMessage(cause);
  await rm(wanted, { force: true }).catch(() => undefined);
  let fallback: string;
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-results-'));
    fallback = path.join(dir, 'results.json');
    await writeJsonAtomic(fallback, doc);
  } catch (err) {
    throw new EnvironmentError(
      `cannot write ${wanted}: ${why}; saving to ${os.tmpdir()} failed too (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}): the results of this run are lost`,
    );
  }
  throw new EnvironmentError(
    `cannot write ${wanted}: ${why}; the partial file was removed and the complete results saved to ${fallback}`,
  );
}
