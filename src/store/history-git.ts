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
 * is a rebase that cannot conflict. Up to `attempts` tries, with a random pause between them so
 * two jobs do not retry in lockstep. A branch that does not exist yet is created without parents
 * (an orphan), so it shares nothing with the code branches.
 *
 * The token (when given) reaches git as an `http.extraheader` through GIT_CONFIG_* environment
 * variables, never on the command line (where `ps` would show it) nor in the remote URL (where
 * error messages would quote it).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HistoryStore } from '../engine/history.js';
import { EnvironmentError, InputError } from '../errors.js';
import { historyFilePath, type HistoryRecord, type ParsedHistory } from '../results/history.js';
import { git as runGit, type GitResult } from '../tools/git.js';
import { appendHistory, readHistory } from './history-dir.js';

export const DEFAULT_HISTORY_BRANCH = 'perfgate-data';

export interface GitHistoryOptions {
  /** Remote URL or path (`https://github.com/o/r.git`, `/srv/bare.git`). */
  remote: string;
  branch?: string;
  /** A token for an https remote (GITHUB_TOKEN with contents: write). */
  token?: string;
  /** Push attempts before giving up (default 5). */
  attempts?: number;
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

const DEFAULT_AUTHOR = { name: 'perfgate', email: 'perfgate@users.noreply.github.com' };

/**
 * Environment that makes git send `Authorization: basic base64("x-access-token:TOKEN")` on
 * https requests (as actions/checkout configures it), without the token in argv or URL.
 */
export function tokenEnv(token: string | undefined): Record<string, string> {
  if (!token) return {};
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraheader', GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}` };
}

/** A branch name git accepts and that cannot be read as an option. */
function checkBranch(branch: string): void {
  if (!/^[A-Za-z0-9._/-]+$/.test(branch) || branch.startsWith('-') || branch.includes('..') || branch.endsWith('/') || branch.endsWith('.lock')) {
    throw new InputError(`history branch ${JSON.stringify(branch)}: expected a branch name of [A-Za-z0-9._/-]`);
  }
}

/** Git's rejection of a push that is not a fast-forward (someone pushed first) or lost a ref race. */
function isRejection(err: string): boolean {
  return /\[rejected\]|non-fast-forward|fetch first|\[remote rejected\].*(cannot lock ref|failed to update ref|incorrect old value)|failed to update ref|cannot lock ref/i.test(err);
}

class Scratch {
  constructor(
    readonly dir: string,
    private readonly env: Record<string, string>,
    private readonly token: string | undefined,
  ) {}

  async git(args: string[]): Promise<GitResult> {
    const r = await runGit(this.dir, args, this.env);
    // git does not print headers, but a URL a user pasted with the token in it would be quoted.
    return this.token ? { ...r, err: r.err.split(this.token).join('***'), out: r.out.split(this.token).join('***') } : r;
  }

  async must(args: string[], what: string): Promise<string> {
    const r = await this.git(args);
    if (!r.ok) throw new EnvironmentError(`history branch: ${what} failed: ${r.err.split('\n').slice(-3).join(' | ') || 'no message'}`);
    return r.out;
  }
}

async function openScratch(opts: GitHistoryOptions): Promise<Scratch> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'perfgate-history-'));
  const env = { GIT_TERMINAL_PROMPT: '0', ...tokenEnv(opts.token) };
  const s = new Scratch(dir, env, opts.token);
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
  if (!ls.ok) throw new EnvironmentError(`history branch: cannot reach the remote: ${ls.err.split('\n').slice(-3).join(' | ')}`);
  if (ls.out.trim() === '') {
    await s.must(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], 'git symbolic-ref');
    return false;
  }
  await s.must(['fetch', '-q', '--depth=1', '--no-tags', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`], `git fetch ${branch}`);
  await s.must(['checkout', '-q', '-f', '-B', branch, `refs/remotes/origin/${branch}`], `git checkout ${branch}`);
  await s.must(['clean', '-q', '-f', '-d', '-x'], 'git clean');
  return true;
}

/** Removes everything in the scratch work tree but .git (a previous attempt's files). */
async function clearWorkTree(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (name !== '.git') await rm(path.join(dir, name), { recursive: true, force: true });
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
  if (!ls.ok) throw new EnvironmentError(`history branch: cannot reach the remote: ${ls.err.split('\n').slice(-3).join(' | ')}`);
  await clearWorkTree(s.dir);
  await s.must(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], 'git symbolic-ref');
  if (ls.out.trim() === '') {
    await s.git(['update-ref', '-d', `refs/heads/${branch}`]);
    await s.must(['read-tree', '--empty'], 'git read-tree');
    return false;
  }
  const remoteRef = `refs/remotes/origin/${branch}`;
  await s.must(['fetch', '-q', '--depth=1', '--no-tags', '--filter=blob:none', 'origin', `+refs/heads/${branch}:${remoteRef}`], `git fetch ${branch}`);
  await s.must(['update-ref', `refs/heads/${branch}`, remoteRef], 'git update-ref');
  await s.must(['read-tree', remoteRef], 'git read-tree');
  const present = new Set((await s.must(['ls-files', '--', ...files], 'git ls-files')).split('\n').filter((l) => l !== ''));
  const wanted = files.filter((f) => present.has(f));
  if (wanted.length > 0) await s.must(['checkout-index', '-f', '--', ...wanted], 'git checkout-index');
  return true;
}

/** Appends records to the data branch, retrying on collisions until they land. */
export async function appendToGitHistory(records: readonly HistoryRecord[], opts: GitHistoryOptions): Promise<GitAppendResult> {
  const branch = opts.branch ?? DEFAULT_HISTORY_BRANCH;
  checkBranch(branch);
  const attempts = opts.attempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 1) throw new InputError(`history push attempts: expected a whole number ≥ 1, got ${attempts}`);
  const author = opts.author ?? DEFAULT_AUTHOR;
  const log = opts.log ?? ((): void => undefined);
  if (records.length === 0) throw new InputError('no history records to append (no benchmark measured anything)');
  const files = [...new Set(records.map((r) => historyFilePath(r.suite, r.date)))].sort();
  const s = await openScratch(opts);
  try {
    for (let attempt = 1; ; attempt++) {
      const existed = await prepareAppend(s, branch, files);
      const appended = await appendHistory(s.dir, records);
      await s.must(['add', '--', ...appended.files], 'git add');
      const suites = [...new Set(records.map((r) => r.suite))].join(', ');
      const commits = [...new Set(records.map((r) => r.commit.slice(0, 12)))].join(', ');
      // Plumbing, not `git commit`: porcelain fetches every blob it has not got (to compare
      // the work tree), which would download the whole history the filter just avoided.
      const tree = await s.must(['write-tree', '--missing-ok'], 'git write-tree');
      const message = `history: ${suites} at ${commits} (${records.length} records)`;
      const parent = existed ? ['-p', `refs/heads/${branch}`] : [];
      const commit = await s.must(['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`, 'commit-tree', tree, ...parent, '-m', message], 'git commit-tree');
      await s.must(['update-ref', `refs/heads/${branch}`, commit], 'git update-ref');
      await opts.beforePush?.(attempt, s.dir);
      const push = await s.git(['push', '-q', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`]);
      if (push.ok) {
        log(`history: ${records.length} records pushed to ${branch} (${appended.files.join(', ')})${attempt > 1 ? ` after ${attempt} attempts` : ''}`);
        return { commit, attempts: attempt, files: appended.files, records: records.length, created: !existed };
      }
      const why = `${push.err}\n${push.out}`;
      if (!isRejection(why)) throw new EnvironmentError(`history branch: git push to ${branch} failed: ${why.trim().split('\n').slice(-3).join(' | ')}`);
      if (attempt >= attempts) throw new EnvironmentError(`history branch: ${branch} moved under every one of ${attempts} pushes (other jobs pushing); the records were not stored`);
      log(`history: ${branch} moved while pushing (attempt ${attempt}/${attempts}); fetching and replaying the append`);
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * attempt));
    }
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}

/** Every record on the data branch (or only `suiteId`'s), with problems; an absent branch is empty. */
export async function readGitHistory(opts: GitHistoryOptions, suiteId?: string): Promise<ParsedHistory & { commit: string | null }> {
  const branch = opts.branch ?? DEFAULT_HISTORY_BRANCH;
  checkBranch(branch);
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

/** The data branch store behind the engine's HistoryStore interface. */
export function gitHistoryStore(opts: GitHistoryOptions): HistoryStore {
  return {
    where: `${opts.branch ?? DEFAULT_HISTORY_BRANCH} on ${opts.remote}`,
    append: (records) => appendToGitHistory(records, opts),
    read: (suiteId) => readGitHistory(opts, suiteId),
  };
}
