/**
 * The data branch history store (default branch `perfgate-data`): the directory layout of
 * history-dir.ts committed on a branch of its own, so the history outlives artifacts and can be
 * served by GitHub Pages from the same branch.
 *
 * Appending: a scratch clone of just that branch's tip (depth 1, and without file contents but
 * those of the month files appended to: neither the branch's history nor other months are
 * needed), the records appended to their month files, one commit, a push. When the push is
 * rejected because another job pushed first, the branch is fetched again and the append is
 * replayed on the new tip: appending lines is the whole change, so replaying it from the records
 * is a rebase that cannot conflict. The token and the retries are git-remote.ts's. A branch that
 * does not exist yet is created without parents (an orphan), so it shares nothing with the code
 * branches.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HistoryStore } from '../engine/history-series.js';
import { EnvironmentError, InputError } from '../errors.js';
import { historyFilePath, type HistoryRecord, type ParsedHistory } from '../results/history-record.js';
import {
  checkBranchName,
  DATA_BRANCH_AUTHOR,
  DEFAULT_DATA_BRANCH,
  remoteGit,
  isLostRace,
  retryLostPushes,
  type PushRetryOptions,
  type RemoteGit,
} from './git-remote.js';
import { appendConfirmations, appendHistory, readConfirmations, readHistory } from './history-dir.js';
import {
  confirmationsFilePath,
  type ConfirmationRecord,
  type ParsedConfirmations,
} from '../results/confirmation-record.js';
import { gitErrorSummary } from '../tools/git.js';

export interface GitHistoryOptions extends PushRetryOptions {
  /** Remote URL or path (`https://github.com/o/r.git`, `/srv/bare.git`). */
  remote: string;
  branch?: string;
  /** A token for an https remote (GITHUB_TOKEN with contents: write). */
  token?: string;
  author?: { name: string; email: string };
  /** Progress lines (fetching, rejected, retrying). */
  log?: (line: string) => void;
  /**
   * Called before each push with the attempt number (1-based). Lets a test make another job
   * push in between, so the rejection path runs for certain rather than by luck of timing.
   */
  beforePush?: (attempt: number, scratchDir: string) => Promise<void>;
}

export interface GitAppendResult {
  /** The commit now at the tip of the branch, holding these records. */
  commit: string;
  /** Pushes it took (1 = no collision). */
  attempts: number;
  files: string[];
  records: number;
  /** The branch did not exist and was created. */
  created: boolean;
}

class Scratch {
  readonly git: RemoteGit;

  constructor(
    readonly dir: string,
    opts: GitHistoryOptions,
  ) {
    this.git = remoteGit(dir, opts.remote, opts.token);
  }

  async must(args: string[], what: string): Promise<string> {
    const r = await this.git(args);
    if (!r.ok) throw new EnvironmentError(`history branch: ${what} failed: ${gitErrorSummary(r.err)}`);
    return r.out;
  }
}

async function openScratch(opts: GitHistoryOptions): Promise<Scratch> {
  const s = new Scratch(await mkdtemp(path.join(os.tmpdir(), 'perfgate-history-')), opts);
  await s.must(['init', '-q'], 'git init');
  await s.must(['remote', 'add', 'origin', opts.remote], 'git remote add');
  return s;
}

/**
 * Fetches the branch into the scratch clone and checks it out; false when the remote has no such
 * branch (then the scratch clone is left on an unborn branch of that name, ready for an orphan
 * commit).
 */
async function fetchBranch(s: Scratch, branch: string): Promise<boolean> {
  const ls = await s.git(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]);
  if (!ls.ok) throw new EnvironmentError(`history branch: cannot reach the remote: ${gitErrorSummary(ls.err)}`);
  if (ls.out.trim() === '') {
    await s.must(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], 'git symbolic-ref');
    return false;
  }
  await s.must(
    ['fetch', '-q', '--depth=1', '--no-tags', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`],
    `git fetch ${branch}`,
  );
  await s.must(['checkout', '-q', '-f', '-B', branch, `refs/remotes/origin/${branch}`], `git checkout ${branch}`);
  await s.must(['clean', '-q', '-f', '-d', '-x'], 'git clean');
  return true;
}

/** Removes everything in the scratch work tree but .git (a previous attempt's files). */
async function clearWorkTree(dir: string): Promise<void> {
  for (const name of await readdir(dir))
    if (name !== '.git') await rm(path.join(dir, name), { recursive: true, force: true });
}

/**
 * Prepares the scratch clone to append to `files`: the branch tip fetched without file contents
 * (`--filter=blob:none`; a server that cannot filter sends them, which only costs time), its tree
 * as the index, and only `files` checked out (their blobs are fetched on demand). Appending to
 * this month's file then costs this month's file, not the whole history. False when the branch
 * does not exist: the clone is then on an empty unborn branch, ready for an orphan commit.
 */
async function prepareAppend(s: Scratch, branch: string, files: readonly string[]): Promise<boolean> {
  const ls = await s.git(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]);
  if (!ls.ok) throw new EnvironmentError(`history branch: cannot reach the remote: ${gitErrorSummary(ls.err)}`);
  await clearWorkTree(s.dir);
  await s.must(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], 'git symbolic-ref');
  if (ls.out.trim() === '') {
    await s.git(['update-ref', '-d', `refs/heads/${branch}`]);
    await s.must(['read-tree', '--empty'], 'git read-tree');
    return false;
  }
  const remoteRef = `refs/remotes/origin/${branch}`;
  await s.must(
    ['fetch', '-q', '--depth=1', '--no-tags', '--filter=blob:none', 'origin', `+refs/heads/${branch}:${remoteRef}`],
    `git fetch ${branch}`,
  );
  await s.must(['update-ref', `refs/heads/${branch}`, remoteRef], 'git update-ref');
  await s.must(['read-tree', remoteRef], 'git read-tree');
  const present = new Set(
    (await s.must(['ls-files', '--', ...files], 'git ls-files')).split('\n').filter((l) => l !== ''),
  );
  const wanted = files.filter((f) => present.has(f));
  if (wanted.length > 0) await s.must(['checkout-index', '-f', '--', ...wanted], 'git checkout-index');
  return true;
}

/** Appends records to the data branch, retrying on collisions until they land. */
export async function appendToGitHistory(
  records: readonly HistoryRecord[],
  opts: GitHistoryOptions,
): Promise<GitAppendResult> {
  if (records.length === 0) throw new InputError('no history records to append (no benchmark measured anything)');
  const suites = [...new Set(records.map((r) => r.suite))].join(', ');
  const commits = [...new Set(records.map((r) => r.commit.slice(0, 12)))].join(', ');
  return appendOnBranch(opts, {
    files: [...new Set(records.map((r) => historyFilePath(r.suite, r.date)))].sort(),
    message: `history: ${suites} at ${commits} (${records.length} records)`,
    records: records.length,
    write: async (dir) => (await appendHistory(dir, records)).files,
  });
}

/** Appends confirmation records (results/confirmation-record.ts) to the data branch, as history records are. */
export async function appendConfirmationsToGit(
  records: readonly ConfirmationRecord[],
  opts: GitHistoryOptions,
): Promise<GitAppendResult | null> {
  if (records.length === 0) return null;
  const suites = [...new Set(records.map((r) => r.suite))].join(', ');
  return appendOnBranch(opts, {
    files: [...new Set(records.map((r) => confirmationsFilePath(r.suite)))].sort(),
    message: `history: ${records.length} step confirmation(s) of ${suites}`,
    records: records.length,
    write: (dir) => appendConfirmations(dir, records),
  });
}

/**
 * One append of lines to files of the data branch, retried on collisions until it lands: `write`
 * appends to `files` in the scratch work tree (replayed on the new tip after a lost race:
 * appending lines cannot conflict) and returns the files it wrote.
 */
async function appendOnBranch(
  opts: GitHistoryOptions,
  change: { files: string[]; message: string; records: number; write: (dir: string) => Promise<string[]> },
): Promise<GitAppendResult> {
  const branch = opts.branch ?? DEFAULT_DATA_BRANCH;
  checkBranchName(branch, 'history branch');
  const author = opts.author ?? DATA_BRANCH_AUTHOR;
  const log = opts.log ?? ((): void => undefined);
  const { files, message, records } = change;
  const s = await openScratch(opts);
  try {
    const r = await retryLostPushes<{ commit: string; files: string[]; created: boolean }>(
      async (attempt) => {
        const existed = await prepareAppend(s, branch, files);
        const appended = await change.write(s.dir);
        await s.must(['add', '--', ...appended], 'git add');
        // Plumbing, not `git commit`: porcelain fetches every blob it has not got (to compare
        // the work tree), which would download the whole history the filter just avoided.
        const tree = await s.must(['write-tree', '--missing-ok'], 'git write-tree');
        const parent = existed ? ['-p', `refs/heads/${branch}`] : [];
        const commit = await s.must(
          [
            '-c',
            `user.name=${author.name}`,
            '-c',
            `user.email=${author.email}`,
            'commit-tree',
            tree,
            ...parent,
            '-m',
            message,
          ],
          'git commit-tree',
        );
        await s.must(['update-ref', `refs/heads/${branch}`, commit], 'git update-ref');
        await opts.beforePush?.(attempt, s.dir);
        const push = await s.git(['push', '-q', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`]);
        if (push.ok) return { landed: { commit, files: appended, created: !existed } };
        const why = `${push.err}\n${push.out}`;
        if (!isLostRace(why))
          throw new EnvironmentError(`history branch: git push to ${branch} failed: ${gitErrorSummary(why)}`);
        return { lost: why };
      },
      {
        ...opts,
        onLost: (attempt, attempts) =>
          log(
            `history: ${branch} moved while pushing (attempt ${attempt}/${attempts}); fetching and replaying the append`,
          ),
      },
    );
    if ('lost' in r)
      throw new EnvironmentError(
        `history branch: ${branch} moved under every one of ${r.attempts} pushes (other jobs pushing); the records were not stored`,
      );
    const { commit, files: written, created } = r.landed;
    log(
      `history: ${records} records pushed to ${branch} (${written.join(', ')})${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}`,
    );
    return { commit, attempts: r.attempts, files: written, records, created };
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}

/** Every record on the data branch (or only `suiteId`'s), with problems; an absent branch is empty. */
export async function readGitHistory(
  opts: GitHistoryOptions,
  suiteId?: string,
): Promise<ParsedHistory & { commit: string | null }> {
  const branch = opts.branch ?? DEFAULT_DATA_BRANCH;
  checkBranchName(branch, 'history branch');
  const s = await openScratch(opts);
  try {
    if (!(await fetchBranch(s, branch))) return { records: [], problems: [], commit: null };
    const parsed = await readHistory(s.dir, suiteId);
    const commit = await s.must(['rev-parse', 'HEAD'], 'git rev-parse');
    // Name problems by their path on the branch, not in the scratch directory that is gone.
    const problems = parsed.problems.map((p) => ({ ...p, path: `${branch}:${path.relative(s.dir, p.path) || '.'}` }));
    return { records: parsed.records, problems, commit };
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}

/** A suite's confirmations on the data branch; an absent branch or file is none. */
export async function readGitConfirmations(opts: GitHistoryOptions, suiteId: string): Promise<ParsedConfirmations> {
  const branch = opts.branch ?? DEFAULT_DATA_BRANCH;
  checkBranchName(branch, 'history branch');
  const s = await openScratch(opts);
  try {
    if (!(await fetchBranch(s, branch))) return { records: [], problems: [] };
    const parsed = await readConfirmations(s.dir, suiteId);
    return {
      records: parsed.records,
      problems: parsed.problems.map((p) => ({ ...p, path: `${branch}:${path.relative(s.dir, p.path) || '.'}` })),
    };
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}

/** The data branch store behind the engine's HistoryStore interface. */
export function gitHistoryStore(opts: GitHistoryOptions): HistoryStore {
  return {
    where: `${opts.branch ?? DEFAULT_DATA_BRANCH} on ${opts.remote}`,
    append: (records) => appendToGitHistory(records, opts),
    read: (suiteId) => readGitHistory(opts, suiteId),
    readConfirmations: (suiteId) => readGitConfirmations(opts, suiteId),
    appendConfirmations: async (records) => {
      await appendConfirmationsToGit(records, opts);
    },
  };
}
