/**
 * Words for a `/bin/sh -c` string. Anything a repository or a user names (a directory, a Cargo
 * bench name, an npm script) may hold spaces, quotes, `$(...)` or newlines, so it goes in
 * single quotes, where sh interprets nothing; a `'` is closed, escaped and reopened.
 */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A word as written when it needs no quoting (`./build/bench_x`, `pkg/parse`), quoted otherwise. */
export const shellWord = (s: string): string => (/^[A-Za-z0-9_./:=+-]+$/.test(s) ? s : shellQuote(s));
