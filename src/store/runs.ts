/**
 * Workflow runs and their artifacts, read through the REST API: which workflow this run
 * belongs to, the successful runs of it on a branch, the artifacts of a run, the merge base
 * of two commits.
 */
import { toGitHubApiError } from './github-errors.js';
import type { GitHubClient, RepoRef } from './github.js';

export interface WorkflowRun {
  id: number;
  workflowId: number;
  headSha: string;
  headBranch: string | null;
  /** `owner/repo` the head commit came from (a fork's name for fork pull requests). */
  headRepository: string | null;
  event: string;
  status: string | null;
  conclusion: string | null;
  createdAt: string;
  runAttempt: number;
  htmlUrl: string;
}

export interface RunArtifact {
  id: number;
  name: string;
  sizeInBytes: number;
  expired: boolean;
  createdAt: string | null;
  expiresAt: string | null;
  digest: string | null;
}

interface RawRun {
  id: number;
  workflow_id: number;
  head_sha: string;
  head_branch: string | null;
  head_repository?: { full_name?: string } | null;
  event: string;
  status: string | null;
  conclusion: string | null;
  created_at: string;
  run_attempt?: number;
  html_url: string;
}

function toRun(r: RawRun): WorkflowRun {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    headSha: r.head_sha,
    headBranch: r.head_branch,
    headRepository: r.head_repository?.full_name ?? null,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    createdAt: r.created_at,
    runAttempt: r.run_attempt ?? 1,
    htmlUrl: r.html_url,
  };
}

export async function getRun(client: GitHubClient, repo: RepoRef, runId: number): Promise<WorkflowRun> {
  try {
    const { data } = await client.rest.actions.getWorkflowRun({ ...repo, run_id: runId });
    return toRun(data);
  } catch (err) {
    throw toGitHubApiError(err, `reading workflow run ${runId}`, 'actions: read');
  }
}

/**
 * `.github/workflows/perf.yml` out of GITHUB_WORKFLOW_REF
 * (`owner/repo/.github/workflows/perf.yml@refs/heads/main`); null when absent or odd.
 */
export function workflowFileFromRef(workflowRef: string | undefined): string | null {
  const m = /^[^/]+\/[^/]+\/\.github\/workflows\/([^@/]+\.ya?ml)@/.exec(workflowRef ?? '');
  return m ? m[1]! : null;
}

/**
 * The workflow the current run belongs to: the run's `workflow_id` (authoritative), else the
 * file name from GITHUB_WORKFLOW_REF, which the runs endpoint accepts as well.
 */
export async function resolveWorkflowId(
  client: GitHubClient,
  repo: RepoRef,
  o: { runId: number | null; workflowRef?: string },
): Promise<number | string> {
  let lookupError: unknown = null;
  if (o.runId !== null) {
    try {
      return (await getRun(client, repo, o.runId)).workflowId;
    } catch (err) {
      lookupError = err;
    }
  }
  const file = workflowFileFromRef(o.workflowRef);
  if (file !== null) return file;
  if (lookupError instanceof Error) throw lookupError;
  throw toGitHubApiError(
    new Error('neither GITHUB_RUN_ID nor GITHUB_WORKFLOW_REF is set'),
    'finding the current workflow',
  );
}

/**
 * Successful runs of a workflow on a branch, newest first (GitHub's order). `headSha` narrows
 * to runs of one commit. `status=success` filters on the conclusion.
 */
export async function listSuccessfulRuns(
  client: GitHubClient,
  repo: RepoRef,
  q: { workflowId: number | string; branch: string; headSha?: string; limit?: number },
): Promise<WorkflowRun[]> {
  const limit = q.limit ?? 20;
  try {
    const { data } = await client.rest.actions.listWorkflowRuns({
      ...repo,
      workflow_id: q.workflowId,
      branch: q.branch,
      status: 'success',
      exclude_pull_requests: true,
      per_page: Math.min(100, limit),
      ...(q.headSha ? { head_sha: q.headSha } : {}),
    });
    return data.workflow_runs.slice(0, limit).map((r) => toRun(r as RawRun));
  } catch (err) {
    throw toGitHubApiError(err, `listing successful runs of workflow ${q.workflowId} on ${q.branch}`, 'actions: read');
  }
}

/** Artifacts of a run with this exact name (expired ones included, flagged), newest first. */
export async function listRunArtifacts(
  client: GitHubClient,
  repo: RepoRef,
  runId: number,
  name: string,
): Promise<RunArtifact[]> {
  try {
    const { data } = await client.rest.actions.listWorkflowRunArtifacts({
      ...repo,
      run_id: runId,
      name,
      per_page: 100,
    });
    return data.artifacts
      .filter((a) => a.name === name)
      .map((a) => ({
        id: a.id,
        name: a.name,
        sizeInBytes: a.size_in_bytes,
        expired: a.expired,
        createdAt: a.created_at ?? null,
        expiresAt: a.expires_at ?? null,
        digest: a.digest ?? null,
      }))
      .sort((a, b) => b.id - a.id);
  } catch (err) {
    throw toGitHubApiError(err, `listing artifacts of run ${runId}`, 'actions: read');
  }
}

/** The merge base of two refs or commits, from the compare endpoint (no deep clone needed). */
export async function getMergeBase(client: GitHubClient, repo: RepoRef, base: string, head: string): Promise<string> {
  try {
    const { data } = await client.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${base}...${head}`,
      per_page: 1,
    });
    return data.merge_base_commit.sha;
  } catch (err) {
    throw toGitHubApiError(err, `finding the merge base of ${base} and ${head}`, 'contents: read');
  }
}
