/**
 * Commits to a data ref of real local bare repositories with real git: ref creation, additions
 * on top, a lost push race rebuilt on the new tip, no-op commits, refusals; listing and deleting
 * refs under a prefix, and which months of images are past their keep days.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expiredImageRefs, imagesRef } from '../../src/store/published-images.js';
import {
  checkDataPath,
  commitToDataRef,
  DataRefError,
  deleteDataRefs,
  listDataRefs,
} from '../../src/store/data-ref.js';

function bare(): { dir: string; show: (spec: string) => string; log: (branch: string) => string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-data-remote-'));
  execFileSync('git', ['init', '--bare', '-q', dir]);
  const show = (spec: string): string => execFileSync('git', ['--git-dir', dir, 'show', spec], { encoding: 'utf8' });
  const log = (branch: string): string[] =>
    execFileSync('git', ['--git-dir', dir, 'log', '--format=%s', branch], { encoding: 'utf8' }).trim().split('\n');
  return { dir, show, log };
}

const fast = { backoffMs: 1 };

describe('commitToDataRef', () => {
  it('creates the ref, then adds files on top of what it holds', async () => {
    const remote = bare();
    const first = await commitToDataRef(
      { remote: remote.dir, ref: 'refs/perfgate/images/2026-12' },
      [{ path: 'images/s/a.svg', content: '<svg/>' }],
      'first',
      fast,
    );
    expect(first).toMatchObject({ attempts: 1, changed: true });
    const second = await commitToDataRef(
      { remote: remote.dir, ref: 'refs/perfgate/images/2026-12' },
      [{ path: 'images/s/b/c.svg', content: Buffer.from('<svg>b</svg>') }],
      'second',
      fast,
    );
    expect(second.changed).toBe(true);
    expect(remote.show('refs/perfgate/images/2026-12:images/s/a.svg')).toBe('<svg/>');
    expect(remote.show('refs/perfgate/images/2026-12:images/s/b/c.svg')).toBe('<svg>b</svg>');
    expect(remote.log('refs/perfgate/images/2026-12')).toEqual(['second', 'first']);
    expect(
      execFileSync('git', ['--git-dir', remote.dir, 'rev-parse', 'refs/perfgate/images/2026-12'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe(second.commit);
    // The same files again: nothing to commit, the tip stays.
    const again = await commitToDataRef(
      { remote: remote.dir, ref: 'refs/perfgate/images/2026-12' },
      [{ path: 'images/s/a.svg', content: '<svg/>' }],
      'again',
      fast,
    );
    expect(again).toMatchObject({ changed: false, commit: second.commit });
  });

  it('loses a push race, fetches the new tip and re-applies its files on it', async () => {
    const remote = bare();
    await commitToDataRef(
      { remote: remote.dir, ref: 'refs/perfgate/d' },
      [{ path: 'seed.txt', content: 'seed' }],
      'seed',
      fast,
    );
    let raced = 0;
    const r = await commitToDataRef(
      { remote: remote.dir, ref: 'refs/perfgate/d' },
      [{ path: 'mine.txt', content: 'mine' }],
      'mine',
      {
        ...fast,
        afterFetch: async (attempt) => {
          if (attempt !== 1) return;
          raced++;
          // Another job pushes between our fetch and our push.
          await commitToDataRef(
            { remote: remote.dir, ref: 'refs/perfgate/d' },
            [{ path: 'theirs.txt', content: 'theirs' }],
            'theirs',
            fast,
          );
        },
      },
    );
    expect(raced).toBe(1);
    expect(r.attempts).toBe(2);
    expect(remote.log('refs/perfgate/d')).toEqual(['mine', 'theirs', 'seed']);
    for (const f of ['seed', 'mine', 'theirs']) expect(remote.show(`refs/perfgate/d:${f}.txt`)).toBe(f);
  });

  it('gives up after the allowed attempts when the ref keeps moving', async () => {
    const remote = bare();
    await commitToDataRef(
      { remote: remote.dir, ref: 'refs/perfgate/d' },
      [{ path: 'seed.txt', content: 'seed' }],
      'seed',
      fast,
    );
    let n = 0;
    await expect(
      commitToDataRef({ remote: remote.dir, ref: 'refs/perfgate/d' }, [{ path: 'mine.txt', content: 'mine' }], 'mine', {
        ...fast,
        attempts: 3,
        afterFetch: async () => {
          await commitToDataRef(
            { remote: remote.dir, ref: 'refs/perfgate/d' },
            [{ path: `other-${++n}.txt`, content: String(n) }],
            `other ${n}`,
            fast,
          );
        },
      }),
    ).rejects.toThrow(/after 3 attempts/);
    expect(n).toBe(3);
  });

  it('refuses paths that leave the tree, and says why a remote cannot be used', async () => {
    for (const p of ['../x', '/abs', 'a//b', 'a/./b', '.git/config', ''])
      expect(() => checkDataPath(p)).toThrow(DataRefError);
    expect(() => checkDataPath('images/suite/pr-1/abc/branch/sorted.diff.svg')).not.toThrow();
    const missing = path.join(os.tmpdir(), 'pg-no-such-remote', 'x.git');
    await expect(
      commitToDataRef({ remote: missing, ref: 'refs/perfgate/d' }, [{ path: 'a', content: 'a' }], 'm', fast),
    ).rejects.toThrow(
      `cannot fetch refs/perfgate/d from ${missing}: fatal: '${missing}' does not appear to be a git repository | fatal: Could not read from remote repository.`,
    );
    await expect(
      commitToDataRef({ remote: missing, ref: '-bad' }, [{ path: 'a', content: 'a' }], 'm', fast),
    ).rejects.toThrow('data ref "-bad": expected a full ref name like refs/perfgate/history');
    // A tag would be fetched by every clone; a one-level ref is one git refuses.
    for (const ref of ['refs/tags/data', 'refs/data', 'refs/heads/../x'])
      await expect(commitToDataRef({ remote: missing, ref }, [{ path: 'a', content: 'a' }], 'm', fast)).rejects.toThrow(
        /data ref /,
      );
  });

  it('sends the token as an HTTP header to the remote, and never shows it, even in git errors', async () => {
    const token = 'ghs_secretTokenValue1234567890';
    const seen: { url: string; auth: string | undefined }[] = [];
    // A loopback HTTP server standing in for the git host: it records what git sends, then refuses.
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end(`denied ${token}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    try {
      const err = await commitToDataRef(
        { remote: `http://127.0.0.1:${port}/o/r.git`, ref: 'refs/perfgate/d', token },
        [{ path: 'a', content: 'a' }],
        'm',
        fast,
      ).catch((e: Error) => e);
      expect(err).toBeInstanceOf(DataRefError);
      expect((err as Error).message).toMatch(
        new RegExp(`cannot fetch refs/perfgate/d from http://127\\.0\\.0\\.1:${port}/o/r\\.git`),
      );
      expect((err as Error).message).not.toContain(token);
      expect(seen[0]?.url).toMatch(/^\/o\/r\.git\/info\/refs\?service=git-upload-pack/);
      expect(seen[0]?.auth).toBe(`basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('lists the refs under a prefix and deletes those that did not move since', async () => {
    const remote = bare();
    for (const month of ['2026-01', '2026-02', '2026-03'])
      await commitToDataRef(
        { remote: remote.dir, ref: `refs/perfgate/images/${month}` },
        [{ path: `${month}.svg`, content: month }],
        month,
        fast,
      );
    await commitToDataRef(
      { remote: remote.dir, ref: 'refs/perfgate/history' },
      [{ path: 'h', content: 'h' }],
      'h',
      fast,
    );
    const refs = await listDataRefs({ remote: remote.dir }, 'refs/perfgate/images/');
    expect([...refs.keys()].sort()).toEqual([
      'refs/perfgate/images/2026-01',
      'refs/perfgate/images/2026-02',
      'refs/perfgate/images/2026-03',
    ]);
    // 2026-02 moves after the listing: its deletion is refused, the others go.
    await commitToDataRef(
      { remote: remote.dir, ref: 'refs/perfgate/images/2026-02' },
      [{ path: 'late.svg', content: 'late' }],
      'late',
      fast,
    );
    const r = await deleteDataRefs({ remote: remote.dir }, new Map([...refs].filter(([ref]) => !ref.endsWith('03'))));
    expect(r).toEqual({ deleted: ['refs/perfgate/images/2026-01'], kept: ['refs/perfgate/images/2026-02'] });
    const left = execFileSync('git', ['--git-dir', remote.dir, 'for-each-ref', '--format=%(refname)'], {
      encoding: 'utf8',
    });
    expect(left.trim().split('\n').sort()).toEqual([
      'refs/perfgate/history',
      'refs/perfgate/images/2026-02',
      'refs/perfgate/images/2026-03',
    ]);
    expect(await deleteDataRefs({ remote: remote.dir }, new Map())).toEqual({ deleted: [], kept: [] });
  });

  it("names a month's images ref and picks the months past the keep days", () => {
    expect(imagesRef(new Date('2026-12-31T23:59:59Z'))).toBe('refs/perfgate/images/2026-12');
    const refs = ['2026-08', '2026-09', '2026-10', '2026-11', 'notes', '2026-13x'].map(
      (m) => `refs/perfgate/images/${m}`,
    );
    // September ended at 2026-10-01T00:00Z: 90 days later it is kept, a second more and it goes.
    expect(expiredImageRefs(refs, new Date('2026-12-30T00:00:00Z'), 90)).toEqual(['refs/perfgate/images/2026-08']);
    expect(expiredImageRefs(refs, new Date('2026-12-30T00:00:01Z'), 90)).toEqual([
      'refs/perfgate/images/2026-08',
      'refs/perfgate/images/2026-09',
    ]);
    expect(expiredImageRefs(refs, new Date('2027-03-02T00:00:00Z'), 90)).toEqual([
      'refs/perfgate/images/2026-08',
      'refs/perfgate/images/2026-09',
      'refs/perfgate/images/2026-10',
      'refs/perfgate/images/2026-11',
    ]);
    expect(expiredImageRefs(['refs/perfgate/history'], new Date('2030-01-01T00:00:00Z'), 1)).toEqual([]);
  });
});
