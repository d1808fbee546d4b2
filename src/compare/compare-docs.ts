/**
 * Two results documents → comparison.json. Benchmarks on one side only are reported as added
 * or removed; failed ones as problems; a backend or hard-fingerprint mismatch makes the whole
 * comparison refuse to gate (every reason named), because such numbers are not comparable.
 */
import { compareFingerprints } from '../results/fingerprint-match.js';
import type { BenchmarkResult, ResultsDoc } from '../results/results-doc.js';
import { VERSION } from '../version.js';
import { dict } from '../tools/dict.js';
import { formatPercent } from '../results/format.js';
import { MIN_BASELINE_SESSIONS } from '../stats/sessions.js';
import { analyzeBenchmark, analyzeSessions, finalizeRows, summarize } from './analyze.js';
import {
  COMPARISON_SCHEMA_VERSION,
  type BaselineInfo,
  type BenchmarkProblem,
  type ComparisonDoc,
  type ComparisonRow,
  type SequentialInfo,
  type Side,
} from './comparison-doc.js';

export interface CompareOptions {
  design: 'paired' | 'unpaired';
  /** Where the base side came from; default: results files given by the user. */
  baseline?: BaselineInfo;
  /**
   * Unpaired: every baseline session, oldest first (`base` is the one reported as the base
   * side, normally the newest). Default `[base]`: one session, which cannot gate.
   */
  baseSessions?: ResultsDoc[];
  seed?: number | null;
  fdr?: number;
  /** Interval level per row: 0.95, or wider for sequential looks. */
  confLevel?: number;
  sequential?: SequentialInfo;
  /** Rows already computed (adaptive sampling analyses as it goes); else analysed here. */
  rows?: ComparisonRow[];
  basePath?: string;
  headPath?: string;
  now?: () => Date;
}

function side(doc: ResultsDoc, results?: string): Side {
  return {
    git: doc.git,
    fingerprint: doc.fingerprint,
    backend: doc.backend,
    startedAt: doc.startedAt,
    ...(results ? { results } : {}),
  };
}

/** Reasons the two sides must not be gated against each other; empty when comparable. */
export function incomparability(base: ResultsDoc, head: ResultsDoc): string[] {
  const reasons: string[] = [];
  if (base.backend !== head.backend)
    reasons.push(`backend differs: base measured with ${base.backend}, head with ${head.backend}`);
  const byName = new Map(base.benchmarks.map((b) => [b.name, b]));
  for (const h of head.benchmarks) {
    const b = byName.get(h.name);
    if (b && b.status === 'ok' && h.status === 'ok' && b.backend !== h.backend && base.backend === head.backend) {
      reasons.push(`${h.name}: backend differs: base ${b.backend}, head ${h.backend}`);
    }
  }
  for (const m of compareFingerprints(base.fingerprint, head.fingerprint)) {
    if (m.key === 'backend') continue;
    reasons.push(`fingerprint key '${m.key}' differs: base ${m.base}, head ${m.head}`);
  }
  return reasons;
}

/**
 * A gated metric base measured and head did not (a harness field head broke, a unit head
 * changed) has no row, and without one the gate would pass: the benchmark fails on head.
 */
export function lostGatedMetrics(b: BenchmarkResult, h: BenchmarkResult): string | null {
  const thresholds = dict({ ...b.threshold, ...h.threshold });
  const headMetrics = dict(h.metrics);
  const lost: string[] = [];
  for (const [metric, m] of Object.entries(b.metrics)) {
    if (thresholds[metric] === undefined || m.samples.length === 0) continue;
    const got = headMetrics[metric];
    if (!got || got.samples.length === 0) lost.push(`'${metric}' is missing on head`);
    else if (got.unit !== m.unit) lost.push(`'${metric}' is in ${got.unit} on head, ${m.unit} on base`);
  }
  return lost.length === 0
    ? null
    : `gated metric ${lost.join(', ')}: it cannot be compared, so the benchmark fails rather than pass ungated`;
}

export function problemsOf(base: ResultsDoc, head: ResultsDoc): BenchmarkProblem[] {
  const problems: BenchmarkProblem[] = [];
  const note = (b: BenchmarkResult, s: 'base' | 'head'): void => {
    if (b.status !== 'ok')
      problems.push({ benchmark: b.name, side: s, status: b.status, ...(b.error ? { error: b.error } : {}) });
  };
  base.benchmarks.forEach((b) => note(b, 'base'));
  head.benchmarks.forEach((b) => note(b, 'head'));
  const baseByName = new Map(base.benchmarks.map((b) => [b.name, b]));
  for (const h of head.benchmarks) {
    const b = baseByName.get(h.name);
    const lost = b?.status === 'ok' && h.status === 'ok' ? lostGatedMetrics(b, h) : null;
    if (lost) problems.push({ benchmark: h.name, side: 'head', status: 'failed', error: lost });
  }
  return problems;
}

/**
 * `perfgate compare` on two files: a base with nothing measured, a head with no benchmark, or no
 * benchmark in common cannot be gated, and saying "0 regressions" would be a silent pass.
 * (A head whose benchmarks failed is not this: the gate fails on it, exit 1.)
 */
export function nothingToCompare(
  base: ResultsDoc,
  head: ResultsDoc,
  basePath: string,
  headPath: string,
): string | null {
  const statuses = (d: ResultsDoc): string =>
    d.benchmarks.map((b) => `${b.name} ${b.status}`).join(', ') || 'no benchmarks';
  if (!base.benchmarks.some((b) => b.status === 'ok'))
    return `${basePath}: no benchmark was measured (${statuses(base)}): nothing to compare against`;
  if (head.benchmarks.length === 0) return `${headPath}: no benchmarks: nothing to compare`;
  const baseNames = new Set(base.benchmarks.map((b) => b.name));
  if (!head.benchmarks.some((b) => baseNames.has(b.name))) {
    return `no benchmark in common: ${basePath} has ${base.benchmarks.map((b) => b.name).join(', ')}; ${headPath} has ${head.benchmarks.map((b) => b.name).join(', ')}`;
  }
  return null;
}

export function compareDocs(base: ResultsDoc, head: ResultsDoc, opts: CompareOptions): ComparisonDoc {
  const fdr = opts.fdr ?? 0.05;
  const confLevel = opts.confLevel ?? 0.95;
  const baseByName = new Map(base.benchmarks.map((b) => [b.name, b]));
  const headNames = new Set(head.benchmarks.map((b) => b.name));
  const sessions = opts.design === 'unpaired' ? (opts.baseSessions ?? [base]) : [base];
  const reasons = [...new Set(sessions.flatMap((s) => incomparability(s, head)))];
  const warnings: string[] = [];

  let rows = opts.rows;
  if (!rows) {
    rows = [];
    for (const h of head.benchmarks) {
      const b = baseByName.get(h.name);
      if (!b || b.status !== 'ok' || h.status !== 'ok') continue;
      if (opts.design === 'paired') {
        rows.push(...analyzeBenchmark(b, h, confLevel));
        continue;
      }
      const complete = sessions
        .map((s) => s.benchmarks.find((x) => x.name === h.name))
        .filter((x): x is BenchmarkResult => x?.status === 'ok');
      rows.push(...analyzeSessions(complete, h, confLevel));
    }
  }
  // A harness entry's own result (the whole invocation's counters) is context by design.
  const harnessEntries = new Set(
    head.benchmarks.map((b) => b.harness?.entry).filter((e): e is string => e !== undefined),
  );
  for (const h of head.benchmarks) {
    const b = baseByName.get(h.name);
    if (
      b?.status === 'ok' &&
      h.status === 'ok' &&
      !harnessEntries.has(h.name) &&
      !rows.some((r) => r.benchmark === h.name && r.gated)
    ) {
      warnings.push(
        `${h.name}: no gated metric measured on both sides (thresholds: ${Object.keys(h.threshold).join(', ') || 'none'})`,
      );
    }
  }
  const finalRows = finalizeRows(rows, fdr, reasons.length === 0);
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    tool: { name: 'perfgate', version: VERSION },
    createdAt: (opts.now ?? (() => new Date()))().toISOString(),
    design: opts.design,
    baseline: opts.baseline ?? {
      source: 'files',
      sessions: sessions.length,
      reason: opts.design === 'paired' ? 'pairs measured in one job' : sessionReason(sessions.length),
    },
    seed: opts.seed ?? null,
    fdr,
    sequential: opts.sequential ?? { looks: 1, nominalAlpha: 1 - confLevel },
    base: side(base, opts.basePath),
    head: side(head, opts.headPath),
    gate: { comparable: reasons.length === 0, reasons },
    rows: finalRows,
    added: head.benchmarks.filter((b) => !baseByName.has(b.name)).map((b) => b.name),
    removed: base.benchmarks.filter((b) => !headNames.has(b.name)).map((b) => b.name),
    problems: problemsOf(base, head),
    summary: summarize(finalRows),
    warnings,
  };
}

/** What an unpaired comparison over K baseline sessions can tell, in one sentence. */
export function sessionReason(k: number): string {
  return k < 2
    ? 'one baseline session from another run: the drift between sessions cannot be estimated, so no row is gated'
    : `${k} baseline sessions from other runs: intervals carry the session-to-session spread (random session effect)`;
}

/**
 * Why this comparison can gate nothing at all, or null when it can: the sides are not
 * comparable, or the base is a single session from another run, whose rows are all
 * inconclusive by construction (stats/sessions.ts). A report of such a comparison must say
 * that nothing was gated, never "no regression found".
 */
export function nothingGated(doc: ComparisonDoc): string | null {
  if (!doc.gate.comparable) return `the two sides are not comparable: ${doc.gate.reasons.join('; ')}`;
  if (doc.design === 'unpaired' && doc.baseline.sessions < MIN_BASELINE_SESSIONS)
    return sessionReason(doc.baseline.sessions);
  return null;
}

/**
 * The gate's decision: 1 when a gated row regressed or a benchmark that worked on base fails
 * on head (a broken benchmark must not pass), else 0. Not comparable is the caller's exit 2.
 */
export function gateFails(doc: ComparisonDoc): string[] {
  const why: string[] = [];
  if (doc.summary.regressions > 0) {
    const names = doc.rows
      .filter((r) => r.gated && r.verdict === 'regression')
      .map((r) => `${r.benchmark} ${r.metric} ${formatPercent(r.change)}`);
    why.push(`${doc.summary.regressions} significant regression(s): ${names.join(', ')}`);
  }
  if (doc.interrupted && doc.interrupted.length > 0)
    why.push(`interrupted: ${doc.interrupted.join(', ')} not measured to the end`);
  for (const p of doc.problems) {
    // Without a comparison (base could not be built) every benchmark failed on base; one that
    // also fails on head is still broken there.
    if (
      p.side === 'head' &&
      (doc.noComparison !== undefined || !doc.problems.some((q) => q.side === 'base' && q.benchmark === p.benchmark))
    ) {
      why.push(`${p.benchmark} ${p.status} on head`);
    }
  }
  return why;
}
