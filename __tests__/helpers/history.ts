/**
 * Seeded history for the alert, note and dashboard tests: nightly records of the demo suite
 * (perfgate.yml's eight benchmarks × wall, task-clock, instructions), 1% noise (0.05% for
 * instructions), and a few planted events whose positions the tests know:
 * - cache/random wall: +8% from night 25 on (still open at the end);
 * - tlb/page-stride wall: +6% from night 10, back from night 28 (recovered);
 * - branch/shuffled task-clock: −10% from night 15 (an improvement);
 * - branch/sorted wall: one slow night (+40%) at night 20 (an outlier, not a step).
 */
import { createHash } from 'node:crypto';
import type { HistoryRecord } from '../../src/results/history-record.js';
import { createRng } from '../../src/stats/rng.js';

export const DEMO_BENCHMARKS = [
  'cache/sequential',
  'cache/random',
  'false-sharing/adjacent',
  'false-sharing/padded',
  'branch/sorted',
  'branch/shuffled',
  'tlb/line-stride',
  'tlb/page-stride',
] as const;

const METRICS = [
  { metric: 'wall', unit: 'ns', threshold: 0.03, noise: 0.01 },
  { metric: 'task-clock', unit: 'ms', threshold: 0.02, noise: 0.01 },
  { metric: 'instructions', unit: 'count', threshold: 0.005, noise: 0.0005 },
] as const;

export const REPO_URL = 'https://github.com/octo-org/perf-demo';

export function demoCommit(night: number): string {
  return createHash('sha1').update(`perfgate-demo-night-${night}`).digest('hex');
}

export function demoDate(night: number): string {
  return new Date(Date.parse('2026-10-01T03:00:00.000Z') + night * 86_400_000).toISOString();
}

/** Multiplier of the planted events for one benchmark × metric on one night. */
function planted(benchmark: string, metric: string, night: number): number {
  if (benchmark === 'cache/random' && metric === 'wall' && night >= 25) return 1.08;
  if (benchmark === 'tlb/page-stride' && metric === 'wall' && night >= 10 && night < 28) return 1.06;
  if (benchmark === 'branch/shuffled' && metric === 'task-clock' && night >= 15) return 0.9;
  if (benchmark === 'branch/sorted' && metric === 'wall' && night === 20) return 1.4;
  return 1;
}

export interface DemoHistoryOptions {
  nights?: number;
  seed?: number;
  suite?: string;
}

/** Records in night order (one run per night), as a store would hand them back. */
export function demoHistory(options: DemoHistoryOptions = {}): HistoryRecord[] {
  const nights = options.nights ?? 40;
  const rng = createRng(options.seed ?? 42);
  const out: HistoryRecord[] = [];
  const base = new Map(DEMO_BENCHMARKS.map((b, i) => [b, 20 + 15 * i]));
  for (let night = 0; night < nights; night++) {
    for (const benchmark of DEMO_BENCHMARKS) {
      for (const m of METRICS) {
        const ms = base.get(benchmark)!;
        const level = m.metric === 'instructions' ? ms * 3.1e6 : m.metric === 'wall' ? ms * 1e6 * 1.05 : ms;
        const median = Number(
          (level * planted(benchmark, m.metric, night) * (1 + m.noise * rng.normal())).toPrecision(9),
        );
        const spread = median * m.noise;
        out.push({
          v: 1,
          suite: options.suite ?? 'demo',
          benchmark,
          metric: m.metric,
          unit: m.unit,
          commit: demoCommit(night),
          ref: 'refs/heads/main',
          date: demoDate(night),
          runUrl: `${REPO_URL}/actions/runs/${9_000_000_000 + night}`,
          fingerprint: '3f2a9c01b7de',
          backend: 'perf',
          n: 30,
          median,
          q1: median - spread,
          q3: median + spread,
          min: median - 2 * spread,
          max: median + 3 * spread,
          mean: median + spread / 10,
          sd: spread,
          threshold: m.threshold,
          suiteHash: 'ab12cd34ef56',
        });
      }
    }
  }
  return out;
}
