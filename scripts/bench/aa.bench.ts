/**
 * `npm run bench:aa`: the action's default pull-request path (dist/index.js, paired in the job,
 * adaptive) run R times on identical code, R times on identical code while a duty-cycled busy
 * loop shares the benchmark CPU (a load no stored baseline saw), with known +5% and +6%
 * changes (the latter under the same load), and with a wall-only change: a sleep of 5% of the
 * run added after the work. Prints per scenario and gated metric: the sequential design the rows
 * used, false regressions, false improvements, unchanged, inconclusive (and how many of those
 * were left futile), detection, mean pairs and mean pairs ÷ iterations, PRs flagged, and the
 * gate's wall time against Σ of the benchmark time it measured on both sides (pairs × the base
 * and head median task-clock). Figures, not assertions: they go in the README.
 *
 * R=… (default 6) sets the runs per scenario.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ComparisonDoc } from '../../src/compare/comparison-doc.js';
import { GitHubEmulator, WRITE_TOKEN } from '../../__tests__/github/emulator.js';
import { pullRequestEvent, runAction } from '../../__tests__/github/runner.js';
import { makeRepo } from '../../__tests__/helpers/gitrepo.js';

const R = Number(process.env.R ?? 6);
const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

/** A busy loop pinned to the benchmark CPU, on for `dutyMs` of every 100 ms. */
function busyLoop(cpu: string, dutyMs: number): ChildProcess {
  const code = `const on=${dutyMs};for(;;){const t=Date.now();while(Date.now()-t<on){}const w=Date.now()+100-on;while(Date.now()<w){Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,w-Date.now())}}`;
  return spawn('taskset', ['-c', cpu, process.execPath, '-e', code], { stdio: 'ignore' });
}

interface Scenario {
  name: string;
  units: number;
  load: boolean;
  /** The true change: 0 for A/A. */
  change: number;
  /** Sleep after the work, as a share of the base run's task-clock: a wall-only change. */
  sleepShare?: number;
  /** The metrics the change shows in (A/A: none). */
  changed: string[];
}

interface RowOutcome {
  metric: string;
  verdict: string;
  pairs: number;
  design: string;
  futile: boolean;
}

interface Outcome {
  rows: RowOutcome[];
  pr: 'regression' | 'improvement' | 'clean' | 'inconclusive';
  wallS: number;
  benchS: number;
}

test('A/A and known changes through the action', async () => {
  const emu = await GitHubEmulator.start();
  const BASE_UNITS = 6000;
  const scenarios: Scenario[] = [
    { name: 'A/A, quiet', units: BASE_UNITS, load: false, change: 0, changed: [] },
    { name: 'A/A, busy loop on the CPU', units: BASE_UNITS, load: true, change: 0, changed: [] },
    {
      name: '+5% work, quiet',
      units: Math.round(BASE_UNITS * 1.05),
      load: false,
      change: 0.05,
      changed: ['task-clock', 'wall'],
    },
    {
      name: '+6% work, busy loop',
      units: Math.round(BASE_UNITS * 1.06),
      load: true,
      change: 0.06,
      changed: ['task-clock', 'wall'],
    },
    {
      name: '+5% sleep (wall-only), quiet',
      units: BASE_UNITS,
      load: false,
      change: 0.05,
      sleepShare: 0.05,
      changed: ['wall'],
    },
  ];
  // The base run's task-clock, from the first A/A run: the sleep scenario adds 5% of it.
  let baseMs = 0;
  const results = new Map<string, Outcome[]>();
  let pr = 100;
  try {
    for (const s of scenarios) {
      const list: Outcome[] = [];
      for (let i = 0; i < R; i++) {
        const repo = makeRepo(BASE_UNITS);
        const suite = path.join(repo.dir, 'perfgate.yml');
        // Four benchmarks of the same program: four gated rows per PR on task-clock (and wall).
        writeFileSync(
          suite,
          `${readFileSync(suite, 'utf8').replace('iterations: 20, warmup: 2', 'iterations: 30, warmup: 2, profile: false')}${['b', 'c', 'd'].map((n) => `  - name: work-${n}\n    run: ./bin/w\n`).join('')}`,
        );
        repo.commit('four benchmarks');
        const base = repo.git('rev-parse', 'HEAD');
        if (s.units !== BASE_UNITS) repo.setUnits(s.units);
        if (s.sleepShare !== undefined) addSleep(repo.dir, Math.round(s.sleepShare * baseMs * 1000));
        writeFileSync(path.join(repo.dir, 'NOTES'), `run ${i}\n`);
        repo.git('add', '-A');
        repo.commit('the change');
        const head = repo.git('rev-parse', 'HEAD');
        const number = ++pr;
        emu.addPull({ number, head: { ref: 'feature', sha: head }, base: { ref: 'main', sha: base } });
        const run = emu.addRun({
          headSha: head,
          event: 'pull_request',
          status: 'in_progress',
          workflow: 'perf.yml',
          headBranch: 'feature',
        });
        const load = s.load ? busyLoop('1', 30) : null;
        const t0 = Date.now();
        const r = await runAction({
          emulator: emu,
          run,
          eventName: 'pull_request',
          payload: pullRequestEvent(emu, { number, headSha: head, baseSha: base }),
          workspace: repo.dir,
          token: WRITE_TOKEN,
          inputs: { comment: 'never', 'fail-on-regression': 'false' },
          timeoutMs: 1_800_000,
        });
        const wallS = (Date.now() - t0) / 1000;
        load?.kill('SIGKILL');
        if (!r.outputs.comparison)
          throw new Error(`${s.name}: the action wrote no comparison\n${r.stdout.slice(-2000)}`);
        const c = JSON.parse(readFileSync(r.outputs.comparison, 'utf8')) as ComparisonDoc;
        const gated = c.rows.filter((x) => x.gated);
        const cpu = gated.filter((x) => x.metric === 'task-clock');
        if (baseMs === 0 && cpu[0]) baseMs = cpu[0].median.base;
        // Σ of what was measured: every pair is one base and one head run of the median length.
        const benchS = cpu.reduce(
          (sum, x) => sum + ((x.sampling?.pairs ?? 0) * (x.median.base + x.median.head)) / 1000,
          0,
        );
        const verdicts = gated.map((x) => x.verdict);
        list.push({
          rows: gated.map((x) => ({
            metric: x.metric,
            verdict: x.verdict,
            pairs: x.sampling?.pairs ?? 0,
            design: x.sampling?.design ?? 'pocock',
            futile: x.sampling?.futile === true,
          })),
          pr: verdicts.includes('regression')
            ? 'regression'
            : verdicts.includes('improvement')
              ? 'improvement'
              : verdicts.every((v) => v === 'unchanged')
                ? 'clean'
                : 'inconclusive',
          wallS,
          benchS,
        });
        process.stderr.write(
          `${s.name}: run ${i + 1}/${R}: ${gated.map((x) => `${x.metric} ${x.verdict}`).join(', ')} (${wallS.toFixed(0)} s)\n`,
        );
      }
      results.set(s.name, list);
    }
  } finally {
    await emu.stop();
  }
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const ITERATIONS = 30;
  out('');
  out(
    `bench:aa — the action's default PR path (paired in the job, N = ${ITERATIONS} adaptive to 90, θ task-clock 2%, wall 3%), ${R} PRs per scenario, 4 benchmarks per PR`,
  );
  out('');
  out(
    '| scenario | row | design | rows | false regressions | false improvements | unchanged | inconclusive (futile) | detected | mean pairs | ÷ iterations | PRs flagged | gate wall / Σ benchmark time (both sides) |',
  );
  out('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of scenarios) {
    const list = results.get(s.name) ?? [];
    const flagged = list.filter((o) => o.pr === 'regression').length;
    const ratio =
      list.reduce((a, o) => a + o.wallS, 0) /
      Math.max(
        1e-9,
        list.reduce((a, o) => a + o.benchS, 0),
      );
    for (const metric of ['task-clock', 'wall']) {
      const rows = list.flatMap((o) => o.rows).filter((x) => x.metric === metric);
      if (rows.length === 0) continue;
      const share = (v: string): number => rows.filter((x) => x.verdict === v).length / rows.length;
      const futileShare = rows.filter((x) => x.futile).length / rows.length;
      const pairs = rows.reduce((a, x) => a + x.pairs, 0) / rows.length;
      const designs = [...new Set(rows.map((x) => x.design))].join(', ');
      const changed = s.changed.includes(metric);
      out(
        `| ${s.name} | ${metric} | ${designs} | ${rows.length} | ${changed ? '-' : pct(share('regression'))} | ${pct(share('improvement'))} | ${pct(share('unchanged'))} | ${pct(share('inconclusive'))} (${pct(futileShare)}) | ${changed ? pct(share('regression')) : '-'} | ${pairs.toFixed(1)} | ${(pairs / ITERATIONS).toFixed(2)} | ${flagged}/${list.length} | ${ratio.toFixed(2)}× |`,
      );
    }
  }
});

/** Adds a sleep of `us` microseconds after the work of the repository's w.c: waiting CPU time does not see. */
function addSleep(dir: string, us: number): void {
  const file = path.join(dir, 'w.c');
  const src = readFileSync(file, 'utf8')
    .replace('#include <stdint.h>', '#include <stdint.h>\n#include <unistd.h>')
    .replace('sink = s; return 0;', `sink = s; usleep(${us}); return 0;`);
  if (!src.includes('usleep(')) throw new Error(`${file}: the knob's source changed; cannot add the sleep`);
  writeFileSync(file, src);
}
