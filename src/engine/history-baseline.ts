/**
 * The base branch's history as baseline sessions for an unpaired comparison (`baseline:
 * history`): the last K runs measured with the same backend on a machine with the same
 * fingerprint, each turned back into a results document whose benchmarks carry one value per
 * metric — the session's median, which is all the session-effect model (stats/sessions.ts)
 * uses. Several sessions let the interval carry the drift between them.
 */
import { fingerprintId, type HistoryRecord } from '../results/history-record.js';
import type { BackendName, BenchmarkResult, Fingerprint, ResultsDoc } from '../results/results-doc.js';
import { groupBy } from '../tools/group.js';
import { VERSION } from '../version.js';

export interface HistorySessionQuery {
  /** The head's fingerprint: only sessions from a machine with the same hard keys qualify. */
  fingerprint: Fingerprint;
  backend: BackendName;
  /** `refs/heads/main`: only that branch's runs (records without a ref are kept). */
  ref: string | null;
  /** How many of the newest sessions to use. */
  limit: number;
}

export interface HistorySessions {
  sessions: ResultsDoc[];
  /** Sessions in the history that did not qualify, and why, for the report. */
  skipped: { otherMachine: number; otherBackend: number; otherBranch: number };
}

export function historySessions(records: readonly HistoryRecord[], q: HistorySessionQuery): HistorySessions {
  const id = fingerprintId(q.fingerprint.hard);
  const runs = groupBy(records, (r) => `${r.date}|${r.commit}`);
  const skipped = { otherMachine: 0, otherBackend: 0, otherBranch: 0 };
  const usable: HistoryRecord[][] = [];
  for (const recs of runs.values()) {
    const first = recs[0] as HistoryRecord;
    if (q.ref !== null && first.ref !== null && first.ref !== q.ref) skipped.otherBranch++;
    else if (first.backend !== q.backend) skipped.otherBackend++;
    else if (first.fingerprint !== id) skipped.otherMachine++;
    else usable.push(recs);
  }
  usable.sort((a, b) => (a[0] as HistoryRecord).date.localeCompare((b[0] as HistoryRecord).date));
  const sessions = usable.slice(-q.limit).map((recs): ResultsDoc => {
    const first = recs[0] as HistoryRecord;
    const benchmarks = new Map<string, BenchmarkResult>();
    for (const r of recs) {
      const b = benchmarks.get(r.benchmark) ?? {
        name: r.benchmark,
        status: 'ok',
        backend: r.backend,
        threshold: {},
        metrics: {},
      };
      b.metrics[r.metric] = { unit: r.unit, samples: [r.median] };
      if (r.threshold !== undefined) b.threshold[r.metric] = r.threshold;
      benchmarks.set(r.benchmark, b);
    }
    return {
      schemaVersion: 1,
      tool: { name: 'perfgate', version: VERSION },
      suite: { path: first.suite, sha256: first.suiteHash },
      git: { sha: first.commit, ref: first.ref },
      fingerprint: q.fingerprint,
      backend: q.backend,
      backendReason: `history record of ${first.runUrl ?? first.date}`,
      startedAt: first.date,
      finishedAt: first.date,
      benchmarks: [...benchmarks.values()],
    };
  });
  return { sessions, skipped };
}
