/**
 * The real GitHubServices (the interface src/action/modes/ is written against): Octokit with
 * retries for REST, @actions/artifact for artifacts, the sticky comment of store/comment.ts.
 * Built once per job from the runner's environment; every method is a thin call into
 * src/store or src/store/comment.ts, so what the tests drive against the emulator is what
 * the action runs.
 */
import { DEFAULT_COMMENT_AUTHOR, hasLabel, upsertStickyComment } from './comment.js';
import { alertOnHistory } from './alerts.js';
import type { HistoryRecord } from '../results/history-record.js';
import type { ConfirmationRecord } from '../results/confirmation-record.js';
import { actionsArtifactTransport, type ArtifactTransport } from './artifacts.js';
import { githubBaselineStore } from './baseline.js';
import { toGitHubApiError } from './github-errors.js';
import { createGitHubClient, type GitHubClient, type RepoRef } from './github.js';
import { getMergeBase, resolveWorkflowId } from './runs.js';

/** What paired runs concluded about the history's steps, for the alert. */
export interface AlertConfirmations {
  confirmations: ReadonlyMap<string, ConfirmationRecord>;
  requireConfirmation: boolean;
}

/** A baseline found by findBaseline and downloaded into `dir`. */
export interface FoundBaseline {
  runId: number;
  headSha: string;
  createdAt: string;
  artifactId: number;
  runUrl: string;
  dir: string;
}

/**
 * What the action asks of GitHub, declared once, beside its implementation
 * (createGitHubServices, which the tests run against the loopback emulator).
 */
export interface GitHubServices {
  /** Uploads files (paths under rootDir) as an artifact of this run. Throws ArtifactUploadError. */
  upload(
    name: string,
    files: string[],
    rootDir: string,
    retentionDays: number | null,
  ): Promise<{ id: number; size: number }>;
  /**
   * Latest successful trusted run of this workflow on `branch` with artifact `name`, preferring
   * `preferSha`, downloaded into destDir (an artifact that expires on the way: the next run's).
   * Never throws.
   */
  findBaseline(q: {
    branch: string;
    preferSha: string | null;
    artifactName: string;
    destDir: string;
  }): Promise<{ found: FoundBaseline } | { missing: string }>;
  /** The merge base of two commits, asked of GitHub (a shallow clone cannot tell); null if unknown. */
  mergeBase(base: string, head: string): Promise<string | null>;
  /** Downloads an artifact (of another run) into dir (emptied first). Throws ArtifactGoneError (expired/deleted) or GitHubApiError. */
  download(artifact: { id: number; runId: number }, dir: string): Promise<void>;
  /** Live artifacts of a run whose names start with prefix (shards, reports), newest per name, sorted by name. */
  listRunArtifacts(runId: number, prefix: string): Promise<{ id: number; name: string }[]>;
  /** Creates or updates the one comment carrying `marker`; `create: false` only updates (null if none). Throws GitHubPermissionError on 403. */
  upsertComment(
    pr: number,
    marker: string,
    body: string,
    opts: { create: boolean },
  ): Promise<{ id: number; action: 'created' | 'updated' } | null>;
  hasLabel(pr: number, label: string): Promise<boolean>;
  /** The head commit of pull request `pr` as GitHub knows it (never from an artifact). Throws GitHubApiError. */
  pullHeadSha(pr: number): Promise<string>;
  /**
   * Opens, updates or leaves the suite's sticky alert issue from its history on the default
   * branch (store/alerts.ts); with `requireConfirmation`, only for steps `confirmations` confirmed.
   */
  alertOnHistory(
    records: readonly HistoryRecord[],
    suiteId: string,
    serverUrl: string,
    confirm?: AlertConfirmations,
  ): Promise<{
    action: string;
    number: number | null;
    url: string | null;
    /** The issue's state after this run. */
    state: 'open' | 'closed';
    reason: string;
  }>;
}

export interface GitHubServicesOptions {
  token: string;
  repo: RepoRef;
  /** GITHUB_RUN_ID: never its own baseline; tells which workflow to search. */
  runId: number;
  /** GITHUB_WORKFLOW_REF, used when the run cannot be read. */
  workflowRef?: string;
  /** GITHUB_API_URL; default from the environment. */
  apiUrl?: string;
  /** Whose comments are ours; default github-actions[bot]. */
  commentAuthor?: string;
  /** Retry and rate-limit notes (e.g. core.info). */
  log?: (message: string) => void;
  /** Back-off unit, ms (tests shorten it). Default 1000. */
  retryUnitMs?: number;
  /** Injected for tests; default the real client / @actions/artifact. */
  client?: GitHubClient;
  artifacts?: ArtifactTransport;
}

export function createGitHubServices(o: GitHubServicesOptions): GitHubServices {
  const log = o.log ?? ((): void => undefined);
  const client =
    o.client ??
    createGitHubClient({
      token: o.token,
      log,
      ...(o.apiUrl !== undefined ? { baseUrl: o.apiUrl } : {}),
      ...(o.retryUnitMs !== undefined ? { retryUnitMs: o.retryUnitMs } : {}),
    });
  const artifacts =
    o.artifacts ??
    actionsArtifactTransport({
      token: o.token,
      log,
      ...(o.retryUnitMs !== undefined ? { retryUnitMs: o.retryUnitMs * 2 } : {}),
    });
  let workflowId: Promise<number | string> | null = null;

  return {
    async upload(name, files, rootDir, retentionDays) {
      const r = await artifacts.upload(name, files, rootDir, retentionDays !== null ? { retentionDays } : {});
      return { id: r.id, size: r.size };
    },

    async findBaseline(q) {
      workflowId ??= resolveWorkflowId(client, o.repo, {
        runId: o.runId > 0 ? o.runId : null,
        ...(o.workflowRef !== undefined ? { workflowRef: o.workflowRef } : {}),
      });
      let id: number | string;
      try {
        id = await workflowId;
      } catch (err) {
        workflowId = null;
        return { missing: toGitHubApiError(err, 'finding this workflow').message };
      }
      const found = await githubBaselineStore({ client, repo: o.repo, artifacts }).find({
        workflowId: id,
        branch: q.branch,
        mergeBaseSha: q.preferSha,
        artifactName: q.artifactName,
        currentRunId: o.runId,
        destDir: q.destDir,
      });
      if (!found.found) return { missing: found.message };
      if (found.source !== 'artifact') return { missing: 'internal: the artifact store returned a directory baseline' };
      return {
        found: {
          runId: found.runId,
          headSha: found.headSha,
          createdAt: found.createdAt,
          artifactId: found.artifactId,
          runUrl: found.runUrl,
          dir: found.dir,
        },
      };
    },

    async mergeBase(base, head) {
      try {
        return await getMergeBase(client, o.repo, base, head);
      } catch {
        return null;
      }
    },

    async download(artifact, dir) {
      await artifacts.download(artifact.id, dir, { runId: artifact.runId, repo: o.repo });
    },

    async listRunArtifacts(runId, prefix) {
      try {
        const all = await client.paginate(client.rest.actions.listWorkflowRunArtifacts, {
          ...o.repo,
          run_id: runId,
          per_page: 100,
        });
        // A re-run attempt may upload the same name again: keep the newest of each name.
        const newest = new Map<string, { id: number; name: string }>();
        for (const a of all) {
          if (a.expired || !a.name.startsWith(prefix)) continue;
          const seen = newest.get(a.name);
          if (!seen || a.id > seen.id) newest.set(a.name, { id: a.id, name: a.name });
        }
        return [...newest.values()].sort((a, b) => a.name.localeCompare(b.name));
      } catch (err) {
        throw toGitHubApiError(err, `listing artifacts of run ${runId}`, 'actions: read');
      }
    },

    async upsertComment(pr, marker, body, opts) {
      const r = await upsertStickyComment(client, {
        repo: o.repo,
        issueNumber: pr,
        marker,
        body,
        create: opts.create,
        author: o.commentAuthor ?? DEFAULT_COMMENT_AUTHOR,
      });
      return r === null ? null : { id: r.id, action: r.action };
    },

    hasLabel(pr, label) {
      return hasLabel(client, o.repo, pr, label);
    },

    async alertOnHistory(records, suiteId, serverUrl, confirm) {
      const r = await alertOnHistory({
        client,
        repo: o.repo,
        suiteId,
        records,
        serverUrl,
        ...(o.commentAuthor ? { author: o.commentAuthor } : {}),
        ...(confirm ? { confirmations: confirm.confirmations, requireConfirmation: confirm.requireConfirmation } : {}),
      });
      return { action: r.action, number: r.number, url: r.url, state: r.plan.state, reason: r.plan.reason };
    },

    async pullHeadSha(pr) {
      try {
        return (await client.rest.pulls.get({ ...o.repo, pull_number: pr })).data.head.sha;
      } catch (err) {
        throw toGitHubApiError(err, `reading pull request #${pr}`, 'pull-requests: read');
      }
    },
  };
}
