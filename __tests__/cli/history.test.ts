/**
 * `perfgate history add|show|detect` through the bundled CLI (npm run bundle first), on results
 * derived from a real captured results.json, a directory store, a data branch in a local bare
 * repository, and CSV series.
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ResultsDoc } from '../../src/results/results-doc.js';
import { createRng } from '../../src/stats/rng.js';
import type { CommandIO } from '../../src/commands/command-io.js';
import { main } from '../../src/commands/dispatch.js';
import { perfgate, type CliResult } from '../helpers/cli.js';
import { cliPath, repoRoot } from '../helpers/paths.js';
import { corpusRequired, sharedCorpus } from '../helpers/optional.js';

const tmp = (prefix: string): string => mkdtempSync(path.join(os.tmpdir(), prefix));
const captured = JSON.parse(
  readFileSync(path.join(repoRoot, '__tests__', 'fixtures', 'history', 'results.json'), 'utf8'),
) as ResultsDoc;
const sha = (night: number): string => night.toString(16).padStart(8, '0').repeat(5);

/**
 * Night `night` of a nightly run: the captured document with its date and commit moved, and
 * shell/sleep's wall samples redrawn around a level that steps up 10% from night STEP on (1%
 * noise), with one slow night (OUTLIER) that must not count as a step.
 */
const STEP = 25;
const OUTLIER = 12;
function nightDoc(night: number, rng: ReturnType<typeof createRng>): ResultsDoc {
  const doc = structuredClone(captured);
  doc.startedAt = new Date(Date.UTC(2026, 10, 1 + night, 3)).toISOString();
  doc.git = { sha: sha(night), ref: 'main' };
  const level = 11_000_000 * (night >= STEP ? 1.1 : 1) * (night === OUTLIER ? 1.5 : 1);
  const sleep = doc.benchmarks.find((b) => b.name === 'shell/sleep');
  if (sleep?.metrics.wall)
    sleep.metrics.wall.samples = Array.from({ length: 5 }, () => Math.round(level * (1 + 0.01 * rng.normal())));
  return doc;
}

function writeNights(dir: string, nights: number): string[] {
  const rng = createRng(2026);
  return Array.from({ length: nights }, (_, n) => {
    const file = path.join(dir, `night-${n}.json`);
    writeFileSync(file, JSON.stringify(nightDoc(n, rng)));
    return file;
  });
}

function perfgateAsync(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** In-memory streams for running a command in this process. */
function memIO(cwd: string): CommandIO & { err: () => string } {
  let err = '';
  const sink = (fn: (s: string) => void): Writable =>
    new Writable({
      write(chunk, _enc, cb) {
        fn(String(chunk));
        cb();
      },
    });
  return {
    stdout: sink(() => undefined),
    stderr: sink((s) => (err += s)),
    stdin: process.stdin,
    cwd,
    env: {},
    isTTY: false,
    err: () => err,
  };
}

beforeAll(() => {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run bundle first`);
});

describe('a directory store of 40 nights', () => {
  const dir = tmp('pg-hist-cli-');
  const store = path.join(dir, 'store');
  let files: string[];
  beforeAll(async () => {
    files = writeNights(dir, 40);
    // The 40 nights go in through the same `history add` command in this process: 40 spawns of
    // the bundle cost most of this file's time and prove nothing the bundled `history add`
    // below (and in the other blocks) does not.
    for (const [n, f] of files.entries()) {
      const io = memIO(dir);
      const code = await main(
        [
          'history',
          'add',
          f,
          '--store',
          store,
          '--suite-id',
          'demo',
          '--run-url',
          `https://github.com/o/r/actions/runs/${n}`,
        ],
        io,
      );
      if (code !== 0) throw new Error(`history add ${f}: ${io.err()}`);
    }
  });

  it('adds one record per benchmark × metric per night into month files', () => {
    const r = perfgate(
      ['history', 'add', files[0] as string, '--store', path.join(dir, 'once'), '--suite-id', 'demo'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /history: 10 records of suite demo at 000000000000 added to .*once \(demo\/2026-11\.jsonl\)/,
    );
    expect(
      readFileSync(path.join(store, 'demo', '2026-11.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(30 * 10);
    expect(
      readFileSync(path.join(store, 'demo', '2026-12.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(10 * 10);
  });

  it('shows a series as a table and as JSON', () => {
    const text = perfgate(['history', 'show', '--store', store, '--benchmark', '^shell/sleep$', '--metric', 'wall'], {
      cwd: dir,
    });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^demo {2}shell\/sleep {2}wall \(ms\): 40 points$/m);
    expect(text.stdout).toMatch(/^2026-11-26 {2}000000190000 {2}12\.127/m);
    const json = perfgate(['history', 'show', '--store', store, '--metric', 'wall', '--json'], { cwd: dir });
    const doc = JSON.parse(json.stdout) as {
      series: { benchmark: string; points: { commit: string; runUrl: string }[] }[];
    };
    expect(doc.series.map((s) => s.benchmark)).toEqual(['shell/true', 'shell/sleep']);
    expect(doc.series[1]?.points).toHaveLength(40);
    expect(doc.series[1]?.points[39]).toMatchObject({
      commit: sha(39),
      runUrl: 'https://github.com/o/r/actions/runs/39',
    });
  });

  it('detects the step at night 25 and not the slow night 12', () => {
    const r = perfgate(['history', 'detect', '--store', store, '--benchmark', 'sleep', '--metric', 'wall', '--json'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const { changePoints } = JSON.parse(r.stdout) as { changePoints: Record<string, unknown>[] };
    expect(changePoints).toHaveLength(1);
    expect(Object.keys(changePoints[0] as object).sort()).toEqual([
      'after',
      'before',
      'benchmark',
      'change',
      'commit',
      'index',
      'kind',
      'metric',
      'p',
      'suite',
    ]);
    expect(changePoints[0]).toMatchObject({
      index: STEP,
      commit: sha(STEP),
      suite: 'demo',
      benchmark: 'shell/sleep',
      metric: 'wall',
      kind: 'regression',
    });
    expect(changePoints[0]?.change as number).toBeGreaterThan(0.08);
    const text = perfgate(['history', 'detect', '--store', store, '--benchmark', 'sleep', '--metric', 'wall'], {
      cwd: dir,
    });
    expect(text.stdout).toMatch(
      new RegExp(
        `at 25 \\(${sha(24).slice(0, 12)}\\.\\.${sha(25).slice(0, 12)}\\): .* \\(\\+\\d+\\.\\d+%\\), p <0\\.001 \\[\\+\\d+\\.\\d+%, \\+\\d+\\.\\d+%\\] 95% CI: regression$`,
        'm',
      ),
    );
    expect(text.stdout).toMatch(/outliers set aside: 12/);
  });

  it('warns about a corrupt line and a foreign file with their paths, and uses the rest', () => {
    const copy = path.join(dir, 'damaged');
    execFileSync('cp', ['-r', store, copy]);
    appendFileSync(path.join(copy, 'demo', '2026-11.jsonl'), '{"v":1,"suite":"demo",\n');
    writeFileSync(path.join(copy, 'demo', 'export.csv'), 'commit,value\n');
    const r = perfgate(['history', 'show', '--store', copy, '--benchmark', 'sleep', '--metric', 'wall', '--json'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${path.join(copy, 'demo', '2026-11.jsonl')}:301: not JSON`);
    expect(r.stderr).toContain(`warning: ${path.join(copy, 'demo', 'export.csv')}:0: not a history file`);
    expect((JSON.parse(r.stdout) as { series: { points: unknown[] }[] }).series[0]?.points).toHaveLength(40);
  });
});

/**
 * Throughput (higher is better, as a harness's ops/s or wrk's requests/s): shell/true's ops/s
 * drops 20% from night STEP on, shell/sleep's rises 20%. The drop is the regression everywhere
 * the history is read; before records kept the direction, it was labelled an improvement.
 */
function throughputDoc(night: number, rng: ReturnType<typeof createRng>): ResultsDoc {
  const doc = structuredClone(captured);
  doc.startedAt = new Date(Date.UTC(2026, 10, 1 + night, 3)).toISOString();
  doc.git = { sha: sha(night), ref: 'main' };
  for (const [name, step] of [
    ['shell/true', 0.8],
    ['shell/sleep', 1.2],
  ] as const) {
    const b = doc.benchmarks.find((x) => x.name === name);
    if (!b) throw new Error(`the fixture has no ${name}`);
    const level = 50_000 * (night >= STEP ? step : 1);
    b.metrics = {
      ops: {
        unit: 'ops/s',
        direction: 'higher',
        samples: Array.from({ length: 5 }, () => Math.round(level * (1 + 0.01 * rng.normal()))),
      },
    };
    b.threshold = { ops: 0.05 };
  }
  return doc;
}

describe('a throughput series (direction: higher) through history add and detect', () => {
  const dir = tmp('pg-hist-thrpt-');
  const store = path.join(dir, 'store');
  beforeAll(() => {
    const rng = createRng(7);
    for (let n = 0; n < 40; n++) {
      const file = path.join(dir, `night-${n}.json`);
      writeFileSync(file, JSON.stringify(throughputDoc(n, rng)));
      const r = perfgate(['history', 'add', file, '--store', store, '--suite-id', 'thrpt'], { cwd: dir });
      if (r.code !== 0) throw new Error(`history add ${file}: ${r.stderr}`);
    }
  });

  it('history add keeps the direction in every record', () => {
    const lines = readFileSync(path.join(store, 'thrpt', '2026-11.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(30 * 2);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({ metric: 'ops', unit: 'ops/s', direction: 'higher', threshold: 0.05 });
  });

  it('history detect --json calls the drop a regression and the rise an improvement', () => {
    const r = perfgate(['history', 'detect', '--store', store, '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const { changePoints } = JSON.parse(r.stdout) as { changePoints: Record<string, unknown>[] };
    expect(changePoints).toHaveLength(2);
    const drop = changePoints.find((c) => c.benchmark === 'shell/true');
    const rise = changePoints.find((c) => c.benchmark === 'shell/sleep');
    expect(drop).toMatchObject({ index: STEP, metric: 'ops', kind: 'regression', direction: 'higher' });
    expect(drop?.change as number).toBeLessThan(-0.15);
    expect(rise).toMatchObject({ index: STEP, metric: 'ops', kind: 'improvement', direction: 'higher' });
    expect(rise?.change as number).toBeGreaterThan(0.15);
  });

  it("history detect text labels them the same way, in the metric's own terms", () => {
    const r = perfgate(['history', 'detect', '--store', store, '--benchmark', '^shell/true$'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /at 25 \(.*\): .* \(-\d+\.\d+%\), p <0\.001 \[-\d+\.\d+%, -\d+\.\d+%\] 95% CI: regression \(higher is better\)$/m,
    );
    const up = perfgate(['history', 'detect', '--store', store, '--benchmark', '^shell/sleep$'], { cwd: dir });
    expect(up.stdout).toMatch(
      /at 25 \(.*\): .* \(\+\d+\.\d+%\), p <0\.001 .* 95% CI: improvement \(higher is better\)$/m,
    );
  });
});

describe('a damaged store (issue 17: a damaged line costs that line only)', () => {
  const dir = tmp('pg-hist-damaged-');
  const store = path.join(dir, 'store');
  const month = path.join(store, 'demo', '2026-11.jsonl');
  beforeAll(() => {
    const [f] = writeNights(dir, 1);
    const r = perfgate(['history', 'add', f as string, '--store', store, '--suite-id', 'demo'], { cwd: dir });
    if (r.code !== 0) throw new Error(`history add: ${r.stderr}`);
    // 10 good records (night 0), then: a block of zeros where a line was being written, a line
    // that is just null, a record dated 9999 and one dated 1970 in the November 2026 file, and
    // ten more good records (a night later).
    const good = readFileSync(month, 'utf8');
    const later = good.replaceAll('2026-11-01T03', '2026-11-02T03');
    const first = JSON.parse(good.split('\n')[0] as string) as Record<string, unknown>;
    const dated = (d: string): string => `${JSON.stringify({ ...first, date: d })}\n`;
    writeFileSync(
      month,
      `${good}\u0000\u0000\u0000\u0000\nnull\n${dated('9999-11-01T03:00:00.000Z')}${dated('1970-01-01T00:00:00.000Z')}${later}`,
    );
  });

  it.each([['show'], ['detect']])('history %s reads every good line around them, warning with file:line', (sub) => {
    const r = perfgate(
      ['history', sub, '--store', store, '--benchmark', '^shell/sleep$', '--metric', 'wall', '--json'],
      { cwd: dir },
    );
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 0,
      stderr: [
        `warning: ${month}:11: binary data (NUL bytes), not a JSON Lines record (skipped)`,
        `warning: ${month}:12: expected a JSON object (a perfgate history record) (skipped)`,
        `warning: ${month}:13: dated 9999-11-01T03:00:00.000Z, outside the file's month 2026-11 (expected a date in 2026-11) (skipped)`,
        `warning: ${month}: 1 more damaged line skipped (lines 14–14)`,
        '',
      ].join('\n'),
    });
    if (sub === 'show')
      expect(
        (JSON.parse(r.stdout) as { series: { points: { date: string }[] }[] }).series[0]?.points.map((p) =>
          p.date.slice(0, 10),
        ),
      ).toEqual(['2026-11-01', '2026-11-02']);
  });
});

describe('a step whose first nights the outlier guard sets aside', () => {
  // A clean 20% step at night 6; the guard sets aside nights 6–8 (they stand out from a
  // neighbourhood still mostly before the step) and the detector makes them a segment of their
  // own, with no night left to bootstrap. detect and site crashed with a RangeError (exit 3).
  const values = [99, 100, 99, 100, 100, 101, 120, 122, 121, 120, 118, 119, 119, 120, 120, 120, 120];
  const dir = tmp('pg-hist-guarded-');
  const store = path.join(dir, 'store');
  beforeAll(() => {
    const [f] = writeNights(dir, 1);
    const r = perfgate(['history', 'add', f as string, '--store', store, '--suite-id', 'demo'], { cwd: dir });
    if (r.code !== 0) throw new Error(`history add: ${r.stderr}`);
    const month = path.join(store, 'demo', '2026-11.jsonl');
    const first = JSON.parse(readFileSync(month, 'utf8').split('\n')[0] as string) as Record<string, unknown>;
    const lines = values.map((v, i) =>
      JSON.stringify({
        ...first,
        benchmark: 'b',
        metric: 'wall',
        commit: sha(i),
        date: new Date(Date.UTC(2026, 10, 1 + i, 3)).toISOString(),
        median: v,
        q1: v,
        q3: v,
        min: v,
        max: v,
        mean: v,
        sd: 0,
        threshold: 0.03,
      }),
    );
    writeFileSync(month, `${lines.join('\n')}\n`);
  });

  it('history detect prints the step without an interval, and why', () => {
    const r = perfgate(['history', 'detect', '--store', store], { cwd: dir });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain('(no interval: every night after the step (points 6–8) was set aside as an outlier)');
    expect(r.stdout).toContain('outliers set aside: 0, 2, 6, 7, 8');
  });

  it('history site builds the page', () => {
    const r = perfgate(['history', 'site', '--store', store, '--out', path.join(dir, 'site')], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'site', 'index.html'), 'utf8')).toContain('<html');
  });
});

describe('a history ref in a local bare repository', () => {
  it('lands two concurrent `history add` runs and reads them back', async () => {
    const dir = tmp('pg-hist-cli-git-');
    const remote = path.join(dir, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    const files = writeNights(dir, 2);
    const runs = await Promise.all(
      files.map((f) =>
        perfgateAsync(
          ['history', 'add', f, '--ref', 'refs/perfgate/history', '--remote', remote, '--suite-id', 'demo'],
          dir,
        ),
      ),
    );
    for (const r of runs) expect(r).toMatchObject({ code: 0 });
    expect(
      execFileSync('git', ['-C', remote, 'rev-list', '--count', 'refs/perfgate/history'], { encoding: 'utf8' }).trim(),
    ).toBe('2');
    const show = perfgate(
      // --remote alone: the default ref.
      ['history', 'show', '--remote', remote, '--metric', 'wall', '--json'],
      { cwd: dir },
    );
    expect(show.code).toBe(0);
    const doc = JSON.parse(show.stdout) as { series: { points: { commit: string }[] }[] };
    expect(doc.series[0]?.points.map((p) => p.commit).sort()).toEqual([sha(0), sha(1)]);
  });
});

describe('detect --csv', () => {
  const dir = tmp('pg-hist-csv-');

  it('finds a step in a commit,value series and prints the JSON contract', () => {
    const rng = createRng(7);
    const lines = [
      'commit,value',
      ...Array.from({ length: 80 }, (_, i) => `c${i},${((i < 50 ? 100 : 95) * (1 + 0.01 * rng.normal())).toFixed(3)}`),
    ];
    writeFileSync(path.join(dir, 's.csv'), `${lines.join('\n')}\n`);
    const r = perfgate(['history', 'detect', '--csv', 's.csv', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { changePoints: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['changePoints']);
    expect(doc.changePoints).toHaveLength(1);
    expect(Object.keys(doc.changePoints[0] as object)).toEqual(['index', 'commit', 'before', 'after', 'change', 'p']);
    expect(doc.changePoints[0]).toMatchObject({ index: 50, commit: 'c50' });
    expect(doc.changePoints[0]?.change as number).toBeLessThan(-0.03);
  });

  it('refuses a malformed CSV naming the file and line (exit 2)', () => {
    writeFileSync(path.join(dir, 'bad.csv'), 'commit,value\na,1\nb,slow\n');
    const r = perfgate(['history', 'detect', '--csv', 'bad.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv:3: value "slow" is not a finite number');
  });

  it('refuses bad flags with exit 2', () => {
    expect(perfgate(['history', 'detect', '--csv', 's.csv', '--p', '0'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--p "0": expected a number > 0/),
    });
    expect(perfgate(['history', 'detect', '--csv', 's.csv', '--window', '1'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--window 1: expected at least 2/),
    });
    expect(perfgate(['history', 'detect', '--csv', 's.csv', '--store', 'x'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--csv and --store/),
    });
    expect(perfgate(['history', 'show', '--store', 'x', '--branch', 'b'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/either a directory store or a git ref/),
    });
    expect(perfgate(['history', 'show', '--ref', 'refs/tags/data', '--remote', 'r.git'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /--ref "refs\/tags\/data": refs\/tags\/ cannot hold perfgate's data \(every clone fetches tags\)/,
      ),
    });
    expect(perfgate(['history', 'show', '--ref', 'perfgate-data', '--remote', 'r.git'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--ref "perfgate-data": expected a full ref name like refs\/perfgate\/history/),
    });
    expect(
      perfgate(['history', 'show', '--ref', 'refs/perfgate/h', '--branch', 'b', '--remote', 'r.git'], { cwd: dir }),
    ).toMatchObject({ code: 2, stderr: expect.stringMatching(/--ref and --branch: give one/) });
    expect(perfgate(['history', 'frobnicate'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown subcommand "frobnicate"/),
    });
    expect(perfgate(['history', 'add', 'missing.json', '--store', 'x'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot read results .*missing\.json/),
    });
  });

  const tb = path.join(sharedCorpus, 'changepoint', 'tigerbeetle.json');
  if (!existsSync(tb) && corpusRequired()) {
    it('has the change-point conformance corpus (CI=true)', () => {
      throw new Error(`conformance corpus missing: ${tb}`);
    });
  } else if (!existsSync(tb)) {
    process.stdout.write(`skipping the TigerBeetle CSV check: ${tb} is absent\n`);
  } else {
    it('finds exactly [15, 71] on the TigerBeetle series at window 30, p 0.01, magnitude 5%', () => {
      const { series } = JSON.parse(readFileSync(tb, 'utf8')) as { series: number[] };
      writeFileSync(path.join(dir, 'tb.csv'), ['commit,value', ...series.map((v, i) => `n${i},${v}`)].join('\n'));
      for (const mode of ['robust', 'otava']) {
        const r = perfgate(
          [
            'history',
            'detect',
            '--csv',
            'tb.csv',
            '--window',
            '30',
            '--p',
            '0.01',
            '--min-magnitude',
            '5%',
            '--mode',
            mode,
            '--json',
          ],
          { cwd: dir },
        );
        expect(r.code).toBe(0);
        expect(
          (JSON.parse(r.stdout) as { changePoints: { index: number; commit: string }[] }).changePoints.map((c) => [
            c.index,
            c.commit,
          ]),
        ).toEqual([
          [15, 'n15'],
          [71, 'n71'],
        ]);
      }
    });
  }
});

describe('history add in the measured repository', () => {
  it("records the commit's subject, read with git from the checkout, and none where the commit is not there", () => {
    const repo = tmp('pg-hist-subject-');
    const g = (...args: string[]): string =>
      execFileSync('git', ['-C', repo, ...args], {
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@x',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@x',
        },
      }).trim();
    g('init', '-q');
    g('commit', '-q', '--allow-empty', '-m', `chore: notes <script>alert(1)</script> ${'x'.repeat(300)}`, '-m', 'body');
    const head = g('rev-parse', 'HEAD');
    const doc = structuredClone(captured);
    doc.git = { sha: head, ref: 'main' };
    writeFileSync(path.join(repo, 'results.json'), JSON.stringify(doc));
    const r = perfgate(['history', 'add', 'results.json', '--store', 'store', '--suite-id', 'demo'], { cwd: repo });
    expect(r.stderr).toContain('history: 10 records');
    expect(r.code).toBe(0);
    const month = doc.startedAt.slice(0, 7);
    const records = readFileSync(path.join(repo, 'store', 'demo', `${month}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { subject?: string; hostFailed?: string[] });
    expect(records).toHaveLength(10);
    // The first line, capped at 120 characters; `history add` had no pre-flight: no host checks.
    expect(records.every((x) => x.subject === records[0]!.subject && x.hostFailed === undefined)).toBe(true);
    expect(records[0]!.subject).toMatch(/^chore: notes <script>alert\(1\)<\/script> x+…$/);
    expect([...records[0]!.subject!]).toHaveLength(120);

    // A commit this repository does not have (results from elsewhere): no subject, no failure.
    const other = perfgate(
      ['history', 'add', 'results.json', '--store', 'store2', '--suite-id', 'demo', '--commit', 'abcdef1234'],
      { cwd: repo },
    );
    expect(other.code).toBe(0);
    expect(readFileSync(path.join(repo, 'store2', 'demo', `${month}.jsonl`), 'utf8')).not.toContain('"subject"');
  });
});
