/**
 * What the two writers of perfgate's data refs (history records in history-git.ts, flame graph
 * images in data-ref.ts) share about pushing to a remote several CI jobs push to at once:
 * the refs' names and author, the token's way to git, and the retry of a lost push race.
 *
 * The data lives under `refs/perfgate/`, outside `refs/heads/` and `refs/tags/`: a default
 * `git clone` (refspec `+refs/heads/*`, and the tags) and `actions/checkout` never fetch it,
 * so neither developers' clones nor CI checkouts grow with it (docs/history.md, "Size").
 *
 * The token reaches git as an `http.<origin>/.extraheader` through GIT_CONFIG_* environment
 * variables (what actions/checkout configures), never on the command line (where `ps` would
 * show it) nor in the remote URL (where error messages would quote it), and scoped to the
 * remote's origin so no other host is sent it. Any message git prints is scrubbed of it too.
 *
 * A push without force loses when another job pushed first; the writer then fetches the new tip,
 * re-applies its change there and pushes again. The waits between tries grow (doubling from
 * `backoffMs`) with up to 100% jitter, so jobs that collided once do not collide in lockstep.
 */
import { InputError } from '../errors.js';
import { git, type GitResult } from '../tools/git.js';
import { makeScrubber } from '../tools/secrets.js';

/** The ref the history is kept on: fast-forwarded by every append, never rewritten. */
export const DEFAULT_HISTORY_REF = 'refs/perfgate/history';

/**
 * Where perfgate 0.x kept history and images together: a branch every clone fetched. Read
 * when the history ref does not exist yet, and carried over (without its images) by the first
 * append to it.
 */
export const LEGACY_DATA_BRANCH = 'refs/heads/perfgate-data';

/** Comment images go to one ref per UTC month under this prefix (`refs/perfgate/images/2026-12`). */
export const IMAGES_REF_PREFIX = 'refs/perfgate/images/';

/** Days a month's images are kept after its last day, unless the settings say otherwise. */
export const DEFAULT_IMAGE_KEEP_DAYS = 90;

/** The author of data commits: the Actions bot, as GitHub shows its own commits. */
export const DATA_BRANCH_AUTHOR = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

/** Throws unless `branch` is a name git accepts and that cannot be read as an option. */
export function checkBranchName(branch: string, what: string): void {
  if (
    !/^[A-Za-z0-9._/-]+$/.test(branch) ||
    branch.startsWith('-') ||
    branch.includes('..') ||
    branch.endsWith('/') ||
    branch.endsWith('.lock')
  ) {
    throw new InputError(`${what} ${JSON.stringify(branch)}: expected a branch name of [A-Za-z0-9._/-]`);
  }
}

/**
 * Throws unless `ref` is a full ref name git accepts on a remote (`refs/<dir>/<name>`; git
 * refuses a "funny ref" like `refs/x`), that cannot be read as an option, and that perfgate may
 * write: not a tag (clones fetch every tag) nor GitHub's read-only `refs/pull/`.
 */
export function checkDataRef(ref: string, what: string): void {
  const parts = ref.split('/');
  const bad =
    !/^[A-Za-z0-9._/-]+$/.test(ref) ||
    parts[0] !== 'refs' ||
    parts.length < 3 ||
    parts.some((p) => p === '' || p.startsWith('.') || p.endsWith('.lock')) ||
    ref.includes('..');
  if (bad)
    throw new InputError(
      `${what} ${JSON.stringify(ref)}: expected a full ref name like refs/perfgate/history ([A-Za-z0-9._/-], at least refs/<dir>/<name>)`,
    );
  if (parts[1] === 'tags' || parts[1] === 'pull')
    throw new InputError(
      `${what} ${JSON.stringify(ref)}: refs/${parts[1]}/ cannot hold perfgate's data (${parts[1] === 'tags' ? 'every clone fetches tags' : "GitHub's pull request refs are read-only"}); use a ref like refs/perfgate/history`,
    );
}

/** `perfgate-data` for `refs/heads/perfgate-data`, the full name for any other ref: for messages and paths. */
export function shortRef(ref: string): string {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

/**
 * The history ref a front end's settings name: `ref` (a full ref name), or the older `branch`
 * (a branch name, kept so existing workflows work: `refs/heads/<branch>`, fetched by every clone),
 * or by default refs/perfgate/history, which reads and carries over the old perfgate-data branch
 * while it does not exist. `names` are the settings' names for messages (`--ref`, `input 'history-ref'`).
 */
export function resolveHistoryRef(
  given: { ref?: string | undefined; branch?: string | undefined },
  names: { ref: string; branch: string },
): { ref: string; legacy: string | null } {
  const ref = given.ref?.trim() || undefined;
  const branch = given.branch?.trim() || undefined;
  if (ref !== undefined && branch !== undefined)
    throw new InputError(
      `${names.ref} and ${names.branch}: give one (${names.branch} is the older spelling of ${names.ref} refs/heads/NAME)`,
    );
  if (branch !== undefined) {
    checkBranchName(branch, names.branch);
    return { ref: `refs/heads/${branch}`, legacy: null };
  }
  if (ref !== undefined) checkDataRef(ref, names.ref);
  const chosen = ref ?? DEFAULT_HISTORY_REF;
  return { ref: chosen, legacy: chosen === DEFAULT_HISTORY_REF ? LEGACY_DATA_BRANCH : null };
}

/**
 * Environment that makes git send `Authorization: basic base64("x-access-token:TOKEN")` to the
 * remote's origin only; nothing for a remote that is not http(s) (a path, in tests).
 */
export function tokenEnv(remote: string, token: string | undefined): Record<string, string> {
  if (!token || !/^https?:\/\//.test(remote)) return {};
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${new URL(remote).origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}

/**
 * The token to send, only to the GitHub server itself: a GITHUB_TOKEN must never travel to
 * another host a user named as the remote (`--remote`, `history-remote`).
 */
export function tokenForRemote(remote: string, serverUrl: string, token: string | undefined): string | undefined {
  return token && remote.startsWith(`${serverUrl.replace(/\/+$/, '')}/`) ? token : undefined;
}

export type RemoteGit = (args: string[], extraEnv?: Record<string, string>) => Promise<GitResult>;

/** A git runner for `cwd` that talks to `remote` with the token and never shows it. */
export function remoteGit(
  cwd: string,
  remote: string,
  token: string | undefined,
  env: Record<string, string> = {},
): RemoteGit {
  const base = { GIT_TERMINAL_PROMPT: '0', ...env, ...tokenEnv(remote, token) };
  // The token in every form (base64 in the header git may echo); the CLI registers none globally.
  const scrub = makeScrubber(token ? [token] : []);
  return async (args, extraEnv = {}) => {
    const r = await git(cwd, args, { ...base, ...extraEnv });
    return { ok: r.ok, out: scrub(r.out), err: scrub(r.err) };
  };
}

/** Git's refusal of a push that lost a race: not a fast-forward any more, or a ref lock lost. */
export function isLostRace(message: string): boolean {
  return /\[rejected\]|non-fast-forward|fetch first|stale info|cannot lock ref|failed to update ref|incorrect old value/i.test(
    message,
  );
}

export interface PushRetryOptions {
  /** Push attempts before giving up (default 5). */
  attempts?: number;
  /** Wait before the first retry in ms (default 250; doubled each time, plus up to 100% jitter). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** One try: it landed (with its value), or it lost a race (with git's words). */
export type PushTry<T> = { landed: T } | { lost: string };

/**
 * Runs `once` until it lands or the attempts are spent; `onLost` hears of each lost race that
 * will be retried. The caller words the final refusal (it knows what was not stored).
 */
export async function retryLostPushes<T>(
  once: (attempt: number) => Promise<PushTry<T>>,
  opts: PushRetryOptions & { onLost?: (attempt: number, attempts: number) => void } = {},
): Promise<{ landed: T; attempts: number } | { lost: string; attempts: number }> {
  const attempts = opts.attempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new InputError(`push attempts: expected a whole number ≥ 1, got ${attempts}`);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    const r = await once(attempt);
    if ('landed' in r) return { landed: r.landed, attempts: attempt };
    if (attempt >= attempts) return { lost: r.lost, attempts: attempt };
    opts.onLost?.(attempt, attempts);
    const wait = (opts.backoffMs ?? 250) * 2 ** (attempt - 1);
    await sleep(wait + Math.random() * wait);
  }
}
