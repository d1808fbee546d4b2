/**
 * The folded stack format (`frame;frame;leaf COUNT`, docs/ARCHITECTURE.md §5) as flamegraph.pl reads it,
 * including its differential form with two counts (`a;b;c 10 20`: before, after).
 *
 * Hand-written: the format is one regex in flamegraph.pl and no npm package parses it with the
 * line-numbered errors a CI log needs.
 */
import { InputError } from '../errors.js';

export interface FoldedWarning {
  line: number;
  message: string;
}

export interface FoldedProfile {
  /** Stack (frames joined with ";") → samples. Counts of repeated stacks are summed. */
  stacks: Map<string, number>;
  /** Second column of differential input (the "after" counts), same keys as `stacks`. */
  stacks2?: Map<string, number>;
  total: number;
  total2?: number;
  warnings: FoldedWarning[];
  /** Lines skipped (blank lines are not counted). */
  ignored: number;
}

export interface ParseFoldedOptions {
  /** Name used in messages, e.g. the file path. */
  source?: string;
  /** Throw instead of warning on the first malformed line. */
  strict?: boolean;
  /** At most this many warnings are kept (all are counted in `ignored`). */
  maxWarnings?: number;
}

/**
 * flamegraph.pl: `(\d+(?:\.\d*)?)$`: a whole or decimal sample count ending at `end`.
 * Parsed by hand: this runs once per line of files with 100,000+ lines.
 */
function countAt(text: string, end: number): { start: number; value: number } | undefined {
  let i = end;
  let value = 0;
  let scale = 1;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c < 48 || c > 57) break;
    value += (c - 48) * scale;
    scale *= 10;
    i--;
  }
  if (i > 0 && text.charCodeAt(i - 1) === 46) {
    // "12.5" or "12.": a decimal count; let Number() do the rounding right.
    let j = i - 1;
    while (j > 0 && isDigit(text.charCodeAt(j - 1))) j--;
    if (j === i - 1) return undefined;
    return { start: j, value: Number(text.slice(j, end)) };
  }
  if (i === end) return undefined;
  if (scale > 1e15) value = Number(text.slice(i, end));
  return { start: i, value };
}

/**
 * Counts are doubles: above 2^53 - 1 a whole count or a sum rounds without a word (2^53 + 1
 * reads as 2^53), so such input is refused, naming the line, rather than drawn slightly wrong.
 */
function checkSafe(value: number, source: string, lineNo: number, what: string): void {
  if (value > Number.MAX_SAFE_INTEGER) {
    throw new InputError(
      `${source}:${lineNo}: ${what} ${value} exceeds 2^53 - 1 (${Number.MAX_SAFE_INTEGER}), beyond which counts lose precision`,
    );
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/**
 * Parses folded text. Lines without a count, e.g. "main;foo" or "main;foo x1", are skipped with
 * a warning naming the line; a second count column makes the profile differential.
 */
export function parseFolded(text: string, options: ParseFoldedOptions = {}): FoldedProfile {
  const source = options.source ?? 'input';
  const maxWarnings = options.maxWarnings ?? 100;
  const stacks = new Map<string, number>();
  let stacks2: Map<string, number> | undefined;
  let total = 0;
  let total2 = 0;
  let ignored = 0;
  let singleColumnLines = 0;
  const warnings: FoldedWarning[] = [];

  if (text.indexOf('\0') !== -1) {
    throw new InputError(`${source}: binary data, not a folded stack file (frame;frame;leaf COUNT per line)`);
  }

  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    lineNo++;
    let end = nl;
    while (end > pos && isBlank(text.charCodeAt(end - 1))) end--;
    const start = pos;
    pos = nl + 1;
    if (end === start) continue;

    // "java;start_thread;JavaMain;Interpreter 3"
    const last = countAt(text, end);
    let sep = last ? last.start : -1;
    const blankBefore = sep > start && isBlank(text.charCodeAt(sep - 1));
    if (!last || !blankBefore) {
      ignored++;
      const shown = text.slice(start, Math.min(end, start + 120));
      const message = `line without a sample count (expected "frame;frame;leaf COUNT"): ${JSON.stringify(shown)}`;
      if (options.strict) throw new InputError(`${source}:${lineNo}: ${message}`);
      if (warnings.length < maxWarnings) warnings.push({ line: lineNo, message });
      continue;
    }
    let stackEnd = sep;
    while (stackEnd > start && isBlank(text.charCodeAt(stackEnd - 1))) stackEnd--;
    // "main;foo 10 20": the differential form, before then after.
    let before: number | undefined;
    const prev = countAt(text, stackEnd);
    if (prev && prev.start > start && isBlank(text.charCodeAt(prev.start - 1))) {
      before = prev.value;
      sep = prev.start;
      stackEnd = sep;
      while (stackEnd > start && isBlank(text.charCodeAt(stackEnd - 1))) stackEnd--;
    }
    const stack = text.slice(start, stackEnd);
    checkSafe(last.value, source, lineNo, 'sample count');
    if (before !== undefined) checkSafe(before, source, lineNo, 'sample count');
    if (before !== undefined) {
      stacks2 ??= new Map();
      stacks.set(stack, (stacks.get(stack) ?? 0) + before);
      stacks2.set(stack, (stacks2.get(stack) ?? 0) + last.value);
      total += before;
      total2 += last.value;
      checkSafe(Math.max(total, total2), source, lineNo, 'total sample count');
    } else {
      singleColumnLines++;
      stacks.set(stack, (stacks.get(stack) ?? 0) + last.value);
      stacks2?.set(stack, stacks2.get(stack) ?? 0);
      total += last.value;
      checkSafe(total, source, lineNo, 'total sample count');
    }
  }

  if (stacks2 && singleColumnLines > 0) {
    // Mixed one- and two-count lines: a single count is read as "before" with no "after".
    for (const key of stacks.keys()) if (!stacks2.has(key)) stacks2.set(key, 0);
    warnings.push({
      line: 0,
      message: `${singleColumnLines} lines have one count and others two: one count was read as the "before" count`,
    });
  }
  if (ignored > warnings.length) {
    warnings.push({ line: 0, message: `${ignored} malformed lines in all` });
  }
  const profile: FoldedProfile = { stacks, total, warnings, ignored };
  if (stacks2) {
    profile.stacks2 = stacks2;
    profile.total2 = total2;
  }
  return profile;
}

/** Like parseFolded, but an input with no stack at all is an error (exit 2), not an empty graph. */
export function parseFoldedRequired(text: string, options: ParseFoldedOptions = {}): FoldedProfile {
  const source = options.source ?? 'input';
  const profile = parseFolded(text, options);
  if (profile.stacks.size === 0) {
    const first = profile.warnings[0];
    throw new InputError(
      text.trim() === ''
        ? `${source}: empty: no folded stacks (frame;frame;leaf COUNT per line)`
        : `${source}: no folded stacks found${first ? ` (line ${first.line}: ${first.message})` : ''}`,
    );
  }
  return profile;
}
