/** Text as a regular expression that matches it literally, and names as one that matches exactly them. */

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Matches each of the names whole and nothing else (a `--filter` that picks exactly these benchmarks). */
export function exactNames(names: readonly string[]): RegExp {
  return new RegExp(`^(?:${names.map(escapeRegex).join('|')})$`);
}
