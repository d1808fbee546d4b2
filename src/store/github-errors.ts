/**
 * Typed failures of the GitHub door (src/store, src/store/comment.ts), so the action can tell
 * "GitHub said no" (permissions, expired artifact) from "GitHub was down" and word each one.
 * Messages never carry the token: they are built from the method, the route and GitHub's
 * answer only.
 */
import { EXIT, PerfgateError } from '../errors.js';

/** A GitHub API call that failed for good (after the retries). */
export class GitHubApiError extends PerfgateError {
  constructor(
    readonly operation: string,
    readonly status: number | null,
    detail: string,
  ) {
    super(`GitHub API: ${operation} failed: ${detail}`, EXIT.environment);
  }
}

/**
 * 403 on a write: the token may not write here. A pull request from a fork or one opened by
 * Dependabot runs with a read-only GITHUB_TOKEN whatever the workflow asks for.
 */
export class GitHubPermissionError extends GitHubApiError {}

/** An artifact upload failed; the local files are still there. */
export class ArtifactUploadError extends PerfgateError {
  constructor(
    readonly artifactName: string,
    detail: string,
  ) {
    super(`artifact upload of '${artifactName}' failed: ${detail}`, EXIT.environment);
  }
}

/** The shape of Octokit's RequestError that we read (duck-typed: it is not a direct dependency). */
interface RequestErrorLike {
  status: number;
  message: string;
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
}

export function isRequestError(err: unknown): err is RequestErrorLike {
  return err instanceof Error && typeof (err as { status?: unknown }).status === 'number';
}

/** GitHub's 422 `errors: [{ message }]` details, when present. */
function validationDetails(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const errors = (data as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) =>
    typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string'
      ? [(e as { message: string }).message]
      : typeof e === 'string'
        ? [e]
        : [],
  );
}

/**
 * Turns whatever a GitHub call threw into a GitHubApiError naming the operation.
 * `permission` is the workflow permission the call needs (e.g. `pull-requests: write`), used
 * in the 403/404 hints.
 */
export function toGitHubApiError(err: unknown, operation: string, permission?: string): GitHubApiError {
  if (err instanceof GitHubApiError) return err;
  if (!isRequestError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return new GitHubApiError(operation, null, `no answer from GitHub (${message})`);
  }
  // Octokit's message is GitHub's `message` plus the errors as JSON and ` - <documentation_url>`:
  // take GitHub's own `message` when there is one, and the errors' messages separately.
  const data = err.response?.data;
  const own =
    typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string'
      ? (data as { message: string }).message
      : null;
  const said = own ?? err.message.replace(/ - https:\/\/\S+$/, '');
  const details = validationDetails(data);
  const headers = err.response?.headers ?? {};
  const detail = `${err.status} ${said}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
  const need = permission ? `\`permissions: ${permission}\`` : 'the permission this call needs';
  if (err.status === 401)
    return new GitHubApiError(operation, 401, `${detail}: the token is not valid (check the github-token input)`);
  if (err.status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(said))) {
    return new GitHubApiError(operation, 403, `${detail}: rate limited, and still so after waiting`);
  }
  if (err.status === 403) {
    return new GitHubPermissionError(
      operation,
      403,
      `${detail}: the token may not do this. Pull requests from forks and from Dependabot get a read-only GITHUB_TOKEN; otherwise grant ${need} in the workflow`,
    );
  }
  if (err.status === 404)
    return new GitHubApiError(operation, 404, `${detail} (wrong repository, or the token lacks ${need})`);
  if (err.status >= 500) return new GitHubApiError(operation, err.status, `${detail}, still failing after the retries`);
  return new GitHubApiError(operation, err.status, detail);
}
