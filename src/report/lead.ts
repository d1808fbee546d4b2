/**
 * The comment's first paragraph: one sentence saying what the pull request does to performance,
 * naming its branch and commit against the base's ("**feature/x** (`f0bcb67`) makes **json/parse**
 * 11.5% slower in CPU time [+7.8%, +13.8%], compared with **main** (`0508fd5`); 2 other
 * benchmarks unchanged."). A maintainer who reads nothing else has read the answer. Branch and
 * benchmark names come from the pull request: escaped.
 */
import type { ComparisonDoc, ComparisonRow } from '../compare/comparison-doc.js';
import { reliabilityRank } from '../compare/metric-reliability.js';
import { TIME_NS, formatCi, formatPercent } from '../results/format.js';
import { escapeMarkdown } from './escape.js';

/** A side as the reader knows it: its branch (or other ref) and commit, either unknown. */
export interface SideName {
  ref: string | null;
  commit: string | null;
}

/** What else keeps the gate from passing, said in the sentence when there is no verdict to give. */
export interface LeadContext {
  head: SideName;
  base: SideName;
  /** Benchmarks that work on base and broke on head. */
  broken: number;
  interrupted: number;
  /** Why nothing is gated although the sides were compared (compare-docs.ts nothingGated), or null. */
  ungated: string | null;
}

const VERDICT_RANK: Record<ComparisonRow['verdict'], number> = {
  regression: 0,
  improvement: 1,
  inconclusive: 2,
  unchanged: 3,
};

/** `refs/heads/feature/x` → `feature/x`: the name a branch has in the pull request. */
function refName(ref: string | null): string | null {
  if (!ref) return null;
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/** `**feature/x** (`f0bcb67`)`, `**head**` when neither is known. */
export function sideLabel(side: SideName, fallback: string): string {
  const name = refName(side.ref);
  const commit = side.commit ? `\`${side.commit.slice(0, 7).replace(/[^0-9a-zA-Z]/g, '')}\`` : '';
  if (name === null) return commit ? `${fallback} ${commit}` : fallback;
  return `**${escapeMarkdown(name)}**${commit ? ` (${commit})` : ''}`;
}

/** A benchmark's gated rows, worst verdict first, then the most reliable metric first. */
export function benchmarkRows(rows: readonly ComparisonRow[]): Map<string, ComparisonRow[]> {
  const by = new Map<string, ComparisonRow[]>();
  for (const r of rows) if (r.gated) by.set(r.benchmark, [...(by.get(r.benchmark) ?? []), r]);
  for (const list of by.values())
    list.sort(
      (a, b) =>
        VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || reliabilityRank(a.metric) - reliabilityRank(b.metric),
    );
  return by;
}

const METRIC_WORDS: Record<string, string> = {
  'task-clock': 'CPU time',
  'cpu-clock': 'CPU time',
  cpu_time: 'CPU time',
  user: 'user CPU time',
  wall: 'wall time',
  real_time: 'wall time',
};

const magnitude = (change: number): string => formatPercent(Math.abs(change)).replace(/^\+/, '');

/** `**a** 11.5% slower in CPU time [+7.8%, +13.8%]` or `**a**'s instructions 3.10% higher [...]`, after "makes". */
function clause(r: ComparisonRow): string {
  const name = `**${escapeMarkdown(r.benchmark)}**`;
  const ci = formatCi(r.ci);
  if (TIME_NS.some(([, u]) => u === r.unit) && r.direction !== 'higher') {
    const words = METRIC_WORDS[r.metric] ?? escapeMarkdown(r.metric);
    return `${name} ${magnitude(r.change)} ${r.change > 0 ? 'slower' : 'faster'} in ${words} ${ci}`;
  }
  return `${name}'s ${escapeMarkdown(r.metric)} ${magnitude(r.change)} ${r.change > 0 ? 'higher' : 'lower'} ${ci}`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The clauses of the benchmarks with this verdict: each one while few, else the count and the largest. */
function changes(leads: ComparisonRow[], verdict: 'regression' | 'improvement'): string[] {
  const rows = leads.filter((r) => r.verdict === verdict).sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  if (rows.length <= 3) return rows.map(clause);
  const word = verdict === 'regression' ? 'slower' : 'faster';
  return [`${rows.length} benchmarks ${word} (the most: ${clause(rows[0]!)})`];
}

/** The one-sentence answer, in markdown, ending with a full stop. */
export function leadSentence(c: ComparisonDoc, ctx: LeadContext): string {
  const head = sideLabel(ctx.head, 'head');
  const base = sideLabel(ctx.base, 'base');
  if (c.noComparison !== undefined)
    return `${head} was measured alone: ${base} could not be measured, so nothing is compared.`;
  if (!c.gate.comparable) return `${head} could not be compared with ${base}: the two sides are not comparable.`;
  const leads = [...benchmarkRows(c.rows).values()].map((rows) => rows[0]!);
  const count = (v: ComparisonRow['verdict']): number => leads.filter((r) => r.verdict === v).length;
  const failures = [
    ...(ctx.broken > 0
      ? [`breaks ${plural(ctx.broken, 'benchmark')} that ${ctx.broken === 1 ? 'works' : 'work'} on base`]
      : []),
    ...(ctx.interrupted > 0 ? [`was not measured to the end for ${plural(ctx.interrupted, 'benchmark')}`] : []),
  ];
  if (ctx.ungated !== null)
    return `${head} was measured against ${base}, but nothing is gated: a regression of any size would pass.`;
  const made = [...changes(leads, 'regression'), ...changes(leads, 'improvement')];
  const others = [
    ...(count('unchanged') > 0
      ? [`${plural(count('unchanged'), made.length > 0 ? 'other benchmark' : 'benchmark')} unchanged`]
      : []),
    ...(count('inconclusive') > 0 ? [`${count('inconclusive')} inconclusive`] : []),
  ].join(', ');
  if (made.length > 0) {
    const what = [`makes ${listed(made)}`, ...failures];
    return `${head} ${listed(what)}, compared with ${base}${others ? `; ${others}` : ''}.`;
  }
  if (failures.length > 0) return `${head} ${listed(failures)}, compared with ${base}${others ? `; ${others}` : ''}.`;
  if (count('inconclusive') > 0)
    return `${head} shows no change beyond the noise threshold θ against ${base}, but ${count('inconclusive')} of ${plural(leads.length, 'benchmark')} ${count('inconclusive') === 1 ? 'is' : 'are'} inconclusive: neither a change beyond θ nor its absence could be shown yet.`;
  return `${head} changes no benchmark beyond its noise threshold θ, compared with ${base}${others ? `: ${others}` : ''}.`;
}
