/**
 * The Octokit client every GitHub call of perfgate goes through: @actions/github's getOctokit
 * (REST methods + paginate) with
 * - @octokit/plugin-retry for 5xx and dropped connections (exponential: 1 s, 4 s, 9 s, ... by
 *   default), and
 * - @octokit/plugin-throttling for rate limits: 403/429 with `retry-after` (secondary limit)
 *   or `x-ratelimit-remaining: 0` (primary limit, waits until `x-ratelimit-reset`), as long as
 *   the wait stays under `maxRateLimitWaitS` — a job should fail with a clear message rather
 *   than sleep for an hour.
 * 429 is left to the throttling plugin alone so one response is never retried by both.
 * The token goes into the Authorization header only; nothing here logs it (retry notes carry
 * method, route and status).
 */
import { getOctokit } from '@actions/github';
import { defaults as actionsDefaults } from '@actions/github/lib/utils';
import type { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { InputError } from '../errors.js';
import { scrubDeep } from '../tools/secrets.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface GitHubClientOptions {
  token: string;
  /** API root; default GITHUB_API_URL, else https://api.github.com. */
  baseUrl?: string;
  /** Retries after the first attempt, for 5xx and for rate limits. Default 4. */
  retries?: number;
  /** Unit of the back-off and of `retry-after` (1000 = real seconds; tests use less). */
  retryUnitMs?: number;
  /** Longest rate-limit wait accepted before giving up, in seconds. Default 120. */
  maxRateLimitWaitS?: number;
  /** Where retry and rate-limit notes go (e.g. core.info). Default: nowhere. */
  log?: (message: string) => void;
  /** Throttling key; clients with different ids do not space their writes against each other. */
  id?: string;
}

// Statuses plugin-retry must not retry: client errors, and 429, which the throttling plugin owns.
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
/** Attempts at a request that gets no answer at all before the host is called unreachable. */
const NO_ANSWER_ATTEMPTS = 2;

/**
 * Notes each failed attempt that plugin-retry will retry (5xx, no answer). Registered first,
 * so it is the innermost hook and sees every attempt, not just the last.
 */
/** The innermost cause's code (`ECONNREFUSED`, `ENOTFOUND`), else its message: fetch wraps it twice. */
function rootCause(error: unknown): string {
  // Duck-typed: the causes come from Node's own fetch, whose Error may be another realm's.
  type Link = { code?: unknown; message?: unknown; cause?: unknown };
  let e = error as Link | undefined;
  let message = '';
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    if (typeof e.code === 'string') return e.code;
    if (typeof e.message === 'string') message = e.message;
    e = e.cause as Link | undefined;
  }
  return message || 'no answer';
}

function retryNotes(log: (message: string) => void, baseUrl: string) {
  return (octokit: Octokit): void => {
    octokit.hook.error('request', (error, options) => {
      const status = (error as { status?: unknown }).status;
      // Our own count, on the per-call copy ownRequestOptions makes (see there).
      const own = options.request as { perfgateAttempt?: number };
      const attempt = (own.perfgateAttempt = (own.perfgateAttempt ?? 0) + 1);
      const route = `${options.method} ${String(options.url)}`;
      // Octokit reports a request that got no answer at all (refused, DNS, reset) as status 500
      // without a response. That is not GitHub failing: say so, try once more, then give up,
      // rather than back off for most of a minute per call.
      if (status === 500 && (error as { response?: unknown }).response === undefined) {
        const cause = rootCause(error);
        if (attempt >= NO_ANSWER_ATTEMPTS)
          throw new Error(`cannot reach ${baseUrl} (${cause}) after ${attempt} attempts: ${route}`);
        log(`GitHub API ${route}: no answer (${cause}) on attempt ${attempt} of ${NO_ANSWER_ATTEMPTS}`);
        throw error;
      }
      if (typeof status !== 'number' || status >= 500)
        log(`GitHub API ${route}: ${typeof status === 'number' ? status : error.message} on attempt ${attempt}`);
      throw error;
    });
  };
}

/** Fields of a request's options that are not its parameters: left as Octokit built them. */
const NOT_PARAMETERS = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType']);

/**
 * Defence in depth: every parameter sent (comment and issue bodies, titles) is scrubbed of the
 * job's secrets, whatever text built it (tools/secrets.ts). Registered last: runs first.
 */
function scrubbedParameters(octokit: Octokit): void {
  octokit.hook.before('request', (options) => {
    const o = options as unknown as Record<string, unknown>;
    for (const key of Object.keys(o)) if (!NOT_PARAMETERS.has(key)) o[key] = scrubDeep(o[key]);
  });
}

/**
 * Every request gets its own `request` options object. Octokit merges a defaults `request` into
 * each call by reference, and plugin-retry counts attempts in `options.request.retryCount`: with
 * one shared object the count carried over from call to call, so attempts were numbered out of
 * order and a later call's back-off started long and its retries ran out early. Registered
 * last, so it runs before the retry and throttling plugins see the call.
 */
function ownRequestOptions(octokit: Octokit): void {
  // In place: every layer of the hook chain was bound to this same options object.
  octokit.hook.wrap('request', (request, options) => {
    options.request = { ...options.request };
    return request(options);
  });
}

export function createGitHubClient(o: GitHubClientOptions): GitHubClient {
  if (o.token.trim() === '')
    throw new InputError("no GitHub token: set the 'github-token' input (default: ${{ github.token }})");
  const retries = o.retries ?? 4;
  const unit = o.retryUnitMs ?? 1000;
  const maxWait = o.maxRateLimitWaitS ?? 120;
  const log = o.log ?? ((): void => undefined);
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const route = `${options.method} ${options.url}`;
      if (retryCount >= retries) {
        log(`GitHub API ${route}: ${kind} rate limit, giving up after ${retries} retries`);
        return false;
      }
      if (retryAfter > maxWait) {
        log(
          `GitHub API ${route}: ${kind} rate limit resets in ${retryAfter} s, longer than the ${maxWait} s this job will wait`,
        );
        return false;
      }
      log(`GitHub API ${route}: ${kind} rate limit, waiting ${retryAfter} s (retry ${retryCount + 1} of ${retries})`);
      return true;
    };

  const baseUrl = o.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com';
  return getOctokit(
    o.token,
    {
      baseUrl,
      // Keep @actions/github's proxy-aware fetch: a `request` option replaces its defaults whole.
      // Not `request.retries`: plugin-retry would then retry every error, 403s and 404s too.
      request: { ...actionsDefaults.request },
      retry: { doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: unit, retries },
      throttle: {
        id: o.id ?? 'perfgate',
        retryAfterBaseValue: unit,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
      log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    },
    retryNotes(log, baseUrl),
    retry,
    throttling,
    ownRequestOptions,
    scrubbedParameters,
  );
}

/**
 * Whether a pull request's head repository (`owner/repo`) is another repository than its base:
 * a fork. GitHub compares names case-insensitively. Names rather than `head.repo.fork`, which
 * is true for every branch of a repository that is itself a fork.
 */
export function isForkHead(headFullName: string, baseFullName: string): boolean {
  return headFullName.toLowerCase() !== baseFullName.toLowerCase();
}
