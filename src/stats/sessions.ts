/**
 * Comparing measurements from different sessions (another job, another VM, another night).
 * Within one session the samples share page placement, THP, the host's neighbours and the
 * CPU's frequency; between sessions all of that moves, so a within-session interval (the
 * Mann–Whitney one) is far too narrow for a cross-session question and flags identical code
 * (docs/ARCHITECTURE.md §4).
 *
 * The model is a one-way random session effect on the log scale:
 *   log y[s,i] = μ + δ·[s is head] + b[s] + e[s,i],   b[s] ~ N(0, σ_b²),  e[s,i] ~ N(0, σ_w²).
 * A session is summarised by its centre c[s] (log of its median: robust to one slow run), so
 * Var(c[s]) = τ² = σ_b² + κ·σ_w²/n[s] — both components at once, estimated by the sample
 * variance of K baseline centres. The head session is one more draw, so
 *   d = c[head] − mean(c[base]),  Var(d) = τ²·(1 + 1/K),
 * and (d − δ)/(τ̂·√(1 + 1/K)) has Student's t distribution with K − 1 degrees of freedom: the
 * interval for δ is a prediction interval. With one baseline session τ² cannot be estimated at
 * all: such a comparison must not gate.
 *
 * Hand-written because no statistics package on npm offers random-effects prediction
 * intervals; the t distribution comes from ./distributions.ts.
 */
import { studentTCdf, studentTQuantile } from './distributions.js';
import { type Verdict, verdictOf } from './verdict.js';
import { assertConfLevel, assertPositiveSample } from './validate.js';

/** Fewest baseline sessions from which the session-to-session spread is estimated. */
export const MIN_BASELINE_SESSIONS = 2;

export interface SessionComparison {
  /** Relative change of head's centre against the mean baseline centre. */
  change: number;
  /** Relative interval for the true change; NaN ends when it cannot be estimated. */
  ci: [number, number];
  confLevel: number;
  /** One-sided p of H0: shift ≤ ln(1 + θ); null when it cannot be estimated. */
  p: number | null;
  verdict: Verdict;
  sessions: number;
  /** Estimated standard deviation of session centres (log scale), or null. */
  sessionSd: number | null;
  /** Why the row is inconclusive by construction (too few sessions, no spread), else absent. */
  note?: string;
}

/** Log of the median: the centre of one session's samples. */
export function sessionCentre(samples: readonly number[]): number {
  assertPositiveSample('session samples', samples);
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return Math.log(median);
}

/**
 * Head's centre against K baseline centres (all on the log scale), with noise threshold θ.
 * Verdicts as everywhere else: regression when the interval lies above +θ, and so on.
 */
export function compareSessions(
  baseCentres: readonly number[],
  headCentre: number,
  opts: { threshold: number; confLevel?: number },
): SessionComparison {
  const confLevel = opts.confLevel ?? 0.95;
  assertConfLevel(confLevel);
  const k = baseCentres.length;
  if (k === 0 || ![...baseCentres, headCentre].every(Number.isFinite))
    throw new RangeError('compareSessions: need at least one finite baseline centre and a finite head centre');
  const mean = baseCentres.reduce((a, b) => a + b, 0) / k;
  const d = headCentre - mean;
  const change = Math.expm1(d);
  // No interval the sessions can support: the change is shown, not gated, with the reason.
  const notGated = (sessionSd: number | null, note: string) => ({
    change,
    ci: [NaN, NaN] as [number, number],
    confLevel,
    p: null,
    verdict: 'inconclusive' as const,
    sessions: k,
    sessionSd,
    note,
  });
  if (k < MIN_BASELINE_SESSIONS) {
    return notGated(
      null,
      `not gated: one baseline session cannot show how much results move between sessions (give ${MIN_BASELINE_SESSIONS}+ sessions, or measure base and head paired in one job)`,
    );
  }
  const variance = baseCentres.reduce((a, c) => a + (c - mean) ** 2, 0) / (k - 1);
  const sd = Math.sqrt(variance);
  if (sd === 0) {
    // Identical centres (deterministic counts, or a baseline copied K times): the spread is
    // unknown, not zero — a zero-width interval would gate on any difference at all.
    return notGated(
      0,
      `not gated: the ${k} baseline sessions are identical, so their spread says nothing about session-to-session noise`,
    );
  }
  const se = sd * Math.sqrt(1 + 1 / k);
  const df = k - 1;
  const q = studentTQuantile(1 - (1 - confLevel) / 2, df);
  const ci: [number, number] = [Math.expm1(d - q * se), Math.expm1(d + q * se)];
  const p = studentTCdf((d - Math.log1p(opts.threshold)) / se, df, false);
  return {
    change,
    ci,
    confLevel,
    p,
    verdict: verdictOf(ci, confLevel, opts.threshold, undefined),
    sessions: k,
    sessionSd: sd,
  };
}
