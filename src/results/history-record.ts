/**
 * The history record format (issue 13): what a baseline run leaves behind for the nightly
 * history, one JSON Lines record per benchmark × metric. Pure: no I/O; the stores in
 * `store/history-*.ts` move the text around.
 *
 * Why one self-contained line per benchmark × metric rather than one document per run:
 * - appending is a plain text append, so two runs landing in the same month file rebase onto
 *   each other without a conflict in git (each adds lines at the end);
 * - a corrupt or foreign line costs that line only: the parser reports it with its path and line
 *   number and keeps reading.
 *
 * A line (version 1), as written by `serializeHistory`:
 *   {"v":1,"suite":"demo","benchmark":"branch/sorted","metric":"wall","unit":"ns","commit":"9fceb02…",
 *    "ref":"refs/heads/main","date":"2026-12-01T03:00:12.000Z","runUrl":"https://…/actions/runs/1",
 *    "fingerprint":"3f2a9c01b7de","backend":"perf","n":30,"median":1234567,"q1":1230000,"q3":1240000,
 *    "min":1220000,"max":1290000,"mean":1236000,"sd":5120,"threshold":0.03,"suiteHash":"ab12cd34ef56"}
 * A higher-is-better metric's line also has `"direction":"higher"` (before "suiteHash"); a line
 * without it is lower-is-better, as every line written before the field existed.
 *
 * Storage layout: `<suiteId>/<YYYY-MM>.jsonl` (UTC month of the record's date), so a file stays
 * small (a month of nightly runs) and old months are never rewritten.
 *
 * Size (measured and bounded by __tests__/results/history.test.ts): 200 benchmarks × 3 metrics =
 * 600 lines of ~470 bytes ≈ 280 KB per run as text, ~30 KB deflated (git stores objects deflated;
 * the keys and run-level fields repeat on every line).
 */
import { createHash } from 'node:crypto';
import { describe as summarize } from '../stats/describe.js';
import { groupBy } from '../tools/group.js';
import { BACKEND_NAMES, type BackendName, type ResultsDoc } from './results-doc.js';

export const HISTORY_FORMAT_VERSION = 1;

export interface HistoryRecord {
  v: typeof HISTORY_FORMAT_VERSION;
  /** Which suite's history this is (also the store's directory name). */
  suite: string;
  benchmark: string;
  metric: string;
  unit: string;
  /** The measured commit. */
  commit: string;
  /** The ref it was measured on (`refs/heads/main`), or null when unknown. */
  ref: string | null;
  /** ISO 8601 UTC: when the run started (or the date the caller gave). Series sort on it. */
  date: string;
  /** The CI run that measured it, for links from alerts and the dashboard. */
  runUrl?: string;
  /**
   * Short stable hash of the fingerprint's hard keys (machine, kernel, backend settings): a step
   * that coincides with a change of this id is the machine, not the code.
   */
  fingerprint: string;
  backend: BackendName;
  /** Measured runs behind the summary. */
  n: number;
  /** The per-run value the detector and the charts use. */
  median: number;
  /** Type-7 quartiles, for error bars and a robust spread. */
  q1: number;
  q3: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1); null when n < 2. */
  sd: number | null;
  /** The suite's noise threshold θ for this metric (relative), when it has one: alerts gate on it. */
  threshold?: number;
  /**
   * `higher` when higher is better (throughput: ops/s, requests/s), copied from the results'
   * metric, so a drop is the regression (report/steps.ts judges steps in cost terms through
   * stats/verdict.ts). Absent: lower is better, which is how records written before this field
   * read.
   */
  direction?: 'higher';
  /** Short hash of the suite file: a step where it changed is a changed benchmark definition. */
  suiteHash: string;
  /**
   * The measured commit's subject (the first line of its message, at most HISTORY_SUBJECT_MAX
   * characters), so a step at "chore: notes" reads as suspicious on the dashboard and in the
   * alert. Untrusted text: escaped wherever it is shown. Absent: not known when recorded.
   */
  subject?: string;
  /**
   * The ids of the host checks that failed in the run's pre-flight (`cpu-utilisation`, `psi-cpu`;
   * empty: none failed), so an alert can say that the runs around a step ran on a busy host.
   * Absent: the run had no pre-flight (`perfgate history add` of a results.json), or an older record.
   */
  hostFailed?: string[];
}

export interface HistoryMeta {
  suiteId: string;
  runUrl?: string;
  /** Overrides the results' startedAt (ISO 8601). */
  date?: string;
  /** Overrides the results' git sha (for results written outside a checkout). */
  commit?: string;
  ref?: string;
  /** The commit's subject (any text: the first line is kept, capped; blank is left out). */
  subject?: string | null;
  /** Ids of the pre-flight's failed host checks, when the run had a pre-flight. */
  hostFailed?: readonly string[];
}

/** Longest subject a record keeps (longer ones end in `…`): a line of a tooltip, not the message. */
export const HISTORY_SUBJECT_MAX = 120;
/** A host check id as records hold it (host/checks.ts ids: `governor`, `psi-cpu`). */
const CHECK_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_HOST_FAILED = 32;

/**
 * A commit message (or its subject) → the record's subject: the first line, control characters
 * and surrounding blanks removed, at most HISTORY_SUBJECT_MAX characters (whole code points);
 * null when nothing is left.
 */
export function historySubject(message: string): string | null {
  const first = (message.split(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/, 1)[0] ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
  if (first === '') return null;
  const chars = [...first];
  return chars.length <= HISTORY_SUBJECT_MAX
    ? first
    : `${chars
        .slice(0, HISTORY_SUBJECT_MAX - 1)
        .join('')
        .trimEnd()}…`;
}

/** One problem found while reading history text, named by file and 1-based line (0: the whole file). */
export interface HistoryProblem {
  path: string;
  line: number;
  message: string;
}

export interface ParsedHistory {
  records: HistoryRecord[];
  problems: HistoryProblem[];
}

/** A point of one benchmark × metric series. */
export interface HistoryPoint {
  commit: string;
  date: string;
  value: number;
  record: HistoryRecord;
}

const SUITE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Why a suite id is unusable as a directory name, or null when it is fine. */
export function suiteIdProblem(id: string): string | null {
  return SUITE_ID.test(id)
    ? null
    : `suite id ${JSON.stringify(id)}: expected 1–100 of [A-Za-z0-9._-], starting with a letter or digit`;
}

/** Short stable id of a fingerprint's hard keys: sha256 of the key-sorted JSON, 12 hex digits. */
export function fingerprintId(hard: Record<string, string>): string {
  const sorted = Object.fromEntries(
    Object.keys(hard)
      .sort()
      .map((k) => [k, hard[k]]),
  );
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 12);
}

/** Type-7 (linear interpolation) quantile of sorted values, as R's default and numpy's. */
function quantile7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * Nine significant digits: far below any measurement's noise (1e-9 relative), and it keeps
 * float artefacts such as 1234.5670000000002 out of the file.
 */
function round(x: number): number {
  return Number(x.toPrecision(9));
}

/**
 * A results.json → its history records: one per benchmark × metric that measured something
 * (benchmarks that failed, timed out or were skipped have no value to record). Throws TypeError
 * on a meta the caller should have validated (bad suite id, no commit anywhere, bad date).
 */
export function toHistoryRecords(results: ResultsDoc, meta: HistoryMeta): HistoryRecord[] {
  const idProblem = suiteIdProblem(meta.suiteId);
  if (idProblem) throw new TypeError(idProblem);
  const commit = meta.commit ?? results.git.sha;
  if (!commit)
    throw new TypeError(
      'the results name no commit (git.sha is null) and none was given: a history point must name its commit',
    );
  const date = new Date(meta.date ?? results.startedAt);
  if (Number.isNaN(date.getTime()))
    throw new TypeError(`date ${JSON.stringify(meta.date ?? results.startedAt)}: not an ISO 8601 date`);
  for (const id of meta.hostFailed ?? [])
    if (!CHECK_ID.test(id))
      throw new TypeError(`host check id ${JSON.stringify(id)}: expected [a-z0-9-], as host/checks.ts names them`);
  const subject = meta.subject ? historySubject(meta.subject) : null;
  const hostFailed = meta.hostFailed ? [...new Set(meta.hostFailed)].sort().slice(0, MAX_HOST_FAILED) : undefined;
  const fp = fingerprintId(results.fingerprint.hard);
  const suiteHash = results.suite.sha256.slice(0, 12);
  const records: HistoryRecord[] = [];
  for (const b of results.benchmarks) {
    if (b.status !== 'ok') continue;
    for (const [metric, m] of Object.entries(b.metrics)) {
      const samples = m.samples.filter((x) => Number.isFinite(x));
      if (samples.length === 0) continue;
      const sorted = [...samples].sort((x, y) => x - y);
      const s = summarize(sorted);
      const record: HistoryRecord = {
        v: HISTORY_FORMAT_VERSION,
        suite: meta.suiteId,
        benchmark: b.name,
        metric,
        unit: m.unit,
        commit,
        ref: meta.ref ?? results.git.ref,
        date: date.toISOString(),
        ...(meta.runUrl !== undefined ? { runUrl: meta.runUrl } : {}),
        fingerprint: fp,
        backend: b.backend,
        n: s.n,
        median: round(s.median),
        q1: round(quantile7(sorted, 0.25)),
        q3: round(quantile7(sorted, 0.75)),
        min: round(s.min),
        max: round(s.max),
        mean: round(s.mean),
        sd: Number.isNaN(s.sd) ? null : round(s.sd),
        ...(b.threshold[metric] !== undefined ? { threshold: b.threshold[metric] } : {}),
        ...(m.direction === 'higher' ? { direction: 'higher' as const } : {}),
        suiteHash,
        ...(subject !== null ? { subject } : {}),
        ...(hostFailed ? { hostFailed } : {}),
      };
      records.push(record);
    }
  }
  return records;
}

/** The store file a record belongs in: `<suite>/<YYYY-MM>.jsonl`, by the UTC month of its date. */
export function historyFilePath(suiteId: string, date: string): string {
  return `${suiteId}/${historyMonth(date)}.jsonl`;
}

/** The month a record is filed under (`2026-12`): its date's first seven characters (written in UTC). */
export function historyMonth(date: string): string {
  return date.slice(0, 7);
}

/** Records → JSON Lines (each line ends with a newline, so appending keeps the file valid). */
export function serializeHistory(records: readonly HistoryRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

type Check = (value: unknown) => string | null;
const str: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'expected a non-empty string');
const num: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'expected a finite number');
const count: Check = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 ? null : 'expected a whole number ≥ 1';
const optional =
  (c: Check): Check =>
  (v) =>
    v === undefined ? null : c(v);
const nullable =
  (c: Check): Check =>
  (v) =>
    v === null ? null : c(v);
const FIELDS: Record<keyof HistoryRecord, Check> = {
  v: (v) => (v === HISTORY_FORMAT_VERSION ? null : `expected ${HISTORY_FORMAT_VERSION}`),
  suite: (v) => (typeof v === 'string' ? suiteIdProblem(v) : 'expected a string'),
  benchmark: str,
  metric: str,
  unit: (v) => (typeof v === 'string' ? null : 'expected a string'),
  commit: (v) => (typeof v === 'string' && /^[0-9a-f]{4,64}$/.test(v) ? null : 'expected a hex commit id'),
  ref: nullable(str),
  date: (v) =>
    typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'expected an ISO 8601 date',
  runUrl: optional(str),
  fingerprint: (v) => (typeof v === 'string' && /^[0-9a-f]{12}$/.test(v) ? null : 'expected 12 hex digits'),
  backend: (v) =>
    (BACKEND_NAMES as readonly unknown[]).includes(v) ? null : `expected one of ${BACKEND_NAMES.join(', ')}`,
  n: count,
  median: num,
  q1: num,
  q3: num,
  min: num,
  max: num,
  mean: num,
  sd: nullable(num),
  threshold: optional(num),
  direction: optional((v) => (v === 'higher' ? null : 'expected "higher" (absent: lower is better)')),
  suiteHash: (v) => (typeof v === 'string' && /^[0-9a-f]{1,64}$/.test(v) ? null : 'expected hex digits'),
  subject: optional((v) =>
    typeof v === 'string' && v !== '' && historySubject(v) === v
      ? null
      : `expected one line of at most ${HISTORY_SUBJECT_MAX} characters, no control characters (a commit subject)`,
  ),
  hostFailed: optional((v) =>
    Array.isArray(v) && v.length <= MAX_HOST_FAILED && v.every((x) => typeof x === 'string' && CHECK_ID.test(x))
      ? null
      : `expected a list of at most ${MAX_HOST_FAILED} host check ids ([a-z0-9-], e.g. ["cpu-utilisation"])`,
  ),
};

/** Why a parsed JSON value is not a history record, or null when it is one. */
export function historyRecordProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'expected a JSON object (a perfgate history record)';
  const obj = value as Record<string, unknown>;
  if (obj.v !== HISTORY_FORMAT_VERSION) {
    return obj.v === undefined
      ? 'not a perfgate history record (no "v" version field)'
      : `history format version ${JSON.stringify(obj.v)} is not one this perfgate reads (expected ${HISTORY_FORMAT_VERSION})`;
  }
  for (const [key, check] of Object.entries(FIELDS)) {
    const why = check(obj[key]);
    if (why)
      return `"${key}": ${why}${obj[key] === undefined ? ' (missing)' : `, got ${JSON.stringify(obj[key])?.slice(0, 60)}`}`;
  }
  for (const key of Object.keys(obj)) if (!(key in FIELDS)) return `unknown field "${key}"`;
  if (!(
    (obj.min as number) <= (obj.q1 as number) &&
    (obj.q1 as number) <= (obj.median as number) &&
    (obj.median as number) <= (obj.q3 as number) &&
    (obj.q3 as number) <= (obj.max as number)
  )) {
    return 'expected min ≤ q1 ≤ median ≤ q3 ≤ max';
  }
  return null;
}

/**
 * JSON Lines → records, never throwing: every line that is not valid JSON or not a record is
 * reported as `{path, line, message}` and skipped; the other lines are still returned. A damaged
 * line costs that line only: a NUL byte (a disk block of zeros after a crash), a bare `null` or a
 * foreign object is one problem, not the end of the file. Blank lines are ignored (an editor's
 * trailing newline). A file that does not end with a newline was probably cut short mid-write:
 * its last line is kept when it parses, and reported when not.
 * With `expect.suite` (the store directory the file is in), a record of another suite is a
 * problem too: it was misfiled, and counting it would mix two suites' series. With
 * `expect.month` (`2025-03`, the file's name), a record dated outside that month is one too: a
 * date of 9999 or 1970 is a broken clock or a hand edit, and would sort to one end of every
 * series and draw a step there.
 */
export function parseHistory(
  text: string,
  path: string,
  expect: { suite?: string; month?: string } = {},
): ParsedHistory {
  const { suite: expectSuite, month: expectMonth } = expect;
  const records: HistoryRecord[] = [];
  const problems: HistoryProblem[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const problem = (message: string): void => void problems.push({ path, line: i + 1, message });
    // JSON.parse would say "Bad control character"; say what it is.
    if (line.includes('\u0000')) return problem('binary data (NUL bytes), not a JSON Lines record');
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      const cut = i === lines.length - 1 ? ' (the last line has no newline: a write cut short?)' : '';
      return problem(`not JSON${cut}: ${(err as Error).message}`);
    }
    const why = historyRecordProblem(value);
    if (why) return problem(why);
    const record = value as HistoryRecord;
    if (expectSuite !== undefined && record.suite !== expectSuite)
      return problem(
        `a record of suite ${JSON.stringify(record.suite)} in suite ${JSON.stringify(expectSuite)}'s directory: skipped`,
      );
    if (expectMonth !== undefined && historyMonth(record.date) !== expectMonth)
      return problem(
        `dated ${record.date}, outside the file's month ${expectMonth} (expected a date in ${expectMonth})`,
      );
    records.push(record);
  });
  return { records, problems };
}

export function formatHistoryProblem(p: HistoryProblem): string {
  return `${p.path}:${p.line}: ${p.message}`;
}

/** Problems shown one by one per file; past this, the rest of that file's is one counted line. */
export const PROBLEMS_SHOWN_PER_FILE = 3;

/**
 * Problems → warning lines (without the `warning: ` prefix), in input order: up to
 * PROBLEMS_SHOWN_PER_FILE per file, then one line counting the rest of that file's, so a file
 * of a thousand damaged lines is a few lines of warnings, not a thousand.
 */
export function historyProblemLines(problems: readonly HistoryProblem[]): string[] {
  const out: string[] = [];
  for (const [file, list] of groupBy(problems, (p) => p.path)) {
    for (const p of list.slice(0, PROBLEMS_SHOWN_PER_FILE)) out.push(`${formatHistoryProblem(p)} (skipped)`);
    const rest = list.slice(PROBLEMS_SHOWN_PER_FILE);
    if (rest.length > 0)
      out.push(
        `${file}: ${rest.length} more damaged line${rest.length === 1 ? '' : 's'} skipped (lines ${(rest[0] as HistoryProblem).line}–${(rest[rest.length - 1] as HistoryProblem).line})`,
      );
  }
  return out;
}

/** `benchmark|metric`: the key of a series (metric names never hold `|`, so the last `|` splits it). */
export function seriesKey(benchmark: string, metric: string): string {
  return `${benchmark}|${metric}`;
}

/**
 * Records → one series per benchmark × metric, points in date order (records of equal date keep
 * their input order, so a file's append order breaks ties). Callers pass one suite's records.
 */
export function seriesOf(records: readonly HistoryRecord[]): Map<string, HistoryPoint[]> {
  const out = new Map<string, HistoryPoint[]>();
  // Each date parsed once, not twice per comparison (a run's records share one date string).
  const times = new Map<string, number>();
  const time = (date: string): number => {
    let t = times.get(date);
    if (t === undefined) times.set(date, (t = Date.parse(date)));
    return t;
  };
  for (const [key, group] of groupBy(records, (r) => seriesKey(r.benchmark, r.metric))) {
    const points = group.map((record) => ({ commit: record.commit, date: record.date, value: record.median, record }));
    // Array.prototype.sort is stable (ES2019), which keeps the tie order.
    points.sort((a, b) => time(a.date) - time(b.date));
    out.set(key, points);
  }
  return out;
}
