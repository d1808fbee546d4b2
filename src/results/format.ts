/** Number formatting shared by the terminal, markdown and HTML renderers. */

/**
 * `x` with `decimals` decimals, where a value that rounds to zero reads as zero with the same
 * decimals, unsigned: an interval end computed as -3.7e-15 is `0.00`, not `-0.00` or `-3.7e-15`.
 */
export function formatFixed(x: number, decimals: number): string {
  const text = x.toFixed(decimals);
  return Number(text) === 0 ? (0).toFixed(decimals) : text;
}

/** formatFixed with a `+` on a value that does not read as zero: a change or an interval end. */
export function formatSigned(x: number, decimals: number): string {
  const text = formatFixed(x, decimals);
  return Number(text) > 0 ? `+${text}` : text;
}

/**
 * Below this many percent a change is written as zero: float noise (-3.7e-15%) sits far under
 * it, and the smallest real change worth a digit (a deterministic count moving by 0.0012%) above.
 */
const PERCENT_FLOOR = 5e-5;

/**
 * 0.0312 → `+3.12%`, 0.125 → `+12.5%`; magnitudes under 0.01% keep two significant digits
 * (`+0.0012%`), and a change that rounds to zero is `0.00%` (never an exponent or `-0.00%`).
 */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const pct = x * 100;
  const abs = Math.abs(pct);
  if (abs >= 0.01 || abs < PERCENT_FLOOR) return `${formatSigned(pct, abs >= 10 ? 1 : 2)}%`;
  // toPrecision writes an exponent only below 1e-6, which the floor keeps out.
  return `${pct > 0 ? '+' : ''}${pct.toPrecision(2)}%`;
}

/** A confidence level: 0.95 → `95%`, 0.875 → `87.5%`, 0.98421 → `98.4%`. */
export function formatLevel(level: number): string {
  return `${Math.round(level * 1000) / 10}%`;
}

/** A noise threshold θ: 0.02 → `±2%`, 0.0025 → `±0.25%`; `none` for a metric without one (not gated). */
export function formatThreshold(threshold: number | null, none = '–'): string {
  return threshold === null ? none : `±${+(threshold * 100).toFixed(2)}%`;
}

export function formatCi(ci: readonly [number, number]): string {
  return `[${formatPercent(ci[0])}, ${formatPercent(ci[1])}]`;
}

export function formatP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '-';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** Time units from the largest down, as a factor in nanoseconds. */
export const TIME_NS: readonly (readonly [number, string])[] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/**
 * A measured value in its unit. Nanoseconds are shown as milliseconds, or as µs or ns below a
 * millisecond: a harness's time per op is a few ns, which in ms read `0.0000114`. The unit is
 * chosen by `scale` (default the value itself), so the cells of one column can share a unit.
 */
export function formatValue(value: number, unit: string, scale: number = value): { text: string; unit: string } {
  if (!Number.isFinite(value)) return { text: '-', unit };
  if (unit === 'ns') {
    const abs = Number.isFinite(scale) ? Math.abs(scale) : Math.abs(value);
    const [f, u] = TIME_NS.find(([f]) => f <= 1e6 && abs >= f) ?? [1e6, 'ms'];
    return { text: number(value / f), unit: u };
  }
  // A whole count is written whole: context switches `1`, not `1.000`; a median between two
  // runs (58.5) keeps its digits. Times keep theirs (145.0 ms), as they are rounded measurements.
  if (Number.isInteger(value) && !TIME_NS.some(([, u]) => u === unit)) return { text: WHOLE.format(value), unit };
  return { text: number(value), unit };
}

// One formatter each, made once: toLocaleString('en-US', …) builds a new Intl.NumberFormat on
// every call (~40 µs), which was most of `history show` over a year of nightly runs.
/** As value.toLocaleString('en-US'). */
const WHOLE = new Intl.NumberFormat('en-US');
/** As value.toLocaleString('en-US', { maximumFractionDigits: 1 }). */
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function number(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1000) return ONE_DECIMAL.format(value);
  if (abs >= 1) return formatFixed(value, abs >= 100 ? 1 : 3);
  // Three significant digits down to 1e-6 (toPrecision's exponent starts below that); a median
  // smaller than that in its own unit is float noise around zero.
  return abs >= 1e-6 ? value.toPrecision(3) : formatFixed(0, 3);
}

/** Left/right aligned plain-text table; `right` lists the numeric column indexes. */
export function textTable(head: string[], rows: string[][], right: ReadonlySet<number>): string {
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((v, c) => (right.has(c) ? v.padStart(widths[c] ?? 0) : v.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** 26.318 → `26.3`, 0.1234 → `0.12`, 1234.5 → `1235`: three significant digits or so. */
export function formatMs(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return formatFixed(x, msDecimals(x));
}

export function formatMsChange(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return formatSigned(x, msDecimals(x));
}

function msDecimals(x: number): number {
  const abs = Math.abs(x);
  return abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
}
