/** The history record format: results → records → JSON Lines → records, and every reason to reject a line. */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readResults } from '../../src/results/results-file.js';
import { repoRoot } from '../helpers/paths.js';
import {
  fingerprintId,
  HISTORY_SUBJECT_MAX,
  historyFilePath,
  historySubject,
  historyProblemLines,
  parseHistory,
  serializeHistory,
  seriesOf,
  toHistoryRecords,
  type HistoryRecord,
} from '../../src/results/history-record.js';
import type { BenchmarkResult, ResultsDoc } from '../../src/results/results-doc.js';
import { createRng } from '../../src/stats/rng.js';

function results(benchmarks: BenchmarkResult[], over: Partial<ResultsDoc> = {}): ResultsDoc {
  return {
    schemaVersion: 1,
    tool: { name: 'perfgate', version: '0.1.0' },
    suite: { path: 'perfgate.yml', sha256: 'ab12cd34ef56'.padEnd(64, '0') },
    git: { sha: '9fceb02d0ae598e95dc970b74767f19372d61af8', ref: 'refs/heads/main' },
    fingerprint: { hard: { cpu: 'AMD EPYC 7B13', kernel: '6.1.0', backend: 'perf' }, soft: { hostname: 'runner-1' } },
    backend: 'perf',
    backendReason: 'auto → perf',
    startedAt: '2026-12-01T03:00:12.000Z',
    finishedAt: '2026-12-01T03:20:00.000Z',
    benchmarks,
    ...over,
  };
}

const ok = (name: string, metrics: BenchmarkResult['metrics']): BenchmarkResult => ({
  name,
  status: 'ok',
  backend: 'perf',
  threshold: { wall: 0.03 },
  metrics,
});

it('summarises each ok benchmark × metric with type-7 quartiles, and skips failed benchmarks', () => {
  const doc = results([
    ok('branch/sorted', {
      wall: { unit: 'ns', samples: [5, 1, 4, 2, 3] },
      instructions: { unit: 'count', samples: [100] },
    }),
    {
      name: 'broken',
      status: 'failed',
      error: 'exit 1',
      backend: 'perf',
      threshold: {},
      metrics: { wall: { unit: 'ns', samples: [1] } },
    },
  ]);
  const recs = toHistoryRecords(doc, { suiteId: 'demo', runUrl: 'https://github.com/o/r/actions/runs/7' });
  expect(recs).toHaveLength(2);
  expect(recs[0]).toEqual({
    v: 1,
    suite: 'demo',
    benchmark: 'branch/sorted',
    metric: 'wall',
    unit: 'ns',
    commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
    ref: 'refs/heads/main',
    date: '2026-12-01T03:00:12.000Z',
    runUrl: 'https://github.com/o/r/actions/runs/7',
    fingerprint: fingerprintId(doc.fingerprint.hard),
    backend: 'perf',
    n: 5,
    // numpy.percentile([1,2,3,4,5], [25, 50, 75]) = [2, 3, 4]; mean 3; sd = sqrt(2.5)
    median: 3,
    q1: 2,
    q3: 4,
    min: 1,
    max: 5,
    mean: 3,
    sd: 1.58113883,
    threshold: 0.03,
    suiteHash: 'ab12cd34ef56',
  });
  expect(recs[1]).toMatchObject({ metric: 'instructions', n: 1, sd: null, median: 100 });
  expect(recs[1]).not.toHaveProperty('threshold');
});

it('interpolates quartiles as numpy does (type 7)', () => {
  // numpy.percentile([10, 20, 30, 40], [25, 75]) = [17.5, 32.5]
  const [r] = toHistoryRecords(results([ok('x', { wall: { unit: 'ns', samples: [40, 10, 30, 20] } })]), {
    suiteId: 's',
  });
  expect([r?.q1, r?.median, r?.q3]).toEqual([17.5, 25, 32.5]);
});

it('hashes the fingerprint independently of key order, and differently for different machines', () => {
  expect(fingerprintId({ a: '1', b: '2' })).toBe(fingerprintId({ b: '2', a: '1' }));
  expect(fingerprintId({ a: '1', b: '2' })).not.toBe(fingerprintId({ a: '1', b: '3' }));
  expect(fingerprintId({})).toMatch(/^[0-9a-f]{12}$/);
});

it('refuses a bad suite id, a missing commit and a bad date', () => {
  const doc = results([ok('x', { wall: { unit: 'ns', samples: [1] } })]);
  expect(() => toHistoryRecords(doc, { suiteId: '../up' })).toThrow(/suite id/);
  expect(() => toHistoryRecords(results([], { git: { sha: null, ref: null } }), { suiteId: 's' })).toThrow(/no commit/);
  expect(
    toHistoryRecords(results([ok('x', { wall: { unit: 'ns', samples: [1] } })], { git: { sha: null, ref: null } }), {
      suiteId: 's',
      commit: 'abcdef1',
    })[0]?.commit,
  ).toBe('abcdef1');
  expect(() => toHistoryRecords(doc, { suiteId: 's', date: 'yesterday' })).toThrow(/ISO 8601/);
});

it('files records by suite and UTC month', () => {
  expect(historyFilePath('demo', '2026-12-01T03:00:12.000Z')).toBe('demo/2026-12.jsonl');
});

it('round-trips through JSON Lines', () => {
  const recs = toHistoryRecords(
    results([
      ok('a', { wall: { unit: 'ns', samples: [1.1, 2.2, 3.3] } }),
      ok('b', { wall: { unit: 'ns', samples: [7] } }),
    ]),
    { suiteId: 'demo' },
  );
  const text = serializeHistory(recs);
  expect(text.endsWith('\n')).toBe(true);
  expect(text.split('\n')).toHaveLength(3);
  expect(parseHistory(text, 'demo/2026-12.jsonl')).toEqual({ records: recs, problems: [] });
});

it("keeps a higher-is-better metric's direction, writes none for lower-is-better, and reads old lines without it", () => {
  const recs = toHistoryRecords(
    results([
      ok('a', {
        ops: { unit: 'ops/s', samples: [900, 1000, 1100], direction: 'higher' },
        wall: { unit: 'ns', samples: [5, 6] },
      }),
    ]),
    { suiteId: 'demo' },
  );
  expect(recs.map((r) => [r.metric, r.direction])).toEqual([
    ['ops', 'higher'],
    ['wall', undefined],
  ]);
  const text = serializeHistory(recs);
  expect(text.split('\n')[0]).toContain('"direction":"higher"');
  expect(text.split('\n')[1]).not.toContain('direction');
  expect(parseHistory(text, 'demo/2026-12.jsonl')).toEqual({ records: recs, problems: [] });
  // Any other value is a damaged line, named, not a silent lower-is-better.
  const lower = text.split('\n')[0]!.replace('"direction":"higher"', '"direction":"lower"');
  expect(parseHistory(`${lower}\n`, 'demo/2026-12.jsonl').problems).toEqual([
    {
      path: 'demo/2026-12.jsonl',
      line: 1,
      message: '"direction": expected "higher" (absent: lower is better), got "lower"',
    },
  ]);
});

it('keeps the commit subject (first line, capped, control characters out) and the failed host checks, and reads old lines without them', () => {
  const doc = results([ok('a', { wall: { unit: 'ns', samples: [5, 6] } })]);
  const hostile = `chore: notes <img src=x onerror=alert(1)> | [x](javascript:y) @team\u0007${'é'.repeat(200)}\nsecond line`;
  const [rec] = toHistoryRecords(doc, {
    suiteId: 'demo',
    subject: hostile,
    hostFailed: ['psi-cpu', 'cpu-utilisation', 'psi-cpu'],
  });
  // Stored as the text it is (escaping is the renderer's job), on one line, 120 characters at most.
  expect([...rec!.subject!]).toHaveLength(HISTORY_SUBJECT_MAX);
  expect(rec!.subject).toMatch(/^chore: notes <img src=x onerror=alert\(1\)> \| \[x\]\(javascript:y\) @team é+…$/);
  expect(rec!.hostFailed).toEqual(['cpu-utilisation', 'psi-cpu']);
  expect(historySubject('  \n\nbody only')).toBeNull();
  expect(historySubject('fix: x\r\n\r\nbody')).toBe('fix: x');
  // Checks that ran and all passed: an empty list, which is not "unknown".
  expect(toHistoryRecords(doc, { suiteId: 'demo', hostFailed: [] })[0]!.hostFailed).toEqual([]);
  // Neither known: neither written.
  const plain = toHistoryRecords(doc, { suiteId: 'demo', subject: null })[0]!;
  expect(Object.keys(plain)).not.toContain('subject');
  expect(Object.keys(plain)).not.toContain('hostFailed');
  const text = serializeHistory([rec!, plain]);
  expect(parseHistory(text, 'demo/2026-12.jsonl')).toEqual({ records: [rec, plain], problems: [] });
  // A damaged or hand-made value is named, not taken.
  const line = text.split('\n')[0]!;
  const bad = [
    line.replace(/"subject":"[^"]*"/, '"subject":"two\\nlines"'),
    line.replace(/"subject":"[^"]*"/, `"subject":"${'x'.repeat(121)}"`),
    line.replace(/"hostFailed":\[[^\]]*\]/, '"hostFailed":["<b>"]'),
    line.replace(/"hostFailed":\[[^\]]*\]/, '"hostFailed":"psi-cpu"'),
  ];
  expect(
    parseHistory(`${bad.join('\n')}\n`, 'demo/2026-12.jsonl').problems.map((p) => [p.line, p.message.split(',')[0]]),
  ).toEqual([
    [1, '"subject": expected one line of at most 120 characters'],
    [2, '"subject": expected one line of at most 120 characters'],
    [3, '"hostFailed": expected a list of at most 32 host check ids ([a-z0-9-]'],
    [4, '"hostFailed": expected a list of at most 32 host check ids ([a-z0-9-]'],
  ]);
  expect(() => toHistoryRecords(doc, { suiteId: 'demo', hostFailed: ['Not An Id'] })).toThrow(
    /host check id "Not An Id"/,
  );
});

it('reports each bad line with its path and line number and keeps every good one', () => {
  const [good] = toHistoryRecords(results([ok('a', { wall: { unit: 'ns', samples: [1, 2, 3] } })]), {
    suiteId: 'demo',
  });
  const line = JSON.stringify(good);
  const text = [
    line,
    '{"v":1,"suite":"demo"', // cut short
    '{"name":"BM_foo","real_time":12}', // foreign
    JSON.stringify({ ...good, v: 2 }),
    JSON.stringify({ ...good, median: 'fast' }),
    JSON.stringify({ ...good, extra: 1 }),
    JSON.stringify({ ...good, q1: 5 }),
    '',
    '[1,2]',
    line,
  ].join('\n');
  const { records, problems } = parseHistory(`${text}\n`, 'store/demo/2026-12.jsonl');
  expect(records).toHaveLength(2);
  expect(problems.map((p) => [p.path, p.line])).toEqual(
    [2, 3, 4, 5, 6, 7, 9].map((n) => ['store/demo/2026-12.jsonl', n]),
  );
  expect(problems.map((p) => p.message)).toEqual([
    expect.stringMatching(/^not JSON/),
    'not a perfgate history record (no "v" version field)',
    'history format version 2 is not one this perfgate reads (expected 1)',
    '"median": expected a finite number, got "fast"',
    'unknown field "extra"',
    'expected min ≤ q1 ≤ median ≤ q3 ≤ max',
    'expected a JSON object (a perfgate history record)',
  ]);
});

it('reports a record of another suite in a suite directory file, and keeps the rest', () => {
  const [good] = toHistoryRecords(results([ok('a', { wall: { unit: 'ns', samples: [1, 2, 3] } })]), {
    suiteId: 'demo',
  });
  const text = serializeHistory([good as HistoryRecord, { ...(good as HistoryRecord), suite: 'other' }]);
  const { records, problems } = parseHistory(text, 'demo/2026-12.jsonl', { suite: 'demo' });
  expect(records).toEqual([good]);
  expect(problems).toEqual([
    { path: 'demo/2026-12.jsonl', line: 2, message: `a record of suite "other" in suite "demo"'s directory: skipped` },
  ]);
});

it('costs a line with a NUL byte that line only, not the whole month file', () => {
  const recs = toHistoryRecords(results([ok('a', { wall: { unit: 'ns', samples: [1, 2, 3] } })]), { suiteId: 'demo' });
  const line = serializeHistory(recs);
  // A crash that left a block of zeros where a line was being written.
  const text = `${line}\u0000\u0000\u0000\u0000\n${line}${line}`;
  const { records, problems } = parseHistory(text, 'demo/2026-12.jsonl', { suite: 'demo', month: '2026-12' });
  expect(records).toHaveLength(3);
  expect(problems).toEqual([
    { path: 'demo/2026-12.jsonl', line: 2, message: 'binary data (NUL bytes), not a JSON Lines record' },
  ]);
});

it('reports a line that is just null, a number or a string, instead of throwing', () => {
  const recs = toHistoryRecords(results([ok('a', { wall: { unit: 'ns', samples: [1, 2, 3] } })]), { suiteId: 'demo' });
  const line = serializeHistory(recs);
  const text = `null\n${line}42\n"x"\n${line}`;
  const { records, problems } = parseHistory(text, 'demo/2026-12.jsonl', { suite: 'demo', month: '2026-12' });
  expect(records).toHaveLength(2);
  expect(problems.map((p) => [p.line, p.message])).toEqual(
    [1, 3, 4].map((n) => [n, 'expected a JSON object (a perfgate history record)']),
  );
});

it('refuses a record dated outside the month its file is named for (9999, 1970 in a 2025 file)', () => {
  const [good] = toHistoryRecords(
    results([ok('a', { wall: { unit: 'ns', samples: [1, 2, 3] } })], { startedAt: '2025-03-04T03:00:00.000Z' }),
    { suiteId: 'demo' },
  );
  const g = good as HistoryRecord;
  const text = serializeHistory([
    g,
    { ...g, date: '9999-12-31T00:00:00.000Z' },
    { ...g, date: '1970-01-01T00:00:00.000Z' },
    { ...g, date: '2025-03-31T23:59:59.999Z' },
  ]);
  const { records, problems } = parseHistory(text, 'store/demo/2025-03.jsonl', { suite: 'demo', month: '2025-03' });
  expect(records.map((r) => r.date)).toEqual(['2025-03-04T03:00:00.000Z', '2025-03-31T23:59:59.999Z']);
  expect(problems).toEqual([
    {
      path: 'store/demo/2025-03.jsonl',
      line: 2,
      message: "dated 9999-12-31T00:00:00.000Z, outside the file's month 2025-03 (expected a date in 2025-03)",
    },
    {
      path: 'store/demo/2025-03.jsonl',
      line: 3,
      message: "dated 1970-01-01T00:00:00.000Z, outside the file's month 2025-03 (expected a date in 2025-03)",
    },
  ]);
});

it('warns about the first few damaged lines of a file and counts the rest in one line', () => {
  const many = Array.from({ length: 1000 }, (_, i) => ({
    path: 'demo/2026-11.jsonl',
    line: i + 1,
    message: 'binary data (NUL bytes), not a JSON Lines record',
  }));
  const lines = historyProblemLines([...many, { path: 'demo/2026-12.jsonl', line: 7, message: 'not JSON: x' }]);
  expect(lines).toEqual([
    'demo/2026-11.jsonl:1: binary data (NUL bytes), not a JSON Lines record (skipped)',
    'demo/2026-11.jsonl:2: binary data (NUL bytes), not a JSON Lines record (skipped)',
    'demo/2026-11.jsonl:3: binary data (NUL bytes), not a JSON Lines record (skipped)',
    'demo/2026-11.jsonl: 997 more damaged lines skipped (lines 4–1000)',
    'demo/2026-12.jsonl:7: not JSON: x (skipped)',
  ]);
});

it('groups series by benchmark|metric in date order, ties in input order', () => {
  const base = toHistoryRecords(
    results([ok('a', { wall: { unit: 'ns', samples: [1] }, cycles: { unit: 'count', samples: [9] } })]),
    { suiteId: 's' },
  );
  const at = (r: HistoryRecord, date: string, commit: string, median: number): HistoryRecord => ({
    ...r,
    date,
    commit,
    median,
    q1: median,
    q3: median,
    min: median,
    max: median,
    mean: median,
  });
  const wall = base[0] as HistoryRecord;
  const recs = [
    at(wall, '2026-12-03T00:00:00.000Z', 'ccc', 3),
    at(wall, '2026-12-01T00:00:00.000Z', 'aaa', 1),
    at(wall, '2026-12-03T00:00:00.000Z', 'ddd', 4),
    base[1] as HistoryRecord,
  ];
  const series = seriesOf(recs);
  expect([...series.keys()]).toEqual(['a|wall', 'a|cycles']);
  expect(series.get('a|wall')?.map((p) => [p.commit, p.value])).toEqual([
    ['aaa', 1],
    ['ccc', 3],
    ['ddd', 4],
  ]);
});

it('costs a bounded number of bytes per run (200 benchmarks × 3 metrics)', () => {
  // Noisy samples (1% normal noise, counts as integers) so deflate sees realistic digits.
  const rng = createRng(13);
  const noisy = (centre: number, digits: number): number[] =>
    Array.from({ length: 30 }, () => Number((centre * (1 + 0.01 * rng.normal())).toFixed(digits)));
  const benchmarks = Array.from({ length: 200 }, (_, i) =>
    ok(`group${i % 10}/benchmark-${i}`, {
      wall: { unit: 'ns', samples: noisy(1_234_567 * (1 + i / 10), 0) },
      'task-clock': { unit: 'ms', samples: noisy(1.2345 * (1 + i / 10), 6) },
      instructions: { unit: 'count', samples: noisy(4_567_890 * (1 + i / 10), 0) },
    }),
  );
  const text = serializeHistory(
    toHistoryRecords(results(benchmarks), {
      suiteId: 'demo',
      runUrl: 'https://github.com/owner/repo/actions/runs/12345678901',
      // As the action writes them: the commit's subject and a pre-flight with no failed check.
      subject: 'perf: inline the hash of short keys in the parser (#1234)',
      hostFailed: [],
    }),
  );
  const bytes = Buffer.byteLength(text);
  const deflated = gzipSync(text).length;
  process.stdout.write(
    `history: 200 benchmarks × 3 metrics = ${bytes} bytes per run (${(bytes / 600).toFixed(0)} per record), ${deflated} gzipped\n`,
  );
  // The documented bound (docs/history.md): under 350 KB raw, under 60 KB as git stores it.
  expect(bytes).toBeLessThan(350_000);
  expect(deflated).toBeLessThan(60_000);
});

it('turns a real results.json (perfgate run, perf backend, captured in fixtures/history) into records numpy agrees with', async () => {
  const doc = await readResults(path.join(repoRoot, '__tests__', 'fixtures', 'history', 'results.json'));
  const recs = toHistoryRecords(doc, { suiteId: 'demo' });
  expect(recs).toHaveLength(10);
  const wall = recs.find((r) => r.benchmark === 'shell/sleep' && r.metric === 'wall');
  // numpy.percentile([13857706, 13429769, 11120512, 11451344, 11354209], [0, 25, 50, 75, 100]),
  // mean, std(ddof=1): 11120512, 11354209, 11451344, 13429769, 13857706; 12242708.0; 1293478.2249460174
  expect(wall).toMatchObject({
    unit: 'ns',
    n: 5,
    min: 11120512,
    q1: 11354209,
    median: 11451344,
    q3: 13429769,
    max: 13857706,
    mean: 12242708,
    commit: '1a3c2d1ef806f394192cdd1b2b5240468f7ed0aa',
    ref: 'master',
    backend: 'perf',
    date: '2026-12-01T10:00:34.165Z',
  });
  expect(wall?.sd).toBeCloseTo(1293478.2249460174, 1);
  const tc = recs.find((r) => r.benchmark === 'shell/true' && r.metric === 'task-clock');
  // numpy: [0.46, 0.47, 0.47, 0.48, 0.64]; mean 0.504
  expect(tc).toMatchObject({ unit: 'ms', q1: 0.47, median: 0.47, q3: 0.48, mean: 0.504 });
  expect(parseHistory(serializeHistory(recs), 'demo/2026-12.jsonl')).toEqual({ records: recs, problems: [] });
});
