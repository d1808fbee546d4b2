/**
 * The heartbeat `ab` prints while pairs are measured (issue 19: five silent minutes in a CI log
 * between "20 pairs" and the end): a line at least every 10 s, saying where the pairs are and
 * the gated rows' intervals at the last look.
 */
import { jest } from '@jest/globals';
import type { ComparisonRow } from '../../src/compare/comparison-doc.js';
import {
  HEARTBEAT_MS,
  heartbeatLine,
  startHeartbeat,
  withTicker,
  type PairsProgress,
} from '../../src/report/heartbeat.js';

const row = (metric: string, change: number, ci: [number, number], gated = true): ComparisonRow =>
  ({ benchmark: 'json/parse', metric, change, ci, gated, verdict: 'inconclusive' }) as ComparisonRow;

describe('heartbeat', () => {
  it("says the warm-up, then the pairs, the time taken, the ETA to the next look and the last look's intervals", () => {
    const p: PairsProgress = { done: 1, planned: 32, warmup: 2, look: null };
    expect(heartbeatLine('[1/3] json/parse', p, 4000)).toBe(
      '[1/3] json/parse: warm-up pair 2/2, 0:04 elapsed, ETA 2:04 to the next look\n',
    );
    p.done = 42;
    p.planned = 42;
    p.look = {
      pairs: 30,
      rows: [row('task-clock', 0.012, [-0.003, 0.026]), row('page-faults', 0.5, [0.4, 0.6], false)],
    };
    expect(heartbeatLine('[1/3] json/parse', p, 84_000)).toBe(
      '[1/3] json/parse: 40/40 pairs, 1:24 elapsed, ETA 0:00 to the next look; at 30 pairs: task-clock +1.20% [-0.30%, +2.60%] inconclusive\n',
    );
  });

  it('names at most four rows of a harness entry, and the benchmark when it is not the entry', () => {
    const rows = ['a', 'b', 'c', 'd', 'e', 'f'].map((b) => ({
      ...row('time', 0.05, [0.01, 0.09]),
      benchmark: `go/${b}`,
    }));
    const line = heartbeatLine('[2/2] go', { done: 20, planned: 30, warmup: 1, look: { pairs: 20, rows } }, 60_000);
    expect(line).toContain('at 20 pairs: go/a time +5.00% [+1.00%, +9.00%] inconclusive, go/b time');
    expect(line).toContain('go/d time +5.00% [+1.00%, +9.00%] inconclusive, 2 more\n');
    expect(line).not.toContain('go/e');
  });

  it('beats every 10 s until stopped, whatever the output is', () => {
    jest.useFakeTimers();
    try {
      const lines: string[] = [];
      const state: PairsProgress = { done: 0, planned: 21, warmup: 1, look: null };
      const stop = startHeartbeat({ write: (s: string) => lines.push(s) }, '[1/1] slow', () => state);
      jest.advanceTimersByTime(HEARTBEAT_MS - 1);
      expect(lines).toEqual([]);
      jest.advanceTimersByTime(1);
      state.done = 5;
      jest.advanceTimersByTime(HEARTBEAT_MS * 5);
      expect(lines).toHaveLength(6);
      expect(lines[0]).toBe('[1/1] slow: warm-up pair 1/1, 0:10 elapsed\n');
      expect(lines[5]).toMatch(/^\[1\/1\] slow: 4\/20 pairs, 1:00 elapsed, ETA 3:12 to the next look\n$/);
      stop();
      jest.advanceTimersByTime(HEARTBEAT_MS * 3);
      expect(lines).toHaveLength(6);
    } finally {
      jest.useRealTimers();
    }
  });

  it('says a long step (a build, the profiles) is still running every 10 s, and stops with it', async () => {
    jest.useFakeTimers();
    try {
      const lines: string[] = [];
      let finish: () => void = () => undefined;
      const step = withTicker(
        { write: (s: string) => lines.push(s) },
        'setup (base)',
        () => new Promise<void>((r) => (finish = r)),
      );
      jest.advanceTimersByTime(HEARTBEAT_MS * 2);
      expect(lines).toEqual([
        'setup (base): still running, 0:10 elapsed\n',
        'setup (base): still running, 0:20 elapsed\n',
      ]);
      finish();
      await step;
      jest.advanceTimersByTime(HEARTBEAT_MS * 3);
      expect(lines).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
