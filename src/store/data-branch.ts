/**
 * Commits files to a data branch of a repository (default `perfgate-data`) with plain git, the
 * way several CI jobs can share one branch: fetch the tip (shallow), build the new tree on top
 * of it without a work tree (hash-object, a private index, write-tree, commit-tree), push
 * without force; when another job pushed first (non-fast-forward), fetch again, re-apply the
 * same files on the new tip and retry, with growing, jittered waits.
 *
 * Nothing is checked out and the caller's repository is not touched: all of it happens in a
 * scratch bare repository. The token travels as an HTTP header through git's environment
 * (GIT_CONFIG_*), never in argv or a URL, and is scrubbed from any message.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { git, type GitResult } from '../tools/git.js';
import { DEFAULT_HISTORY_BRANCH } from './history-git.js';

/** The history store's branch: images and history records share it. */
export const DEFAULT_DATA_BRANCH = DEFAULT_HISTORY_BRANCH;

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

export interface CommitOptions {
  /** Push attempts before giving up (default 5). */
  attempts?: number;
  /** Base wait before a retry in ms (default 500; doubled each time, plus up to 100% jitter). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
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

const DEFAULT_AUTHOR = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

/** A path that stays inside the branch: no empty, `.` or `..` segment, no leading slash. */
export function checkDataPath(p: string): void {
  const parts = p.split('/');
  if (p === '' || parts.some((s) => s === '' || s === '.' || s === '..' || s === '.git') || /[\0\n\r\\]/.test(p)) {
    throw new DataBranchError(`data branch path ${JSON.stringify(p)}: expected a relative path without empty, '.', '..' or '.git' segments`);
  }
}

function checkBranch(b: string): void {
  if (!/^[A-Za-z0-9._/-]+$/.test(b) || b.startsWith('-') || b.includes('..') || b.endsWith('/') || b.endsWith('.lock')) {
    throw new DataBranchError(`data branch ${JSON.stringify(b)}: not a branch name git accepts`);
  }
}

interface Git {
  run(args: string[], extraEnv?: Record<string, string>): Promise<GitResult>;
}

function gitIn(dir: string, target: DataBranchTarget): Git {
  const author = target.author ?? DEFAULT_AUTHOR;
  const env: Record<string, string> = {
    GIT_TERMINAL_PROMPT: '0',
    GIT_DIR: dir,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
  if (target.token && /^https?:\/\//.test(target.remote)) {
    // Scoped to the remote's origin: the header is never sent to another host.
    const origin = new URL(target.remote).origin;
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = `http.${origin}/.extraheader`;
    env.GIT_CONFIG_VALUE_0 = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${target.token}`).toString('base64')}`;
  }
  const scrub = (s: string): string => (target.token ? s.split(target.token).join('***') : s);
  return {
    async run(args, extraEnv = {}) {
      const r = await git(dir, args, { ...env, ...extraEnv });
      return { ok: r.ok, out: scrub(r.out), err: scrub(r.err) };
    },
  };
}

/** The push lost a race: someone else moved the branch since our fetch. */
function isRace(err: string): boolean {
  return /non-fast-forward|fetch first|\[rejected\]|stale info|cannot lock ref|failed to update ref|incorrect old value/i.test(err);
}

/**
 * Writes `files` to `target.branch` in one commit on top of whatever the branch holds (creating
 * the branch when it does not exist), retrying lost races. Throws DataBranchError when the
 * remote cannot be reached or refuses for another reason, with git's own words.
 */
export async function commitToDataBranch(target: DataBranchTarget, files: DataFile[], message: string, opts: CommitOptions = {}): Promise<CommitOutcome> {
  checkBranch(target.branch);
  for (const f of files) checkDataPath(f.path);
  if (files.length === 0) throw new DataBranchError('commitToDataBranch: no files');
  const attempts = opts.attempts ?? 5;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'perfgate-data-'));
  const dir = path.join(scratch, 'repo.git');
  const g = gitIn(dir, target);
  const must = async (args: string[], what: string, extraEnv?: Record<string, string>): Promise<string> => {
    const r = await g.run(args, extraEnv);
    if (!r.ok) throw new DataBranchError(`${what}: ${r.err.split('\n').slice(-3).join(' ')}`);
    return r.out;
  };
  try {
    await mkdir(dir);
    await must(['init', '--bare', '-q', dir], 'git init');
    // Blobs once: retries only rebuild the tree on the new tip.
    const blobs: { path: string; sha: string }[] = [];
    for (const [i, f] of files.entries()) {
      const tmp = path.join(scratch, `blob-${i}`);
      await writeFile(tmp, f.content);
      blobs.push({ path: f.path, sha: await must(['hash-object', '-w', '--no-filters', tmp], `storing ${f.path}`) });
    }
    const tracking = `refs/remotes/data/${target.branch}`;
    for (let attempt = 1; ; attempt++) {
      const fetched = await g.run(['fetch', '-q', '--depth=1', '--no-tags', target.remote, `+refs/heads/${target.branch}:${tracking}`]);
      let parent: string | null = null;
      if (fetched.ok) parent = await must(['rev-parse', '--verify', `${tracking}^{commit}`], 'reading the fetched tip');
      else if (!/couldn't find remote ref|no such ref|not our ref/i.test(fetched.err)) throw new DataBranchError(`cannot fetch ${target.branch} from ${target.remote}: ${fetched.err.split('\n').slice(-2).join(' ')}`);
      await opts.afterFetch?.(attempt);
      const index = { GIT_INDEX_FILE: path.join(scratch, `index-${attempt}`) };
      await must(parent ? ['read-tree', parent] : ['read-tree', '--empty'], 'reading the tip tree', index);
      await must(['update-index', '--add', ...blobs.flatMap((b) => ['--cacheinfo', `100644,${b.sha},${b.path}`])], 'staging files', index);
      const tree = await must(['write-tree'], 'writing the tree', index);
      if (parent && (await must(['rev-parse', `${parent}^{tree}`], 'reading the tip tree')) === tree) return { commit: parent, attempts: attempt, changed: false };
      const commit = await must(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], 'committing');
      const pushed = await g.run(['push', '-q', '--porcelain', target.remote, `${commit}:refs/heads/${target.branch}`]);
      if (pushed.ok) return { commit, attempts: attempt, changed: true };
      const why = `${pushed.err} ${pushed.out}`;
      if (!isRace(why) || attempt >= attempts) {
        throw new DataBranchError(`cannot push to ${target.branch} of ${target.remote}${isRace(why) ? ` after ${attempt} attempts (other jobs kept moving it)` : ''}: ${why.split('\n').slice(-3).join(' ').trim()}`);
      }
      const base = (opts.backoffMs ?? 500) * 2 ** (attempt - 1);
      await sleep(base + Math.random() * base);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
