/**
 * `perfgate bisect --good REF --bad REF`: which commit made a benchmark slower. Every question
 * is a paired same-job A/B (engine/ab.ts `pairCommits`, the code of `perfgate ab`), over commits
 * checked out and built once each (engine/checkouts.ts):
 *
 *   1. good vs bad confirms the step and picks the target (the benchmark that regressed most
 *      among those asked for, in its most reliable regressed metric); no regression there ends
 *      it with no culprit;
 *   2. a binary search over the first-parent commits in (good, bad]: good vs the middle commit
 *      says on which side of it the step is — about log2(commits) A/Bs;
 *   3. the culprit vs its parent: the step's own size, interval and differential flame graph.
 *
 * Each A/B samples adaptively (up to 3 × N pairs while a verdict is open). A middle commit still
 * inconclusive against good is measured against bad too, and the step is put on the side with
 * the larger change; one that cannot be built is skipped like `git bisect skip`. Every A/B it ran is in the outcome, so a step that is not monotone (a commit
 * that slows and a later one that recovers) is visible rather than averaged away.
 */
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { InputError, SetupFailedError } from '../errors.js';
import { probeHost } from '../host/probe.js';
import { rootsFromEnv } from '../host/roots.js';
import { writeJsonAtomic } from '../results/results-file.js';
import { costChange, type Direction, type Verdict } from '../stats/verdict.js';
import { formatCi, formatPercent } from '../results/format.js';
import type { ComparisonRow } from '../compare/comparison-doc.js';
import { PRIMARY_METRICS } from '../compare/analyze.js';
import { exactNames } from '../tools/exact-names.js';
import { commitInfo, firstParentRange, repoRoot, resolveCommit } from '../tools/git.js';
import { checkHostNow, pairCommits, suiteInRepo, type AbOutcome } from './ab.js';
import { openCheckouts } from './checkouts.js';
import { assertSettings, ensureWritableDir, type MeasureSettings } from './rig.js';

export interface BisectOptions extends MeasureSettings {
  cwd: string;
  /** The suite file, relative to cwd, inside the repository. */
  suitePath: string;
  good: string;
  bad: string;
  /** Benchmarks to consider (result names, harness benchmarks included); default every one. */
  benchmark?: RegExp;
  /** Default: the most reliable regressed gated metric (PRIMARY_METRICS order) of the benchmark that regressed most. */
  metric?: string;
  /** Each A/B writes `<outDir>/ab-<k>/`; the outcome is `<outDir>/bisect.json`. */
  outDir: string;
  /** For the whole bisection: no A/B starts after it is spent. */
  timeBudgetMs?: number;
  seed?: number;
}

export interface BisectComparison {
  base: string;
  head: string;
  benchmark: string;
  metric: string;
  change: number | null;
  ci: [number, number] | null;
  verdict: Verdict;
  pairs: number;
  /** Where its comparison.json (and profiles) are. */
  dir: string;
  /** How a middle commit was decided when the verdict alone did not, or why it was skipped. */
  note?: string;
}

export interface BisectCulprit {
  commit: string;
  subject: string;
  author: string;
  date: string;
  change: number | null;
  ci: [number, number] | null;
  verdict: Verdict;
  dir: string;
}

export interface BisectOutcome {
  /** The good-vs-bad A/B found a regression of the target. */
  confirmed: boolean;
  benchmark: string | null;
  metric: string | null;
  /** null: no step, or the search stopped before one commit was isolated (see range and reason). */
  culprit: BisectCulprit | null;
  /** The narrowest range known to hold the step: the step is in (good, bad]. */
  range: { good: string; bad: string };
  /** Every A/B run, in order; the first is good vs bad. */
  steps: BisectComparison[];
  /** First-parent commits in (good, bad]. */
  commits: number;
  reason: string;
}

interface Target {
  benchmark: string;
  metric: string;
  /** The suite entry that measures it (a harness benchmark's entry). */
  entry: string;
  direction: Direction;
  /** The confirmed step's change in cost terms (a throughput drop is positive). */
  cost: number;
}

const sha12 = (sha: string): string => sha.slice(0, 12);

function describe(c: BisectComparison): string {
  const change = c.change === null ? 'not measured' : `${formatPercent(c.change)} ${c.ci ? formatCi(c.ci) : ''}`;
  return `${c.benchmark} ${c.metric} ${change} ${c.verdict} (${c.pairs} pairs)${c.note ? `; ${c.note}` : ''}`;
}

function rowCost(r: ComparisonRow): number {
  return costChange(r.change, r.direction);
}

/** The regression to follow among the rows asked for; else the largest change, unconfirmed. */
function pickTarget(rows: ComparisonRow[], opts: BisectOptions): { row: ComparisonRow | null; confirmed: boolean } {
  const asked = rows.filter(
    (r) =>
      (!opts.benchmark || opts.benchmark.test(r.benchmark)) &&
      (opts.metric === undefined ? r.gated : r.metric === opts.metric) &&
      Number.isFinite(r.change),
  );
  const largest = (rs: ComparisonRow[]): ComparisonRow | null =>
    rs.reduce<ComparisonRow | null>((a, r) => (a === null || rowCost(r) > rowCost(a) ? r : a), null);
  const regressions = asked.filter((r) => r.verdict === 'regression');
  const worst = largest(regressions);
  if (worst) {
    // The benchmark that regressed most, followed in its most reliable regressed metric (CPU time
    // before wall: a busy runner moves wall most, and the search must not chase that).
    const rank = (r: ComparisonRow): number => {
      const i = PRIMARY_METRICS.indexOf(r.metric);
      return i < 0 ? PRIMARY_METRICS.length : i;
    };
    const mine = regressions.filter((r) => r.benchmark === worst.benchmark).sort((a, b) => rank(a) - rank(b));
    return { row: mine[0] ?? worst, confirmed: true };
  }
  return { row: largest(asked), confirmed: false };
}

/** Suite entries worth measuring: those --benchmark names, and every harness entry (its benchmarks are known only once it ran). */
function entryFilter(names: { name: string; harness: boolean }[], re: RegExp | undefined): RegExp | undefined {
  if (!re) return undefined;
  const chosen = names.filter((n) => n.harness || re.test(n.name)).map((n) => n.name);
  if (chosen.length === 0)
    throw new InputError(
      `--benchmark ${String(re)} matches no benchmark of the suite (names: ${names.map((n) => n.name).join(', ')})`,
    );
  return exactNames(chosen);
}

export async function runBisect(opts: BisectOptions): Promise<BisectOutcome> {
  const repo = await repoRoot(opts.cwd);
  const suiteRel = suiteInRepo(repo, opts);
  const good = await resolveCommit(repo, opts.good, '--good');
  const bad = await resolveCommit(repo, opts.bad, '--bad');
  const commits = await firstParentRange(repo, good, bad);
  const outDir = path.resolve(opts.cwd, opts.outDir);
  assertSettings(opts);
  await ensureWritableDir(outDir);
  const seed = opts.seed ?? randomInt(0, 2 ** 32 - 64);
  const deadline = opts.timeBudgetMs === undefined ? Infinity : Date.now() + opts.timeBudgetMs;
  const roots = opts.roots ?? rootsFromEnv(opts.parentEnv);
  const probe = opts.probe ?? (await probeHost());
  const host = await checkHostNow(roots, probe, opts.stderr);
  opts.stderr.write(
    `bisect: ${commits.length} commit(s) in (${sha12(good)}, ${sha12(bad)}]: 1 A/B to confirm, about ${Math.ceil(Math.log2(commits.length))} to search, 1 for the culprit vs its parent\n`,
  );
  const checkouts = await openCheckouts(repo, suiteRel, opts);
  const steps: BisectComparison[] = [];
  const measured = new Map<string, AbOutcome>();
  try {
    const goodTree = await checkouts.checkout(good, 'good');
    const badTree = await checkouts.checkout(bad, 'bad');
    const filter = entryFilter(
      badTree.suite.benchmarks.map((b) => ({ name: b.name, harness: b.harness !== undefined })),
      opts.benchmark,
    );
    /** One A/B; adjacent commits are profiled (the pair may be the culprit's), others not. */
    const ab = async (base: string, head: string, only: RegExp | undefined): Promise<AbOutcome> => {
      const key = `${base}..${head}`;
      const known = measured.get(key);
      if (known) return known;
      const k = steps.length + 1;
      const adjacent = base === good ? head === commits[0] : commits.indexOf(base) + 1 === commits.indexOf(head);
      opts.stderr.write(`bisect: A/B ${k}: ${sha12(base)} vs ${sha12(head)}\n`);
      const outcome = await pairCommits(
        checkouts,
        {
          base: base === good ? goodTree : await checkouts.checkout(base, 'base'),
          head: await checkouts.checkout(head, 'head'),
        },
        {
          ...opts,
          ...(only ? { filter: only } : {}),
          profile: adjacent && opts.profile !== false,
          outDir: path.join(outDir, `ab-${k}`),
          seed: seed + k,
          suiteRel,
          refs: { base, head },
          host,
          probe,
          roots,
          ...(Number.isFinite(deadline) ? { timeBudgetMs: Math.max(1, deadline - Date.now()) } : {}),
        },
      );
      measured.set(key, outcome);
      return outcome;
    };
    const stepOf = (
      o: AbOutcome,
      base: string,
      head: string,
      t: Pick<Target, 'benchmark' | 'metric'>,
    ): BisectComparison => {
      const row = o.comparison.rows.find((r) => r.benchmark === t.benchmark && r.metric === t.metric);
      return {
        base,
        head,
        benchmark: t.benchmark,
        metric: t.metric,
        change: row && Number.isFinite(row.change) ? row.change : null,
        ci: row && Number.isFinite(row.ci[0]) ? row.ci : null,
        verdict: row?.verdict ?? 'inconclusive',
        pairs: row?.sampling?.pairs ?? row?.n.head ?? 0,
        dir: path.dirname(o.comparisonPath),
        ...(row ? {} : { note: o.comparison.noComparison ?? 'no row for it in this comparison' }),
      };
    };
    const record = (s: BisectComparison): BisectComparison => {
      steps.push(s);
      opts.stderr.write(`bisect:   ${describe(s)}\n`);
      return s;
    };

    // 1. Confirm.
    const first = await ab(good, bad, filter);
    const picked = pickTarget(first.comparison.rows, opts);
    if (!picked.row || opts.signal?.aborted) {
      return finish({
        confirmed: false,
        benchmark: null,
        metric: null,
        culprit: null,
        range: { good, bad },
        steps,
        commits: commits.length,
        reason: opts.signal?.aborted
          ? 'interrupted while confirming the step'
          : (first.comparison.noComparison ??
            `no ${opts.metric ?? 'gated'} row${opts.benchmark ? ` of a benchmark matching ${String(opts.benchmark)}` : ''} was measured on both commits`),
      });
    }
    const target: Target = {
      benchmark: picked.row.benchmark,
      metric: picked.row.metric,
      entry: picked.row.entry ?? picked.row.benchmark,
      direction: picked.row.direction,
      cost: rowCost(picked.row),
    };
    const confirmStep = record(stepOf(first, good, bad, target));
    if (!picked.confirmed) {
      return finish({
        confirmed: false,
        benchmark: target.benchmark,
        metric: target.metric,
        culprit: null,
        range: { good, bad },
        steps,
        commits: commits.length,
        reason: `no step to bisect: good vs bad is not a regression (${describe(confirmStep)})`,
      });
    }
    const only = exactNames([target.entry]);

    // 2. Search: the step is in (commits[lo], commits[hi]] (lo = -1 is good itself).
    let lo = -1;
    let hi = commits.length - 1;
    const skipped = new Set<number>();
    let stopped: string | null = null;
    for (;;) {
      const open = [...Array(hi - lo - 1).keys()].map((i) => lo + 1 + i).filter((i) => !skipped.has(i));
      if (open.length === 0) break;
      if (opts.signal?.aborted) {
        stopped = `interrupted with ${open.length} untested commit(s) left in the range`;
        break;
      }
      if (Date.now() >= deadline) {
        stopped = `the time budget ran out with ${open.length} untested commit(s) left in the range`;
        break;
      }
      const middle = (lo + hi) / 2;
      const mid = open.reduce((a, i) => (Math.abs(i - middle) < Math.abs(a - middle) ? i : a));
      const sha = commits[mid] as string;
      let o: AbOutcome;
      try {
        o = await ab(good, sha, only);
      } catch (err) {
        if (!(err instanceof SetupFailedError)) throw err;
        skipped.add(mid);
        record({ ...noStep(good, sha, target), note: `skipped: ${err.message.split('\n')[0] ?? ''}` });
        continue;
      }
      const s = stepOf(o, good, sha, target);
      if (s.change === null) {
        skipped.add(mid);
        record({ ...s, note: `skipped: ${s.note ?? 'not measured'}` });
        continue;
      }
      record(s);
      let slower = s.verdict === 'regression';
      if (s.verdict === 'inconclusive') {
        // Open: ask the other side too. The step is where the larger change is.
        const rest = stepOf(await ab(sha, bad, only), sha, bad, target);
        slower = decide(s, rest, target);
        record({
          ...rest,
          note: `good vs ${sha12(sha)} was inconclusive: the step is ${slower ? 'at or before' : 'after'} it`,
        });
      }
      if (slower) hi = mid;
      else lo = mid;
    }
    const rangeGood = lo < 0 ? good : (commits[lo] as string);
    const rangeBad = commits[hi] as string;
    if (stopped !== null || hi - lo > 1) {
      return finish({
        confirmed: true,
        benchmark: target.benchmark,
        metric: target.metric,
        culprit: null,
        range: { good: rangeGood, bad: rangeBad },
        steps,
        commits: commits.length,
        reason: `the step is in (${sha12(rangeGood)}, ${sha12(rangeBad)}], ${hi - lo} commit(s); ${stopped ?? 'the commits between could not be built'}`,
      });
    }

    // 3. The culprit against its parent: its own step, with the why.
    const parent = rangeGood;
    const own = record(stepOf(await ab(parent, rangeBad, only), parent, rangeBad, target));
    const info = (await commitInfo(repo, rangeBad)) ?? { subject: '', author: '', date: '' };
    const culprit: BisectCulprit = {
      commit: rangeBad,
      ...info,
      change: own.change,
      ci: own.ci,
      verdict: own.verdict,
      dir: own.dir,
    };
    const size =
      own.verdict === 'regression'
        ? `${formatPercent(own.change ?? NaN)} ${own.ci ? formatCi(own.ci) : ''} against its parent`
        : `against its parent only ${own.verdict} (${formatPercent(own.change ?? NaN)}): the step may be spread over several commits`;
    return finish({
      confirmed: true,
      benchmark: target.benchmark,
      metric: target.metric,
      culprit,
      range: { good: parent, bad: rangeBad },
      steps,
      commits: commits.length,
      reason: `${sha12(rangeBad)} ${JSON.stringify(info.subject)} made ${target.benchmark} ${target.metric} slower: ${size}`,
    });
  } finally {
    await checkouts.remove();
  }

  async function finish(outcome: BisectOutcome): Promise<BisectOutcome> {
    await writeJsonAtomic(path.join(outDir, 'bisect.json'), outcome);
    opts.stderr.write(`bisect: ${outcome.reason}\n`);
    return outcome;
  }
}

function noStep(base: string, head: string, t: Target): BisectComparison {
  return {
    base,
    head,
    benchmark: t.benchmark,
    metric: t.metric,
    change: null,
    ci: null,
    verdict: 'inconclusive',
    pairs: 0,
    dir: '',
  };
}

/**
 * Good vs the middle commit was inconclusive: the step is on the side with the larger change
 * (a regression of middle vs bad alone puts it after); without a second measurement, on the
 * side its estimate is nearer, with half the confirmed step as the border.
 */
function decide(toMid: BisectComparison, fromMid: BisectComparison, t: Target): boolean {
  const cost = (c: BisectComparison): number => Math.log1p(costChange(c.change ?? 0, t.direction));
  if (fromMid.change === null) return cost(toMid) >= Math.log1p(t.cost) / 2;
  if (fromMid.verdict === 'regression') return false;
  return cost(toMid) >= cost(fromMid);
}
