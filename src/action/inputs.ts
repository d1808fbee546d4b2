/**
 * The action's inputs, read and checked in one place (like actions/checkout's input-helper):
 * every bad input is reported together, each message naming the input and what it expects.
 */
import path from 'node:path';
import { InputError } from '../errors.js';
import { dashboardUrlProblem } from '../report/benchmark-anchor.js';
import type { BackendChoice } from '../results/results-doc.js';
import type { Pairing } from '../suite/spec.js';
import {
  checkBackend,
  checkCpus,
  checkDuration,
  checkPairing,
  checkPositiveInt,
  checkRegex,
  inputProblem,
  type Checked,
} from '../suite/settings.js';
import { parseShard } from '../suite/shard.js';
import { DEFAULT_COMMENT_AUTHOR } from '../store/comment.js';
import { DEFAULT_IMAGE_KEEP_DAYS, resolveHistoryRef } from '../store/git-remote.js';

export const MODES = ['auto', 'baseline', 'compare', 'comment', 'merge'] as const;
export type Mode = (typeof MODES)[number];
export const MISSING_BASELINE = ['ab', 'fail', 'skip'] as const;
/** The reference a pull request is measured against; see action.yml. */
export const BASELINES = ['same-job', 'history', 'artifact'] as const;
export const COMMENT_WHEN = ['always', 'on-change', 'never'] as const;

export interface ActionInputs {
  mode: Mode;
  suite: string;
  /** Identifies this suite's comment and artifacts (several suites can share a PR). */
  suiteId: string;
  out: string;
  iterations: number | null;
  maxIterations: number | null;
  timeBudgetMs: number | null;
  backend: BackendChoice | null;
  cpus: string | null;
  /** How same-job pairs run: sequential, duet or auto; null: the suite's. */
  pairing: Pairing | null;
  filter: RegExp | null;
  token: string;
  baselineArtifact: string;
  reportArtifact: string;
  retentionDays: number | null;
  baseline: (typeof BASELINES)[number];
  onMissingBaseline: (typeof MISSING_BASELINE)[number];
  baselinePath: string | null;
  comment: (typeof COMMENT_WHEN)[number];
  commentAuthor: string;
  failOnRegression: boolean;
  acceptLabel: string;
  allowForkOnSelfHosted: boolean;
  requireQuiet: boolean;
  tune: boolean;
  shard: { index: number; count: number } | null;
  /** Baseline runs append to the history (docs/history.md). */
  history: boolean;
  /** The ref the history is kept on (`history-ref`, or `history-branch` as refs/heads/NAME). */
  historyRef: string;
  /** The old perfgate-data branch, read and carried over while the default ref does not exist. */
  historyLegacy: string | null;
  /** The remote of the history and image refs; default this repository on the server. */
  historyRemote: string | null;
  /** A directory history instead of the history ref (persistent self-hosted runners). */
  historyPath: string | null;
  /** `baseline: history`: the newest sessions of the base branch to compare against. */
  historySessions: number;
  /** After a baseline run on the default branch, a new step in the history opens or updates the suite's alert issue. */
  alerts: boolean;
  /**
   * Before alerting, a new step of the history is confirmed by a paired A/B of the commits either
   * side (and bisected to the culprit) in this job, within time-budget (engine/confirm.ts).
   */
  confirmSteps: boolean;
  /** Differential flame graphs as images in the comment, committed to refs/perfgate/images/<month>. */
  flamegraphImages: boolean;
  /** A month's comment images are deleted this many days after its last day. */
  flamegraphImagesDays: number;
  /** The published history dashboard (`perfgate history site`): the comment's rows link to their benchmark there. */
  dashboardUrl: string | null;
}

/** Reads one input; `''` means not given (how the runner passes an absent input). */
export type InputReader = (name: string) => string;

export function readInputs(get: InputReader, workspace: string): ActionInputs {
  const problems: string[] = [];
  const text = (name: string): string => get(name).trim();
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const v = text(name) || fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    problems.push(`input '${name}' is '${v}': expected one of ${allowed.join(', ')}`);
    return fallback;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const v = text(name).toLowerCase();
    if (v === '') return fallback;
    if (['true', 'yes', 'on', '1'].includes(v)) return true;
    if (['false', 'no', 'off', '0'].includes(v)) return false;
    problems.push(`input '${name}' is '${text(name)}': expected true or false`);
    return fallback;
  };
  /** An input checked by the rule its CLI flag has too (suite/settings.ts); null when not given. */
  const setting = <T>(name: string, check: (text: string) => Checked<T>, example?: string): T | null => {
    const v = text(name);
    if (v === '') return null;
    const c = check(v);
    if (c.ok) return c.value;
    problems.push(inputProblem(name, v, example === undefined ? c.problem : `${c.problem}, e.g. ${example}`));
    return null;
  };
  const positive = (name: string, example: string): number | null => setting(name, checkPositiveInt, example);

  const mode = oneOf('mode', MODES, 'auto');
  const iterations = positive('iterations', '30');
  const maxIterations = positive('max-iterations', '60');
  const retentionDays = positive('retention-days', '90');
  if (retentionDays !== null && retentionDays > 90)
    problems.push(`input 'retention-days' is ${retentionDays}: GitHub keeps artifacts at most 90 days`);

  const backend = setting('backend', checkBackend);
  const cpus = setting('cpus', checkCpus);
  const pairing = setting('pairing', checkPairing);
  const filter = setting('filter', checkRegex);
  const timeBudgetMs = setting('time-budget', checkDuration);

  const shardText = text('shard');
  let shard: ActionInputs['shard'] = null;
  if (shardText !== '') {
    try {
      shard = parseShard(shardText, "input 'shard'");
    } catch (err) {
      problems.push((err as Error).message);
    }
  }

  let historyRefs = { ref: '', legacy: null as string | null };
  try {
    historyRefs = resolveHistoryRef(
      { ref: text('history-ref'), branch: text('history-branch') },
      { ref: "input 'history-ref'", branch: "input 'history-branch'" },
    );
  } catch (err) {
    problems.push((err as Error).message);
  }

  const suite = text('suite') || 'perfgate.yml';
  const suiteId = text('suite-id') || suite.replace(/\.ya?ml$/, '');
  if (!/^[A-Za-z0-9._/-]+$/.test(suiteId))
    problems.push(`input 'suite-id' is '${suiteId}': expected letters, digits and . _ / - only`);

  const dashboardUrl = text('dashboard-url') || null;
  if (dashboardUrl !== null) {
    const why = dashboardUrlProblem(dashboardUrl);
    if (why) problems.push(`input 'dashboard-url': ${why}`);
  }

  const inputs: ActionInputs = {
    mode,
    suite: path.resolve(workspace, suite),
    suiteId,
    out: path.resolve(workspace, text('out') || '.perfgate'),
    iterations,
    maxIterations,
    timeBudgetMs,
    backend,
    cpus,
    pairing,
    filter,
    token: text('github-token'),
    baselineArtifact: text('baseline-artifact') || `perfgate-baseline-${suiteId.replace(/\//g, '-')}`,
    reportArtifact: text('report-artifact') || `perfgate-report-${suiteId.replace(/\//g, '-')}`,
    retentionDays,
    // A stored baseline (an artifact, baseline-path) is context and history, never the default
    // reference: one session from another run cannot gate, so it would silently turn the gate off.
    baseline: oneOf('baseline', BASELINES, 'same-job'),
    onMissingBaseline: oneOf('on-missing-baseline', MISSING_BASELINE, 'ab'),
    baselinePath: text('baseline-path') ? path.resolve(workspace, text('baseline-path')) : null,
    comment: oneOf('comment', COMMENT_WHEN, 'always'),
    commentAuthor: text('comment-author') || DEFAULT_COMMENT_AUTHOR,
    failOnRegression: bool('fail-on-regression', true),
    acceptLabel: text('accept-label') || 'perf-regression-accepted',
    allowForkOnSelfHosted: bool('allow-fork-on-self-hosted', false),
    requireQuiet: bool('require-quiet', false),
    tune: bool('tune', false),
    shard,
    history: bool('history', true),
    historyRef: historyRefs.ref,
    historyLegacy: historyRefs.legacy,
    historyRemote: text('history-remote') || null,
    historyPath: text('history-path') ? path.resolve(workspace, text('history-path')) : null,
    historySessions: positive('history-sessions', '10') ?? 10,
    alerts: bool('alerts', true),
    confirmSteps: bool('confirm-steps', true),
    flamegraphImages: bool('flamegraph-images', true),
    flamegraphImagesDays:
      positive('flamegraph-images-days', String(DEFAULT_IMAGE_KEEP_DAYS)) ?? DEFAULT_IMAGE_KEEP_DAYS,
    dashboardUrl,
  };
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return inputs;
}
