/**
 * The history stores on real disks and real git: a directory store, and a history ref pushed to
 * a local bare repository by concurrent jobs (and carried over from the older data branch).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readResults } from '../../src/results/results-file.js';
import { serializeHistory, toHistoryRecords, type HistoryRecord } from '../../src/results/history-record.js';
import { appendHistory, readHistory } from '../../src/store/history-dir.js';
import { appendToGitHistory, readGitHistory } from '../../src/store/history-git.js';
import { tokenEnv, tokenForRemote } from '../../src/store/git-remote.js';
import { repoRoot } from '../helpers/paths.js';

const fixture = path.join(repoRoot, '__tests__', 'fixtures', 'history', 'results.json');

async function recordsAt(date: string, commit: string, suiteId = 'demo'): Promise<HistoryRecord[]> {
  const doc = await readResults(fixture);
  return toHistoryRecords(doc, {
    suiteId,
    date,
    commit,
    runUrl: `https://github.com/o/r/actions/runs/${commit.slice(0, 6)}`,
  });
}

const tmp = (prefix: string): string => mkdtempSync(path.join(os.tmpdir(), prefix));
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('directory store', () => {
  it('appends to month files and reads every record back in order', async () => {
    const root = tmp('pg-hist-dir-');
    const nov = await recordsAt('2026-11-30T03:00:00.000Z', 'a'.repeat(40));
    const dec = await recordsAt('2026-12-01T03:00:00.000Z', 'b'.repeat(40));
    expect(await appendHistory(root, [...nov, ...dec])).toEqual({
      files: ['demo/2026-11.jsonl', 'demo/2026-12.jsonl'],
      records: 20,
    });
    await appendHistory(root, await recordsAt('2026-12-02T03:00:00.000Z', 'c'.repeat(40)));
    expect(
      readFileSync(path.join(root, 'demo', '2026-12.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(20);
    const { records, problems } = await readHistory(root);
    expect(problems).toEqual([]);
    expect(records.map((r) => r.commit[0])).toEqual([...'a'.repeat(10), ...'b'.repeat(10), ...'c'.repeat(10)]);
    expect((await readHistory(root, 'other')).records).toEqual([]);
  });

  it('reports corrupt and foreign files with their paths and still reads the rest', async () => {
    const root = tmp('pg-hist-bad-');
    await appendHistory(root, await recordsAt('2026-11-30T03:00:00.000Z', 'a'.repeat(40)));
    await appendHistory(root, await recordsAt('2026-12-01T03:00:00.000Z', 'b'.repeat(40)));
    const dec = path.join(root, 'demo', '2026-12.jsonl');
    const lines = readFileSync(dec, 'utf8').split('\n');
    lines[3] = '{"v":1,"suite":"demo","bench'; // a line cut short
    writeFileSync(dec, lines.join('\n'));
    writeFileSync(path.join(root, 'demo', 'notes.txt'), 'not history\n');
    writeFileSync(path.join(root, 'demo', '2026-10.jsonl'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    writeFileSync(path.join(root, 'stray.json'), '{}');
    mkdirSync(path.join(root, 'bad name!'));
    writeFileSync(path.join(root, 'README.md'), '# perfgate history\n');
    const { records, problems } = await readHistory(root);
    expect(records).toHaveLength(19);
    expect(problems).toEqual([
      { path: path.join(root, 'bad name!'), line: 0, message: expect.stringMatching(/not a suite directory/) },
      { path: path.join(root, 'demo', '2026-10.jsonl'), line: 1, message: expect.stringMatching(/binary/) },
      { path: dec, line: 4, message: expect.stringMatching(/^not JSON/) },
      { path: path.join(root, 'demo', 'notes.txt'), line: 0, message: expect.stringMatching(/not a history file/) },
      { path: path.join(root, 'stray.json'), line: 0, message: expect.stringMatching(/not a history file/) },
    ]);
  });

  it('does not glue new records onto a line that was cut short', async () => {
    const root = tmp('pg-hist-cut-');
    const recs = await recordsAt('2026-12-01T03:00:00.000Z', 'a'.repeat(40));
    mkdirSync(path.join(root, 'demo'));
    appendFileSync(path.join(root, 'demo', '2026-12.jsonl'), serializeHistory(recs).slice(0, -40)); // no final newline
    await appendHistory(root, await recordsAt('2026-12-02T03:00:00.000Z', 'b'.repeat(40)));
    const { records, problems } = await readHistory(root);
    expect(problems.map((p) => p.line)).toEqual([10]);
    expect(records.filter((r) => r.commit.startsWith('b'))).toHaveLength(10);
  });
});

describe('git ref store (real git, local bare repository)', () => {
  function bare(): string {
    const dir = tmp('pg-hist-bare-');
    git(dir, 'init', '-q', '--bare');
    return dir;
  }
  const REF = 'refs/perfgate/history';
  const log = (remote: string, ref = REF): string[] => git(remote, 'log', '--format=%s', ref).split('\n');

  it('creates the ref without parents, then appends with one commit per run', async () => {
    const remote = bare();
    const first = await appendToGitHistory(await recordsAt('2026-12-01T03:00:00.000Z', 'a'.repeat(40)), { remote });
    expect(first).toMatchObject({ attempts: 1, created: true, files: ['demo/2026-12.jsonl'], records: 10 });
    expect(git(remote, 'rev-list', '--max-parents=0', REF)).toBe(first.commit);
    const second = await appendToGitHistory(await recordsAt('2026-12-02T03:00:00.000Z', 'b'.repeat(40)), { remote });
    expect(second.created).toBe(false);
    expect(git(remote, 'rev-parse', REF)).toBe(second.commit);
    expect(log(remote)).toEqual([
      'history: demo at bbbbbbbbbbbb (10 records)',
      'history: demo at aaaaaaaaaaaa (10 records)',
    ]);
    expect(git(remote, 'ls-tree', '-r', '--name-only', REF)).toBe('demo/2026-12.jsonl');
    const read = await readGitHistory({ remote });
    expect(read.problems).toEqual([]);
    expect(read.commit).toBe(second.commit);
    expect(read.records.map((r) => r.commit[0]).join('')).toBe('a'.repeat(10) + 'b'.repeat(10));
  });

  it('fetches only the month files it appends to, and keeps the others in the commit', async () => {
    const remote = bare();
    git(remote, 'config', 'uploadpack.allowFilter', 'true');
    await appendToGitHistory(await recordsAt('2026-10-15T03:00:00.000Z', 'a'.repeat(40)), { remote });
    await appendToGitHistory(await recordsAt('2026-11-15T03:00:00.000Z', 'b'.repeat(40)), { remote });
    const octBlob = git(remote, 'rev-parse', `${REF}:demo/2026-10.jsonl`);
    const novBlob = git(remote, 'rev-parse', `${REF}:demo/2026-11.jsonl`);
    let missing = '';
    await appendToGitHistory(await recordsAt('2026-11-16T03:00:00.000Z', 'c'.repeat(40)), {
      remote,
      beforePush: async (_attempt, scratch) => {
        // Objects the scratch clone never fetched, listed without fetching them.
        missing = git(scratch, 'rev-list', '--objects', '--missing=print', 'HEAD');
      },
    });
    expect(missing).toContain(`?${octBlob}`);
    expect(missing).not.toContain(`?${novBlob}`);
    expect(git(remote, 'rev-parse', `${REF}:demo/2026-10.jsonl`)).toBe(octBlob);
    const { records, problems } = await readGitHistory({ remote });
    expect(problems).toEqual([]);
    expect(records.map((r) => r.commit[0]).join('')).toBe('a'.repeat(10) + 'b'.repeat(10) + 'c'.repeat(10));
  });

  it('reads an absent ref as an empty history', async () => {
    expect(await readGitHistory({ remote: bare(), ref: 'refs/perfgate/nothing-here' })).toEqual({
      records: [],
      problems: [],
      commit: null,
    });
  });

  it('lands every one of four jobs pushing at the same moment', async () => {
    const remote = bare();
    await appendToGitHistory(await recordsAt('2026-12-01T03:00:00.000Z', '1'.repeat(40)), { remote });
    const jobs = await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (c) =>
        appendToGitHistory(await recordsAt('2026-12-02T03:00:00.000Z', c.repeat(40)), { remote }),
      ),
    );
    const { records, problems } = await readGitHistory({ remote });
    expect(problems).toEqual([]);
    expect(records).toHaveLength(50);
    for (const c of ['1', 'a', 'b', 'c', 'd'])
      expect(records.filter((r) => r.commit === c.repeat(40))).toHaveLength(10);
    expect(log(remote)).toHaveLength(5);
    process.stdout.write(`concurrent pushes: attempts ${jobs.map((j) => j.attempts).join(', ')}\n`);
  });

  it('replays an append rejected because another job pushed in between (forced collision)', async () => {
    const remote = bare();
    const lines: string[] = [];
    let other: Promise<unknown> = Promise.resolve();
    const a = await appendToGitHistory(await recordsAt('2026-12-01T03:00:00.000Z', 'a'.repeat(40)), {
      remote,
      log: (l) => lines.push(l),
      // A has fetched (the ref does not exist yet) and committed; B creates the ref first.
      beforePush: async (attempt) => {
        if (attempt === 1)
          await (other = appendToGitHistory(await recordsAt('2026-12-01T04:00:00.000Z', 'b'.repeat(40)), { remote }));
      },
    });
    await other;
    expect(a.attempts).toBe(2);
    expect(a.created).toBe(false);
    expect(lines.some((l) => /moved while pushing \(attempt 1\/5\)/.test(l))).toBe(true);
    expect(log(remote)).toEqual([
      'history: demo at aaaaaaaaaaaa (10 records)',
      'history: demo at bbbbbbbbbbbb (10 records)',
    ]);
    const { records } = await readGitHistory({ remote });
    expect(records.map((r) => r.commit[0]).join('')).toBe('b'.repeat(10) + 'a'.repeat(10));
  });

  it('gives up after the allowed attempts and says so', async () => {
    const remote = bare();
    let n = 0;
    await expect(
      appendToGitHistory(await recordsAt('2026-12-01T03:00:00.000Z', 'a'.repeat(40)), {
        remote,
        attempts: 2,
        beforePush: async () => {
          await appendToGitHistory(await recordsAt('2026-12-01T04:00:00.000Z', `${++n}`.repeat(40)), { remote });
        },
      }),
    ).rejects.toThrow(/moved under every one of 2 pushes/);
  });

  it('reports a corrupt or foreign file on the ref with its path and reads the rest', async () => {
    const remote = bare();
    await appendToGitHistory(await recordsAt('2026-12-01T03:00:00.000Z', 'a'.repeat(40)), { remote });
    const work = tmp('pg-hist-edit-');
    git(work, 'init', '-q');
    git(work, 'fetch', '-q', remote, REF);
    git(work, 'checkout', '-q', 'FETCH_HEAD');
    appendFileSync(path.join(work, 'demo', '2026-12.jsonl'), 'garbage that is not JSON\n');
    writeFileSync(path.join(work, 'demo', '2026-11.jsonl'), '{"name":"BM_foo","iterations":100,"real_time":12.5}\n');
    writeFileSync(path.join(work, 'export.csv'), 'date,median\n');
    // perfgate's own files beside the records (a published dashboard, comment images) are no problem.
    writeFileSync(path.join(work, 'index.html'), '<html></html>\n');
    mkdirSync(path.join(work, 'images', 'demo', 'pr-1'), { recursive: true });
    writeFileSync(path.join(work, 'images', 'demo', 'pr-1', 'work.diff.svg'), '<svg/>\n');
    writeFileSync(path.join(work, 'demo', 'work.diff.png'), 'png');
    git(work, 'add', '-A');
    git(work, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'someone edits the history ref');
    git(work, 'push', '-q', remote, `HEAD:${REF}`);
    const { records, problems } = await readGitHistory({ remote });
    expect(records).toHaveLength(10);
    expect(problems).toEqual([
      {
        path: 'refs/perfgate/history:demo/2026-11.jsonl',
        line: 1,
        message: 'not a perfgate history record (no "v" version field)',
      },
      { path: 'refs/perfgate/history:demo/2026-12.jsonl', line: 11, message: expect.stringMatching(/^not JSON/) },
      { path: 'refs/perfgate/history:export.csv', line: 0, message: expect.stringMatching(/not a history file/) },
    ]);
    // Appending still works on top of the damaged file, and the damage stays reported, not spread.
    await appendToGitHistory(await recordsAt('2026-12-02T03:00:00.000Z', 'b'.repeat(40)), { remote });
    const after = await readGitHistory({ remote });
    expect(after.records).toHaveLength(20);
    expect(after.problems).toHaveLength(3);
  });

  it('reads the old perfgate-data branch until the ref exists, then carries its records over without its images', async () => {
    const remote = bare();
    // As GitHub: blob-less fetches allowed, so the images are never downloaded, only their trees.
    git(remote, 'config', 'uploadpack.allowFilter', 'true');
    const legacy = { remote, ref: 'refs/heads/perfgate-data' };
    // An older perfgate's branch: two runs of history and a PR's comment images on one branch.
    await appendToGitHistory(await recordsAt('2026-11-30T03:00:00.000Z', 'a'.repeat(40)), legacy);
    await appendToGitHistory(await recordsAt('2026-12-01T03:00:00.000Z', 'b'.repeat(40)), legacy);
    const work = tmp('pg-hist-legacy-');
    git(work, 'clone', '-q', '--branch', 'perfgate-data', remote, '.');
    mkdirSync(path.join(work, 'images', 'demo', 'pr-1'), { recursive: true });
    writeFileSync(path.join(work, 'images', 'demo', 'pr-1', 'x.diff.svg'), '<svg>old image</svg>');
    git(work, 'add', '-A');
    git(work, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'images');
    git(work, 'push', '-q', 'origin', 'perfgate-data');
    const oldTip = git(remote, 'rev-parse', 'perfgate-data');
    const imageBlob = git(remote, 'rev-parse', 'perfgate-data:images/demo/pr-1/x.diff.svg');

    const lines: string[] = [];
    const opts = { remote, legacy: 'refs/heads/perfgate-data', log: (l: string) => lines.push(l) };
    const before = await readGitHistory(opts);
    expect([before.records.length, before.problems, before.commit]).toEqual([20, [], oldTip]);
    expect(lines).toEqual([
      'history: refs/perfgate/history does not exist yet; reading the records on perfgate-data (the next append moves them)',
    ]);

    const moved = await appendToGitHistory(await recordsAt('2026-12-02T03:00:00.000Z', 'c'.repeat(40)), opts);
    expect(moved).toMatchObject({ created: true, migratedFrom: oldTip });
    expect(lines.at(-2)).toMatch(
      /^history: started refs\/perfgate\/history from the records on perfgate-data \([0-9a-f]{12}\), without its images; .*git push origin --delete perfgate-data/,
    );
    // A new root: nothing of the branch is reachable from the ref but the records' own blobs.
    expect(git(remote, 'rev-list', REF)).toBe(moved.commit);
    expect(git(remote, 'ls-tree', '-r', '--name-only', REF).split('\n')).toEqual([
      'demo/2026-11.jsonl',
      'demo/2026-12.jsonl',
    ]);
    expect(git(remote, 'rev-parse', `${REF}:demo/2026-11.jsonl`)).toBe(
      git(remote, 'rev-parse', 'perfgate-data:demo/2026-11.jsonl'),
    );
    expect(git(remote, 'rev-list', '--objects', REF)).not.toContain(imageBlob);
    expect(git(remote, 'rev-parse', 'perfgate-data')).toBe(oldTip);
    // From now on the ref is read, and the branch is not.
    lines.length = 0;
    const after = await readGitHistory(opts);
    expect(after.records.map((r) => r.commit[0]).join('')).toBe('a'.repeat(10) + 'b'.repeat(10) + 'c'.repeat(10));
    expect(after.commit).toBe(moved.commit);
    expect(lines).toEqual([]);
    const next = await appendToGitHistory(await recordsAt('2026-12-03T03:00:00.000Z', 'd'.repeat(40)), opts);
    expect(next).toMatchObject({ created: false, migratedFrom: null });
    expect(git(remote, 'rev-parse', `${REF}~1`)).toBe(moved.commit);
  });

  it('fails clearly on an unreachable remote, without the token in the message', async () => {
    const token = 'ghs_secret_token_value';
    const remote = path.join(tmp('pg-hist-none-'), 'missing.git');
    const err = await appendToGitHistory(await recordsAt('2026-12-01T03:00:00.000Z', 'a'.repeat(40)), {
      remote,
      token,
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    // Git's cause is its first line; the advice after it ("… and the repository exists.") is not kept in its place.
    expect((err as Error).message).toBe(
      `history ref: cannot reach the remote: fatal: '${remote}' does not appear to be a git repository | fatal: Could not read from remote repository.`,
    );
    expect((err as Error).message).not.toContain(token);
  });

  it('passes a token as an http.extraheader for the remote origin only, through the environment', () => {
    expect(tokenEnv('https://github.com/o/r.git', undefined)).toEqual({});
    // A path remote is not HTTP: no header to send.
    expect(tokenEnv('/srv/data.git', 'abc')).toEqual({});
    const env = tokenEnv('https://github.com/o/r.git', 'abc');
    expect(env).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46YWJj',
    });
    // base64("x-access-token:abc"), as `printf x-access-token:abc | base64` prints it
    expect(execFileSync('sh', ['-c', 'printf x-access-token:abc | base64'], { encoding: 'utf8' }).trim()).toBe(
      'eC1hY2Nlc3MtdG9rZW46YWJj',
    );
    // and git applies it to that host's URLs, and not to another host's.
    const urlmatch = (url: string): string => {
      try {
        return execFileSync('git', ['config', '--get-urlmatch', 'http.extraheader', url], {
          env: { ...process.env, ...env },
          encoding: 'utf8',
        }).trim();
      } catch {
        return '';
      }
    };
    expect(urlmatch('https://github.com/o/r.git/info/refs')).toBe('AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46YWJj');
    expect(urlmatch('https://example.test/o/r.git')).toBe('');
  });

  it('gives the token only to a remote on the GitHub server itself', () => {
    expect(tokenForRemote('https://github.com/o/r.git', 'https://github.com', 't')).toBe('t');
    expect(tokenForRemote('https://ghe.example/o/r.git', 'https://ghe.example/', 't')).toBe('t');
    expect(tokenForRemote('https://github.com.evil.test/o/r.git', 'https://github.com', 't')).toBeUndefined();
    expect(tokenForRemote('https://example.test/o/r.git', 'https://github.com', 't')).toBeUndefined();
    expect(tokenForRemote('/srv/data.git', 'https://github.com', 't')).toBeUndefined();
    expect(tokenForRemote('https://github.com/o/r.git', 'https://github.com', undefined)).toBeUndefined();
  });
});
