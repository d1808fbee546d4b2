import { historySessions } from '../../src/engine/history-baseline.js';
import { compareDocs } from '../../src/compare/compare-docs.js';
import { fingerprintId, type HistoryRecord } from '../../src/results/history-record.js';
import type { ResultsDoc } from '../../src/results/results-doc.js';

const fingerprint = { hard: { cpu: 'AMD EPYC', kernel: '6.1' }, soft: {} };
const record = (date: string, median: number, over: Partial<HistoryRecord> = {}): HistoryRecord => ({
  v: 1,
  suite: 'perfgate',
  benchmark: 'work',
  metric: 'task-clock',
  unit: 'ms',
  commit: date.slice(8, 10).repeat(20),
  ref: 'refs/heads/main',
  date,
  fingerprint: fingerprintId(fingerprint.hard),
  backend: 'perf',
  n: 30,
  median,
  q1: median,
  q3: median,
  min: median,
  max: median,
  mean: median,
  sd: 0.1,
  threshold: 0.02,
  suiteHash: 'abcdefabcdef',
  ...over,
});

test('the newest K runs of the branch, on the same machine and backend, become sessions of one median each', () => {
  const records = [
    record('2026-11-01T03:00:00.000Z', 10.0),
    record('2026-11-02T03:00:00.000Z', 10.2),
    record('2026-11-03T03:00:00.000Z', 9.9),
    record('2026-11-04T03:00:00.000Z', 10.1),
    record('2026-11-05T03:00:00.000Z', 30, { fingerprint: 'other0machin' }),
    record('2026-11-06T03:00:00.000Z', 30, { backend: 'valgrind' }),
    record('2026-11-07T03:00:00.000Z', 30, { ref: 'refs/heads/feature' }),
  ];
  const { sessions, skipped } = historySessions(records, {
    fingerprint,
    backend: 'perf',
    ref: 'refs/heads/main',
    limit: 3,
  });
  expect(skipped).toEqual({ otherMachine: 1, otherBackend: 1, otherBranch: 1 });
  expect(sessions.map((s) => s.benchmarks[0]?.metrics['task-clock']?.samples)).toEqual([[10.2], [9.9], [10.1]]);
  expect(sessions[2]?.git.sha).toBe('04'.repeat(20));
  expect(sessions[0]?.benchmarks[0]?.threshold).toEqual({ 'task-clock': 0.02 });

  // Through the session model: head at 14 ms against three sessions around 10 ms is a regression.
  const head: ResultsDoc = {
    ...sessions[2]!,
    git: { sha: 'f'.repeat(40), ref: 'feature' },
    benchmarks: [
      {
        name: 'work',
        status: 'ok',
        backend: 'perf',
        threshold: { 'task-clock': 0.02 },
        metrics: { 'task-clock': { unit: 'ms', samples: [14, 14.1, 13.9] } },
      },
    ],
  };
  const c = compareDocs(sessions[2]!, head, { design: 'unpaired', baseSessions: sessions });
  expect(c.gate.comparable).toBe(true);
  expect(c.rows[0]).toMatchObject({ verdict: 'regression', sessions: { count: 3 } });
});
