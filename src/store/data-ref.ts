/**
 * Commits files to a data ref of a repository (the comment images' `refs/perfgate/images/…`)
 * with plain git, the way several CI jobs can share one ref: fetch the tip (depth 1, trees but no
 * file contents), build the new tree on top of it without a work tree (hash-object, a private
 * index, write-tree, commit-tree), push without force; when another job pushed first, fetch again
 * and re-apply the same files on the new tip (the token and the retries are git-remote.ts's).
 * Also lists and deletes such refs, which is how old images are let go (published-images.ts).
 *
 * Nothing is checked out and the caller's repository is not touched: all of it happens in a
 * scratch bare repository.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { scrub } from '../tools/secrets.js';
import {
  checkDataRef,
  DATA_BRANCH_AUTHOR,
  isLostRace,
  remoteGit,
  retryLostPushes,
  shortRef,
  type PushRetryOptions,
  type RemoteGit,
} from './git-remote.js';
import { gitErrorSummary } from '../tools/git.js';

export interface DataRefTarget {
  /** Where to push: `https://github.com/o/r.git`, or a path to a repository (a local bare one in tests). */
  remote: string;
  /** A full ref name (`refs/perfgate/images/2026-12`); checkDataRef's rules. */
  ref: string;
  /** GitHub token; sent as `Authorization: basic x-access-token:…` to the remote's host. */
  token?: string;
  author?: { name: string; email: string };
}

export interface DataFile {
  /** Path inside the ref's tree, `/`-separated, relative. */
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
  /** False when the ref already held exactly these files. */
  changed: boolean;
  /** The ref did not exist: this commit started it. */
  created: boolean;
}

export class DataRefError extends Error {}

/** A path that stays inside the tree: no empty, `.` or `..` segment, no leading slash. */
export function checkDataPath(p: string): void {
  const parts = p.split('/');
  if (p === '' || parts.some((s) => s === '' || s === '.' || s === '..' || s === '.git') || /[\0\n\r\\]/.test(p)) {
    throw new DataRefError(
      `data ref path ${JSON.stringify(p)}: expected a relative path without empty, '.', '..' or '.git' segments`,
    );
  }
}

/** A scratch bare repository with `origin` = the target's remote, and a git runner for it. */
async function scratchRepo(
  target: Omit<DataRefTarget, 'ref'>,
): Promise<{ scratch: string; run: RemoteGit; must: Must; done: () => Promise<void> }> {
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
  const must: Must = async (args, what, extraEnv) => {
    const r = await run(args, extraEnv);
    if (!r.ok) throw new DataRefError(`${what}: ${gitErrorSummary(r.err)}`);
    return r.out;
  };
  const done = (): Promise<void> => rm(scratch, { recursive: true, force: true });
  try {
    await mkdir(dir);
    await must(['init', '--bare', '-q', dir], 'git init');
    // A named remote: a blob-less fetch needs one to mark as the promisor of what it left out.
    await must(['remote', 'add', 'origin', target.remote], 'git remote add');
  } catch (err) {
    await done();
    throw err;
  }
  return { scratch, run, must, done };
}

type Must = (args: string[], what: string, extraEnv?: Record<string, string>) => Promise<string>;

/**
 * Writes `files` to `target.ref` in one commit on top of whatever the ref holds (creating it,
 * without parents, when it does not exist), retrying lost races. Throws DataRefError when the
 * remote cannot be reached or refuses for another reason, with git's own words.
 */
export async function commitToDataRef(
  target: DataRefTarget,
  files: DataFile[],
  message: string,
  opts: CommitOptions = {},
): Promise<CommitOutcome> {
  checkDataRef(target.ref, 'data ref');
  for (const f of files) checkDataPath(f.path);
  if (files.length === 0) throw new DataRefError('commitToDataRef: no files');
  const { scratch, run, must, done } = await scratchRepo(target);
  const name = shortRef(target.ref);
  try {
    // Blobs once: retries only rebuild the tree on the new tip. One git per 50 files (its
    // output is read back whole only up to 4 KiB: 50 ids and newlines fit).
    const blobs: { path: string; sha: string }[] = [];
    for (let from = 0; from < files.length; from += 50) {
      const chunk = files.slice(from, from + 50);
      const tmps = await Promise.all(
        chunk.map(async (f, i) => {
          const tmp = path.join(scratch, `blob-${from + i}`);
          await writeFile(tmp, typeof f.content === 'string' ? scrub(f.content) : f.content);
          return tmp;
        }),
      );
      const shas = (await must(['hash-object', '-w', '--no-filters', '--', ...tmps], 'storing the files')).split('\n');
      chunk.forEach((f, i) => blobs.push({ path: f.path, sha: shas[i]! }));
    }
    const tracking = 'refs/remotes/origin/data';
    const r = await retryLostPushes<{ commit: string; changed: boolean; created: boolean }>(async (attempt) => {
      // Without file contents: the tip's trees are all a new commit on top needs, and the
      // images already there can be many (a server that cannot filter sends them anyway).
      const fetched = await run([
        'fetch',
        '-q',
        '--depth=1',
        '--no-tags',
        '--filter=blob:none',
        'origin',
        `+${target.ref}:${tracking}`,
      ]);
      let parent: string | null = null;
      let parentTree: string | null = null;
      if (fetched.ok)
        [parent = null, parentTree = null] = (
          await must(['rev-parse', `${tracking}^{commit}`, `${tracking}^{tree}`], 'reading the fetched tip')
        ).split('\n');
      else if (!/couldn't find remote ref|no such ref|not our ref/i.test(fetched.err))
        throw new DataRefError(`cannot fetch ${name} from ${target.remote}: ${gitErrorSummary(fetched.err)}`);
      await opts.afterFetch?.(attempt);
      const index = { GIT_INDEX_FILE: path.join(scratch, `index-${attempt}`) };
      await must(parent ? ['read-tree', parent] : ['read-tree', '--empty'], 'reading the tip tree', index);
      await must(
        ['update-index', '--add', ...blobs.flatMap((b) => ['--cacheinfo', `100644,${b.sha},${b.path}`])],
        'staging files',
        index,
      );
      const tree = await must(['write-tree', '--missing-ok'], 'writing the tree', index);
      if (parent && parentTree === tree) return { landed: { commit: parent, changed: false, created: false } };
      const commit = await must(
        ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', scrub(message)],
        'committing',
      );
      const pushed = await run(['push', '-q', '--porcelain', 'origin', `${commit}:${target.ref}`]);
      if (pushed.ok) return { landed: { commit, changed: true, created: parent === null } };
      const why = `${pushed.err}\n${pushed.out}`;
      if (!isLostRace(why))
        throw new DataRefError(`cannot push to ${name} of ${target.remote}: ${gitErrorSummary(why)}`);
      return { lost: why };
    }, opts);
    if ('lost' in r)
      throw new DataRefError(
        `cannot push to ${name} of ${target.remote} after ${r.attempts} attempts (other jobs kept moving it): ${gitErrorSummary(r.lost)}`,
      );
    return { ...r.landed, attempts: r.attempts };
  } finally {
    await done();
  }
}

/** The remote's refs under `prefix` (`refs/perfgate/images/`), by name, with their commits. */
export async function listDataRefs(target: Omit<DataRefTarget, 'ref'>, prefix: string): Promise<Map<string, string>> {
  const { run, done } = await scratchRepo(target);
  try {
    const r = await run(['ls-remote', '--refs', 'origin', `${prefix}*`]);
    if (!r.ok) throw new DataRefError(`cannot list ${prefix}* on ${target.remote}: ${gitErrorSummary(r.err)}`);
    const out = new Map<string, string>();
    for (const line of r.out.split('\n')) {
      const [sha, ref] = line.split('\t');
      if (sha && ref?.startsWith(prefix)) out.set(ref, sha);
    }
    return out;
  } finally {
    await done();
  }
}

/**
 * Deletes `refs` on the remote, each only if it still points where it did when listed (another
 * job may have moved it since: that one is left alone). `kept`: the refs not deleted (moved, or
 * deleted by another job meanwhile: git's lease cannot tell the two apart).
 */
export async function deleteDataRefs(
  target: Omit<DataRefTarget, 'ref'>,
  refs: ReadonlyMap<string, string>,
): Promise<{ deleted: string[]; kept: string[] }> {
  for (const ref of refs.keys()) checkDataRef(ref, 'data ref');
  if (refs.size === 0) return { deleted: [], kept: [] };
  const { run, done } = await scratchRepo(target);
  try {
    const leases = [...refs].map(([ref, sha]) => `--force-with-lease=${ref}:${sha}`);
    const r = await run(['push', '--porcelain', ...leases, 'origin', ...[...refs.keys()].map((ref) => `:${ref}`)]);
    // Porcelain lines: `-\t:<ref>\t[deleted]`, or `!\t(delete):<ref>\t[rejected] (stale info)`.
    const deleted: string[] = [];
    const kept: string[] = [];
    for (const ref of refs.keys()) {
      const line = r.out.split('\n').find((l) => l.split('\t')[1] === `:${ref}`);
      if (line?.startsWith('-')) deleted.push(ref);
      else kept.push(ref);
    }
    if (!r.ok && deleted.length === 0 && !/\[rejected\]|stale info/.test(`${r.out}\n${r.err}`))
      throw new DataRefError(
        `cannot delete ${[...refs.keys()].join(', ')} on ${target.remote}: ${gitErrorSummary(`${r.err}\n${r.out}`)}`,
      );
    return { deleted, kept };
  } finally {
    await done();
  }
}
