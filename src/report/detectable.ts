/**
 * The gated rows whose minimum detectable change (stats/mde.ts) is above θ, said in one
 * sentence each with what would bring it under θ: the comment and the terminal report print
 * these only for such rows, so a runner that sees θ adds nothing to read. The sentence is built
 * as spans (text, and code for the settings it names), so each format renders the settings as
 * code and escapes the names that came from results files its own way.
 */
import { nothingGated } from '../compare/compare-docs.js';
import type { ComparisonDoc, ComparisonRow } from '../compare/comparison-doc.js';
import { pairNoise, pairsForMde } from '../stats/mde.js';
import type { Span } from './blocks.js';
import { escapeMarkdown } from './escape.js';

/**
 * More pairs are advised up to this multiple of the pairs measured; past it the runner time
 * grows by as much, and lowering the noise is the better fix.
 */
export const MAX_PAIRS_FACTOR = 10;

/** A relative magnitude with two significant digits: 0.0412 → `4.1%`, 0.123 → `12%`. */
export function formatMagnitude(x: number): string {
  return `${+(x * 100).toPrecision(2)}%`;
}

/** Rows of a comparison that can gate whose mde exceeds their θ, in the doc's order. */
export function blindRows(doc: ComparisonDoc): ComparisonRow[] {
  if (nothingGated(doc) !== null) return [];
  return doc.rows.filter((r) => r.gated && r.threshold !== null && r.mde !== undefined && r.mde > r.threshold);
}

const pairsOf = (r: ComparisonRow): number => r.sampling?.pairs ?? Math.min(r.n.base, r.n.head);

const code = (text: string): Span => ({ code: text });

/** Which setting gives a row more pairs, from why its sampling stopped. */
function pairsSetting(r: ComparisonRow, need: number): Span[] {
  const stop = r.sampling?.stop;
  if (stop === 'time-budget') return [code(`max-iterations: ${need}`), ' and a longer ', code('time-budget')];
  return [code(`${stop === 'max-iterations' ? 'max-iterations' : 'iterations'}: ${need}`)];
}

/** What would bring the row's mde under θ, most direct first: one span list per item. */
function advice(doc: ComparisonDoc, r: ComparisonRow, threshold: number, mde: number): Span[][] {
  const out: Span[][] = [];
  if (doc.design === 'paired') {
    const pairs = pairsOf(r);
    const need = pairsForMde(mde, threshold, pairs);
    out.push(
      need <= MAX_PAIRS_FACTOR * pairs
        ? [`about ${need} pairs (`, ...pairsSetting(r, need), ')']
        : [
            `more pairs only past ${MAX_PAIRS_FACTOR}× the ${pairs} measured (${Number.isFinite(need) ? `about ${need}` : 'no number of pairs reaches θ = 0'})`,
          ],
      ['duet pairs (', code('pairing: duet'), ')'],
    );
  } else {
    out.push(['base and head paired in one job (', code('baseline: same-job'), ', or ', code('perfgate ab'), ')']);
  }
  const soft = doc.head.fingerprint.soft;
  // `perfgate ab` records no pinning in its host snapshot (`all`): only the action's says.
  const pinned = soft['cpus-auto'] !== undefined || (doc.host !== undefined && doc.host.cpus !== 'all');
  if (!pinned) out.push(['quieter CPUs (', code('cpus: auto'), ')']);
  if (r.metric === 'wall') {
    const cpu = doc.rows.find((x) => x.benchmark === r.benchmark && x.metric === 'task-clock');
    const sees = cpu?.mde !== undefined ? ` (it sees ${formatMagnitude(cpu.mde)} here)` : '';
    out.push([`gating task-clock instead of wall${sees}`]);
  }
  if (doc.head.backend !== 'valgrind')
    out.push(['the valgrind backend (', code('backend: valgrind'), ': instruction counts)']);
  return out;
}

/**
 * "this runner cannot see a 2% change in spin/20ms wall at 30 pairs: the smallest change it
 * sees with 80% power is 4.1% (pair noise ±7.9%); under 2% with: ..." for one row of
 * blindRows, as spans: the names in one bold span, for the renderer to escape.
 */
export function blindSpans(doc: ComparisonDoc, r: ComparisonRow): Span[] {
  const threshold = r.threshold ?? 0;
  const mde = r.mde ?? 0;
  const theta = formatMagnitude(threshold);
  const where =
    doc.design === 'paired'
      ? `at ${pairsOf(r)} pairs`
      : `against ${r.sessions?.count ?? doc.baseline.sessions} baseline sessions`;
  const spread = r.sessions?.sd ?? null;
  const noise =
    doc.design === 'paired'
      ? `pair noise ±${formatMagnitude(pairNoise(r.ci, r.confLevel, pairsOf(r)))}`
      : spread !== null
        ? `session spread ±${formatMagnitude(spread)}`
        : null;
  const items = advice(doc, r, threshold, mde);
  return [
    `this runner cannot see a ${theta} change in `,
    { bold: `${r.benchmark} ${r.metric}` },
    ` ${where}: `,
    `the smallest change it sees with 80% power is ${formatMagnitude(mde)}${noise ? ` (${noise})` : ''}; `,
    `under ${theta} with: `,
    ...items.flatMap((item, i) => (i === 0 ? item : [', ', ...item])),
  ];
}

/**
 * blindSpans on one line. Only the bold span (benchmark and metric) came from outside: markdown
 * escapes it and makes it bold, and sets the settings as code; the other text is perfgate's own
 * words and numbers. The terminal prints it all plain, the settings in backticks.
 */
export function blindLine(doc: ComparisonDoc, r: ComparisonRow, format: 'markdown' | 'text'): string {
  return blindSpans(doc, r)
    .map((s) => {
      if (typeof s === 'string') return s;
      if ('code' in s) return `\`${s.code}\``;
      return format === 'markdown' ? `**${escapeMarkdown(s.bold)}**` : s.bold;
    })
    .join('');
}
