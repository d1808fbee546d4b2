/** Number formatting shared by the terminal and markdown renderers. */

/** 0.0312 → `+3.12%`; magnitudes under 0.01% keep two significant digits. */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  // Below a millionth of a percent it is floating-point noise (a ratio of equal medians gives
  // -3.7e-15%), and toPrecision would print it in e-notation: zero.
  const pct = Math.abs(x * 100) < 1e-6 ? 0 : x * 100;
  const abs = Math.abs(pct);
  const text = abs >= 10 ? pct.toFixed(1) : abs >= 0.01 || abs === 0 ? pct.toFixed(2) : pct.toPrecision(2);
  return `${pct > 0 ? '+' : ''}${text}%`;
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
  return abs >= 100 ? value.toFixed(1) : abs >= 1 ? value.toFixed(3) : value.toPrecision(3);
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
  const abs = Math.abs(x);
  const text = abs >= 100 ? x.toFixed(0) : abs >= 10 ? x.toFixed(1) : x.toFixed(2);
  return Number(text) === 0 ? (0).toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2) : text;
}

export function formatMsChange(x: number): string {
  const t = formatMs(x);
  return x > 0 && Number(t) !== 0 ? `+${t}` : t;
}
