/**
 * The one sticky PR comment per suite (after marocchino/sticky-pull-request-comment): a hidden
 * marker `<!-- perfgate:<suite-id> -->` (report/markdown.ts `marker`) identifies it; it is looked for among ALL comments of
 * the pull request (paginated), and only among those written by the bot itself, so a user who
 * quotes the marker never has their comment overwritten. Found: updated in place; not found:
 * created.
 *
 * Read-only tokens are detected two ways, and the caller should use both:
 * - before writing, from the event (readOnlyTokenReason): a pull request whose head repository
 *   is not the base repository (a fork; its GITHUB_TOKEN is read-only and it has no secrets),
 *   or one run for Dependabot — so the report can go to an artifact without a failed call;
 * - at write time, a 403 becomes GitHubPermissionError (a workflow that forgot
 *   `pull-requests: write`, an organisation policy forcing read-only tokens, ...).
 */
import { toGitHubApiError } from './github-errors.js';
import { isForkHead, type GitHubClient, type RepoRef } from './github.js';

export { marker as commentMarker } from '../report/markdown.js';

export const DEFAULT_COMMENT_AUTHOR = 'github-actions[bot]';

export interface StickyTarget {
  repo: RepoRef;
  /** Pull request (or issue) number. */
  issueNumber: number;
  /** The hidden marker, `<!-- perfgate:<suite-id> -->` (report/markdown.ts `marker`). */
  marker: string;
  /** Login whose comments may be updated; default github-actions[bot] (the GITHUB_TOKEN's). */
  author?: string;
}

export interface FoundComment {
  id: number;
  body: string;
  url: string;
}

export interface UpsertResult {
  id: number;
  action: 'created' | 'updated';
  url: string;
}

function checkMarker(marker: string): void {
  if (!/^<!--[\s\S]+-->$/.test(marker)) throw new Error(`comment marker '${marker}' is not an HTML comment`);
}

/** The oldest comment by `author` carrying the marker, or null. Stops at the first match. */
export async function findStickyComment(client: GitHubClient, t: StickyTarget): Promise<FoundComment | null> {
  checkMarker(t.marker);
  const author = (t.author ?? DEFAULT_COMMENT_AUTHOR).toLowerCase();
  try {
    const pages = client.paginate.iterator(client.rest.issues.listComments, {
      ...t.repo,
      issue_number: t.issueNumber,
      per_page: 100,
    });
    for await (const page of pages) {
      for (const c of page.data) {
        if (c.user?.login.toLowerCase() === author && (c.body ?? '').includes(t.marker))
          return { id: c.id, body: c.body ?? '', url: c.html_url };
      }
    }
    return null;
  } catch (err) {
    throw toGitHubApiError(err, `listing the comments of #${t.issueNumber}`, 'pull-requests: read');
  }
}

export interface UpsertOptions {
  body: string;
  /** false: only update an existing comment (`comment: on-change` with nothing changed). Default true. */
  create?: boolean;
  /** Create attempts after server errors. Default 3. */
  createAttempts?: number;
  /** Wait between create attempts, times the attempt number. Default 1000 ms. */
  retryDelayMs?: number;
}

/**
 * Creates or updates the comment carrying `marker`; the body gets the marker put first if it
 * lacks it. Returns null when `create` is false and there is no comment yet.
 * Throws GitHubPermissionError on a read-only token, GitHubApiError otherwise (a body over
 * GITHUB_COMMENT_LIMIT (report/markdown.ts) comes back from GitHub as 422 `body is too long`:
 * truncate before).
 *
 * Creating is not idempotent: a 5xx may come back for a comment GitHub did post. So the create
 * call is not retried blindly; after a server error the comments are searched again and the
 * comment updated if it is there, created otherwise (`createAttempts` times in all).
 */
export async function upsertStickyComment(
  client: GitHubClient,
  t: StickyTarget & UpsertOptions,
): Promise<UpsertResult | null> {
  const body = t.body.includes(t.marker) ? t.body : `${t.marker}\n${t.body}`;
  const attempts = t.createAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const existing = await findStickyComment(client, t);
    if (!existing && t.create === false) return null;
    try {
      if (existing) {
        const { data } = await client.rest.issues.updateComment({ ...t.repo, comment_id: existing.id, body });
        return { id: data.id, action: 'updated', url: data.html_url };
      }
      const { data } = await client.rest.issues.createComment({
        ...t.repo,
        issue_number: t.issueNumber,
        body,
        request: { retries: 0 },
      });
      return { id: data.id, action: 'created', url: data.html_url };
    } catch (err) {
      const apiError = toGitHubApiError(
        err,
        existing ? `updating comment ${existing.id} on #${t.issueNumber}` : `commenting on #${t.issueNumber}`,
        'pull-requests: write',
      );
      const serverSide = apiError.status === null || apiError.status >= 500;
      if (existing || !serverSide || attempt >= attempts) throw apiError;
      await new Promise((resolve) => setTimeout(resolve, (t.retryDelayMs ?? 1000) * attempt));
    }
  }
}

/** Whether the pull request carries a label now (asked of the API: the event's copy may be stale). */
export async function hasLabel(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  name: string,
): Promise<boolean> {
  const want = name.toLowerCase();
  try {
    const labels = await client.paginate(client.rest.issues.listLabelsOnIssue, {
      ...repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    // GitHub label names are unique regardless of case.
    return labels.some((l) => l.name.toLowerCase() === want);
  } catch (err) {
    throw toGitHubApiError(err, `reading the labels of #${issueNumber}`, 'pull-requests: read');
  }
}

interface PullRequestPayload {
  pull_request?: {
    head?: { repo?: { full_name?: string; fork?: boolean } | null };
    base?: { repo?: { full_name?: string } | null };
  };
  repository?: { full_name?: string };
}

/**
 * Why this run's GITHUB_TOKEN cannot write to the pull request, or null if it should be able
 * to. Compares repository names rather than trusting `head.repo.fork`: in a repository that is
 * itself a fork, every branch's `fork` flag is true.
 */
export function readOnlyTokenReason(eventName: string, payload: unknown, actor?: string): string | null {
  if (eventName !== 'pull_request') return null;
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as PullRequestPayload;
  if (actor === 'dependabot[bot]')
    return 'this pull request run was started by Dependabot, whose GITHUB_TOKEN is read-only';
  const pr = p.pull_request;
  if (!pr) return null;
  const base = pr.base?.repo?.full_name ?? p.repository?.full_name;
  const head = pr.head?.repo;
  if (head === null) return 'the pull request comes from a deleted fork; its GITHUB_TOKEN is read-only';
  if (head?.full_name && base && isForkHead(head.full_name, base)) {
    return `the pull request comes from the fork ${head.full_name}; its GITHUB_TOKEN is read-only`;
  }
  return null;
}
