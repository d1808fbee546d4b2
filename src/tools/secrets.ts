/**
 * The one scrubber: every text that came from outside (a benchmark's or setup's stdout and
 * stderr, harness output, git's messages, error texts) loses the job's secrets before it reaches
 * results, reports, API bodies or history; and every body sent and file written is scrubbed once
 * more (docs/faults.md "Secrets"). `::add-mask::` hides a value in the job log only.
 *
 * Which values are secret: perfgate sees only what is in its own environment. The runner masks
 * `secrets.*` in the log, but a secret is visible to perfgate only when the workflow hands it
 * over: as the `github-token` input (INPUT_GITHUB-TOKEN), as the runtime tokens the runner gives
 * every action (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN), as a step `env:`
 * variable whose name says what it is (GITHUB_TOKEN, NPM_TOKEN, AWS_SECRET_ACCESS_KEY), or
 * listed one per line in PERFGATE_SCRUB / the `scrub` input for values named otherwise.
 *
 * The values are a process-wide fact, like the runner's mask list: the entry point registers
 * them once, and the boundaries (tools/process.ts, the harness reader) and the writers consult
 * the registry instead of threading a scrubber through every layer that passes text along.
 */
import { escapeRegex } from './exact-names.js';

/** A variable whose name says it holds a credential (`KEY` as a word: not MONKEY, KEYBOARD). */
export const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|(^|[_-])(API_?)?KEY([_-]|$)/i;
/**
 * Shorter values are not scrubbed: `KEY=1` or `SECRET=true` would blank every `1` and `true` in
 * a report. GitHub's tokens are 36 (classic) to 93 characters; a 7-character password is left to
 * the runner's log mask.
 */
export const MIN_SECRET_LENGTH = 8;
/** Extra values to scrub, one per line: the env variable and the action input (INPUT_SCRUB). */
export const SCRUB_VAR = 'PERFGATE_SCRUB';
export const SCRUB_INPUT_VAR = 'INPUT_SCRUB';
/** What a scrubbed value becomes (the runner's own mask). */
export const MASK = '***';

/** The values in `env` that are secrets by the rules above, longest first, without duplicates. */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const values =
      name === SCRUB_VAR || name === SCRUB_INPUT_VAR ? value.split(/\r?\n/) : SECRET_NAME.test(name) ? [value] : [];
    for (const v of values.map((s) => s.trim())) if (v.length >= MIN_SECRET_LENGTH) found.add(v);
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/** Names of the variables in `env` that hold one of `secrets` (or list them, PERFGATE_SCRUB). */
export function secretNames(env: NodeJS.ProcessEnv, secrets: readonly string[]): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) =>
        value !== undefined &&
        (name === SCRUB_VAR || name === SCRUB_INPUT_VAR || secrets.some((s) => value.includes(s))),
    )
    .map(([name]) => name);
}

/**
 * Base64 of `s` wherever it starts in a longer base64 text: with 0, 1 or 2 bytes before it the
 * encoding differs, and the characters that mix in a neighbour's bits are left out.
 */
function base64Forms(s: string): string[] {
  const bytes = Buffer.from(s, 'utf8');
  // Encoded alone (`printf %s "$T" | base64`): whole, with and without its padding.
  const alone = bytes.toString('base64');
  const out: string[] = [alone, alone.replace(/=+$/, ''), bytes.toString('base64url')];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const whole = enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    out.push(whole, whole.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** The forms a secret takes in text: as is, URL- and JSON-escaped, base64 and base64url. */
export function secretForms(secret: string): string[] {
  const url = encodeURIComponent(secret);
  // %2f and %2F alike: encoders differ in the case of their hex digits.
  const lowerUrl = url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  const forms = new Set<string>([secret, url, lowerUrl, JSON.stringify(secret).slice(1, -1), ...base64Forms(secret)]);
  // A base64 form with its edges cut is shorter than the secret; a very short one would match by chance.
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH - 2);
}

/** A pure scrubber for `secrets`: every form of each is replaced by MASK. */
export function makeScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = [...new Set(secrets.filter((s) => s.length > 0).flatMap(secretForms))].sort(
    (a, b) => b.length - a.length,
  );
  if (forms.length === 0) return (text) => text;
  const re = new RegExp(forms.map(escapeRegex).join('|'), 'g');
  return (text) => text.replace(re, MASK);
}

let registered: string[] = [];
let active: (text: string) => string = (text) => text;

/** Adds values to the process's scrubber (the entry points call it once with secretsFromEnv). */
export function registerSecrets(values: readonly string[]): void {
  const fresh = values.filter((v) => v.length >= MIN_SECRET_LENGTH && !registered.includes(v));
  if (fresh.length === 0) return;
  registered = [...registered, ...fresh];
  active = makeScrubber(registered);
}

/** `text` without any form of a registered secret. */
export function scrub(text: string): string {
  return active(text);
}

/** An environment for a child without the variables that hold a registered secret. */
export function withoutSecrets(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = new Set(secretNames(env, registered));
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && !names.has(e[0])),
  );
}

/** Every string inside a JSON-like value scrubbed (a request's parameters before they are sent). */
export function scrubDeep(value: unknown): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map(scrubDeep);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v)]));
  return value;
}
