/**
 * The one git runner, and the git operations perfgate needs: the commit being measured,
 * resolving refs, snapshotting a dirty working tree, fetching a missing commit, and checking
 * commits out as detached worktrees whose paths have the same length (path length
 * changes the environment and stack layout, and with them the counts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.js';
import { runProcess } from './process.js';

export interface GitResult {
  ok: boolean;
  out: string;
  err: string;
}

/** Runs `git ARGS` in cwd with a minimal, locale-free environment (`extraEnv` adds to it). */
export async function git(cwd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<GitResult> {
  const r = await runProcess({
    argv: ['git', ...args],
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', LANG: 'C', ...extraEnv },
    timeoutMs: 120_000,
  });
  return { ok: r.exitCode === 0, out: r.stdoutTail.trim(), err: (r.stderrTail || r.spawnError || '').trim() };
}

/** Advice git appends to every failure to reach a remote, whatever the cause. */
const BOILERPLATE = new Set(['Please make sure you have the correct access rights', 'and the repository exists.']);
const MAX_LINES = 8;

/**
 * Git's stderr as one line for a message, cause first. For an unreachable remote git says
 *   fatal: '/srv/nope.git' does not appear to be a git repository
 *   fatal: Could not read from remote repository.
 *
 *   Please make sure you have the correct access rights
 *   and the repository exists.
 * and the last lines alone were the advice, not the cause. Every line that says something is
 * kept, in order (the advice and `hint:` lines dropped), up to MAX_LINES. Git's output reaches
 * here already scrubbed of secrets (tools/process.ts captures it through tools/secrets.ts).
 */
export function gitErrorSummary(err: string): string {
  const lines = err
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !BOILERPLATE.has(l) && !l.startsWith('hint:'));
  if (lines.length === 0) return 'no message';
  return lines.length > MAX_LINES ? `${lines.slice(0, MAX_LINES).join(' | ')} | …` : lines.join(' | ');
}

/** Text fit for a message: credentials in any URL in it (`https://user:token@host/`) replaced. */
export function displayRemote(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s'"]*@/gi, '$1***@');
}

/** The commit and branch of the checkout at dir (null where git cannot tell). */
export async function gitInfo(dir: string): Promise<{ sha: string | null; ref: string | null }> {
  const value = async (...args: string[]): Promise<string | null> => {
    const r = await git(dir, args);
    return r.ok ? r.out || null : null;
  };
  return { sha: await value('rev-parse', 'HEAD'), ref: await value('rev-parse', '--abbrev-ref', 'HEAD') };
}

/**
 * A commit's subject line, author and author date (ISO 8601) in the repository at dir, or null
 * (not a repository, the commit is not in it). Git cuts subject and author to 200 columns
 * itself, so a hostile megabyte-long subject never reaches us whole (callers cap it further).
 */
export async function commitInfo(
  dir: string,
  sha: string,
): Promise<{ subject: string; author: string; date: string } | null> {
  if (!/^[0-9a-f]{4,64}$/.test(sha)) return null;
  const r = await git(dir, [
    'show',
    '-s',
    '--no-show-signature',
    '--format=%<(200,trunc)%s%x00%<(200,trunc)%an%x00%aI',
    `${sha}^{commit}`,
    '--',
  ]);
  if (!r.ok) return null;
  const [subject = '', author = '', date = ''] = r.out.split('\0');
  return { subject: subject.trimEnd(), author: author.trimEnd(), date };
}

/** The subject line of a commit in the repository at dir, or null (unknown commit, empty message). */
export async function commitSubject(dir: string, sha: string): Promise<string | null> {
  return (await commitInfo(dir, sha))?.subject || null;
}

/** The commit must be in the clone (a shallow CI checkout may lack it): fetched from origin if not. */
export async function ensureCommit(repo: string, sha: string, log: (line: string) => void): Promise<void> {
  if ((await git(repo, ['cat-file', '-e', `${sha}^{commit}`])).ok) return;
  log(`fetching commit ${sha.slice(0, 12)} (shallow clone)`);
  const r = await git(repo, ['fetch', '--no-tags', '--depth=1', 'origin', sha]);
  if (!r.ok) {
    const url = await git(repo, ['remote', 'get-url', 'origin']);
    const from = url.ok && url.out ? `origin (${displayRemote(url.out)})` : 'origin';
    throw new InputError(
      `commit ${sha} is not in this clone and could not be fetched from ${from}: ${displayRemote(gitErrorSummary(r.err)).replace(/\.$/, '')}. ` +
        'A shallow checkout lacks the base commit: use actions/checkout with fetch-depth: 0, or fetch that commit before perfgate runs',
    );
  }
}

/**
 * Both commits of a range and the commits between them in the clone, for a bisection: a shallow
 * CI checkout (fetch-depth 1) holds neither end. `bad` is fetched ever deeper (50, 500, 5000
 * commits, then all) until `good` is among its ancestors. Throws, naming the commit and git's
 * reason, when one cannot be fetched or `good` is not an ancestor of `bad` (history rewritten).
 */
export async function ensureRange(repo: string, good: string, bad: string, log: (line: string) => void): Promise<void> {
  const isAncestor = async (): Promise<boolean> => (await git(repo, ['merge-base', '--is-ancestor', good, bad])).ok;
  const present = async (sha: string): Promise<boolean> => (await git(repo, ['cat-file', '-e', `${sha}^{commit}`])).ok;
  if ((await present(good)) && (await present(bad)) && (await isAncestor())) return;
  const shallow = (await git(repo, ['rev-parse', '--is-shallow-repository'])).out === 'true';
  if (!shallow && (await present(good)) && (await present(bad)))
    throw new InputError(`commit ${good} is not an ancestor of ${bad}: the history between them was rewritten`);
  await ensureCommit(repo, good, log);
  for (const depth of ['--depth=50', '--depth=500', '--depth=5000', '--unshallow']) {
    if (depth === '--unshallow' && (await git(repo, ['rev-parse', '--is-shallow-repository'])).out !== 'true') break;
    log(`fetching ${bad.slice(0, 12)} (${depth.slice(2)}) for the range from ${good.slice(0, 12)}`);
    const r = await git(repo, ['fetch', '-q', '--no-tags', depth, 'origin', bad]);
    if (!r.ok)
      throw new InputError(
        `commit ${bad} could not be fetched from origin: ${displayRemote(gitErrorSummary(r.err)).replace(/\.$/, '')}`,
      );
    if (await isAncestor()) return;
  }
  throw new InputError(`commit ${good} is not an ancestor of ${bad}: the history between them was rewritten`);
}

/** The merge base of two commits, or null (unrelated histories, or a commit missing from a shallow clone). */
export async function mergeBase(repo: string, a: string, b: string): Promise<string | null> {
  const r = await git(repo, ['merge-base', a, b]);
  return r.ok && r.out ? r.out : null;
}

export async function repoRoot(cwd: string): Promise<string> {
  const r = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (!r.ok)
    throw new InputError(
      `${cwd} is not inside a git repository (perfgate ab checks out commits with git): ${gitErrorSummary(r.err)}`,
    );
  return r.out;
}

export async function resolveCommit(repo: string, ref: string, flag: string): Promise<string> {
  if (ref.trim() === '' || ref.startsWith('-'))
    throw new InputError(`${flag} ${JSON.stringify(ref)}: expected a commit, branch or tag`);
  const r = await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!r.ok || !/^[0-9a-f]{40,64}$/.test(r.out)) throw new InputError(`${flag} ${ref}: no such commit in ${repo}`);
  return r.out;
}

/**
 * The first-parent commits in (good, bad], oldest first: the commits a nightly range or a
 * bisection walks. good must be an ancestor of bad.
 */
export async function firstParentRange(repo: string, good: string, bad: string): Promise<string[]> {
  const anc = await git(repo, ['merge-base', '--is-ancestor', good, bad]);
  if (!anc.ok)
    throw new InputError(
      `--good ${good.slice(0, 12)} is not an ancestor of --bad ${bad.slice(0, 12)}: nothing to bisect`,
    );
  const r = await git(repo, ['rev-list', '--first-parent', '--reverse', `${good}..${bad}`]);
  if (!r.ok)
    throw new InputError(
      `cannot list the commits in (${good.slice(0, 12)}, ${bad.slice(0, 12)}]: ${gitErrorSummary(r.err)}`,
    );
  const commits = r.out.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
  if (commits.length === 0)
    throw new InputError(`--good and --bad are the same commit (${good.slice(0, 12)}): nothing to bisect`);
  return commits;
}

export interface WorkingTree {
  /** Commit to check out as head: HEAD, or a snapshot commit holding uncommitted changes. */
  sha: string;
  /** Uncommitted changes to tracked files are included (via `git stash create`). */
  dirty: boolean;
  untracked: string[];
}

/** The working tree as a commit, without touching the index, stash list or files. */
export async function snapshotWorkingTree(repo: string): Promise<WorkingTree> {
  const status = await git(repo, ['status', '--porcelain', '--untracked-files=normal']);
  const untracked = status.out
    .split('\n')
    .filter((l) => l.startsWith('?? '))
    .map((l) => l.slice(3));
  const stash = await git(repo, ['stash', 'create', 'perfgate ab: working tree']);
  if (stash.ok && /^[0-9a-f]{40,64}$/.test(stash.out)) return { sha: stash.out, dirty: true, untracked };
  return { sha: await resolveCommit(repo, 'HEAD', 'HEAD'), dirty: false, untracked };
}

export interface Worktrees {
  /** The commit's detached worktree, checked out on its first request (one per commit). */
  add(sha: string, side: string): Promise<string>;
  remove(): Promise<void>;
}

/**
 * Detached worktrees `<tmp>/w000`, `<tmp>/w001`, … in the order asked for: one per commit,
 * however many comparisons use it, every path of the same length and the same in every run
 * that asks in the same order (so `ab` and the action measure identical paths). Removal is
 * registered for process exit too, so even a second Ctrl-C (which exits at once) leaves
 * nothing in the repository.
 */
/**
 * A worktree's submodules at the commits it records, cloned from the same submodule checked out
 * in `source` (the user's checkout) when it is there: offline, and no credentials needed. One
 * that is not checked out there comes from the URL in .gitmodules. `git submodule init` would
 * write that URL into the config every worktree shares, so the local one is given with `-c`
 * for this command only. Nested submodules get the same treatment, one level at a time.
 */
async function checkoutSubmodules(dir: string, source: string, what: string): Promise<void> {
  if (!existsSync(path.join(dir, '.gitmodules'))) return;
  const list = await git(dir, ['config', '-f', '.gitmodules', '--get-regexp', '^submodule\\..*\\.path$']);
  // `submodule.third_party/benchmark.path third_party/benchmark`
  for (const line of list.ok ? list.out.split('\n') : []) {
    const m = /^submodule\.(.+)\.path (.+)$/.exec(line.trim());
    if (!m) continue;
    const name = m[1] as string;
    const sub = m[2] as string;
    const local = path.join(source, sub);
    const here = existsSync(path.join(local, '.git'));
    const r = await git(dir, [
      '-c',
      'protocol.file.allow=always',
      ...(here ? ['-c', `submodule.${name}.url=${local}`] : []),
      'submodule',
      'update',
      '--init',
      '--',
      sub,
    ]);
    if (!r.ok)
      throw new InputError(
        `cannot check out submodule ${sub} of ${what}: ${gitErrorSummary(displayRemote(r.err))}; expected ${here ? `the commit it records in ${local}` : `${sub} checked out in ${source} (git submodule update --init --recursive) or its URL in .gitmodules reachable`}`,
      );
    await checkoutSubmodules(path.join(dir, sub), local, what);
  }
}

export async function openWorktrees(repo: string): Promise<Worktrees> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'perfgate-ab-'));
  const dirs = new Map<string, Promise<string>>();
  const dirOf = (i: number): string => path.join(root, `w${String(i).padStart(3, '0')}`);
  let removed = false;
  const removeSync = (): void => {
    if (removed) return;
    removed = true;
    for (let i = 0; i < dirs.size; i++) {
      try {
        execFileSync('git', ['-C', repo, 'worktree', 'remove', '--force', dirOf(i)], { stdio: 'ignore' });
      } catch {
        // Not added (failed half-way) or already gone; prune below catches the rest.
      }
    }
    try {
      execFileSync('git', ['-C', repo, 'worktree', 'prune'], { stdio: 'ignore' });
    } catch {
      // Nothing to prune.
    }
    // On the way out (a second Ctrl-C) the async rm below never runs: the root goes here.
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', removeSync);
  const checkout = async (sha: string, side: string, dir: string): Promise<string> => {
    const r = await git(repo, ['worktree', 'add', '--detach', '--quiet', dir, sha]);
    if (!r.ok) throw new InputError(`cannot check out ${side} ${sha.slice(0, 12)}: ${gitErrorSummary(r.err)}`);
    await checkoutSubmodules(dir, repo, `${side} ${sha.slice(0, 12)}`);
    return dir;
  };
  return {
    add: (sha, side) => {
      let dir = dirs.get(sha);
      if (!dir) {
        dir = checkout(sha, side, dirOf(dirs.size));
        dirs.set(sha, dir);
      }
      return dir;
    },
    remove: async () => {
      await Promise.allSettled(dirs.values());
      removeSync();
      process.off('exit', removeSync);
      await rm(root, { recursive: true, force: true });
    },
  };
}
