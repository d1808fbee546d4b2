/**
 * What a maintainer reads, rendered by the real renderers from fixture documents: the PR comment
 * (a regression, an A/A run, a cancelled job), the PR and nightly job summaries, the alert issue
 * and both investigation reports. The documents are a 3-benchmark C project where a pull request
 * slows one function; frame times, intervals, graphs and history steps come from perfgate's own
 * code (attributeFrames, renderDiff, the change-point detector, planAlert) on seeded stacks and
 * a seeded nightly history. Used by the rendering test (report/rendered.test.ts) and by
 * `npm run screenshots` (scripts/screenshots.mjs), so the pictures in docs/ are of this output.
 */
import { createHash } from 'node:crypto';
import type { ComparisonDoc, ComparisonRow } from '../../src/compare/comparison-doc.js';
import { labelChanges } from '../../src/compare/slowdown-kind.js';
import { attributeFrames, summarizeUnwind } from '../../src/flamegraph/attribution.js';
import { renderDiff } from '../../src/flamegraph/diff.js';
import type { DoctorReport } from '../../src/host/run-doctor.js';
import { suiteSteps } from '../../src/engine/history-report.js';
import { planAlert } from '../../src/report/alert.js';
import { renderChecksDetails } from '../../src/report/checks-table.js';
import { renderInvestigation, type ComparisonInput } from '../../src/report/investigation-render.js';
import { renderJobSummary } from '../../src/report/job-summary.js';
import { renderCancelledReport, renderReport } from '../../src/report/markdown.js';
import { previousNight, renderNightlySummary } from '../../src/report/nightly.js';
import { confirmationIndex } from '../../src/report/steps.js';
import type { ConfirmationRecord } from '../../src/results/confirmation-record.js';
import { unwindQuality } from '../../src/profile/unwind.js';
import { createRng } from '../../src/stats/rng.js';
import { alertMarker } from '../../src/store/issues.js';
import { comparison, resultsDoc, row } from './comparison.js';
import { demoCommit, demoDate, demoHistory, REPO_URL } from './history.js';

const sha = (s: string): string => createHash('sha1').update(s).digest('hex');
const BASE = sha('base: main');
const HEAD = sha('head: feature/tokenizer');
const RUN = `${REPO_URL}/actions/runs/9100000001`;

/** Per-run stacks of json/parse: head spends ~1.2 ms more per run in `slow_path`. */
function runs(side: 'base' | 'head', seed: number): Map<string, number>[] {
  const rng = createRng(seed);
  const jitter = (x: number): number => Math.max(1, Math.round(x * (1 + 0.04 * (rng.next() - 0.5))));
  return Array.from({ length: 5 }, () => {
    const m = new Map<string, number>([
      ['parse;main;json_parse;tokenize', jitter(300)],
      ['parse;main;json_parse;classify', jitter(420)],
      ['parse;main;json_parse;classify;lookup', jitter(160)],
      ['parse;main;json_emit;write_buf', jitter(90)],
      ['parse;[kernel.kallsyms];asm_exc_page_fault', jitter(20)],
    ]);
    if (side === 'head') m.set('parse;main;json_parse;tokenize;slow_path', jitter(130));
    return m;
  });
}

function sum(maps: Map<string, number>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of maps) for (const [k, v] of m) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

const PROFILE = { base: runs('base', 1), head: runs('head', 2) };
const STACKS = { base: sum(PROFILE.base), head: sum(PROFILE.head) };
const MS = { base: 10.4, head: 11.6 };
/** The graphs' colours: the table's figures, ms per run with intervals from the same runs. */
const TIME = {
  base: { runs: PROFILE.base, msPerRun: MS.base },
  head: { runs: PROFILE.head, msPerRun: MS.head },
  blocked: false,
};

function side(git: { sha: string; ref: string }): ComparisonDoc['base'] {
  return {
    git,
    fingerprint: { hard: { cpu: 'AMD EPYC 7B13', cpus: '2', kernel: '6.8.0' }, soft: {} },
    backend: 'perf',
    startedAt: '2026-12-07T08:00:00Z',
  };
}

function rows(regressed: boolean): ComparisonRow[] {
  // An A/A pair of equal medians: the ratio is 1 ± floating-point noise (issue 20 item 3).
  const same = (b: string, m: string, median: number): ComparisonRow =>
    row(b, m, 'unchanged', -3.7e-17, {
      ci: [-0.0027, 2.3e-17],
      threshold: m === 'wall' ? 0.03 : 0.02,
      median: { base: median, head: median },
      mde: 0.011,
    });
  const parse = regressed
    ? [
        row('json/parse', 'task-clock', 'regression', 0.115, {
          ci: [0.078, 0.138],
          threshold: 0.02,
          median: { base: MS.base, head: MS.head },
          mde: 0.024,
        }),
        row('json/parse', 'wall', 'regression', 0.365, {
          ci: [0.08, 0.71],
          threshold: 0.03,
          median: { base: 11.9e6, head: 16.2e6 },
          mde: 0.31,
        }),
      ]
    : [same('json/parse', 'task-clock', MS.base), same('json/parse', 'wall', 11.9e6)];
  return [
    ...parse,
    same('json/emit', 'task-clock', 4.21),
    same('json/emit', 'wall', 4.9e6),
    same('util/hash', 'task-clock', 2.07),
    same('util/hash', 'wall', 2.4e6),
  ];
}

function doc(regressed: boolean): ComparisonDoc {
  const d = comparison(rows(regressed), HEAD);
  d.base = side({ sha: BASE, ref: 'main' });
  d.head = side({ sha: HEAD, ref: 'feature/tokenizer' });
  d.createdAt = '2026-12-07T08:04:00Z';
  d.seed = 7;
  if (regressed) {
    const top = attributeFrames(
      { stacks: STACKS.base, runs: PROFILE.base, msPerRun: MS.base },
      { stacks: STACKS.head, runs: PROFILE.head, msPerRun: MS.head },
    );
    d.explanations = {
      'json/parse': {
        diff: 'flamegraphs/json%2Fparse.diff.svg',
        negated: 'flamegraphs/json%2Fparse.negated.svg',
        top,
        profileRuns: { base: 5, head: 5 },
        basis: { metric: 'task-clock', msPerRun: MS },
        unwind: summarizeUnwind(unwindQuality(STACKS.base, 'fp'), unwindQuality(STACKS.head, 'fp'), 'fp'),
        // The kind of change, labelled by perfgate's own rule from cachegrind-like counts: 11% more
        // instructions for 11.5% more time, miss rates unchanged.
        ...labelChanges(d.rows, {
          counters: {
            'json/parse': {
              source: 'cachegrind',
              scope: 'benchmark',
              base: { instructions: 41.2e6, d1Misses: 0.31e6, tlbMisses: 2.1e3, branchMisses: 0.12e6 },
              head: { instructions: 45.8e6, d1Misses: 0.345e6, tlbMisses: 2.3e3, branchMisses: 0.134e6 },
              seconds: { base: 0.42, head: 0.45 },
            },
          },
        })['json/parse'],
      },
    };
  }
  return d;
}

/** The comparison of the PR (json/parse slower) and of an A/A run (same code on both sides). */
export const regressionDoc = (): ComparisonDoc => doc(true);
export const aaDoc = (): ComparisonDoc => doc(false);

const report = (comparison: ComparisonDoc): string =>
  renderReport({
    comparison,
    suiteId: 'perfgate',
    provenance: { source: 'same-job', commit: BASE, ageMs: 0 },
    runUrl: RUN,
    artifactUrl: RUN,
    notices: [],
    images: {
      'json/parse': `${REPO_URL}/raw/${sha('images')}/images/perfgate/pr-7/${HEAD.slice(0, 12)}/json/parse.diff.svg`,
    },
  }).body;

export const commentRegression = (): string => report(regressionDoc());
export const commentAa = (): string => report(aaDoc());
export const commentCancelled = (): string =>
  renderCancelledReport('perfgate', 'SIGTERM', 'the job was cancelled while the setup ran (make -C benchmarks)', RUN);

/** A busy 2-CPU runner: what the pre-flight finds on a shared VM. */
export function doctorReport(): DoctorReport {
  const checks: DoctorReport['checks'] = [
    { id: 'governor', status: 'unknown', value: 'no cpufreq in sysfs (a VM)', advice: 'nothing to do on a VM' },
    { id: 'aslr', status: 'pass', value: '2 (full randomisation)', advice: '' },
    {
      id: 'pmu',
      status: 'warn',
      value: 'no hardware counters',
      advice: 'gate on task-clock, or use the valgrind backend',
    },
    {
      id: 'cpu-utilisation',
      status: 'fail',
      value: '96% busy over 1 s',
      advice: 'use a quieter runner or cpus: auto',
    },
    { id: 'psi-cpu', status: 'warn', value: 'some avg10 12.4%', advice: 'other work is waiting for the CPU' },
  ];
  const counts = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const c of checks) counts[c.status] += 1;
  return { cpus: '1', checks, counts };
}

export const prJobSummary = (): string =>
  renderJobSummary({ verdict: commentRegression(), host: renderChecksDetails(doctorReport()) });

const history = demoHistory({ nights: 33 });

/** Night 32's run of the demo suite, its records beside the history of the nights before. */
export function nightlyJobSummary(): string {
  const tonight = history.filter((r) => r.date === demoDate(32));
  const earlier = history.filter((r) => Date.parse(r.date) < Date.parse(demoDate(32)));
  const byBenchmark = new Map<string, typeof tonight>();
  for (const r of tonight) byBenchmark.set(r.benchmark, [...(byBenchmark.get(r.benchmark) ?? []), r]);
  const results = resultsDoc(
    [...byBenchmark].map(([name, recs]) => ({
      name,
      status: 'ok' as const,
      backend: 'perf' as const,
      threshold: {},
      metrics: Object.fromEntries(
        recs.map((r) => [r.metric, { unit: r.unit, samples: [r.q1, r.median, r.median, r.q3] }]),
      ),
    })),
    { git: { sha: demoCommit(32), ref: 'refs/heads/main' }, backendReason: 'perf (requested): perf counts task-clock' },
  );
  return renderNightlySummary({
    doc: results,
    // The records this run appended are night 32's: the history holds them with the nights before.
    previous: previousNight([...earlier, ...tonight], tonight),
    alert: { number: 12, url: `${REPO_URL}/issues/12`, state: 'open' },
    notes: `History: 24 record(s) appended to \`refs/perfgate/history\`.\n\nBaseline stored as artifact \`perfgate-baseline-perfgate\` of [this run](${REPO_URL}/actions/runs/9000000032).\n`,
    host: renderChecksDetails(doctorReport()),
  });
}

/** The alert issue after night 32: cache/random's step confirmed by a paired run, no culprit graph. */
export function alertIssue(): { title: string; body: string } {
  const upTo = history.filter((r) => Date.parse(r.date) <= Date.parse(demoDate(32)));
  const step = suiteSteps(upTo, 'demo').find((s) => s.benchmark === 'cache/random' && s.kind === 'regression');
  if (!step) throw new Error('the demo history has no cache/random regression');
  const confirmed: ConfirmationRecord = {
    v: 1,
    suite: 'demo',
    benchmark: step.benchmark,
    metric: step.metric,
    good: step.lastBefore.commit,
    bad: step.firstAfter.commit,
    outcome: 'confirmed',
    change: 0.081,
    ci: [0.07, 0.093],
    verdict: 'regression',
    pairs: 12,
    reason: 'the range holds one merge commit',
    date: demoDate(33),
    runUrl: `${REPO_URL}/actions/runs/9000000033`,
  };
  const steps = suiteSteps(upTo, 'demo', {}, { confirmations: confirmationIndex([confirmed]) });
  const plan = planAlert({
    suiteId: 'demo',
    steps,
    previous: null,
    marker: alertMarker('demo'),
    asOf: { commit: demoCommit(32), date: demoDate(32), runUrl: `${REPO_URL}/actions/runs/9000000032` },
    repoUrl: REPO_URL,
    requireConfirmation: true,
  });
  return { title: plan.title, body: plan.body };
}

/** Both HTML investigation reports of the PR's comparison, with its two flame graphs. */
export function investigationHtml(format: 'technical' | 'executive'): string {
  const input: ComparisonInput = {
    doc: regressionDoc(),
    label: 'comparison.json',
    graphs: {
      'json/parse': {
        diff: {
          svg: renderDiff(STACKS.base, STACKS.head, { normalize: true, time: TIME }),
          href: 'flamegraphs/json%2Fparse.diff.svg',
        },
        negated: {
          svg: renderDiff(STACKS.base, STACKS.head, { negate: true, normalize: true, time: TIME }),
          href: 'flamegraphs/json%2Fparse.negated.svg',
        },
      },
    },
  };
  return renderInvestigation([input], { format, html: true });
}

/** The static picture the comment links (the same renderer's `static` variant), for pages shown offline. */
export function staticFlameGraph(): string {
  return renderDiff(STACKS.base, STACKS.head, {
    static: true,
    normalize: true,
    time: TIME,
    caption: `json/parse: head ${HEAD.slice(0, 7)} vs base ${BASE.slice(0, 7)}`,
  });
}
