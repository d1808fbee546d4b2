/**
 * Artifact upload and download through @actions/artifact v6 (the results service for uploads,
 * the REST 302-to-blob route for downloads from another run), behind a small interface so the
 * action can be driven with a fake.
 *
 * Facts about the client that shape this module:
 * - It reads ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL when uploading, and refuses any
 *   GITHUB_SERVER_URL other than github.com / *.ghe.com / *.localhost as GHES.
 * - downloadArtifact with `findBy` builds its own Octokit from GITHUB_API_URL as it was when
 *   @actions/github was first imported, without retries; so the download is retried here.
 * - It extracts the zip into `path` (and retries a failed blob stream five times itself).
 */
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { DefaultArtifactClient } from '@actions/artifact';
import { errorMessage } from '../errors.js';
import { ArtifactUploadError, isRequestError, toGitHubApiError } from './github-errors.js';
import type { RepoRef } from './github.js';
import { scrub } from '../tools/secrets.js';
import { writeFileAtomic } from '../tools/atomic.js';

export interface UploadedArtifact {
  id: number;
  name: string;
  size: number;
  digest: string | null;
}

export interface ArtifactTransport {
  /** Uploads `files` (absolute paths under rootDir) as one zip artifact of the current run. */
  upload(name: string, files: string[], rootDir: string, opts?: { retentionDays?: number }): Promise<UploadedArtifact>;
  /** Downloads and extracts an artifact of run `runId` into destDir (created, emptied first). */
  download(artifactId: number, destDir: string, source: { runId: number; repo: RepoRef }): Promise<void>;
}

/** The artifact is gone although it was listed (expired in between, or deleted). */
export class ArtifactGoneError extends Error {
  constructor(
    readonly artifactId: number,
    readonly status: number,
  ) {
    super(`artifact ${artifactId} can no longer be downloaded (${status === 410 ? 'expired' : 'not found'})`);
    this.name = 'ArtifactGoneError';
  }
}

export interface ActionsArtifactOptions {
  token: string;
  /** Download attempts (each one re-lists nothing, just retries the fetch). Default 3. */
  downloadAttempts?: number;
  /** Back-off unit between download attempts. Default 2000 ms. */
  retryUnitMs?: number;
  log?: (message: string) => void;
}

/**
 * Defence in depth before an upload: each text file is scrubbed of the job's secrets in place
 * (what perfgate wrote was scrubbed already; flame graphs and folded stacks carry symbol names
 * from the measured program). A file with a NUL byte in its first 8 KiB is binary (perf.data).
 */
async function scrubFiles(files: readonly string[]): Promise<void> {
  for (const f of files) {
    // Only the head is read to tell: perf.data runs to hundreds of MB.
    const head = Buffer.alloc(8192);
    const fh = await open(f, 'r');
    const { bytesRead } = await fh.read(head, 0, head.length, 0).finally(() => fh.close());
    if (head.subarray(0, bytesRead).includes(0)) continue;
    const text = await readFile(f, 'utf8');
    // writeFileAtomic scrubs as it writes.
    if (scrub(text) !== text) await writeFileAtomic(f, text);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function actionsArtifactTransport(o: ActionsArtifactOptions): ArtifactTransport {
  const client = new DefaultArtifactClient();
  const attempts = o.downloadAttempts ?? 3;
  const unit = o.retryUnitMs ?? 2000;
  const log = o.log ?? ((): void => undefined);

  return {
    async upload(name, files, rootDir, opts = {}) {
      const retentionDays = opts.retentionDays;
      if (
        retentionDays !== undefined &&
        (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 90)
      ) {
        throw new ArtifactUploadError(name, `retention of ${retentionDays} days: expected a whole number from 1 to 90`);
      }
      try {
        await scrubFiles(files);
        const r = await client.uploadArtifact(
          name,
          files,
          rootDir,
          retentionDays !== undefined ? { retentionDays } : {},
        );
        if (r.id === undefined) throw new Error('the results service returned no artifact id');
        return { id: r.id, name, size: r.size ?? 0, digest: r.digest ?? null };
      } catch (err) {
        if (err instanceof ArtifactUploadError) throw err;
        const msg = errorMessage(err);
        if (/ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL/.test(msg)) {
          throw new ArtifactUploadError(name, `${msg}: artifacts can only be uploaded from a GitHub Actions job`);
        }
        throw new ArtifactUploadError(name, msg);
      }
    },

    async download(artifactId, destDir, source) {
      for (let attempt = 1; ; attempt++) {
        await rm(destDir, { recursive: true, force: true });
        await mkdir(destDir, { recursive: true });
        try {
          await client.downloadArtifact(artifactId, {
            path: destDir,
            findBy: {
              token: o.token,
              workflowRunId: source.runId,
              repositoryOwner: source.repo.owner,
              repositoryName: source.repo.repo,
            },
          });
          if ((await readdir(destDir)).length === 0) throw new Error(`artifact ${artifactId} was empty`);
          return;
        } catch (err) {
          if (isRequestError(err) && (err.status === 404 || err.status === 410))
            throw new ArtifactGoneError(artifactId, err.status);
          // Other client errors will not change on a retry.
          if (isRequestError(err) && err.status >= 400 && err.status < 500)
            throw toGitHubApiError(err, `downloading artifact ${artifactId}`, 'actions: read');
          if (attempt >= attempts) {
            throw isRequestError(err)
              ? toGitHubApiError(err, `downloading artifact ${artifactId}`, 'actions: read')
              : new Error(`downloading artifact ${artifactId} failed ${attempts} times: ${errorMessage(err)}`);
          }
          log(
            `downloading artifact ${artifactId} failed (${errorMessage(err)}); attempt ${attempt + 1} of ${attempts} in ${(unit * attempt) / 1000} s`,
          );
          await sleep(unit * attempt);
        }
      }
    },
  };
}
