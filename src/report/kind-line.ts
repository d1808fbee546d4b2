/**
 * One line per labelled benchmark saying what kind of change it was, with the numbers
 * (compare/slowdown-kind.ts), for the comment, the text report and the investigation report:
 *   cache/random +630.9% CPU time: memory (TLB) — TLB misses (simulated) per 1000 instructions
 *   0.27 → 19.1 (×71), D1 misses 17.0 → 45.2 (×2.7); instructions +0.0% (cachegrind, one run a side)
 * Built as spans, so each format escapes names its own way (blocks.ts).
 */
import { changedBenchmarks } from '../compare/changed.js';
import type { ComparisonDoc, KindEvidence, KindLabel, SidePair } from '../compare/comparison-doc.js';
import type { RateName } from '../compare/slowdown-kind.js';
import type { Block, Span } from './blocks.js';
import { escapeHtml, escapeMarkdown } from './escape.js';

export type KindFormat = 'text' | 'markdown' | 'html';

const METRIC: Record<string, string> = { 'task-clock': 'CPU time', wall: 'wall time' };

/** `+11.5%`, `−0.4%`, `+0.0%`: one decimal, no exponent, whatever the size. */
function pct(x: number): string {
  const v = x * 100;
  const s = Math.abs(v) >= 1000 ? Math.abs(v).toFixed(0) : Math.abs(v).toFixed(1);
  return `${v < 0 && s !== '0.0' ? '−' : '+'}${s}%`;
}

function num(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3);
}

function times(p: SidePair): string {
  if (p.base <= 0) return '';
  const r = p.head / p.base;
  return r >= 1 ? ` (×${num(r)})` : ` (÷${num(1 / r)})`;
}

function rateName(rate: RateName, e: KindEvidence): string {
  switch (rate) {
    case 'd1Misses':
      return 'D1 misses';
    case 'llMisses':
      return 'LL misses';
    case 'tlbMisses':
      return e.source === 'cachegrind' ? 'TLB misses (simulated)' : 'dTLB misses';
    case 'branchMisses':
      return 'mispredicted branches';
  }
}

const WHERE: Record<RateName, string> = {
  tlbMisses: 'TLB',
  d1Misses: 'L1 data cache',
  llMisses: 'last-level cache',
  branchMisses: 'branches',
};

function kindName(l: KindLabel, slower: boolean): string {
  const e = l.evidence;
  switch (l.kind) {
    case 'more-work':
      return slower ? 'more work' : 'less work';
    case 'memory': {
      const where = (e.moved ?? []).filter((r) => r !== 'branchMisses').map((r) => WHERE[r]);
      return `memory${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
    }
    case 'branches':
      return 'branch mispredictions';
    case 'layout':
      return 'layout or alignment';
    default:
      return l.kind;
  }
}

function movedRates(e: KindEvidence): string {
  const parts = (e.moved ?? []).flatMap((rate) => {
    const p = e.perKiloInstructions?.[rate];
    return p ? [`${rateName(rate, e)} ${num(p.base)} → ${num(p.head)}${times(p)}`] : [];
  });
  return parts.length > 0 ? `${parts.join(', ')} per 1000 instructions` : '';
}

function instructions(e: KindEvidence): string {
  const i = e.instructions;
  if (!i)
    return e.scope === 'invocation' || e.scope === 'alone'
      ? 'instructions not comparable (the harness sets its iterations by time)'
      : '';
  return `instructions ${pct(i.change)}${i.ci ? ` [${pct(i.ci[0])}, ${pct(i.ci[1])}]` : ''}`;
}

function source(e: KindEvidence): string {
  if (e.source === 'cachegrind')
    return `cachegrind${e.scope === 'invocation' ? ' of the whole harness invocation' : e.scope === 'alone' ? ' of the benchmark alone (harness filter)' : ''}, one run per side`;
  if (e.source === 'pmu')
    return `PMU counters of every pair${e.multiplexed ? `; multiplexed: ${e.multiplexed.join(', ')}` : ''}`;
  return e.noCounters ? `no counters: ${e.noCounters}` : 'time metrics only';
}

function details(l: KindLabel): string {
  const e = l.evidence;
  const moved = movedRates(e);
  const instr = instructions(e);
  const join = (...parts: string[]): string => parts.filter((p) => p !== '').join('; ');
  switch (l.kind) {
    case 'more-work':
      return join(instr, moved ? `also ${moved}` : e.perKiloInstructions ? 'misses per instruction unchanged' : '');
    case 'memory':
    case 'branches':
      return join(moved, instr);
    case 'waiting':
      return join(
        `wall ${pct(e.wall ?? e.time.change)}, CPU time ${pct(e.cpu ?? 0)}: the time went to waiting (sleep, I/O, locks, a slower peer)`,
        e.offcpuGraph ? `off-CPU flame graph: ${e.offcpuGraph}` : '',
      );
    case 'contention':
      return join(
        `CPU time ${pct(e.cpu ?? e.time.change)}${e.wall !== undefined ? `, wall ${pct(e.wall)}` : ''}`,
        instr,
        e.cpusBusy ? `${num(e.cpusBusy.base)} → ${num(e.cpusBusy.head)} CPUs busy` : '',
        e.contextSwitches
          ? `context switches ${num(e.contextSwitches.base)} → ${num(e.contextSwitches.head)} a run`
          : '',
      );
    case 'layout':
      return join(
        `${instr || 'the same instructions'} and misses per instruction unchanged`,
        'code or data placement moved: it may flip back with unrelated changes; the valgrind backend (backend: valgrind) gates instruction counts, which do not',
      );
    case 'unclear':
      return join(instr, e.perKiloInstructions ? 'no miss rate moved by 30%' : '');
  }
}

/** The line of one benchmark, as spans: its name in bold, the rest plain. */
export function kindSpans(benchmark: string, l: KindLabel): Span[] {
  const e = l.evidence;
  const slower = e.time.change >= 0;
  const likely = e.time.verdict === 'inconclusive' ? 'likely ' : '';
  const d = details(l);
  return [
    { bold: benchmark },
    ` ${pct(e.time.change)} ${METRIC[e.time.metric] ?? e.time.metric}: ${likely}${kindName(l, slower)}${d ? ` — ${d}` : ''} (${source(e)})`,
  ];
}

function serialise(spans: Span[], format: KindFormat): string {
  return spans
    .map((s) => {
      const text = typeof s === 'string' ? s : 'bold' in s ? s.bold : s.code;
      if (format === 'text') return text;
      const esc = format === 'html' ? escapeHtml(text) : escapeMarkdown(text);
      if (typeof s === 'string') return esc;
      if ('bold' in s) return format === 'html' ? `<b>${esc}</b>` : `**${esc}**`;
      return format === 'html' ? `<code>${esc}</code>` : `\`${esc}\``;
    })
    .join('');
}

/** Labelled benchmarks: regressions, then improvements, then the likely ones. */
export function labelled(doc: ComparisonDoc): [string, KindLabel][] {
  const all = Object.entries(doc.explanations ?? {}).flatMap(([name, ex]) =>
    ex.kind && ex.evidence ? [[name, { kind: ex.kind, evidence: ex.evidence }] as [string, KindLabel]] : [],
  );
  const order = changedBenchmarks(doc);
  const rank = (n: string): number => (order.includes(n) ? order.indexOf(n) : order.length);
  return all.sort((a, b) => rank(a[0]) - rank(b[0]));
}

/** One line per labelled benchmark (of `only`, when given) in the format asked. */
export function kindLines(doc: ComparisonDoc, format: KindFormat, only?: readonly string[]): string[] {
  return labelled(doc)
    .filter(([name]) => !only || only.includes(name))
    .map(([name, l]) => serialise(kindSpans(name, l), format));
}

/**
 * The section of the comment (markdown) or the text report: a title, then the lines of every
 * labelled benchmark but those in `except` (the comment puts theirs under their why).
 */
export function kindSection(
  doc: ComparisonDoc,
  format: 'text' | 'markdown',
  except: readonly string[] = [],
): { head: string[]; lines: string[] } {
  const names = labelled(doc)
    .map(([name]) => name)
    .filter((n) => !except.includes(n));
  const lines = kindLines(doc, format, names);
  if (lines.length === 0) return { head: [], lines: [] };
  return format === 'markdown'
    ? { head: ['', '**Kind of change** (counters against time)', ''], lines: lines.map((l) => `- ${l}`) }
    : { head: ['', 'kind of change (counters against time):'], lines: lines.map((l) => `  ${l}`) };
}

/** The investigation report's list of the same lines. */
export function kindBlocks(doc: ComparisonDoc): Block[] {
  const items = labelled(doc).map(([name, l]) => kindSpans(name, l));
  return items.length === 0
    ? []
    : [
        { kind: 'heading', level: 3, text: 'Kind of change' },
        { kind: 'list', items },
      ];
}
