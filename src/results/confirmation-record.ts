/**
 * The confirmation record format (issue 22 item 2): what a paired A/B of the commits either side
 * of a history step concluded, one JSON Lines record per step, kept next to the history
 * (`<suiteId>/confirmations.jsonl` in a store). A step of the history is a hypothesis (a runner
 * drifts between sessions by more than θ); its record says whether the paired run confirmed it
 * and, when it did, which commit did it. The record is keyed by suite, benchmark, metric and the
 * step's two commits, so each step is measured once, not every night, and every reader (the
 * alert issue, the PR comment's notes, the dashboard) agrees on what was confirmed. Pure.
 *
 * A line (version 1):
 *   {"v":1,"suite":"demo","benchmark":"work","metric":"wall","good":"<40 hex>","bad":"<40 hex>",
 *    "outcome":"confirmed","change":0.98,"ci":[0.91,1.05],"verdict":"regression","pairs":12,
 *    "culprit":{"commit":"<40 hex>","subject":"…","change":1.0,"ci":[0.9,1.1]},
 *    "range":{"good":"…","bad":"…"},"reason":"…","date":"2026-12-07T03:10:00.000Z","runUrl":"…",
 *    "flameGraph":"https://…/diff.svg"}
 */
import type { Verdict } from '../stats/verdict.js';
import { suiteIdProblem, type HistoryProblem } from './history-record.js';

export const CONFIRMATION_FORMAT_VERSION = 1;

/** The file of a suite's confirmations inside a store. */
export function confirmationsFilePath(suiteId: string): string {
  return `${suiteId}/confirmations.jsonl`;
}

/**
 * confirmed: the paired A/B of the step's two commits found the regression.
 * rejected: it did not (the step was the runner, not the code): drift, never alerted.
 */
export type ConfirmationOutcome = 'confirmed' | 'rejected';

export interface ConfirmationCulprit {
  commit: string;
  subject: string;
  /** Paired change of the culprit against its parent, and its interval. */
  change: number | null;
  ci: [number, number] | null;
}

export interface ConfirmationRecord {
  v: typeof CONFIRMATION_FORMAT_VERSION;
  suite: string;
  benchmark: string;
  metric: string;
  /** The last commit before the step and the first after it (the history's points). */
  good: string;
  bad: string;
  outcome: ConfirmationOutcome;
  /** The paired change of bad against good, its interval and verdict. */
  change: number | null;
  ci: [number, number] | null;
  verdict: Verdict;
  pairs: number;
  /** The commit that did it; absent when the range was not narrowed to one commit (see range). */
  culprit?: ConfirmationCulprit;
  /** The narrowest range known to hold the step, when it is narrower than good..bad. */
  range?: { good: string; bad: string };
  /** One line: what the paired run concluded. */
  reason: string;
  /** When it was measured (ISO 8601) and the run that did it. */
  date: string;
  runUrl?: string;
  /** The culprit's differential flame graph, when one was published. */
  flameGraph?: string;
}

export interface ParsedConfirmations {
  records: ConfirmationRecord[];
  problems: HistoryProblem[];
}

/** The key a step and its confirmation share: suite, series and the two commits. */
export function confirmationKey(k: {
  suite: string;
  benchmark: string;
  metric: string;
  good: string;
  bad: string;
}): string {
  return JSON.stringify([k.suite, k.benchmark, k.metric, k.good, k.bad]);
}

export function serializeConfirmations(records: readonly ConfirmationRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

const SHA = /^[0-9a-f]{40,64}$/;
const VERDICTS: readonly string[] = ['regression', 'improvement', 'unchanged', 'inconclusive'];
const isNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isCi = (v: unknown): boolean => v === null || (Array.isArray(v) && v.length === 2 && v.every(isNum));
const isText = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

/** Why a parsed JSON value is not a confirmation record, or null when it is one. */
export function confirmationRecordProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'expected a JSON object (a perfgate confirmation record)';
  const o = value as Record<string, unknown>;
  if (o.v !== CONFIRMATION_FORMAT_VERSION)
    return `confirmation format version ${JSON.stringify(o.v)} is not one this perfgate reads (expected ${CONFIRMATION_FORMAT_VERSION})`;
  const checks: [string, boolean, string][] = [
    ['suite', typeof o.suite === 'string' && suiteIdProblem(o.suite) === null, 'a suite id'],
    ['benchmark', isText(o.benchmark), 'a non-empty string'],
    ['metric', isText(o.metric), 'a non-empty string'],
    ['good', typeof o.good === 'string' && SHA.test(o.good), 'a full hex commit id'],
    ['bad', typeof o.bad === 'string' && SHA.test(o.bad), 'a full hex commit id'],
    ['outcome', o.outcome === 'confirmed' || o.outcome === 'rejected', '"confirmed" or "rejected"'],
    ['change', o.change === null || isNum(o.change), 'a number or null'],
    ['ci', isCi(o.ci), 'a [low, high] pair or null'],
    ['verdict', VERDICTS.includes(o.verdict as string), VERDICTS.join(', ')],
    ['pairs', Number.isInteger(o.pairs) && (o.pairs as number) >= 0, 'a whole number ≥ 0'],
    ['reason', typeof o.reason === 'string', 'a string'],
    ['date', typeof o.date === 'string' && !Number.isNaN(Date.parse(o.date)), 'an ISO 8601 date'],
    ['runUrl', o.runUrl === undefined || isText(o.runUrl), 'a URL'],
    ['flameGraph', o.flameGraph === undefined || isText(o.flameGraph), 'a URL'],
  ];
  for (const [key, ok, expected] of checks)
    if (!ok) return `"${key}": expected ${expected}, got ${JSON.stringify(o[key])?.slice(0, 60) ?? 'nothing'}`;
  if (o.culprit !== undefined) {
    const c = o.culprit as Record<string, unknown> | null;
    if (
      typeof c !== 'object' ||
      c === null ||
      typeof c.commit !== 'string' ||
      !SHA.test(c.commit) ||
      typeof c.subject !== 'string' ||
      !(c.change === null || isNum(c.change)) ||
      !isCi(c.ci)
    )
      return '"culprit": expected {commit, subject, change, ci}';
  }
  if (o.range !== undefined) {
    const r = o.range as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null || !SHA.test(String(r.good)) || !SHA.test(String(r.bad)))
      return '"range": expected {good, bad} full commit ids';
  }
  return null;
}

/**
 * JSON Lines → records, never throwing: a line that is not a record is a `{path, line, message}`
 * problem and skipped. A later line for the same step replaces an earlier one (a step measured
 * again after its line was deleted by hand).
 */
export function parseConfirmations(text: string, path: string): ParsedConfirmations {
  const byKey = new Map<string, ConfirmationRecord>();
  const problems: HistoryProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push({ path, line: i + 1, message: `not JSON: ${(err as Error).message}` });
      return;
    }
    const why = confirmationRecordProblem(value);
    if (why) {
      problems.push({ path, line: i + 1, message: why });
      return;
    }
    const r = value as ConfirmationRecord;
    byKey.set(confirmationKey(r), r);
  });
  return { records: [...byKey.values()], problems };
}
