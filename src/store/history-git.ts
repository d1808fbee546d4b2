/**
 * The git history store (default ref `refs/perfgate/history`): the directory layout of
 * history-dir.ts committed on a ref of its own in the project's repository, so the history
 * outlives artifacts, and outside refs/heads, so no clone fetches it (git-remote.ts).
 *
 * Appending: a scratch clone of just that ref's tip (depth 1, and without file contents but
 * those of the month files appended to: neither the ref's history nor other months are
 * needed), the records appended to their month files, one commit, a push. When the push is
 * rejected because another job pushed first, the ref is fetched again and the append is
 * replayed on the new tip: appending lines is the whole change, so replaying it from the records
 * is a rebase that cannot conflict. The token and the retries are git-remote.ts's. A ref that
 * does not exist yet is created without parents, so it shares nothing with the code branches.
 *
 * Moving from the old `perfgate-data` branch (`legacy`): while the ref does not exist, reading
 * reads the branch, and the first append starts the ref from the branch's tip tree without its
 * `images/` folder (the records as they were, same blobs; the images stay behind with the
 * branch), so deleting the branch afterwards loses no record.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HistoryStore } from '../engine/history-series.js';
import { EnvironmentError, InputError } from '../errors.js';
import { historyFilePath, type HistoryRecord, type ParsedHistory } from '../results/history-record.js';
import {
  checkDataRef,
  DATA_BRANCH_AUTHOR,
  DEFAULT_HISTORY_REF,
  remoteGit,
  shortRef,
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
  /** The full ref name; default refs/perfgate/history. */
  ref?: string;
  /**
   * Where an older perfgate kept the history (`refs/heads/perfgate-data`): read while `ref` does
   * not exist, and carried over by the first append. Null or absent: none.
   */
  legacy?: string | null;
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
  /** The commit now at the tip of the ref, holding these records. */
  commit: string;
  /** Pushes it took (1 = no collision). */
  attempts: number;
  files: string[];
  records: number;
  /** The ref did not exist and was created. */
  created: boolean;
  /** The ref was started from this commit of the legacy branch (its records carried over). */
  migratedFrom: string | null;
}

/** The scratch clone's branch (what its HEAD names) and where the remote's tip is fetched to. */
const LOCAL = 'refs/heads/data';
const TRACKING = 'refs/remotes/origin/data';

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
    if (!r.ok) throw new EnvironmentError(`history ref: ${what} failed: ${gitErrorSummary(r.err)}`);
    return r.out;
  }
}

async function openScratch(opts: GitHistoryOptions): Promise<Scratch> {
  const s = new Scratch(await mkdtemp(path.join(os.tmpdir(), 'perfgate-history-')), opts);
  await s.must(['init', '-q'], 'git init');
  await s.must(['remote', 'add', 'origin', opts.remote], 'git remote add');
  await s.must(['symbolic-ref', 'HEAD', LOCAL], 'git symbolic-ref');
  return s;
}

/** Where the records are: the ref, or while it does not exist the legacy branch; null: neither. */
async function locate(s: Scratch, ref: string, legacy: string | null): Promise<{ ref: string; sha: string } | null> {
  const wanted = legacy && legacy !== ref ? [ref, legacy] : [ref];
  const ls = await s.git(['ls-remote', '--refs', 'origin', ...wanted]);
  if (!ls.ok) throw new EnvironmentError(`history ref: cannot reach the remote: ${gitErrorSummary(ls.err)}`);
  const tips = new Map(ls.out.split('\n').map((l) => l.split('\t').reverse() as [string, string]));
  for (const name of wanted) {
    const sha = tips.get(name);
    if (sha) return { ref: name, sha };
  }
  return null;
}

/** Fetches `ref`'s tip (depth 1, `filter` as given) to TRACKING. */
async function fetchTip(s: Scratch, ref: string, filter: boolean): Promise<void> {
  await s.must(
    [
      'fetch',
      '-q',
      '--depth=1',
      '--no-tags',
      ...(filter ? ['--filter=blob:none'] : []),
      'origin',
      `+${ref}:${TRACKING}`,
    ],
    `git fetch ${shortRef(ref)}`,
  );
}

/**
 * The index = TRACKING's tree without its top-level `images/` (the legacy branch's comment
 * images): trees only, so the filtered fetch suffices and the records' blobs are reused as they are.
 */
async function readTreeWithoutImages(s: Scratch): Promise<void> {
  await s.must(['read-tree', '--empty'], 'git read-tree');
  for (const entry of (await s.must(['ls-tree', '-z', TRACKING], 'git ls-tree')).split('\0')) {
    const [meta, name] = entry.split('\t');
    const [mode, type, sha] = (meta ?? '').split(' ');
    if (!name || !mode || !sha || name === 'images') continue;
    if (type === 'tree') await s.must(['read-tree', `--prefix=${name}/`, sha], 'git read-tree --prefix');
    else await s.must(['update-index', '--add', '--cacheinfo', `${mode},${sha},${name}`], 'git update-index');
  }
}

/** Removes everything in the scratch work tree but .git (a previous attempt's files). */
async function clearWorkTree(dir: string): Promise<void> {
  for (const name of await readdir(dir))
    if (name !== '.git') await rm(path.join(dir, name), { recursive: true, force: true });
}

/**
 * Prepares the scratch clone to append to `files`: the tip fetched without file contents
 * (`--filter=blob:none`; a server that cannot filter sends them, which only costs time), its tree
 * as the index, and only `files` checked out (their blobs are fetched on demand). Appending to
 * this month's file then costs this month's file, not the whole history. Returns the parent of
 * the new commit (null: a new root) and the legacy commit carried over, if any: the legacy
 * branch's tree without `images/` becomes the index, with no parent.
 */
async function prepareAppend(
  s: Scratch,
  ref: string,
  legacy: string | null,
  files: readonly string[],
): Promise<{ parent: string | null; migratedFrom: string | null }> {
  const found = await locate(s, ref, legacy);
  await clearWorkTree(s.dir);
  if (!found) {
    await s.must(['read-tree', '--empty'], 'git read-tree');
    return { parent: null, migratedFrom: null };
  }
  await fetchTip(s, found.ref, true);
  // The id ls-remote saw; a push since then makes ours lose the race and replay, as it should.
  const tip = await s.must(['rev-parse', '--verify', `${TRACKING}^{commit}`], 'git rev-parse');
  if (found.ref === ref) await s.must(['read-tree', TRACKING], 'git read-tree');
  else await readTreeWithoutImages(s);
  const present = new Set(
    (await s.must(['ls-files', '--', ...files], 'git ls-files')).split('\n').filter((l) => l !== ''),
  );
  const wanted = files.filter((f) => present.has(f));
  if (wanted.length > 0) await s.must(['checkout-index', '-f', '--', ...wanted], 'git checkout-index');
  return found.ref === ref ? { parent: tip, migratedFrom: null } : { parent: null, migratedFrom: tip };
}

/** The ref and legacy branch the options name, checked. */
function refsOf(opts: GitHistoryOptions): { ref: string; legacy: string | null } {
  const ref = opts.ref ?? DEFAULT_HISTORY_REF;
  checkDataRef(ref, 'history ref');
  const legacy = opts.legacy ?? null;
  if (legacy !== null) checkDataRef(legacy, 'legacy history branch');
  return { ref, legacy };
}

/** Appends records to the history ref, retrying on collisions until they land. */
export async function appendToGitHistory(
  records: readonly HistoryRecord[],
  opts: GitHistoryOptions,
): Promise<GitAppendResult> {
  const { ref } = refsOf(opts);
  if (records.length === 0) throw new InputError('no history records to append (no benchmark measured anything)');
  const suites = [...new Set(records.map((r) => r.suite))].join(', ');
  const commits = [...new Set(records.map((r) => r.commit.slice(0, 12)))].join(', ');
  const r = await appendOnRef(opts, {
    files: [...new Set(records.map((r) => historyFilePath(r.suite, r.date)))].sort(),
    message: `history: ${suites} at ${commits} (${records.length} records)`,
    write: async (dir) => (await appendHistory(dir, records)).files,
  });
  opts.log?.(
    `history: ${records.length} records pushed to ${shortRef(ref)} (${r.files.join(', ')})${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}`,
  );
  return { ...r, records: records.length };
}

/** Appends confirmation records (results/confirmation-record.ts) to the history ref, as history records are. */
export async function appendConfirmationsToGit(
  records: readonly ConfirmationRecord[],
  opts: GitHistoryOptions,
): Promise<GitAppendResult | null> {
  if (records.length === 0) return null;
  const suites = [...new Set(records.map((r) => r.suite))].join(', ');
  const r = await appendOnRef(opts, {
    files: [...new Set(records.map((r) => confirmationsFilePath(r.suite)))].sort(),
    message: `history: ${records.length} step confirmation(s) of ${suites}`,
    write: (dir) => appendConfirmations(dir, records),
  });
  return { ...r, records: records.length };
}

/**
 * One append of lines to files of the history ref, retried on collisions until it lands: `write`
 * appends to `files` in the scratch work tree (replayed on the new tip after a lost race:
 * appending lines cannot conflict) and returns the files it wrote.
 */
async function appendOnRef(
  opts: GitHistoryOptions,
  change: { files: string[]; message: string; write: (dir: string) => Promise<string[]> },
): Promise<Omit<GitAppendResult, 'records'>> {
  const { ref, legacy } = refsOf(opts);
  const name = shortRef(ref);
  const author = opts.author ?? DATA_BRANCH_AUTHOR;
  const log = opts.log ?? ((): void => undefined);
  const { files, message } = change;
  const s = await openScratch(opts);
  try {
    const r = await retryLostPushes<{ commit: string; files: string[]; created: boolean; migratedFrom: string | null }>(
      async (attempt) => {
        const { parent, migratedFrom } = await prepareAppend(s, ref, legacy, files);
        const appended = await change.write(s.dir);
        await s.must(['add', '--', ...appended], 'git add');
        // Plumbing, not `git commit`: porcelain fetches every blob it has not got (to compare
        // the work tree), which would download the whole history the filter just avoided.
        const tree = await s.must(['write-tree', '--missing-ok'], 'git write-tree');
        const carried = migratedFrom
          ? `\n\nThe records before these were carried over from ${shortRef(legacy ?? '')} at ${migratedFrom} (its images were not).`
          : '';
        const commit = await s.must(
          [
            '-c',
            `user.name=${author.name}`,
            '-c',
            `user.email=${author.email}`,
            'commit-tree',
            tree,
            ...(parent ? ['-p', parent] : []),
            '-m',
            message + carried,
          ],
          'git commit-tree',
        );
        await s.must(['update-ref', LOCAL, commit], 'git update-ref');
        await opts.beforePush?.(attempt, s.dir);
        const push = await s.git(['push', '-q', '--porcelain', 'origin', `${commit}:${ref}`]);
        if (push.ok) return { landed: { commit, files: appended, created: parent === null, migratedFrom } };
        const why = `${push.err}\n${push.out}`;
        if (!isLostRace(why))
          throw new EnvironmentError(`history ref: git push to ${name} failed: ${gitErrorSummary(why)}`);
        return { lost: why };
      },
      {
        ...opts,
        onLost: (attempt, attempts) =>
          log(
            `history: ${name} moved while pushing (attempt ${attempt}/${attempts}); fetching and replaying the append`,
          ),
      },
    );
    if ('lost' in r)
      throw new EnvironmentError(
        `history ref: ${name} moved under every one of ${r.attempts} pushes (other jobs pushing); the records were not stored`,
      );
    const { commit, files: written, created, migratedFrom } = r.landed;
    if (migratedFrom && legacy)
      log(
        `history: started ${name} from the records on ${shortRef(legacy)} (${migratedFrom.slice(0, 12)}), without its images; ` +
          `once no job of an older perfgate writes there, delete the branch (git push origin --delete ${shortRef(legacy)}) so clones stop fetching it`,
      );
    return { commit, attempts: r.attempts, files: written, created, migratedFrom };
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}

/**
 * Every record on the history ref (or only `suiteId`'s), with problems; while the ref does not
 * exist, the legacy branch's (without its images); neither: empty.
 */
export async function readGitHistory(
  opts: GitHistoryOptions,
  suiteId?: string,
): Promise<ParsedHistory & { commit: string | null }> {
  const s = await openScratch(opts);
  try {
    const found = await checkoutHistory(s, opts);
    if (!found) return { records: [], problems: [], commit: null };
    const parsed = await readHistory(s.dir, suiteId);
    // Name problems by their path on the ref, not in the scratch directory that is gone.
    const problems = parsed.problems.map((p) => ({
      ...p,
      path: `${shortRef(found.ref)}:${path.relative(s.dir, p.path) || '.'}`,
    }));
    return { records: parsed.records, problems, commit: found.sha };
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}

/** The history ref's files (or, before it exists, the legacy branch's) checked out in the scratch clone; null: neither exists. */
async function checkoutHistory(s: Scratch, opts: GitHistoryOptions): Promise<{ ref: string; sha: string } | null> {
  const { ref, legacy } = refsOf(opts);
  const found = await locate(s, ref, legacy);
  if (!found) return null;
  if (found.ref === ref) {
    await fetchTip(s, ref, false);
    await s.must(['checkout', '-q', '-f', '-B', 'data', TRACKING], `git checkout ${shortRef(ref)}`);
  } else {
    opts.log?.(
      `history: ${shortRef(ref)} does not exist yet; reading the records on ${shortRef(found.ref)} (the next append moves them)`,
    );
    await fetchTip(s, found.ref, true);
    await readTreeWithoutImages(s);
    await s.must(['checkout-index', '-a', '-f'], 'git checkout-index');
  }
  return found;
}

/** A suite's confirmations on the history ref; no ref or no file: none. */
export async function readGitConfirmations(opts: GitHistoryOptions, suiteId: string): Promise<ParsedConfirmations> {
  const s = await openScratch(opts);
  try {
    const found = await checkoutHistory(s, opts);
    if (!found) return { records: [], problems: [] };
    const parsed = await readConfirmations(s.dir, suiteId);
    return {
      records: parsed.records,
      problems: parsed.problems.map((p) => ({
        ...p,
        path: `${shortRef(found.ref)}:${path.relative(s.dir, p.path) || '.'}`,
      })),
    };
  } finally {
    await rm(s.dir, { recursive: true, force: true });
  }
}

/** The git store behind the engine's HistoryStore interface. */
export function gitHistoryStore(opts: GitHistoryOptions): HistoryStore {
  return {
    where: `${shortRef(opts.ref ?? DEFAULT_HISTORY_REF)} on ${opts.remote}`,
    append: (records) => appendToGitHistory(records, opts),
    read: (suiteId) => readGitHistory(opts, suiteId),
    readConfirmations: (suiteId) => readGitConfirmations(opts, suiteId),
    appendConfirmations: async (records) => {
      await appendConfirmationsToGit(records, opts);
    },
  };
}
