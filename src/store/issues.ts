/**
 * The GitHub door of the history alerts: one sticky issue per suite, found again by a hidden
 * marker (`<!-- perfgate-alert:<suite-id> -->`) the way the PR comment is (store/comment.ts):
 * among ALL the issues (open and closed, paginated) opened by the bot itself, so an issue in
 * which a person quotes the marker is never taken over. What to write is decided elsewhere
 * (report/alert.ts `planAlert`, pure); this file only finds the issue and carries the plan out.
 *
 * Creating is not idempotent: a 5xx may come back for an issue GitHub did open. So the create
 * call is not retried blindly; after a server error the issues are searched again and the plan
 * applied to the one found (`createAttempts` times in all), so a suite never gets two issues.
 */
import { toGitHubApiError } from './github-errors.js';
import type { GitHubClient, RepoRef } from './github.js';

export const DEFAULT_ISSUE_AUTHOR = 'github-actions[bot]';
export const DEFAULT_ALERT_LABEL = 'perfgate-regression';

/** The hidden marker of a suite's alert issue. */
export function alertMarker(suiteId: string): string {
  return `<!-- perfgate-alert:${suiteId.replace(/-->/g, '')} -->`;
}

export interface IssueTarget {
  repo: RepoRef;
  /** The hidden marker (alertMarker). */
  marker: string;
  /** Login whose issues may be updated; default github-actions[bot] (the GITHUB_TOKEN's). */
  author?: string;
}

export interface FoundIssue {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  url: string;
}

function checkMarker(marker: string): void {
  if (!/^<!--[\s\S]+-->$/.test(marker)) throw new Error(`issue marker '${marker}' is not an HTML comment`);
}

/**
 * The oldest issue (open or closed) by `author` whose body carries the marker, or null. Pull
 * requests, which the issues API lists too, are passed over.
 */
export async function findAlertIssue(client: GitHubClient, t: IssueTarget): Promise<FoundIssue | null> {
  checkMarker(t.marker);
  const author = t.author ?? DEFAULT_ISSUE_AUTHOR;
  try {
    const pages = client.paginate.iterator(client.rest.issues.listForRepo, {
      ...t.repo,
      state: 'all',
      creator: author,
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    });
    for await (const page of pages) {
      for (const i of page.data) {
        if (i.pull_request) continue;
        if (i.user?.login.toLowerCase() !== author.toLowerCase()) continue;
        if (!(i.body ?? '').includes(t.marker)) continue;
        return {
          number: i.number,
          state: i.state === 'closed' ? 'closed' : 'open',
          title: i.title,
          body: i.body ?? '',
          url: i.html_url,
        };
      }
    }
    return null;
  } catch (err) {
    throw toGitHubApiError(err, 'listing the issues', 'issues: read');
  }
}

/** What planAlert (report/alert.ts) decided; the door needs only this much of it. */
export interface IssueWrite {
  action: 'none' | 'open' | 'update';
  title: string;
  body: string;
  /** The issue's state after the write (a full recovery closes it, a new regression reopens it). */
  state: 'open' | 'closed';
  /** Posted as a comment on an existing issue, so that its subscribers are notified. */
  comment?: string;
  labels?: string[];
}

export interface IssueResult {
  action: 'none' | 'opened' | 'updated';
  number: number | null;
  url: string | null;
  commented: boolean;
}

export interface ApplyOptions {
  /** Create attempts after server errors. Default 3. */
  createAttempts?: number;
  /** Wait between create attempts, times the attempt number. Default 1000 ms. */
  retryDelayMs?: number;
}

/**
 * Writes `plan` to the issue found (or about to be created). A plan made against an issue that
 * another job has since changed is still applied as it stands: the planner's state is in the
 * body, so the next run plans from whatever this one wrote.
 */
export async function applyIssueWrite(
  client: GitHubClient,
  t: IssueTarget,
  existing: FoundIssue | null,
  plan: IssueWrite,
  options: ApplyOptions = {},
): Promise<IssueResult> {
  if (plan.action === 'none')
    return { action: 'none', number: existing?.number ?? null, url: existing?.url ?? null, commented: false };
  const body = plan.body.includes(t.marker) ? plan.body : `${t.marker}\n${plan.body}`;
  const attempts = options.createAttempts ?? 3;
  let target = existing;
  for (let attempt = 1; ; attempt++) {
    if (target) return updateIssue(client, t.repo, target, { ...plan, body });
    try {
      const { data } = await client.rest.issues.create({
        ...t.repo,
        title: plan.title,
        body,
        labels: plan.labels ?? [DEFAULT_ALERT_LABEL],
        request: { retries: 0 },
      });
      // An issue is created open; a plan to open one closed would be a planner bug, not a write.
      return { action: 'opened', number: data.number, url: data.html_url, commented: false };
    } catch (err) {
      const apiError = toGitHubApiError(err, 'opening the alert issue', 'issues: write');
      const serverSide = apiError.status === null || apiError.status >= 500;
      if (!serverSide || attempt >= attempts) throw apiError;
      await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 1000) * attempt));
      target = await findAlertIssue(client, t);
    }
  }
}

async function updateIssue(
  client: GitHubClient,
  repo: RepoRef,
  found: FoundIssue,
  plan: IssueWrite,
): Promise<IssueResult> {
  const changes: { title?: string; body?: string; state?: 'open' | 'closed'; state_reason?: 'completed' | 'reopened' } =
    {};
  if (plan.title !== found.title) changes.title = plan.title;
  if (plan.body !== found.body) changes.body = plan.body;
  if (plan.state !== found.state) {
    changes.state = plan.state;
    changes.state_reason = plan.state === 'closed' ? 'completed' : 'reopened';
  }
  let url = found.url;
  try {
    if (Object.keys(changes).length > 0) {
      const { data } = await client.rest.issues.update({ ...repo, issue_number: found.number, ...changes });
      url = data.html_url;
    }
  } catch (err) {
    throw toGitHubApiError(err, `updating the alert issue #${found.number}`, 'issues: write');
  }
  let commented = false;
  if (plan.comment) {
    try {
      // Not retried blindly either: a duplicate notification is the thing alerts must not do. If
      // it fails, the body already says the new state, so the next run will not comment again:
      // a lost notification rather than a repeated one.
      await client.rest.issues.createComment({
        ...repo,
        issue_number: found.number,
        body: plan.comment,
        request: { retries: 0 },
      });
      commented = true;
    } catch (err) {
      throw toGitHubApiError(err, `commenting on the alert issue #${found.number}`, 'issues: write');
    }
  }
  return { action: 'updated', number: found.number, url, commented };
}
