/**
 * The suite file's human units: durations (`60s`, `500ms`, `2m`) and percentages (`0.5%`).
 * Parsers return null on malformed input so the loader can report file:line itself.
 */
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;
const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
const FACTOR: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `"90s"` → 90000 (milliseconds). A bare number means seconds. */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value * 1000 : null;
  if (typeof value !== 'string') return null;
  const m = DURATION.exec(value.trim());
  if (!m) return null;
  const ms = Number(m[1]) * (FACTOR[m[2] as string] ?? NaN);
  return ms > 0 ? ms : null;
}

/** `"2%"` → 0.02. Only the `%` form is accepted: a bare 2 could mean 2 or 200 percent. */
export function parsePercent(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = PERCENT.exec(value.trim());
  return m ? Number(m[1]) / 100 : null;
}
