/**
 * Git's failures as perfgate words them, with real git: a base commit a shallow checkout lacks,
 * fetched from an origin that is missing, that does not have it, or that refuses the connection.
 * The message must keep git's cause (its first line), say which commit, from where, and the fix.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/errors.js';
import { ensureCommit, gitErrorSummary } from '../../src/tools/git.js';

const SHA = '1234567890abcdef1234567890abcdef12345678';

function clone(origin: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-git-'));
  const g = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });
  g('init', '-q');
  g('commit', '-q', '--allow-empty', '-m', 'head');
  g('remote', 'add', 'origin', origin);
  return dir;
}

async function fetchError(origin: string): Promise<Error> {
  const logged: string[] = [];
  const err = await ensureCommit(clone(origin), SHA, (l) => logged.push(l)).then(
    () => new Error('fetched'),
    (e: Error) => e,
  );
  expect(logged).toEqual([`fetching commit ${SHA.slice(0, 12)} (shallow clone)`]);
  expect(err).toBeInstanceOf(InputError);
  return err;
}

describe('a base commit that cannot be fetched', () => {
  it('from a missing origin: names the commit, the origin and git\'s cause, not "and the repository exists."', async () => {
    const missing = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-git-none-')), 'nope.git');
    const err = await fetchError(missing);
    expect(err.message).toBe(
      `commit ${SHA} is not in this clone and could not be fetched from origin (${missing}): ` +
        `fatal: '${missing}' does not appear to be a git repository | fatal: Could not read from remote repository. ` +
        'A shallow checkout lacks the base commit: use actions/checkout with fetch-depth: 0, or fetch that commit before perfgate runs',
    );
  });

  it('from a file:// bare repository that does not have it: git\'s "not our ref"', async () => {
    const bare = mkdtempSync(path.join(os.tmpdir(), 'pg-git-bare-'));
    execFileSync('git', ['init', '-q', '--bare', bare]);
    const err = await fetchError(`file://${bare}`);
    // Over file:// git runs upload-pack itself: its own "fatal: git upload-pack: not our ref" and the
    // client's "fatal: remote error: upload-pack: not our ref" race on one stderr, in either order.
    expect(err.message).toContain(`could not be fetched from origin (file://${bare}): fatal: `);
    expect(err.message).toContain(`fatal: remote error: upload-pack: not our ref ${SHA}`);
    expect(err.message).toContain('fetch-depth: 0');
  });

  it('from an http origin that refuses the connection, with credentials in its URL: the cause, never the credentials', async () => {
    const err = await fetchError('http://x-access-token:ghs_inTheUrl123@127.0.0.1:9/o/r.git');
    expect(err.message).toContain(
      'could not be fetched from origin (http://***@127.0.0.1:9/o/r.git): fatal: unable to access ',
    );
    expect(err.message).toMatch(/127\.0\.0\.1 port 9/);
    expect(err.message).not.toContain('ghs_inTheUrl123');
  });
});

test("gitErrorSummary keeps every line that says something, in order, and drops git's advice", () => {
  const missing = path.join(os.tmpdir(), 'pg-git-never-there', 'x.git');
  const r = (() => {
    try {
      execFileSync('git', ['ls-remote', missing], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LANG: 'C' },
      });
      return '';
    } catch (e) {
      return String((e as { stderr: string }).stderr);
    }
  })();
  expect(r).toContain('and the repository exists.');
  expect(gitErrorSummary(r)).toBe(
    `fatal: '${missing}' does not appear to be a git repository | fatal: Could not read from remote repository.`,
  );
  expect(gitErrorSummary('')).toBe('no message');
});
