/**
 * Baseline stores: where `baseline` mode saves results.json (+ folded stacks) and where
 * `compare` mode finds them again.
 *
 * - githubBaselineStore: an artifact of this workflow's runs. Finding one: the successful runs
 *   of this workflow on the base branch, those at the merge-base commit first, then the newest;
 *   runs of pull requests, merge queues and forks are never used (anyone can open a pull
 *   request from a branch called `main`; its artifact must not become the baseline). The first
 *   candidate with a live artifact of the given name is downloaded.
 * - directoryBaselineStore: a results.json on disk (`baseline-path`, persistent self-hosted
 *   runners, the CLI).
 *
 * `find` never throws for an expected absence or a GitHub failure: it returns a BaselineMissing
 * with the reason, so the caller can fall back (measure the base in the same job) and say why.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { ArtifactGoneError, type ArtifactTransport, type UploadedArtifact } from './artifacts.js';
import type { GitHubClient, RepoRef } from './github.js';
import { listRunArtifacts, listSuccessfulRuns, type RunArtifact, type WorkflowRun } from './runs.js';
import { copyFileAtomic } from '../tools/atomic.js';

export interface BaselineQuery {
  /** Artifact name (`baseline-artifact` input). */
  artifactName: string;
  /** Where to extract the artifact; emptied first. */
  destDir: string;
  /** The workflow to search (id, or file name such as `perf.yml`). */
  workflowId: number | string;
  /** Base branch name, e.g. `main` (not `refs/heads/main`). */
  branch: string;
  /** Preferred commit: the merge base of the pull request, when known. */
  mergeBaseSha?: string | null;
  /** The current run, never its own baseline. */
  currentRunId?: number | null;
}

export interface ArtifactBaseline {
  found: true;
  source: 'artifact';
  dir: string;
  resultsPath: string;
  runId: number;
  runUrl: string;
  headSha: string;
  createdAt: string;
  event: string;
  artifactId: number;
  artifactName: string;
  /** True when the run is at the merge-base commit asked for; false when it is just the newest. */
  matchedMergeBase: boolean;
}

export interface DirectoryBaseline {
  found: true;
  source: 'directory';
  dir: string;
  resultsPath: string;
}

export type BaselineFound = ArtifactBaseline | DirectoryBaseline;

export type MissingReason =
  | 'no-successful-run' // nothing on the base branch has run this workflow successfully
  | 'artifact-missing' // successful runs exist, none uploaded the artifact
  | 'artifact-expired' // the artifact was there but has expired (90 days by default)
  | 'download-failed' // found, but could not be fetched or extracted
  | 'api-error' // GitHub could not be asked (permissions, outage after retries)
  | 'no-baseline-file'; // directory store: no results.json at baseline-path

export interface BaselineMissing {
  found: false;
  reason: MissingReason;
  /** One or two sentences for the log and the PR comment. */
  message: string;
  /** Runs looked at, newest first. */
  checkedRunIds: number[];
}

export type BaselineLookup = BaselineFound | BaselineMissing;

export type SavedBaseline =
  ({ source: 'artifact' } & UploadedArtifact) | { source: 'directory'; dir: string; files: number };

export interface SaveRequest {
  /** Artifact name; ignored by the directory store. */
  name: string;
  /** Absolute paths under rootDir: results.json and the folded stacks it refers to. */
  files: string[];
  rootDir: string;
  retentionDays?: number;
}

export interface BaselineStore {
  readonly kind: 'artifact' | 'directory';
  find(q: BaselineQuery): Promise<BaselineLookup>;
  /** Throws ArtifactUploadError (or an fs error for directories); callers turn it into a warning. */
  save(req: SaveRequest): Promise<SavedBaseline>;
}

/** Events whose runs must never provide a baseline: their code is not the base branch's. */
const UNTRUSTED_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group', 'workflow_run']);

/** A run whose artifact will be the baseline, before it is downloaded. */
export interface LocatedBaseline {
  found: true;
  run: WorkflowRun;
  artifact: RunArtifact;
  matchedMergeBase: boolean;
}

export type LocateQuery = Omit<BaselineQuery, 'destDir'> & {
  /** Runs to pass over (e.g. one whose artifact expired on the way). */
  skipRunIds?: ReadonlySet<number>;
  /** Runs looked at before giving up. Default 10. */
  maxCandidates?: number;
};

/**
 * Finds the run and artifact to use as the baseline, without downloading: the successful runs
 * at the merge base first, then the newest, trusted ones only, first with a live artifact.
 */
export async function locateArtifactBaseline(
  client: GitHubClient,
  repo: RepoRef,
  q: LocateQuery,
): Promise<LocatedBaseline | BaselineMissing> {
  const maxCandidates = q.maxCandidates ?? 10;
  const checked: number[] = [];
  const missing = (reason: MissingReason, message: string): BaselineMissing => ({
    found: false,
    reason,
    message,
    checkedRunIds: checked,
  });
  const where = `workflow ${q.workflowId} on ${q.branch}`;
  const fullName = `${repo.owner}/${repo.repo}`.toLowerCase();
  const trusted = (run: WorkflowRun): boolean =>
    run.id !== q.currentRunId &&
    !q.skipRunIds?.has(run.id) &&
    !UNTRUSTED_EVENTS.has(run.event) &&
    (run.headRepository === null || run.headRepository.toLowerCase() === fullName);

  const candidates: { run: WorkflowRun; atMergeBase: boolean }[] = [];
  try {
    const atBase = q.mergeBaseSha
      ? await listSuccessfulRuns(client, repo, {
          workflowId: q.workflowId,
          branch: q.branch,
          headSha: q.mergeBaseSha,
          limit: maxCandidates,
        })
      : [];
    const latest = await listSuccessfulRuns(client, repo, {
      workflowId: q.workflowId,
      branch: q.branch,
      limit: maxCandidates,
    });
    const seen = new Set<number>();
    for (const run of [...atBase, ...latest]) {
      if (seen.has(run.id) || !trusted(run)) continue;
      seen.add(run.id);
      candidates.push({ run, atMergeBase: !!q.mergeBaseSha && run.headSha === q.mergeBaseSha });
    }
  } catch (err) {
    return missing('api-error', errorMessage(err));
  }
  if (candidates.length === 0) {
    return missing(
      'no-successful-run',
      `no successful run of ${where} to take a baseline from (a push to ${q.branch}, a scheduled or a manual run uploads it)`,
    );
  }

  let expired: { run: WorkflowRun; expiresAt: string | null } | null = null;
  for (const { run, atMergeBase } of candidates.slice(0, maxCandidates)) {
    checked.push(run.id);
    let artifacts: RunArtifact[];
    try {
      artifacts = await listRunArtifacts(client, repo, run.id, q.artifactName);
    } catch (err) {
      return missing('api-error', errorMessage(err));
    }
    const live = artifacts.find((a) => !a.expired);
    if (live) return { found: true, run, artifact: live, matchedMergeBase: atMergeBase };
    if (artifacts.length > 0 && expired === null) expired = { run, expiresAt: artifacts[0]!.expiresAt };
  }
  const runs = `${checked.length} successful run(s) of ${where}`;
  if (expired !== null) {
    return missing(
      'artifact-expired',
      `the artifact '${q.artifactName}' of run ${expired.run.id} (commit ${expired.run.headSha.slice(0, 7)}) has expired${expired.expiresAt ? ` (${expired.expiresAt})` : ''}, and none of the ${runs} has a live one; a new push to ${q.branch} or a scheduled run will upload a fresh baseline`,
    );
  }
  return missing(
    'artifact-missing',
    `none of the ${runs} uploaded an artifact named '${q.artifactName}' (check the baseline-artifact input matches the baseline job's)`,
  );
}

export interface GitHubBaselineStoreOptions {
  client: GitHubClient;
  repo: RepoRef;
  artifacts: ArtifactTransport;
  /** Runs looked at before giving up. Default 10. */
  maxCandidates?: number;
}

export function githubBaselineStore(o: GitHubBaselineStoreOptions): BaselineStore {
  return {
    kind: 'artifact',

    async find(q) {
      const skip = new Set<number>();
      const checked: number[] = [];
      for (;;) {
        const located = await locateArtifactBaseline(o.client, o.repo, {
          ...q,
          skipRunIds: skip,
          ...(o.maxCandidates !== undefined ? { maxCandidates: o.maxCandidates } : {}),
        });
        checked.push(...(located.found ? [located.run.id] : located.checkedRunIds));
        if (!located.found) {
          if (skip.size > 0 && located.reason !== 'api-error') {
            return {
              found: false,
              reason: 'artifact-expired',
              message: `the artifact '${q.artifactName}' of run ${[...skip].join(', ')} expired (or was deleted) while being downloaded, and no other run has one`,
              checkedRunIds: [...new Set(checked)],
            };
          }
          return { ...located, checkedRunIds: [...new Set(checked)] };
        }
        const { run, artifact } = located;
        try {
          await o.artifacts.download(artifact.id, q.destDir, { runId: run.id, repo: o.repo });
        } catch (err) {
          // Listed live, gone by the time of the download: try the next run.
          if (err instanceof ArtifactGoneError) {
            skip.add(run.id);
            continue;
          }
          return {
            found: false,
            reason: 'download-failed',
            message: `artifact '${q.artifactName}' (id ${artifact.id}) of run ${run.id} could not be downloaded: ${errorMessage(err)}`,
            checkedRunIds: [...new Set(checked)],
          };
        }
        return {
          found: true,
          source: 'artifact',
          dir: q.destDir,
          resultsPath: path.join(q.destDir, 'results.json'),
          runId: run.id,
          runUrl: run.htmlUrl,
          headSha: run.headSha,
          createdAt: run.createdAt,
          event: run.event,
          artifactId: artifact.id,
          artifactName: artifact.name,
          matchedMergeBase: located.matchedMergeBase,
        };
      }
    },

    async save(req) {
      const uploaded = await o.artifacts.upload(
        req.name,
        req.files,
        req.rootDir,
        req.retentionDays !== undefined ? { retentionDays: req.retentionDays } : {},
      );
      return { source: 'artifact', ...uploaded };
    },
  };
}

/**
 * A baseline kept on disk. `location` is a results.json file, or a directory holding one;
 * saving copies the files there (relative to rootDir), each through a temporary name and a
 * rename so a reader never sees half a file.
 */
/** Needs no query: the location says where the baseline is. */
export type DirectoryBaselineStore = Omit<BaselineStore, 'find'> & { find(q?: BaselineQuery): Promise<BaselineLookup> };

export function directoryBaselineStore(location: string): DirectoryBaselineStore {
  const isFile = location.endsWith('.json');
  const dir = isFile ? path.dirname(location) : location;
  const resultsPath = isFile ? location : path.join(location, 'results.json');
  return {
    kind: 'directory',
    async find() {
      const exists = await stat(resultsPath).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!exists)
        return {
          found: false,
          reason: 'no-baseline-file',
          message: `no baseline at ${resultsPath}`,
          checkedRunIds: [],
        };
      return { found: true, source: 'directory', dir, resultsPath };
    },
    async save(req) {
      for (const file of req.files) {
        const rel = path.relative(req.rootDir, file);
        if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${file} is not under ${req.rootDir}`);
        const target =
          path.basename(rel) === 'results.json' && path.dirname(rel) === '.' ? resultsPath : path.join(dir, rel);
        await copyFileAtomic(file, target);
      }
      return { source: 'directory', dir, files: req.files.length };
    },
  };
}
