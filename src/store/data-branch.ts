/**
 * Commits files to a data branch of a repository (default `perfgate-data`) with plain git, the
 * way several CI jobs can share one branch: fetch the tip (shallow), build the new tree on top
 * of it without a work tree (hash-object, a private index, write-tree, commit-tree), push
 * without force; when another job pushed first, fetch again and re-apply the same files on the
 * new tip (the token and the retries are git-remote.ts's).
 *
 * Nothing is checked out and the caller's repository is not touched: all of it happens in a
 * scratch bare repository.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scrub } from '../tools/secrets.js';
import {
  checkBranchName,
  DATA_BRANCH_AUTHOR,
  isLostRace,
  remoteGit,
  retryLostPushes,
  type PushRetryOptions,
} from './git-remote.js';
import { gitErrorSummary } from '../tools/git.js';

export interface DataBranchTarget {
  /** Where to push: `https://github.com/o/r.git`, or a path to a repository (a local bare one in tests). */
  remote: string;
  branch: string;
  /** GitHub token; sent as `Authorization: basic x-access-token:…` to the remote's host. */
  token?: string;
  author?: { name: string; email: string };
}

export interface DataFile {
  /** Path inside the branch, `/`-separated, relative. */
  path: string;
  content: Buffer | string;
}

export interface CommitOptions extends PushRetryOptions {
  /** Called after each fetch, before the push: tests race another pusher here. */
  afterFetch?: (attempt: number) => Promise<void>;
}

export interface CommitOutcome {
  /** The commit now at the tip holding the files (the old tip when nothing changed). */
  commit: string;
  attempts: number;
  /** False when the branch already held exactly these files. */
  changed: boolean;
}

export class DataBranchError extends Error {}

/** A path that stays inside the branch: no empty, `.` or `..` segment, no leading slash. */
export function checkDataPath(p: string): void {
  const parts = p.split('/');
  if (p === '' || parts.some((s) => s === '' || s === '.' || s === '..' || s === '.git') || /[\0\n\r\\]/.test(p)) {
    throw new DataBranchError(
      `data branch path ${JSON.stringify(p)}: expected a relative path without empty, '.', '..' or '.git' segments`,
    );
  }
}

/**
 * Writes `files` to `target.branch` in one commit on top of whatever the branch holds (creating
 * the branch when it does not exist), retrying lost races. Throws DataBranchError when the
 * remote cannot be reached or refuses for another reason, with git's own words.
 */
export async function commitToDataBranch(
  target: DataBranchTarget,
  files: DataFile[],
  message: string,
  opts: CommitOptions = {},
): Promise<CommitOutcome> {
  checkBranchName(target.branch, 'data branch');
  for (const f of files) checkDataPath(f.path);
  if (files.length === 0) throw new DataBranchError('commitToDataBranch: no files');
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'perfgate-data-'));
  const dir = path.join(scratch, 'repo.git');
  const author = target.author ?? DATA_BRANCH_AUTHOR;
  const run = remoteGit(scratch, target.remote, target.token, {
    GIT_DIR: dir,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  });
  const must = async (args: string[], what: string, extraEnv?: Record<string, string>): Promise<string> => {
    const r = await run(args, extraEnv);
    if (!r.ok) throw new DataBranchError(`${what}: ${gitErrorSummary(r.err)}`);
    return r.out;
  };
  try {
    await mkdir(dir);
    await must(['init', '--bare', '-q', dir], 'git init');
    // Blobs once: retries only rebuild the tree on the new tip.
    const blobs: { path: string; sha: string }[] = [];
    for (const [i, f] of files.entries()) {
      const tmp = path.join(scratch, `blob-${i}`);
      await writeFile(tmp, typeof f.content === 'string' ? scrub(f.content) : f.content);
      blobs.push({ path: f.path, sha: await must(['hash-object', '-w', '--no-filters', tmp], `storing ${f.path}`) });
    }
    const tracking = `refs/remotes/data/${target.branch}`;
    const r = await retryLostPushes<{ commit: string; changed: boolean }>(async (attempt) => {
      const fetched = await run([
        'fetch',
        '-q',
        '--depth=1',
        '--no-tags',
        target.remote,
        `+refs/heads/${target.branch}:${tracking}`,
      ]);
      let parent: string | null = null;
      if (fetched.ok) parent = await must(['rev-parse', '--verify', `${tracking}^{commit}`], 'reading the fetched tip');
      else if (!/couldn't find remote ref|no such ref|not our ref/i.test(fetched.err))
        throw new DataBranchError(
          `cannot fetch ${target.branch} from ${target.remote}: ${gitErrorSummary(fetched.err)}`,
        );
      await opts.afterFetch?.(attempt);
      const index = { GIT_INDEX_FILE: path.join(scratch, `index-${attempt}`) };
      await must(parent ? ['read-tree', parent] : ['read-tree', '--empty'], 'reading the tip tree', index);
      await must(
        ['update-index', '--add', ...blobs.flatMap((b) => ['--cacheinfo', `100644,${b.sha},${b.path}`])],
        'staging files',
        index,
      );
      const tree = await must(['write-tree'], 'writing the tree', index);
      if (parent && (await must(['rev-parse', `${parent}^{tree}`], 'reading the tip tree')) === tree)
        return { landed: { commit: parent, changed: false } };
      const commit = await must(
        ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', scrub(message)],
        'committing',
      );
      const pushed = await run(['push', '-q', '--porcelain', target.remote, `${commit}:refs/heads/${target.branch}`]);
      if (pushed.ok) return { landed: { commit, changed: true } };
      const why = `${pushed.err}\n${pushed.out}`;
      if (!isLostRace(why))
        throw new DataBranchError(`cannot push to ${target.branch} of ${target.remote}: ${gitErrorSummary(why)}`);
      return { lost: why };
    }, opts);
    if ('lost' in r)
      throw new DataBranchError(
        `cannot push to ${target.branch} of ${target.remote} after ${r.attempts} attempts (other jobs kept moving it): ${gitErrorSummary(r.lost)}`,
      );
    return { ...r.landed, attempts: r.attempts };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
