/**
 * `perfgate history add|show|detect|site`: the nightly history (docs/history.md; site: docs/dashboard.md).
 *   add RESULTS.json   append a baseline run's records to a directory store or a git ref
 *   show               the stored series (a table, or --json)
 *   detect             change points in the stored series, or in one `commit,value` CSV
 *   site               the static dashboard (commands/history-site.ts)
 * Problems met while reading a store (corrupt lines, foreign files) are printed as warnings with
 * their path and line; the rest of the history is still used.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, InputError } from '../errors.js';
import { WriteError } from '../tools/atomic.js';
import {
  detectSeries,
  selectSeries,
  stepInterval,
  suiteIdFromPath,
  type HistoryStore,
  type Series,
  type SeriesFilter,
} from '../engine/history-series.js';
import { formatCi, formatP, formatPercent, formatValue, textTable } from '../results/format.js';
import {
  historyProblemLines,
  suiteIdProblem,
  toHistoryRecords,
  type HistoryProblem,
} from '../results/history-record.js';
import { readResults } from '../results/results-file.js';
import { parseSeriesCsv } from '../results/series-csv.js';
import { DEFAULT_CHANGEPOINT_OPTIONS, detectChangePoints, type ChangePointOptions } from '../stats/changepoint.js';
import { describeSteps, type StepKind } from '../report/steps.js';
import { directoryHistoryStore } from '../store/history-dir.js';
import { resolveHistoryRef, tokenForRemote } from '../store/git-remote.js';
import { gitHistoryStore } from '../store/history-git.js';
import { commitSubject, git } from '../tools/git.js';
import { parsePositiveInt, parseRegex } from './args.js';
import { historySite, HISTORY_SITE_USAGE } from './history-site.js';
import type { Command, CommandIO } from './command-io.js';
import { readInputText } from './stream-io.js';

const STORE_FLAGS = '[--store DIR | --ref REF [--remote URL]]';
export const HISTORY_USAGE = [
  `history add RESULTS.json ${STORE_FLAGS} [--suite-id ID] [--run-url U] [--commit SHA]`,
  `history show ${STORE_FLAGS} [--suite-id ID] [--benchmark RE] [--metric M] [--json]`,
  `history detect ${STORE_FLAGS.slice(0, -1)} | --csv FILE] [--suite-id ID] [--window N] [--p P] [--min-magnitude X] [--mode robust|otava] [--benchmark RE] [--metric M] [--json]`,
  HISTORY_SITE_USAGE,
].join('\n  perfgate ');

const DEFAULT_STORE = path.join('.perfgate', 'history');

const storeOptions = {
  store: { type: 'string' },
  ref: { type: 'string' },
  branch: { type: 'string' },
  remote: { type: 'string' },
  'suite-id': { type: 'string' },
} as const;

interface StoreFlags {
  store?: string | undefined;
  ref?: string | undefined;
  branch?: string | undefined;
  remote?: string | undefined;
}

async function openStore(flags: StoreFlags, io: CommandIO): Promise<HistoryStore> {
  const wantsGit = flags.ref !== undefined || flags.branch !== undefined || flags.remote !== undefined;
  if (flags.store !== undefined && wantsGit) {
    throw new InputError('--store and --ref/--remote: give either a directory store or a git ref, not both');
  }
  if (!wantsGit) {
    const dir = flags.store ?? DEFAULT_STORE;
    if (dir.trim() === '') throw new InputError('--store: expected a directory');
    return directoryHistoryStore(path.resolve(io.cwd, dir));
  }
  let remote = flags.remote;
  if (remote === undefined) {
    // In a CI checkout the history ref lives in the same repository: origin.
    const r = await git(io.cwd, ['remote', 'get-url', 'origin']);
    if (!r.ok || r.out === '')
      throw new InputError(
        `--ref or --branch without --remote: ${io.cwd} has no git remote "origin" to push the history to; give --remote URL`,
      );
    remote = r.out;
  }
  if (remote.trim() === '' || remote.startsWith('-'))
    throw new InputError(`--remote ${JSON.stringify(remote)}: expected a git URL or path`);
  const local = !/^[a-z][a-z0-9+.-]*:\/\//i.test(remote) && !/^[^/]+@[^/]+:/.test(remote);
  const token = tokenForRemote(
    remote,
    io.env.GITHUB_SERVER_URL || 'https://github.com',
    io.env.PERFGATE_HISTORY_TOKEN || io.env.GITHUB_TOKEN,
  );
  return gitHistoryStore({
    remote: local ? path.resolve(io.cwd, remote) : remote,
    ...resolveHistoryRef({ ref: flags.ref, branch: flags.branch }, { ref: '--ref', branch: '--branch' }),
    ...(token ? { token } : {}),
    log: (line) => io.stderr.write(`${line}\n`),
  });
}

function suiteIdFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const problem = suiteIdProblem(value);
  if (problem) throw new InputError(`--suite-id: ${problem}`);
  return value;
}

function warnProblems(problems: readonly HistoryProblem[], io: CommandIO): void {
  for (const line of historyProblemLines(problems)) io.stderr.write(`warning: ${line}\n`);
}

function parseFraction(flag: string, value: string, { allowZero, max }: { allowZero: boolean; max: number }): number {
  const text = value.trim();
  const pct = /^(\d+(\.\d+)?|\.\d+)%$/.exec(text);
  const x = pct ? Number(pct[1]) / 100 : /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(x) || x > max || (allowZero ? x < 0 : x <= 0)) {
    throw new InputError(
      `${flag} ${JSON.stringify(value)}: expected a number ${allowZero ? '≥ 0' : '> 0'} and ≤ ${max} (0.05 or 5%)`,
    );
  }
  return x;
}

const add: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...storeOptions, 'run-url': { type: 'string' }, commit: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1)
    throw new InputError(
      `expected one results.json, got ${positionals.length}\nusage: perfgate ${HISTORY_USAGE.split('\n')[0]}`,
    );
  const file = path.resolve(io.cwd, positionals[0] as string);
  const doc = await readResults(file);
  if (values.commit !== undefined && !/^[0-9a-f]{4,64}$/.test(values.commit))
    throw new InputError(`--commit ${JSON.stringify(values.commit)}: expected a hex commit id`);
  if (!doc.git.sha && values.commit === undefined)
    throw new InputError(`${file} names no commit (it was not measured in a git checkout): give --commit SHA`);
  const suiteId = suiteIdFlag(values['suite-id']) ?? suiteIdFromPath(doc.suite.path);
  // The subject from the repository this runs in, when the commit is there (a CI checkout is).
  const subject = await commitSubject(io.cwd, values.commit ?? doc.git.sha ?? '');
  const records = toHistoryRecords(doc, {
    suiteId,
    subject,
    ...(values['run-url'] !== undefined ? { runUrl: values['run-url'] } : {}),
    ...(values.commit !== undefined ? { commit: values.commit } : {}),
  });
  if (records.length === 0)
    throw new InputError(
      `${file}: no benchmark measured anything (all failed, timed out or were skipped): nothing to add`,
    );
  const store = await openStore(values, io);
  const result = await store.append(records).catch((err: unknown) => {
    // Nothing measured is lost: the run's results file is untouched, and the store holds all of
    // this run's records or none of them (tools/atomic.ts).
    if (err instanceof WriteError)
      throw new WriteError(
        `${err.message}; all ${records.length} records are still in ${file}: run history add again once that is fixed`,
        err.path,
        err.code,
      );
    throw err;
  });
  io.stderr.write(
    `history: ${result.records} records of suite ${suiteId} at ${(records[0]?.commit ?? '').slice(0, 12)} added to ${store.where} (${result.files.join(', ')})\n`,
  );
  return EXIT.ok;
};

function filters(values: {
  benchmark?: string | undefined;
  metric?: string | undefined;
  'suite-id'?: string | undefined;
}): SeriesFilter {
  const suiteId = suiteIdFlag(values['suite-id']);
  return {
    ...(suiteId !== undefined ? { suiteId } : {}),
    ...(values.benchmark !== undefined ? { benchmark: parseRegex('--benchmark', values.benchmark) } : {}),
    ...(values.metric !== undefined ? { metric: values.metric } : {}),
  };
}

async function loadSeries(
  values: StoreFlags & { benchmark?: string | undefined; metric?: string | undefined; 'suite-id'?: string | undefined },
  io: CommandIO,
): Promise<Series[]> {
  const filter = filters(values);
  const store = await openStore(values, io);
  const { records, problems } = await store.read(filter.suiteId);
  warnProblems(problems, io);
  const series = selectSeries(records, filter);
  if (records.length === 0) io.stderr.write(`history: no records in ${store.where}\n`);
  else if (series.length === 0) io.stderr.write(`history: no series in ${store.where} match the filters\n`);
  return series;
}

const show: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...storeOptions,
      benchmark: { type: 'string' },
      metric: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const series = await loadSeries(values, io);
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ series: series.map((s) => ({ suite: s.suite, benchmark: s.benchmark, metric: s.metric, unit: s.unit, points: s.points.map((p) => p.record) })) }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  for (const s of series) {
    const scale = s.points[0]?.value ?? NaN;
    const shown = formatValue(scale, s.unit).unit;
    const fmt = (x: number): string => formatValue(x, s.unit, scale).text;
    io.stdout.write(`${s.suite}  ${s.benchmark}  ${s.metric} (${shown}): ${s.points.length} points\n`);
    const rows = s.points.map((p) => [
      p.date.slice(0, 10),
      p.commit.slice(0, 12),
      fmt(p.value),
      `${fmt(p.record.q1)}–${fmt(p.record.q3)}`,
      String(p.record.n),
      p.record.fingerprint,
      p.record.runUrl ?? '',
    ]);
    io.stdout.write(
      `${textTable(['date', 'commit', 'median', 'q1–q3', 'n', 'machine', 'run'], rows, new Set([2, 3, 4]))}\n`,
    );
  }
  return EXIT.ok;
};

interface JsonChangePoint {
  index: number;
  commit: string;
  before: number;
  after: number;
  change: number;
  p: number;
}

/** A stored series' change point also says what it is (report/steps.ts, the one rule), and, for throughput, that higher is better. */
interface JsonStoreChangePoint extends JsonChangePoint {
  kind: StepKind;
  direction?: 'higher';
}

const detect: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...storeOptions,
      csv: { type: 'string' },
      window: { type: 'string' },
      p: { type: 'string' },
      'min-magnitude': { type: 'string' },
      mode: { type: 'string' },
      benchmark: { type: 'string' },
      metric: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const options: Partial<ChangePointOptions> = {};
  if (values.window !== undefined) {
    options.window = parsePositiveInt('--window', values.window);
    if (options.window < 2) throw new InputError(`--window ${values.window}: expected at least 2 points`);
  }
  if (values.p !== undefined) options.p = parseFraction('--p', values.p, { allowZero: false, max: 1 });
  if (values['min-magnitude'] !== undefined)
    options.minMagnitude = parseFraction('--min-magnitude', values['min-magnitude'], {
      allowZero: true,
      max: Infinity,
    });
  if (values.mode !== undefined) {
    if (values.mode !== 'robust' && values.mode !== 'otava')
      throw new InputError(`--mode ${JSON.stringify(values.mode)}: expected robust or otava`);
    options.mode = values.mode;
  }

  if (values.csv !== undefined) {
    for (const flag of ['store', 'branch', 'remote', 'suite-id', 'benchmark', 'metric'] as const) {
      if (values[flag] !== undefined)
        throw new InputError(`--csv and --${flag}: a CSV file is one series; --${flag} applies to a store`);
    }
    const text = await readInputText(values.csv, io, 'the series (CSV with the header commit,value)');
    const points = parseSeriesCsv(text, values.csv === '-' ? '<stdin>' : values.csv);
    const { changePoints, outliers } = detectChangePoints(
      points.map((p) => p.value),
      { ...DEFAULT_CHANGEPOINT_OPTIONS, ...options },
    );
    const rows: JsonChangePoint[] = changePoints.map((c) => ({
      index: c.index,
      commit: (points[c.index] as { commit: string }).commit,
      before: c.before,
      after: c.after,
      change: c.change,
      p: c.p,
    }));
    if (values.json) io.stdout.write(`${JSON.stringify({ changePoints: rows }, null, 2)}\n`);
    else
      io.stdout.write(
        renderChangePoints(`${values.csv} (${points.length} points)`, rows, {
          outliers,
          unit: '',
          commits: points.map((p) => p.commit),
        }),
      );
    return EXIT.ok;
  }

  const series = await loadSeries(values, io);
  const all: (JsonStoreChangePoint & { suite: string; benchmark: string; metric: string })[] = [];
  let text = '';
  for (const s of series) {
    const { changePoints, outliers } = detectSeries(s, options);
    // Labelled as the alert, the dashboard and the PR comment label them (θ of the records, direction-aware).
    const steps = describeSteps(s.points, changePoints);
    const rows: JsonStoreChangePoint[] = changePoints.map((c) => {
      const step = steps.find((x) => x.index === c.index);
      return {
        index: c.index,
        commit: c.commit,
        before: c.before,
        after: c.after,
        change: c.change,
        p: c.p,
        kind: step?.kind ?? 'within-noise',
        ...(step?.direction ? { direction: step.direction } : {}),
      };
    });
    all.push(...rows.map((r) => ({ ...r, suite: s.suite, benchmark: s.benchmark, metric: s.metric })));
    if (values.json) continue; // the JSON contract has no interval: do not pay for one
    // 2000 resamples: enough for a printed interval, cheap enough for hundreds of series.
    const points = s.points.map((p) => p.value);
    const notes = changePoints.map((c, k) => {
      const r = stepInterval(points, changePoints, k, outliers, { resamples: 2000 });
      const row = rows[k] as JsonStoreChangePoint;
      const label = `: ${row.kind === 'within-noise' ? 'within θ' : row.kind}${row.direction === 'higher' ? ' (higher is better)' : ''}`;
      return ` ${'none' in r ? `(${r.none})` : `${formatCi(r.ci)} 95% CI`}${label}${c.fingerprintChanged ? ' (the machine fingerprint changed here too)' : ''}`;
    });
    text += renderChangePoints(`${s.suite}  ${s.benchmark}  ${s.metric} (${s.points.length} points)`, rows, {
      outliers,
      unit: s.unit,
      notes,
      commits: s.points.map((p) => p.commit),
    });
  }
  if (values.json) io.stdout.write(`${JSON.stringify({ changePoints: all }, null, 2)}\n`);
  else io.stdout.write(text);
  return EXIT.ok;
};

interface ChangePointText {
  outliers: readonly number[];
  /** '' for a bare number (a CSV series). */
  unit: string;
  /** Appended to each row's line. */
  notes?: readonly string[];
  /** The series' commits, to print each step as a commit range. */
  commits?: readonly string[];
}

function renderChangePoints(title: string, rows: readonly JsonChangePoint[], t: ChangePointText): string {
  const { outliers, unit, notes = [], commits = [] } = t;
  const fmt = (x: number): string =>
    unit === '' ? String(Number(x.toPrecision(6))) : `${formatValue(x, unit).text} ${formatValue(x, unit).unit}`;
  const lines = [
    `${title}: ${rows.length === 0 ? 'no change points' : `${rows.length} change point${rows.length === 1 ? '' : 's'}`}`,
  ];
  rows.forEach((r, i) => {
    const range =
      commits.length > 0 ? `${(commits[r.index - 1] ?? '').slice(0, 12)}..${r.commit.slice(0, 12)}` : r.commit;
    lines.push(
      `  at ${r.index} (${range}): ${fmt(r.before)} → ${fmt(r.after)} (${formatPercent(r.change)}), p ${formatP(r.p)}${notes[i] ?? ''}`,
    );
  });
  if (outliers.length > 0) lines.push(`  outliers set aside: ${outliers.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

const SUBCOMMANDS: Record<string, Command> = {
  add,
  show,
  detect,
  site: (argv, io) => historySite(argv, io, openStore),
};

export const history: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  const command = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (!command) {
    const why = sub === undefined ? 'expected a subcommand' : `unknown subcommand ${JSON.stringify(sub)}`;
    throw new InputError(`${why} (${Object.keys(SUBCOMMANDS).join(', ')})\nusage: perfgate ${HISTORY_USAGE}`);
  }
  return command(rest, io);
};
