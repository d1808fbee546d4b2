/**
 * Records keyed by names that come from outside (harness benchmark and metric names, results
 * files). A plain `{}` answers `constructor`, `toString`, `__proto__` from Object.prototype:
 * `m.__proto__ = x` replaces the prototype instead of storing a metric, and `m.constructor ??= x`
 * finds Object and stores nothing. A record without a prototype has only what was put in it.
 */

/** An empty record with no prototype, optionally filled from `entries`. */
export function dict<T>(entries?: Iterable<readonly [string, T]> | Record<string, T>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (entries === undefined) return out;
  const pairs = Symbol.iterator in entries ? entries : Object.entries(entries);
  for (const [k, v] of pairs) out[k] = v;
  return out;
}
