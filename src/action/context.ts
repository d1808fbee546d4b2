/**
 * What the action needs from the runner's environment and the event payload, read once into
 * a typed object (tests build it from a payload file, exactly as the runner provides it).
 */
import { InputError } from '../errors.js';
import { isForkHead } from '../store/github.js';
import { readOnlyTokenReason } from '../store/comment.js';
import { readEventPayload } from './event.js';

export interface RunContext {
  eventName: string;
  repo: { owner: string; name: string };
  serverUrl: string;
  apiUrl: string;
  runId: number;
  runAttempt: number;
  sha: string;
  ref: string;
  workspace: string;
  /** GITHUB_EVENT_PATH, the file the payload was read from ('' when the runner gave none). */
  eventPath: string;
  /** `self-hosted` or `github-hosted` (RUNNER_ENVIRONMENT); unknown counts as self-hosted. */
  runner: 'self-hosted' | 'github-hosted';
  defaultBranch: string | null;
  /** `readOnly`: why this run's token cannot write to the PR (fork, Dependabot), or null. */
  /** `mergeCommitSha`: the test merge commit GitHub made for the PR (refs/pull/N/merge), or ''. */
  pr: {
    number: number;
    /** The pull request's branch (`feature/x`), as its page names it. */
    headRef: string;
    baseRef: string;
    baseSha: string;
    headSha: string;
    mergeCommitSha: string;
    fork: boolean;
    readOnly: string | null;
    labels: string[];
  } | null;
  mergeGroup: { baseRef: string; baseSha: string; headSha: string; headRef: string } | null;
  /** workflow_run companion: the run whose report to post. */
  workflowRun: { id: number; event: string; headSha: string; headBranch: string; prNumbers: number[] } | null;
  payload: Record<string, unknown>;
  /** Aborted by the job's cancellation (SIGINT/SIGTERM, tools/interrupt.ts); set by main.ts. */
  signal?: AbortSignal;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function readContext(env: NodeJS.ProcessEnv): RunContext {
  const [owner, name] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !name) throw new InputError('GITHUB_REPOSITORY is not set: is this running inside GitHub Actions?');
  const payload: Json = readEventPayload(env);
  const pr = obj(payload.pull_request);
  const mg = obj(payload.merge_group);
  const wr = obj(payload.workflow_run);
  const headRepo = obj(obj(pr.head).repo);
  const baseRepo = obj(obj(pr.base).repo);
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    repo: { owner, name },
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runId: Number(env.GITHUB_RUN_ID ?? 0),
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1),
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    eventPath: env.GITHUB_EVENT_PATH ?? '',
    runner: env.RUNNER_ENVIRONMENT === 'github-hosted' ? 'github-hosted' : 'self-hosted',
    defaultBranch: str(obj(payload.repository).default_branch) || null,
    pr:
      typeof pr.number === 'number'
        ? {
            number: pr.number,
            headRef: str(obj(pr.head).ref),
            baseRef: str(obj(pr.base).ref),
            baseSha: str(obj(pr.base).sha),
            headSha: str(obj(pr.head).sha),
            mergeCommitSha: str(pr.merge_commit_sha),
            fork: isForkHead(str(headRepo.full_name), str(baseRepo.full_name)),
            readOnly: readOnlyTokenReason(env.GITHUB_EVENT_NAME ?? '', payload, env.GITHUB_ACTOR),
            labels: Array.isArray(pr.labels) ? pr.labels.map((l) => str(obj(l).name)).filter(Boolean) : [],
          }
        : null,
    mergeGroup: mg.base_sha
      ? {
          baseRef: str(mg.base_ref).replace(/^refs\/heads\//, ''),
          baseSha: str(mg.base_sha),
          headSha: str(mg.head_sha),
          headRef: str(mg.head_ref).replace(/^refs\/heads\//, ''),
        }
      : null,
    workflowRun:
      typeof wr.id === 'number'
        ? {
            id: wr.id,
            event: str(wr.event),
            headSha: str(wr.head_sha),
            headBranch: str(wr.head_branch),
            prNumbers: Array.isArray(wr.pull_requests)
              ? wr.pull_requests.map((p) => Number(obj(p).number)).filter((n) => n > 0)
              : [],
          }
        : null,
    payload,
  };
}

/** `auto`: baseline on pushes, schedules and manual runs; compare on PRs and merge queues. */
export function resolveMode(mode: string, ctx: RunContext): 'baseline' | 'compare' | 'comment' | 'merge' {
  if (mode !== 'auto') return mode as 'baseline' | 'compare' | 'comment' | 'merge';
  if (['pull_request', 'pull_request_target', 'merge_group'].includes(ctx.eventName)) return 'compare';
  if (ctx.eventName === 'workflow_run') return 'comment';
  return 'baseline';
}
